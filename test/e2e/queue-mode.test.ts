/**
 * The pack in n8n's queue mode, its answer to scale (docs/scaling.md): a main process taking the
 * webhooks and two workers running the executions from Redis, n8n's database and the pack's store
 * on PostgreSQL. Customers on Telegram and Viber are each answered once, whichever worker runs
 * their message; a customer asking again continues their conversation (the bot remembers its
 * answer); two outage notices sent at once from both workers keep to the Telegram bot's one rate,
 * shared through Redis.
 */
import { parseInbound } from '../../nodes/shared/envelope';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import type { Store } from '../../nodes/shared/store';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startThroughputGate, TELEGRAM_RATE, type ThroughputGate } from '../fakes/throughput';
import { startFakeViber, type FakeViber } from '../fakes/viber/server';
import { postgresBackend } from '../harness/backends';
import { adminForm, startContactCenter, telegramCredential, template, viberCredential, type ContactCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually, settled } from '../harness/wait';

jest.setTimeout(240_000);

const QUESTION = 'Where is my order?';
const ANSWER = 'You can follow your order at https://example.com/orders';
const FOR_A_PERSON = 'I want to talk to an operator';
const HANDED_OFF = /I am passing you to a person\.[\s\S]*An operator will answer you here as soon as possible\.$/;

let telegram: FakeTelegram;
let viber: FakeViber;
/** Telegram's 30 messages a second per bot, enforced in front of the fake Bot API. */
let telegramRate: ThroughputGate;
let center: ContactCenter;
let n8n: N8nProcess;
let store: Store;

beforeAll(async () => {
	[telegram, viber] = await Promise.all([startFakeTelegram(), startFakeViber()]);
	telegramRate = await startThroughputGate(telegram.baseUrl, TELEGRAM_RATE);
	const bot = telegramCredential(telegram);
	center = await startContactCenter({
		workflows: [template('support-pipeline'), template('outage-broadcast')],
		backend: await postgresBackend(),
		queue: { workers: 2 },
		// One execution at a time per worker (n8n's worker concurrency): two executions at once then
		// run on both workers, whichever takes a job first.
		env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' },
		credentials: [{ ...bot, data: { ...bot.data, baseUrl: telegramRate.baseUrl } }, viberCredential(viber)],
	});
	({ n8n, store } = center);
});

afterAll(async () => {
	await center?.stop();
	await Promise.all([telegram?.close(), viber?.close(), telegramRate?.close()]);
});

/** Replies read 3 s apart until they stop changing, so that a doubled one would show. */
const QUIET_FOR = { everyMs: 3000, timeoutMs: 60_000 };

/** The conversation of each message a Telegram customer wrote, in order. */
const conversationsOf = async (user: User) =>
	(
		await store.db.query<{ conversation_id: number }>(
			"SELECT m.conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN identities i ON i.customer_id = c.customer_id WHERE m.direction = 'in' AND i.channel = 'telegram' AND i.external_user_id = ? ORDER BY m.id",
			[String(user.id)],
		)
	).map((row) => Number(row.conversation_id));

describe('main and two workers on Redis and PostgreSQL', () => {
	let anna: User;

	test('customers writing at once on Telegram and Viber are each answered once, by the bot or with a hand-off, on both workers', async () => {
		const onTelegram = Array.from({ length: 12 }, (_, i) => ({ user: telegram.updates.customer({ first_name: `Telegram ${i}` }), text: i % 2 ? FOR_A_PERSON : QUESTION }));
		const onViber = Array.from({ length: 12 }, (_, i) => ({ user: viber.callbacks.customer({ name: `Viber ${i}` }), text: i % 2 ? FOR_A_PERSON : QUESTION }));
		anna = onTelegram[0].user;
		const jobsBefore = n8n.workerJobs();

		const deliveries = await Promise.all([
			...onTelegram.map(({ user, text }) => telegram.deliver(telegram.updates.text(user, text))),
			...onViber.map(({ user, text }) => viber.deliver(viber.callbacks.text(user, text))),
		]);

		expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 200));
		const replies = () => [
			...onTelegram.map(({ user }) => telegram.sent(user.id).map((m) => m.text ?? '')),
			...onViber.map(({ user }) => viber.sent(user).map((m) => m.text ?? '')),
		];
		await eventually('an answer to every customer', () => replies().every((sent) => sent.length > 0), 90_000);
		const answered = await settled('the replies', replies, QUIET_FOR);
		const expected = [...onTelegram, ...onViber].map(({ text }) => [text === FOR_A_PERSON ? expect.stringMatching(HANDED_OFF) : expect.stringContaining(ANSWER)]);
		expect(answered).toEqual(expected);
		const stored = await store.db.query("SELECT COUNT(*) AS n FROM messages WHERE direction = 'in'");
		expect(Number(stored[0].n)).toBe(onTelegram.length + onViber.length);
		const jobs = n8n.workerJobs().map((n, i) => n - jobsBefore[i]);
		expect(jobs).toEqual([expect.any(Number), expect.any(Number)]);
		expect(Math.min(...jobs)).toBeGreaterThan(0);
	});

	test('a customer asking again later continues the same conversation: the bot, on whichever worker, knows its answer did not help', async () => {
		await telegram.deliver(telegram.updates.text(anna, QUESTION));

		await eventually('the second answer', () => telegram.sent(anna.id).length > 1, 60_000);
		expect((await settled('Anna’s replies', () => telegram.sent(anna.id), QUIET_FOR)).map((m) => m.text)).toEqual([
			expect.stringContaining(ANSWER),
			'It seems my answer did not help. Please rephrase, or choose a topic:',
		]);
		const [first, ...later] = await conversationsOf(anna);
		expect(later).toEqual([first]);
	});

	test('two outage notices sent at once from both workers keep to the bot’s one rate: no refusal, each customer told once', async () => {
		const incidents = { 'payments-down': 'Card payments fail', 'late-parcels': 'Parcels are late' };
		const affected = Object.fromEntries(await Promise.all(Object.keys(incidents).map(async (tag) => [tag, await customersTagged(tag, 40)] as const)));
		const refusedBefore = telegramRate.refused;
		const jobsBefore = n8n.workerJobs();
		const form = adminForm(n8n, 'Outage Form', 'cc-outage-broadcast');

		const submitted = await Promise.all(Object.entries(incidents).map(([tag, incident]) => submitOutage(form, tag, incident)));

		expect(submitted).toEqual([200, 200]);
		const told = () => Object.entries(affected).flatMap(([tag, users]) => users.map((user) => telegram.sent(user.id).map((m) => m.text ?? '').filter((text) => text.includes(incidents[tag as keyof typeof incidents]))));
		await eventually('the notice to every affected customer', () => told().every((notices) => notices.length > 0), 90_000);
		expect(await settled('the notices', told, QUIET_FOR)).toEqual(told().map(() => [expect.stringMatching(/^We know about a problem: .+\. Expected fix: within the hour\.$/)]));
		const jobs = n8n.workerJobs().map((n, i) => n - jobsBefore[i]);
		expect(Math.min(...jobs)).toBeGreaterThan(0);
		expect(telegramRate.refused - refusedBefore).toBe(0);
	});
});

/** `count` Telegram customers who wrote to the bot before, their conversations tagged `tag` (the outage's audience). */
async function customersTagged(tag: string, count: number): Promise<User[]> {
	return Promise.all(
		Array.from({ length: count }, async (_, i) => {
			const user = telegram.updates.customer({ first_name: `${tag} ${i}` });
			const update = telegram.updates.text(user, 'Hello');
			const { conversation } = await store.conversations.logInbound(
				parseInbound({
					channel: 'telegram',
					account: String(telegram.botId),
					externalId: `${tag}-${update.update_id}`,
					conversationKey: String(user.id),
					sender: { id: String(user.id), name: user.first_name },
					text: 'Hello',
					receivedAt: new Date().toISOString(),
					raw: {},
				}),
			);
			await store.conversations.addTags(conversation.id, [tag]);
			return user;
		}),
	);
}

/** Ops staff fill the outage form: the incident, its expected fix, not resolved, the campaign's tag. */
async function submitOutage(form: ReturnType<typeof adminForm>, tag: string, incident: string): Promise<number> {
	const body = new FormData();
	body.set('field-0', incident);
	body.set('field-1', 'within the hour');
	body.set('field-2', 'no');
	body.set('field-3', tag);
	const response = await fetch(form.url, { method: 'POST', headers: { authorization: form.authorization }, body });
	return response.status;
}
