import type { ZodType, ZodTypeDef } from 'zod';

import type { WebhookRequest } from '../types';

/** Header names are case-insensitive; Node lowercases them, other hosts may not. */
export function headerOf(req: WebhookRequest, name: string): string | undefined {
	const key = Object.keys(req.headers).find((k) => k.toLowerCase() === name.toLowerCase());
	const value = key === undefined ? undefined : req.headers[key];
	return Array.isArray(value) ? value[0] : value;
}

export type ParsedBody<T> = { ok: true; value: T; raw: unknown } | { ok: false; reason: string };

/**
 * No platform nests its payloads more than a dozen levels; far deeper JSON still parses (the
 * parser does not recurse) but overflows the stack of whatever serialises it later, the store or
 * the key of a rejected item, so it is refused here, before anything is read from it.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The largest body a channel webhook reads. Meta's batches are the largest deliveries (its
 * webhooks "can be up to 3 MB"); anything bigger is no platform's and would only be kept, whole, as
 * the raw payload of every message in it.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A body's JSON, or why it is none. `parse` lets a platform keep what JSON.parse would spoil (Viber's int64 tokens). */
export function readJson(rawBody: Buffer, parse: (text: string) => unknown = JSON.parse): { ok: true; value: unknown } | { ok: false; reason: string } {
	if (rawBody.length > MAX_BODY_BYTES) return { ok: false, reason: `The body is larger than ${MAX_BODY_BYTES} bytes` };
	let value: unknown;
	try {
		value = parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, reason: 'The body is not JSON' };
	}
	if (nestedDeeperThan(value, MAX_JSON_DEPTH)) return { ok: false, reason: `The body is nested more than ${MAX_JSON_DEPTH} levels deep` };
	return { ok: true, value };
}

/** Walked with a list rather than recursion, which the depth it looks for would overflow. */
function nestedDeeperThan(root: unknown, limit: number): boolean {
	const pending: Array<[unknown, number]> = [[root, 0]];
	for (let next = pending.pop(); next; next = pending.pop()) {
		const [value, depth] = next;
		if (typeof value !== 'object' || value === null) continue;
		if (depth >= limit) return true;
		for (const child of Object.values(value)) pending.push([child, depth + 1]);
	}
	return false;
}

/** What is wrong with a payload, every field named: `message.from.id: Required; date: Expected number`. */
export const describeIssues = (issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>): string =>
	issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/** A webhook body as the platform's payload, or the reason it is not one (naming every wrong field). */
export function parseJsonBody<T>(
	rawBody: Buffer,
	schema: ZodType<T, ZodTypeDef, unknown>,
	what: string,
	parse?: (text: string) => unknown,
): ParsedBody<T> {
	const json = readJson(rawBody, parse);
	if (!json.ok) return json;
	const result = schema.safeParse(json.value);
	if (result.success) return { ok: true, value: result.data, raw: json.value };
	return { ok: false, reason: `The body is not ${what}: ${describeIssues(result.error.issues)}` };
}
