import type { InboundMessage } from '../envelope';
import type { WebhookVerdict } from '../channels/types';
import type { Store } from '../store';

/**
 * Records an authentic delivery: each message's dedupe key, each consent event on the identity.
 * Returns the messages seen for the first time, the only ones that may start a workflow.
 */
export async function acceptVerdict(
	store: Store,
	verdict: Extract<WebhookVerdict, { kind: 'accept' }>,
): Promise<InboundMessage[]> {
	const fresh: InboundMessage[] = [];
	for (const message of verdict.messages) {
		if ((await store.deliveries.accept(message)).accepted) fresh.push(message);
	}
	for (const event of verdict.events) await store.consent.record(event);
	return fresh;
}
