import fc from 'fast-check';

import { handleTelegramWebhook, SECRET_HEADER } from '../../../../nodes/shared/channels/telegram/inbound';
import { handleVkWebhook } from '../../../../nodes/shared/channels/vk/inbound';
import { handleWhatsAppWebhook } from '../../../../nodes/shared/channels/whatsapp/inbound';
import type { WebhookRequest } from '../../../../nodes/shared/channels/types';
import { expectSane } from '../fuzz/variants';
import { whatsappDelivery } from '../whatsapp/delivery';

const post = (body: unknown, headers: Record<string, string> = {}): WebhookRequest => ({
	method: 'POST',
	headers,
	query: {},
	rawBody: Buffer.from(JSON.stringify(body)),
});

const anyTime = fc.oneof(
	fc.integer({ min: 0, max: 2_000_000_000 }),
	fc.double({ noNaN: false }),
	fc.constantFrom(Number.MAX_SAFE_INTEGER, 8.64e15, -1, 1e300),
);

describe('fuzzed timestamps: a delivery whose time is out of range is refused or kept aside, never a crash', () => {
	it('Telegram: a message date far beyond any calendar gets 400, a real one is accepted', () => {
		const secretToken = 'shared-secret';
		const telegram = (date: number) =>
			handleTelegramWebhook(
				post(
					{ update_id: 1, message: { message_id: 7, date, chat: { id: 42, type: 'private' }, from: { id: 42, is_bot: false, first_name: 'Anna' }, text: 'hello' } },
					{ [SECRET_HEADER]: secretToken },
				),
				{ botId: '1', secretToken },
			);

		expect(telegram(Number.MAX_SAFE_INTEGER)).toMatchObject({ kind: 'reject', status: 400 });
		expect(telegram(1_700_000_000)).toMatchObject({ kind: 'accept' });
		fc.assert(fc.property(anyTime, (date) => expectSane(telegram(date))));
	});

	it('WhatsApp: a message whose timestamp is not a Unix time is kept aside with its reason, a real one is accepted', () => {
		const appSecret = 'app-secret';
		const whatsapp = (timestamp: string) =>
			handleWhatsAppWebhook(
				whatsappDelivery(appSecret, [{ profile: { name: 'Anna' }, wa_id: '15551234567' }], [{ from: '15551234567', id: 'wamid.1', timestamp, type: 'text', text: { body: 'hello' } }]),
				{ appSecret, verifyToken: 'verify' },
			);

		expect(whatsapp('99999999999999999999')).toMatchObject({ kind: 'accept', messages: [], events: [{ type: 'rejected', reason: expect.stringMatching(/timestamp/) }] });
		expect(whatsapp('1700000000')).toMatchObject({ kind: 'accept', messages: [{ text: 'hello' }] });
		fc.assert(fc.property(fc.oneof(anyTime.map(String), fc.string()), (timestamp) => expectSane(whatsapp(timestamp))));
	});

	it('VK: a message date far beyond any calendar is kept aside with its reason and acknowledged (VK would resend it forever), a real one is accepted', () => {
		const vk = (date: number) =>
			handleVkWebhook(
				post({
					type: 'message_new',
					group_id: 5,
					event_id: 'e1',
					secret: 'vk-secret',
					object: { message: { id: 10, date, peer_id: 77, from_id: 77, text: 'hello', conversation_message_id: 3 } },
				}),
				{ groupId: '5', secret: 'vk-secret', confirmation: 'abc' },
			);

		expect(vk(Number.MAX_SAFE_INTEGER)).toMatchObject({
			kind: 'accept',
			messages: [],
			events: [{ type: 'rejected', reason: expect.stringContaining('message.date: must be a time between 2000 and 2100') }],
			ack: { status: 200, body: 'ok' },
		});
		expect(vk(1_700_000_000)).toMatchObject({ kind: 'accept', messages: [{ text: 'hello' }] });
		fc.assert(fc.property(anyTime, (date) => expectSane(vk(date))));
	});
});
