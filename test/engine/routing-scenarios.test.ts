/**
 * Routing scenarios of the shipped templates, run by n8n's own engine against the real store
 * (SQLite and PostgreSQL) and the fake channel servers: customers ask for a person, so the bot
 * hands off and the conversation goes through lookup → prioritize → route; operations staff act
 * through the Skill Router and Customer Lookup nodes run as workflows; the SLA workflow runs as
 * its schedule would.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { handleTelegramWebhook, webhookSecretToken } from '../../nodes/shared/channels/telegram';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import type { WebhookRequest, WebhookVerdict } from '../../nodes/shared/channels/types';
import { ViberClient } from '../../nodes/shared/channels/viber/client';
import { handleViberWebhook } from '../../nodes/shared/channels/viber/inbound';
import type { ViberUser } from '../../nodes/shared/channels/viber/schema';
import { viberSignature } from '../../nodes/shared/channels/viber/signature';
import { handleWhatsAppWebhook } from '../../nodes/shared/channels/whatsapp/inbound';
import { storeConfigFrom } from '../../nodes/node-kit/store';
import { setIncidentBanner } from '../../nodes/shared/bot/storage';
import { deskPolicyWith, handleDeskCall, setPassword } from '../../nodes/shared/desk';
import { conversationView } from '../../nodes/shared/desk/conversation';
import { deskList } from '../../nodes/shared/desk/list';
import { routerOn, type Router } from '../../nodes/shared/routing';
import { closeAllStores, openStore, type Store } from '../../nodes/shared/store';
import { startFakeMeta, type FakeMeta } from '../fakes/meta/server';
import type { WhatsAppCustomer } from '../fakes/meta/webhooks';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { viberJson } from '../fakes/viber/callbacks';
import { startFakeViber, type FakeViber } from '../fakes/viber/server';
import { startVerdictReceiver } from '../unit/channels/verdictReceiver';
import { fakeChannelCredentials } from '../harness/fake-credentials';
import { runWorkflow, startAndNode, type WorkflowJson, type WorkflowRun } from '../harness/engine';
import pipelineTemplate from '../../workflows/support-pipeline.json';
import slaTemplate from '../../workflows/sla-escalation.json';

jest.setTimeout(120_000);

const pipeline = pipelineTemplate as unknown as WorkflowJson;
const slaEscalation = slaTemplate as unknown as WorkflowJson;

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

/** A store credential of its own per test, and how to throw the store away after. */
const BACKENDS: Array<[string, () => { credential: Record<string, string | number>; drop(): Promise<void> }]> = [
	[
		'SQLite',
		() => {
			const dir = mkdtempSync(join(tmpdir(), 'cc-routing-engine-'));
			return {
				credential: { backend: 'sqlite', sqliteFile: join(dir, 'store.sqlite') },
				drop: async () => rmSync(dir, { recursive: true, force: true }),
			};
		},
	],
	[
		'PostgreSQL',
		() => {
			const schema = `cc_routing_engine_${randomUUID().replace(/-/g, '')}`;
			return {
				credential: { backend: 'postgres', ...PG, schema },
				async drop() {
					const client = new Client(PG);
					await client.connect();
					await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
					await client.end();
				},
			};
		},
	],
];

/** Everything jest can fake except Date. */
const REAL_TIMERS = [
	'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
	'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

const MINUTE = 60_000;

const STORE_REF = { contactCenterStoreApi: { id: 'ccStoreDefault01', name: 'Contact Center Store' } };

/** A workflow of one of the pack's nodes after a manual start, as staff would build it to act by hand. */
const oneStep = (type: string, parameters: INodeParameters): WorkflowJson => startAndNode({ name: 'Step', type, parameters, credentials: STORE_REF });

const request = (body: string, headers: Record<string, string>): WebhookRequest => ({
	method: 'POST',
	headers,
	query: {},
	rawBody: Buffer.from(body),
});

function messagesOf(verdict: WebhookVerdict) {
	if (verdict.kind !== 'accept') throw new Error(`expected an accepted delivery, got ${verdict.kind}`);
	return verdict.messages.map((message) => ({ json: { message } as IDataObject }));
}

describe.each(BACKENDS)('routing scenarios on %s', (_backend, makeStore) => {
	let drop: () => Promise<void>;
	let telegram: FakeTelegram;
	let viber: FakeViber;
	let meta: FakeMeta;
	let store: Store;
	let router: Router;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeEach(async () => {
		const made = makeStore();
		drop = made.drop;
		[telegram, viber, meta] = await Promise.all([startFakeTelegram(), startFakeViber(), startFakeMeta()]);
		store = await openStore(storeConfigFrom(made.credential));
		router = routerOn(store.db);
		credentials = {
			contactCenterStoreApi: made.credential,
			...fakeChannelCredentials({ telegram, viber, meta }),
		};
	});

	afterEach(async () => {
		jest.useRealTimers();
		await closeAllStores();
		await Promise.all([telegram.close(), viber.close(), meta.close()]);
		await drop();
	});

	const run = async (workflow: WorkflowJson, startNode: string, triggerItems: Array<{ json: IDataObject }>) => {
		const done = await runWorkflow(workflow, { credentials, startNode, triggerItems });
		expect(done.error).toBeUndefined();
		return done;
	};
	/** Runs one node as a workflow and gives its first output item. */
	const step = async (type: string, parameters: INodeParameters, item: IDataObject = {}) =>
		(await run(oneStep(type, parameters), 'Start', [{ json: item }])).outputOf('Step')[0];

	/** The pipeline as each channel's trigger would run it for this delivery. */
	const onTelegram = (update: object) => {
		const secretToken = webhookSecretToken(telegram.token);
		const verdict = handleTelegramWebhook(request(JSON.stringify(update), { 'x-telegram-bot-api-secret-token': secretToken }), {
			botId: String(telegram.botId),
			secretToken,
		});
		return run(pipeline, 'Telegram', messagesOf(verdict));
	};
	const viberMessage = (user: ViberUser, text: string) => {
		const body = viberJson(viber.callbacks.text(user, text));
		const verdict = handleViberWebhook(request(body, { 'x-viber-content-signature': viberSignature(viber.authToken, body) }), {
			authToken: viber.authToken,
			account: viber.accountId,
		});
		return messagesOf(verdict);
	};
	const onWhatsApp = (customer: WhatsAppCustomer, text: string) => {
		const body = JSON.stringify(meta.webhooks.whatsapp.text(customer, text));
		const signature = `sha256=${createHmac('sha256', meta.appSecret).update(body).digest('hex')}`;
		const verdict = handleWhatsAppWebhook(request(body, { 'x-hub-signature-256': signature }), {
			appSecret: meta.appSecret,
			verifyToken: 'verify-me',
			phoneNumberId: meta.whatsapp.phoneNumberId,
		});
		return run(pipeline, 'WhatsApp', messagesOf(verdict));
	};
	/**
	 * One scheduled run of the SLA template, now or at `atMs`. The router reads the time from Date
	 * only, so a later run fakes Date alone: timers, ticks and I/O stay real, so the engine and the
	 * database drivers run as ever (the store's SQL takes every time as a parameter).
	 */
	const slaTick = async (atMs?: number) => {
		if (atMs !== undefined) jest.useFakeTimers({ now: atMs, advanceTimers: true, doNotFake: [...REAL_TIMERS] });
		try {
			return await run(slaEscalation, 'Every Minute', [{ json: { timestamp: new Date().toISOString() } }]);
		} finally {
			jest.useRealTimers();
		}
	};
	const says = (customer: User, text: string) => onTelegram(telegram.updates.text(customer, text));

	const routed = (done: WorkflowRun) => {
		const [item] = [0, 1, 2, 3, 4].flatMap((output) => done.outputOf('Skill Router', output));
		return item as IDataObject & {
			conversation: { id: number };
			customer: { id: number };
			customerCard: { id: number; identities: Array<{ channel: string }> };
			priority: { score: number; level: string; repeatOf: number[]; reasons: string[] };
			routing: { outcome: string; position?: number; operator?: { id: number; name: string }; entry: { customerId: number } };
		};
	};
	/** The conversation happened `days` ago: its messages, its bot state and its last activity move back. */
	const happenedDaysAgo = async (conversationId: number, days: number) => {
		const then = new Date(Date.now() - days * 24 * 60 * MINUTE).toISOString();
		await store.db.query('UPDATE conversations SET created_at = ?, updated_at = ? WHERE id = ?', [then, then, conversationId]);
		await store.db.query('UPDATE messages SET created_at = ? WHERE conversation_id = ?', [then, conversationId]);
		await store.db.query('UPDATE bot_conversations SET updated_at = ? WHERE conversation_id = ?', [then, conversationId]);
	};
	const happenedYesterday = (conversationId: number) => happenedDaysAgo(conversationId, 1);
	/** The Viber trigger's activation: Viber sends nothing for an account without a webhook. */
	const activateViber = async () => {
		const webhook = await startVerdictReceiver((req) => handleViberWebhook(req, { authToken: viber.authToken, account: viber.accountId }));
		await new ViberClient(viber.authToken, viber.baseUrl).setWebhook({ url: webhook.url });
		await webhook.close();
	};
	const lastTelegramText = (customer: User) => telegram.sent(customer.id).at(-1)?.text;

	test('a VIP’s message overtakes the queue and is served first when the operator frees up', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'online' });
		const [busy, first, second, vip] = ['Busy', 'First', 'Second', 'Vera'].map((first_name) => telegram.updates.customer({ first_name }));
		const held = routed(await says(busy, 'оператор'));
		expect(held.routing).toMatchObject({ outcome: 'assigned', operator: { id: olga.id } });
		const waiting = routed(await says(first, 'I want to talk to an operator'));
		expect(waiting.routing).toMatchObject({ outcome: 'queued', position: 1 });
		expect(routed(await says(second, 'I want to talk to an operator')).routing).toMatchObject({ outcome: 'queued', position: 2 });

		// Vera wrote before and the CRM team marked her card VIP.
		const { customer } = (await says(vip, 'Where is my order?')).outputOf('Log Conversation')[0] as { customer: { id: number } };
		await step('customerLookup', { operation: 'updateCard', customerId: customer.id, card: { vipTier: 1 } });
		const vera = routed(await says(vip, 'I want to talk to an operator'));

		expect(vera.priority.level).toBe('high');
		expect(vera.routing).toMatchObject({ outcome: 'queued', position: 1 });
		expect(lastTelegramText(vip)).toMatch(/You are number 1 in the queue/);
		expect((await router.place(waiting.conversation.id))?.position).toBe(2);

		const released = await step('skillRouter', { resource: 'conversation', operation: 'release', conversationId: held.conversation.id });

		const { nextAssigned } = released.routing as { nextAssigned: Array<{ conversationId: number; operatorId: number }> };
		expect(nextAssigned).toEqual([expect.objectContaining({ conversationId: vera.conversation.id, operatorId: olga.id })]);
		expect((await router.entry(vera.conversation.id))?.state).toBe('assigned');
		expect((await router.place(waiting.conversation.id))?.position).toBe(1);
	});

	test('a repeat contact on another channel is raised and linked to the earlier conversation', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 5, status: 'online' });
		const anna = telegram.updates.customer({ first_name: 'Anna' });
		const onTelegramFirst = routed(await says(anna, 'Where is my order 4512? I want an operator'));
		// Shared through Telegram's "share my phone" button, so the number is verified.
		await onTelegram(telegram.updates.contact(anna, '+7 999 123-45-67'));
		await happenedYesterday(onTelegramFirst.conversation.id);

		const again = routed(await onWhatsApp({ waId: '79991234567', name: 'Anna P' }, 'Where is my order 4512? Still nothing, operator please'));

		expect(onTelegramFirst.priority.repeatOf).toEqual([]);
		expect(again.customerCard.id).toBe(onTelegramFirst.customer.id);
		expect(again.customerCard.identities.map((i) => i.channel).sort()).toEqual(['telegram', 'whatsapp']);
		expect(again.priority.repeatOf).toEqual([onTelegramFirst.conversation.id]);
		expect(again.priority.score).toBeGreaterThan(onTelegramFirst.priority.score);
		expect(again.priority.reasons.join('\n')).toMatch(/repeat contact/);
		expect(again.routing.entry.customerId).toBe(onTelegramFirst.customer.id);
		const links = await store.db.query('SELECT earlier_id, reason FROM conversation_links WHERE conversation_id = ?', [again.conversation.id]);
		expect(links.map((l) => [Number(l.earlier_id), l.reason])).toEqual([[onTelegramFirst.conversation.id, 'repeat']]);
		expect(meta.sent('whatsapp', '79991234567').length).toBeGreaterThan(0);
	});

	test('an operator going offline returns their conversations to the queue, to be offered to others', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 2, status: 'online' });
		const petr = await router.operators.create({ name: 'Petr', login: 'petr', skills: [general.id], capacity: 2, status: 'away' });
		const held = [];
		for (const first_name of ['Ivan', 'Iryna']) {
			held.push(routed(await says(telegram.updates.customer({ first_name }), 'оператор')));
		}
		expect(held.map((h) => h.routing.operator?.id)).toEqual([olga.id, olga.id]);

		const off = await step('skillRouter', { resource: 'operator', operation: 'setStatus', operator: 'olga', status: 'offline' });

		const requeued = off.requeued as Array<{ conversationId: number; state: string }>;
		expect(requeued.map((e) => e.conversationId).sort()).toEqual(held.map((h) => h.conversation.id).sort());
		expect(off.operator).toMatchObject({ status: 'offline', active: 0 });
		for (const h of held) expect((await router.entry(h.conversation.id))?.state).toBe('queued');
		expect((await router.place(held[0].conversation.id))?.position).toBe(1);

		const back = await step('skillRouter', { resource: 'operator', operation: 'setStatus', operator: 'petr', status: 'online' });

		const assigned = back.assigned as Array<{ conversationId: number; operatorId: number }>;
		expect(assigned.map((e) => [e.conversationId, e.operatorId])).toEqual(held.map((h) => [h.conversation.id, petr.id]));
	});

	test('a conversation that passes its SLA is moved to line 2, where a free operator takes it', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		const second = await router.groups.create({ name: 'Second line', line: 2 });
		await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'away' });
		const petr = await router.operators.create({ name: 'Petr', login: 'petr', skills: [second.id], capacity: 1, status: 'online' });
		const waiting = routed(await says(telegram.updates.customer({ first_name: 'Oksana' }), 'оператор'));
		expect(waiting.routing).toMatchObject({ outcome: 'queued', position: 1 });
		const due = Date.parse((waiting.priority as unknown as { firstResponseDue: string }).firstResponseDue);

		const early = await slaTick();
		expect(early.outputOf('Escalate Overdue')).toEqual([]);

		const late = await slaTick(due + MINUTE);

		expect(late.outputOf('Escalate Overdue')).toEqual([
			expect.objectContaining({
				conversationId: waiting.conversation.id,
				action: 'movedToGroup',
				fromGroupId: general.id,
				toGroupId: second.id,
				line: 2,
				state: 'assigned',
				operatorId: petr.id,
			}),
		]);
		expect(late.outputOf('Moved Up a Line')).toHaveLength(1);
		expect(late.runData['Notify Supervisor']).toBeUndefined();
		expect(await router.entry(waiting.conversation.id)).toMatchObject({ groupId: second.id, line: 2, operatorId: petr.id });
	});

	test('past every line’s SLA a conversation climbs to line 3, then a supervisor is flagged once', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		const second = await router.groups.create({ name: 'Second line', line: 2, slaMinutes: 10 });
		const third = await router.groups.create({ name: 'Third line', line: 3, slaMinutes: 10 });
		await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'away' });
		const waiting = routed(await says(telegram.updates.customer({ first_name: 'Taras' }), 'оператор'));
		const due = Date.parse((waiting.priority as unknown as { firstResponseDue: string }).firstResponseDue);
		const action = (tick: WorkflowRun) => tick.outputOf('Escalate Overdue').map((o) => [o.action, o.toGroupId]);

		expect(action(await slaTick(due + MINUTE))).toEqual([['movedToGroup', second.id]]);
		expect(action(await slaTick(due + 12 * MINUTE))).toEqual([['movedToGroup', third.id]]);
		const flagged = await slaTick(due + 23 * MINUTE);

		expect(action(flagged)).toEqual([['flaggedToSupervisor', third.id]]);
		expect(flagged.outputOf('Notify Supervisor')).toEqual([expect.objectContaining({ conversationId: waiting.conversation.id, line: 3 })]);
		expect(flagged.runData['Moved Up a Line']).toBeUndefined();
		expect((await router.entry(waiting.conversation.id))?.flaggedAt).not.toBeNull();
		expect((await slaTick(due + 60 * MINUTE)).runData['Needs a Supervisor?']).toBeUndefined();
	});

	test('an operator who closed the desk’s tab, with no desk open anywhere, is taken offline by the SLA schedule and her customer goes to a colleague', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 2, status: 'offline' });
		const petr = await router.operators.create({ name: 'Petr', login: 'petr', skills: [general.id], capacity: 2, status: 'away' });
		const policy = deskPolicyWith();
		await setPassword(store.db, 'olga', 'correct horse battery', { temporary: false }, policy);
		const desk = (body: Record<string, unknown>, token?: string) =>
			handleDeskCall(store, { authorization: token && `Bearer ${token}`, body }, { policy, ratingQuestion: 'How did we do?' });
		const { token } = (await desk({ action: 'login', login: 'olga', password: 'correct horse battery' })).body as { token: string };
		await desk({ action: 'status', status: 'online' }, token);
		const ivan = routed(await says(telegram.updates.customer({ first_name: 'Ivan' }), 'оператор'));
		expect(ivan.routing).toMatchObject({ outcome: 'assigned', operator: { id: olga.id } });
		await router.setOperatorStatus(petr.id, 'online');

		// Olga's tab is closed now; nobody else has the desk open.
		expect((await slaTick(Date.now() + 2 * MINUTE)).outputOf('Take Absent Operators Offline')).toEqual([]);
		const later = await slaTick(Date.now() + 4 * MINUTE);

		expect(later.outputOf('Take Absent Operators Offline')).toEqual([
			expect.objectContaining({ operator: expect.objectContaining({ login: 'olga', status: 'offline' }), was: 'online' }),
		]);
		expect(await router.entry(ivan.conversation.id)).toMatchObject({ state: 'assigned', operatorId: petr.id, previousOperatorId: olga.id });
	});

	test('a customer whose operator answered and then went offline writes again: a colleague of the group has him at once, and he is told who', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		await router.groups.create({ name: 'Second line', line: 2 });
		const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 2, status: 'online' });
		const petr = await router.operators.create({ name: 'Petr', login: 'petr', skills: [general.id], capacity: 2, status: 'away' });
		const ivan = telegram.updates.customer({ first_name: 'Ivan' });
		const first = routed(await says(ivan, 'I want to talk to an operator about my order'));
		expect(first.routing).toMatchObject({ outcome: 'assigned', operator: { id: olga.id } });
		const answer = await store.messages.addOutbound({ conversationId: first.conversation.id, channel: 'telegram', author: `operator:${olga.id}`, text: 'It ships tomorrow.' });
		await store.messages.markSent(answer.id, 'tg-answer');
		await step('skillRouter', { resource: 'operator', operation: 'setStatus', operator: 'olga', status: 'offline' });
		await step('skillRouter', { resource: 'operator', operation: 'setStatus', operator: 'petr', status: 'online' });
		expect(await router.entry(first.conversation.id)).toMatchObject({ operatorId: olga.id });

		const again = routed(await says(ivan, 'Can it come to my office instead?'));

		expect(again.routing).toMatchObject({ outcome: 'assigned', operator: { id: petr.id } });
		expect(await router.entry(first.conversation.id)).toMatchObject({ groupId: general.id, line: 1, operatorId: petr.id, previousOperatorId: olga.id });
		expect(lastTelegramText(ivan)).toMatch(/Petr/);
	});

	test('a customer of Telegram yesterday who writes on Viber today is recognised and goes to the same operator', async () => {
		const general = await router.groups.create({ name: 'General', line: 1, strategy: 'leastLoaded' });
		await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 3, status: 'online' });
		await router.operators.create({ name: 'Petr', login: 'petr', skills: [general.id], capacity: 3, status: 'online' });
		const anna = telegram.updates.customer({ first_name: 'Anna' });
		const yesterday = routed(await says(anna, 'оператор'));
		const served = yesterday.routing.operator!;
		await step('skillRouter', { resource: 'conversation', operation: 'release', conversationId: yesterday.conversation.id });
		await happenedYesterday(yesterday.conversation.id);
		const { linkCode } = await step('customerLookup', { operation: 'createLinkCode', customerId: yesterday.customer.id });
		// Two more customers leave both operators equally loaded, hers the one assigned last, so the
		// group's own order (least loaded, then longest idle) would now pick the other.
		const others = [];
		for (const first_name of ['Boris', 'Clara']) {
			others.push(routed(await says(telegram.updates.customer({ first_name }), 'оператор')).routing.operator?.id);
		}
		expect(others[0]).not.toBe(served.id);
		expect(others[1]).toBe(served.id);

		await activateViber();
		const annaOnViber = viber.callbacks.customer({ name: 'Anna' });
		const [typed] = viberMessage(annaOnViber, `link ${(linkCode as { code: string }).code}`);
		const redeemed = await run(oneStep('customerLookup', { operation: 'lookUp', linkByCode: true }), 'Start', [typed]);
		expect(redeemed.outputOf('Step', 1)[0].linked).toMatchObject({ linked: true, customerId: yesterday.customer.id });
		const today = routed(await run(pipeline, 'Viber', viberMessage(annaOnViber, 'оператор')));

		expect(today.customerCard.id).toBe(yesterday.customer.id);
		expect(today.customerCard.identities.map((i) => i.channel).sort()).toEqual(['telegram', 'viber']);
		expect(today.routing).toMatchObject({ outcome: 'assigned', operator: { id: served.id } });
		expect(viber.sent(annaOnViber).at(-1)?.text).toMatch(new RegExp(`${served.name} скоро ответит вам здесь\\.$`));
	});

	test('a customer who chatted with the bot days ago and asks for a person now gets the full SLA from now', async () => {
		const general = await router.groups.create({ name: 'General', line: 1 });
		await router.groups.create({ name: 'Second line', line: 2 });
		await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'away' });
		const nina = telegram.updates.customer({ first_name: 'Nina' });
		const botChat = await says(nina, 'hello');
		expect(botChat.runData['Skill Router']).toBeUndefined();
		const { conversation } = botChat.outputOf('Log Conversation')[0] as { conversation: { id: number } };
		await happenedDaysAgo(conversation.id, 3);

		const askedAt = Date.now();
		const waiting = routed(await says(nina, 'I want to talk to an operator'));

		expect(waiting.conversation.id).toBe(conversation.id);
		expect(waiting.routing).toMatchObject({ outcome: 'queued', position: 1 });
		const due = Date.parse((waiting.priority as unknown as { firstResponseDue: string }).firstResponseDue);
		expect(due).toBeGreaterThanOrEqual(askedAt + 60 * MINUTE);
		expect(Date.parse((await router.entry(conversation.id))!.deadline!)).toBe(due);
		expect(waiting.priority.reasons.join('\n')).not.toMatch(/waited/);

		const aMinuteLater = await slaTick(Date.now() + MINUTE);

		expect(aMinuteLater.outputOf('Escalate Overdue')).toEqual([]);
		expect(await router.entry(conversation.id)).toMatchObject({ groupId: general.id, line: 1, state: 'queued' });
	});

	test('a code sent on Telegram yesterday and typed on Viber today links the chats through the support pipeline', async () => {
		const anna = telegram.updates.customer({ first_name: 'Anna' });
		const yesterday = (await says(anna, 'hello')).outputOf('Log Conversation')[0] as { conversation: { id: number }; customer: { id: number } };
		await happenedYesterday(yesterday.conversation.id);
		const { linkCode } = await step('customerLookup', { operation: 'createLinkCode', customerId: yesterday.customer.id });
		const { code } = linkCode as { code: string };
		await activateViber();
		const annaOnViber = viber.callbacks.customer({ name: 'Anna' });

		// Her order number happens to be six digits: a sentence is left to the bot, not taken for a code.
		const asked = await run(pipeline, 'Viber', viberMessage(annaOnViber, `Where is my order ${code}?`));
		expect(asked.outputOf('Customer Lookup', 1)).toEqual([]);
		expect(asked.outputOf('Customer Lookup', 0)[0].linked).toEqual({ linked: false, reason: 'no code in the text' });
		expect(asked.runData['Self-Service Bot']).toBeDefined();
		const viberCustomer = (asked.outputOf('Log Conversation')[0] as { customer: { id: number } }).customer.id;
		expect(viberCustomer).not.toBe(yesterday.customer.id);

		const typed = await run(pipeline, 'Viber', viberMessage(annaOnViber, code));

		expect(typed.outputOf('Customer Lookup', 1)[0].linked).toEqual({ linked: true, customerId: yesterday.customer.id, mergedId: viberCustomer });
		expect(typed.runData['Self-Service Bot']).toBeUndefined();
		expect(viber.sent(annaOnViber).at(-1)?.text).toMatch(/^Your chats are now linked/);
		const card = typed.outputOf('Tell: Chats Linked')[0].customerCard as { id: number; identities: Array<{ channel: string }> };
		expect(card.id).toBe(yesterday.customer.id);
		expect(card.identities.map((i) => i.channel).sort()).toEqual(['telegram', 'viber']);
		const cards = await store.db.query('SELECT id FROM customers WHERE merged_into IS NULL');
		expect(cards.map((c) => Number(c.id))).toEqual([yesterday.customer.id]);
	});
	describe('a conversation over days', () => {
		/** Runs `act` with the clock at `atMs` (Date only: timers, ticks and I/O stay real). */
		const when = async <T>(atMs: number, act: () => Promise<T>): Promise<T> => {
			jest.useFakeTimers({ now: atMs, advanceTimers: true, doNotFake: [...REAL_TIMERS] });
			try {
				return await act();
			} finally {
				jest.useRealTimers();
			}
		};
		/** The operator answers from n8n (Reply to Customer as operator), as the desk and team chat do. */
		const operatorAnswers = (conversationId: number, operatorId: number, text = 'Let me check that for you.') =>
			run(
				startAndNode({
					name: 'Step',
					type: 'contactCenterReply',
					parameters: { author: 'operator', operatorId: String(operatorId), text },
					credentials: { ...STORE_REF, contactCenterTelegramApi: { id: 'tg', name: 'Telegram' } },
				}),
				'Start',
				[{ json: { conversation: { id: conversationId } } }],
			);
		const minuteTick = () => run(pipeline, 'Every Minute', [{ json: { timestamp: new Date().toISOString() } }]);
		const stateOf = async (id: number) => (await store.conversations.get(id))?.state;

		test('an operator who answered within a minute keeps the conversation when the SLA time passes', async () => {
			const lineOne = await router.groups.create({ name: 'Line 1', line: 1, slaMinutes: 10 });
			const lineTwo = await router.groups.create({ name: 'Line 2', line: 2, slaMinutes: 30 });
			const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [lineOne.id], capacity: 3, status: 'online' });
			await router.operators.create({ name: 'Petr', login: 'petr', skills: [lineTwo.id], capacity: 3, status: 'online' });
			const t0 = Date.now();
			const asked = await when(t0, async () => routed(await says(telegram.updates.customer({ first_name: 'Oleh' }), 'оператор')));
			expect(asked.routing).toMatchObject({ outcome: 'assigned', operator: { id: olga.id } });

			await when(t0 + MINUTE, () => operatorAnswers(asked.conversation.id, olga.id));

			expect(await stateOf(asked.conversation.id)).toBe('answered');
			expect((await slaTick(t0 + 11 * MINUTE)).outputOf('Escalate Overdue')).toEqual([]);
			expect((await slaTick(t0 + 90 * MINUTE)).outputOf('Escalate Overdue')).toEqual([]);
			expect(await router.entry(asked.conversation.id)).toMatchObject({ operatorId: olga.id, line: 1, deadline: null });
		});

		test('a customer who writes five times while queued hears their place only when it changes', async () => {
			const general = await router.groups.create({ name: 'General', line: 1 });
			const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'online' });
			const busy = routed(await says(telegram.updates.customer({ first_name: 'Busy' }), 'оператор'));
			const ahead = routed(await says(telegram.updates.customer({ first_name: 'Ahead' }), 'I want to talk to an operator'));
			const ira = telegram.updates.customer({ first_name: 'Ira' });
			expect(routed(await says(ira, 'I want to talk to an operator')).routing).toMatchObject({ outcome: 'queued', position: 2 });

			const followUps = [];
			for (const text of ['Hello?', 'Anyone there?', 'My order is late', 'Please', 'Hello???']) followUps.push(routed(await says(ira, text)));
			expect(followUps.map((f) => f.routing.outcome)).toEqual(['following', 'following', 'following', 'following', 'following']);
			// The one ahead of her is served: her place halves, which is worth telling her once.
			await step('skillRouter', { resource: 'conversation', operation: 'release', conversationId: busy.conversation.id });
			expect(await router.entry(ahead.conversation.id)).toMatchObject({ operatorId: olga.id });
			expect(routed(await says(ira, 'Still waiting')).routing).toMatchObject({ outcome: 'queued', position: 1 });
			expect(routed(await says(ira, 'Hello?')).routing.outcome).toBe('following');

			const notices = telegram.sent(ira.id).map((m) => m.text).filter((t) => /in the queue/.test(t ?? ''));
			expect(notices).toHaveLength(2);
			expect(notices[1]).toMatch(/You are number 1 in the queue/);
		});

		test('a customer writing an hour after the answer reaches the same operator silently, and the next-response clock starts then', async () => {
			const general = await router.groups.create({ name: 'General', line: 1, slaMinutes: 10 });
			await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 3, status: 'online' });
			await router.operators.create({ name: 'Petr', login: 'petr', skills: [general.id], capacity: 3, status: 'online' });
			const vlad = telegram.updates.customer({ first_name: 'Vlad' });
			const t0 = Date.now();
			const first = await when(t0, async () => routed(await says(vlad, 'оператор')));
			const operatorId = first.routing.operator!.id;
			await when(t0 + 2 * MINUTE, () => operatorAnswers(first.conversation.id, operatorId));
			const toldBefore = telegram.sent(vlad.id).length;

			const again = await when(t0 + 62 * MINUTE, async () => routed(await says(vlad, 'It has still not arrived')));

			expect(again.routing.outcome).toBe('following');
			expect(again.conversation.id).toBe(first.conversation.id);
			expect(telegram.sent(vlad.id)).toHaveLength(toldBefore);
			expect(await stateOf(first.conversation.id)).toBe('needsAnswer');
			const entry = await router.entry(first.conversation.id);
			expect(entry).toMatchObject({ operatorId });
			expect(Date.parse(entry!.deadline!)).toBeGreaterThanOrEqual(t0 + 72 * MINUTE);
			expect(Date.parse(entry!.deadline!)).toBeLessThan(t0 + 73 * MINUTE);
		});

		test('a customer silent for a day is resolved and the operator’s slot freed; back after a week, they are greeted with the incident in a new conversation', async () => {
			const general = await router.groups.create({ name: 'General', line: 1 });
			const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'online' });
			const kira = telegram.updates.customer({ first_name: 'Kira' });
			const t0 = Date.now();
			const first = await when(t0, async () => routed(await says(kira, 'оператор')));
			await when(t0 + MINUTE, () => operatorAnswers(first.conversation.id, olga.id));
			const other = await when(t0 + 2 * MINUTE, async () => routed(await says(telegram.updates.customer({ first_name: 'Lev' }), 'оператор')));
			expect(other.routing).toMatchObject({ outcome: 'queued' });

			const tick = await when(t0 + 25 * 60 * MINUTE, minuteTick);

			expect(tick.outputOf('Resolve Idle Conversations')).toEqual([
				expect.objectContaining({ resolved: expect.objectContaining({ conversationId: first.conversation.id, reason: 'customerSilent', operatorId: olga.id }) }),
			]);
			expect(await stateOf(first.conversation.id)).toBe('resolved');
			expect(await router.entry(other.conversation.id)).toMatchObject({ state: 'assigned', operatorId: olga.id });

			await setIncidentBanner(store.db, { text: { en: 'Card payments are down', ru: 'Платежи картой не работают' }, expectedFix: '18:00' });
			await when(t0 + 3 * 24 * 60 * MINUTE, minuteTick);
			const back = await when(t0 + 8 * 24 * 60 * MINUTE, () => says(kira, 'Hello, a question about my order'));

			const logged = back.outputOf('Log Conversation')[0] as { conversation: { id: number }; newConversation: boolean };
			expect(logged.newConversation).toBe(true);
			expect(logged.conversation.id).not.toBe(first.conversation.id);
			expect(await stateOf(first.conversation.id)).toBe('closed');
			expect(telegram.sent(kira.id).map((m) => m.text).join('\n')).toMatch(/Card payments are down/);
			const supervisor = await router.operators.create({ name: 'Sofia', login: 'sofia', role: 'supervisor', skills: [general.id], capacity: 1, status: 'online' });
			const view = await conversationView(store.db, supervisor, logged.conversation.id);
			expect(view.conversations.map((c) => c.id)).toEqual([first.conversation.id, logged.conversation.id]);
		});

		test('past line 3’s deadline the supervisor is flagged in the desk’s Team list', async () => {
			const third = await router.groups.create({ name: 'Experts', line: 3, slaMinutes: 10 });
			await router.operators.create({ name: 'Olga', login: 'olga', skills: [third.id], capacity: 1, status: 'away' });
			const sofia = await router.operators.create({ name: 'Sofia', login: 'sofia', role: 'supervisor', skills: [], capacity: 1, status: 'online' });
			const waiting = routed(await says(telegram.updates.customer({ first_name: 'Taras' }), 'оператор'));
			const due = Date.parse((waiting.priority as unknown as { firstResponseDue: string }).firstResponseDue);

			const flagged = await slaTick(due + MINUTE);

			expect(flagged.outputOf('Notify Supervisor')).toEqual([expect.objectContaining({ action: 'flaggedToSupervisor', conversationId: waiting.conversation.id })]);
			const list = await deskList(store.db, sofia);
			expect(list.queue).toEqual([expect.objectContaining({ conversationId: waiting.conversation.id, flaggedAt: expect.any(String) })]);
		});

		test('an operator going offline with answered and unanswered conversations hands back only the unanswered', async () => {
			const general = await router.groups.create({ name: 'General', line: 1 });
			const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 3, status: 'online' });
			const answered = routed(await says(telegram.updates.customer({ first_name: 'Anna' }), 'оператор'));
			const unanswered = routed(await says(telegram.updates.customer({ first_name: 'Boris' }), 'оператор'));
			await operatorAnswers(answered.conversation.id, olga.id);

			const off = await step('skillRouter', { resource: 'operator', operation: 'setStatus', operator: 'olga', status: 'offline' });

			expect((off.requeued as Array<{ conversationId: number }>).map((e) => e.conversationId)).toEqual([unanswered.conversation.id]);
			expect(await router.entry(answered.conversation.id)).toMatchObject({ state: 'assigned', operatorId: olga.id });
			expect(await stateOf(answered.conversation.id)).toBe('answered');
			expect(await stateOf(unanswered.conversation.id)).toBe('queued');
		});
	});
});
