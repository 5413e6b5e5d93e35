import type { Channel } from '../envelope';
import { windowState } from '../channels/meta/window';
import type { Senders } from '../outbox/reply';
import type { Customer, Identity } from '../store';
import { isTimeZone, nextAllowed } from './quietHours';
import { MissingVariable, render } from '../outbox/placeholders';
import { textFor } from './localisedText';
import type { NotifySettings } from './types';

/** A recipient to send to now: the text (in `language`), the channels to try in order, and those passed over with why. */
export interface SendPlan {
	action: 'send';
	text: string;
	language: string;
	candidates: Identity[];
	passed: string[];
}

/** What to do with one recipient now: send, wait, or not at all. */
export type Plan =
	| SendPlan
	| { action: 'defer'; notBefore: Date; reason: string }
	| { action: 'skip'; reason: string };

/** Customer's card fields a campaign reads: where they want to be written to, and their clock. */
export const PREFERRED_CHANNEL_FIELD = 'preferredChannel';
export const TIME_ZONE_FIELD = 'timeZone';

/**
 * Why an identity cannot carry this message, or null if it can. STOP ALL and a refusal of the
 * channel (Telegram blocked, Viber unsubscribed, VK message_deny) stop every kind, and a web chat
 * visitor who left the page cannot be reached at all; STOP stops promotions only, and promotions
 * also need the customer's opt-in there. Outside the 24-hour window Messenger and Instagram take
 * no promotion, and WhatsApp only in a marketing template.
 */
function unusable(identity: Identity, onPage: boolean, settings: NotifySettings, senders: Senders, at: Date): string | null {
	if (identity.consent === 'unsubscribed_all') return 'unsubscribed_all';
	if (identity.status !== 'active') return identity.status;
	if (!senders[identity.channel]) return 'no_credentials';
	if (identity.channel === 'webchat' && !onPage) return 'left_page';
	if (settings.kind === 'promotional' && identity.consent === 'unsubscribed') return 'unsubscribed';
	if (settings.kind === 'promotional' && identity.consent !== 'subscribed') return 'no_opt_in';
	if (settings.kind !== 'promotional' || windowState(identity.lastSeenAt ?? undefined, at) === 'open') return null;
	if (identity.channel === 'messenger' || identity.channel === 'instagram') return 'outside_window';
	if (identity.channel === 'whatsapp' && !settings.marketingTemplate) return 'no_marketing_template';
	return null;
}

/**
 * The WhatsApp template that carries this message outside the 24-hour window, for the sender:
 * a promotion's marketing template in the text's language (Meta spells pt-BR pt_BR), or none;
 * a service message's is the credential's (undefined).
 */
export function windowTemplate(settings: Pick<NotifySettings, 'kind' | 'marketingTemplate'>, language: string): { name: string; language: string } | null | undefined {
	if (settings.kind !== 'promotional') return undefined;
	return settings.marketingTemplate ? { name: settings.marketingTemplate, language: language.replace('-', '_') } : null;
}

/** One of the customer's identities as a send would use it now, or why it cannot. */
interface Reach {
	identity: Identity;
	why: string | null;
}

/**
 * The channels to try: the card's preferred channel, then the one the customer last wrote on
 * that can still reach them (a messenger, or web chat while its page is open), then the ops
 * person's fallback order; on each, the identity the customer used last of those that can. The
 * channels passed over are the ones of that order no identity can carry the message on, each with why.
 */
function channelOrder(customer: Customer, reach: Reach[], fallbackOrder: Channel[]): { candidates: Identity[]; passed: string[] } {
	const byRecency = [...reach].sort((a, b) => (b.identity.lastSeenAt ?? '').localeCompare(a.identity.lastSeenAt ?? ''));
	const usable = byRecency.filter((r) => r.why === null);
	const preferred = customer.fields[PREFERRED_CHANNEL_FIELD] as Channel | undefined;
	const order = [...new Set([preferred, byRecency[0]?.identity.channel, usable[0]?.identity.channel, ...fallbackOrder].filter((c): c is Channel => Boolean(c)))];
	const on = (channel: Channel) => (r: Reach) => r.identity.channel === channel;
	return {
		candidates: order.flatMap((channel) => usable.find(on(channel))?.identity ?? []),
		passed: order.flatMap((channel) => (usable.some(on(channel)) ? [] : byRecency.filter(on(channel)).slice(0, 1).map((r) => `${channel}: ${r.why}`))),
	};
}

/**
 * Where each of a customer's web chats is open now: the session of the page, by customer and site
 * (channels/webchat/pages.ts). A send to web chat goes to that session, the only one read now.
 */
export type PageOf = (customerId: number, site: string) => string | undefined;

export function planFor(
	customer: Customer,
	identities: Identity[],
	variables: Record<string, unknown>,
	settings: NotifySettings,
	senders: Senders,
	at: Date,
	capReached: boolean,
	pageOf: PageOf = () => undefined,
): Plan {
	const reach = identities.map((identity): Reach => {
		const page = identity.channel === 'webchat' ? pageOf(identity.customerId, identity.account) : undefined;
		return { identity: page ? { ...identity, address: page } : identity, why: unusable(identity, page !== undefined, settings, senders, at) };
	});
	const { candidates, passed } = channelOrder(customer, reach, settings.fallbackOrder);
	if (!candidates.length && !passed.length) return { action: 'skip', reason: 'no_channel: the customer has no identity on a channel this campaign uses' };
	if (!candidates.length) {
		const unsubscribed = passed.every((p) => / unsubscribed(_all)?$/.test(p));
		return { action: 'skip', reason: `${unsubscribed ? 'unsubscribed' : 'no_usable_channel'}: ${passed.join('; ')}` };
	}
	if (capReached) return { action: 'skip', reason: 'frequency_cap: the customer had as many messages as the cap allows' };

	const quiet = settings.quietHours;
	if (quiet && !(settings.kind === 'service' && quiet.serviceMayPass)) {
		// A zone typed by hand on the card ("Kyiv") must not hold up everyone else: the campaign's stands in.
		const own = customer.fields[TIME_ZONE_FIELD];
		const zone = typeof own === 'string' && isTimeZone(own) ? own : settings.defaultTimeZone;
		const instead = own && zone !== own ? ` (the card’s time zone ${JSON.stringify(own)} is not one)` : '';
		const notBefore = nextAllowed(at, zone, quiet);
		if (notBefore > at) return { action: 'defer', notBefore, reason: `quiet_hours: ${quiet.start}–${quiet.end} in ${zone}${instead}` };
	}

	const { text: template, language } = textFor(settings.texts, customer.language, settings.defaultLanguage);
	const fields = { name: customer.name, phone: customer.phone, email: customer.email, ...customer.fields, ...variables };
	try {
		return { action: 'send', text: render(template, fields), language, candidates, passed };
	} catch (error) {
		if (error instanceof MissingVariable) return { action: 'skip', reason: `missing_variable: ${error.message}` };
		throw error;
	}
}
