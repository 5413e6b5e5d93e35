import type { Channel } from '../envelope';
import { limiterFor, type RateLimiter } from '../channels/common/rateLimit';
import type { ChannelRate } from './types';

/**
 * What each platform allows a bulk sender (CHANNELS.md): Telegram about 30 messages a second per
 * bot, WhatsApp 80 per second per number, VK 20 requests a second per community token (its client
 * keeps that itself; the same rate here keeps the lanes even). Viber, Messenger and Instagram state
 * no overall rate: a generous pace keeps a campaign from hammering them. Web chat and e-mail are ours.
 * The window is padded by 3 %: the platforms count arrivals, and the network can bunch calls.
 */
export const DEFAULT_RATES: Partial<Record<Channel, ChannelRate>> = {
	telegram: { limit: 30, windowMs: 1030 },
	whatsapp: { limit: 80, windowMs: 1030 },
	vk: { limit: 20, windowMs: 1100 },
	viber: { limit: 50, windowMs: 1000 },
	messenger: { limit: 40, windowMs: 1000 },
	instagram: { limit: 40, windowMs: 1000 },
	email: { limit: 10, windowMs: 1000 },
};

/** The process-wide limiter of one channel account, shared by every campaign and execution sending there. */
export function channelLimiter(channel: Channel, account: string, overrides: Partial<Record<Channel, ChannelRate>> = {}): RateLimiter | null {
	const rate = overrides[channel] ?? DEFAULT_RATES[channel];
	// Evenly spaced turns rather than bursts of `limit`: a call delayed on its way (a busy event
	// loop) then cannot land in the same platform second as the next burst.
	return rate ? limiterFor(`notify:${channel}:${rate.limit}/${rate.windowMs}`, account, 1, rate.windowMs / rate.limit) : null;
}

/** Sends in flight per channel lane: enough to keep the rate while a send waits on the network. */
export function laneConcurrency(channel: Channel, overrides: Partial<Record<Channel, ChannelRate>> = {}): number {
	const rate = overrides[channel] ?? DEFAULT_RATES[channel];
	return rate ? Math.max(2, Math.min(32, Math.ceil((rate.limit * 1000) / rate.windowMs / 4))) : 8;
}
