import type { Migration } from './migration';

/** Channel events (subscribed, delivered, failed, …), kept once per channel id for dedupe and reports. */
export const channelEventsMigration: Migration = {
	version: 2,
	name: 'channel events',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE channel_events (
			id ${id},
			channel TEXT NOT NULL,
			account TEXT NOT NULL,
			external_id TEXT NOT NULL,
			user_id TEXT NOT NULL,
			type TEXT NOT NULL,
			message_id TEXT,
			reason TEXT,
			at ${timestamp} NOT NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			UNIQUE (channel, account, external_id)
		)`,
		// Delivery events find our message by the id the channel gave it.
		"CREATE INDEX messages_outbound_external ON messages (channel, account, external_id) WHERE direction = 'out'",
	],
};
