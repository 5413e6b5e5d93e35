import type { WebhookRequest, WebhookVerdict } from '../types';
import { normaliseUpdate } from './normalise';
import { UpdateSchema } from './schema';
import { secretMatches } from '../common/secrets';
import { headerOf, parseJsonBody } from '../common/webhook';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface TelegramWebhookOptions {
	/** Our account: the bot's numeric id (the part of the token before the colon). */
	botId: string;
	/** The `secret_token` given to setWebhook (see webhookSecretToken). */
	secretToken: string;
	now?: () => Date;
}

/**
 * Judges one webhook call from Telegram. The secret is checked before the body is even parsed,
 * so a forged call costs nothing and reveals nothing. A callback query is acknowledged with an
 * answerCallbackQuery in the reply body (Telegram runs a method named in a webhook reply), which
 * stops the button's spinner without another call.
 */
export function handleTelegramWebhook(req: WebhookRequest, opts: TelegramWebhookOptions): WebhookVerdict {
	if (req.method.toUpperCase() !== 'POST') {
		return { kind: 'reject', status: 405, reason: 'Telegram delivers updates by POST only' };
	}
	if (!secretMatches(headerOf(req, SECRET_HEADER), opts.secretToken)) {
		return { kind: 'reject', status: 403, reason: 'The X-Telegram-Bot-Api-Secret-Token header is missing or wrong' };
	}
	const parsed = parseJsonBody(req.rawBody, UpdateSchema, 'a Telegram Update');
	if (!parsed.ok) return { kind: 'reject', status: 400, reason: parsed.reason };
	const update = parsed.value;
	const { messages, events, ignored } = normaliseUpdate(update, {
		botId: opts.botId,
		raw: parsed.raw,
		now: opts.now ?? (() => new Date()),
	});
	const ack = update.callback_query
		? {
				status: 200,
				body: JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: update.callback_query.id }),
				contentType: 'application/json',
			}
		: { status: 200, body: '', contentType: 'text/plain' };
	return { kind: 'accept', messages, events, ...(ignored ? { ignored } : {}), ack };
}
