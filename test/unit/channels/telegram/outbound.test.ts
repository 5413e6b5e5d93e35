import { parseOutbound, type OutboundMessageInput } from '../../../../nodes/shared/envelope';
import { createTelegramSender } from '../../../../nodes/shared/channels/telegram/outbound';
import type { User } from '../../../../nodes/shared/channels/telegram/schema';
import { startFakeTelegram, type FakeTelegram } from '../../../fakes/telegram/server';

/** Short waits, but long enough to honour the fake's retry_after of 1 s. */
const sender = createTelegramSender({ attempts: 3, baseDelayMs: 1, maxDelayMs: 5_000 });

describe('the bot replies to a Telegram customer', () => {
	let telegram: FakeTelegram;
	let anna: User;

	beforeEach(async () => {
		telegram = await startFakeTelegram();
		anna = telegram.updates.customer();
		telegram.updates.text(anna, 'Hello'); // she wrote first, so the chat exists
	});

	afterEach(() => telegram.close());

	const send = (message: Omit<OutboundMessageInput, 'channel' | 'to'>) =>
		sender.send(
			{ accessToken: telegram.token, baseUrl: telegram.baseUrl },
			parseOutbound({ channel: 'telegram', to: String(anna.id), ...message }),
		);

	it('delivers a short text as one message and returns its id', async () => {
		const result = await send({ text: 'Your order ships tomorrow.' });

		const sent = telegram.sent(anna.id);
		expect(sent.map((m) => m.text)).toEqual(['Your order ships tomorrow.']);
		expect(result).toEqual({ ok: true, externalIds: [String(sent[0].message_id)] });
	});

	it('splits a long reply into parts of at most 4096 characters, in order, losing nothing', async () => {
		const text = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} of the terms and conditions.`).join(' ');

		const result = await send({ text });

		const sent = telegram.sent(anna.id);
		expect(sent.length).toBeGreaterThanOrEqual(5);
		expect(sent.every((m) => m.text!.length <= 4096)).toBe(true);
		expect(sent.map((m) => m.text).join(' ')).toBe(text);
		expect(result).toEqual({ ok: true, externalIds: sent.map((m) => String(m.message_id)) });
	});

	it('puts the buttons as an inline keyboard under the last part only', async () => {
		const text = 'x'.repeat(5000);

		await send({ text, buttons: [{ label: 'Talk to a person', payload: 'handoff' }, { label: 'Done', payload: 'close' }] });

		const sent = telegram.sent(anna.id);
		expect(sent.map((m) => m.reply_markup)).toEqual([
			undefined,
			{ inline_keyboard: [[{ text: 'Talk to a person', callback_data: 'handoff' }], [{ text: 'Done', callback_data: 'close' }]] },
		]);
	});

	it('refuses a button payload over 64 bytes before calling Telegram', async () => {
		const result = await send({ text: 'Choose', buttons: [{ label: 'Order', payload: 'order:' + 'я'.repeat(30) }] });

		expect(result).toEqual({
			ok: false,
			permanent: true,
			code: 'invalid_message',
			reason: 'The payload of button "Order" is 66 bytes; Telegram allows 64',
		});
		expect(telegram.calls).toEqual([]);
	});

	it('sends a picture with a short text as its caption, with the buttons under it', async () => {
		await send({
			text: 'Here is the label to print',
			attachments: [{ type: 'image', url: 'https://shop.example/label.png' }],
			buttons: [{ label: 'Printed', payload: 'printed' }],
		});

		const [call] = telegram.calls;
		expect(call.method).toBe('sendPhoto');
		expect(call.params).toMatchObject({ photo: 'https://shop.example/label.png', caption: 'Here is the label to print' });
		const [photo] = telegram.sent(anna.id);
		expect(photo.caption).toBe('Here is the label to print');
		expect(photo.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Printed', callback_data: 'printed' }]] });
	});

	it('sends a document without a caption when the text is longer than 1024, and the text after it', async () => {
		const text = 'Please read the attached contract. '.repeat(40).trim();

		const result = await send({ text, attachments: [{ type: 'file', url: 'https://shop.example/contract.pdf' }] });

		expect(telegram.calls.map((c) => c.method)).toEqual(['sendDocument', 'sendMessage']);
		expect(telegram.calls[0].params.caption).toBeUndefined();
		expect(telegram.sent(anna.id)[1].text).toBe(text);
		expect(result.ok && result.externalIds).toHaveLength(2);
	});

	it('waits out a 429 for the retry_after Telegram names, then delivers the message once', async () => {
		telegram.rateLimit(1, 1);

		const result = await send({ text: 'Thanks for waiting' });

		expect(telegram.callsTo('sendMessage').map((c) => c.status)).toEqual([429, 200]);
		expect(telegram.sent(anna.id).map((m) => m.text)).toEqual(['Thanks for waiting']);
		expect(result.ok).toBe(true);
	});

	it('gives a permanent "blocked" result after exactly one call when the customer blocked the bot', async () => {
		telegram.block(anna.id);

		const result = await send({ text: 'Your ticket was closed' });

		expect(result).toEqual({ ok: false, permanent: true, code: 'blocked', reason: 'Forbidden: bot was blocked by the user' });
		expect(telegram.callsTo('sendMessage')).toHaveLength(1);
	});

	it('gives a permanent "chat_not_found" for a chat the bot does not know', async () => {
		telegram.forget(anna.id);

		const result = await send({ text: 'Hello?' });

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'chat_not_found' });
		expect(telegram.callsTo('sendMessage')).toHaveLength(1);
	});

	it('gives a permanent "invalid_token" for a revoked token', async () => {
		const result = await sender.send(
			{ accessToken: `${telegram.botId}:revoked`, baseUrl: telegram.baseUrl },
			parseOutbound({ channel: 'telegram', to: String(anna.id), text: 'Hi' }),
		);

		expect(result).toEqual({ ok: false, permanent: true, code: 'invalid_token', reason: 'Unauthorized' });
	});

	it("answers a customer of the company's Telegram Business account as the business, through its connection", async () => {
		const owner = telegram.updates.customer({ first_name: 'Acme', username: 'acme_store' });
		const connection = telegram.updates.businessConnection(owner).business_connection.id;
		const oleg = telegram.updates.customer({ first_name: 'Oleg' });
		telegram.updates.businessText(connection, oleg, 'Where is my order?');
		const to = `business:${connection}:${oleg.id}`;
		const reply = (text: string) => sender.send({ accessToken: telegram.token, baseUrl: telegram.baseUrl }, parseOutbound({ channel: 'telegram', to, text }));

		const answered = await reply('It ships tomorrow.');
		telegram.disconnectBusiness(connection);
		const afterDisconnect = await reply('Anything else?');

		expect(answered.ok).toBe(true);
		expect(telegram.businessSent(connection, oleg.id)).toEqual([
			expect.objectContaining({ text: 'It ships tomorrow.', from: owner, business_connection_id: connection }),
		]);
		expect(telegram.sent(oleg.id)).toEqual([]);
		expect(afterDisconnect).toEqual({ ok: false, permanent: true, code: 'bad_request', reason: 'Bad Request: business connection not found' });
	});

	it('reports a network failure as transient once the attempts are spent', async () => {
		await telegram.close();

		const result = await send({ text: 'Anyone there?' });

		expect(result).toMatchObject({ ok: false, permanent: false, code: 'network' });
		expect(!result.ok && result.reason).toMatch(/\(gave up after 3 attempts\)$/);
	});
});
