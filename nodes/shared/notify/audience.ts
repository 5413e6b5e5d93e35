import { operatorSet } from '../customers/find';
import type { Db } from '../store';
import type { NewRecipient } from './campaigns';
import type { AudienceQuery, RecipientInput } from './types';

/** Follows merge tombstones, so that an item naming a merged card reaches the card it became. */
async function liveCustomer(db: Db, id: number): Promise<number | null> {
	for (let hops = 0, current = id; hops < 10; hops++) {
		const rows = await db.query<{ merged_into: unknown }>('SELECT merged_into FROM customers WHERE id = ?', [current]);
		if (!rows.length) return null;
		if (rows[0].merged_into === null) return current;
		current = Number(rows[0].merged_into);
	}
	return null;
}

const digits = (phone: string) => phone.replace(/\D/g, '');

/** The customer an item without an id names: by a channel identity, or by a phone or e-mail a
 * channel vouched for or an operator set on the card (never one the customer merely typed). */
async function customerOf(db: Db, input: RecipientInput): Promise<number | null> {
	const lookups: Array<[string, unknown[]]> = [];
	if (input.channel && input.externalUserId) {
		lookups.push(['SELECT customer_id AS id FROM identities WHERE channel = ? AND external_user_id = ? ORDER BY id', [input.channel, input.externalUserId]]);
	}
	if (input.email) {
		const email = input.email.trim().toLowerCase();
		lookups.push(['SELECT customer_id AS id FROM identities WHERE verified_email = ? ORDER BY id', [email]]);
		lookups.push([`SELECT id FROM customers WHERE LOWER(email) = ? AND ${operatorSet('email')} ORDER BY id`, [email]]);
	}
	if (input.phone && digits(input.phone)) {
		lookups.push(['SELECT customer_id AS id FROM identities WHERE verified_phone = ? OR verified_phone = ? ORDER BY id', [digits(input.phone), `+${digits(input.phone)}`]]);
		lookups.push([`SELECT id, phone FROM customers WHERE phone LIKE ? AND ${operatorSet('phone')} ORDER BY id`, [`%${digits(input.phone).slice(-2)}`]]);
	}
	for (const [sql, params] of lookups) {
		const rows = await db.query<{ id: unknown; phone?: unknown }>(sql, params);
		// Card phones are typed by people: the query narrows by the last digits, then all digits must match.
		const hit = rows.find((r) => r.phone === undefined || digits(String(r.phone)) === digits(input.phone ?? ''));
		if (hit) return liveCustomer(db, Number(hit.id));
	}
	return null;
}

const describe = (input: RecipientInput) =>
	[input.customerId && `customer ${input.customerId}`, input.channel && input.externalUserId && `${input.channel} user ${input.externalUserId}`, input.phone, input.email]
		.filter(Boolean)
		.join(', ') || 'an item with no customer id, identity, phone or e-mail';

/** How many ids one lookup query carries. */
const ID_CHUNK = 500;

/** The live card of each id (merges followed), looked up a chunk of ids per query rather than one round trip each. */
async function liveCustomers(db: Db, ids: number[]): Promise<Map<number, number | null>> {
	const live = new Map<number, number | null>();
	const unique = [...new Set(ids)];
	for (let i = 0; i < unique.length; i += ID_CHUNK) {
		const chunk = unique.slice(i, i + ID_CHUNK);
		const rows = await db.query<{ id: unknown; merged_into: unknown }>(`SELECT id, merged_into FROM customers WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk);
		const found = new Map(rows.map((r) => [Number(r.id), r.merged_into]));
		for (const id of chunk) {
			const mergedInto = found.get(id);
			live.set(id, mergedInto === undefined ? null : mergedInto === null ? id : await liveCustomer(db, Number(mergedInto)));
		}
	}
	return live;
}

const hasId = (input: RecipientInput) => input.customerId !== undefined && input.customerId !== null && String(input.customerId) !== '';

/** Recipients for items: each resolved to a customer once; unresolvable ones are kept, skipped, so the count adds up. */
export async function recipientsFromItems(db: Db, inputs: RecipientInput[]): Promise<NewRecipient[]> {
	const byId = await liveCustomers(db, inputs.filter(hasId).map((input) => Number(input.customerId)));
	const recipients: NewRecipient[] = [];
	for (const [index, input] of inputs.entries()) {
		const customerId = hasId(input) ? (byId.get(Number(input.customerId)) ?? null) : await customerOf(db, input);
		const variables = input.variables ?? {};
		if (customerId === null) {
			recipients.push({ key: input.key ?? `unresolved:${describe(input)}:${index}`, customerId: null, variables, skipReason: `unknown_customer: no customer matches ${describe(input)}` });
		} else {
			recipients.push({ key: input.key ?? `customer:${customerId}`, customerId, variables });
		}
	}
	return recipients;
}

/** Customers matching a store query, as recipients keyed by customer. */
export async function recipientsFromQuery(db: Db, query: AudienceQuery): Promise<NewRecipient[]> {
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
	const rows = await db.query<{ id: unknown }>(`SELECT c.id FROM customers c WHERE ${where.join(' AND ')} ORDER BY c.id`, params);
	return rows.map((r) => ({ key: `customer:${Number(r.id)}`, customerId: Number(r.id), variables: {} }));
}
