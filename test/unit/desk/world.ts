import { randomUUID } from 'node:crypto';

import { handleDeskCall, setPassword, deskPolicyWith, type DeskAnswer, type DeskPolicy } from '../../../nodes/shared/desk';
import { parseInbound, type Attachment, type Channel } from '../../../nodes/shared/envelope';
import { routerOn, type Operator, type Router } from '../../../nodes/shared/routing';
import { storeOn, type Conversation, type Store } from '../../../nodes/shared/store';
import { migratedDb, type Backend } from '../../harness/backends';

export { BACKENDS } from '../../harness/backends';

export const PASSWORD = 'correct horse battery';
export const RATING_QUESTION = 'How did we do? Answer with a number from 1 to 5.';

/**
 * A small contact center: Billing and Tech on line 1, Billing L2 on line 2. Anna serves Billing
 * (two conversations at a time, so that a queue forms), Boris Tech, Lena line 2, Sveta supervises.
 * Everyone has the same password.
 */
export interface DeskWorld {
	store: Store;
	router: Router;
	policy: DeskPolicy;
	anna: Operator;
	boris: Operator;
	lena: Operator;
	sveta: Operator;
	/** A customer writes on a channel; the conversation is routed by topic (billing or tech) at the given priority, at `at` (now by default). */
	customerWrites(opts: {
		topic: 'billing' | 'tech';
		name?: string;
		channel?: Channel;
		userId?: string;
		text?: string;
		attachments?: Attachment[];
		priority?: number;
		/** The first-response deadline the Prioritizer would have set. */
		deadline?: Date;
		at?: Date;
	}): Promise<Conversation>;
	/** One desk call as the page makes it, at `at` (now by default). */
	call(token: string | null, body: Record<string, unknown>, at?: Date, address?: string): Promise<DeskAnswer>;
	/** Signs in and returns the session token. */
	signIn(login: string, password?: string, at?: Date): Promise<string>;
	dispose(): Promise<void>;
}

export async function openDeskWorld(open: () => Promise<Backend>, policy: Partial<DeskPolicy> = {}): Promise<DeskWorld> {
	const { db, drop } = await migratedDb(open);
	const store = storeOn(db);
	const router = routerOn(db);
	const deskPolicy = deskPolicyWith(policy);
	const billing = await router.groups.create({ name: 'Billing', topics: ['billing'], line: 1 });
	const tech = await router.groups.create({ name: 'Tech', topics: ['tech'], line: 1 });
	const billing2 = await router.groups.create({ name: 'Billing L2', topics: ['billing'], line: 2 });
	const operator = (name: string, login: string, skills: number[], role: Operator['role'] = 'operator', capacity = 10) =>
		router.operators.create({ name, login, skills, role, status: 'online', capacity });
	const people = {
		anna: await operator('Anna', 'anna', [billing.id], 'operator', 2),
		boris: await operator('Boris', 'boris', [tech.id]),
		lena: await operator('Lena', 'lena', [billing2.id]),
		sveta: await operator('Sveta', 'sveta', [], 'supervisor'),
	};
	for (const login of Object.keys(people)) await setPassword(db, login, PASSWORD, { temporary: false }, deskPolicy);

	let n = 0;
	const world: DeskWorld = {
		store,
		router,
		policy: deskPolicy,
		...people,
		async customerWrites({ topic, name = 'Customer', channel = 'telegram', userId = `u${randomUUID()}`, text = 'Hello, I need help', attachments, priority, deadline, at }) {
			const { conversation } = await store.conversations.logInbound(
				parseInbound({
					channel,
					account: 'support',
					externalId: `m${++n}`,
					conversationKey: userId,
					sender: { id: userId, name },
					text,
					attachments,
					receivedAt: new Date().toISOString(),
					raw: {},
				}),
			);
			await router.route(conversation, { topic, priority, deadline }, at);
			return conversation;
		},
		call: (token, body, at, address) =>
			handleDeskCall(store, { authorization: token ? `Bearer ${token}` : undefined, body, address }, { policy: deskPolicy, ratingQuestion: RATING_QUESTION, at }),
		async signIn(login, password = PASSWORD, at) {
			const answer = await world.call(null, { action: 'login', login, password }, at);
			if (answer.status !== 200) throw new Error(`Sign-in of ${login} failed: ${JSON.stringify(answer.body)}`);
			return (answer.body as { token: string }).token;
		},
		dispose: async () => {
			await store.close();
			await drop();
		},
	};
	return world;
}

/** The conversation ids of a list tab. */
export const idsOf = (rows: Array<{ conversationId: number }> | undefined) => (rows ?? []).map((r) => r.conversationId);
