import { createHash } from 'node:crypto';

import { NetworkError, request } from '../../channels/common/http';
import type { Db } from '../../store/types';
import type { CrmStatus } from '../card';
import { crmAuthHeaders, type HttpCrmCredential } from './credential';
import { mapRecord, recordIn, type CrmCard, type CrmMapping } from './mapping';

/** The lookup call, as ops staff configure it on the node. */
export interface CrmRequest {
	method: 'GET' | 'POST';
	/** Path and query under the base URL, with placeholders: `/contacts?phone={{phone}}`. */
	path: string;
	/** A JSON body for POST searches (HubSpot), with the same placeholders. */
	body?: string;
	/** How long an answer is reused by every worker; 0 asks the CRM every time. */
	cacheMinutes: number;
}

/** What a template may name: `{{phone}}` (+digits), `{{phoneDigits}}`, `{{email}}`, `{{crmId}}`, `{{name}}`, `{{fields.order}}`. */
export type LookupKeys = Record<string, string | null | undefined>;

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The template with its placeholders filled, or the first placeholder that has no usable value. */
export function fillTemplate(
	template: string,
	keys: LookupKeys,
	escape: (value: string) => string,
	usable: (value: string) => boolean = () => true,
): { text: string } | { missing: string } {
	const missing = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).find((name) => !keys[name] || !usable(String(keys[name])));
	if (missing) return { missing };
	return { text: template.replace(PLACEHOLDER, (_, name: string) => escape(String(keys[name]))) };
}

/** "." and ".." survive percent-encoding as path segments (URL parsers resolve even "%2e%2e"), so
 * a customer's value made only of dots could move the lookup to another path of the CRM. */
export const notADotSegment = (value: string) => !/^(\.|%2e)+$/i.test(value.trim());

/** The filled path stays under the credential's base URL: same origin, same leading path. */
function underBase(baseUrl: string, url: string): boolean {
	const [base, target] = [new URL(baseUrl.replace(/\/*$/, '/')), new URL(url)];
	return target.origin === base.origin && target.pathname.startsWith(base.pathname);
}

const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);

/** What the cache keeps: the CRM's answer before mapping, so a changed mapping applies at once. */
type CachedAnswer = { found: true; record: unknown } | { found: false };

export type CrmResult = CrmStatus & { card?: CrmCard };

async function cached(db: Db, key: string, at: Date): Promise<CachedAnswer | null> {
	const rows = await db.query('SELECT answer FROM crm_cache WHERE cache_key = ? AND expires_at > ?', [key, at.toISOString()]);
	return rows.length ? (JSON.parse(String(rows[0].answer)) as CachedAnswer) : null;
}

async function remember(db: Db, key: string, answer: CachedAnswer, at: Date, minutes: number) {
	await db.query(
		`INSERT INTO crm_cache (cache_key, answer, fetched_at, expires_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (cache_key) DO UPDATE SET answer = excluded.answer, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
		[key, JSON.stringify(answer), at.toISOString(), new Date(at.getTime() + minutes * 60_000).toISOString()],
	);
}

async function ask(credential: HttpCrmCredential, method: CrmRequest['method'], url: string, body?: string): Promise<CachedAnswer> {
	const answer = await request({
		method,
		url,
		headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...crmAuthHeaders(credential) },
		data: body,
	});
	if (answer.status === 404) return { found: false };
	if (answer.status < 200 || answer.status >= 300) throw new Error(`The CRM answered HTTP ${answer.status}`);
	return { found: true, record: answer.data };
}

/**
 * Looks the customer up in the CRM, through the shared cache: a fresh cached answer (found or
 * not) is used without a call; an expired one is fetched again. Failures are not cached and do
 * not throw: the card is still worth having without the CRM, and the status says what went wrong.
 */
export async function lookUpInCrm(
	db: Db,
	credential: HttpCrmCredential,
	crm: CrmRequest,
	mapping: CrmMapping,
	keys: LookupKeys,
	at = new Date(),
): Promise<CrmResult> {
	const path = fillTemplate(crm.path, keys, encodeURIComponent, notADotSegment);
	if ('missing' in path) return { status: 'skipped', reason: `no ${path.missing} to look up by` };
	const body = crm.body ? fillTemplate(crm.body, keys, jsonEscape) : undefined;
	if (body && 'missing' in body) return { status: 'skipped', reason: `no ${body.missing} to look up by` };

	const url = credential.baseUrl.replace(/\/+$/, '') + (path.text.startsWith('/') ? '' : '/') + path.text;
	if (!underBase(credential.baseUrl, url)) return { status: 'skipped', reason: 'the filled path leaves the CRM base URL' };
	const key = createHash('sha256').update(JSON.stringify([crm.method, url, body?.text ?? null])).digest('hex');
	let answer = crm.cacheMinutes > 0 ? await cached(db, key, at) : null;
	const fromCache = answer !== null;
	if (!answer) {
		try {
			answer = await ask(credential, crm.method, url, body?.text);
		} catch (error) {
			const reason = error instanceof NetworkError ? `CRM unreachable: ${error.message}` : (error as Error).message;
			return { status: 'error', reason };
		}
		if (crm.cacheMinutes > 0) await remember(db, key, answer, at, crm.cacheMinutes);
	}
	const record = answer.found ? recordIn(answer.record, mapping.recordPath) : null;
	if (record === null) return { status: 'missing', cached: fromCache };
	return { status: 'found', cached: fromCache, card: mapRecord(record, mapping) };
}
