import type { Channel } from '../envelope';
import { marks, one, toConversation, toIdentity } from './rows';
import type { Conversation, Db, Identity, Row } from './types';

/*
 * The identities table has one owner: every statement on it is here. An identity is one
 * customer's account on one channel; the contacts a channel vouches for are kept on it.
 */

/** An identity with the contacts its channel vouched for (a WhatsApp number, a shared Telegram contact). */
export interface IdentityRecord extends Identity {
	verifiedPhone: string | null;
	verifiedEmail: string | null;
}

/** Contacts a channel vouches for, by kind; a null one is not known. */
export interface VerifiedContacts {
	phone?: string | null;
	email?: string | null;
}

const VERIFIED_COLUMNS = { phone: 'verified_phone', email: 'verified_email' } as const;
const KEY = 'channel = ? AND account = ? AND external_user_id = ?';
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const toRecord = (r: Row): IdentityRecord => ({ ...toIdentity(r), verifiedPhone: text(r.verified_phone), verifiedEmail: text(r.verified_email) });
const given = (contacts: VerifiedContacts) =>
	(Object.keys(VERIFIED_COLUMNS) as Array<keyof VerifiedContacts>)
		.filter((kind) => contacts[kind] !== null && contacts[kind] !== undefined)
		.map((kind) => [VERIFIED_COLUMNS[kind], contacts[kind]] as const);

const absent = (value: unknown) => value === null || value === undefined;

/** A row of the identity joined with the id of the inbound message its delivery logged before. */
const withInbound = (r: Row) => ({ identity: absent(r.id) ? null : toIdentity(r), loggedId: absent(r.logged_id) ? null : Number(r.logged_id) });

const senderKey = ({ channel, account, externalUserId }: Pick<Identity, 'channel' | 'account' | 'externalUserId'>) => `${channel}\u0000${account}\u0000${externalUserId}`;

/** Every statement on the identities table. Inside a transaction, pass its `tx`. */
export function identitiesTable(db: Db) {
	const table = {
		async byKey(channel: Channel, account: string, externalUserId: string): Promise<Identity | null> {
			const rows = await db.query(`SELECT * FROM identities WHERE ${KEY}`, [channel, account, externalUserId]);
			return rows.length ? toIdentity(rows[0]) : null;
		},
		/**
		 * The sender's identity and the id of the inbound message this delivery logged before, if it
		 * did, in one statement (a row whether or not either exists): logging a message asks both first.
		 */
		async byKeyWithInbound(channel: Channel, account: string, externalUserId: string, externalId: string): Promise<{ identity: Identity | null; loggedId: number | null }> {
			const [r] = await db.query(
				`SELECT (SELECT m.id FROM messages m WHERE m.channel = ? AND m.account = ? AND m.external_id = ? AND m.direction = 'in') AS logged_id, i.*
				 FROM (SELECT 1 AS one) k LEFT JOIN identities i ON i.channel = ? AND i.account = ? AND i.external_user_id = ?`,
				[channel, account, externalId, channel, account, externalUserId],
			);
			return withInbound(r);
		},
		/**
		 * For each message, in one statement however many: its sender's identity, the id of the
		 * inbound message its delivery logged before, and whether its thread has a conversation open
		 * or resolved (one a message would join or reopen).
		 */
		async byKeysWithInbound(
			keys: Array<{ channel: Channel; account: string; externalUserId: string; externalId: string; conversationKey: string }>,
		): Promise<Array<{ identity: Identity | null; loggedId: number | null; threadLive: boolean }>> {
			if (!keys.length) return [];
			const rows = await db.query(
				`WITH k (ord, channel, account, external_user_id, external_id, conversation_key) AS (VALUES ${keys.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')})
				 SELECT k.ord AS key_ord,
				   (SELECT m.id FROM messages m WHERE m.channel = k.channel AND m.account = k.account AND m.external_id = k.external_id AND m.direction = 'in') AS logged_id,
				   (SELECT MIN(c.id) FROM conversations c WHERE c.channel = k.channel AND c.account = k.account AND c.conversation_key = k.conversation_key
				      AND (c.status = 'open' OR c.state = 'resolved')) AS live_id,
				   i.*
				 FROM k LEFT JOIN identities i ON i.channel = k.channel AND i.account = k.account AND i.external_user_id = k.external_user_id`,
				keys.flatMap((key, ord) => [String(ord), key.channel, key.account, key.externalUserId, key.externalId, key.conversationKey]),
			);
			const found = new Map(rows.map((r) => [Number(r.key_ord), r]));
			return keys.map((_, ord) => {
				const r = found.get(ord)!;
				return { ...withInbound(r), threadLive: !absent(r.live_id) };
			});
		},
		async ofCustomer(customerId: number): Promise<IdentityRecord[]> {
			return (await db.query('SELECT * FROM identities WHERE customer_id = ? ORDER BY id', [customerId])).map(toRecord);
		},
		/**
		 * Conversations with the identity each one's replies go to (the customer's first on the
		 * conversation's channel and account, none if the customer has none there), in one statement
		 * however many: a reply reads both before it is stored. An id not found is left out.
		 */
		ofConversations: (conversationIds: number[]) => conversationsWithIdentity(db, conversationIds),
		/** The identities of several customers in one statement, each customer's in id order. */
		async ofCustomers(customerIds: number[]): Promise<IdentityRecord[]> {
			if (!customerIds.length) return [];
			return (await db.query(`SELECT * FROM identities WHERE customer_id IN (${marks(customerIds.length)}) ORDER BY id`, customerIds)).map(toRecord);
		},
		/** Registers a sender; null when another call registered the same sender first. */
		async insert(
			identity: Pick<Identity, 'customerId' | 'channel' | 'account' | 'externalUserId' | 'address'>,
			at: string,
		): Promise<Identity | null> {
			const [inserted] = await table.insertMany([identity], at);
			return inserted;
		},
		/** Registers senders, one statement, each answered in the order given: null where another call registered the same sender first. */
		async insertMany(identities: Array<Pick<Identity, 'customerId' | 'channel' | 'account' | 'externalUserId' | 'address'>>, at: string): Promise<Array<Identity | null>> {
			if (!identities.length) return [];
			const rows = await db.query(
				`INSERT INTO identities (customer_id, channel, account, external_user_id, address, last_seen_at, created_at)
				 VALUES ${identities.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT (channel, account, external_user_id) DO NOTHING RETURNING *`,
				identities.flatMap((identity) => [identity.customerId, identity.channel, identity.account, identity.externalUserId, identity.address, at, at]),
			);
			const inserted = new Map(rows.map(toIdentity).map((identity) => [senderKey(identity), identity]));
			return identities.map((identity) => inserted.get(senderKey(identity)) ?? null);
		},
		/**
		 * The sender wrote again; `address`, when given, is where replies go from now on. It is given
		 * only for the customer's own words (not an automatic answer), and those show the channel takes
		 * messages to them again: a refusal a send met before (a block since lifted) no longer holds.
		 */
		async seen(channel: Channel, account: string, externalUserId: string, at: string, address?: string): Promise<Identity> {
			const reachable = address === undefined ? '' : ", status = 'active', status_reason = NULL";
			const rows = await db.query(`UPDATE identities SET last_seen_at = ?, address = COALESCE(?, address)${reachable} WHERE ${KEY} RETURNING *`, [
				at,
				address ?? null,
				channel,
				account,
				externalUserId,
			]);
			return toIdentity(one(rows, `Identity of ${channel} sender ${externalUserId}`));
		},
		/** Takes the row for update on PostgreSQL, so that concurrent calls for one identity take turns. */
		async lock(id: number): Promise<void> {
			if (db.dialect === 'postgres') await db.query('SELECT id FROM identities WHERE id = ? FOR UPDATE', [id]);
		},
		async setStatus(id: number, status: string, reason: string | null): Promise<void> {
			one(await db.query('UPDATE identities SET status = ?, status_reason = ? WHERE id = ? RETURNING id', [status, reason, id]), `Identity ${id}`);
		},
		/** Sets the status of every identity on the account that answers to `address` (its reply address or its own id); how many. */
		async setStatusByAddress(channel: Channel, account: string, address: string, status: string, reason: string): Promise<number> {
			const rows = await db.query(
				`UPDATE identities SET status = ?, status_reason = ?
				 WHERE channel = ? AND account = ? AND (LOWER(address) = LOWER(?) OR LOWER(external_user_id) = LOWER(?)) RETURNING id`,
				[status, reason, channel, account, address, address],
			);
			return rows.length;
		},
		async setVerified(id: number, contacts: VerifiedContacts): Promise<void> {
			const columns = given(contacts);
			if (!columns.length) return;
			await db.query(`UPDATE identities SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`, [
				...columns.map(([, value]) => value),
				id,
			]);
		},
		/** Customers any of whose identities holds one of these verified contacts. */
		async customersVerifiedAs(contacts: VerifiedContacts): Promise<number[]> {
			const columns = given(contacts);
			if (!columns.length) return [];
			const rows = await db.query(
				`SELECT DISTINCT customer_id FROM identities WHERE ${columns.map(([column]) => `${column} = ?`).join(' OR ')}`,
				columns.map(([, value]) => value),
			);
			return rows.map((r) => Number(r.customer_id));
		},
		/** The customer whose identity holds this verified phone (any of its spellings) or e-mail, oldest identity first. */
		async firstVerifiedOwner(kind: keyof VerifiedContacts, values: string[], order: 'identity' | 'customer'): Promise<number | null> {
			if (!values.length) return null;
			const rows = await db.query(
				`SELECT customer_id FROM identities WHERE ${VERIFIED_COLUMNS[kind]} IN (${values.map(() => '?').join(', ')})
				 ORDER BY ${order === 'customer' ? 'customer_id' : 'id'}`,
				values,
			);
			return rows.length ? Number(rows[0].customer_id) : null;
		},
		/** The customer of the first identity with this user id on a channel, whatever the account. */
		async ownerOnChannel(channel: Channel, externalUserId: string): Promise<number | null> {
			const rows = await db.query('SELECT customer_id FROM identities WHERE channel = ? AND external_user_id = ? ORDER BY id', [channel, externalUserId]);
			return rows.length ? Number(rows[0].customer_id) : null;
		},
		/**
		 * The channel says whether it takes messages to this identity (Viber subscribed/unsubscribed,
		 * a Telegram block lifted, VK message_allow/deny). That is reachability, not consent to
		 * promotions: what the customer said (STOP, START) stays as it was either way.
		 */
		async setReachable(id: number, reachable: boolean, reason: string | null = null): Promise<void> {
			await db.query('UPDATE identities SET status = ?, status_reason = ? WHERE id = ?', [reachable ? 'active' : 'unsubscribed', reachable ? null : reason, id]);
		},
		/**
		 * STOP (`offers`): the customer opts out of promotions on every channel; STOP ALL (`all`): of
		 * every proactive message. A STOP never lifts a STOP ALL.
		 */
		async unsubscribeCustomer(customerId: number, from: 'offers' | 'all' = 'offers'): Promise<void> {
			if (from === 'all') await db.query("UPDATE identities SET consent = 'unsubscribed_all' WHERE customer_id = ?", [customerId]);
			else await db.query("UPDATE identities SET consent = 'unsubscribed' WHERE customer_id = ? AND consent <> 'unsubscribed_all'", [customerId]);
		},
		/** START: the customer opts back in on every channel that still reaches them. */
		async resubscribeCustomer(customerId: number): Promise<void> {
			await db.query("UPDATE identities SET consent = 'subscribed' WHERE customer_id = ? AND status = 'active'", [customerId]);
		},
		/** A merge: the merged card's identities move to the kept one. */
		async moveCustomer(fromId: number, toId: number): Promise<void> {
			await db.query('UPDATE identities SET customer_id = ? WHERE customer_id = ?', [toId, fromId]);
		},
	};
	return table;
}

/**
 * Conversations by id with the identity each one's replies go to: the one the customer last wrote
 * in it from (conversations logged before that was kept: their card's first on the channel); an
 * id not found is left out.
 */
async function conversationsWithIdentity(db: Db, conversationIds: number[]): Promise<Map<number, { conversation: Conversation; identity: Identity | null }>> {
	if (!conversationIds.length) return new Map();
	const rows = await db.query(
		`SELECT c.*, i.id AS identity_id, i.external_user_id AS identity_external_user_id, i.address AS identity_address,
		   i.status AS identity_status, i.status_reason AS identity_status_reason, i.consent AS identity_consent, i.last_seen_at AS identity_last_seen_at
		 FROM conversations c
		 LEFT JOIN identities i ON i.id = COALESCE(c.identity_id, (SELECT MIN(x.id) FROM identities x WHERE x.customer_id = c.customer_id AND x.channel = c.channel AND x.account = c.account))
		 WHERE c.id ${conversationIds.length === 1 ? '= ?' : `IN (${marks(conversationIds.length)})`}`,
		conversationIds,
	);
	return new Map(
		rows.map((r) => {
			const identity =
				absent(r.identity_id)
					? null
					: toIdentity({
							id: r.identity_id,
							customer_id: r.customer_id,
							channel: r.channel,
							account: r.account,
							external_user_id: r.identity_external_user_id,
							address: r.identity_address,
							status: r.identity_status,
							status_reason: r.identity_status_reason,
							consent: r.identity_consent,
							last_seen_at: r.identity_last_seen_at,
						});
			return [Number(r.id), { conversation: toConversation(r), identity }];
		}),
	);
}
