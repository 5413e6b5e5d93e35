import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a site set up to prove its visitors (the Web Chat Site credential). Both are optional:
 * without them the chat takes anonymous visitors from anywhere, as a chat page on the open web does.
 */
export interface VisitorProof {
	/** The site's key, which its widget sends with every call (header X-Chat-Key). */
	siteKey?: string;
	/** Known only to the site's backend and n8n: signs the ids of the site's logged-in customers. */
	identitySecret?: string;
	/** Only signatures that carry their own end are taken: one copied from a page works until then. */
	requireExpiry?: boolean;
}

/**
 * What the site's backend computes for a logged-in customer: HMAC-SHA256 of the id, in hex; with
 * an expiry (Unix seconds), of the id, a line break and the expiry. Ids hold no line break, so no
 * signature of one form passes for the other.
 */
export const identitySignature = (secret: string, customerId: string, expires?: number) =>
	createHmac('sha256', secret)
		.update(expires === undefined ? customerId : `${customerId}\n${expires}`, 'utf8')
		.digest('hex');

/** Compared in constant time, so that the response time does not tell how much of a guess was right. */
function same(given: string, expected: string): boolean {
	const [a, b] = [Buffer.from(given), Buffer.from(expected)];
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a call carries the site's key, when the site set one. */
export const siteKeyAccepted = (proof: VisitorProof, given: string | undefined) => !proof.siteKey || (given !== undefined && same(given, proof.siteKey));

export type ProvenCustomer = { ok: true; customerId: string | null } | { ok: false; reason: string };

/**
 * The site's customer a message claims to come from, when the claim is signed with the site's
 * secret; null for an anonymous visitor. A claim that cannot be checked (no secret set, half of it
 * missing) is refused like a forged one: taking it as anonymous would hide a broken set-up.
 */
export function provenCustomer(
	proof: VisitorProof,
	claim: { customerId?: string; signature?: string; expires?: number },
	now: Date = new Date(),
): ProvenCustomer {
	if (claim.customerId === undefined && claim.signature === undefined) return { ok: true, customerId: null };
	if (!proof.identitySecret) return { ok: false, reason: 'This chat takes no signed customers' };
	if (!claim.customerId || !claim.signature) return { ok: false, reason: 'A signed customer needs both customerId and signature' };
	if (!same(claim.signature.toLowerCase(), identitySignature(proof.identitySecret, claim.customerId, claim.expires))) {
		return { ok: false, reason: 'The customer signature is not valid' };
	}
	if (claim.expires === undefined && proof.requireExpiry) return { ok: false, reason: 'This chat takes only signatures with an expiry' };
	if (claim.expires !== undefined && claim.expires * 1000 <= now.getTime()) return { ok: false, reason: 'The customer signature has expired' };
	return { ok: true, customerId: claim.customerId };
}

/**
 * The sender id of a customer the site proved: the same from every browser and device, so their
 * chats share one card. A session id has no colon, so no anonymous visitor can take this id.
 */
export const signedSenderId = (customerId: string) => `customer:${customerId}`;

/** Shorter than this, a key or a secret could be guessed by trying. */
export const MIN_SECRET_LENGTH = 24;

/** Why a Web Chat Site credential would not hold, or null when it would: its credential test. */
export function proofWeakness(proof: VisitorProof): string | null {
	if (!proof.siteKey && !proof.identitySecret) return 'Set a site key, an identity secret or both';
	const short = Object.entries(proof).find(([, value]) => value && value.length < MIN_SECRET_LENGTH);
	return short ? `The ${short[0] === 'siteKey' ? 'site key' : 'identity secret'} needs at least ${MIN_SECRET_LENGTH} characters` : null;
}
