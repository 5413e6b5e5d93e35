import type { Migration } from './migration';

/**
 * Proactive messages that wait (quiet hours, a channel failing for the moment) are sent by
 * whichever run comes next: the campaign's own, a retried single notice, or the schedule that
 * sends what is due. Those runs may meet, so a campaign is held by one runner at a time (`runner`,
 * until `runner_until` unless renewed); the schedule finds what is due by state and time. A web
 * chat visitor can be written to only while their page is open: the page's polls note when each
 * session's page last asked (`webchat_pages`, in epoch milliseconds like the limiter's tables).
 */
export const campaignRunnersAndOpenPagesMigration: Migration = {
	version: 39,
	name: 'one runner per campaign, sends due by time, open web chat pages',
	up: ({ timestamp }) => [
		'ALTER TABLE campaigns ADD COLUMN runner TEXT',
		`ALTER TABLE campaigns ADD COLUMN runner_until ${timestamp}`,
		'CREATE INDEX campaign_recipients_due ON campaign_recipients (state, not_before)',
		`CREATE TABLE webchat_pages (
			site TEXT NOT NULL,
			session_id TEXT NOT NULL,
			seen_ms BIGINT NOT NULL,
			PRIMARY KEY (site, session_id)
		)`,
		'CREATE INDEX webchat_pages_seen ON webchat_pages (seen_ms)',
	],
};
