import type { Db } from '../store';
import { customersTable } from '../store/customers';
import { identitiesTable } from '../store/identities';
import type { NewRecipient } from './campaigns';
import type { AudienceQuery, RecipientInput } from './types';

const digits = (phone: string) => phone.replace(/\D/g, '');

/** The customer an item without an id names: by a channel identity, or by a phone or e-mail a
 * channel vouched for or an operator set on the card (never one the customer merely typed). */
async function customerOf(db: Db, input: RecipientInput): Promise<number | null> {
	const cards = customersTable(db);
	const identities = identitiesTable(db);
	const lookups: Array<() => Promise<number | null | undefined>> = [];
	const { channel, externalUserId } = input;
	if (channel && externalUserId) lookups.push(() => identities.ownerOnChannel(channel, externalUserId));
	if (input.email) {
		const email = input.email.trim().toLowerCase();
		lookups.push(() => identities.firstVerifiedOwner('email', [email], 'identity'));
		lookups.push(async () => (await cards.idsByEmail(email, { setByOperator: true }))[0]);
	}
	const phone = digits(input.phone ?? '');
	if (phone) {
		lookups.push(() => identities.firstVerifiedOwner('phone', [phone, `+${phone}`], 'identity'));
		// Card phones are typed by people: the query narrows by the last digits, then all digits must match.
		lookups.push(async () => (await cards.withPhoneEnding(phone.slice(-2), { setByOperator: true })).find((card) => digits(card.phone) === phone)?.id);
	}
	for (const lookup of lookups) {
		const hit = await lookup();
		if (hit !== null && hit !== undefined) return cards.liveId(hit);
	}
	return null;
}

const describe = (input: RecipientInput) =>
	[input.customerId && `customer ${input.customerId}`, input.channel && input.externalUserId && `${input.channel} user ${input.externalUserId}`, input.phone, input.email]
		.filter(Boolean)
		.join(', ') || 'an item with no customer id, identity, phone or e-mail';

const hasId = (input: RecipientInput) => input.customerId !== undefined && input.customerId !== null && String(input.customerId) !== '';

/** Recipients for items: each resolved to a customer once; unresolvable ones are kept, skipped, so the count adds up. */
export async function recipientsFromItems(db: Db, inputs: RecipientInput[]): Promise<NewRecipient[]> {
	const byId = await customersTable(db).liveIds(inputs.filter(hasId).map((input) => Number(input.customerId)));
	const recipients: NewRecipient[] = [];
	for (const [index, input] of inputs.entries()) {
		const customerId = hasId(input) ? (byId.get(Number(input.customerId)) ?? null) : await customerOf(db, input);
		const variables = input.variables ?? {};
		if (customerId === null) {
			recipients.push({ key: input.key ?? `unresolved:${describe(input)}:${index}`, customerId: null, variables, skipReason: `unknown_customer: no customer matches ${describe(input)}` });
		} else {
			recipients.push({ key: input.key ?? `customer:${customerId}`, customerId, variables, subject: input.subject });
		}
	}
	return recipients;
}

/** Customers matching a store query, as recipients keyed by customer, each notice about `subject`. */
export async function recipientsFromQuery(db: Db, query: AudienceQuery, subject?: string): Promise<NewRecipient[]> {
	const ids = await customersTable(db).segment(query);
	return ids.map((id) => ({ key: `customer:${id}`, customerId: id, variables: {}, subject }));
}
