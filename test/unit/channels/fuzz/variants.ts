import fc from 'fast-check';

import { parseInbound } from '../../../../nodes/shared/envelope';
import type { WebhookVerdict } from '../../../../nodes/shared/channels/types';

/** A verdict a platform can live with: never a 5xx, and whatever is accepted is a valid envelope. */
export function expectSane(verdict: WebhookVerdict): void {
	if (verdict.kind === 'reject') {
		expect(verdict.status).toBeGreaterThanOrEqual(400);
		expect(verdict.status).toBeLessThan(500);
		return;
	}
	if (verdict.kind === 'accept') for (const message of verdict.messages) expect(() => parseInbound(message)).not.toThrow();
}

/** Enough runs to try every kind of damage on most fields, few enough to keep the unit layer fast. */
export const RUNS = { numRuns: 200 };

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

const REMOVE = Symbol('remove');

function pathsOf(value: Json, at: Path = []): Path[] {
	const here = at.length ? [at] : [];
	if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
	if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
	return here;
}

function replaced(value: Json, path: Path, by: Json | typeof REMOVE): Json {
	if (!path.length) return by === REMOVE ? null : by;
	const [key, ...rest] = path;
	if (Array.isArray(value)) {
		const copy = [...value];
		if (!rest.length && by === REMOVE) copy.splice(key as number, 1);
		else copy[key as number] = replaced(copy[key as number], rest, by);
		return copy;
	}
	const copy = { ...(value as Record<string, Json>) };
	if (!rest.length && by === REMOVE) delete copy[key];
	else copy[key] = replaced(copy[key], rest, by);
	return copy;
}

/**
 * An object nested `depth` levels deep, as a hostile or broken sender might post. JSON.stringify
 * overflows the stack a few thousand levels down, so the nesting stands in as a marker until `render`.
 */
export const nested = (depth: number): Json => `__nested:${depth}__`;

/** A payload's bytes as posted, nesting markers written out in full. */
export const render = (payload: Json): Buffer =>
	Buffer.from(JSON.stringify(payload).replace(/"__nested:(\d+)__"/g, (_, depth: string) => '{"a":'.repeat(Number(depth)) + '"bottom"' + '}'.repeat(Number(depth))));

/** What a field may be turned into: the damage real senders and attackers do. */
const damage: fc.Arbitrary<Json | typeof REMOVE> = fc.oneof(
	fc.constant(REMOVE),
	fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, '', ' ', '0', [], {}, [[]], { id: '' }),
	fc.jsonValue() as fc.Arbitrary<Json>,
	fc.integer({ min: 2, max: 20_000 }).map(nested),
	fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
	fc.constantFrom<Json>(8.64e15, 8.64e15 + 1, -8.64e15 - 1, Number.MAX_SAFE_INTEGER, 1e300, -1e300, '99999999999999999999', '-1', 'NaN', '2024-13-45T99:99:99Z'),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.constantFrom<Json>('\u0000', '\uD800', '\uDFFF\uD800', '\u200B\u200C\u2060\uFEFF', '\u202E\u0627\u0644\u0639\u0631\u0628\u064A\u0629', '👨‍👩‍👧‍👦🏳️‍🌈', 'Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘G̴̻͈͍͔̹̑͗̎̅͛́Ǫ̵̹̻̝̳͂̌̌͘'),
);

/**
 * Variants of valid payloads: one to three fields of one of them, anywhere in it, removed or
 * replaced by a wrong type, an empty value, deep nesting, a huge string, an impossible time or
 * odd unicode. Variants are posted as they are, so each still has to get past the handler's checks.
 */
export function variantsOf(valid: readonly Json[]): fc.Arbitrary<Json> {
	return fc
		.tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), damage), { minLength: 1, maxLength: 3 }))
		.map(([payload, hits]) =>
			hits.reduce<Json>((current, [pick, by]) => {
				const paths = pathsOf(current);
				return paths.length ? replaced(current, paths[pick % paths.length], by) : current;
			}, payload),
		);
}
