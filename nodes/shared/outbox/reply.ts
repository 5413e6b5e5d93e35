import type { Button, Channel, OutboundMessage } from '../envelope';
import { sleep } from '../channels/common/retry';
import { replyThread } from '../channels/email/storedMail';
import { REFUSAL_CODES, type SendContext, type SendResult } from '../channels/types';
import type { Identity, Store, StoredMessage } from '../store';
import { gatheredOn } from '../store/gathered';
import { identitiesTable } from '../store/identities';
import type { Db } from '../store/types';

/** Sends one message on one channel with the credentials the node holds for it. */
export type SendOn = (message: OutboundMessage, context: SendContext) => Promise<SendResult>;

/** How each channel is reached from this node; a channel missing here has no credential set. */
export type Senders = Partial<Record<Channel, SendOn>>;

export interface Draft {
	text: string;
	buttons?: Button[];
	attachments?: OutboundMessage['attachments'];
	/** `bot`, `operator:<id>`, `system`. */
	author: string;
}

/**
 * Whom a reply is recorded as from, by the node's Sent By and the item. An item marked
 * `automatic` (the desk's rating request on closing) is a system notice even when sent for an
 * operator: as their reply it would answer the customer, meet the deadline and add to their
 * replies in the report although nobody answered anything.
 */
export function recordedAuthor(sentBy: string, operatorId: () => string, item: { automatic?: unknown }): string {
	if (sentBy !== 'operator') return sentBy;
	return item.automatic === true ? 'system' : `operator:${operatorId()}`;
}

export type ReplyOutcome =
	| { status: 'sent'; message: StoredMessage; channel: Channel; externalIds: string[] }
	| { status: 'failed'; message: StoredMessage; channel: Channel; permanent: boolean; code: string; reason: string };

/**
 * Answers a conversation on the channel it came from. The message is stored as pending before
 * the send and marked sent or failed after, so that a crash between the two leaves a trace; a
 * permanent refusal is recorded on the customer's identity so that nobody retries it blindly.
 */
export async function replyToConversation(
	store: Store,
	senders: Senders,
	conversationId: number,
	draft: Draft,
): Promise<ReplyOutcome> {
	const found = await conversationToAnswer(store.db, conversationId);
	if (!found) throw new Error(`Conversation ${conversationId} does not exist`);
	const { conversation, identity } = found;
	const { channel } = conversation;
	const message = await store.messages.addOutbound({
		conversationId,
		channel,
		author: draft.author,
		text: draft.text,
		buttons: draft.buttons,
	});
	const fail = async (permanent: boolean, code: string, reason: string): Promise<ReplyOutcome> => {
		await store.messages.markFailed(message.id, `${code}: ${reason}`);
		return { status: 'failed', message: { ...message, status: 'failed', error: reason }, channel, permanent, code, reason };
	};

	if (identity && identity.status !== 'active') {
		return fail(true, identity.status, `the customer’s ${channel} refuses messages: ${identity.statusReason ?? identity.status}`);
	}
	const send = senders[channel];
	if (!send) return fail(true, 'no_credentials', `no ${channel} credential is set on this node`);

	// An e-mail conversation is keyed by its thread root; the reply answers the customer's latest
	// mail in it, so that their mail client threads it.
	const mailThread = channel === 'email' ? await replyThread(store.db, conversationId, conversation.conversationKey) : null;
	const thread = mailThread ? { inReplyTo: mailThread.inReplyTo, subject: conversation.subject ?? undefined } : {};
	const result = await send({
		channel,
		account: conversation.account,
		to: identity?.address ?? conversation.conversationKey,
		...thread,
		text: draft.text,
		buttons: draft.buttons ?? [],
		attachments: draft.attachments ?? [],
		fromOperator: draft.author.startsWith('operator:'),
		idempotencyKey: `cc-${message.id}`,
	}, {
		// Channels with a customer-service window (WhatsApp, Messenger, Instagram) decide by it.
		lastInboundAt: identity?.lastSeenAt ?? undefined,
		...(mailThread ? { references: mailThread.references } : {}),
	});
	if (result.ok) {
		await outlastingOutage(() => store.messages.markSent(message.id, result.externalIds[0] ?? null));
		return { status: 'sent', message: { ...message, status: 'sent' }, channel, externalIds: result.externalIds };
	}
	if (identity) await recordRefusal(store, identity, result);
	return fail(result.permanent, result.code, result.reason);
}

/** The conversation and where its replies go; the replies of one execution's customers read theirs in one statement. */
const conversationToAnswer = gatheredOn(async (db: Db, ids: number[]) => {
	const found = await identitiesTable(db).ofConversations([...new Set(ids)]);
	return ids.map((id) => ({ status: 'fulfilled' as const, value: found.get(id) ?? null }));
});

/** Waits between tries to record a sent reply: about 15 s in all, the length of a failover or a cut connection. */
const RECORD_WAITS_MS = [500, 1000, 2000, 4000, 8000];

/**
 * Records that a reply went out, waiting for a store that is briefly away. A reply left pending
 * counts as never sent, and recovery would send it a second time.
 */
async function outlastingOutage(record: () => Promise<void>): Promise<void> {
	for (const wait of RECORD_WAITS_MS) {
		try {
			return await record();
		} catch {
			await sleep(wait);
		}
	}
	return record();
}

/** A refusal for good (blocked, unsubscribed, …) is kept on the identity, so that nobody retries it blindly. */
export async function recordRefusal(store: Store, identity: Identity, result: SendResult): Promise<void> {
	if (!result.ok && result.permanent && REFUSAL_CODES.has(result.code)) {
		await store.customers.setIdentityStatus(identity.id, result.code, result.reason);
	}
}
