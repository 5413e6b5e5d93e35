import type { WebhookRequest, WebhookVerdict } from '../types';
import { headerOf, parseJsonBody } from '../common/webhook';
import { normaliseCallback } from './normalise';
import { parseViberJson, ViberCallbackSchema } from './schema';
import { SIGNATURE_HEADER, signatureMatches } from './signature';

export interface ViberWebhookOptions {
	/** The bot's auth token, which keys the signature. */
	authToken: string;
	/** Our account: the bot's id from get_account_info (see accountIdOf). */
	account: string;
}

const EMPTY_OK = { status: 200, body: '', contentType: 'text/plain' };

/**
 * Judges one callback from Viber. The signature is checked on the raw bytes before anything is
 * parsed, so a forged call costs nothing and reveals nothing. The `webhook` event is Viber checking
 * the URL during set_webhook: it is signed like the rest and only needs a 200.
 */
export function handleViberWebhook(req: WebhookRequest, opts: ViberWebhookOptions): WebhookVerdict {
	if (req.method.toUpperCase() !== 'POST') {
		return { kind: 'reject', status: 405, reason: 'Viber delivers callbacks by POST only' };
	}
	if (!signatureMatches(headerOf(req, SIGNATURE_HEADER), opts.authToken, req.rawBody)) {
		return { kind: 'reject', status: 403, reason: 'The X-Viber-Content-Signature header is missing or wrong' };
	}
	const parsed = parseJsonBody(req.rawBody, ViberCallbackSchema, 'a Viber callback', parseViberJson);
	if (!parsed.ok) return { kind: 'reject', status: 400, reason: parsed.reason };
	const callback = parsed.value;
	if (callback.event === 'webhook') return { kind: 'handshake', ...EMPTY_OK };
	const { messages, events, ignored } = normaliseCallback(callback, {
		account: opts.account,
		raw: parsed.raw,
	});
	return { kind: 'accept', messages, events, ...(ignored ? { ignored } : {}), ack: EMPTY_OK };
}
