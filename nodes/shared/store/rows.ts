import type { Attachment, Button, Channel } from '../envelope';
import type { Conversation, Customer, Identity, MessageStatus, Reaction, Row, StoredMessage } from './types';

/** PostgreSQL returns timestamptz as Date and BIGINT as string; SQLite returns text and numbers. */
export const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));
const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** The timestamp every write of one call stamps, in the form both dialects store and compare. */
export const now = (): string => new Date().toISOString();

export const toCustomer = (r: Row): Customer => ({
	id: Number(r.id),
	name: text(r.name),
	phone: text(r.phone),
	email: text(r.email),
	vipTier: Number(r.vip_tier),
	language: text(r.language),
	fields: JSON.parse(String(r.fields)) as Record<string, string>,
	createdAt: iso(r.created_at),
	updatedAt: iso(r.updated_at),
});

export const toIdentity = (r: Row): Identity => ({
	id: Number(r.id),
	customerId: Number(r.customer_id),
	channel: r.channel as Channel,
	account: String(r.account),
	externalUserId: String(r.external_user_id),
	address: String(r.address),
	status: String(r.status),
	statusReason: text(r.status_reason),
	consent: r.consent as Identity['consent'],
	lastSeenAt: isoOrNull(r.last_seen_at),
});

export const toConversation = (r: Row): Conversation => ({
	id: Number(r.id),
	customerId: Number(r.customer_id),
	channel: r.channel as Channel,
	account: String(r.account),
	conversationKey: String(r.conversation_key),
	status: r.status as Conversation['status'],
	state: r.state as Conversation['state'],
	topic: text(r.topic),
	language: text(r.language),
	subject: text(r.subject),
	createdAt: iso(r.created_at),
	updatedAt: iso(r.updated_at),
	closedAt: isoOrNull(r.closed_at),
	stateAt: isoOrNull(r.state_at),
});

export const toMessage = (r: Row): StoredMessage => ({
	id: Number(r.id),
	conversationId: Number(r.conversation_id),
	direction: r.direction as StoredMessage['direction'],
	channel: r.channel as Channel,
	externalId: text(r.external_id),
	author: String(r.author),
	text: String(r.text),
	attachments: JSON.parse(String(r.attachments)) as Attachment[],
	buttons: JSON.parse(String(r.buttons ?? '[]')) as Button[],
	status: r.status as MessageStatus,
	error: text(r.error),
	createdAt: iso(r.created_at),
	channelMessageId: text(r.channel_message_id),
	editedAt: isoOrNull(r.edited_at),
	originalText: text(r.original_text),
	deletedAt: isoOrNull(r.deleted_at),
	reactions: JSON.parse(String(r.reactions ?? '[]')) as Reaction[],
	replyTo: r.reply_to === null || r.reply_to === undefined ? null : Number(r.reply_to),
	replyExcerpt: text(r.reply_excerpt),
});

/** The row a statement must produce; `what` names it in the error when it did not. */
export function one(rows: Row[], what: string): Row {
	if (rows.length === 0) throw new Error(`${what} was not found.`);
	return rows[0];
}

/** `?, ?, …` for an IN list of `n` values. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
