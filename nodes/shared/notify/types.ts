import type { Channel } from '../envelope';

/** Service messages (order status, outages) need no opt-in; promotional ones do. */
export type NotifyKind = 'service' | 'promotional';

/**
 * Where a recipient stands in a campaign. `claimed`: a runner has it and waits for the channel's
 * turn; `sending`: handed to the channel; `unknown`: interrupted mid-send on a channel that cannot
 * deduplicate; `expired`: not sent while it was valid; `superseded`: replaced, before it went, by
 * a newer notice about the same subject.
 */
export type RecipientState = 'pending' | 'claimed' | 'sending' | 'sent' | 'failed' | 'skipped' | 'deferred' | 'unknown' | 'expired' | 'superseded';

export interface QuietHours {
	/** Local "HH:MM" the quiet time starts and ends; it may span midnight ("21:00" → "09:00"). */
	start: string;
	end: string;
	/** Service messages go out even in quiet hours (an outage notice should not wait for the morning). */
	serviceMayPass: boolean;
}

export interface FrequencyCap {
	/** At most `count` messages per customer … */
	count: number;
	/** … within this many hours, counted across campaigns. */
	windowHours: number;
	/** Which messages count and are capped: promotional only, or every kind. */
	appliesTo: 'promotional' | 'all';
}

export interface ChannelRate {
	limit: number;
	windowMs: number;
}

/** How a campaign sends: the ops person's parameters. */
export interface NotifySettings {
	kind: NotifyKind;
	/** The text per language code ("en", "ru", …); `{{name}}`, `{{orderNumber}}`, any variable. */
	texts: Record<string, string>;
	/** The language whose text goes to customers whose language has none. */
	defaultLanguage: string;
	/** Channels tried after the preferred and the last-used one, in this order. */
	fallbackOrder: Channel[];
	quietHours: QuietHours | null;
	/** IANA zone for customers whose card has no `timeZone` field. */
	defaultTimeZone: string;
	frequencyCap: FrequencyCap | null;
	/**
	 * Hours after it was queued that a notice is still worth sending; one held longer (quiet hours,
	 * a failing channel, a run that died) is recorded expired instead. Unset: a day for promotions
	 * (stale.ts), no limit for service messages; 0: no limit.
	 */
	validForHours?: number;
	/**
	 * Until when the notices are worth sending, as people write it (an outage's expected fix:
	 * "18:00", "in 2 hours", "tomorrow 9:00", "через 2 часа", "dans 2 heures"), read in
	 * defaultTimeZone when they are queued; they stay valid validUntilMarginHours longer. Text that
	 * reads as no time still to come leaves it to validForHours (stale.ts).
	 */
	validUntil?: string;
	/** How much longer than validUntil a notice stays worth sending; unset: an hour (stale.ts). */
	validUntilMarginHours?: number;
	/** Overrides of the per-channel send rates (see limits.ts for the defaults). */
	rates?: Partial<Record<Channel, ChannelRate>>;
	/**
	 * The approved marketing-category WhatsApp template that carries a promotion outside the
	 * 24-hour window, in the language of the text the customer gets. Service messages use the
	 * credential's (utility) template instead; a promotion never does.
	 */
	marketingTemplate?: string;
	/**
	 * The channels the run that queued the campaign could send on (set by the runner): a later run
	 * lacking one of them leaves the campaign alone rather than skip its customers there.
	 */
	channels?: Channel[];
}

/**
 * One recipient as the audience gives it: a customer id, or an identity to resolve (channel user
 * id, phone, e-mail), plus the variables of its message (an item's fields).
 */
export interface RecipientInput {
	customerId?: number;
	channel?: Channel;
	externalUserId?: string;
	phone?: string;
	email?: string;
	variables?: Record<string, unknown>;
	/** Makes the recipient unique in its campaign; by default the resolved customer. */
	key?: string;
	/**
	 * What the notice is about (an order number): a newer notice of the same kind about the same
	 * subject replaces this one for the customer while it still waits (stale.ts).
	 */
	subject?: string;
}

/** A store query for an audience; every criterion set must hold. */
export interface AudienceQuery {
	/** A tag on any of the customer's conversations. */
	tag?: string;
	minVipTier?: number;
	/** The topic of the customer's latest conversation. */
	lastTopic?: string;
	/** The customer has an identity on this channel. */
	channel?: Channel;
	/** The customer has an identity with this consent (on `channel`, when set). */
	consent?: 'subscribed' | 'unknown';
}

export interface RecipientOutcome {
	recipientId: number;
	key: string;
	customerId: number | null;
	state: RecipientState;
	channel: Channel | null;
	/** Why it was skipped, failed, deferred or flagged; for a fallback, which channels refused first. */
	reason: string | null;
	notBefore: string | null;
	/** Past this it is not sent (expired); null: it never goes stale. Shows ops staff how a Valid Until was read. */
	validUntil: string | null;
	messageId: number | null;
	externalIds: string[];
}

export type Progress = Record<Exclude<RecipientState, 'pending'>, number> & { remaining: number; total: number };
