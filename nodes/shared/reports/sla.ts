import { slaVerdict } from '../lifecycle/sla';
import type { Db } from '../store/types';
import { conversationFacts, firstResponseMs, type ConversationFacts } from './facts';
import { periodJson, type Period } from './period';
import { increment, quantile, ratio, seconds } from './stats';

/** How first answers kept their deadlines in one slice (a group, a line, or everything). */
export interface SlaFigures {
	/** Conversations of the period handed to people. */
	conversations: number;
	answered: number;
	/** Answered by the deadline. */
	met: number;
	/** Answered after it, or still unanswered with the deadline passed. */
	missed: number;
	/** Unanswered with the deadline still ahead: neither met nor missed yet. */
	pending: number;
	/** Without a deadline (never prioritised, and no default target given). */
	noTarget: number;
	/** met / (met + missed). */
	metShare: number | null;
	firstResponseMedianSeconds: number | null;
	firstResponseP90Seconds: number | null;
	escalated: number;
}

export interface SlaGroupRow extends SlaFigures {
	group: string;
	line: number | null;
}

/** First answers that took from `fromSeconds` up to (not including) `toSeconds`; the last bucket is open. */
export interface ResponseBucket {
	fromSeconds: number;
	toSeconds: number | null;
	count: number;
}

export interface SlaReport {
	report: 'sla';
	period: { from: string; to: string };
	/** The time unanswered conversations were judged at: the period's end, or now if earlier. */
	judgedAt: string;
	summary: SlaFigures & { byLine: Array<SlaFigures & { line: number | null }> };
	rows: SlaGroupRow[];
	/** How long first answers took, in buckets a supervisor reads at a glance (5 minutes is the usual promise). */
	distribution: ResponseBucket[];
}

const BUCKET_EDGES_S = [0, 60, 300, 900, 3600, 4 * 3600];

function distributionOf(facts: ConversationFacts[]): ResponseBucket[] {
	const buckets = BUCKET_EDGES_S.map((fromSeconds, i) => ({ fromSeconds, toSeconds: BUCKET_EDGES_S[i + 1] ?? null, count: 0 }));
	for (const f of facts) {
		const waited = firstResponseMs(f);
		if (waited === null) continue;
		let i = buckets.length - 1;
		while (waited < buckets[i].fromSeconds * 1000) i--;
		buckets[i].count++;
	}
	return buckets;
}

export interface SlaOptions {
	/** A target for conversations the Prioritizer gave no deadline, counted from the hand-off. */
	defaultTargetMinutes?: number | null;
	/** The present, for judging conversations still unanswered. */
	now?: Date;
}

/** Handed-off conversations not yet routed to a group. */
export const NO_GROUP = 'unrouted';

function figures(facts: ConversationFacts[], judgedMs: number, defaultTargetMs: number | null): SlaFigures {
	const verdicts = new Map<string, number>();
	const responseMs: number[] = [];
	for (const f of facts) {
		const waited = firstResponseMs(f);
		if (waited !== null) responseMs.push(waited);
		const due = f.dueMs ?? (defaultTargetMs !== null && f.waitingSinceMs !== null ? f.waitingSinceMs + defaultTargetMs : null);
		increment(verdicts, slaVerdict(due, f.firstReplyMs, judgedMs));
	}
	const met = verdicts.get('met') ?? 0;
	const missed = verdicts.get('missed') ?? 0;
	return {
		conversations: facts.length,
		answered: responseMs.length,
		met,
		missed,
		pending: verdicts.get('pending') ?? 0,
		noTarget: verdicts.get('noTarget') ?? 0,
		metShare: ratio(met, met + missed, 4),
		firstResponseMedianSeconds: seconds(quantile(responseMs, 0.5)),
		firstResponseP90Seconds: seconds(quantile(responseMs, 0.9)),
		escalated: facts.filter((f) => f.escalated).length,
	};
}

function groupBy<K>(facts: ConversationFacts[], key: (f: ConversationFacts) => K): Map<K, ConversationFacts[]> {
	const groups = new Map<K, ConversationFacts[]>();
	for (const f of facts) {
		const k = key(f);
		groups.set(k, [...(groups.get(k) ?? []), f]);
	}
	return groups;
}

/**
 * First-response deadlines of the conversations opened in the period and handed to people: how
 * many were answered in time, how long first answers took, overall, per line and per skill
 * group, and how many escalated.
 */
export async function slaReport(db: Db, period: Period, options: SlaOptions = {}): Promise<SlaReport> {
	const judgedMs = Math.min(period.to.getTime(), (options.now ?? new Date()).getTime());
	const targetMs = options.defaultTargetMinutes ? options.defaultTargetMinutes * 60_000 : null;
	const facts = (await conversationFacts(db, period, 'created_at')).filter((f) => f.handedOff);

	const rows = [...groupBy(facts, (f) => f.group ?? NO_GROUP)]
		.map(([group, of]): SlaGroupRow => ({ group, line: of[0].line, ...figures(of, judgedMs, targetMs) }))
		.sort((a, b) => (a.line ?? 99) - (b.line ?? 99) || a.group.localeCompare(b.group));
	const byLine = [...groupBy(facts, (f) => f.line)]
		.map(([line, of]) => ({ line, ...figures(of, judgedMs, targetMs) }))
		.sort((a, b) => (a.line ?? 99) - (b.line ?? 99));
	return {
		report: 'sla',
		period: periodJson(period),
		judgedAt: new Date(judgedMs).toISOString(),
		summary: { ...figures(facts, judgedMs, targetMs), byLine },
		rows,
		distribution: distributionOf(facts),
	};
}
