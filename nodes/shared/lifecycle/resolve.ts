import { closeAndRelease } from '../routing/close';
import { routerOn } from '../routing/router';
import type { Store } from '../store';
import { TRANSITIONS } from './states';

export interface IdleSettings {
	/** A conversation only the bot took part in resolves after this many quiet minutes. */
	botIdleMinutes: number;
	/**
	 * An answered conversation whose customer has not written for this many minutes stops taking a
	 * slot of its operator's capacity (it stays theirs); 0 keeps the slot until it resolves.
	 */
	freeSlotMinutes: number;
	/** An answered conversation whose customer has not written for this many hours resolves. */
	customerSilentHours: number;
	/** A resolved conversation reopens if the customer writes within this many hours; then it is closed for good. */
	reopenHours: number;
}

/**
 * A chat customer who has not answered within a quarter of an hour is rarely at the screen: an
 * operator of five slots would otherwise be full of such conversations for the day that
 * `customerSilentHours` gives them, with customers waiting in the queue.
 */
export const DEFAULT_IDLE: IdleSettings = { botIdleMinutes: 30, freeSlotMinutes: 15, customerSilentHours: 24, reopenHours: 24 };

export interface ResolvedConversation {
	conversationId: number;
	customerId: number;
	reason: 'botIdle' | 'customerSilent';
	/** The operator who answered last, for a rating request; null for the bot's conversations. */
	operatorId: number | null;
}

/** Conversations resolved per run; the next scheduled run takes the rest. */
const BATCH = 500;

/**
 * One run of the scheduled resolver: answered conversations whose customer is silent give up
 * their operator's slot, idle conversations resolve (each freeing its operator's slot, as a close
 * anywhere does), and resolved ones whose reopen window passed are closed for good. A freed slot
 * is filled from the queue at once.
 */
export async function resolveIdle(
	store: Store,
	settings: IdleSettings,
	at = new Date(),
): Promise<{ resolved: ResolvedConversation[]; closed: number; slotsFreed: number }> {
	const before = (ms: number) => new Date(at.getTime() - ms).toISOString();
	const freed = settings.freeSlotMinutes > 0 ? await freeSlotsOfSilent(store, before(settings.freeSlotMinutes * 60_000), at) : 0;
	const due = await store.db.query(
		`SELECT c.id, c.customer_id, c.state, (SELECT e.operator_id FROM routing_entries e WHERE e.conversation_id = c.id AND e.state <> 'closed') AS operator_id
		 FROM conversations c
		 WHERE (c.state = 'bot' AND c.updated_at < ?) OR (c.state = 'answered' AND c.state_at < ?)
		 ORDER BY c.id LIMIT ?`,
		[before(settings.botIdleMinutes * 60_000), before(settings.customerSilentHours * 3_600_000), BATCH],
	);
	const resolved: ResolvedConversation[] = [];
	for (const row of due) {
		const conversationId = Number(row.id);
		await closeAndRelease(store, conversationId, at);
		resolved.push({
			conversationId,
			customerId: Number(row.customer_id),
			reason: row.state === 'bot' ? 'botIdle' : 'customerSilent',
			operatorId: row.operator_id === null || row.operator_id === undefined ? null : Number(row.operator_id),
		});
	}
	const { from, to } = TRANSITIONS.windowPassed;
	const closed = await store.db.query(
		`UPDATE conversations SET state = ?, state_at = ? WHERE state = ? AND closed_at < ? RETURNING id`,
		[to, at.toISOString(), from[0], before(settings.reopenHours * 3_600_000)],
	);
	return { resolved, closed: closed.length, slotsFreed: freed };
}

/** Answered before `answeredBefore` and silent since: the slots they free, and the queue drawn into them. */
async function freeSlotsOfSilent(store: Store, answeredBefore: string, at: Date): Promise<number> {
	const freed = await store.db.query(
		`UPDATE routing_entries SET state = 'waiting'
		 WHERE state = 'assigned' AND conversation_id IN (SELECT id FROM conversations WHERE state = 'answered' AND state_at < ?)
		 RETURNING operator_id`,
		[answeredBefore],
	);
	const router = routerOn(store.db);
	for (const operatorId of new Set(freed.map((r) => Number(r.operator_id)))) await router.onOperatorFree(operatorId, at);
	return freed.length;
}
