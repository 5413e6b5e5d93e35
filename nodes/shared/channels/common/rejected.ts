import { createHash } from 'node:crypto';

import type { Channel } from '../../envelope';
import type { ChannelEvent } from '../types';
import { describeIssues } from './webhook';

/**
 * An item of an authentic delivery that could not be read, as the event the store keeps: its
 * reason, keyed on its own content so that the platform's redelivery records it once. The rest
 * of the delivery goes on, and the platform is answered as for any delivery (else it would retry
 * the whole body and lose the good items with the bad).
 */
export function rejectedItem(
	channel: Channel,
	account: string,
	item: unknown,
	issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>,
	what: string,
): ChannelEvent {
	const digest = createHash('sha256').update(JSON.stringify(item) ?? 'undefined').digest('hex').slice(0, 32);
	return {
		channel,
		account,
		externalId: `rejected:${digest}`,
		userId: senderOf(item),
		type: 'rejected',
		reason: `Not ${what}: ${describeIssues(issues)}`.slice(0, 1000),
		at: new Date().toISOString(),
	};
}

/** Who sent the item, when it says so where the platforms put it: WhatsApp's `from`, Messenger's `sender.id`. */
function senderOf(item: unknown): string {
	if (typeof item !== 'object' || item === null) return '';
	const { from, sender } = item as { from?: unknown; sender?: { id?: unknown } };
	if (typeof from === 'string') return from;
	return typeof sender === 'object' && sender !== null && typeof sender.id === 'string' ? sender.id : '';
}
