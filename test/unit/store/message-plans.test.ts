import { prioritize } from '../../../nodes/shared/priority';
import { storeOn, type Db, type Store } from '../../../nodes/shared/store';
import { migratedDb, postgresBackend } from '../../harness/backends';
import { inbound } from '../customers/backends';
import { policyWith } from '../priority/policy';

/** Ways to read `messages` that walk the whole store's messages, inbound ones, replies, or all by time. */
const STORE_WIDE = ['Seq Scan', 'messages_inbound_key', 'messages_outbound_external', 'messages_created'];

type PlanNode = { 'Relation Name'?: string; 'Index Name'?: string; 'Node Type': string; Plans?: PlanNode[] };

/** How each plan node of `node` reads `messages`: an index's name, or the node type (a Seq Scan). */
function readsOfMessages(node: PlanNode): string[] {
	const own = node['Relation Name'] === 'messages' && node['Node Type'] !== 'ModifyTable' ? [node['Index Name'] ?? node['Node Type']] : [];
	return [...own, ...(node.Plans ?? []).flatMap(readsOfMessages)];
}

/** `db`, noting how PostgreSQL plans each statement it runs (EXPLAIN without running it twice). */
function explaining(db: Db, reads: string[]): Db {
	return {
		dialect: db.dialect,
		async query(sql, params) {
			const [{ 'QUERY PLAN': plan }] = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
			reads.push(...readsOfMessages((plan as Array<{ Plan: PlanNode }>)[0].Plan));
			return db.query(sql, params);
		},
		transaction: (work) => db.transaction((tx) => work(explaining(tx, reads))),
		close: () => db.close(),
	};
}

/** 40 customers who wrote 8 messages each and got 7 replies, as a bench run leaves the store. */
async function fillLikeABenchRun(db: Db) {
	await db.query("INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 40) g");
	await db.query(`INSERT INTO conversations (customer_id, channel, account, conversation_key, status, state, created_at, updated_at)
		SELECT id, 'telegram', 'bench', 'chat-' || id, 'open', 'open', now(), now() FROM customers`);
	await db.query(`INSERT INTO messages (conversation_id, direction, channel, account, external_id, author, text, attachments, status, reactions, created_at, updated_at)
		SELECT c.id, CASE WHEN g % 2 = 0 THEN 'in' ELSE 'out' END, 'telegram', 'bench', c.id || '-' || g,
			CASE WHEN g % 2 = 0 THEN 'customer' WHEN g % 4 = 1 THEN 'operator:1' ELSE 'bot' END, 'text', '[]', 'sent', '[]', now(), now()
		FROM conversations c, generate_series(1, 15) g`);
}

/**
 * A PostgreSQL store that has just taken its first messages has no statistics yet (autovacuum
 * analyses a table a minute or more later), and the planner then took an index whose condition a
 * statement repeats: marking a reply sent walked every reply of the store, the Prioritizer every
 * inbound message. On a store filled as a bench run fills it, the statements of every message read
 * their rows by key or by their conversation.
 */
describe('statements of every message on a PostgreSQL store without statistics', () => {
	let store: Store;
	let drop: () => Promise<void>;
	const reads: string[] = [];

	beforeAll(async () => {
		const migrated = await migratedDb(postgresBackend);
		drop = migrated.drop;
		await fillLikeABenchRun(migrated.db);
		store = storeOn(explaining(migrated.db, reads));
	});
	afterAll(async () => {
		await store.close();
		await drop();
	});
	beforeEach(() => {
		reads.length = 0;
	});

	test("marking a reply sent or failed reads the reply by its primary key", async () => {
		const { conversation } = await store.conversations.logInbound(inbound('telegram', 'bench', { id: 'another' }, 'Hello'));
		const sent = await store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'bot', text: 'Hi' });
		const failed = await store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'bot', text: 'Hi again' });
		reads.length = 0;

		await store.messages.markSent(sent.id, 'sent-new');
		await store.messages.markFailed(failed.id, 'blocked by the user');

		expect(reads).toEqual(['messages_pkey', 'messages_pkey']);
	});

	test("the Prioritizer reads the conversation's operator replies and inbound messages, not the store's", async () => {
		const { conversation } = await store.conversations.logInbound(inbound('telegram', 'bench', { id: 'new' }, 'Where is my order?'));
		const answer = await store.messages.addOutbound({ conversationId: conversation.id, channel: 'telegram', author: 'operator:1', text: 'On its way' });
		await store.messages.markSent(answer.id, 'answered');
		await store.conversations.logInbound(inbound('telegram', 'bench', { id: 'new' }, 'Any news?'));
		reads.length = 0;

		const priority = await prioritize(store.db, { conversationId: conversation.id, text: 'Any news?' }, policyWith());

		expect(priority.nextResponseDue).not.toBeNull();
		expect(reads).toContain('messages_operator_replies');
		expect(reads.filter((read) => STORE_WIDE.includes(read))).toEqual([]);
	});
});
