import type { ZodType, ZodTypeDef } from 'zod';

import type { WebhookRequest } from '../types';

/** Header names are case-insensitive; Node lowercases them, other hosts may not. */
export function headerOf(req: WebhookRequest, name: string): string | undefined {
	const key = Object.keys(req.headers).find((k) => k.toLowerCase() === name.toLowerCase());
	const value = key === undefined ? undefined : req.headers[key];
	return Array.isArray(value) ? value[0] : value;
}

export type ParsedBody<T> = { ok: true; value: T; raw: unknown } | { ok: false; reason: string };

/** A body's JSON, or why it is none. `parse` lets a platform keep what JSON.parse would spoil (Viber's int64 tokens). */
export function readJson(rawBody: Buffer, parse: (text: string) => unknown = JSON.parse): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		return { ok: true, value: parse(rawBody.toString('utf8')) };
	} catch {
		return { ok: false, reason: 'The body is not JSON' };
	}
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
