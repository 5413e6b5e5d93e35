import type { Migration } from './migration';

/**
 * A held notice can go stale before its time to send comes. Each recipient keeps what its notice is
 * about (`subject`, the order number for an order update), so that a newer notice of the same kind
 * about the same subject replaces one still waiting for the same customer, and until when it is
 * worth sending (`valid_until`, fixed when it was queued: a promotion's offer ends, a later change
 * of the node's setting does not revive or shorten notices already waiting).
 */
export const campaignRecipientSubjectAndValidityMigration: Migration = {
	version: 40,
	name: 'a held notice’s subject and validity',
	up: ({ timestamp }) => [
		'ALTER TABLE campaign_recipients ADD COLUMN subject TEXT',
		`ALTER TABLE campaign_recipients ADD COLUMN valid_until ${timestamp}`,
		// A new notice looks for the same customer's older ones about its subject.
		'CREATE INDEX campaign_recipients_subject ON campaign_recipients (customer_id, subject)',
	],
};
