import { routerOn, type Operator } from '../routing';
import type { Db } from '../store/types';

/**
 * Lets an operator answer from the team group as themselves. A Telegram user id belongs to at
 * most one operator and an operator to one Telegram user; linking again moves the link.
 */
export async function linkTelegramUser(db: Db, operatorRef: number | string, telegramUserId: string): Promise<Operator> {
	const operator = await routerOn(db).operators.get(operatorRef);
	if (!operator) throw new Error(`Operator ${operatorRef} does not exist.`);
	const userId = telegramUserId.trim();
	if (!/^\d+$/.test(userId)) throw new Error(`"${telegramUserId}" is not a Telegram user id (a number).`);
	await db.transaction(async (tx) => {
		await tx.query('DELETE FROM operator_telegram_users WHERE operator_id = ? OR telegram_user_id = ?', [operator.id, userId]);
		await tx.query('INSERT INTO operator_telegram_users (telegram_user_id, operator_id) VALUES (?, ?)', [userId, operator.id]);
	});
	return operator;
}

export async function operatorOfTelegramUser(db: Db, telegramUserId: string): Promise<Operator | null> {
	const rows = await db.query('SELECT operator_id FROM operator_telegram_users WHERE telegram_user_id = ?', [telegramUserId]);
	return rows.length ? routerOn(db).operators.get(Number(rows[0].operator_id)) : null;
}
