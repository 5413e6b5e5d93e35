import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A contact as an in-house CRM keeps it: tiers by name, phones and custom fields in lists. */
export interface CrmContact {
	id: string;
	full_name: string;
	phones: Array<{ kind: 'mobile' | 'work'; value: string }>;
	emails: Array<{ value: string }>;
	loyalty: { tier: 'none' | 'silver' | 'gold' | 'platinum'; since: string };
	custom_fields: Array<{ code: string; value: string }>;
	/** The shop's orders of this contact, answered at `GET /api/v1/contacts/:id/orders/:number`. */
	orders?: Array<{ number: string; status: string; eta?: string }>;
}

export interface FakeCrm {
	url: string;
	token: string;
	contacts: CrmContact[];
	/** Every request that passed authentication, as "METHOD path?query". */
	calls: string[];
	/** While set, every call answers HTTP 503, as a CRM under maintenance does. */
	down: boolean;
	close(): Promise<void>;
}

const digits = (s: string) => s.replace(/\D/g, '');

function send(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, string>> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? (JSON.parse(text) as Record<string, string>) : {};
}

/** Contacts matching a search by phone (any format, compared as digits), e-mail or id. */
function search(contacts: CrmContact[], { phone, email, id }: Record<string, string | undefined>) {
	return contacts.filter(
		(c) =>
			(phone && c.phones.some((p) => digits(p.value) === digits(phone))) ||
			(email && c.emails.some((e) => e.value.toLowerCase() === email.toLowerCase())) ||
			(id && c.id === id),
	);
}

/**
 * An in-house CRM's REST API on loopback: bearer-token auth (401 with an error body otherwise),
 * `GET /api/v1/me`, `GET /api/v1/contacts?phone=|email=` (a paged list), `GET /api/v1/contacts/:id`
 * (404 when unknown), `GET /api/v1/contacts/:id/orders/:number` (404 unless that contact has that
 * order) and `POST /api/v1/contacts/search` with a JSON filter.
 */
export async function startFakeCrm(contacts: CrmContact[] = [], token = 'crm-secret-token'): Promise<FakeCrm> {
	const crm = { token, contacts, calls: [] as string[], down: false };
	const server: Server = createServer((req, res) => {
		void (async () => {
			if (req.headers.authorization !== `Bearer ${crm.token}`) {
				return send(res, 401, { error: { code: 'unauthorized', message: 'Missing or invalid access token' } });
			}
			crm.calls.push(`${req.method} ${req.url}`);
			if (crm.down) return send(res, 503, { error: { code: 'maintenance', message: 'Try again later' } });
			const url = new URL(req.url ?? '/', 'http://crm');
			const page = (found: CrmContact[]) => send(res, 200, { data: found, meta: { total: found.length, page: 1, per_page: 50 } });
			if (req.method === 'GET' && url.pathname === '/api/v1/me') return send(res, 200, { data: { user: 'integration', scopes: ['contacts:read'] } });
			if (req.method === 'GET' && url.pathname === '/api/v1/contacts') return page(search(crm.contacts, Object.fromEntries(url.searchParams)));
			if (req.method === 'POST' && url.pathname === '/api/v1/contacts/search') return page(search(crm.contacts, await bodyOf(req)));
			const one = /^\/api\/v1\/contacts\/([^/]+)$/.exec(url.pathname);
			if (req.method === 'GET' && one) {
				const found = crm.contacts.find((c) => c.id === decodeURIComponent(one[1]));
				return found ? send(res, 200, { data: found }) : send(res, 404, { error: { code: 'not_found', message: 'Contact not found' } });
			}
			const order = /^\/api\/v1\/contacts\/([^/]+)\/orders\/([^/]+)$/.exec(url.pathname);
			if (req.method === 'GET' && order) {
				const [owner, number] = [decodeURIComponent(order[1]), decodeURIComponent(order[2])];
				const found = crm.contacts.find((c) => c.id === owner)?.orders?.find((o) => o.number === number);
				return found ? send(res, 200, { data: found }) : send(res, 404, { error: { code: 'not_found', message: 'Order not found' } });
			}
			send(res, 404, { error: { code: 'no_route', message: `No route ${req.method} ${url.pathname}` } });
		})().catch((error: Error) => send(res, 500, { error: { code: 'internal', message: error.message } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return Object.assign(crm, {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	});
}
