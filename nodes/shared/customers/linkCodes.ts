import { randomInt } from 'node:crypto';

import type { InboundMessage } from '../envelope';
import type { Db } from '../store/types';
import { resolveCustomerId } from './card';
import { mergeCustomers } from './merge';
import { recogniseSender } from './recognise';

/** Six digits, typed with or without a space or dash in the middle ("123 456"). */
const CODE_IN_TEXT = /(?<!\d)(\d{3})[ -]?(\d{3})(?!\d)/;

export const codeIn = (text: string): string | null => {
	const match = CODE_IN_TEXT.exec(text);
	return match ? match[1] + match[2] : null;
};

/**
 * Issues a one-time code for a customer, to be sent on the channel they are on now and typed on
 * another: typing it proves both channels belong to the same person. Expired codes are dropped
 * first so their numbers can be issued again.
 */
export function createLinkCode(
	db: Db,
	customerId: number,
	{ ttlMinutes = 15, at = new Date() }: { ttlMinutes?: number; at?: Date } = {},
): Promise<{ code: string; expiresAt: string }> {
	return db.transaction(async (tx) => {
		const owner = await resolveCustomerId(tx, customerId);
		if (owner === null) throw new Error(`Customer ${customerId} was not found.`);
		await tx.query('DELETE FROM link_codes WHERE redeemed_at IS NULL AND expires_at <= ?', [at.toISOString()]);
		const expiresAt = new Date(at.getTime() + ttlMinutes * 60_000).toISOString();
		// A million codes and a handful live at once: a clash is rare, and another draw settles it.
		for (let attempt = 0; attempt < 20; attempt++) {
			const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
			const inserted = await tx.query(
				`INSERT INTO link_codes (code, customer_id, expires_at, created_at) VALUES (?, ?, ?, ?)
				 ON CONFLICT (code) WHERE redeemed_at IS NULL DO NOTHING RETURNING id`,
				[code, owner, expiresAt, at.toISOString()],
			);
			if (inserted.length) return { code, expiresAt };
		}
		throw new Error('No free link code could be drawn; too many codes are live.');
	});
}

export type Redeemed =
	| { linked: true; customerId: number; mergedId: number | null }
	| { linked: false; reason: 'no code in the text' | 'unknown or expired code' };

/**
 * The customer types a code on another channel: the sender's card is merged onto the card the
 * code was issued for, and the code is spent. Everything runs in one transaction, so a code
 * typed twice at once links once.
 */
export function redeemLinkCode(
	db: Db,
	text: string,
	message: Pick<InboundMessage, 'channel' | 'account' | 'sender'>,
	at = new Date(),
): Promise<Redeemed> {
	const code = codeIn(text);
	if (!code) return Promise.resolve({ linked: false, reason: 'no code in the text' });
	return db.transaction(async (tx) => {
		const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
		const rows = await tx.query(
			`SELECT id, customer_id FROM link_codes WHERE code = ? AND redeemed_at IS NULL AND expires_at > ?${lock}`,
			[code, at.toISOString()],
		);
		if (!rows.length) return { linked: false, reason: 'unknown or expired code' } as const;
		const { customerId: senderCustomer, identityId } = await recogniseSender(tx, message);
		await tx.query('UPDATE link_codes SET redeemed_at = ?, redeemed_by = ? WHERE id = ?', [
			at.toISOString(),
			identityId,
			rows[0].id,
		]);
		const owner = Number(rows[0].customer_id);
		const customerId = await mergeCustomers(tx, owner, senderCustomer);
		return { linked: true, customerId, mergedId: senderCustomer === customerId ? null : senderCustomer } as const;
	});
}
