import { z } from 'zod';

import type { CustomerCard } from '../customers';
import { iso } from '../store/rows';
import type { Db, Row } from '../store/types';

/** A prepared answer; `body` may hold variables such as {{customer.name}}. */
export interface CannedReply {
	id: number;
	name: string;
	/** Empty = any topic. */
	topic: string;
	/** Empty = any language. */
	language: string;
	body: string;
	updatedAt: string;
}

export const CannedInputSchema = z.object({
	name: z.string().trim().min(1, 'needs a name').max(120),
	topic: z.string().trim().max(120).default(''),
	language: z.string().trim().toLowerCase().max(10).default(''),
	body: z.string().trim().min(1, 'needs a text').max(4000),
});
export type CannedInput = z.input<typeof CannedInputSchema>;

const toCanned = (r: Row): CannedReply => ({
	id: Number(r.id),
	name: String(r.name),
	topic: String(r.topic),
	language: String(r.language),
	body: String(r.body),
	updatedAt: iso(r.updated_at),
});

async function upsert(db: Db, input: CannedInput): Promise<CannedReply> {
	const c = CannedInputSchema.parse(input);
	const at = new Date().toISOString();
	const [row] = await db.query(
		`INSERT INTO canned_replies (name, topic, language, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		 ON CONFLICT (name, language) DO UPDATE SET topic = excluded.topic, body = excluded.body, updated_at = excluded.updated_at
		 RETURNING *`,
		[c.name, c.topic, c.language, c.body, at, at],
	);
	return toCanned(row);
}

/** Creates the reply, or replaces the one of the same name and language. */
export const saveCannedReply = (db: Db, input: CannedInput): Promise<CannedReply> => upsert(db, input);

/** Loads many at once (a sheet of replies); `replace` removes those the import does not name. */
export function importCannedReplies(db: Db, rows: CannedInput[], replace: boolean): Promise<{ saved: number; removed: number }> {
	const parsed = rows.map((row, i) => {
		const result = CannedInputSchema.safeParse(row);
		if (!result.success) throw new Error(`Canned reply ${i + 1}: ${result.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
		return result.data;
	});
	return db.transaction(async (tx) => {
		for (const row of parsed) await upsert(tx, row);
		let removed = 0;
		if (replace) {
			const keep = new Set(parsed.map((r) => `${r.language}\u0000${r.name}`));
			for (const existing of await listCannedReplies(tx)) {
				if (keep.has(`${existing.language}\u0000${existing.name}`)) continue;
				await tx.query('DELETE FROM canned_replies WHERE id = ?', [existing.id]);
				removed++;
			}
		}
		return { saved: parsed.length, removed };
	});
}

export async function listCannedReplies(db: Db): Promise<CannedReply[]> {
	return (await db.query('SELECT * FROM canned_replies ORDER BY name, language')).map(toCanned);
}

/**
 * Replies whose name or topic contains `query` (any case), in the conversation's language or in
 * none (every language while it is unknown); those of its topic and language first.
 */
export async function searchCannedReplies(
	db: Db,
	opts: { query: string; language: string | null; topic: string | null; limit?: number },
): Promise<CannedReply[]> {
	const like = `%${opts.query.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const language = (opts.language ?? '').toLowerCase();
	const rows = await db.query(
		`SELECT * FROM canned_replies
		 WHERE (LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(topic) LIKE ? ESCAPE '\\') AND (? = '' OR language = '' OR language = ?)
		 ORDER BY CASE WHEN LOWER(topic) = LOWER(?) THEN 0 ELSE 1 END, CASE WHEN language = ? THEN 0 ELSE 1 END, name
		 LIMIT ?`,
		[like, like, language, language, opts.topic ?? '', language, opts.limit ?? 20],
	);
	return rows.map(toCanned);
}

export interface TemplateContext {
	customer: Pick<CustomerCard, 'name' | 'phone' | 'email' | 'fields'>;
	operator: { name: string };
	conversation: { id: number; topic: string | null; channel: string };
}

const VARIABLE = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;

/**
 * Fills {{customer.name}}, {{customer.fields.orderNumber}}, {{operator.name}}, … with plain text.
 * Nothing is escaped here: the result is a message text, and the desk shows it as text. An
 * unknown or empty variable becomes an empty string rather than leaking braces to the customer.
 */
export function fillVariables(body: string, context: TemplateContext): string {
	return body.replace(VARIABLE, (_, path: string) => {
		let value: unknown = context;
		for (const key of path.split('.')) {
			value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
		}
		return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
	});
}
