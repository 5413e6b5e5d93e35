import { SAME_CUSTOMER_IDS } from '../store/customers';
import type { Db } from '../store/types';

export interface Rating {
	conversationId: number;
	requestedAt: string;
	score: number | null;
	comment: string | null;
	ratedAt: string | null;
}

const toIso = (ms: unknown) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

/** Remembers that the customer was asked to rate this conversation; asking again restarts the wait. */
export async function requestRating(db: Db, conversationId: number, customerId: number, operatorId: number, at = new Date()): Promise<void> {
	await db.query(
		`INSERT INTO ratings (conversation_id, customer_id, operator_id, requested_ms) VALUES (?, ?, ?, ?)
		 ON CONFLICT (conversation_id) DO UPDATE SET requested_ms = excluded.requested_ms, operator_id = excluded.operator_id`,
		[conversationId, customerId, operatorId, at.getTime()],
	);
}

export async function ratingOf(db: Db, conversationId: number): Promise<Rating | null> {
	const [r] = await db.query('SELECT * FROM ratings WHERE conversation_id = ?', [conversationId]);
	if (!r) return null;
	return {
		conversationId: Number(r.conversation_id),
		requestedAt: toIso(r.requested_ms)!,
		score: r.score === null ? null : Number(r.score),
		comment: r.comment === null ? null : String(r.comment),
		ratedAt: toIso(r.rated_ms),
	};
}

/** "5", "4 quick and polite", "3/5": a score from 1 to 5 first, an optional comment after. */
const ANSWER = /^\s*([1-5])(?:\s*\/\s*5)?(?![\d.,])[\s.,:;!-]*(.*)$/su;

/**
 * What a digit counts when it starts a new question instead of a score: "2 items are missing",
 * "3 days and no refund", "1 more question", "5 минут назад оплатил", "2 товари не прийшли".
 */
const COUNTED = /^(items?|days?|hours?|minutes?|mins?|weeks?|months?|times?|more|orders?|products?|pieces?|pcs|parcels?|packages?|euros?|dollars?|usd|eur|uah|rub|дн|дня|дней|час|минут|мин|недел|месяц|раз|товар|заказ|посылк|шт|грн|руб|днів|годин|хвилин|тижн|місяц|разів|замовлен|посилк|jours?|heures?|semaines?|mois|fois|articles?|commandes?|produits?|colis)/iu;

/** A rating's answer, unless the text asks something or counts with its digit (then it is a message). */
function scoreOf(text: string): { score: number; comment: string } | null {
	const answer = ANSWER.exec(text);
	if (!answer || text.includes('?') || COUNTED.test(answer[2]) || /\d/.test(answer[2])) return null;
	return { score: Number(answer[1]), comment: answer[2] };
}

/**
 * Takes the customer's message as the answer to their latest unanswered rating request of the
 * last `windowHours`, on any channel. Null when the text is not a score (or a new question that
 * starts with a number) or nothing was asked: the message is then an ordinary one.
 */
export async function recordRating(
	db: Db,
	customerId: number,
	text: string,
	windowHours: number,
	at = new Date(),
): Promise<Rating | null> {
	const answer = scoreOf(text);
	if (!answer) return null;
	const [pending] = await db.query(
		// A card merged since the request still finds it: merges leave the old id pointing here.
		`SELECT conversation_id FROM ratings
		 WHERE customer_id IN ${SAME_CUSTOMER_IDS} AND rated_ms IS NULL AND requested_ms >= ?
		 ORDER BY requested_ms DESC LIMIT 1`,
		[customerId, customerId, at.getTime() - windowHours * 3_600_000],
	);
	if (!pending) return null;
	const comment = answer.comment.trim().slice(0, 1000) || null;
	await db.query('UPDATE ratings SET score = ?, comment = ?, rated_ms = ? WHERE conversation_id = ? AND rated_ms IS NULL', [
		answer.score,
		comment,
		at.getTime(),
		pending.conversation_id,
	]);
	return ratingOf(db, Number(pending.conversation_id));
}
