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
 * A webhook body as the platform's payload, or the reason it is not one (naming every wrong
 * field). `parse` lets a platform keep what JSON.parse would spoil (Viber's int64 tokens).
 */
export function parseJsonBody<T>(
	rawBody: Buffer,
	schema: ZodType<T, ZodTypeDef, unknown>,
	what: string,
	parse: (text: string) => unknown = JSON.parse,
): ParsedBody<T> {
	let raw: unknown;
	try {
		raw = parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, reason: 'The body is not JSON' };
	}
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, value: result.data, raw };
	const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
	return { ok: false, reason: `The body is not ${what}: ${issues.join('; ')}` };
}
