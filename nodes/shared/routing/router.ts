import type { Db } from '../store/types';
import { drainGroups } from './drain';
import { escalateEntry } from './escalation';
import { pickGroup } from './groupRules';
import { placeChangedMaterially, policyWith, priorityFrom, type RoutingPolicy } from './policy';
import { lanesOn } from './lanes';
import { placeOf } from './place';
import { findGroup, findOperator, listGroups, listOperators, saveGroup, saveOperator } from './repository/directory';
import {
	assign,
	closeLive,
	liveEntry,
	lockOperator,
	lockQueued,
	lockWithRoom,
	overdue,
	recordTold,
	requeueFromOffline,
	requeueOf,
	toldEntry,
	type Told,
} from './repository/entries';
import type {
	EscalationOutcome,
	ManualEscalation,
	Operator,
	OperatorInput,
	OperatorStatus,
	QueuePlace,
	RoutedConversation,
	RouteRequest,
	RouteResult,
	RoutingEntry,
	SkillGroup,
	SkillGroupInput,
} from './types';
import { heldByOperator } from './types';

/** Overdue entries escalated per transaction; the next scheduled run takes the rest. */
const ESCALATION_BATCH = 200;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const msOf = (at?: Date) => (at ?? new Date()).getTime();

export interface Router {
	route(conversation: RoutedConversation, request?: RouteRequest, at?: Date): Promise<RouteResult>;
	/** Closes (or hands off) the conversation's routing: frees the operator's slot and pulls the next one. */
	release(conversationId: number, at?: Date): Promise<{ released: RoutingEntry | null; assigned: RoutingEntry[] }>;
	/** Hands queued conversations the operator can serve to whoever has room. */
	onOperatorFree(operatorId: number, at?: Date): Promise<RoutingEntry[]>;
	/** Hands queued conversations of every group to operators with room. */
	drain(at?: Date): Promise<RoutingEntry[]>;
	/** Going offline returns the operator's conversations to their queues, to be offered to others. */
	setOperatorStatus(
		operator: number | string,
		status: OperatorStatus,
		at?: Date,
	): Promise<{ operator: Operator; requeued: RoutingEntry[]; assigned: RoutingEntry[] }>;
	entry(conversationId: number): Promise<RoutingEntry | null>;
	/** A queued conversation's place, and whether it moved enough since the customer was last told. */
	place(conversationId: number, at?: Date): Promise<(QueuePlace & { entry: RoutingEntry; changedMaterially: boolean }) | null>;
	/** Remembers what the customer was told, for the next `place(…).changedMaterially`. */
	markTold(conversationId: number, place: QueuePlace): Promise<void>;
	escalateOverdue(at?: Date): Promise<EscalationOutcome[]>;
	escalate(conversationId: number, how: ManualEscalation, at?: Date): Promise<EscalationOutcome>;
	/** The operator takes a queued conversation, as the queue would give it, when online with room; null when it is not queued or they have none. */
	take(conversationId: number, operatorId: number, at?: Date): Promise<RoutingEntry | null>;
	groups: {
		list(): Promise<SkillGroup[]>;
		get(ref: number | string): Promise<SkillGroup | null>;
		create(input: Partial<SkillGroupInput> & { name: string }): Promise<SkillGroup>;
		update(id: number, patch: Partial<SkillGroupInput>): Promise<SkillGroup>;
	};
	operators: {
		list(): Promise<Operator[]>;
		get(ref: number | string): Promise<Operator | null>;
		create(input: Partial<OperatorInput> & { name: string; login: string }): Promise<Operator>;
		update(id: number, patch: Partial<OperatorInput>): Promise<Operator>;
	};
}

/** The router over a migrated store database. */
export function routerOn(db: Db, overrides: Partial<RoutingPolicy> = {}): Router {
	const policy = policyWith(overrides);
	// Concurrent routes share their statements; the lanes drain as `settle` does.
	const lanes = lanesOn(db, policy, settle);

	/**
	 * Drains `groupIds` until no operator with room was held by another worker. On PostgreSQL a
	 * drain skips locked operators; once their holders commit, room they left must still be used.
	 */
	async function settle(groupIds: number[], nowMs: number): Promise<RoutingEntry[]> {
		const ids = [...new Set(groupIds)];
		const assigned: RoutingEntry[] = [];
		for (let attempt = 0; ; attempt++) {
			if (attempt > 0) await pause(Math.min(50, attempt) * Math.random());
			const drained = await drainGroups(db, ids, policy, nowMs);
			assigned.push(...drained.assigned);
			if (!drained.contended) return assigned;
		}
	}

	const skillsOf = async (operatorId: number) => (await findOperator(db, operatorId))?.skills ?? [];
	const allGroupIds = async () => (await listGroups(db)).map((g) => g.id);

	/** `online`: the group's operators online when the statement that queued it counted them. */
	const queued = async (entry: RoutingEntry, group: SkillGroup, place: QueuePlace, online?: number): Promise<RouteResult> => ({
		outcome: 'queued',
		entry,
		group,
		operatorsOnline: online ?? (await lanes.online(group.id)),
		...place,
	});

	async function describe(entry: RoutingEntry, nowMs: number, known?: SkillGroup): Promise<RouteResult> {
		const groupOf = async (e: RoutingEntry) => {
			const group = known?.id === e.groupId ? known : await findGroup(db, e.groupId);
			if (!group) throw new Error(`Skill group ${e.groupId} of conversation ${e.conversationId} is gone.`);
			return group;
		};
		if (heldByOperator(entry)) {
			const operator = await lanes.operator(entry.operatorId!);
			if (!operator) throw new Error(`Operator ${entry.operatorId} of conversation ${entry.conversationId} is gone.`);
			return { outcome: 'assigned', entry, group: await groupOf(entry), operator };
		}
		// Told its place by the statement that finds it still queued; taken or moved since it was read, it is read again.
		const told = await lanes.tell({ entry, nowMs });
		if (told?.told) return queued(told.entry, await groupOf(told.entry), told.told);
		const now = await liveEntry(db, entry.conversationId);
		if (!now) throw new Error(`Conversation ${entry.conversationId} was closed while being routed.`);
		return describe(now, nowMs, known);
	}

	/**
	 * A message in a conversation people already have (a follow-up, or a retried execution): it is
	 * theirs, so nothing is routed or announced again, except a queued customer's place when it moved
	 * enough since they were last told, and a conversation whose operator has gone offline, which
	 * goes back to its group's queue and is announced as a new route would be.
	 */
	async function follow(conversationId: number, nowMs: number, known: Told | null): Promise<RouteResult> {
		const live = known ?? (await toldEntry(db, conversationId));
		if (!live) throw new Error(`Conversation ${conversationId} was closed while being routed.`);
		const { entry } = live;
		if (entry.state === 'assigned' && entry.operatorId !== null && (await lanes.operator(entry.operatorId))?.status === 'offline') {
			const [requeued] = await db.transaction((tx) => requeueFromOffline(tx, conversationId, nowMs));
			if (requeued) {
				const drained = await lanes.drain({ groupId: requeued.groupId, nowMs });
				return describe(drained.find((e) => e.conversationId === conversationId) ?? requeued, nowMs);
			}
		}
		if (entry.state === 'queued') {
			const place = await lanes.place({ entry, nowMs });
			if (placeChangedMaterially(live.told, place, policy)) return describe(entry, nowMs);
		}
		return { outcome: 'following', entry };
	}

	const router: Router = {
		async route(conversation, request = {}, at) {
			const nowMs = msOf(at);
			const groups = await lanes.groups();
			const criteria = {
				topic: request.topic ?? conversation.topic ?? null,
				language: request.language ?? conversation.language ?? null,
				channel: request.channel ?? conversation.channel ?? null,
			};
			let group: SkillGroup | null;
			if (request.group) {
				group = groups.find((g) => g.name.toLowerCase() === request.group!.toLowerCase()) ?? null;
				if (!group) throw new Error(`Skill group "${request.group}" does not exist.`);
			} else {
				group = pickGroup(groups, criteria);
			}
			if (!group) return { outcome: 'noGroup' };
			const chosen = group;
			const customerId = request.customerId ?? conversation.customerId ?? null;
			const deadlineMs = request.deadline
				? new Date(request.deadline).getTime()
				: chosen.slaMinutes
					? nowMs + chosen.slaMinutes * 60_000
					: null;
			if (deadlineMs !== null && Number.isNaN(deadlineMs)) throw new Error(`Deadline "${String(request.deadline)}" is not a date.`);

			// Routing a conversation twice (a retried execution) leaves it where it is: the insert finds its live entry.
			// Queued and handed off from the bot by one statement with the arrivals of concurrent routes, drained
			// only when someone has room: a busy center's queue grows by a share of a round trip per arrival.
			const inserted = await lanes.arrive({
				conversationId: conversation.id,
				customerId,
				groupId: chosen.id,
				line: chosen.line,
				priority: priorityFrom(request.priority),
				...criteria,
				enqueuedMs: nowMs,
				deadlineMs,
				byRules: !request.group,
				deadlineOfGroup: !request.deadline,
			});
			if (!inserted.entry) return follow(conversation.id, nowMs, inserted.live);
			// A reopened conversation may have gone back to the group that last had it.
			const queuedIn = groups.find((g) => g.id === inserted.entry.groupId) ?? chosen;
			if (!inserted.room) return queued(inserted.entry, queuedIn, inserted.place, inserted.online);
			const drained = await lanes.drain({ groupId: queuedIn.id, nowMs });
			// Assigned by its drain, or queued behind others as inserted: told its place if it still is (another
			// drain may have taken it meanwhile, and a close right after may, as it could right after any read).
			return describe(drained.find((e) => e.conversationId === conversation.id) ?? inserted.entry, nowMs, queuedIn);
		},

		async release(conversationId, at) {
			const nowMs = msOf(at);
			const released = await closeLive(db, conversationId, nowMs);
			if (!released) return { released: null, assigned: [] };
			const groupIds = released.operatorId === null ? [] : await skillsOf(released.operatorId);
			return { released, assigned: await settle([released.groupId, ...groupIds], nowMs) };
		},

		async onOperatorFree(operatorId, at) {
			return settle(await skillsOf(operatorId), msOf(at));
		},

		async drain(at) {
			return settle(await allGroupIds(), msOf(at));
		},

		async setOperatorStatus(ref, status, at) {
			const nowMs = msOf(at);
			const found = await findOperator(db, ref);
			if (!found) throw new Error(`Operator ${ref} does not exist.`);
			const requeued = await db.transaction(async (tx) => {
				await lockOperator(tx, found.id);
				await saveOperator(tx, { status }, found.id);
				return status === 'offline' ? requeueOf(tx, found.id, nowMs) : [];
			});
			const assigned = await settle([...found.skills, ...requeued.map((e) => e.groupId)], nowMs);
			const operator = await findOperator(db, found.id);
			return { operator: operator ?? found, requeued, assigned };
		},

		entry: (conversationId) => liveEntry(db, conversationId),

		async place(conversationId, at) {
			const live = await toldEntry(db, conversationId);
			if (!live || live.entry.state !== 'queued') return null;
			const place = await placeOf(db, live.entry, policy, msOf(at));
			return { entry: live.entry, ...place, changedMaterially: placeChangedMaterially(live.told, place, policy) };
		},

		markTold: async (conversationId, place) => {
			const entry = await liveEntry(db, conversationId);
			if (entry) await recordTold(db, entry.id, place.position, place.expectedWaitSeconds);
		},

		async escalateOverdue(at) {
			const nowMs = msOf(at);
			const outcomes = await db.transaction(async (tx) => {
				const groups = await listGroups(tx);
				const done: EscalationOutcome[] = [];
				for (const entry of await overdue(tx, nowMs, ESCALATION_BATCH)) {
					done.push(await escalateEntry(tx, entry, groups, policy, nowMs));
				}
				return done;
			});
			if (!outcomes.length) return outcomes;
			await settle(await allGroupIds(), nowMs);
			return Promise.all(outcomes.map((o) => withCurrentState(o)));
		},

		async escalate(conversationId, how, at) {
			const nowMs = msOf(at);
			const outcome = await db.transaction(async (tx) => {
				const entry = await liveEntry(tx, conversationId);
				if (!entry) throw new Error(`Conversation ${conversationId} is not being routed.`);
				return escalateEntry(tx, entry, await listGroups(tx), policy, nowMs, how);
			});
			await settle(await allGroupIds(), nowMs);
			return withCurrentState(outcome);
		},

		take(conversationId, operatorId, at) {
			return db.transaction(async (tx) => {
				const live = await liveEntry(tx, conversationId);
				// Locked in the drain's order, entry then operator, so that the two never wait on each other.
				const entry = live?.state === 'queued' ? await lockQueued(tx, live.id) : null;
				if (!entry || (await lockWithRoom(tx, operatorId)) !== 'room') return null;
				return assign(tx, entry.id, operatorId, entry.groupId, msOf(at));
			});
		},

		groups: {
			list: () => listGroups(db),
			get: (ref) => findGroup(db, ref),
			create: (input) => saveGroup(db, input),
			update: (id, patch) => saveGroup(db, patch, id),
		},
		operators: {
			list: () => listOperators(db),
			get: (ref) => findOperator(db, ref),
			create: (input) => saveOperator(db, input),
			async update(id, patch) {
				const { status, ...rest } = patch;
				const saved = await saveOperator(db, rest, id);
				return status && status !== saved.status ? (await router.setOperatorStatus(id, status)).operator : saved;
			},
		},
	};
	return router;

	/** The outcome with the state the drain after it left (a moved conversation may have been taken at once). */
	async function withCurrentState(outcome: EscalationOutcome): Promise<EscalationOutcome> {
		const entry = await liveEntry(db, outcome.conversationId);
		return entry ? { ...outcome, state: entry.state, operatorId: entry.operatorId } : outcome;
	}
}
