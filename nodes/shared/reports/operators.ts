import { answersCustomer } from '../lifecycle/sla';
import type { Db } from '../store/types';
import { conversationFacts, firstResponseMs, operatorIdOf } from './facts';
import { isoBounds, periodJson, type Period } from './period';
import { quantile, ratio, round, seconds } from './stats';

/** One operator's week, or the team's. */
export interface OperatorFigures {
	/** Conversations they wrote in or were assigned in the period. */
	handled: number;
	/** Routing entries they held that were closed in the period. */
	closed: number;
	replies: number;
	/** First answers they gave in the period (conversations where they answered first). */
	firstResponses: number;
	firstResponseMedianSeconds: number | null;
	firstResponseP90Seconds: number | null;
	ratingAverage: number | null;
	ratings: number;
}

export interface OperatorRow extends OperatorFigures {
	operatorId: number;
	name: string;
	login: string;
	/**
	 * The operator's figure over the team's: counts against the team's average per operator,
	 * times and rating against the team's pooled figure. Above 1 is more (or slower).
	 */
	vsTeam: {
		handled: number | null;
		closed: number | null;
		replies: number | null;
		firstResponseMedian: number | null;
		rating: number | null;
	};
}

export interface OperatorReport {
	report: 'operators';
	period: { from: string; to: string };
	/** All operators active in the period together; `perOperator` is its counts divided among them. */
	team: OperatorFigures & { operators: number; perOperator: { handled: number | null; closed: number | null; replies: number | null } };
	rows: OperatorRow[];
}

interface Tally {
	conversations: Set<number>;
	closed: number;
	replies: number;
	responseMs: number[];
	scores: number[];
}

function figuresOf(t: Tally): OperatorFigures {
	const sum = t.scores.reduce((a, b) => a + b, 0);
	return {
		handled: t.conversations.size,
		closed: t.closed,
		replies: t.replies,
		firstResponses: t.responseMs.length,
		firstResponseMedianSeconds: seconds(quantile(t.responseMs, 0.5)),
		firstResponseP90Seconds: seconds(quantile(t.responseMs, 0.9)),
		ratingAverage: t.scores.length ? round(sum / t.scores.length) : null,
		ratings: t.scores.length,
	};
}

/**
 * Each operator's period beside the team's: what they handled, closed and wrote, how fast they
 * gave first answers (from the hand-off or queueing to their first message) and how customers
 * rated them. Only operators with some activity in the period are listed and make up the team.
 */
export async function operatorReport(db: Db, period: Period): Promise<OperatorReport> {
	const bounds = isoBounds(period);
	const msBounds = [period.from.getTime(), period.to.getTime()];
	const [written, assigned, closed, rated, answered, operators] = await Promise.all([
		db.query(
			`SELECT m.author, m.conversation_id, count(*) AS n FROM messages m
			 WHERE ${answersCustomer('m')} AND m.created_at >= ? AND m.created_at < ? GROUP BY m.author, m.conversation_id`,
			bounds,
		),
		db.query('SELECT operator_id, conversation_id FROM routing_entries WHERE operator_id IS NOT NULL AND assigned_ms >= ? AND assigned_ms < ?', msBounds),
		db.query(
			"SELECT operator_id, count(*) AS n FROM routing_entries WHERE state = 'closed' AND operator_id IS NOT NULL AND closed_ms >= ? AND closed_ms < ? GROUP BY operator_id",
			msBounds,
		),
		db.query('SELECT operator_id, score FROM ratings WHERE operator_id IS NOT NULL AND score IS NOT NULL AND rated_ms >= ? AND rated_ms < ?', msBounds),
		conversationFacts(db, period, 'first_reply_at'),
		db.query('SELECT id, name, login FROM operators'),
	]);

	const tallies = new Map<number, Tally>();
	const team: Tally = { conversations: new Set(), closed: 0, replies: 0, responseMs: [], scores: [] };
	const tallyOf = (id: number) => {
		let tally = tallies.get(id);
		if (!tally) tallies.set(id, (tally = { conversations: new Set(), closed: 0, replies: 0, responseMs: [], scores: [] }));
		return tally;
	};
	const handled = (operatorId: number, conversationId: number) => {
		tallyOf(operatorId).conversations.add(conversationId);
		team.conversations.add(conversationId);
	};
	for (const r of written) {
		const id = operatorIdOf(r.author)!;
		handled(id, Number(r.conversation_id));
		tallyOf(id).replies += Number(r.n);
		team.replies += Number(r.n);
	}
	for (const r of assigned) handled(Number(r.operator_id), Number(r.conversation_id));
	for (const r of closed) {
		tallyOf(Number(r.operator_id)).closed += Number(r.n);
		team.closed += Number(r.n);
	}
	for (const r of rated) {
		tallyOf(Number(r.operator_id)).scores.push(Number(r.score));
		team.scores.push(Number(r.score));
	}
	for (const f of answered) {
		const waited = firstResponseMs(f);
		if (waited === null || f.firstReplyOperatorId === null) continue;
		tallyOf(f.firstReplyOperatorId).responseMs.push(waited);
		team.responseMs.push(waited);
	}

	const teamFigures = figuresOf(team);
	const count = tallies.size;
	// A conversation two operators shared counts once for the team but for each of them.
	const handledEach = [...tallies.values()].reduce((sum, t) => sum + t.conversations.size, 0);
	const perOperator = {
		handled: ratio(handledEach, count),
		closed: ratio(teamFigures.closed, count),
		replies: ratio(teamFigures.replies, count),
	};
	const names = new Map(operators.map((o) => [Number(o.id), { name: String(o.name), login: String(o.login) }]));
	const rows = [...tallies]
		.map(([operatorId, tally]): OperatorRow => {
			const own = figuresOf(tally);
			// An operator deleted since keeps their figures under their id.
			const who = names.get(operatorId) ?? { name: `operator ${operatorId}`, login: '' };
			return {
				operatorId,
				...who,
				...own,
				vsTeam: {
					handled: ratio(own.handled, perOperator.handled),
					closed: ratio(own.closed, perOperator.closed),
					replies: ratio(own.replies, perOperator.replies),
					firstResponseMedian: ratio(own.firstResponseMedianSeconds, teamFigures.firstResponseMedianSeconds),
					rating: ratio(own.ratingAverage, teamFigures.ratingAverage),
				},
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name) || a.operatorId - b.operatorId);
	return { report: 'operators', period: periodJson(period), team: { ...teamFigures, operators: count, perOperator }, rows };
}
