/**
 * Callers waiting in the phone queue are offered the chat every minute; one who takes it is
 * written to on WhatsApp where their number is already verified, or given a web chat code; every
 * call lands on the card their number belongs to. On both stores, with the wait played out on a
 * clock the test controls as Twilio would run the TwiML.
 */
import { DEFAULT_DEFLECTION_TEXTS, recordCallEvent, twilioQuickAnswer, twilioStoreAnswer, type CallEvent, type DeflectionSettings, type RecordedEvent, type TwilioStep } from '../../../nodes/shared/calls';
import { periodOf, topicsReport } from '../../../nodes/shared/reports';
import { BACKENDS, migratedDbPerTest } from '../../harness/backends';
import { annaOnWhatsApp } from './anna';

const SETTINGS: DeflectionSettings = {
	offerEverySeconds: 60,
	offerAtOnce: false,
	acceptDigit: '1',
	operatorDigit: '0',
	transferTo: '',
	transferByGroup: {},
	voiceLanguage: 'en-US',
	messengers: ['whatsapp', 'viber', 'telegram'],
	webChatUrl: 'https://support.example.com/chat',
	queueName: 'support',
	texts: DEFAULT_DEFLECTION_TEXTS,
};
const URL = 'https://support.example.com/webhook/abc/phone';
const CALLER = '+380501234567';

describe.each(BACKENDS)('calls on %s', (_name, backend) => {
	const world = migratedDbPerTest(backend);

	const event = (kind: CallEvent['kind'], extra: Partial<CallEvent> = {}): CallEvent => ({
		platform: 'twilio',
		account: '+18005551212',
		callId: 'CA-7',
		kind,
		from: CALLER,
		at: new Date('2026-12-05T10:00:00Z').toISOString(),
		verifiedCaller: false,
		...extra,
	});

	const twilioCall = (step: TwilioStep, params: Record<string, string>) => ({ step, account: '+18005551212', tries: 0, params: { CallSid: 'CA-7', ...params }, event: null });
	/** The caller presses a key at the offer, once the press is recorded. */
	const pressed = (recorded: RecordedEvent, digit: string) =>
		digit === SETTINGS.acceptDigit
			? twilioStoreAnswer(world.db, twilioCall('offer', { Digits: digit }), recorded, SETTINGS, URL)
			: Promise.resolve(twilioQuickAnswer(twilioCall('offer', { Digits: digit }), 0, SETTINGS, URL)!.answer);

	test('a first-time caller gets a card holding their number; a callback delivered twice is recorded once', async () => {
		const first = await recordCallEvent(world.db, event('started'));
		const again = await recordCallEvent(world.db, event('started'));

		expect([first.fresh, again.fresh]).toEqual([true, false]);
		expect(first.call.customerId).not.toBeNull();
		expect(await world.store.customers.get(first.call.customerId!)).toMatchObject({ phone: CALLER });
	});

	test('a caller who waits 130 s hears the offer twice, at one and at two minutes', async () => {
		const heardAt: number[] = [];
		let clock = 0;
		let offersMade = 0;
		// Twilio asks the wait URL, plays its TwiML, and asks again when the TwiML runs out.
		while (clock <= 130) {
			const turn = twilioQuickAnswer(twilioCall('wait', { QueueTime: String(clock) }), offersMade, SETTINGS, URL)!;
			const { body } = turn.answer;
			offersMade = turn.offersMade;
			const paused = Number(/<Pause length="(\d+)"/.exec(body)?.[1] ?? 0);
			clock += paused;
			if (body.includes('<Gather') && clock <= 130) heardAt.push(clock);
			clock += 10 + 5; // the offer takes about 10 s to say, then the Gather waits 5 s for a key
		}

		expect(heardAt).toEqual([60, 120]);
	});

	test('a caller whose number is verified on WhatsApp takes the offer: the chat continues there and the call leaves the queue', async () => {
		const anna = await annaOnWhatsApp(world.store);
		const accepted = await recordCallEvent(world.db, event('offerAccepted', { choice: '1' }));

		const answer = await pressed(accepted, '1');

		expect(accepted.call.customerId).toBe(anna);
		expect(answer.deflection).toEqual({ channel: 'whatsapp' });
		expect(answer.body).toMatch(/<Say language="en-US">We have sent you a message on WhatsApp\..*<\/Say><Leave\/>/);
		const [row] = await world.db.query('SELECT deflected_to FROM calls WHERE call_id = ?', ['CA-7']);
		expect(row.deflected_to).toBe('whatsapp');
	});

	test('a caller known on no messenger gets the web chat address and a code read out digit by digit, which links the chat to their card', async () => {
		const accepted = await recordCallEvent(world.db, event('offerAccepted', { choice: '1' }));
		const { call } = accepted;

		const answer = await pressed(accepted, '1');

		expect(answer.deflection).toMatchObject({ channel: 'webchat', url: SETTINGS.webChatUrl, code: expect.stringMatching(/^\d{9}$/) });
		const code = (answer.deflection as { code: string }).code;
		expect(answer.body).toContain(`type the code ${code.split('').join(' ')}`);
		const [link] = await world.db.query('SELECT customer_id FROM link_codes WHERE code = ?', [code]);
		expect(Number(link.customer_id)).toBe(call.customerId);
	});

	test('another key keeps the caller in the queue; a menu path and a missed call are kept on the call', async () => {
		const started = await recordCallEvent(world.db, event('started'));
		const stay = await pressed(started, '5');
		await recordCallEvent(world.db, event('ivr', { choice: '2' }));
		await recordCallEvent(world.db, event('ivr', { choice: '1' }));
		const { call: missed } = await recordCallEvent(world.db, event('missed', { waitedSeconds: 95 }));

		expect(stay.body).not.toContain('<Leave/>');
		expect(stay.deflection).toBeNull();
		expect(missed).toMatchObject({ ivrPath: ['2', '1'], waitedSeconds: 95, missedAt: expect.any(String) });
	});
	test('the Topics report counts the period’s calls, the missed ones and those taken to a chat, by channel', async () => {
		await annaOnWhatsApp(world.store);
		await pressed(await recordCallEvent(world.db, event('offerAccepted', { choice: '1' })), '1');
		await recordCallEvent(world.db, event('missed', { callId: 'CA-8', from: '+380671112233', waitedSeconds: 40 }));
		await recordCallEvent(world.db, event('answered', { callId: 'CA-9', from: '+380931234567' }));

		const { calls } = await topicsReport(world.db, periodOf('custom', new Date(), { from: new Date('2026-12-05T00:00:00Z'), to: new Date('2026-12-06T00:00:00Z') }));

		expect(calls).toEqual({ total: 3, answered: 1, missed: 1, deflected: 1, deflectedShare: 0.3333, deflectedTo: { whatsapp: 1 } });
	});
});
