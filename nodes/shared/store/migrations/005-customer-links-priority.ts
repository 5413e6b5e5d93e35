import type { Migration } from './migration';

/**
 * Cross-channel customers and conversation priority: operator-corrected card fields, the CRM's id
 * and merge tombstones on customers; the verified contact of each identity (what links cards
 * automatically); link codes; the shared CRM answer cache; repeat-contact links; and each
 * conversation's priority with its SLA deadlines.
 */
export const customerLinksPriorityMigration: Migration = {
	version: 5,
	name: 'customer linking, CRM cache, conversation priority',
	up: ({ id, timestamp, now }) => [
		// Card keys ("name", "fields.order", …) an operator set by hand: automatic fills skip them.
		"ALTER TABLE customers ADD COLUMN corrected TEXT NOT NULL DEFAULT '[]'",
		'ALTER TABLE customers ADD COLUMN crm_id TEXT',
		// A merged card stays as a pointer, so rows of other tables that name it keep resolving.
		'ALTER TABLE customers ADD COLUMN merged_into BIGINT REFERENCES customers (id)',
		'CREATE INDEX customers_crm_id ON customers (crm_id)',

		// Normalised phone / e-mail the channel itself vouches for; equal keys mean one customer.
		'ALTER TABLE identities ADD COLUMN verified_phone TEXT',
		'ALTER TABLE identities ADD COLUMN verified_email TEXT',
		'CREATE INDEX identities_verified_phone ON identities (verified_phone)',
		'CREATE INDEX identities_verified_email ON identities (verified_email)',

		`CREATE TABLE link_codes (
			id ${id},
			code TEXT NOT NULL,
			customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
			expires_at ${timestamp} NOT NULL,
			redeemed_at ${timestamp},
			redeemed_by BIGINT REFERENCES identities (id) ON DELETE SET NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		// Two customers never hold the same live code; expired ones are deleted before issuing.
		'CREATE UNIQUE INDEX link_codes_live ON link_codes (code) WHERE redeemed_at IS NULL',

		`CREATE TABLE crm_cache (
			cache_key TEXT PRIMARY KEY,
			answer TEXT NOT NULL,
			fetched_at ${timestamp} NOT NULL,
			expires_at ${timestamp} NOT NULL
		)`,

		`CREATE TABLE conversation_links (
			conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
			earlier_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
			reason TEXT NOT NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			PRIMARY KEY (conversation_id, earlier_id)
		)`,
		'CREATE INDEX conversation_links_earlier ON conversation_links (earlier_id)',

		`CREATE TABLE conversation_priority (
			conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
			score INTEGER NOT NULL,
			level TEXT NOT NULL,
			reasons TEXT NOT NULL DEFAULT '[]',
			first_response_due ${timestamp},
			next_response_due ${timestamp},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		// The desk and the SLA timers read the most urgent deadlines first.
		'CREATE INDEX conversation_priority_first_due ON conversation_priority (first_response_due)',
	],
};
