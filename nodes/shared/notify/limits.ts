import type { Channel } from '../envelope';
import { pacerFor, type Pacer } from './pace';
import type { ChannelRate } from './types';

/**
 * What each platform allows a bulk sender (CHANNELS.md): Telegram about 30 messages a second per
 * bot, WhatsApp 80 per second per number, VK 20 requests a second per community token (its client
 * keeps that too). Viber, Messenger and Instagram state no overall rate: a generous pace keeps a
 * campaign from hammering them. Web chat and e-mail are ours.
 * The platforms count arrivals in a sliding second, and the network can bring two calls that left
 * a second apart less than a second apart: the windows are padded, Telegram's and WhatsApp's more
 * (3.5 %), since their senders' own retries after a refusal are not paced (measured with
 * `npm run bench:notify`: fewer than 0.3 % of calls refused, 0.97 of the allowed rate).
 */
export const DEFAULT_RATES: Partial<Record<Channel, ChannelRate>> = {
	telegram: { limit: 30, windowMs: 1035 },
	whatsapp: { limit: 80, windowMs: 1035 },
	vk: { limit: 20, windowMs: 1020 },
	viber: { limit: 50, windowMs: 1000 },
	messenger: { limit: 40, windowMs: 1000 },
	instagram: { limit: 40, windowMs: 1000 },
	email: { limit: 10, windowMs: 1000 },
};

/** The process-wide pacer of one channel account, shared by every campaign and execution sending there. */
export function channelPacer(channel: Channel, account: string, overrides: Partial<Record<Channel, ChannelRate>> = {}): Pacer | null {
	const rate = overrides[channel] ?? DEFAULT_RATES[channel];
	return rate ? pacerFor(`notify:${channel}:${rate.limit}/${rate.windowMs}`, account, rate.limit, rate.windowMs) : null;
}

/** Sends in flight per channel lane: enough to keep the rate while sends wait on the network, the store or a platform's named wait. */
export function laneConcurrency(channel: Channel, overrides: Partial<Record<Channel, ChannelRate>> = {}): number {
	const rate = overrides[channel] ?? DEFAULT_RATES[channel];
	return rate ? Math.max(2, Math.min(64, Math.ceil((rate.limit * 1000) / rate.windowMs / 2))) : 8;
}
