/**
 * Ops staff change what the bot answers and how customers are prioritised in n8n's Data Tables,
 * in a real n8n 2.41 with the shipped support pipeline and the admin-bot-tables template: n8n
 * starting creates the knowledge base, menu, topics, VIP tier, priority rule, campaign rate and quiet
 * hours tables filled with the shipped samples; an answer's text edited in the table (through the
 * REST API the editor's table view calls) is what the next Telegram customer is told after the next
 * run, a VIP tier's points edited there are what the next VIP's conversation is scored with, and
 * quiet hours edited there are what Notify Customers holds offers by.
 */
import { correctCard } from '../../nodes/shared/customers';
import { listKnowledge } from '../../nodes/shared/bot';
import { storedPriority } from '../../nodes/shared/priority';
import { appliedQuietHours } from '../../nodes/shared/settings';
import type { Store } from '../../nodes/shared/store';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startContactCenter, template, type ContactCenter } from '../harness/contact-center';
import { dataTables, editorSession } from '../harness/editor-session';
import { eventually } from '../harness/wait';

jest.setTimeout(600_000);

let center: ContactCenter;
let telegram: FakeTelegram;
let store: Store;

beforeAll(async () => {
	telegram = await startFakeTelegram();
	// Two templates, one of them the whole pipeline: on a machine shared with other suites n8n may need more than the usual two minutes.
	center = await startContactCenter({ workflows: [template('support-pipeline'), template('admin-bot-tables')], telegram, readyTimeoutMs: 300_000 });
	({ store } = center);
});
afterAll(async () => {
	await center?.stop();
	await telegram?.close();
});

const NEW_ANSWER = 'Orders now leave our warehouse the same day. Track yours at https://acme.test/track.';
const answerInStore = async () => (await listKnowledge(store.db)).find((e) => e.intent === 'order_status' && e.language === 'en')?.answer;

test('an answer edited in the Knowledge Base table is what the next customer is told; a VIP tier’s points edited there score the next VIP; quiet hours edited there are in effect', async () => {
	await eventually('the shipped knowledge base applied by the first scheduled run', async () => (await answerInStore()) !== undefined, 120_000);
	// The start-up run creates and fills the tables one after another while the minute's run may
	// already apply the first: on a busy machine the last table can still be on its way here.
	const rest = await editorSession(center.n8n);
	const tables = await eventually('every table created and filled with its samples', async () => {
		const listed = await dataTables(rest);
		return listed.names.length === 7 && (await listed.rows('Contact Center · Quiet Hours')).length > 0 && listed;
	}, 120_000);
	expect(tables.names).toEqual([
		'Contact Center · Bot Menu',
		'Contact Center · Campaign Rates',
		'Contact Center · Knowledge Base',
		'Contact Center · Priority Rules',
		'Contact Center · Quiet Hours',
		'Contact Center · Topics',
		'Contact Center · VIP Tiers',
	]);

	const anna = telegram.updates.customer({ first_name: 'Anna' });
	await telegram.deliver(telegram.updates.text(anna, 'Where is my order?'));
	const [before] = await eventually('the bot’s answer from the shipped table', () => telegram.sent(anna.id).length > 0 && telegram.sent(anna.id));
	expect(before.text).toContain('Orders ship within 2 working days');

	await tables.update('Contact Center · Knowledge Base', { intent: 'order_status', language: 'en' }, { answer: NEW_ANSWER });
	await tables.update('Contact Center · VIP Tiers', { name: 'VIP' }, { points: 90 });
	await tables.update('Contact Center · Quiet Hours', { kind: 'promotional' }, { start: '20:00', timeZone: 'Europe/Kyiv' });
	await eventually('the next run’s knowledge base', async () => (await answerInStore()) === NEW_ANSWER, 150_000);

	const boris = telegram.updates.customer({ first_name: 'Boris' });
	await telegram.deliver(telegram.updates.text(boris, 'Where is my order?'));
	const [after] = await eventually('the bot’s answer from the edited table', () => telegram.sent(boris.id).length > 0 && telegram.sent(boris.id));
	expect(after.text).toContain(NEW_ANSWER);
	expect(after.text).not.toContain('Orders ship within 2 working days');

	// A VIP asks for a person: the Prioritizer scores the hand-off with the table's tier.
	const vera = telegram.updates.customer({ first_name: 'Vera' });
	await telegram.deliver(telegram.updates.text(vera, 'Hello'));
	await eventually('the greeting', () => telegram.sent(vera.id).length > 0);
	const [{ customer_id: card, id: conversation }] = await store.db.query<{ customer_id: number; id: number }>(
		"SELECT c.customer_id, c.id FROM conversations c JOIN identities i ON i.customer_id = c.customer_id WHERE i.channel = 'telegram' AND i.external_user_id = ?",
		[String(vera.id)],
	);
	await correctCard(store.db, Number(card), { vipTier: 1 });
	await telegram.deliver(telegram.updates.text(vera, 'I want to talk to an operator'));
	await eventually('the hand-off notice', () => telegram.sent(vera.id).length > 1);
	const priority = await eventually('the stored priority', async () => (await storedPriority(store.db, Number(conversation))) ?? undefined);
	expect(priority.reasons).toContain('VIP tier 1 ≥ 1: +90');

	// What Notify Customers holds offers by (test/engine/notify-templates shows it holding them).
	const quiet = await eventually('the edited quiet hours', async () => ((await appliedQuietHours(store.db))?.promotional?.start === '20:00' ? appliedQuietHours(store.db) : undefined));
	expect(quiet).toEqual({
		promotional: { start: '20:00', end: '09:00', timeZone: 'Europe/Kyiv' },
		service: { start: '21:00', end: '09:00', timeZone: '' },
	});
});
