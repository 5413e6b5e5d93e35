/**
 * A caller who asks for a person is routed like a chat: a voice bot that gives up (signed JSON or
 * Twilio's ConversationRelay hand-over) or the menu key for a person opens the call's conversation
 * on the caller's card, with what the bot heard as its message, before the platform is told to put
 * the call through. On both stores.
 */
import { DEFAULT_DEFLECTION_TEXTS, genericSignature, handleCallWebhook, TRANSFER_TRIES, twilioSignature, type DeflectionSettings } from '../../../nodes/shared/calls';
import type { WebhookRequest } from '../../../nodes/shared/channels/types';
import { routerOn } from '../../../nodes/shared/routing';
import { BACKENDS, migratedDbPerTest } from '../../harness/backends';
import { annaOnWhatsApp } from './anna';

const SETTINGS: DeflectionSettings = {
	offerEverySeconds: 60,
	offerAtOnce: false,
	acceptDigit: '1',
	operatorDigit: '0',
	transferTo: '+380443334400',
	transferByGroup: {},
	voiceLanguage: 'uk-UA',
	messengers: ['whatsapp'],
	webChatUrl: '',
	queueName: 'support',
	texts: DEFAULT_DEFLECTION_TEXTS,
};
const SECRET = 'shared-with-the-voice-bot';
const TWILIO_TOKEN = 'twilio-auth-token';
const URL = 'https://support.example.com/webhook/abc/phone';
const TRANSCRIPT = 'caller: <b>my card was charged twice</b>\nbot: I can check your last payment.\ncaller: a person, please';

describe.each(BACKENDS)('hand-off to a person on %s', (_name, backend) => {
	const world = migratedDbPerTest(backend);

	const fromPbx = (event: object, settings = SETTINGS, query: Record<string, string> = {}) => {
		const rawBody = Buffer.from(JSON.stringify(event));
		const req: WebhookRequest = { method: 'POST', headers: { 'x-signature-256': genericSignature(SECRET, rawBody) }, query, rawBody };
		return handleCallWebhook(world.db, req, { platform: 'generic', secret: SECRET, account: 'asterisk', publicUrl: URL, settings });
	};
	/** A Twilio callback to `?step=…`; a `try` among the params goes in the query, as the transfer's redirect puts it. */
	const fromTwilio = (step: string, { try: tries, ...params }: Record<string, string>, settings = SETTINGS) => {
		const query: Record<string, string> = { step, ...(tries ? { try: tries } : {}) };
		const signed = `${URL}?${new URLSearchParams(query)}`;
		const req: WebhookRequest = {
			method: 'POST',
			headers: { 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, signed, params) },
			query,
			rawBody: Buffer.from(new URLSearchParams(params).toString()),
		};
		return handleCallWebhook(world.db, req, { platform: 'twilio', secret: TWILIO_TOKEN, account: '+18005551212', publicUrl: URL, settings });
	};
	const messagesOf = (conversationId: number) => world.db.query<{ text: string; channel: string; author: string }>('SELECT text, channel, author FROM messages WHERE conversation_id = ?', [conversationId]);

	test('a voice bot gives up: the call is a conversation on the caller’s card with the transcript, the PBX is told where to transfer, once', async () => {
		const anna = await annaOnWhatsApp(world.store);
		const handoff = { event: 'handoff', callId: '1701.42', from: '+380501234567', transcript: TRANSCRIPT, intent: 'billing', language: 'uk-UA' };

		const first = await fromPbx(handoff);
		const again = await fromPbx(handoff);

		expect(JSON.parse(first.answer.body)).toEqual({ ok: true, transfer: true, transferTo: '+380443334400' });
		expect(JSON.parse(again.answer.body)).toEqual({ ok: true, transfer: true, transferTo: '+380443334400' });
		expect(again.handoff).toBeNull();
		expect(await world.db.query("SELECT id FROM conversations WHERE channel = 'phone'")).toHaveLength(1);
		expect(first.handoff).toMatchObject({ newConversation: true, conversation: { channel: 'phone', customerId: anna, language: 'uk', state: 'bot' } });
		expect(first.handoff!.message.text).toBe(TRANSCRIPT);
		expect(await messagesOf(first.handoff!.conversation.id)).toEqual([{ text: TRANSCRIPT, channel: 'phone', author: 'customer' }]);
	});

	test('Twilio’s ConversationRelay hands over: the conversation holds the bot’s transcript and the call is dialled through, or queued when no number is set', async () => {
		const base = { AccountSid: 'AC1', CallSid: 'CA-handoff', From: '+380501234567', To: '+18005551212' };
		const handoffData = JSON.stringify({ transcript: TRANSCRIPT, intent: 'billing', language: 'uk-UA' });

		const dialled = await fromTwilio('handoff', { ...base, HandoffData: handoffData, SessionStatus: 'ended' });
		const queued = await fromTwilio('handoff', { ...base, CallSid: 'CA-speech', SpeechResult: 'I want to talk to someone' }, { ...SETTINGS, transferTo: '' });

		expect(dialled.answer.body).toContain('<Dial>+380443334400</Dial>');
		expect(dialled.recorded[0].call).toMatchObject({ transcript: TRANSCRIPT, intent: 'billing' });
		expect(await messagesOf(dialled.handoff!.conversation.id)).toEqual([{ text: TRANSCRIPT, channel: 'phone', author: 'customer' }]);
		expect(queued.answer.body).toContain(`<Enqueue waitUrl="${URL}?step=wait"`);
		expect(queued.handoff!.message.text).toBe('I want to talk to someone');
	});

	test('a caller with no number who presses the key for a person gets a card, a conversation naming the menu path, and a transfer', async () => {
		await fromPbx({ event: 'started', callId: '1702.7', from: 'anonymous' });
		await fromPbx({ event: 'ivr', callId: '1702.7', from: 'anonymous', choice: '2' });
		const person = await fromPbx({ event: 'ivr', callId: '1702.7', from: 'anonymous', choice: '0' });

		expect(JSON.parse(person.answer.body)).toMatchObject({ transfer: true });
		expect(person.recorded[0].call.customerId).toBeNull();
		const { conversation, message } = person.handoff!;
		expect(await world.store.customers.get(conversation.customerId)).toMatchObject({ phone: null });
		expect(message.text).toBe('Phone menu: 2 › 0');
		const [call] = await world.db.query('SELECT customer_id FROM calls WHERE call_id = ?', ['1702.7']);
		expect(Number(call.customer_id)).toBe(conversation.customerId);
	});

	test('another menu key neither transfers nor opens a conversation', async () => {
		const other = await fromPbx({ event: 'ivr', callId: '1703.1', from: '+380501234567', choice: '3' });

		expect(JSON.parse(other.answer.body)).toEqual({ ok: true });
		expect(other.handoff).toBeNull();
		expect(await world.db.query("SELECT id FROM conversations WHERE channel = 'phone'")).toEqual([]);
	});

	describe('with a line per skill group', () => {
		const LINES = { ...SETTINGS, transferByGroup: { payments: 'sip:payments@pbx.example.com' } };
		const routeTo = async (conversationId: number, topic: string) => {
			const router = routerOn(world.db);
			const conversation = (await world.store.conversations.get(conversationId))!;
			await router.route(conversation, { topic, channel: 'phone' });
		};
		beforeEach(async () => {
			const router = routerOn(world.db);
			await router.groups.create({ name: 'Payments', line: 1, topics: ['payment_failed'] });
			await router.groups.create({ name: 'General', line: 1 });
		});

		test('a PBX is asked to post again (at ?step=transfer) until the workflow has routed the call, then told the routed group’s line', async () => {
			const handoff = { event: 'handoff', callId: '1801.1', from: '+380501234567', transcript: TRANSCRIPT, intent: 'payment_failed' };

			const before = await fromPbx(handoff, LINES);
			await routeTo(before.handoff!.conversation.id, 'payment_failed');
			const after = await fromPbx(handoff, LINES, { step: 'transfer' });

			expect(JSON.parse(before.answer.body)).toEqual({ ok: true, transfer: true, askAgainInSeconds: 1 });
			expect(JSON.parse(after.answer.body)).toEqual({ ok: true, transfer: true, transferTo: 'sip:payments@pbx.example.com' });
		});

		test('Twilio keeps the caller a moment until the call is routed, then dials the group’s SIP line; a group with no line of its own gets the default', async () => {
			const base = { AccountSid: 'AC1', From: '+380501234567', To: '+18005551212' };
			const payments = await fromTwilio('menu', { ...base, CallSid: 'CA-pay', Digits: '0' }, LINES);
			const waiting = await fromTwilio('transfer', { ...base, CallSid: 'CA-pay', try: '1' }, LINES);
			await routeTo(payments.handoff!.conversation.id, 'payment_failed');
			const dialled = await fromTwilio('transfer', { ...base, CallSid: 'CA-pay', try: '2' }, LINES);

			const general = await fromTwilio('menu', { ...base, CallSid: 'CA-gen', Digits: '0' }, LINES);
			await routeTo(general.handoff!.conversation.id, 'delivery');
			const toDefault = await fromTwilio('transfer', { ...base, CallSid: 'CA-gen', try: '1' }, LINES);

			expect(payments.answer.body).toContain(`<Redirect method="POST">${URL}?step=transfer&amp;try=1</Redirect>`);
			expect(payments.handoff!.message.text).toBe('Phone menu: 0');
			expect(waiting.answer.body).toContain(`<Pause length="1"/><Redirect method="POST">${URL}?step=transfer&amp;try=2</Redirect>`);
			expect(dialled.answer.body).toContain('<Dial><Sip>sip:payments@pbx.example.com</Sip></Dial>');
			expect(toDefault.answer.body).toContain('<Dial>+380443334400</Dial>');
		});

		test('a call the workflow never routes is put through to the default line after the last try', async () => {
			const base = { AccountSid: 'AC1', CallSid: 'CA-lost', From: '+380501234567', To: '+18005551212' };
			await fromTwilio('menu', { ...base, Digits: '0' }, LINES);

			const last = await fromTwilio('transfer', { ...base, try: String(TRANSFER_TRIES) }, LINES);

			expect(last.answer.body).toContain('<Dial>+380443334400</Dial>');
		});
	});

	test('another key of the operators’ own Twilio menu sends the caller on to the queue, with the key on the call’s menu path', async () => {
		const base = { AccountSid: 'AC1', CallSid: 'CA-menu', From: '+380501234567', To: '+18005551212' };
		const menu = await fromTwilio('menu', { ...base, Digits: '2' });

		expect(menu.answer.body).toContain(`<Enqueue waitUrl="${URL}?step=wait"`);
		expect(menu.handoff).toBeNull();
		expect(menu.recorded[0].call.ivrPath).toEqual(['2']);
	});
});
