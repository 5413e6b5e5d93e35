/**
 * Odd and malformed deliveries never crash a handler and never cost the good items beside them:
 * a WhatsApp body with a forwarded message, a message in a shape the pack does not know and a
 * time out of range delivers the good ones and keeps each bad one with its reason; a time out of
 * range on a one-message channel is a clear 400; a Viber sticker id sent as text is read; a web
 * chat message of zero-width characters is no message.
 */
import { createHmac } from 'node:crypto';

import { handleTelegramWebhook, webhookSecretToken } from '../../../nodes/shared/channels/telegram';
import type { WebhookRequest } from '../../../nodes/shared/channels/types';
import { handleViberWebhook } from '../../../nodes/shared/channels/viber';
import { handleWebChatPost } from '../../../nodes/shared/channels/webchat/inbound';
import { handleWhatsAppWebhook } from '../../../nodes/shared/channels/whatsapp';
import { acceptVerdict } from '../../../nodes/shared/ingest/accept';
import { openStore, closeAllStores } from '../../../nodes/shared/store';
import { sqliteBackend } from '../../harness/backends';
import { whatsappDelivery } from './whatsapp/delivery';

const post = (body: object | string, headers: Record<string, string> = {}): WebhookRequest => ({
	method: 'POST',
	headers,
	query: {},
	rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});
const now = Math.floor(Date.now() / 1000);
const APP_SECRET = 'whatsapp-app-secret';

test('a WhatsApp delivery with a forwarded message, an unknown shape and a time out of range delivers the good ones and keeps each bad one with its reason', async () => {
	const message = (extra: object) => ({ from: '380501234567', id: `wamid.${Math.random()}`, timestamp: String(now), type: 'text', text: { body: 'hello' }, ...extra });
	const delivery = whatsappDelivery(
		APP_SECRET,
		[{ wa_id: '380501234567', profile: { name: 'Anna' } }],
		[
			message({ text: { body: 'Where is my order?' } }),
			message({ text: { body: 'Look at this offer' }, context: { forwarded: true } }),
			message({ id: undefined }),
			message({ timestamp: '99999999999' }),
		],
	);

	const verdict = handleWhatsAppWebhook(delivery, { appSecret: APP_SECRET, verifyToken: 'v' });

	if (verdict.kind !== 'accept') throw new Error(`refused: ${JSON.stringify(verdict)}`);
	expect(verdict.ack.status).toBe(200);
	expect(verdict.messages.map((m) => m.text)).toEqual(['Where is my order?', 'Look at this offer']);
	expect(verdict.messages[1].inReplyTo).toBeUndefined();
	const rejected = verdict.events.filter((e) => e.type === 'rejected');
	expect(rejected.map((e) => e.reason)).toEqual([expect.stringMatching(/^Not a WhatsApp message: id: Required/), expect.stringMatching(/timestamp: must be a time between 2000 and 2100/)]);

	const backend = await sqliteBackend();
	const store = await openStore(backend.config);
	try {
		expect(await acceptVerdict(store, verdict)).toHaveLength(2);
		await acceptVerdict(store, verdict);
		const kept = await store.db.query("SELECT reason FROM channel_events WHERE type = 'rejected'");
		expect(kept).toHaveLength(2);
	} finally {
		await closeAllStores();
		await backend.dispose();
	}
});

test('a Telegram update dated far in the future is a clear 400, not a crash', () => {
	const token = '7000000001:AAH-fake';
	const secretToken = webhookSecretToken(token);
	const update = { update_id: 1, message: { message_id: 1, date: 8_640_000_000_001, chat: { id: 5, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'A' }, text: 'hi' } };

	const verdict = handleTelegramWebhook(post(update, { 'x-telegram-bot-api-secret-token': secretToken }), { botId: '7000000001', secretToken });

	expect(verdict).toMatchObject({ kind: 'reject', status: 400, reason: expect.stringContaining('message.date: must be a time between 2000 and 2100') });
});

test('a Viber sticker whose id comes as text is read as a sticker', () => {
	const authToken = 'viber-auth-token';
	const callback = {
		event: 'message',
		timestamp: Date.now(),
		message_token: 5741311803571721000,
		sender: { id: 'viber-user==', name: 'Olena' },
		message: { type: 'sticker', sticker_id: '40133', media: 'https://viber.example/sticker.png' },
	};
	const raw = JSON.stringify(callback);
	const signature = createHmac('sha256', authToken).update(raw).digest('hex');

	const verdict = handleViberWebhook(post(raw, { 'x-viber-content-signature': signature }), { authToken, account: 'pa' });

	expect(verdict).toMatchObject({ kind: 'accept', messages: [{ sender: { id: 'viber-user==' } }] });
});

test('a web chat message of zero-width characters alone is refused as empty', () => {
	const verdict = handleWebChatPost(post({ action: 'sendMessage', sessionId: 'visitor-session-0001-abcdef', clientMessageId: 'msg-00000001', text: '\u200B\u200C \u2060\uFEFF' }), { site: 'website' });

	expect(verdict).toMatchObject({ kind: 'reject', status: 400, reason: expect.stringContaining('text is empty') });
});
