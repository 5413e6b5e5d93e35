import type { InboundMessage } from '../envelope';
import type { WebhookVerdict } from '../channels/types';
import type { Store } from '../store';
import { overLimit, refusedMessage } from './limits';

/**
 * Records one message of an authentic delivery under its dedupe key; true when it is seen for the
 * first time. A message over the size limit is kept as a rejected item with its reason instead,
 * and goes no further: the one check every channel's messages pass before the store.
 */
export async function acceptMessage(store: Store, message: InboundMessage): Promise<boolean> {
	const tooBig = overLimit(message);
	if (tooBig) {
		await store.consent.record(refusedMessage(message, tooBig));
		return false;
	}
	return (await store.deliveries.accept(message)).accepted;
}

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
		if (await acceptMessage(store, message)) fresh.push(message);
	}
	for (const event of verdict.events) await store.consent.record(event);
	return fresh;
}
