import type { Migration } from './migration';

/**
 * Proactive notifications: a campaign and one row per recipient, keyed (campaign, recipient) so
 * that running a campaign again continues it instead of sending twice. Each recipient row keeps
 * its state, the channel it went out on, the stored outbound message and why it was not sent.
 */
export const campaignsMigration: Migration = {
	version: 10,
	name: 'campaigns and their recipients',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE campaigns (
			id ${id},
			campaign_key TEXT NOT NULL UNIQUE,
			kind TEXT NOT NULL,
			settings TEXT NOT NULL DEFAULT '{}',
			status TEXT NOT NULL DEFAULT 'running',
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		`CREATE TABLE campaign_recipients (
			id ${id},
			campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
			recipient_key TEXT NOT NULL,
			customer_id BIGINT REFERENCES customers (id) ON DELETE SET NULL,
			variables TEXT NOT NULL DEFAULT '{}',
			state TEXT NOT NULL DEFAULT 'pending',
			channel TEXT,
			message_id BIGINT REFERENCES messages (id) ON DELETE SET NULL,
			external_ids TEXT,
			reason TEXT,
			attempts INTEGER NOT NULL DEFAULT 0,
			not_before ${timestamp},
			claimed_at ${timestamp},
			sent_at ${timestamp},
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			updated_at ${timestamp} NOT NULL DEFAULT ${now},
			UNIQUE (campaign_id, recipient_key)
		)`,
		// Runners pick the next pending rows of a campaign; progress counts rows per state.
		'CREATE INDEX campaign_recipients_state ON campaign_recipients (campaign_id, state, id)',
		// The frequency cap counts what each customer was sent lately, across campaigns.
		'CREATE INDEX campaign_recipients_customer_sent ON campaign_recipients (customer_id, sent_at)',
	],
};
