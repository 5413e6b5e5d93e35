import { PLATFORM_RATES } from '../channels/common/rateLimit';
import type { Channel } from '../envelope';
import { pacerFor, type Pacer } from './pace';
import type { ChannelRate } from './types';

/**
 * The pace of a campaign on each channel: the rate every send to the platform keeps to
 * (PLATFORM_RATES, as CHANNELS.md gives it). Web chat is ours.
 * The platforms count arrivals in a sliding second, and the network can bring two calls that left
 * a second apart less than a second apart: the windows are padded, Telegram's and WhatsApp's more
 * (3.5 %), since their senders' own retries after a refusal are not paced (measured with
 * `npm run bench:notify`: fewer than 0.3 % of calls refused, 0.97 of the allowed rate).
 */
export const DEFAULT_RATES: Partial<Record<Channel, ChannelRate>> = {
	telegram: { ...PLATFORM_RATES.telegram, windowMs: 1035 },
	whatsapp: { ...PLATFORM_RATES.whatsapp, windowMs: 1035 },
	vk: { ...PLATFORM_RATES.vk, windowMs: 1020 },
	viber: { ...PLATFORM_RATES.viber },
	messenger: { ...PLATFORM_RATES.messenger },
	instagram: { ...PLATFORM_RATES.instagram },
	email: { ...PLATFORM_RATES.email },
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
