import { conversationFacts, firstResponseMs } from '../../reports/facts';
import { NO_TOPIC } from '../../reports';
import { periodJson, type Period } from '../../reports/period';
import { increment, quantile, ranked, ratio, round, seconds } from '../../reports/stats';
import { isBotOnly } from '../../reports/topics';
import type { Db } from '../../store/types';

/** The promise most centers make: a first answer within five minutes. */
export const ANSWER_TARGET_MS = 5 * 60_000;

/** Ratings of 4 and 5 (of 5) count as satisfied. */
const SATISFIED_FROM = 4;

export interface Count {
	label: string;
	count: number;
}

/** What the floor did in a period (today by default): volume, speed, self-service and ratings. */
export interface PeriodFigures {
	period: { from: string; to: string };
	/** Conversations opened in the period. */
	conversations: number;
	byChannel: Count[];
	byTopic: Count[];
	handedOff: number;
	answered: number;
	firstResponseMedianSeconds: number | null;
	/**
	 * Of the handed-off conversations whose five minutes are up (answered, or waiting longer),
	 * those answered within five minutes of the wait's start.
	 */
	answeredWithin5Min: { count: number; of: number; share: number | null };
	/** Settled by the bot alone, of all conversations opened. */
	selfService: { count: number; share: number | null };
	/** Ratings given in the period. */
	csat: { ratings: number; average: number | null; satisfiedShare: number | null };
}

/**
 * The period's figures from the same conversation facts as the weekly reports, so that a
 * number on the dashboard and in the e-mail for the same period are one number.
 */
export async function periodFigures(db: Db, period: Period, at: Date): Promise<PeriodFigures> {
	const judgedMs = Math.min(period.to.getTime(), at.getTime());
	const [facts, ratings] = await Promise.all([
		conversationFacts(db, period, 'created_at'),
		db.query('SELECT score FROM ratings WHERE score IS NOT NULL AND rated_ms >= ? AND rated_ms < ?', [period.from.getTime(), period.to.getTime()]),
	]);
	const byChannel = new Map<string, number>();
	const byTopic = new Map<string, number>();
	const responseMs: number[] = [];
	let handedOff = 0;
	let decided = 0;
	let inTime = 0;
	for (const f of facts) {
		increment(byChannel, f.channel);
		increment(byTopic, f.topic ?? NO_TOPIC);
		if (!f.handedOff) continue;
		handedOff++;
		const waited = firstResponseMs(f);
		if (waited !== null) {
			responseMs.push(waited);
			if (waited <= ANSWER_TARGET_MS) inTime++;
		} else if (f.waitingSinceMs === null || judgedMs - f.waitingSinceMs <= ANSWER_TARGET_MS) continue;
		decided++;
	}
	const botOnly = facts.filter(isBotOnly).length;
	const scores = ratings.map((r) => Number(r.score));
	return {
		period: periodJson(period),
		conversations: facts.length,
		byChannel: ranked(byChannel, Infinity),
		byTopic: ranked(byTopic, Infinity),
		handedOff,
		answered: responseMs.length,
		firstResponseMedianSeconds: seconds(quantile(responseMs, 0.5)),
		answeredWithin5Min: { count: inTime, of: decided, share: ratio(inTime, decided, 4) },
		selfService: { count: botOnly, share: ratio(botOnly, facts.length, 4) },
		csat: {
			ratings: scores.length,
			average: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
			satisfiedShare: ratio(scores.filter((s) => s >= SATISFIED_FROM).length, scores.length, 4),
		},
	};
}
