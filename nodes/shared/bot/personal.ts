import { NetworkError, request } from '../channels/common/http';
import { fillTemplate, notADotSegment, trustedContact, type LookupKeys } from '../customers';
import type { CardIdentity, CustomerCard } from '../customers';
import { valueAt } from '../customers/crm/jsonPath';
import { recordIn } from '../customers/crm/mapping';
import { normalisePhone } from '../customers/contacts';
import { plainText } from './knowledgeBase';

/**
 * Answers with the customer's own data: `{{customer.name}}`, `{{customer.fields.balance}}` from
 * the card Customer Lookup put on the item, `{{order.number}}` (the order the message names) and
 * `{{order.status}}` or any `{{order.<path>}}` of that order — from the order service ops staff
 * configured on the node, else from the card's `order_<name>` fields when the card's `order` is
 * the order asked about. Values go in as plain text in one pass: a value holding `{{…}}` or markup
 * is shown as it is, never filled again, evaluated or rendered.
 */

/** The part of the item's card answers read: scalars by path, and what identifies the customer. */
export type PersonalCard = Pick<CustomerCard, 'id' | 'crmId' | 'phone' | 'email' | 'corrected' | 'fields'> & {
	language?: string | null;
	identities: Array<Pick<CardIdentity, 'verifiedPhone' | 'verifiedEmail'>>;
	[key: string]: unknown;
};

/** An HTTP service that answers for one order of one customer: `https://shop.example/api/customers/{{crmId}}/orders/{{order}}`. */
export interface OrderService {
	url: string;
	/** Where the order is in the answer; empty: the answer itself. */
	recordPath: string;
	timeoutMs: number;
	headers: Record<string, string>;
}

export type Personalised =
	| { text: string }
	/** `order`: the order asked about, when it was the order that could not be found. */
	| { missing: string; order: string | null };

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Names that identify the customer to the order service: only what a channel verified, the CRM or the store said. */
const IDENTITY_KEYS = ['customerId', 'crmId', 'phone', 'phoneDigits', 'email'];

/**
 * The order a message names: a number of 3 to 10 digits, maybe with a short prefix (A-5531,
 * #4512, №4512). Longer runs of digits are phones or cards, not order numbers.
 */
export function orderNumberIn(text: string): string | null {
	const match = /(?:^|[\s#№(:])([a-z]{0,4}-?\d{3,10})(?=$|[\s.,!?;:)])/i.exec(text);
	return match ? match[1].toUpperCase() : null;
}

/**
 * A service URL ops staff may configure: http(s), the host written out (never a placeholder), and
 * the customer named in it, so the service answers for this customer's orders only and a
 * customer cannot read another's order by typing its number.
 */
export function checkOrderServiceUrl(url: string): void {
	const names = [...url.matchAll(PLACEHOLDER)].map((m) => m[1]);
	const unknown = names.find((n) => n !== 'order' && !IDENTITY_KEYS.includes(n));
	if (unknown) throw new Error(`The order service URL may name {{order}} and ${IDENTITY_KEYS.map((k) => `{{${k}}}`).join(', ')}, not {{${unknown}}}`);
	if (!names.some((n) => IDENTITY_KEYS.includes(n))) {
		throw new Error('The order service URL must name the customer ({{crmId}}, {{customerId}}, …) so that it answers for their own orders only');
	}
	const origin = originOf(url);
	if (!origin) throw new Error('The order service URL must start with http:// or https:// and a host without placeholders');
}

function originOf(template: string): string | null {
	const literal = /^(https?:\/\/[^/?#{}]+)(?=$|[/?#])/i.exec(template)?.[1];
	if (!literal) return null;
	try {
		return new URL(literal).origin;
	} catch {
		return null;
	}
}

function identityKeys(card: PersonalCard | null, order: string | null): LookupKeys {
	if (!card) return { order };
	const digits = normalisePhone(trustedContact(card, 'phone'));
	return {
		customerId: card.id === null ? null : String(card.id),
		crmId: card.crmId,
		phone: digits ? `+${digits}` : null,
		phoneDigits: digits,
		email: trustedContact(card, 'email'),
		order,
	};
}

/** The order's record from the service, or null when the service does not know it (or cannot say). */
async function fetchOrder(service: OrderService, keys: LookupKeys): Promise<unknown> {
	const filled = fillTemplate(service.url, keys, encodeURIComponent, notADotSegment);
	if ('missing' in filled) return null;
	// Placeholders sit after the host and their values are percent-encoded, so this holds by
	// construction; checked anyway, as the one thing that must never change is where we call.
	if (new URL(filled.text).origin !== originOf(service.url)) return null;
	try {
		const answer = await request({
			method: 'GET',
			url: filled.text,
			headers: { Accept: 'application/json', ...service.headers },
			timeout: service.timeoutMs,
			maxRedirects: 0,
		});
		return answer.status >= 200 && answer.status < 300 ? recordIn(answer.data, service.recordPath) : null;
	} catch (error) {
		if (error instanceof NetworkError) return null;
		throw error;
	}
}

const scalar = (value: unknown): string | null =>
	value === null || value === undefined || typeof value === 'object' || String(value).trim() === '' ? null : plainText(value);

/** The answer with the customer's data filled in, or what is missing when some of it is not known. */
export async function personalise(
	answer: string,
	question: string,
	data: { customer: PersonalCard | null; orderService: OrderService | null },
): Promise<Personalised> {
	const names = [...new Set([...answer.matchAll(PLACEHOLDER)].map((m) => m[1]))];
	if (!names.length) return { text: answer };
	const { customer, orderService } = data;
	const order = orderNumberIn(question) ?? customer?.fields.order ?? null;

	let record: unknown;
	const orderRecord = async () => {
		if (record !== undefined) return record;
		if (orderService) record = await fetchOrder(orderService, identityKeys(customer, order));
		else record = customer && order !== null && customer.fields.order?.toUpperCase() === order ? orderFromCard(customer.fields) : null;
		return record;
	};

	const values = new Map<string, string>();
	for (const name of names) {
		const [scope, ...rest] = name.split('.');
		const path = rest.join('.');
		let value: string | null = null;
		if (scope === 'customer' && customer) value = scalar(valueAt(customer, path));
		else if (name === 'order.number') value = order;
		else if (scope === 'order' && path) value = scalar(valueAt(await orderRecord(), path));
		if (value === null) return { missing: name, order: scope === 'order' ? order : null };
		values.set(name, value);
	}
	return { text: answer.replace(PLACEHOLDER, (_, name: string) => values.get(name)!) };
}

/** The card's `order_status`, `order_eta`, … as the order's `status`, `eta`, …. */
function orderFromCard(fields: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(fields).flatMap(([key, value]) => (key.startsWith('order_') ? [[key.slice(6), value]] : [])));
}
