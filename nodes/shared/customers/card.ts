import type { Channel } from '../envelope';
import { customersTable, type CustomerRecord } from '../store/customers';
import { gatheredOn, settle } from '../store/gathered';
import { identitiesTable, type IdentityRecord } from '../store/identities';
import { iso, marks, toConversation } from '../store/rows';
import type { Db, Identity, Row } from '../store/types';

/** One channel identity as the card shows it. */
export type CardIdentity = Omit<Identity, 'customerId'> & { verifiedPhone: string | null; verifiedEmail: string | null };

/** What the CRM said on this lookup, for the operator and for debugging the mapping. */
export interface CrmStatus {
	status: 'found' | 'missing' | 'skipped' | 'error';
	/** Whether the answer came from the shared cache rather than a call to the CRM. */
	cached?: boolean;
	reason?: string;
}

/** Everything the desk, the bot and the router need to know about one customer. */
export interface CustomerCard {
	/** Null when only the CRM knows this person (a lookup by phone, e-mail or CRM id). */
	id: number | null;
	name: string | null;
	phone: string | null;
	email: string | null;
	vipTier: number;
	language: string | null;
	crmId: string | null;
	/** Free fields: pre-chat form data (order number, …) and fields mapped from the CRM. */
	fields: Record<string, string>;
	/** Card keys an operator set by hand ("email", "fields.order"); automatic sources leave them alone. */
	corrected: string[];
	identities: CardIdentity[];
	openConversations: Array<{ id: number; channel: Channel; account: string; topic: string | null; createdAt: string; updatedAt: string }>;
	/** When the customer last wrote on each channel. */
	lastContacts: Partial<Record<Channel, string>>;
	totalConversations: number;
	createdAt: string | null;
	updatedAt: string | null;
	crm?: CrmStatus;
}

/** The live card a (possibly merged) customer id now lives on. */
export const resolveCustomerId = (db: Db, id: number): Promise<number | null> => customersTable(db).liveId(id);

/** A card with no stored customer behind it, for the CRM to fill. */
export const emptyCard = (): CustomerCard => ({
	id: null,
	name: null,
	phone: null,
	email: null,
	vipTier: 0,
	language: null,
	crmId: null,
	fields: {},
	corrected: [],
	identities: [],
	openConversations: [],
	lastContacts: {},
	totalConversations: 0,
	createdAt: null,
	updatedAt: null,
});

/**
 * The card of a customer id (following merges), read from the store. The cards asked for in the
 * same turn (the customers of one execution, looked up side by side) are read together: three
 * statements for all of them.
 */
export const loadCard: (db: Db, customerId: number) => Promise<CustomerCard> = gatheredOn(loadCards);

async function loadCards(db: Db, customerIds: number[]): Promise<Array<PromiseSettledResult<CustomerCard>>> {
	const customers = customersTable(db);
	const read = new Map((await customers.getMany([...new Set(customerIds)])).map((record) => [record.id, record]));
	// A merged card's id leads to the card it lives on (merges flatten pointers: rarely a step more);
	// a card that cannot be followed fails its own lookup only.
	const records = await Promise.all(
		customerIds.map((id) =>
			settle(async () => {
				const record = read.get(id);
				const live = record && record.mergedInto === null ? record : await customers.findLive(id);
				if (!live) throw new Error(`Customer ${id} was not found.`);
				return live;
			}),
		),
	);
	const liveIds = [...new Set(records.flatMap((record) => (record.status === 'fulfilled' ? [record.value.id] : [])))];
	const identities = await identitiesTable(db).ofCustomers(liveIds);
	// Each conversation with when the customer last wrote in it: a conversation's messages are on its channel.
	const rows = liveIds.length
		? await db.query(
				`SELECT c.*, (SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in') AS last_in_at
				 FROM conversations c WHERE c.customer_id IN (${marks(liveIds.length)}) ORDER BY c.id`,
				liveIds,
			)
		: [];
	return records.map((record) => {
		if (record.status === 'rejected') return record;
		const { value } = record;
		return {
			status: 'fulfilled',
			value: customerCardOf(value, identities.filter((identity) => identity.customerId === value.id), rows.filter((row) => Number(row.customer_id) === value.id)),
		};
	});
}

function customerCardOf(record: CustomerRecord, identities: IdentityRecord[], rows: Row[]): CustomerCard {
	const { crmId, corrected, mergedInto: _mergedInto, ...customer } = record;
	const conversations = rows.map(toConversation);
	const lastContacts: CustomerCard['lastContacts'] = {};
	for (const row of rows) {
		if (row.last_in_at === null || row.last_in_at === undefined) continue;
		const at = iso(row.last_in_at);
		const channel = String(row.channel) as Channel;
		if (!lastContacts[channel] || new Date(at) > new Date(lastContacts[channel])) lastContacts[channel] = at;
	}
	return {
		...customer,
		crmId,
		corrected,
		identities: identities.map(({ customerId: _owner, ...identity }) => identity),
		openConversations: conversations
			.filter((c) => c.status === 'open')
			.map(({ id: conversationId, channel, account, topic, createdAt, updatedAt }) => ({
				id: conversationId,
				channel,
				account,
				topic,
				createdAt,
				updatedAt,
			})),
		lastContacts,
		totalConversations: conversations.length,
	};
}

/**
 * The card as operators and the team chat see it: a web chat identity's user id and address are
 * the visitor's session id, which reads their chat and writes in it, so they are left out.
 */
export const cardForStaff = (card: CustomerCard): CustomerCard => ({
	...card,
	identities: card.identities.map((identity) => (identity.channel === 'webchat' ? { ...identity, externalUserId: '', address: '' } : identity)),
});
