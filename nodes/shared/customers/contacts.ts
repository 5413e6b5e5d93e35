import type { InboundMessage } from '../envelope';

/**
 * A phone as E.164 digits without the plus: separators, a leading "+" or international "00"
 * dropped. Not a phone (fewer than 7 or more than 15 digits) gives null. National trunk
 * prefixes ("8 916…" in Russia) are not rewritten: that needs the customer's country.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
	if (!raw) return null;
	const digits = raw.replace(/\D/g, '').replace(/^00/, '');
	return digits.length >= 7 && digits.length <= 15 ? digits : null;
}

export function normaliseEmail(raw: string | null | undefined): string | null {
	const email = raw?.trim().toLowerCase();
	return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** The forms a phone may have been stored in on a card (typed, from a form, from a CRM). */
export function phoneVariants(raw: string): string[] {
	const digits = normalisePhone(raw);
	return digits ? [...new Set([raw.trim(), digits, `+${digits}`])] : [raw.trim()];
}

/**
 * The contacts the channel itself vouches for, which link cards automatically:
 * - WhatsApp: the sender's wa_id is their phone number (WhatsApp verified it by SMS);
 * - Telegram: a phone reaches the envelope only from a contact the sender shared about themselves
 *   ("share my phone"), which Telegram fills from the account;
 * - e-mail: the sender's address (the mailbox the message came from).
 * Anything typed (a web chat pre-chat form, a phone in a message, a Viber profile) is
 * customer-given: it fills the card but links channels only through a link code, since anyone
 * can type someone else's number and would otherwise see their history.
 */
export function verifiedContacts({ channel, sender }: Pick<InboundMessage, 'channel' | 'sender'>): {
	phone: string | null;
	email: string | null;
} {
	if (channel === 'whatsapp') return { phone: normalisePhone(sender.phone ?? sender.id), email: null };
	if (channel === 'telegram') return { phone: normalisePhone(sender.phone), email: null };
	if (channel === 'email') return { phone: null, email: normaliseEmail(sender.email ?? sender.id) };
	return { phone: null, email: null };
}
