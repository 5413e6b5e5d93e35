import type { Migration } from './migration';

/**
 * Customers and their channel identities, conversations, messages, tags and the inbound dedupe
 * keys. JSON values are kept as text in both dialects so that one row mapper reads both.
 */
export const conversationsMigration: Migration = {
	version: 1,
	name: 'customers, conversations, messages, deliveries',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE customers (
			id ${id},
			name TEXT,
			phone TEXT,
			email TEXT,
			vip_tier INTEGER NOT NULL DEFAULT 0,
			language TEXT,
			fields TEXT NOT NULL DEFAULT '{}',
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		// Looking a customer up by contact details is how cards get merged across channels.
		'CREATE INDEX customers_email ON customers (email)',
		'CREATE INDEX customers_phone ON customers (phone)',

		`CREATE TABLE identities (
			id ${id},
			customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
			channel TEXT NOT NULL,
			account TEXT NOT NULL,
			external_user_id TEXT NOT NULL,
			address TEXT NOT NULL,
			status TEXT NOT NULL DEFAULT 'active',
			status_reason TEXT,
			consent TEXT NOT NULL DEFAULT 'unknown',
			last_seen_at ${timestamp},
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			UNIQUE (channel, account, external_user_id)
		)`,
		'CREATE INDEX identities_customer ON identities (customer_id)',

		`CREATE TABLE conversations (
			id ${id},
			customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
			channel TEXT NOT NULL,
			account TEXT NOT NULL,
			conversation_key TEXT NOT NULL,
			status TEXT NOT NULL DEFAULT 'open',
			topic TEXT,
			language TEXT,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now},
			closed_at ${timestamp}
		)`,
		// At most one open conversation per channel thread; concurrent openers meet on this index.
		`CREATE UNIQUE INDEX conversations_open_key ON conversations (channel, account, conversation_key)
			WHERE status = 'open'`,
		'CREATE INDEX conversations_customer ON conversations (customer_id, id)',

		`CREATE TABLE messages (
			id ${id},
			conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
			direction TEXT NOT NULL,
			channel TEXT NOT NULL,
			account TEXT NOT NULL,
			external_id TEXT,
			author TEXT NOT NULL,
			text TEXT NOT NULL,
			attachments TEXT NOT NULL DEFAULT '[]',
			status TEXT NOT NULL,
			error TEXT,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		// A redelivered inbound message is stored once; outbound ids are the channel's and may repeat.
		`CREATE UNIQUE INDEX messages_inbound_key ON messages (channel, account, external_id)
			WHERE direction = 'in'`,
		'CREATE INDEX messages_conversation ON messages (conversation_id, id)',

		`CREATE TABLE conversation_tags (
			conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
			tag TEXT NOT NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			PRIMARY KEY (conversation_id, tag)
		)`,
		'CREATE INDEX conversation_tags_tag ON conversation_tags (tag)',

		`CREATE TABLE deliveries (
			id ${id},
			channel TEXT NOT NULL,
			account TEXT NOT NULL,
			external_id TEXT NOT NULL,
			received_at ${timestamp} NOT NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			UNIQUE (channel, account, external_id)
		)`,
		// Old keys are pruned by age once channels stop redelivering them.
		'CREATE INDEX deliveries_created ON deliveries (created_at)',
	],
};
