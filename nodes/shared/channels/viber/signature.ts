import { createHmac } from 'node:crypto';

import { secretMatches } from '../common/secrets';

export const SIGNATURE_HEADER = 'x-viber-content-signature';

/** What Viber puts in X-Viber-Content-Signature: hex HMAC-SHA256 of the raw body, keyed with the auth token. */
export const viberSignature = (authToken: string, rawBody: Buffer | string) =>
	createHmac('sha256', authToken).update(rawBody).digest('hex');

/** Checked on the raw bytes, in constant time; hex case does not matter. */
export function signatureMatches(given: string | undefined, authToken: string, rawBody: Buffer): boolean {
	return given !== undefined && secretMatches(given.toLowerCase(), viberSignature(authToken, rawBody));
}
