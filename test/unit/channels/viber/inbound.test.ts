import { parseInbound } from '../../../../nodes/shared/envelope';
import { ViberApiError, ViberClient } from '../../../../nodes/shared/channels/viber/client';
import { handleViberWebhook } from '../../../../nodes/shared/channels/viber/inbound';
import { viberSignature } from '../../../../nodes/shared/channels/viber/signature';
import { createViberSender } from '../../../../nodes/shared/channels/viber/outbound';
import { startFakeViber, type FakeViber } from '../../../fakes/viber/server';
import { viberJson } from '../../../fakes/viber/callbacks';
import { startVerdictReceiver, type VerdictReceiver } from '../verdictReceiver';

describe('a Viber customer writes to the bot through its webhook', () => {
	let viber: FakeViber;
	let receiver: VerdictReceiver;
	let client: ViberClient;

	beforeEach(async () => {
		viber = await startFakeViber();
		receiver = await startVerdictReceiver((req) => handleViberWebhook(req, { authToken: viber.authToken, account: viber.accountId }));
		client = new ViberClient(viber.authToken, viber.baseUrl);
		await client.setWebhook({ url: receiver.url });
	});

	afterEach(async () => {
		await receiver.close();
		await viber.close();
	});

	it('answers Viber’s signed URL check during set_webhook with 200, so the webhook is set', async () => {
		expect(receiver.verdicts).toEqual([{ kind: 'handshake', status: 200, body: '', contentType: 'text/plain' }]);
		expect(viber.webhook()?.url).toBe(receiver.url);
		expect((await client.getAccountInfo()).webhook).toBe(receiver.url);
	});

	it('leaves the webhook unset when the URL check is not answered by the bot with this token', async () => {
		const other = await startVerdictReceiver((req) => handleViberWebhook(req, { authToken: 'another-bot-token', account: 'pa:1' }));

		const setting = client.setWebhook({ url: other.url });

		await expect(setting).rejects.toThrow(ViberApiError);
		await expect(setting).rejects.toMatchObject({ status: 1 });
		expect(other.verdicts.map((v) => v.kind)).toEqual(['reject']);
		expect(viber.webhook()?.url).toBe(receiver.url);
		await other.close();
	});

	it('turns a text message into the envelope, keyed on the exact int64 message token and the sender', async () => {
		const anna = viber.callbacks.customer({ name: 'Anna Petrova', language: 'nl', country: 'NL' });
		const callback = viber.callbacks.text(anna, 'Waar is mijn bestelling 1234?');

		const delivery = await viber.deliver(callback);

		expect(delivery).toEqual({ delivered: true, status: 200, body: '' });
		const { messages, events } = receiver.accepted();
		const message = parseInbound(messages[0]);
		expect(BigInt(callback.message_token!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
		expect(message).toMatchObject({
			channel: 'viber',
			account: viber.accountId,
			externalId: callback.message_token,
			conversationKey: anna.id,
			sender: { id: anna.id, name: 'Anna Petrova', language: 'nl', fields: { country: 'NL' } },
			text: 'Waar is mijn bestelling 1234?',
			attachments: [],
			receivedAt: new Date(callback.timestamp).toISOString(),
		});
		expect(message.action).toBeUndefined();
		expect(message.raw).toEqual(callback);
		expect(events).toEqual([]);
	});

	it('gives pictures, videos and files with their URL, name and size, and the picture’s caption as the text', async () => {
		const anna = viber.callbacks.customer();
		const media = 'https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/95e0/parcel.jpg';

		await viber.deliver(viber.callbacks.picture(anna, { media, caption: 'It arrived like this', size: 48_213, fileName: 'parcel.jpg' }));
		const picture = receiver.accepted().messages[0];
		await viber.deliver(viber.callbacks.video(anna, { media: 'https://dl-media.viber.com/v/unboxing.mp4', size: 1_048_576 }));
		const video = receiver.accepted().messages[0];
		await viber.deliver(viber.callbacks.file(anna, { media: 'https://dl-media.viber.com/f/invoice.pdf', fileName: 'invoice.pdf', size: 20_480 }));
		const file = receiver.accepted().messages[0];

		expect(picture.text).toBe('It arrived like this');
		expect(picture.attachments).toEqual([{ type: 'image', url: media, name: 'parcel.jpg', size: 48_213 }]);
		expect(video.attachments).toEqual([{ type: 'video', url: 'https://dl-media.viber.com/v/unboxing.mp4', size: 1_048_576 }]);
		expect(file).toMatchObject({
			text: '',
			attachments: [{ type: 'file', url: 'https://dl-media.viber.com/f/invoice.pdf', name: 'invoice.pdf', size: 20_480 }],
		});
	});

	it('gives stickers, locations, shared contacts and links as attachments', async () => {
		const anna = viber.callbacks.customer();
		const received = async (callback: Parameters<FakeViber['deliver']>[0]) => {
			await viber.deliver(callback);
			return receiver.accepted().messages[0];
		};

		const sticker = await received(viber.callbacks.sticker(anna, 40_133));
		const location = await received(viber.callbacks.location(anna, 52.3676, 4.9041));
		const contact = await received(viber.callbacks.contact(anna, 'Piet Jansen', '+31612345678'));
		const link = await received(viber.callbacks.url(anna, 'https://shop.example/orders/1234'));

		expect(sticker.attachments).toEqual([{ type: 'sticker', fileId: '40133', url: 'https://viber.com/stickers/40133.png' }]);
		expect(location.attachments).toEqual([{ type: 'location', url: 'geo:52.3676,4.9041' }]);
		expect(contact.attachments).toEqual([{ type: 'contact', name: 'Piet Jansen', url: 'tel:+31612345678' }]);
		expect(link).toMatchObject({ text: 'https://shop.example/orders/1234', attachments: [] });
	});

	it('turns a tap on a keyboard button the bot sent into an action with the button’s payload', async () => {
		const anna = viber.callbacks.customer();
		await viber.deliver(viber.callbacks.text(anna, 'How do I return a parcel?'));
		const sender = createViberSender({ attempts: 1, baseDelayMs: 1, maxDelayMs: 1 });
		await sender.send(
			{ authToken: viber.authToken, senderName: 'Acme Support', baseUrl: viber.baseUrl },
			{ channel: 'viber', to: anna.id, text: 'Did this answer help?', buttons: [{ label: 'Yes', payload: 'faq:helpful' }], attachments: [], fromOperator: false },
		);
		const press = viber.callbacks.buttonPress(anna, 'Yes');

		await viber.deliver(press);

		const [message] = receiver.accepted().messages;
		expect(message).toMatchObject({ externalId: press.message_token, conversationKey: anna.id, text: 'faq:helpful', action: { payload: 'faq:helpful' } });
	});

	it('reports subscriptions, opened conversations and unsubscriptions as consent events, never as messages', async () => {
		const anna = viber.callbacks.customer();
		const opened = viber.callbacks.conversationStarted(anna);
		const subscribed = viber.callbacks.subscribed(anna);
		const unsubscribed = viber.callbacks.unsubscribed(anna);

		const results = [];
		for (const callback of [opened, subscribed, unsubscribed]) {
			await viber.deliver(callback);
			results.push(receiver.accepted());
		}

		expect(results.flatMap((r) => r.messages)).toEqual([]);
		expect(results.flatMap((r) => r.events)).toEqual([
			{ channel: 'viber', account: viber.accountId, externalId: `conversation_started:${opened.timestamp}:${anna.id}`, userId: anna.id, type: 'conversation_started', at: new Date(opened.timestamp).toISOString() },
			{ channel: 'viber', account: viber.accountId, externalId: `subscribed:${subscribed.timestamp}:${anna.id}`, userId: anna.id, type: 'subscribed', at: new Date(subscribed.timestamp).toISOString() },
			{ channel: 'viber', account: viber.accountId, externalId: `unsubscribed:${unsubscribed.timestamp}:${anna.id}`, userId: anna.id, type: 'unsubscribed', at: new Date(unsubscribed.timestamp).toISOString() },
		]);
	});

	it('reports delivered, seen and failed as statuses of our message, each with its own dedupe key', async () => {
		const anna = viber.callbacks.customer();
		await viber.deliver(viber.callbacks.text(anna, 'Hi'));
		const ours = '5741311803571799999';

		const events = [];
		for (const callback of [viber.callbacks.delivered(anna, ours), viber.callbacks.seen(anna, ours), viber.callbacks.failed(anna, ours, 'media not found')]) {
			await viber.deliver(callback);
			const { messages, events: found } = receiver.accepted();
			expect(messages).toEqual([]);
			events.push(...found);
		}

		expect(events.map((e) => [e.type, e.messageId, e.userId, e.reason])).toEqual([
			['delivered', ours, anna.id, undefined],
			['seen', ours, anna.id, undefined],
			['failed', ours, anna.id, 'media not found'],
		]);
		expect(new Set(events.map((e) => e.externalId)).size).toBe(3);
	});

	it('refuses a forged signature, a signature made with another token and an unsigned call, and yields nothing', async () => {
		const anna = viber.callbacks.customer();
		const callback = viber.callbacks.text(anna, 'Please refund me');

		const forged = await viber.deliver(callback, { signature: 'ab'.repeat(32) });
		const otherToken = await viber.deliver(callback, { signature: viberSignature('another-token', viberJson(callback)) });
		const unsigned = await viber.deliver(callback, { signature: null });

		expect([forged.status, otherToken.status, unsigned.status]).toEqual([403, 403, 403]);
		expect(receiver.verdicts.slice(1).map((v) => v.kind)).toEqual(['reject', 'reject', 'reject']);
	});

	it('refuses a signed body that is not JSON, or not a Viber callback, with a reason that says so', async () => {
		const sign = (body: string) => ({ 'Content-Type': 'application/json', 'X-Viber-Content-Signature': viberSignature(viber.authToken, body) });

		const notJson = await receiver.post('event=message', sign('event=message'));
		const notCallback = await receiver.post('{"message":{"type":"text"}}', sign('{"message":{"type":"text"}}'));

		expect(notJson).toEqual({ status: 400, body: 'The body is not JSON' });
		expect(notCallback.status).toBe(400);
		expect(notCallback.body).toMatch(/^The body is not a Viber callback: event: Required; timestamp: Required/);
	});

	it('acknowledges an event type it does not use without yielding anything', async () => {
		const body = viberJson({ event: 'client_status', timestamp: Date.now(), chat_hostname: 'SN-1', message_token: '5741311803571700001' });

		const answer = await receiver.post(body, { 'X-Viber-Content-Signature': viberSignature(viber.authToken, body) });

		expect(answer).toEqual({ status: 200, body: '' });
		expect(receiver.accepted()).toMatchObject({ messages: [], events: [] });
	});
});
