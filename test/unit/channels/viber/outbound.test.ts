import { parseOutbound, type OutboundMessageInput } from '../../../../nodes/shared/envelope';
import { ViberClient } from '../../../../nodes/shared/channels/viber/client';
import { handleViberWebhook } from '../../../../nodes/shared/channels/viber/inbound';
import { createViberSender, type ViberCredentials } from '../../../../nodes/shared/channels/viber/outbound';
import type { ViberUser } from '../../../../nodes/shared/channels/viber/schema';
import { startFakeViber, type FakeViber } from '../../../fakes/viber/server';
import { startVerdictReceiver, type VerdictReceiver } from '../verdictReceiver';

/** Viber names no wait with tooManyRequests: the policy's own backoff, kept short here. */
const sender = createViberSender({ attempts: 3, baseDelayMs: 5, maxDelayMs: 50 });

describe('the bot replies to a Viber customer', () => {
	let viber: FakeViber;
	let receiver: VerdictReceiver;
	let anna: ViberUser;
	let credentials: ViberCredentials;

	beforeEach(async () => {
		viber = await startFakeViber();
		receiver = await startVerdictReceiver((req) => handleViberWebhook(req, { authToken: viber.authToken, account: viber.accountId }));
		// Viber refuses to send for an account without a webhook (status 10).
		await new ViberClient(viber.authToken, viber.baseUrl).setWebhook({ url: receiver.url });
		credentials = { authToken: viber.authToken, senderName: 'Acme Support', baseUrl: viber.baseUrl };
		anna = viber.callbacks.customer();
		viber.callbacks.text(anna, 'Hello'); // she wrote first, so the bot may answer
	});

	afterEach(async () => {
		await receiver.close();
		await viber.close();
	});

	const send = (message: Omit<OutboundMessageInput, 'channel' | 'to'>, to = anna.id) =>
		sender.send(credentials, parseOutbound({ channel: 'viber', to, ...message }));

	it('delivers a short text as one message from the named sender and returns its exact message token', async () => {
		const result = await send({ text: 'Your order ships tomorrow.', idempotencyKey: 'reply-81' });

		const sent = viber.sent(anna);
		expect(sent).toEqual([expect.objectContaining({ type: 'text', text: 'Your order ships tomorrow.', sender: { name: 'Acme Support' }, trackingData: 'reply-81' })]);
		expect(result).toEqual({ ok: true, externalIds: [sent[0].messageToken] });
	});

	it('shortens a sender name over Viber’s 28 characters instead of failing', async () => {
		credentials.senderName = 'Acme Customer Support Netherlands';

		const result = await send({ text: 'Hi' });

		expect(result.ok).toBe(true);
		expect(viber.sent(anna)[0].sender.name).toBe('Acme Customer Support Nether');
	});

	it('splits a long reply into parts of at most 7000 characters, in order, losing nothing', async () => {
		const text = Array.from({ length: 500 }, (_, i) => `Clause ${i} of the terms and conditions applies.`).join(' ');

		const result = await send({ text });

		const sent = viber.sent(anna);
		expect(sent.length).toBeGreaterThanOrEqual(4);
		expect(sent.every((m) => m.text!.length <= 7000)).toBe(true);
		expect(sent.map((m) => m.text).join(' ')).toBe(text);
		expect(result).toEqual({ ok: true, externalIds: sent.map((m) => m.messageToken) });
	});

	it('puts the buttons as a reply keyboard on the last part only, each answering with its prefixed payload', async () => {
		await send({ text: 'x'.repeat(7500), buttons: [{ label: 'Talk to a person', payload: 'handoff' }, { label: 'Done', payload: 'close' }] });

		expect(viber.sent(anna).map((m) => m.keyboard)).toEqual([
			undefined,
			{
				Type: 'keyboard',
				DefaultHeight: false,
				Buttons: [
					{ ActionType: 'reply', ActionBody: 'cc:handoff', Text: 'Talk to a person' },
					{ ActionType: 'reply', ActionBody: 'cc:close', Text: 'Done' },
				],
			},
		]);
	});

	it('sends a picture with a short text as its description', async () => {
		const result = await send({ text: 'Here is the label to print', attachments: [{ type: 'image', url: 'https://shop.example/label.png' }] });

		expect(viber.sent(anna)).toEqual([expect.objectContaining({ type: 'picture', media: 'https://shop.example/label.png', text: 'Here is the label to print' })]);
		expect(result.ok && result.externalIds).toHaveLength(1);
	});

	it('sends a file with the size its server reports, and as a link when the server does not tell the size', async () => {
		const contract = viber.hostFile('contract.pdf', Buffer.from('%PDF-1.4 the whole contract'));
		const missing = contract.replace('contract.pdf', 'gone.pdf');

		const result = await send({ text: 'Both documents', attachments: [{ type: 'file', url: contract }, { type: 'file', url: missing }] });

		expect(viber.sent(anna).map(({ type, media, fileName, size, text }) => ({ type, media, fileName, size, text }))).toEqual([
			{ type: 'file', media: contract, fileName: 'contract.pdf', size: 27, text: undefined },
			{ type: 'url', media: missing, fileName: undefined, size: undefined, text: undefined },
			{ type: 'text', media: undefined, fileName: undefined, size: undefined, text: 'Both documents' },
		]);
		expect(result.ok && result.externalIds).toHaveLength(3);
	});

	it('backs off on tooManyRequests (12) and delivers the message once', async () => {
		viber.burst(2);

		const result = await send({ text: 'Thanks for waiting' });

		expect(viber.callsTo('send_message').map((c) => c.status)).toEqual([12, 12, 0]);
		expect(viber.sent(anna).map((m) => m.text)).toEqual(['Thanks for waiting']);
		expect(result.ok).toBe(true);
	});

	it('stops at Viber’s 100 messages an hour without a reply, and may write again once the customer answers', async () => {
		for (let i = 0; i < 100; i++) expect((await send({ text: `Update ${i}` })).ok).toBe(true);

		const capped = await send({ text: 'Update 100' });
		viber.callbacks.text(anna, 'Stop, I got it');
		const afterReply = await send({ text: 'Thank you!' });

		expect(capped).toMatchObject({ ok: false, permanent: false, code: 'rate_limited' });
		expect(viber.callsTo('send_message').slice(100).map((c) => c.status)).toEqual([12, 12, 12, 0]);
		expect(afterReply.ok).toBe(true);
		expect(viber.sent(anna)).toHaveLength(101);
	});

	it.each([
		['unsubscribed', (v: FakeViber, u: ViberUser) => void v.callbacks.unsubscribed(u), 'unsubscribed', 'receiverNotSubscribed'],
		['left Viber', (v: FakeViber, u: ViberUser) => v.unregister(u), 'unsubscribed', 'receiverNotRegistered'],
		['whose bot account was blocked', (v: FakeViber) => v.blockAccount(), 'account_blocked', 'publicAccountBlocked'],
	])('gives a permanent result after exactly one call to a customer who %s', async (_, arrange, code, reason) => {
		arrange(viber, anna);

		const result = await send({ text: 'Your ticket was closed' });

		expect(result).toEqual({ ok: false, permanent: true, code, reason });
		expect(viber.callsTo('send_message')).toHaveLength(1);
	});

	it('gives a permanent "invalid_token" for a wrong auth token', async () => {
		credentials.authToken = 'revoked-token';

		const result = await send({ text: 'Hi' });

		expect(result).toEqual({ ok: false, permanent: true, code: 'invalid_token', reason: 'invalidAuthToken' });
	});

	it('refuses an attachment without a URL before calling Viber', async () => {
		const result = await send({ text: 'See file', attachments: [{ type: 'file', fileId: 'AgAC123', name: 'scan.pdf' }] });

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'invalid_message' });
		expect(viber.callsTo('send_message')).toEqual([]);
	});

	it('reports a network failure as transient once the attempts are spent', async () => {
		await viber.close();

		const result = await send({ text: 'Anyone there?' });

		expect(result).toMatchObject({ ok: false, permanent: false, code: 'network' });
		expect(!result.ok && result.reason).toMatch(/\(gave up after 3 attempts\)$/);
	});
});
