/**
 * Messages the channel was told were received but that n8n never answered (killed, or its
 * database gone mid-run) are found in the store and handed out again, once per recoverer,
 * on SQLite and on PostgreSQL.
 */
import { routerOn } from '../../../nodes/shared/routing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { parseInbound } from '../../../nodes/shared/envelope';
import { closeAllStores, openStore, type Store, type StoreConfig } from '../../../nodes/shared/store';

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
const MINUTE = 60_000;
const RECOVERY = { olderThanMs: MINUTE, lookBackMs: 24 * 60 * MINUTE, maxAttempts: 3, limit: 50 };

const backends: Array<[string, () => { config: StoreConfig; dispose(): Promise<void> }]> = [
	[
		'SQLite',
		() => {
			const dir = mkdtempSync(join(tmpdir(), 'cc-recovery-'));
			return { config: { backend: 'sqlite', file: join(dir, 'store.sqlite') }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
		},
	],
	[
		'PostgreSQL',
		() => {
			const schema = `cc_test_${randomUUID().replace(/-/g, '')}`;
			return {
				config: { backend: 'postgres', ...PG, schema },
				dispose: async () => {
					const client = new Client(PG);
					await client.connect();
					await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
					await client.end();
				},
			};
		},
	],
];

const viber = (externalId: string, userId = `u-${externalId}`) =>
	parseInbound({
		channel: 'viber',
		account: 'acme',
		externalId,
		conversationKey: userId,
		sender: { id: userId, name: 'Olga' },
		text: `where is order ${externalId}?`,
		receivedAt: new Date().toISOString(),
		raw: { event: 'message', message_token: externalId },
	});

describe.each(backends)('delivery recovery on %s', (_name, makeBackend) => {
	let backend: ReturnType<typeof makeBackend>;
	let store: Store;

	beforeEach(async () => {
		backend = makeBackend();
		store = await openStore(backend.config);
	});

	afterEach(async () => {
		await closeAllStores();
		await backend.dispose();
	});

	/** The delivery was accepted this long ago (and, when given, last recovered then). */
	const age = async (externalId: string, ms: number, recoveredMs?: number) => {
		const at = new Date(Date.now() - ms).toISOString();
		const recovered = recoveredMs === undefined ? null : new Date(Date.now() - recoveredMs).toISOString();
		await store.db.query('UPDATE deliveries SET created_at = ?, recovered_at = COALESCE(?, recovered_at) WHERE external_id = ?', [at, recovered, externalId]);
	};

	test('a message acknowledged and then lost with n8n comes back once, whole', async () => {
		const message = viber('5001');
		await store.deliveries.accept(message);
		await age('5001', 5 * MINUTE);

		const recovered = await store.deliveries.claimUnanswered(RECOVERY);
		const again = await store.deliveries.claimUnanswered(RECOVERY);

		expect(recovered).toEqual([message]);
		expect(again).toEqual([]);
	});

	test('a delivery still within its run is left alone', async () => {
		await store.deliveries.accept(viber('5002'));
		await age('5002', 10_000);

		expect(await store.deliveries.claimUnanswered(RECOVERY)).toEqual([]);
	});

	test('a logged message is recovered until its conversation has an answer after it', async () => {
		const [answered, unanswered] = [viber('5003'), viber('5004')];
		for (const message of [answered, unanswered]) {
			await store.deliveries.accept(message);
			await age(message.externalId, 5 * MINUTE);
		}
		const logged = await store.conversations.logInbound(answered);
		await store.conversations.logInbound(unanswered);
		await store.messages.addOutbound({ conversationId: logged.conversation.id, channel: 'viber', author: 'bot', text: 'On its way' });

		expect((await store.deliveries.claimUnanswered(RECOVERY)).map((m) => m.externalId)).toEqual(['5004']);
	});

	test('a follow-up in a conversation people already have is theirs, not recovered for the pipeline to answer', async () => {
		const [first, followUp, toBot] = [viber('5101', 'u-anna'), viber('5102', 'u-anna'), viber('5103', 'u-boris')];
		const logged = await store.conversations.logInbound(first);
		await store.conversations.logInbound(toBot);
		const router = routerOn(store.db);
		await router.groups.create({ name: 'General' });
		await router.route({ id: logged.conversation.id });
		for (const message of [followUp, toBot]) await store.deliveries.accept(message);
		await store.conversations.logInbound(followUp);
		for (const message of [followUp, toBot]) await age(message.externalId, 5 * MINUTE);

		expect((await store.deliveries.claimUnanswered(RECOVERY)).map((m) => m.externalId)).toEqual(['5103']);
	});

	test('a reply n8n stored but died before sending is no answer once settled; a sent or refused one is', async () => {
		const [diedBeforeSending, sent, refused, stillSending] = ['5010', '5011', '5012', '5013'].map((id) => viber(id));
		const replies = new Map<string, number>();
		for (const message of [diedBeforeSending, sent, refused, stillSending]) {
			await store.deliveries.accept(message);
			await age(message.externalId, 5 * MINUTE);
			const logged = await store.conversations.logInbound(message);
			const reply = await store.messages.addOutbound({ conversationId: logged.conversation.id, channel: 'viber', author: 'bot', text: 'On its way' });
			replies.set(message.externalId, reply.id);
		}
		await store.messages.markSent(replies.get('5011')!, 'viber-token-1');
		await store.messages.markFailed(replies.get('5012')!, 'blocked: the customer blocked the bot');
		const fiveMinutesAgo = new Date(Date.now() - 5 * MINUTE).toISOString();
		await store.db.query("UPDATE messages SET created_at = ? WHERE direction = 'out' AND id <> ?", [fiveMinutesAgo, replies.get('5013')]);

		expect((await store.deliveries.claimUnanswered(RECOVERY)).map((m) => m.externalId)).toEqual(['5010']);
	});

	test('a message that keeps failing is tried again after the wait, at most three times', async () => {
		await store.deliveries.accept(viber('5005'));
		const claims: number[] = [];
		for (let round = 0; round < 5; round++) {
			await age('5005', 30 * MINUTE, 2 * MINUTE);
			claims.push((await store.deliveries.claimUnanswered(RECOVERY)).length);
		}

		expect(claims).toEqual([1, 1, 1, 0, 0]);
	});

	test('deliveries older than the look-back are not answered any more', async () => {
		await store.deliveries.accept(viber('5006'));
		await age('5006', 25 * 60 * MINUTE);

		expect(await store.deliveries.claimUnanswered(RECOVERY)).toEqual([]);
	});

	test('two recoverers racing over 40 lost messages hand each out once', async () => {
		const ids = Array.from({ length: 40 }, (_, i) => String(6000 + i));
		for (const id of ids) {
			await store.deliveries.accept(viber(id));
			await age(id, 5 * MINUTE);
		}

		const claimed: string[] = [];
		for (let round = 0; round < 6; round++) {
			const racing = await Promise.all(
				Array.from({ length: 4 }, () => store.deliveries.claimUnanswered({ ...RECOVERY, limit: 10 })),
			);
			claimed.push(...racing.flat().map((m) => m.externalId));
		}

		expect(claimed.sort()).toEqual(ids);
	});
});
