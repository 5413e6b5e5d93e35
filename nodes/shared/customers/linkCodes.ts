import { randomInt } from 'node:crypto';

import type { InboundMessage } from '../envelope';
import { raiseAlert } from '../limits/alerts';
import { senderAddress } from '../limits/senderAddress';
import { identitiesTable } from '../store/identities';
import { iso } from '../store/rows';
import type { Db } from '../store/types';
import { resolveCustomerId } from './card';
import { mergeCustomers } from './merge';
import { recogniseSender } from './recognise';

/** Words a customer may type before the code: "link 123456", "код 123 456". */
export const DEFAULT_CODE_WORDS = ['link', 'code', 'link code', 'my code', 'lien', 'mon code', 'код', 'мой код', 'код связи'];

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Digits in a code. Enough that the guesses the limits still allow cannot find a live code: at
 * most `spikeFailures` (30) failed guesses per quarter hour get through before redemption is
 * suspended, so even with 50 codes live a guess succeeds with at most 30 × 50 / 10⁹ = 1.5 × 10⁻⁶
 * per quarter hour (docs/security.md has the arithmetic).
 */
export const CODE_DIGITS = 9;
const CODE_SPACE = 10 ** CODE_DIGITS;

/**
 * The code when the whole text is one: nine digits (as three groups of three, with or without
 * spaces or dashes), alone or after one of `words`. Digits inside a sentence are more likely an
 * order number than a code, and taking them would spend (or guess at) someone's code.
 */
export function codeIn(text: string, words: readonly string[] = DEFAULT_CODE_WORDS): string | null {
	const lead = words
		.map((w) => w.trim())
		.filter(Boolean)
		.sort((a, b) => b.length - a.length)
		.map((w) => escape(w).replace(/\s+/g, '\\s+'))
		.join('|');
	const prefix = lead ? `(?:(?:${lead})\\s*[:#№-]?\\s*)?` : '';
	const match = new RegExp(`^${prefix}(\\d{3})[ -]?(\\d{3})[ -]?(\\d{3})\\s*[.!]?$`, 'iu').exec(text.trim());
	return match ? match[1] + match[2] + match[3] : null;
}

/**
 * Issues a one-time code for a customer, to be sent on the channel they are on now and typed on
 * another: typing it proves both channels belong to the same person. Expired codes are dropped
 * first so their numbers can be issued again.
 */
export function createLinkCode(
	db: Db,
	customerId: number,
	{ ttlMinutes = 15, at = new Date() }: { ttlMinutes?: number; at?: Date } = {},
): Promise<{ code: string; expiresAt: string }> {
	return db.transaction(async (tx) => {
		const owner = await resolveCustomerId(tx, customerId);
		if (owner === null) throw new Error(`Customer ${customerId} was not found.`);
		await tx.query('DELETE FROM link_codes WHERE redeemed_at IS NULL AND expires_at <= ?', [at.toISOString()]);
		const expiresAt = new Date(at.getTime() + ttlMinutes * 60_000).toISOString();
		// A billion codes and a handful live at once: a clash is rare, and another draw settles it.
		for (let attempt = 0; attempt < 20; attempt++) {
			const code = String(randomInt(0, CODE_SPACE)).padStart(CODE_DIGITS, '0');
			const inserted = await tx.query(
				`INSERT INTO link_codes (code, customer_id, expires_at, created_at) VALUES (?, ?, ?, ?)
				 ON CONFLICT (code) WHERE redeemed_at IS NULL DO NOTHING RETURNING id`,
				[code, owner, expiresAt, at.toISOString()],
			);
			if (inserted.length) return { code, expiresAt };
		}
		throw new Error('No free link code could be drawn; too many codes are live.');
	});
}

/**
 * How redemption guards against guessing: failed attempts an identity may make within a window,
 * failed attempts from one client address in the same window (fresh web chat sessions are new
 * identities for free, but come from an address), and failures across all identities that
 * suspend redemption for everyone and alert a supervisor.
 */
export interface RedeemPolicy {
	codeWords: readonly string[];
	maxFailures: number;
	failureWindowMinutes: number;
	maxFailuresPerAddress?: number;
	spikeFailures?: number;
	spikeWindowMinutes?: number;
}

export const DEFAULT_REDEEM_POLICY: Required<RedeemPolicy> = {
	codeWords: DEFAULT_CODE_WORDS,
	maxFailures: 5,
	failureWindowMinutes: 60,
	maxFailuresPerAddress: 10,
	spikeFailures: 30,
	spikeWindowMinutes: 15,
};

export type Redeemed =
	| { linked: true; customerId: number; mergedId: number | null }
	| { linked: false; reason: 'no code in the text' }
	| { linked: false; reason: 'unknown or expired code'; attemptsLeft: number }
	| { linked: false; reason: 'too many failed attempts'; retryAt: string }
	| { linked: false; reason: 'link codes suspended'; retryAt: string };

/**
 * The customer types a code on another channel: the sender's card is merged onto the card the
 * code was issued for, and the code is spent. A wrong or expired code counts against the sender's
 * identity and, on the web chat, against its address; after `maxFailures` from the identity (or
 * `maxFailuresPerAddress` from the address) within the window every code is refused until the
 * oldest of them ages out, so a million codes cannot be tried. Everything runs in one transaction,
 * and on PostgreSQL redemptions take turns (one advisory lock): the limits count failures across
 * identities and addresses, which row locks cannot cover, so racing guesses would each see room
 * under the limit. Redemptions are rare (a typed code), so the queue costs nothing in normal use.
 */
export function redeemLinkCode(
	db: Db,
	text: string,
	message: Pick<InboundMessage, 'channel' | 'account' | 'sender' | 'conversationKey'>,
	at = new Date(),
	given: RedeemPolicy = DEFAULT_REDEEM_POLICY,
): Promise<Redeemed> {
	const policy = { ...DEFAULT_REDEEM_POLICY, ...given };
	const code = codeIn(text, policy.codeWords);
	if (!code) return Promise.resolve({ linked: false, reason: 'no code in the text' });
	return db.transaction(async (tx): Promise<Redeemed> => {
		if (tx.dialect === 'postgres') await tx.query("SELECT pg_advisory_xact_lock(hashtext('contact-center link codes'))");
		const { customerId: senderCustomer, identityId } = await recogniseSender(tx, message);
		await identitiesTable(tx).lock(identityId);
		const windowMs = policy.failureWindowMinutes * 60_000;
		const windowStart = new Date(at.getTime() - windowMs).toISOString();
		const failures = await tx.query('SELECT failed_at FROM link_code_failures WHERE identity_id = ? AND failed_at > ? ORDER BY failed_at', [identityId, windowStart]);
		const address = await senderAddress(tx, message);
		const fromAddress = address === null ? [] : await tx.query('SELECT failed_at FROM link_code_failures WHERE address = ? AND failed_at > ? ORDER BY failed_at', [address, windowStart]);
		for (const [counted, limit] of [
			[failures, policy.maxFailures],
			[fromAddress, policy.maxFailuresPerAddress],
		] as const) {
			if (counted.length < limit) continue;
			const retryAt = new Date(new Date(iso(counted[counted.length - limit].failed_at)).getTime() + windowMs);
			return { linked: false, reason: 'too many failed attempts', retryAt: retryAt.toISOString() };
		}
		const spikeMs = policy.spikeWindowMinutes * 60_000;
		const everyone = await tx.query('SELECT failed_at FROM link_code_failures WHERE failed_at > ? ORDER BY failed_at DESC', [
			new Date(at.getTime() - spikeMs).toISOString(),
		]);
		if (everyone.length >= policy.spikeFailures) {
			await raiseAlert(
				tx,
				'link-code-guessing',
				`${everyone.length} wrong link codes in ${policy.spikeWindowMinutes} minutes from many chats: linking by code is suspended until the guessing stops.`,
				at,
				policy.spikeWindowMinutes,
			);
			const retryAt = new Date(new Date(iso(everyone[policy.spikeFailures - 1].failed_at)).getTime() + spikeMs);
			return { linked: false, reason: 'link codes suspended', retryAt: retryAt.toISOString() };
		}
		const rows = await tx.query(
			`SELECT id, customer_id FROM link_codes WHERE code = ? AND redeemed_at IS NULL AND expires_at > ?`,
			[code, at.toISOString()],
		);
		if (!rows.length) {
			await tx.query('INSERT INTO link_code_failures (identity_id, address, failed_at) VALUES (?, ?, ?)', [identityId, address, at.toISOString()]);
			return { linked: false, reason: 'unknown or expired code', attemptsLeft: policy.maxFailures - failures.length - 1 };
		}
		await tx.query('UPDATE link_codes SET redeemed_at = ?, redeemed_by = ? WHERE id = ?', [
			at.toISOString(),
			identityId,
			rows[0].id,
		]);
		const owner = Number(rows[0].customer_id);
		const customerId = await mergeCustomers(tx, owner, senderCustomer);
		return { linked: true, customerId, mergedId: senderCustomer === customerId ? null : senderCustomer };
	});
}
