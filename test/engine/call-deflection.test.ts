/**
 * The call-deflection template run by n8n's own engine, from exactly what its Phone Call Trigger
 * emits for the platform's callbacks (the trigger's parameters are the template's): a caller
 * waiting in the Twilio queue hears the chat offer and, taking it, is written to on WhatsApp where
 * her number is verified; a voice bot that gives up is routed like a chat to an operator of the
 * right skill group, who reads the transcript in the desk; the menu key for a person is answered
 * with a transfer. Against the real store (SQLite and PostgreSQL) and the fake Graph API.
 */
import { createHmac } from 'node:crypto';
import { NodeHelpers, type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';

import { genericSignature, handleCallWebhook, twilioSignature, type CallWebhookOutcome, type PhonePlatform } from '../../nodes/shared/calls';
import type { WebhookRequest } from '../../nodes/shared/channels/types';
import { handleWhatsAppWebhook } from '../../nodes/shared/channels/whatsapp/inbound';
import { conversationView } from '../../nodes/shared/desk/conversation';
import { routerOn, type Operator, type Router } from '../../nodes/shared/routing';
import { closeAllStores, openStore, type Store } from '../../nodes/shared/store';
import { storeConfigFrom } from '../../nodes/node-kit/store';
import { callOutputs, deflectionSettings } from '../../nodes/PhoneCallTrigger/outputs';
import { PhoneCallTrigger } from '../../nodes/PhoneCallTrigger/PhoneCallTrigger.node';
import { startFakeMeta, type FakeMeta } from '../fakes/meta/server';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startFakeViber, type FakeViber } from '../fakes/viber/server';
import { BACKENDS, storeCredentialOf } from '../harness/backends';
import { fakeChannelCredentials } from '../harness/fake-credentials';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import callTemplate from '../../workflows/call-deflection.json';
import pipelineTemplate from '../../workflows/support-pipeline.json';

jest.setTimeout(120_000);

const calls = callTemplate as unknown as WorkflowJson;
const pipeline = pipelineTemplate as unknown as WorkflowJson;
const trigger = calls.nodes.find((node) => node.type.endsWith('phoneCallTrigger'))!;
const TRIGGER_URL = `http://localhost:5678/webhook/${trigger.webhookId}/phone`;
const TWILIO_TOKEN = 'twilio-engine-auth-token';
const PBX_SECRET = 'pbx-engine-secret';
const OUR_NUMBER = '+18005551212';

/** The trigger's parameters as n8n gives them to the node: the template's, the node's defaults for the rest. */
const parameters = NodeHelpers.getNodeParameters(new PhoneCallTrigger().description.properties, trigger.parameters, true, false, trigger, null) ?? {};
const param = (name: string, fallback: unknown) => parameters[name] ?? fallback;
const SETTINGS = deflectionSettings(param);
const EVENTS = new Set(param('events', []) as string[]);

describe.each(BACKENDS)('the call-deflection template on %s', (_name, backend) => {
	let drop: () => Promise<void>;
	let store: Store;
	let router: Router;
	let meta: FakeMeta;
	let telegram: FakeTelegram;
	let viber: FakeViber;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeEach(async () => {
		const made = await backend();
		drop = () => made.dispose();
		const storeCredential = storeCredentialOf(made.config);
		[meta, telegram, viber] = await Promise.all([startFakeMeta(), startFakeTelegram(), startFakeViber()]);
		store = await openStore(storeConfigFrom(storeCredential));
		router = routerOn(store.db);
		credentials = {
			contactCenterStoreApi: storeCredential,
			...fakeChannelCredentials({ telegram, viber, meta }),
		};
	});

	afterEach(async () => {
		await closeAllStores();
		await Promise.all([meta.close(), telegram.close(), viber.close()]);
		await drop();
	});

	/** One callback through the trigger's core: what the platform hears back and what the workflow gets. */
	async function callback(platform: PhonePlatform, req: WebhookRequest, settings = SETTINGS): Promise<CallWebhookOutcome> {
		return handleCallWebhook(store.db, req, {
			platform,
			secret: platform === 'twilio' ? TWILIO_TOKEN : PBX_SECRET,
			account: OUR_NUMBER,
			publicUrl: TRIGGER_URL,
			settings,
		});
	}
	/** A Twilio callback to the trigger's URL, with `?step=…` and any other query the TwiML's URLs carry. */
	const fromTwilio = (step: string | null, params: Record<string, string>, settings = SETTINGS, extraQuery: Record<string, string> = {}) => {
		const query: Record<string, string> = step ? { step, ...extraQuery } : {};
		const url = step ? `${TRIGGER_URL}?${new URLSearchParams(query)}` : TRIGGER_URL;
		return callback('twilio', {
			method: 'POST',
			headers: { 'x-twilio-signature': twilioSignature(TWILIO_TOKEN, url, params) },
			query,
			rawBody: Buffer.from(new URLSearchParams(params).toString()),
		}, settings);
	};
	const fromPbx = (event: object, settings = SETTINGS, query: Record<string, string> = {}) => {
		const rawBody = Buffer.from(JSON.stringify(event));
		return callback('generic', { method: 'POST', headers: { 'x-signature-256': genericSignature(PBX_SECRET, rawBody) }, query, rawBody }, settings);
	};

	/** The template, started as n8n starts it with what the trigger's webhook returned. */
	async function runTemplate(outcome: CallWebhookOutcome) {
		const done = await runWorkflow(calls, { credentials, startNode: 'Phone Calls', webhookOutputs: callOutputs(outcome, EVENTS, SETTINGS.operatorDigit) });
		expect(done.error).toBeUndefined();
		return done;
	}

	/** A customer writes on WhatsApp through the support pipeline: her number becomes a verified identity. */
	async function writesOnWhatsApp(name: string, text: string) {
		const customer = meta.webhooks.whatsapp.customer(name);
		const body = JSON.stringify(meta.webhooks.whatsapp.text(customer, text));
		const verdict = handleWhatsAppWebhook(
			{ method: 'POST', headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', meta.appSecret).update(body).digest('hex')}` }, query: {}, rawBody: Buffer.from(body) },
			{ appSecret: meta.appSecret, verifyToken: 'verify-me', phoneNumberId: meta.whatsapp.phoneNumberId },
		);
		if (verdict.kind !== 'accept') throw new Error(`WhatsApp delivery not accepted: ${verdict.kind}`);
		const done = await runWorkflow(pipeline, { credentials, startNode: 'WhatsApp', triggerItems: verdict.messages.map((message) => ({ json: { message } as IDataObject })) });
		expect(done.error).toBeUndefined();
		return customer;
	}

	const routedBy = (done: Awaited<ReturnType<typeof runTemplate>>) => {
		const [item] = [0, 1, 2, 3].flatMap((output) => done.outputOf('Skill Router', output));
		return item as IDataObject & {
			conversation: { id: number; channel: string };
			classification: { topic: string };
			priority: { level: string; reasons: string[] };
			routing: { outcome: string; operator?: { id: number } };
		};
	};

	test('a caller waiting in the Twilio queue hears the offer at one minute; taking it, she is written to on WhatsApp, where her number is verified', async () => {
		const anna = await writesOnWhatsApp('Anna', 'Hello, is my order on its way?');
		const before = meta.sent('whatsapp', anna.waId).length;
		const call = { AccountSid: 'AC1', CallSid: 'CA-anna', From: `+${anna.waId}`, To: OUR_NUMBER };

		await fromTwilio(null, { ...call, CallStatus: 'ringing' });
		const atOnce = await fromTwilio('wait', { ...call, QueueTime: '0' });
		const atOneMinute = await fromTwilio('wait', { ...call, QueueTime: '60' });
		const accepted = await fromTwilio('offer', { ...call, Digits: SETTINGS.acceptDigit, QueueTime: '70' });
		await runTemplate(accepted);

		expect(atOnce.answer.body).toMatch(/^<\?xml[^>]*><Response><Pause length="60"\/><Gather/);
		expect(atOneMinute.answer.body).toContain(`<Say language="en-US">${SETTINGS.texts.offer}</Say>`);
		expect(accepted.answer.body).toContain('<Leave/>');
		expect(accepted.deflection).toEqual({ channel: 'whatsapp' });
		const sent = meta.sent('whatsapp', anna.waId).slice(before);
		expect(sent.map((m) => (m.body.text as { body: string }).body)).toEqual([expect.stringContaining('chose to continue here instead of waiting')]);
	});

	describe('a caller asking for a person is routed like a chat', () => {
		let payments: Operator;
		let general: Operator;
		beforeEach(async () => {
			const paymentGroup = await router.groups.create({ name: 'Payments', line: 1, topics: ['payment_failed'] });
			const generalGroup = await router.groups.create({ name: 'General', line: 1 });
			payments = await router.operators.create({ name: 'Olga', login: 'olga', skills: [paymentGroup.id], capacity: 3, status: 'online' });
			general = await router.operators.create({ name: 'Ivan', login: 'ivan', skills: [generalGroup.id], capacity: 3, status: 'online' });
		});

		const TRANSCRIPT = 'bot: How can I help?\ncaller: <script>alert(1)</script> my card payment failed twice\nbot: I could not find the payment.\ncaller: let me talk to a person';

		test('a VIP’s voice bot names the intent: the payments operator gets the call, with the transcript in the desk, and the PBX is told to transfer', async () => {
			const started = await fromPbx({ event: 'started', callId: '1701.42', from: '+380501234567' });
			await store.customers.update(started.recorded[0].call.customerId!, { vipTier: 1 });

			const handoff = await fromPbx({ event: 'handoff', callId: '1701.42', from: '+380501234567', transcript: TRANSCRIPT, intent: 'payment_failed', language: 'en' });
			const done = await runTemplate(handoff);

			expect(JSON.parse(handoff.answer.body)).toMatchObject({ transfer: true });
			expect(done.runData['Topic Classifier']).toBeUndefined();
			const routed = routedBy(done);
			expect(routed.conversation.channel).toBe('phone');
			expect(routed.classification.topic).toBe('payment_failed');
			expect(routed.priority.level).toBe('high');
			expect(routed.routing).toMatchObject({ outcome: 'assigned', operator: { id: payments.id } });

			const view = await conversationView(store.db, payments, routed.conversation.id);
			expect(view.history).toEqual([expect.objectContaining({ channel: 'phone', from: 'customer', text: TRANSCRIPT })]);
			expect(view.calls[0]).toMatchObject({ callId: '1701.42', transcript: TRANSCRIPT, intent: 'payment_failed' });
			await expect(conversationView(store.db, general, routed.conversation.id)).rejects.toThrow(/Payments/);
		});

		test('a voice bot that names no intent: the Topic Classifier reads the transcript', async () => {
			const handoff = await fromPbx({
				event: 'handoff',
				callId: '1701.43',
				from: '+380671112233',
				transcript: 'caller: The bank charged me twice for one payment and the card was declined at checkout',
			});
			const done = await runTemplate(handoff);

			const routed = routedBy(done);
			expect(done.outputOf('Topic Classifier', 0)).toHaveLength(1);
			expect(routed.classification.topic).toBe('payment_failed');
			expect(routed.routing).toMatchObject({ outcome: 'assigned', operator: { id: payments.id } });
		});

		test('the menu key for a person gets a transfer answer, and the call reaches an operator', async () => {
			await fromPbx({ event: 'started', callId: '1702.7', from: '+380931234567' });
			const person = await fromPbx({ event: 'ivr', callId: '1702.7', from: '+380931234567', choice: SETTINGS.operatorDigit });
			const done = await runTemplate(person);

			expect(JSON.parse(person.answer.body)).toEqual({ ok: true, transfer: true });
			const routed = routedBy(done);
			expect(routed.routing).toMatchObject({ outcome: 'assigned', operator: { id: general.id } });
			expect((await conversationView(store.db, general, routed.conversation.id)).history[0].text).toBe('Phone menu: 0');
		});

		describe('with a line per skill group', () => {
			const LINES = { ...SETTINGS, transferTo: '+18005550000', transferByGroup: { payments: 'sip:payments@pbx.example.com' } };

			test('a voice bot’s hand-off through Twilio: the caller is held until the template has routed the call, then put through to the Payments line', async () => {
				const call = { AccountSid: 'AC1', CallSid: 'CA-bot', From: '+380501112233', To: OUR_NUMBER };
				const handoff = await fromTwilio('handoff', { ...call, HandoffData: JSON.stringify({ transcript: TRANSCRIPT, intent: 'payment_failed' }) }, LINES);
				const held = await fromTwilio('transfer', call, LINES, { try: '1' });
				const done = await runTemplate(handoff);
				const putThrough = await fromTwilio('transfer', call, LINES, { try: '2' });

				expect(handoff.answer.body).toContain(`<Redirect method="POST">${TRIGGER_URL}?step=transfer&amp;try=1</Redirect>`);
				expect(held.answer.body).toContain('<Redirect');
				expect(routedBy(done).routing).toMatchObject({ outcome: 'assigned', operator: { id: payments.id } });
				expect(putThrough.answer.body).toContain('<Dial><Sip>sip:payments@pbx.example.com</Sip></Dial>');
			});

			test('the menu key for a person on a PBX: asked to post again until routed, then the default line for a group with none of its own', async () => {
				const person = { event: 'ivr', callId: '1702.9', from: '+380931234599', choice: SETTINGS.operatorDigit };
				const first = await fromPbx(person, LINES);
				const done = await runTemplate(first);
				const again = await fromPbx(person, LINES, { step: 'transfer' });

				expect(JSON.parse(first.answer.body)).toEqual({ ok: true, transfer: true, askAgainInSeconds: 1 });
				expect(routedBy(done).routing).toMatchObject({ outcome: 'assigned', operator: { id: general.id } });
				expect(JSON.parse(again.answer.body)).toEqual({ ok: true, transfer: true, transferTo: '+18005550000' });
				expect(again.recorded).toEqual([]);
				expect((await store.db.query('SELECT ivr_path FROM calls WHERE call_id = ?', ['1702.9']))[0].ivr_path).toBe('["0"]');
			});
		});
	});
});
