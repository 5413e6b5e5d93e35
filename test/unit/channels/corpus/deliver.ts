import { createHmac } from 'node:crypto';

import { handleInstagramWebhook } from '../../../../nodes/shared/channels/instagram';
import { handleMessengerWebhook } from '../../../../nodes/shared/channels/messenger';
import { handleTelegramWebhook, webhookSecretToken } from '../../../../nodes/shared/channels/telegram';
import type { WebhookRequest, WebhookVerdict } from '../../../../nodes/shared/channels/types';
import { handleViberWebhook, viberSignature } from '../../../../nodes/shared/channels/viber';
import { handleVkWebhook } from '../../../../nodes/shared/channels/vk';
import { handleWhatsAppWebhook } from '../../../../nodes/shared/channels/whatsapp';

export const CORPUS_CHANNELS = ['telegram', 'whatsapp', 'messenger', 'instagram', 'viber', 'vk'] as const;
export type CorpusChannel = (typeof CORPUS_CHANNELS)[number];

const post = (rawBody: Buffer, headers: Record<string, string>): WebhookRequest => ({ method: 'POST', headers, query: {}, rawBody });

const TELEGRAM_TOKEN = '7000000001:corpus-token';
const META_SECRET = 'corpus-app-secret';
const VIBER_TOKEN = 'corpus-viber-token';
const VK_SECRET = 'corpus-vk-secret';

const metaSigned = (body: Buffer) => post(body, { 'x-hub-signature-256': `sha256=${createHmac('sha256', META_SECRET).update(body).digest('hex')}` });
const meta = { appSecret: META_SECRET, verifyToken: 'corpus' };

/** What a manifest entry may say about the account a payload was written for (VK: the community's secret). */
export interface Settings {
	secret?: string;
}

/**
 * Each platform's delivery of a stored payload, signed the way that platform signs: Telegram's
 * secret token header, Meta's HMAC of the raw bytes, Viber's HMAC keyed with the bot token, VK's
 * secret inside the body: a payload published without its community's secret is given ours, one
 * whose entry names the community's secret is posted as it is (a missing or wrong one then shows).
 */
export const DELIVER: Record<CorpusChannel, (body: Buffer, settings?: Settings) => WebhookVerdict> = {
	telegram: (body) => {
		const secretToken = webhookSecretToken(TELEGRAM_TOKEN);
		return handleTelegramWebhook(post(body, { 'x-telegram-bot-api-secret-token': secretToken }), { botId: '7000000001', secretToken });
	},
	whatsapp: (body) => handleWhatsAppWebhook(metaSigned(body), meta),
	messenger: (body) => handleMessengerWebhook(metaSigned(body), meta),
	instagram: (body) => handleInstagramWebhook(metaSigned(body), meta),
	viber: (body) => handleViberWebhook(post(body, { 'x-viber-content-signature': viberSignature(VIBER_TOKEN, body) }), { authToken: VIBER_TOKEN, account: 'corpus-bot' }),
	vk: (body, settings) => {
		const callback = JSON.parse(body.toString('utf8')) as { group_id?: unknown };
		const signed = settings?.secret ? body : Buffer.from(JSON.stringify({ ...callback, secret: VK_SECRET }));
		return handleVkWebhook(post(signed, {}), { groupId: String(callback.group_id), secret: settings?.secret ?? VK_SECRET, confirmation: 'corpus-confirmation' });
	},
};
