import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * Whether `header` is Meta's `sha256=<hex>` HMAC of exactly these bytes under the app secret.
 * Checked on the raw bytes: re-serialised JSON (other spacing, escaped slashes) would not match.
 */
export function signatureMatches(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
	const given = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
	if (!given || !appSecret) return false;
	const expected = createHmac('sha256', appSecret).update(rawBody).digest();
	return timingSafeEqual(Buffer.from(given[1], 'hex'), expected);
}
