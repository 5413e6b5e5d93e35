import type { ChannelEvent } from '../channels/types';
import type { Attachment, Button, Channel, InboundMessage } from '../envelope';
import type { ConversationState } from '../lifecycle/states';

/** How to reach the store; comes from the "Contact Center Store" credential. */
export type StoreConfig =
	| { backend: 'sqlite'; file: string }
	| {
			backend: 'postgres';
			host: string;
			port: number;
			database: string;
			user: string;
			password?: string;
			ssl?: boolean;
			/** Tables live in this schema; lets tests and tenants share one database. */
			schema?: string;
			/**
			 * Connections the process keeps open at most (10 when absent). Each commit waits for the
			 * disk; commits on separate connections share a flush, so as many as the process runs store
			 * work at once (n8n's concurrency) lets them all commit together.
			 */
			connections?: number;
	  };

export type Row = Record<string, unknown>;

/**
 * The one SQL surface both backends implement. SQL is written once with `?` placeholders;
 * the PostgreSQL backend numbers them. Repositories above this never branch on the backend
 * except through `dialect`, where the two SQL dialects really differ.
 */
export interface Db {
	readonly dialect: 'sqlite' | 'postgres';
	query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
	/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
	transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

export interface Customer {
	id: number;
	name: string | null;
	phone: string | null;
	email: string | null;
	/** 0 = regular; higher tiers are served first. */
	vipTier: number;
	language: string | null;
	fields: Record<string, string>;
	createdAt: string;
	updatedAt: string;
}

export interface Identity {
	id: number;
	customerId: number;
	channel: Channel;
	account: string;
	/** The customer's id on that channel and account. */
	externalUserId: string;
	/** Where replies go on that channel (chat id, peer id, e-mail address, session). */
	address: string;
	/** `active`, or why the channel refuses: `blocked`, `unsubscribed`, … */
	status: string;
	statusReason: string | null;
	/** What the customer said: `unsubscribed` (STOP) refuses promotions, `unsubscribed_all` (STOP ALL) every proactive message. */
	consent: 'unknown' | 'subscribed' | 'unsubscribed' | 'unsubscribed_all';
	lastSeenAt: string | null;
}

export interface Conversation {
	id: number;
	customerId: number;
	channel: Channel;
	account: string;
	conversationKey: string;
	status: 'open' | 'closed';
	/** Where the conversation is in its life (`lifecycle/states.ts`). */
	state: ConversationState;
	topic: string | null;
	language: string | null;
	/** The e-mail thread's subject, kept for replies. */
	subject: string | null;
	createdAt: string;
	updatedAt: string;
	closedAt: string | null;
	/** When the conversation entered its state. */
	stateAt: string | null;
}

/** Outbound messages go pending → sent → delivered → seen, or end failed; inbound ones are received. */
export type MessageStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'seen' | 'failed';

export interface StoredMessage {
	id: number;
	conversationId: number;
	direction: 'in' | 'out';
	channel: Channel;
	externalId: string | null;
	/** `customer`, `bot`, `operator:<id>`, `system`. */
	author: string;
	text: string;
	attachments: Attachment[];
	/** What a reply offered to press, as the customer's channel shows it. */
	buttons: Button[];
	status: MessageStatus;
	error: string | null;
	createdAt: string;
	/** The channel's id of the message (not of its delivery): what later edits, reactions and replies name. */
	channelMessageId: string | null;
	/** Set when the customer edited it: `text` is the latest, `originalText` what they first wrote. */
	editedAt: string | null;
	originalText: string | null;
	/** Set when the customer deleted it on their side; the text stays in the store. */
	deletedAt: string | null;
	/** The reactions on it now, one per person (a reaction taken back is gone). */
	reactions: Reaction[];
	/** The stored message this one answers, when the store holds it. */
	replyTo: number | null;
	/** A short excerpt of what it answers: the stored message's text, or the channel's quote of it. */
	replyExcerpt: string | null;
}

/** An emoji someone put on a message: `by` is their id on the channel. */
export interface Reaction {
	by: string;
	emoji: string;
	at: string;
}

/** What logging one inbound message produced. */
export interface LoggedInbound {
	customer: Customer;
	identity: Identity;
	conversation: Conversation;
	message: StoredMessage;
	customerCreated: boolean;
	conversationCreated: boolean;
}

export interface Store {
	readonly db: Db;
	deliveries: {
		/**
		 * Records an inbound delivery under its dedupe key (channel, account, externalId).
		 * Returns false when the key was already recorded: a redelivery to drop.
		 */
		accept(message: InboundMessage): Promise<{ accepted: boolean; deliveryId: number }>;
		/**
		 * Claims the messages of deliveries accepted at least `olderThanMs` ago (and within
		 * `lookBackMs`) that were never logged and answered in their conversation, at most
		 * `maxAttempts` times each and not again within `olderThanMs`: the work of a process that
		 * died (or lost its database) after acknowledging them, in the order they were accepted.
		 */
		claimUnanswered(options: { olderThanMs: number; lookBackMs: number; maxAttempts: number; limit: number }): Promise<InboundMessage[]>;
	};
	customers: {
		get(id: number): Promise<Customer | null>;
		findByIdentity(channel: Channel, account: string, externalUserId: string): Promise<Customer | null>;
		update(id: number, patch: Partial<Pick<Customer, 'name' | 'phone' | 'email' | 'vipTier' | 'language' | 'fields'>>): Promise<Customer>;
		identities(customerId: number): Promise<Identity[]>;
		/** Customers with their identities, in two statements however many (a campaign plans a batch at once); ids not found are left out. */
		withIdentities(ids: number[]): Promise<Map<number, { customer: Customer; identities: Identity[] }>>;
		setIdentityStatus(identityId: number, status: string, reason: string | null): Promise<void>;
	};
	conversations: {
		get(id: number): Promise<Conversation | null>;
		/**
		 * Identifies or creates the customer by channel identity (filling empty card fields from the
		 * sender), finds the open conversation for the channel conversation or opens one, and stores
		 * the message once: a second call with the same externalId returns the first message.
		 */
		logInbound(message: InboundMessage): Promise<LoggedInbound>;
		/**
		 * Logs a message on a card already known (a phone call's caller), with no channel identity:
		 * the open conversation of its thread or a new one, the message stored once.
		 */
		logOnCard(message: InboundMessage, customerId: number): Promise<Pick<LoggedInbound, 'conversation' | 'message' | 'conversationCreated'>>;
		/** Conversations of a web chat session or channel thread, newest first. */
		findOpen(channel: Channel, account: string, conversationKey: string): Promise<Conversation | null>;
		/** The open conversation, else the thread's latest: a closed one still shows its last lines, such as a rating question. */
		findLatest(channel: Channel, account: string, conversationKey: string): Promise<Conversation | null>;
		/** Resolves the conversation (lifecycle/states.ts); the routing slot is the router's to free. */
		close(id: number, at?: Date): Promise<void>;
		/** Adds tags and gives the conversation's tags after. */
		addTags(id: number, tags: string[]): Promise<string[]>;
		/** Adds tags, one statement, for a caller that does not read them back (the bot tags on every answer). */
		tag(id: number, tags: string[]): Promise<void>;
		removeTags(id: number, tags: string[]): Promise<string[]>;
		tags(id: number): Promise<string[]>;
	};
	consent: {
		/**
		 * Applies a channel event once (deduplicated on its externalId): `subscribed`,
		 * `conversation_started` and `unsubscribed` set the identity's consent; `failed` marks our
		 * outbound message failed with the reason; `delivered`/`seen` are kept as message status.
		 */
		record(event: ChannelEvent): Promise<void>;
	};
	messages: {
		/** Stores an outbound message as `pending` before it is sent. */
		addOutbound(input: { conversationId: number; channel: Channel; author: string; text: string; attachments?: Attachment[]; buttons?: Button[] }): Promise<StoredMessage>;
		markSent(id: number, externalId: string | null): Promise<void>;
		markFailed(id: number, error: string): Promise<void>;
		/** Messages of a conversation with id > afterId, oldest first. */
		list(conversationId: number, afterId?: number): Promise<StoredMessage[]>;
	};
	close(): Promise<void>;
}
