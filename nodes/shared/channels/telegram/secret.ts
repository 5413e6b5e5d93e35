import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const DEFAULT_SALT = 'n8n-contact-center/telegram-webhook';

/**
 * The webhook `secret_token` for a bot, derived rather than stored so that every n8n process,
 * worker and restart computes the same value: 43 characters of base64url, inside Telegram's
 * 1–256 `A-Za-z0-9_-`. A different salt gives a different secret (rotate by changing it).
 */
export function webhookSecretToken(botToken: string, salt: string = DEFAULT_SALT): string {
	return createHmac('sha256', botToken).update(salt).digest('base64url');
}

/** Compares in constant time; hashing first hides the expected length as well. */
export function secretMatches(given: string | undefined, expected: string): boolean {
	if (given === undefined) return false;
	const digest = (s: string) => createHash('sha256').update(s).digest();
	return timingSafeEqual(digest(given), digest(expected));
}
