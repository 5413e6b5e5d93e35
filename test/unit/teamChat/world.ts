import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { normaliseUpdate, TelegramClient, topicMessageOf, type User } from '../../../nodes/shared/channels/telegram';
import { createTelegramSender } from '../../../nodes/shared/channels/telegram/outbound';
import { parseInbound } from '../../../nodes/shared/envelope';
import { replyToConversation, type ReplyOutcome, type Senders } from '../../../nodes/shared/outbox/reply';
import { routerOn, type Operator, type Router } from '../../../nodes/shared/routing';
import { MIGRATIONS, migrate, openPostgresDb, openSqliteDb, storeOn, type Conversation, type Store } from '../../../nodes/shared/store';
import { handleTeamMessage, linkTelegramUser, postToTeamTopic, type TeamGroup, type TeamOutcome } from '../../../nodes/shared/teamChat';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server';

const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };
const FAST = { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 };

export const BACKENDS = [
	[
		'SQLite',
		async () => {
			const dir = mkdtempSync(join(tmpdir(), 'cc-team-'));
			return { db: openSqliteDb(join(dir, 'contact-center.sqlite')), drop: async () => rmSync(dir, { recursive: true, force: true }) };
		},
	],
	[
		'PostgreSQL',
		async () => {
			const schema = `cc_team_${randomUUID().replace(/-/g, '')}`;
			return {
				db: await openPostgresDb({ backend: 'postgres', ...PG, schema }),
				drop: async () => {
					const client = new Client(PG);
					await client.connect();
					await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
					await client.end();
				},
			};
		},
	],
] as const;

/**
 * A small team working from a Telegram forum group: customers write to the support bot (one fake
 * Telegram), operators sit in the team group with the team bot (another fake). Anna (Billing) is
 * linked to her Telegram account; Mark is a group member who is not an operator.
 */
export interface TeamWorld {
	store: Store;
	router: Router;
	customerBot: FakeTelegram;
	teamBot: FakeTelegram;
	groupId: number;
	team: TeamGroup;
	anna: Operator;
	annaOnTelegram: User;
	markOnTelegram: User;
	/** A customer writes to the support bot; the message is logged as the Telegram trigger and Log Conversation would. */
	customerWritesOnTelegram(user: User, text: string): Promise<Conversation>;
	customerWritesOnWebChat(session: string, name: string, text: string): Promise<Conversation>;
	/** Routing takes the conversation to Billing, and the team chat step runs as in the support pipeline. */
	handOff(conversation: Conversation): Promise<void>;
	/** A member writes in a topic; a reply goes on as the template's Reply to Customer node sends it. */
	memberWrites(who: User, threadId: number, text: string): Promise<{ outcome: TeamOutcome; sent?: ReplyOutcome }>;
	dispose(): Promise<void>;
}

export async function openTeamWorld(open: (typeof BACKENDS)[number][1]): Promise<TeamWorld> {
	const { db, drop } = await open();
	await migrate(db, MIGRATIONS);
	const store = storeOn(db);
	const router = routerOn(db);
	const billing = await router.groups.create({ name: 'Billing', topics: ['billing'], line: 1 });
	await router.groups.create({ name: 'Billing L2', topics: ['billing'], line: 2 });
	const anna = await router.operators.create({ name: 'Anna', login: 'anna', skills: [billing.id], status: 'online', capacity: 5 });
	const customerBot = await startFakeTelegram();
	const teamBot = await startFakeTelegram({ botId: 7_000_000_777, username: 'acme_team_bot' });
	const group = teamBot.forum.createGroup({ title: 'Acme support team' });
	const team: TeamGroup = { client: new TelegramClient(teamBot.token, teamBot.baseUrl), chatId: String(group.id), retry: FAST };
	const annaOnTelegram = teamBot.updates.customer({ first_name: 'Anna', last_name: 'Operator', username: 'anna_ops' });
	const markOnTelegram = teamBot.updates.customer({ first_name: 'Mark', last_name: 'Intern', username: 'mark' });
	await linkTelegramUser(db, 'anna', String(annaOnTelegram.id));

	const telegram = createTelegramSender(FAST);
	const senders: Senders = {
		webchat: async () => ({ ok: true, externalIds: [] }),
		telegram: (message, context) => telegram.send({ accessToken: customerBot.token, baseUrl: customerBot.baseUrl }, message, context),
	};
	let webMessages = 0;

	return {
		store,
		router,
		customerBot,
		teamBot,
		groupId: group.id,
		team,
		anna,
		annaOnTelegram,
		markOnTelegram,
		async customerWritesOnTelegram(user, text) {
			const update = customerBot.updates.text(user, text);
			const [message] = normaliseUpdate(update, { botId: String(customerBot.botId), raw: update, now: () => new Date() }).messages;
			return (await store.conversations.logInbound(message)).conversation;
		},
		async customerWritesOnWebChat(session, name, text) {
			const message = parseInbound({
				channel: 'webchat',
				account: 'website',
				externalId: `web-${++webMessages}`,
				conversationKey: session,
				sender: { id: session, name },
				text,
				receivedAt: new Date().toISOString(),
				raw: {},
			});
			return (await store.conversations.logInbound(message)).conversation;
		},
		async handOff(conversation) {
			await router.route(conversation, { topic: 'billing' });
			await postToTeamTopic(store, team, conversation.id);
		},
		async memberWrites(who, threadId, text) {
			const message = topicMessageOf(teamBot.forum.write(group.id, threadId, who, text));
			if (!message) throw new Error('the fake built no topic message');
			const outcome = await handleTeamMessage(store, team, message);
			if (outcome.action !== 'reply') return { outcome };
			const { reply } = outcome;
			const sent = await replyToConversation(store, senders, reply.conversation.id, { text: reply.text, author: `operator:${reply.operator.id}` });
			return { outcome, sent };
		},
		async dispose() {
			await store.close();
			await Promise.all([customerBot.close(), teamBot.close()]);
			await drop();
		},
	};
}
