import { createHmac } from 'node:crypto';

const DEFAULT_SALT = 'n8n-contact-center/telegram-webhook';

/**
 * The webhook `secret_token` for a bot, derived rather than stored so that every n8n process,
 * worker and restart computes the same value: 43 characters of base64url, inside Telegram's
 * 1–256 `A-Za-z0-9_-`. A different salt gives a different secret (rotate by changing it).
 */
export function webhookSecretToken(botToken: string, salt: string = DEFAULT_SALT): string {
	return createHmac('sha256', botToken).update(salt).digest('base64url');
}
