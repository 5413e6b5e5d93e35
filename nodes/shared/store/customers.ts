import type { InboundMessage, Sender } from '../envelope';
import { gatheredQuery } from './gathered';
import { identitiesTable, type IdentityRecord } from './identities';
import { marks, now, one, toCustomer } from './rows';
import type { Customer, Db, Identity, Row, Store } from './types';

/*
 * The customers table has one owner: every statement on it is here, and the concerns that keep
 * cards (customers, notify, priority, desk) call `customersTable`. The card keys and their
 * columns are mapped once (COLUMNS).
 */

type CardPatch = Parameters<Store['customers']['update']>[1];

/** A customers row: the card, and what only the pack itself reads (the CRM id, the operator's corrections, a merge). */
export interface CustomerRecord extends Customer {
	crmId: string | null;
	/** Card keys an operator set by hand ("email", "fields.order"); automatic sources leave them alone. */
	corrected: string[];
	/** The card this one was merged into, if it was. */
	mergedInto: number | null;
}

/** Everything a write may set: the card's values, the CRM id and the corrected keys. */
export type CustomerWrite = CardPatch & Partial<Pick<CustomerRecord, 'crmId' | 'corrected'>>;

const COLUMNS: Record<keyof Required<CustomerWrite>, string> = {
	name: 'name',
	phone: 'phone',
	email: 'email',
	vipTier: 'vip_tier',
	language: 'language',
	fields: 'fields',
	crmId: 'crm_id',
	corrected: 'corrected',
};
const JSON_COLUMNS = new Set<keyof CustomerWrite>(['fields', 'corrected']);
/** What the store's public `update` takes: the card's own values. */
const CARD_KEYS = new Set<string>(['name', 'phone', 'email', 'vipTier', 'language', 'fields']);

const toRecord = (r: Row): CustomerRecord => ({
	...toCustomer(r),
	crmId: r.crm_id === null || r.crm_id === undefined ? null : String(r.crm_id),
	corrected: JSON.parse(String(r.corrected)) as string[],
	mergedInto: r.merged_into === null || r.merged_into === undefined ? null : Number(r.merged_into),
});

/** The card alone, as items and the store's public API carry it. */
export const cardOf = ({ crmId: _crmId, corrected: _corrected, mergedInto: _mergedInto, ...card }: CustomerRecord): Customer => card;

const LIVE = 'merged_into IS NULL';
/** How many ids one lookup carries. */
const ID_CHUNK = 500;

/**
 * A customer id and every id merged into it, as a subquery with two `?` (the id twice), for
 * statements on other tables that follow a customer across merges.
 */
export const SAME_CUSTOMER_IDS = '(SELECT id FROM customers WHERE id = ? OR merged_into = ?)';

/** Columns the pack finds a live card by. */
export type CustomerKey = 'id' | 'phone' | 'email' | 'crmId';
const KEY_SQL: Record<CustomerKey, string> = { id: 'id', phone: 'phone', email: 'LOWER(email)', crmId: 'crm_id' };

/** Who a segment of customers is, for proactive messages. */
export interface CustomerSegment {
	tag?: string;
	minVipTier?: number;
	lastTopic?: string;
	channel?: string;
	consent?: string;
}

/** Every statement on the customers table. Inside a transaction, pass its `tx`; `lock` takes the rows for update on PostgreSQL. */
/** `{ setByOperator: true }`: only a contact an operator set on the card counts (see `setBy`). */
export interface Only {
	setByOperator?: boolean;
}

/**
 * A card's own phone or e-mail names the customer only once an operator set it: anything else
 * there was typed (a pre-chat form, a message) and may be someone else's, so it must never pick
 * who gets a notification or whose CRM record is copied.
 */
const setBy = (key: CustomerKey, { setByOperator }: Only) => (setByOperator && (key === 'phone' || key === 'email') ? ` AND corrected LIKE '%"${key}"%'` : '');

export function customersTable(db: Db) {
	const lockSql = (lock: boolean) => (lock && db.dialect === 'postgres' ? ' FOR UPDATE' : '');
	const table = {
		async find(id: number, { lock = false } = {}): Promise<CustomerRecord | null> {
			// The cards one execution's customers read at once go in one round trip; a locking read goes alone.
			const rows = lock ? await db.query(`SELECT * FROM customers WHERE id = ?${lockSql(lock)}`, [id]) : await gatheredQuery(db, 'SELECT * FROM customers WHERE id = ?', [id]);
			return rows.length ? toRecord(rows[0]) : null;
		},
		async get(id: number, options: { lock?: boolean } = {}): Promise<CustomerRecord> {
			const record = await table.find(id, options);
			if (!record) throw new Error(`Customer ${id} was not found.`);
			return record;
		},
		/** The rows of `ids`, in id order (the order concurrent writers lock them in). */
		async getMany(ids: number[], { lock = false } = {}): Promise<CustomerRecord[]> {
			if (!ids.length) return [];
			const rows = await db.query(`SELECT * FROM customers WHERE id IN (${marks(ids.length)}) ORDER BY id${lockSql(lock)}`, ids);
			return rows.map(toRecord);
		},
		async insert(card: Pick<Customer, 'name' | 'phone' | 'email' | 'language' | 'fields'>, at: string): Promise<Customer> {
			const [inserted] = await table.insertMany([card], at);
			return inserted;
		},
		/**
		 * New cards, one statement, each answered in the order given. Neither database promises the
		 * rows RETURNING hands back, or the ids, in the order of the VALUES, so each row goes back to
		 * the card whose contents it holds: cards alike are interchangeable (each is given one of them).
		 */
		async insertMany(cards: Array<Pick<Customer, 'name' | 'phone' | 'email' | 'language' | 'fields'>>, at: string): Promise<Customer[]> {
			if (!cards.length) return [];
			// One key for a card's values and for its row as read back, whichever type a column comes back as.
			const contentsOf = (values: unknown[]) => JSON.stringify(values.map((v) => (v === null || v === undefined ? null : String(v))));
			const values = cards.map((card) => [card.name, card.phone, card.email, card.language, JSON.stringify(card.fields)].map((v) => v ?? null));
			const rows = await db.query(
				`INSERT INTO customers (name, phone, email, language, fields, created_at, updated_at)
				 VALUES ${cards.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING *`,
				values.flatMap((card) => [...card, at, at]),
			);
			const byContents = new Map<string, Customer[]>();
			for (const r of rows) {
				const contents = contentsOf([r.name, r.phone, r.email, r.language, r.fields]);
				byContents.set(contents, [...(byContents.get(contents) ?? []), toCustomer(r)]);
			}
			return values.map((card) => {
				const inserted = byContents.get(contentsOf(card))?.shift();
				if (!inserted) throw new Error('A new card was not read back from its insert.');
				return inserted;
			});
		},
		async remove(id: number): Promise<void> {
			await db.query('DELETE FROM customers WHERE id = ?', [id]);
		},
		/** Writes the values given (undefined ones are left alone, null clears) and stamps the card updated. */
		async write(id: number, patch: CustomerWrite, at = now()): Promise<Customer> {
			const entries = (Object.entries(patch) as Array<[keyof CustomerWrite, unknown]>).filter(([k, v]) => k in COLUMNS && v !== undefined);
			const sets = entries.map(([k]) => `${COLUMNS[k]} = ?`);
			const values = entries.map(([k, v]) => (JSON_COLUMNS.has(k) ? JSON.stringify(v) : v));
			const rows = await db.query(`UPDATE customers SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`, [
				...values,
				at,
				id,
			]);
			return toCustomer(one(rows, `Customer ${id}`));
		},
		/** `mergeId`, and every card merged into it before, now point straight at `keepId`. */
		async pointAt(mergeId: number, keepId: number, at: string): Promise<void> {
			await db.query('UPDATE customers SET merged_into = ? WHERE merged_into = ? OR id = ?', [keepId, mergeId, mergeId]);
			await db.query('UPDATE customers SET updated_at = ? WHERE id = ?', [at, mergeId]);
		},
		/**
		 * The card a (possibly merged) customer id now lives on; null when there is no such customer.
		 * Most cards were never merged: one read for them, the merge followed only for the others.
		 */
		async findLive(id: number): Promise<CustomerRecord | null> {
			const record = await table.find(id);
			if (record?.mergedInto == null) return record;
			const live = await table.liveId(id);
			return live === null ? null : table.find(live);
		},
		/** The live card a (possibly merged) customer id now lives on; null when there is no such customer. */
		async liveId(id: number): Promise<number | null> {
			let current = id;
			// Merges flatten pointers, so this takes one step; the bound only guards against a corrupt cycle.
			for (let hops = 0; hops < 8; hops++) {
				const rows = await db.query('SELECT merged_into FROM customers WHERE id = ?', [current]);
				if (!rows.length) return null;
				if (rows[0].merged_into === null) return current;
				current = Number(rows[0].merged_into);
			}
			throw new Error(`Customer ${id} is merged in a cycle.`);
		},
		/** `liveId` of many ids, a chunk of ids per query rather than one round trip each. */
		async liveIds(ids: number[]): Promise<Map<number, number | null>> {
			const live = new Map<number, number | null>();
			const unique = [...new Set(ids)];
			for (let i = 0; i < unique.length; i += ID_CHUNK) {
				const chunk = unique.slice(i, i + ID_CHUNK);
				const rows = await db.query(`SELECT id, merged_into FROM customers WHERE id IN (${marks(chunk.length)})`, chunk);
				const found = new Map(rows.map((r) => [Number(r.id), r.merged_into]));
				for (const id of chunk) {
					const mergedInto = found.get(id);
					live.set(id, mergedInto === undefined ? null : mergedInto === null ? id : await table.liveId(Number(mergedInto)));
				}
			}
			return live;
		},
		/** The oldest live card whose `key` is one of `values` (an e-mail compared in lower case). */
		async firstLiveBy(key: CustomerKey, values: unknown[], only: Only = {}): Promise<number | null> {
			if (!values.length) return null;
			const rows = await db.query(`SELECT id FROM customers WHERE ${KEY_SQL[key]} IN (${marks(values.length)}) AND ${LIVE}${setBy(key, only)} ORDER BY id`, values);
			return rows.length ? Number(rows[0].id) : null;
		},
		/** Cards, merged or not, with this e-mail (lower case), oldest first. */
		async idsByEmail(email: string, only: Only = {}): Promise<number[]> {
			return (await db.query(`SELECT id FROM customers WHERE LOWER(email) = ?${setBy('email', only)} ORDER BY id`, [email])).map((r) => Number(r.id));
		},
		/** Cards, merged or not, whose typed phone ends in `ending`, oldest first: people type phones every which way. */
		async withPhoneEnding(ending: string, only: Only = {}): Promise<Array<{ id: number; phone: string }>> {
			const rows = await db.query(`SELECT id, phone FROM customers WHERE phone LIKE ?${setBy('phone', only)} ORDER BY id`, [`%${ending}`]);
			return rows.map((r) => ({ id: Number(r.id), phone: String(r.phone) }));
		},
		/** Live cards in a segment, by id. */
		async segment(query: CustomerSegment): Promise<number[]> {
			const where = ['c.merged_into IS NULL'];
			const params: unknown[] = [];
			if (query.tag) {
				where.push('EXISTS (SELECT 1 FROM conversations v JOIN conversation_tags t ON t.conversation_id = v.id WHERE v.customer_id = c.id AND t.tag = ?)');
				params.push(query.tag);
			}
			if (query.minVipTier !== undefined) {
				where.push('c.vip_tier >= ?');
				params.push(query.minVipTier);
			}
			if (query.lastTopic) {
				where.push('(SELECT v.topic FROM conversations v WHERE v.customer_id = c.id ORDER BY v.id DESC LIMIT 1) = ?');
				params.push(query.lastTopic);
			}
			if (query.channel || query.consent) {
				const on = [query.channel && 'i.channel = ?', query.consent && 'i.consent = ?'].filter(Boolean).join(' AND ');
				where.push(`EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.id AND ${on})`);
				params.push(...[query.channel, query.consent].filter(Boolean));
			}
			const rows = await db.query(`SELECT c.id FROM customers c WHERE ${where.join(' AND ')} ORDER BY c.id`, params);
			return rows.map((r) => Number(r.id));
		},
	};
	return table;
}

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

/** An identity as the store hands it out: the contacts its channel vouched for stay inside the store. */
const withoutVerified = ({ verifiedPhone: _phone, verifiedEmail: _email, ...identity }: IdentityRecord): Identity => identity;

export function customersRepo(db: Db): Store['customers'] {
	const table = customersTable(db);
	return {
		async get(id) {
			const record = await table.find(id);
			return record && cardOf(record);
		},
		async findByIdentity(channel, account, externalUserId) {
			const identity = await identitiesTable(db).byKey(channel, account, externalUserId);
			return identity && this.get(identity.customerId);
		},
		update(id, patch) {
			// Patches may come straight from node parameters: keys outside the card are ignored.
			return table.write(id, Object.fromEntries(Object.entries(patch).filter(([k]) => CARD_KEYS.has(k))));
		},
		async identities(customerId) {
			return (await identitiesTable(db).ofCustomer(customerId)).map(withoutVerified);
		},
		async withIdentities(ids) {
			const found = new Map((await table.getMany(ids)).map((record) => [record.id, { customer: cardOf(record), identities: [] as Identity[] }]));
			for (const identity of await identitiesTable(db).ofCustomers([...found.keys()])) found.get(identity.customerId)?.identities.push(withoutVerified(identity));
			return found;
		},
		setIdentityStatus: (identityId, status, reason) => identitiesTable(db).setStatus(identityId, status, reason),
	};
}

/** A new sender's card: what their message offers. */
function newCardOf(sender: Sender): Pick<Customer, 'name' | 'phone' | 'email' | 'language' | 'fields'> {
	const offered = offeredBy(sender);
	return { name: offered.name ?? null, phone: offered.phone ?? null, email: offered.email ?? null, language: offered.language ?? null, fields: offered.fields };
}

/** A new sender's identity on the channel they wrote on; the sender's id is also where proactive messages reach them on every channel we speak. */
const newIdentityOf = (customerId: number, { channel, account, sender }: Pick<InboundMessage, 'channel' | 'account' | 'sender'>) => ({
	customerId,
	channel,
	account,
	externalUserId: sender.id,
	address: sender.replyTo ?? sender.id,
});

/**
 * Senders the store holds no identity for, each with a new card and identity, in a few statements
 * however many (several customers' first messages share an execution). Throws, inside the
 * caller's transaction, when another call registered one of them first: the caller rolls back
 * and logs them one by one, as `identifySender` would.
 */
export async function identifyNewSenders(
	tx: Db,
	messages: Array<Pick<InboundMessage, 'channel' | 'account' | 'sender'>>,
	at: string,
): Promise<Array<{ customer: Customer; identity: Identity }>> {
	const customers = await customersTable(tx).insertMany(
		messages.map(({ sender }) => newCardOf(sender)),
		at,
	);
	const identities = await identitiesTable(tx).insertMany(
		messages.map((message, i) => newIdentityOf(customers[i].id, message)),
		at,
	);
	if (identities.some((identity) => identity === null)) throw new Error('A sender was registered by another call meanwhile.');
	return customers.map((customer, i) => ({ customer, identity: identities[i]! }));
}

/**
 * Finds the customer behind a sender on a channel account, or registers a new one, and fills the
 * card's empty fields from the sender. Meant to run inside the caller's transaction: concurrent
 * first contacts from one sender meet on the identity's unique key, and all but one give way.
 * `known` is the sender's identity (null: none) when the caller read it in the same transaction.
 */
export async function identifySender(
	tx: Db,
	{ channel, account, sender, automatic }: Pick<InboundMessage, 'channel' | 'account' | 'sender' | 'automatic'>,
	at: string,
	known?: Identity | null,
): Promise<{ customer: Customer; identity: Identity; created: boolean }> {
	const identities = identitiesTable(tx);
	const existing = known === undefined ? await identities.byKey(channel, account, sender.id) : known;
	if (!existing) {
		const customer = await customersTable(tx).insert(newCardOf(sender), at);
		const inserted = await identities.insert(newIdentityOf(customer.id, { channel, account, sender }), at);
		if (inserted) return { customer, identity: inserted, created: true };
		// Another call registered this sender first; its card is the one to keep.
		await customersTable(tx).remove(customer.id);
	}

	// Replies go where the sender's latest message asked (an e-mail Reply-To), else back to them.
	const identity = await identities.seen(channel, account, sender.id, at, automatic ? undefined : (sender.replyTo ?? sender.id));
	// Concurrent messages fill the card one after another, each seeing what the last one added.
	const record = await customersTable(tx).get(identity.customerId, { lock: true });
	const card = cardOf(record);
	const patch = fillEmpty(card, offeredBy(sender), record.corrected);
	const customer = Object.keys(patch).length ? await customersTable(tx).write(card.id, patch) : card;
	return { customer, identity, created: false };
}
