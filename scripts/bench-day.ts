/**
 * A simulated day of a contact center through the real support pipeline, in time compressed: the
 * shipped templates run in n8n's engine (the harness of the engine tests) against a real store and
 * the fake Telegram server, with the clock (Date only) moved a minute at a time. Customers arrive
 * 08:00–18:00 and write 2–6 messages each; operators work two shifts, answer what is theirs a few
 * minutes after it needs an answer and close most conversations once done; every minute the SLA
 * and support-pipeline schedules run. The day is followed by 30 quiet hours for the resolver.
 * Prints one JSON line.
 *
 *   npm run bench:day -- [--customers 5000] [--operators 20] [--postgres] [--seed 7]
 *
 * Figures: conversations; hand-off notices per conversation ("… will answer you here shortly" or
 * a first place in the queue; target ≤ 1 each) and later place updates; escalations of
 * conversations whose operator had answered (target 0); SLA met share (first responses, the SLA
 * report); conversations still open at the end that the resolver should have resolved (target 0);
 * the most any operator held over their capacity at a minute's end (target 0).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { IDataObject } from 'n8n-workflow';

import { handleTelegramWebhook, webhookSecretToken } from '../nodes/shared/channels/telegram';
import type { User } from '../nodes/shared/channels/telegram/schema';
import { DEFAULT_IDLE } from '../nodes/shared/lifecycle';
import { slaReport } from '../nodes/shared/reports/sla';
import { routerOn } from '../nodes/shared/routing';
import { closeAllStores, openStore } from '../nodes/shared/store';
import { storeConfigFrom } from '../nodes/node-kit/store';
import { startFakeTelegram } from '../test/fakes/telegram/server';
import { runWorkflow, startAndNode, type WorkflowJson } from '../test/harness/engine';
import pipelineTemplate from '../workflows/support-pipeline.json';
import slaTemplate from '../workflows/sla-escalation.json';
import { option } from './lib/options.ts';

const CUSTOMERS = Number(option('customers', '5000'));
const OPERATORS = Number(option('operators', '20'));
const POSTGRES = process.argv.includes('--postgres');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2026, 2, 2, 8, 0, 0);
const ARRIVALS_END = DAY_START + 10 * HOUR;
const DAY_END = DAY_START + 12 * HOUR;
const SIMULATION_END = DAY_END + 30 * HOUR;
/** Minutes an operator takes to answer what became theirs. */
const THINK_MINUTES = 2;

/** A small deterministic generator, so that runs compare. */
let seed = Number(option('seed', '7'));
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

// The clock: every Date the pack, n8n's engine and the drivers make reads the simulated time.
const RealDate = Date;
let simulated = DAY_START;
class SimulatedDate extends RealDate {
	constructor(...args: unknown[]) {
		if (args.length === 0) super(simulated);
		else super(...(args as [string]));
	}
	static now() {
		return simulated;
	}
}
globalThis.Date = SimulatedDate as DateConstructor;

const BOT_QUESTIONS = ['Where is my order?', 'What are your opening hours?', 'How do I change my delivery address?'];
const PERSON = ['I want to talk to an operator', 'оператор', 'Can I speak to a person please'];
const FOLLOW_UPS = ['Any news?', 'Hello?', 'It still has not arrived', 'My order number is 4512', 'Thank you', 'Ok, and when?'];

interface Planned {
	user: User;
	/** Simulated times of the customer's messages. */
	at: number[];
	handsOff: boolean;
	sent: number;
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'cc-bench-day-'));
	const schema = `cc_bench_day_${randomUUID().replace(/-/g, '')}`;
	const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
	const storeCredential = POSTGRES ? { backend: 'postgres', ...PG, schema } : { backend: 'sqlite', sqliteFile: join(dir, 'store.sqlite') };
	const telegram = await startFakeTelegram();
	const store = await openStore(storeConfigFrom(storeCredential));
	const router = routerOn(store.db);
	const credentials = {
		contactCenterStoreApi: storeCredential,
		contactCenterTelegramApi: { accessToken: telegram.token, baseUrl: telegram.baseUrl },
	};
	const run = async (workflow: WorkflowJson, startNode: string, items: Array<{ json: IDataObject }>) => {
		const done = await runWorkflow(workflow, { credentials, startNode, triggerItems: items });
		if (done.error) throw done.error;
		return done;
	};
	const pipeline = pipelineTemplate as unknown as WorkflowJson;
	const sla = slaTemplate as unknown as WorkflowJson;
	const secretToken = webhookSecretToken(telegram.token);
	const asDelivered = (update: object) => {
		const verdict = handleTelegramWebhook(
			{ method: 'POST', headers: { 'x-telegram-bot-api-secret-token': secretToken }, query: {}, rawBody: Buffer.from(JSON.stringify(update)) },
			{ botId: String(telegram.botId), secretToken },
		);
		if (verdict.kind !== 'accept') throw new Error(`Telegram delivery refused: ${verdict.kind}`);
		return verdict.messages.map((message) => ({ json: { message } as unknown as IDataObject }));
	};
	const STORE_REF = { contactCenterStoreApi: { id: 'ccStoreDefault01', name: 'Contact Center Store' } };
	const operatorReplies = startAndNode({
		name: 'Answer',
		type: 'contactCenterReply',
		parameters: { author: 'operator', operatorId: '={{ $json.operatorId }}', text: 'Thank you for waiting, let me sort this out for you.' },
		credentials: { ...STORE_REF, contactCenterTelegramApi: { id: 'tg', name: 'Telegram' } },
	});
	const operatorCloses = startAndNode({ name: 'Close', type: 'contactCenterConversation', parameters: { operation: 'close' }, credentials: STORE_REF });

	// Three lines; operators in two overlapping shifts (08:00–14:30 and 13:30–20:00).
	const lineOne = await router.groups.create({ name: 'General', line: 1, slaMinutes: 10 });
	const lineTwo = await router.groups.create({ name: 'Second line', line: 2, slaMinutes: 30 });
	const lineThree = await router.groups.create({ name: 'Experts', line: 3, slaMinutes: 60 });
	const shifts: Array<{ login: string; on: number; off: number }> = [];
	for (let i = 0; i < OPERATORS; i++) {
		const group = i % 10 < 7 ? lineOne : i % 10 < 9 ? lineTwo : lineThree;
		const login = `op${i}`;
		await router.operators.create({ name: `Operator ${i}`, login, skills: [group.id], capacity: 5, status: 'offline' });
		const early = i % 2 === 0;
		shifts.push({ login, on: early ? DAY_START : DAY_START + 5.5 * HOUR, off: early ? DAY_START + 6.5 * HOUR : DAY_END });
	}

	const planned: Planned[] = [];
	for (let i = 0; i < CUSTOMERS; i++) {
		const arrives = DAY_START + Math.floor(random() * (ARRIVALS_END - DAY_START));
		const count = between(2, 6);
		const at = [arrives];
		for (let k = 1; k < count; k++) at.push(at[k - 1] + between(1, 20) * MINUTE);
		planned.push({ user: telegram.updates.customer({ first_name: `Customer${i}`, language_code: 'en' }), at, handsOff: random() < 0.6, sent: 0 });
	}

	/** When each conversation started waiting for its operator (assigned or needs an answer again). */
	const waitingSince = new Map<number, number>();
	const answeredAt = new Map<number, number>();
	const wronglyEscalated = new Set<number>();
	let escalations = 0;
	let maxOverCapacity = 0;
	const started = RealDate.now();

	for (simulated = DAY_START; simulated <= SIMULATION_END; simulated += simulated < DAY_END + HOUR ? MINUTE : 10 * MINUTE) {
		for (const s of shifts) {
			if (s.on === simulated) await router.setOperatorStatus(s.login, 'online');
			if (s.off === simulated) await router.setOperatorStatus(s.login, 'offline');
		}
		// Customers whose next message is due.
		const due: Array<{ json: IDataObject }> = [];
		for (const p of planned) {
			while (p.sent < p.at.length && p.at[p.sent] <= simulated) {
				const text = p.sent === 0 ? BOT_QUESTIONS[between(0, 2)] : p.sent === 1 && p.handsOff ? PERSON[between(0, 2)] : FOLLOW_UPS[between(0, 5)];
				due.push(...asDelivered(telegram.updates.text(p.user, text)));
				p.sent++;
			}
		}
		if (due.length) await run(pipeline, 'Telegram', due);

		// Operators answer what has been theirs for a few minutes, and close what is done.
		const theirs = await store.db.query(
			`SELECT c.id, c.state, e.operator_id FROM conversations c JOIN routing_entries e ON e.conversation_id = c.id AND e.state = 'assigned'
			 JOIN operators o ON o.id = e.operator_id AND o.status = 'online' WHERE c.state IN ('assigned', 'needsAnswer', 'answered')`,
		);
		const answer: Array<{ json: IDataObject }> = [];
		const close: Array<{ json: IDataObject }> = [];
		for (const row of theirs) {
			const id = Number(row.id);
			if (row.state === 'answered') {
				waitingSince.delete(id);
				// Done when the customer has not written for 10 minutes since the answer; customers who come back reopen it.
				if (simulated - (answeredAt.get(id) ?? simulated) >= 10 * MINUTE && random() < 0.8) close.push({ json: { conversation: { id } } });
				continue;
			}
			if (!waitingSince.has(id)) waitingSince.set(id, simulated);
			if (simulated - waitingSince.get(id)! >= THINK_MINUTES * MINUTE) {
				answer.push({ json: { conversation: { id }, operatorId: String(row.operator_id) } });
				waitingSince.delete(id);
				answeredAt.set(id, simulated);
			}
		}
		if (answer.length) await run(operatorReplies, 'Start', answer);
		if (close.length) await run(operatorCloses, 'Start', close);

		// The schedules: escalation, then the pipeline's every-minute branch (recovery, resolver).
		const answeredBefore = new Set(
			(await store.db.query("SELECT id FROM conversations WHERE state = 'answered'")).map((r) => Number(r.id)),
		);
		const escalated = (await run(sla, 'Every Minute', [{ json: { timestamp: new Date().toISOString() } }])).outputOf('Escalate Overdue');
		escalations += escalated.length;
		for (const e of escalated) if (answeredBefore.has(Number(e.conversationId))) wronglyEscalated.add(Number(e.conversationId));
		await run(pipeline, 'Every Minute', [{ json: { timestamp: new Date().toISOString() } }]);

		const [load] = await store.db.query(
			`SELECT COALESCE(MAX(n - capacity), 0) AS over FROM (
				SELECT o.capacity, count(e.id) AS n FROM operators o JOIN routing_entries e ON e.operator_id = o.id AND e.state = 'assigned'
				WHERE o.status = 'online' GROUP BY o.id, o.capacity) x`,
		);
		maxOverCapacity = Math.max(maxOverCapacity, Number(load.over));
	}

	const conversations = await store.db.query('SELECT id FROM conversations');
	// Each hand-off (a routing entry) may tell the customer once who answers or their place; later
	// "in the queue" messages of the same hand-off are place updates, told only on a material change.
	const entries = await store.db.query(
		`SELECT e.enqueued_ms, COALESCE(e.closed_ms, ?) AS until_ms, i.external_user_id FROM routing_entries e
		 JOIN conversations c ON c.id = e.conversation_id
		 JOIN identities i ON i.customer_id = c.customer_id AND i.channel = 'telegram'`,
		[SIMULATION_END],
	);
	const handOffNotices: number[] = [];
	const placeUpdates: number[] = [];
	for (const e of entries) {
		const from = Number(e.enqueued_ms) / 1000 - 1;
		const until = Number(e.until_ms) / 1000;
		const texts = telegram
			.sent(String(e.external_user_id))
			.filter((m) => m.date >= from && m.date <= until)
			.map((m) => m.text ?? '');
		const assignedNotices = texts.filter((t) => /will answer you here shortly/.test(t)).length;
		const queueNotices = texts.filter((t) => /in the queue/.test(t)).length;
		handOffNotices.push(assignedNotices + Math.min(1, queueNotices));
		placeUpdates.push(Math.max(0, queueNotices - 1));
	}
	const quietSince = (ms: number) => new RealDate(SIMULATION_END - ms).toISOString();
	const [shouldHaveResolved] = await store.db.query(
		`SELECT count(*) AS n FROM conversations WHERE (state = 'bot' AND updated_at < ?) OR (state = 'answered' AND state_at < ?)`,
		[quietSince(DEFAULT_IDLE.botIdleMinutes * MINUTE + 10 * MINUTE), quietSince(DEFAULT_IDLE.customerSilentHours * HOUR + 10 * MINUTE)],
	);
	const report = await slaReport(store.db, { from: new RealDate(DAY_START), to: new RealDate(DAY_END) }, { now: new RealDate(SIMULATION_END) });
	const mean = (xs: number[]) => (xs.length ? Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)) : 0);

	console.log(
		JSON.stringify({
			bench: 'day',
			store: POSTGRES ? 'postgres' : 'sqlite',
			customers: CUSTOMERS,
			operators: OPERATORS,
			conversations: conversations.length,
			handOffs: entries.length,
			handOffNoticesPerHandOff: { mean: mean(handOffNotices), max: Math.max(0, ...handOffNotices) },
			placeUpdatesPerHandOff: { mean: mean(placeUpdates), max: Math.max(0, ...placeUpdates) },
			escalations,
			wronglyEscalated: wronglyEscalated.size,
			slaMetShare: report.summary.metShare,
			firstResponseMedianSeconds: report.summary.firstResponseMedianSeconds,
			leftOpenThatShouldHaveResolved: Number(shouldHaveResolved.n),
			maxOverCapacity,
			wallSeconds: Math.round((RealDate.now() - started) / 1000),
		}),
	);
	await closeAllStores();
	await telegram.close();
	rmSync(dir, { recursive: true, force: true });
	if (POSTGRES) {
		const client = new Client(PG);
		await client.connect();
		await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
		await client.end();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
