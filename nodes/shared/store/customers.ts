import type { Channel, InboundMessage, Sender } from '../envelope';
import { now, one, toCustomer, toIdentity } from './rows';
import type { Customer, Db, Identity, Store } from './types';

type CardPatch = Parameters<Store['customers']['update']>[1];

const COLUMNS: Record<keyof Required<CardPatch>, string> = {
	name: 'name',
	phone: 'phone',
	email: 'email',
	vipTier: 'vip_tier',
	language: 'language',
	fields: 'fields',
};

const isEmpty = (value: string | null | undefined) => value === null || value === undefined || value === '';

/** The card values a sender's profile or pre-chat form offers. */
const offeredBy = (sender: Sender) => ({
	name: sender.name ?? sender.username,
	phone: sender.phone,
	email: sender.email,
	language: sender.language,
	fields: sender.fields ?? {},
});

/** Card values an automatic source (channel profile, pre-chat form, CRM) offers. */
export type OfferedCard = Partial<Record<'name' | 'phone' | 'email' | 'language', string>> & { fields?: Record<string, string> };

/**
 * What an automatic source may add to the card: only values the card lacks and an operator has
 * not corrected (`corrected` holds keys like "email" or "fields.order"), so that a correction,
 * even one that cleared a value, is never overwritten by what the channel or form keeps sending.
 */
export function fillEmpty(card: Customer, offered: OfferedCard, corrected: readonly string[] = []): CardPatch {
	const patch: CardPatch = {};
	for (const key of ['name', 'phone', 'email', 'language'] as const) {
		if (isEmpty(card[key]) && !isEmpty(offered[key]) && !corrected.includes(key)) patch[key] = offered[key];
	}
	const newFields = Object.entries(offered.fields ?? {}).filter(
		([k, v]) => isEmpty(card.fields[k]) && !isEmpty(v) && !corrected.includes(`fields.${k}`),
	);
	if (newFields.length) patch.fields = { ...card.fields, ...Object.fromEntries(newFields) };
	return patch;
}

const IDENTITY_KEY = 'channel = ? AND account = ? AND external_user_id = ?';

export function customersRepo(db: Db): Store['customers'] {
	return {
		async get(id) {
			const rows = await db.query('SELECT * FROM customers WHERE id = ?', [id]);
			return rows.length ? toCustomer(rows[0]) : null;
		},
		async findByIdentity(channel, account, externalUserId) {
			const rows = await db.query(
				`SELECT c.* FROM customers c JOIN identities i ON i.customer_id = c.id
				 WHERE i.channel = ? AND i.account = ? AND i.external_user_id = ?`,
				[channel, account, externalUserId],
			);
			return rows.length ? toCustomer(rows[0]) : null;
		},
		async update(id, patch) {
			// Patches may come straight from node parameters: keys outside the card are ignored.
			const entries = Object.entries(patch).filter(([k, v]) => k in COLUMNS && v !== undefined);
			const sets = entries.map(([k]) => `${COLUMNS[k as keyof CardPatch]} = ?`);
			const values = entries.map(([k, v]) => (k === 'fields' ? JSON.stringify(v) : v));
			const rows = await db.query(
				`UPDATE customers SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`,
				[...values, now(), id],
			);
			return toCustomer(one(rows, `Customer ${id}`));
		},
		async identities(customerId) {
			const rows = await db.query('SELECT * FROM identities WHERE customer_id = ? ORDER BY id', [customerId]);
			return rows.map(toIdentity);
		},
		async setIdentityStatus(identityId, status, reason) {
			const rows = await db.query('UPDATE identities SET status = ?, status_reason = ? WHERE id = ? RETURNING id', [
				status,
				reason,
				identityId,
			]);
			one(rows, `Identity ${identityId}`);
		},
	};
}

export async function findIdentity(db: Db, channel: Channel, account: string, externalUserId: string) {
	const rows = await db.query(`SELECT * FROM identities WHERE ${IDENTITY_KEY}`, [channel, account, externalUserId]);
	return rows.length ? toIdentity(rows[0]) : null;
}

/**
 * Finds the customer behind a sender on a channel account, or registers a new one, and fills the
 * card's empty fields from the sender. Meant to run inside the caller's transaction: concurrent
 * first contacts from one sender meet on the identity's unique key, and all but one give way.
 */
export async function identifySender(
	tx: Db,
	{ channel, account, sender }: Pick<InboundMessage, 'channel' | 'account' | 'sender'>,
	at: string,
): Promise<{ customer: Customer; identity: Identity; created: boolean }> {
	const existing = await findIdentity(tx, channel, account, sender.id);
	if (!existing) {
		const offered = offeredBy(sender);
		const [card] = await tx.query(
			`INSERT INTO customers (name, phone, email, language, fields, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
			[offered.name, offered.phone, offered.email, offered.language, JSON.stringify(offered.fields), at, at],
		);
		const customer = toCustomer(card);
		// The sender's id is also where proactive messages reach them on every channel we speak.
		const inserted = await tx.query(
			`INSERT INTO identities (customer_id, channel, account, external_user_id, address, last_seen_at, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, account, external_user_id) DO NOTHING RETURNING *`,
			[customer.id, channel, account, sender.id, sender.id, at, at],
		);
		if (inserted.length) return { customer, identity: toIdentity(inserted[0]), created: true };
		// Another call registered this sender first; its card is the one to keep.
		await tx.query('DELETE FROM customers WHERE id = ?', [customer.id]);
	}

	const seen = await tx.query(`UPDATE identities SET last_seen_at = ? WHERE ${IDENTITY_KEY} RETURNING *`, [
		at,
		channel,
		account,
		sender.id,
	]);
	const identity = toIdentity(one(seen, `Identity of ${channel} sender ${sender.id}`));
	// Concurrent messages fill the card one after another, each seeing what the last one added.
	const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
	const cardRows = await tx.query(`SELECT * FROM customers WHERE id = ?${lock}`, [identity.customerId]);
	const cardRow = one(cardRows, `Customer ${identity.customerId}`);
	const card = toCustomer(cardRow);
	const patch = fillEmpty(card, offeredBy(sender), JSON.parse(String(cardRow.corrected)) as string[]);
	const customer = Object.keys(patch).length ? await customersRepo(tx).update(card.id, patch) : card;
	return { customer, identity, created: false };
}
