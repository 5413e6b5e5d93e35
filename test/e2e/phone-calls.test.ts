/**
 * Phone calls join the chats, in a real n8n 2.41 with the shipped call-deflection and support
 * pipeline templates: a caller who chose billing in the number's menu waits in the Twilio queue,
 * hears the chat offer every minute, takes it on the second and is written to on WhatsApp, where
 * her number is verified; her answer there lands on the same customer card as the call, and the
 * operator who takes her chat sees the call with its menu path in the desk. A caller who hangs up unanswered is told
 * once that we missed the call. A forged callback is refused and stores nothing. Minutes in the
 * queue run on the fake Twilio's own clock.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { deskPolicyWith, setPassword } from '../../nodes/shared/desk';
import { routerOn } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import { startFakeMeta, type FakeMeta } from '../fakes/meta/server';
import { FakeTwilio } from '../fakes/twilio/caller';
import { callDesk, metaCredentials, startContactCenter, type ContactCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(400_000);

const read = (name: string) => JSON.parse(readFileSync(resolve(__dirname, `../../workflows/${name}.json`), 'utf8'));
const VERIFY_TOKEN = 'phone-e2e-verify-token';
const PASSWORD = 'a long desk passphrase';

let center: ContactCenter;
let n8n: N8nProcess;
let store: Store;
let meta: FakeMeta;
let twilio: FakeTwilio;

beforeAll(async () => {
	meta = await startFakeMeta();
	const calls = read('call-deflection');
	const phoneTrigger = calls.nodes.find((node: { type: string }) => node.type.endsWith('phoneCallTrigger'));
	phoneTrigger.parameters.webChatUrl = 'https://acme.example/chat';
	const twilioToken = 'twilio-e2e-auth-token-1f2e3d';
	center = await startContactCenter({
		workflows: [read('support-pipeline'), calls, read('operator-desk')],
		// three templates to publish on a machine other jobs share
		readyTimeoutMs: 300_000,
		credentials: [
			{ id: 'ccPhone000000001', name: 'Phone Platform', type: 'contactCenterPhoneApi', data: { platform: 'twilio', accountSid: 'AC1', authToken: twilioToken } },
			metaCredentials(meta, VERIFY_TOKEN).whatsapp,
		],
	});
	({ n8n, store } = center);
	const router = routerOn(store.db);
	const general = await router.groups.create({ name: 'General', line: 1 });
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], status: 'online', capacity: 3 });
	await setPassword(store.db, 'olga', PASSWORD, { temporary: false }, deskPolicyWith({}));
	const pipeline = read('support-pipeline');
	const whatsappTrigger = pipeline.nodes.find((node: { type: string }) => node.type.endsWith('whatsappChannelTrigger'));
	await meta.subscribe('whatsapp_business_account', n8n.webhookUrl(`${whatsappTrigger.webhookId}/whatsapp`), VERIFY_TOKEN);
	twilio = Object.assign(new FakeTwilio(n8n.webhookUrl(`${phoneTrigger.webhookId}/phone`)), { authToken: twilioToken });
});

afterAll(async () => {
	await center?.stop();
	await meta?.close();
});

function desk(body: Record<string, unknown>, token?: string) {
	return callDesk(n8n, body, token);
}

/**
 * The missed-call message keeps quiet hours (21:00–09:00 in the customer's time zone), which this
 * test is not about: the customer's card gets a zone where it is 14:00 now, whenever the test runs.
 */
async function livesWhereItIsAfternoon(waId: string) {
	const [identity] = await store.db.query<{ customer_id: number }>("SELECT customer_id FROM identities WHERE channel = 'whatsapp' AND external_user_id = ?", [waId]);
	const offset = ((14 - new Date().getUTCHours() + 36) % 24) - 12;
	const timeZone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
	const card = (await store.customers.get(Number(identity.customer_id)))!;
	await store.customers.update(card.id, { fields: { ...card.fields, timeZone } });
}

const count = async (table: string) => Number((await store.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

test('a caller whose number is verified on WhatsApp hears the offer at one and two minutes, takes it, continues on WhatsApp on the same card, and the desk shows her menu path', async () => {
	const anna = meta.webhooks.whatsapp.customer('Anna');
	await meta.deliver(meta.webhooks.whatsapp.text(anna, 'Hello, is my order on its way?'));
	await eventually('the answer on WhatsApp', () => meta.sent('whatsapp', anna.waId).length > 0);
	const before = meta.sent('whatsapp', anna.waId).length;

	const call = await twilio.call({ from: `+${anna.waId}`, menu: ['2'], acceptOffer: 2, hangUpAfter: 130 });

	expect(call.statuses.every((status) => status === 200)).toBe(true);
	expect(call.offersHeardAt).toEqual([60, 120]);
	expect(call.heard.at(-1)).toMatch(/We have sent you a message on WhatsApp/);
	expect(call.ended).toBe('left');
	const [invite] = await eventually('the message on WhatsApp', () => meta.sent('whatsapp', anna.waId).slice(before).length > 0 && meta.sent('whatsapp', anna.waId).slice(before));
	expect(JSON.stringify(invite)).toContain('chose to continue here');

	await meta.deliver(meta.webhooks.whatsapp.text(anna, 'My card was charged twice, I want to talk to an operator'));
	await eventually('the answer to her message', () => meta.sent('whatsapp', anna.waId).length > before + 1);
	const [callRow] = await store.db.query<{ customer_id: number; deflected_to: string; offers_made: number }>('SELECT * FROM calls WHERE call_id = ?', [call.callSid]);
	const [chat] = await store.db.query<{ customer_id: number }>("SELECT customer_id FROM identities WHERE channel = 'whatsapp' AND external_user_id = ?", [anna.waId]);
	expect(callRow).toMatchObject({ deflected_to: 'whatsapp', offers_made: 2 });
	expect(Number(callRow.customer_id)).toBe(Number(chat.customer_id));

	const [conversation] = await eventually('her chat with Olga', () =>
		store.db.query<{ id: number }>(
			"SELECT c.id FROM conversations c JOIN routing_entries r ON r.conversation_id = c.id WHERE c.channel = 'whatsapp' AND c.customer_id = ? AND r.state = 'assigned'",
			[chat.customer_id],
		).then((rows) => rows.length > 0 && rows),
	);
	const token = (await desk({ action: 'login', login: 'olga', password: PASSWORD })).body.token as string;
	const view = (await desk({ action: 'conversation', conversationId: Number(conversation.id) }, token)).body;
	expect(view.calls).toEqual([expect.objectContaining({ callId: call.callSid, ivrPath: ['2'], offersMade: 2, deflectedTo: 'whatsapp' })]);
});

test('a caller who hangs up in the queue is told once on WhatsApp that we missed the call', async () => {
	const boris = meta.webhooks.whatsapp.customer('Boris');
	await meta.deliver(meta.webhooks.whatsapp.text(boris, 'hi'));
	await eventually('the answer on WhatsApp', () => meta.sent('whatsapp', boris.waId).length > 0);
	const before = meta.sent('whatsapp', boris.waId).length;
	await livesWhereItIsAfternoon(boris.waId);

	const call = await twilio.call({ from: `+${boris.waId}`, hangUpAfter: 40 });
	// Twilio sends the queue's end again: still one message.
	await twilio.post(`${twilio.webhookUrl}?step=left`, { CallSid: call.callSid, From: `+${boris.waId}`, QueueResult: 'hangup', QueueTime: '40' });

	expect(call.ended).toBe('hung up');
	await eventually('the missed-call message', () => meta.sent('whatsapp', boris.waId).length > before);
	await new Promise((r) => setTimeout(r, 3000));
	const after = meta.sent('whatsapp', boris.waId).slice(before);
	expect(after).toHaveLength(1);
	expect(JSON.stringify(after[0])).toContain('Sorry we missed your call');
});

test('a forged callback is refused with 403 and stores nothing', async () => {
	const before = await Promise.all(['calls', 'call_events', 'customers'].map(count));

	const forged = await twilio.post(twilio.webhookUrl, { CallSid: 'CAforged', From: '+15550001111', To: twilio.number, CallStatus: 'ringing' }, 'not-the-auth-token');

	expect(forged.status).toBe(403);
	expect(await Promise.all(['calls', 'call_events', 'customers'].map(count))).toEqual(before);
});
