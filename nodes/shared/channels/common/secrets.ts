import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret, token or signature a caller sent is the expected one, compared in constant
 * time; hashing both first hides the expected length as well. An empty expected value matches
 * nothing, so that an unset secret never lets every caller in.
 */
export function secretMatches(given: string | undefined, expected: string): boolean {
	if (given === undefined || !expected) return false;
	const digest = (s: string) => createHash('sha256').update(s).digest();
	return timingSafeEqual(digest(given), digest(expected));
}
