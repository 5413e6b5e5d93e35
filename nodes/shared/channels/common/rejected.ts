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
	const userId = typeof item === 'object' && item !== null && typeof (item as { from?: unknown }).from === 'string' ? (item as { from: string }).from : '';
	return {
		channel,
		account,
		externalId: `rejected:${digest}`,
		userId,
		type: 'rejected',
		reason: `Not ${what}: ${describeIssues(issues)}`.slice(0, 1000),
		at: new Date().toISOString(),
	};
}
