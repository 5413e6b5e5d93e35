/** Meta's customer-service window: free messages within 24 hours of the customer's last one. */
export const SERVICE_WINDOW_MS = 24 * 3600_000;
/** Messenger and Instagram let a person (HUMAN_AGENT tag) answer for 7 days. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600_000;

export type WindowState = 'open' | 'human_agent' | 'closed' | 'unknown';

/**
 * Where a conversation stands, from when the customer last wrote. Unknown when the caller
 * cannot say; the sender then tries and lets the platform's refusal decide.
 */
export function windowState(lastInboundAt: string | Date | undefined, now: Date = new Date()): WindowState {
	if (lastInboundAt === undefined) return 'unknown';
	const at = new Date(lastInboundAt).getTime();
	if (Number.isNaN(at)) return 'unknown';
	const age = now.getTime() - at;
	if (age <= SERVICE_WINDOW_MS) return 'open';
	return age <= HUMAN_AGENT_WINDOW_MS ? 'human_agent' : 'closed';
}

