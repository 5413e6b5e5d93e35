import { parseOutbound, type OutboundMessageInput } from '../../../../nodes/shared/envelope';
import { createMessengerSender, handleMessengerWebhook, type MessengerCredentials } from '../../../../nodes/shared/channels/messenger';
import type { SendContext } from '../../../../nodes/shared/channels/types';
import { startFakeMeta, type FakeMeta } from '../../../fakes/meta/server';
import { startVerdictReceiver, type VerdictReceiver } from '../verdictReceiver';

const HOUR = 3600_000;
const sender = createMessengerSender({ attempts: 3, baseDelayMs: 1, maxDelayMs: 50 });

describe('a customer writes to our Facebook page', () => {
	let meta: FakeMeta;
	let receiver: VerdictReceiver;

	beforeEach(async () => {
		meta = await startFakeMeta();
		receiver = await startVerdictReceiver((req) =>
			handleMessengerWebhook(req, { verifyToken: 'vt', appSecret: meta.appSecret, account: meta.messenger.pageId }),
		);
		await meta.subscribe('page', receiver.url, 'vt');
	});

	afterEach(async () => {
		await receiver.close();
		await meta.close();
	});

	it('turns a text into the envelope keyed on mid, the PSID as conversation, the page as account', async () => {
		const psid = meta.webhooks.messenger.customer();
		const body = meta.webhooks.messenger.text(psid, 'Is the store open on Sunday?');

		await meta.deliver(body);

		const event = body.entry[0].messaging[0] as { timestamp: number; message: { mid: string } };
		expect(receiver.accepted().messages).toEqual([
			expect.objectContaining({
				channel: 'messenger',
				account: meta.messenger.pageId,
				externalId: event.message.mid,
				conversationKey: psid,
				sender: { id: psid },
				text: 'Is the store open on Sunday?',
				receivedAt: new Date(event.timestamp).toISOString(),
			}),
		]);
	});

	it('gives attachments with their URLs, and quick replies and postbacks as actions', async () => {
		const psid = meta.webhooks.messenger.customer();

		await meta.deliver(meta.webhooks.messenger.attachment(psid, 'image', 'https://scontent.example/photo.jpg'));
		const [photo] = receiver.accepted().messages;
		await meta.deliver(meta.webhooks.messenger.quickReply(psid, 'Talk to a person', 'handoff'));
		const [quick] = receiver.accepted().messages;
		await meta.deliver(meta.webhooks.messenger.postback(psid, 'Get Started', 'GET_STARTED'));
		const [postback] = receiver.accepted().messages;

		expect(photo).toMatchObject({ text: '', attachments: [{ type: 'image', url: 'https://scontent.example/photo.jpg' }] });
		expect(quick).toMatchObject({ text: 'Talk to a person', action: { payload: 'handoff' } });
		expect(postback).toMatchObject({ text: 'Get Started', action: { payload: 'GET_STARTED' }, externalId: expect.stringMatching(/^m_postback_/) });
	});

	it('does not take the echo of our own message for a customer message, and reports deliveries and reads as events', async () => {
		const psid = meta.webhooks.messenger.customer();

		await meta.deliver(meta.webhooks.messenger.echo(psid, 'Our answer'));
		const echo = receiver.accepted();
		await meta.deliver(meta.webhooks.messenger.delivery(psid, ['m_ours_1']));
		const delivery = receiver.accepted();
		await meta.deliver(meta.webhooks.messenger.read(psid, 1_700_000_000_000));
		const read = receiver.accepted();

		expect(echo).toMatchObject({ messages: [], events: [] });
		expect(delivery.messages).toEqual([]);
		expect(delivery.events).toEqual([expect.objectContaining({ type: 'delivered', messageId: 'm_ours_1', userId: psid, externalId: 'delivered:m_ours_1' })]);
		expect(read.events).toEqual([expect.objectContaining({ type: 'seen', userId: psid, at: new Date(1_700_000_000_000).toISOString() })]);
	});
});

describe('we answer a Messenger customer', () => {
	let meta: FakeMeta;
	let psid: string;
	let credentials: MessengerCredentials;

	beforeEach(async () => {
		meta = await startFakeMeta();
		psid = meta.webhooks.messenger.customer();
		meta.customerWrote('messenger', psid, new Date(Date.now() - HOUR));
		credentials = { accessToken: meta.messenger.token, baseUrl: meta.baseUrl, apiVersion: 'v21.0' };
	});

	afterEach(() => meta.close());

	const send = (message: Omit<OutboundMessageInput, 'channel' | 'to'>, context?: SendContext) =>
		sender.send(credentials, parseOutbound({ channel: 'messenger', to: psid, ...message }), context);

	it('sends a RESPONSE to me/messages with the page token as access_token, quick replies under the last part of a long text', async () => {
		const text = 'Our opening hours differ on holidays. '.repeat(80).trim();

		const result = await send({ text, buttons: [{ label: 'Talk to a person', payload: 'handoff' }] });

		const calls = meta.sendCalls('messenger');
		expect(calls[0].path).toBe('/v21.0/me/messages');
		expect(calls[0].query).toEqual({ access_token: meta.messenger.token });
		const bodies = meta.sent('messenger', psid).map((s) => s.body as any);
		expect(bodies.length).toBe(2);
		expect(bodies.every((b) => b.messaging_type === 'RESPONSE' && b.recipient.id === psid && b.message.text.length <= 2000)).toBe(true);
		expect(bodies.map((b) => b.message.text).join(' ')).toBe(text);
		expect(bodies.map((b) => b.message.quick_replies)).toEqual([undefined, [{ content_type: 'text', title: 'Talk to a person', payload: 'handoff' }]]);
		expect(result).toEqual({ ok: true, externalIds: meta.sent('messenger', psid).map((s) => s.id) });
	});

	describe('after the customer has been silent for 30 hours', () => {
		beforeEach(() => meta.customerWrote('messenger', psid, new Date(Date.now() - 30 * HOUR)));

		it('tags an operator’s reply HUMAN_AGENT once Messenger refuses a plain RESPONSE', async () => {
			const result = await send({ text: 'Sorry for the wait, I checked your order.', fromOperator: true });

			expect(meta.sendCalls('messenger').map((c) => c.errorCode ?? c.status)).toEqual([10, 200]);
			const [sent] = meta.sent('messenger', psid);
			expect(sent.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
			expect(result.ok).toBe(true);
		});

		it('tags it right away when the caller says when the customer last wrote', async () => {
			const result = await send({ text: 'Checked it', fromOperator: true }, { lastInboundAt: new Date(Date.now() - 30 * HOUR) });

			expect(meta.sendCalls('messenger')).toHaveLength(1);
			expect(meta.sendCalls('messenger')[0].body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
			expect(result.ok).toBe(true);
		});

		it('refuses the bot’s message as outside_window, never tagging it HUMAN_AGENT', async () => {
			const result = await send({ text: 'Rate our service!' });

			expect(result).toMatchObject({ ok: false, permanent: true, code: 'outside_window' });
			expect(!result.ok && result.reason).toMatch(/24 hours .* 7 days/);
			expect(meta.sendCalls('messenger').map((c) => c.body.tag)).toEqual([undefined]);
		});
	});

	it('gives outside_window for an operator 8 days after the customer’s last message', async () => {
		meta.customerWrote('messenger', psid, new Date(Date.now() - 8 * 24 * HOUR));

		const result = await send({ text: 'Still there?', fromOperator: true });

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'outside_window' });
		expect(meta.sendCalls('messenger').map((c) => c.body.messaging_type)).toEqual(['RESPONSE', 'MESSAGE_TAG']);
	});

	it('reports a person who is not available (551) as permanent after one call', async () => {
		meta.unavailable('messenger', psid);

		const result = await send({ text: 'Hi' });

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'unavailable' });
		expect(meta.sendCalls('messenger')).toHaveLength(1);
	});

	it('retries the application rate limit (code 4) and delivers once', async () => {
		meta.throttle(1);

		const result = await send({ text: 'Thanks for waiting' });

		expect(meta.sendCalls('messenger').map((c) => c.errorCode ?? c.status)).toEqual([4, 200]);
		expect(meta.sent('messenger', psid)).toHaveLength(1);
		expect(result.ok).toBe(true);
	});

	it('reports a bad page token (190) as permanent', async () => {
		const result = await sender.send({ ...credentials, accessToken: 'EAAwrong' }, parseOutbound({ channel: 'messenger', to: psid, text: 'Hi' }));

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'invalid_token' });
	});
});
