import { z } from 'zod';

import { routerOn } from '../routing';
import type { Store } from '../store';
import { isSupervisor } from './access';
import { openAlerts } from '../limits/alerts';
import { authenticate, changePassword, login, logout, type DeskSession } from './auth';
import { attachmentImage } from './attachmentImage';
import { conversationChanges, conversationView } from './conversation';
import { dashboardCharts, dashboardCsv, dashboardPeriod, supervisorDashboard } from './dashboard';
import { DeskError } from './errors';
import { deskList } from './list';
import { cannedFor, changeTags, closeConversation, correctCustomer, prepareReply, setOwnStatus, setTopic, transfer } from './operations';
import type { DeskPolicy } from './policy';

const id = z.coerce.number().int().positive();
const cursor = z
	.object({ messageId: z.number().int().min(0).default(0), noteId: z.number().int().min(0).default(0), revisedAt: z.string().datetime().optional() })
	.default({});
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** Every call the page makes: `{action, …}` in a POST body. */
const CallSchema = z.discriminatedUnion('action', [
	z.object({ action: z.literal('login'), login: text(200), password: text(1000) }),
	z.object({ action: z.literal('logout') }),
	z.object({ action: z.literal('changePassword'), current: text(1000), next: text(1000) }),
	z.object({ action: z.literal('me') }),
	z.object({ action: z.literal('alerts') }),
	z.object({ action: z.literal('list') }),
	z.object({ action: z.literal('conversation'), conversationId: id }),
	z.object({ action: z.literal('attachment'), conversationId: id, messageId: id, index: z.number().int().min(0).max(100) }),
	z.object({ action: z.literal('changes'), conversationId: id.optional(), after: cursor }),
	z.object({ action: z.literal('canned'), conversationId: id, query: text(200).default('') }),
	z.object({ action: z.literal('tags'), conversationId: id, add: z.array(text(60)).max(20).default([]), remove: z.array(text(60)).max(20).default([]) }),
	z.object({
		action: z.literal('transfer'),
		conversationId: id,
		group: text(200).optional(),
		line: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
		operator: z.union([id, text(200)]).optional(),
		note: text(2000).optional(),
	}),
	z.object({ action: z.literal('topic'), conversationId: id, topic: text(120).trim().min(1, 'must not be empty') }),
	z.object({ action: z.literal('close'), conversationId: id, askRating: z.boolean().default(false) }),
	z.object({ action: z.literal('status'), status: z.enum(['online', 'away', 'offline']) }),
	z.object({
		action: z.literal('correctCustomer'),
		conversationId: id,
		correction: z.object({
			name: text(200).optional(),
			phone: text(60).optional(),
			email: text(200).optional(),
			language: text(10).optional(),
			fields: z.record(text(200)).optional(),
		}),
	}),
	z.object({
		action: z.literal('reply'),
		conversationId: id,
		text: text(4000).default(''),
		attachments: z
			.array(z.object({ type: z.enum(['image', 'file']), url: z.string().url().max(2000), name: text(200).optional() }))
			.max(10)
			.default([]),
	}),
	z.object({ action: z.literal('directory') }),
	z.object({ action: z.literal('dashboard'), from: text(40).optional(), to: text(40).optional() }),
	z.object({ action: z.literal('dashboardCsv'), from: text(40).optional(), to: text(40).optional() }),
	z.object({ action: z.literal('dashboardCharts'), from: text(40).optional(), to: text(40).optional() }),
]);

export type DeskCall = z.infer<typeof CallSchema>;

export interface DeskRequest {
	/** The `Authorization` header: `Bearer <token>`. */
	authorization?: string;
	body: unknown;
	/** The caller's network address, which failed sign-ins are counted against. */
	address?: string;
}

/**
 * The answer to one call. `start` is set when the call must go on in the workflow (a reply to
 * send, a rating question to ask): the node starts it with this item after answering.
 */
export interface DeskAnswer {
	status: number;
	body: unknown;
	start?: Record<string, unknown>;
	/** A download instead of JSON (the dashboard's CSV); `body` then says what it holds. */
	file?: { name: string; contentType: string; content: string };
}

export interface DeskOptions {
	policy: DeskPolicy;
	/** What the customer is asked when an operator closes with a rating request. */
	ratingQuestion: string;
	/** The Topic Classifier model whose examples operators' topics add to ('support' when unset). */
	topicModel?: string;
	at?: Date;
}

/**
 * Calls the page makes by itself (its refresh timers, images in what arrived): a desk left open
 * must still run idle, so these do not count as the operator being there. Every other call does.
 */
const PAGE_OWN_CALLS: ReadonlySet<DeskCall['action']> = new Set(['list', 'changes', 'attachment', 'dashboard', 'dashboardCharts']);

const bearer = (header?: string) => /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(header?.trim() ?? '')?.[1];

function publicOperator(session: DeskSession) {
	const { id: operatorId, name, login: loginName, role, status, skills, capacity, active } = session.operator;
	return { id: operatorId, name, login: loginName, role, status, skills, capacity, active, mustChangePassword: session.mustChangePassword };
}

/** Answers one desk call: authenticates, authorises and runs it. Refusals carry a status and a reason. */
export async function handleDeskCall(store: Store, request: DeskRequest, opts: DeskOptions): Promise<DeskAnswer> {
	try {
		return await dispatch(store, request, opts);
	} catch (error) {
		if (error instanceof DeskError) return { status: error.status, body: { error: error.message } };
		throw error;
	}
}

async function dispatch(store: Store, request: DeskRequest, opts: DeskOptions): Promise<DeskAnswer> {
	const parsed = CallSchema.safeParse(request.body);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`);
		throw new DeskError(400, `Invalid desk call: ${issues.join('; ')}`);
	}
	const call = parsed.data;
	const { db } = store;
	const ok = (body: unknown): DeskAnswer => ({ status: 200, body });

	if (call.action === 'login') {
		const signedIn = await login(db, call.login, call.password, opts.policy, opts.at, request.address);
		const session = { operator: signedIn.operator, mustChangePassword: signedIn.mustChangePassword, tokenHash: '' };
		return ok({ token: signedIn.token, operator: publicOperator(session) });
	}

	const session = await authenticate(db, bearer(request.authorization), opts.policy, opts.at, { operatorActed: !PAGE_OWN_CALLS.has(call.action) });
	const me = session.operator;
	if (call.action === 'logout') {
		await logout(db, session, opts.policy, opts.at);
		return ok({ ok: true });
	}
	if (call.action === 'changePassword') {
		await changePassword(db, session, call.current, call.next, opts.policy, opts.at, request.address);
		return ok({ ok: true });
	}
	if (call.action === 'me') return ok({ operator: publicOperator(session) });
	if (session.mustChangePassword) {
		throw new DeskError(403, 'Choose your own password first: the one you signed in with is temporary.');
	}

	switch (call.action) {
		case 'alerts':
			// Attacks in progress (password spraying, link-code guessing) are for supervisors to act on.
			if (!isSupervisor(me)) throw new DeskError(403, 'Only supervisors see security alerts.');
			return ok({ alerts: await openAlerts(db) });
		case 'list':
			return ok(await deskList(db, me, opts.at));
		case 'conversation':
			return ok(await conversationView(db, me, call.conversationId, undefined, opts.at));
		case 'attachment':
			return ok(await attachmentImage(db, me, call));
		case 'changes':
			return ok({
				// The page's status picker follows what others or the desk's own presence rule set.
				status: me.status,
				list: await deskList(db, me, opts.at),
				...(call.conversationId ? { conversation: await conversationChanges(db, me, call.conversationId, call.after, opts.at) } : {}),
			});
		case 'canned':
			return ok({ replies: await cannedFor(store, me, call.conversationId, call.query) });
		case 'tags':
			return ok({ tags: await changeTags(store, me, call.conversationId, call.add, call.remove) });
		case 'topic':
			return ok(await setTopic(store, me, call.conversationId, call.topic, opts.topicModel || 'support'));
		case 'transfer':
			return ok({ outcome: await transfer(store, me, call.conversationId, call, opts.at) });
		case 'status':
			return ok(await setOwnStatus(store, me, call.status, opts.at));
		case 'correctCustomer':
			return ok({ customer: await correctCustomer(store, me, call.conversationId, call.correction) });
		case 'directory': {
			const router = routerOn(db);
			const operators = (await router.operators.list()).map(({ id: operatorId, name, status, skills, role }) => ({ id: operatorId, name, status, skills, role }));
			return ok({ groups: (await router.groups.list()).map(({ id: groupId, name, line }) => ({ id: groupId, name, line })), operators, supervisor: isSupervisor(me) });
		}
		case 'dashboard': {
			const at = opts.at ?? new Date();
			return ok(await supervisorDashboard(db, me, dashboardPeriod(at, call.from, call.to), at));
		}
		case 'dashboardCharts': {
			const at = opts.at ?? new Date();
			return ok({ charts: await dashboardCharts(db, me, dashboardPeriod(at, call.from, call.to), at) });
		}
		case 'dashboardCsv': {
			const at = opts.at ?? new Date();
			const period = dashboardPeriod(at, call.from, call.to);
			const csv = dashboardCsv(await supervisorDashboard(db, me, period, at));
			const day = (d: Date) => d.toISOString().slice(0, 10);
			return {
				status: 200,
				body: { rows: csv.split('\r\n').length - 2 },
				file: { name: `dashboard-${day(period.from)}-${day(period.to)}.csv`, contentType: 'text/csv; charset=utf-8', content: csv },
			};
		}
		case 'close': {
			const { conversation, ratingRequest } = await closeConversation(store, me, call.conversationId, call.askRating ? opts.ratingQuestion : null, opts.at);
			const body = { closed: conversation.id, ratingRequested: ratingRequest !== null };
			return ratingRequest ? { status: 200, body, start: { kind: 'ratingRequest', ...ratingRequest } } : { status: 200, body };
		}
		case 'reply': {
			const item = await prepareReply(store, me, call, opts.at);
			return { status: 202, body: { ok: true, queued: true }, start: { kind: 'reply', ...item } };
		}
	}
}
