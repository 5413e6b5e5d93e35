import type { InboundMessage } from '../envelope';
import { now } from './rows';
import { identitiesTable } from './identities';
import type { Db, Identity } from './types';

/** What a hard bounce leaves on the identity: *Reply to Customer* records mail to it as failed for good with this reason, and sends nothing. */
export const UNDELIVERABLE = 'undeliverable';

/** RFC 3463: a status of class 5 is a permanent failure, the address will not take mail however often it is tried; 4.x.x may yet pass. */
const PERMANENT = /^5\.\d{1,3}\.\d{1,3}$/;

/**
 * A hard bounce marks the addresses it names as undeliverable on their cards (the identity the
 * bounced thread belongs to when it names none), so that the next answer to them is recorded as
 * failed with the reason instead of bouncing again. A soft bounce (4.x.x) changes nothing; mail the
 * customer writes from the address makes it deliverable again (`identities.seen`).
 */
export async function markBouncedAddresses(tx: Db, message: InboundMessage, threadIdentity: Identity | null): Promise<void> {
	const bounce = message.automatic;
	if (bounce?.kind !== 'bounce' || !PERMANENT.test(bounce.status ?? '')) return;
	const addresses = bounce.failedRecipients?.length ? bounce.failedRecipients : threadIdentity ? [threadIdentity.address] : [];
	for (const address of addresses) {
		await identitiesTable(tx).setStatusByAddress(message.channel, message.account, address, UNDELIVERABLE, `mail to ${address} bounced for good (${bounce.status})`);
	}
}

/**
 * A hard bounce returning one of our mails marks that mail failed with the bounce's reason, so the
 * operator who answered sees it did not arrive. Only the conversation the bounce was filed in is
 * searched: our mail carried that thread in its References.
 */
export async function markReturnedMail(tx: Db, message: InboundMessage, conversationId: number): Promise<void> {
	const bounce = message.automatic;
	if (bounce?.kind !== 'bounce' || !bounce.returnedMessageId || !PERMANENT.test(bounce.status ?? '')) return;
	const to = bounce.failedRecipients?.join(', ') ?? message.sender.id;
	await tx.query(
		`UPDATE messages SET status = 'failed', error = ?, updated_at = ?
		 WHERE conversation_id = ? AND channel_message_id = ? AND direction = 'out'`,
		[`bounced: mail to ${to} could not be delivered (${bounce.status})`, now(), conversationId, bounce.returnedMessageId],
	);
}
