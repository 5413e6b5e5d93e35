import { parseInbound } from '../../../../nodes/shared/envelope';
import { botIdOf, TelegramClient } from '../../../../nodes/shared/channels/telegram/client';
import { SUBSCRIBED_UPDATES } from '../../../../nodes/shared/channels/telegram/business';
import { handleTelegramWebhook } from '../../../../nodes/shared/channels/telegram/inbound';
import { webhookSecretToken } from '../../../../nodes/shared/channels/telegram/secret';
import { startFakeTelegram, type FakeTelegram } from '../../../fakes/telegram/server';
import { startVerdictReceiver, type VerdictReceiver } from '../verdictReceiver';

describe('a Telegram customer writes to the bot through its webhook', () => {
	let telegram: FakeTelegram;
	let receiver: VerdictReceiver;
	let client: TelegramClient;

	beforeEach(async () => {
		telegram = await startFakeTelegram();
		const secretToken = webhookSecretToken(telegram.token);
		const botId = botIdOf(telegram.token);
		receiver = await startVerdictReceiver((req) => handleTelegramWebhook(req, { botId, secretToken }));
		client = new TelegramClient(telegram.token, telegram.baseUrl);
		await client.setWebhook({ url: receiver.url, secretToken, allowedUpdates: SUBSCRIBED_UPDATES });
	});

	afterEach(async () => {
		await receiver.close();
		await telegram.close();
	});

	it('turns a text message into the envelope, keyed on update_id and the chat', async () => {
		const anna = telegram.updates.customer({ first_name: 'Anna', last_name: 'Petrova', username: 'anna_p', language_code: 'ru' });
		const update = telegram.updates.text(anna, 'Where is my order 1234?');

		const delivery = await telegram.deliver(update);

		expect(delivery.status).toBe(200);
		const { messages, events } = receiver.accepted();
		expect(messages).toHaveLength(1);
		const message = parseInbound(messages[0]);
		expect(message).toMatchObject({
			channel: 'telegram',
			account: String(telegram.botId),
			externalId: String(update.update_id),
			conversationKey: String(anna.id),
			sender: { id: String(anna.id), name: 'Anna Petrova', username: 'anna_p', language: 'ru' },
			text: 'Where is my order 1234?',
			attachments: [],
			receivedAt: new Date(update.message!.date * 1000).toISOString(),
		});
		expect(message.raw).toEqual(update);
		expect(events).toEqual([]);
	});

	it('gives the largest size of a photo, with its caption as the text, and the file can be downloaded', async () => {
		const anna = telegram.updates.customer();
		const bytes = Buffer.from('a photo of the broken parcel');
		const update = telegram.updates.photo(anna, { bytes, caption: 'It arrived like this' });

		await telegram.deliver(update);

		const [message] = receiver.accepted().messages;
		const largest = update.message!.photo![1];
		expect(message.text).toBe('It arrived like this');
		expect(message.attachments).toEqual([{ type: 'image', fileId: largest.file_id, size: largest.file_size }]);
		const file = await client.downloadFile(message.attachments[0].fileId!);
		expect(file.data.equals(bytes)).toBe(true);
	});

	it('gives a document with its name, type and size', async () => {
		const anna = telegram.updates.customer();
		const bytes = Buffer.from('%PDF-1.4 invoice');
		const update = telegram.updates.document(anna, { fileName: 'invoice.pdf', mimeType: 'application/pdf', bytes });

		await telegram.deliver(update);

		const [message] = receiver.accepted().messages;
		expect(message.text).toBe('');
		expect(message.attachments).toEqual([
			{ type: 'file', fileId: update.message!.document!.file_id, name: 'invoice.pdf', mimeType: 'application/pdf', size: bytes.length },
		]);
	});

	it('takes a phone number the customer shares about themselves as their phone', async () => {
		const anna = telegram.updates.customer();

		await telegram.deliver(telegram.updates.contact(anna, '+79991234567'));

		const [message] = receiver.accepted().messages;
		expect(message.sender.phone).toBe('+79991234567');
		expect(message.attachments).toEqual([{ type: 'contact', name: 'Anna Petrova', url: 'tel:+79991234567' }]);
	});

	it('turns a button press into an action in the chat of the message under which it was pressed, and stops the spinner', async () => {
		const anna = telegram.updates.customer();
		await telegram.deliver(telegram.updates.text(anna, 'How do I return a parcel?'));
		const question = await client.sendMessage(anna.id, 'Did this answer help?', {
			reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'faq:helpful' }]] },
		});
		const update = telegram.updates.buttonPress(anna, 'faq:helpful');

		const delivery = await telegram.deliver(update);

		const [message] = receiver.accepted().messages;
		expect(message).toMatchObject({
			externalId: String(update.update_id),
			conversationKey: String(anna.id),
			sender: { id: String(anna.id) },
			text: 'faq:helpful',
			action: { payload: 'faq:helpful' },
			inReplyTo: String(question.message_id),
		});
		expect(delivery.status).toBe(200);
		expect(telegram.callsTo('answerCallbackQuery')).toEqual([
			expect.objectContaining({ status: 200, viaWebhookReply: true, params: { callback_query_id: update.callback_query!.id } }),
		]);
	});

	it('reports /start as a subscription alongside the message, and blocking the bot as an unsubscription', async () => {
		const anna = telegram.updates.customer();
		const start = telegram.updates.text(anna, '/start promo42');

		await telegram.deliver(start);
		const started = receiver.accepted();
		const blocked = telegram.updates.blocked(anna);
		await telegram.deliver(blocked);
		const left = receiver.accepted();

		expect(started.messages.map((m) => m.text)).toEqual(['/start promo42']);
		expect(started.events).toEqual([expect.objectContaining({ type: 'subscribed', userId: String(anna.id), externalId: String(start.update_id) })]);
		expect(left.messages).toEqual([]);
		expect(left.events).toEqual([
			expect.objectContaining({ channel: 'telegram', type: 'unsubscribed', userId: String(anna.id), externalId: String(blocked.update_id) }),
		]);
	});

	it("takes a customer's message to the company's Telegram Business account, with the route answers must take, and not the owner's own answer there", async () => {
		const owner = telegram.updates.customer({ first_name: 'Acme', last_name: 'Store', username: 'acme_store' });
		const connection = telegram.updates.businessConnection(owner).business_connection.id;
		const oleg = telegram.updates.customer({ first_name: 'Oleg', username: 'oleg_k', language_code: 'uk' });

		const deliveries = [
			await telegram.deliver(telegram.updates.businessText(connection, oleg, 'Коли прийде моє замовлення 4512?')),
			await telegram.deliver(telegram.updates.businessOwnerText(connection, oleg, 'Checking, one moment')),
		];

		expect(deliveries.map((d) => [d.delivered, d.status])).toEqual([[true, 200], [true, 200]]);
		const accepted = receiver.verdicts.flatMap((v) => (v.kind === 'accept' ? [v] : []));
		expect(accepted.flatMap((v) => v.events)).toEqual([]);
		expect(accepted.flatMap((v) => v.messages).map((m) => parseInbound(m))).toEqual([
			expect.objectContaining({
				account: String(telegram.botId),
				conversationKey: String(oleg.id),
				text: 'Коли прийде моє замовлення 4512?',
				sender: expect.objectContaining({ id: String(oleg.id), name: 'Oleg Petrova', replyTo: `business:${connection}:${oleg.id}` }),
			}),
		]);
		expect(accepted.flatMap((v) => v.ignored ?? [])).toEqual(["the business account's own message"]);

		await client.sendMessage(oleg.id, 'Did you mean delivery times?', {
			business_connection_id: connection,
			reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'topic:delivery' }]] },
		});
		await telegram.deliver(telegram.updates.buttonPress(oleg, 'topic:delivery', connection));
		expect(parseInbound(receiver.accepted().messages[0])).toMatchObject({
			action: { payload: 'topic:delivery' },
			sender: { id: String(oleg.id), replyTo: `business:${connection}:${oleg.id}` },
		});
	});

	it('asks Telegram for reactions, which it sends only to a webhook that names them', async () => {
		const anna = telegram.updates.customer();
		telegram.updates.text(anna, 'Thanks!');
		const reaction = {
			update_id: 731_999_000,
			message_reaction: { chat: { id: anna.id, type: 'private' }, message_id: 1, user: anna, date: 1_733_000_000, old_reaction: [], new_reaction: [{ type: 'emoji', emoji: '👍' }] },
		};

		const delivery = await telegram.deliver(reaction);

		expect(delivery.delivered).toBe(true);
		expect(receiver.accepted().messages.map((m) => parseInbound(m).revises)).toEqual([{ kind: 'reaction', of: '1' }]);
	});

	it('acknowledges an update that carries no customer message without yielding anything', async () => {
		const update = { update_id: 731_999_999, poll: { id: '1', question: 'Q?', options: [], is_closed: true } };

		const response = await postToReceiver(JSON.stringify(update), webhookSecretToken(telegram.token));

		expect(response.status).toBe(200);
		expect(receiver.accepted()).toMatchObject({ messages: [], events: [] });
	});

	it('refuses a call with a forged secret, and one without a secret, and yields nothing', async () => {
		const anna = telegram.updates.customer();

		const forged = await telegram.deliver(telegram.updates.text(anna, 'hi'), { secretToken: webhookSecretToken('123:other-bot') });
		const unsigned = await telegram.deliver(telegram.updates.text(anna, 'hi'), { secretToken: null });

		expect([forged.status, unsigned.status]).toEqual([403, 403]);
		expect(receiver.verdicts.map((v) => v.kind)).toEqual(['reject', 'reject']);
		expect(telegram.webhook()?.lastErrorMessage).toBe('Wrong response from the webhook: 403 Forbidden');
	});

	it('refuses a body that is not JSON, or JSON that is not an Update, with a reason that says so', async () => {
		const secret = webhookSecretToken(telegram.token);

		const notJson = await postToReceiver('update_id=5', secret);
		const notUpdate = await postToReceiver(JSON.stringify({ message: { text: 'hi' } }), secret);

		expect(notJson).toEqual({ status: 400, body: 'The body is not JSON' });
		expect(notUpdate.status).toBe(400);
		expect(notUpdate.body).toMatch(/^The body is not a Telegram Update: update_id: Required/);
	});

	async function postToReceiver(body: string, secret: string) {
		const response = await fetch(receiver.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
			body,
		});
		return { status: response.status, body: await response.text() };
	}
});
