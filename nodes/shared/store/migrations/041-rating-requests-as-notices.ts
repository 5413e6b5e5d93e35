import type { Migration } from './migration';

/**
 * Rating requests sent on closing before they were recorded as system notices went out in the
 * closing operator's name: each still counts as that operator's reply in the reports and as a first
 * answer in time for a conversation nobody answered. A rating request is the operator's last
 * message sent right after the close that asked for it (ratings.requested_ms): seconds apart, the
 * desk's close and the Reply node's send; a few seconds either side allow for the store's and n8n's
 * clocks.
 */
export const ratingRequestsAsNoticesMigration: Migration = {
	version: 41,
	name: 'rating requests recorded as operator replies become system notices',
	up: ({ dialect }) => {
		const at = (ms: string) =>
			dialect === 'postgres' ? `to_timestamp((${ms}) / 1000.0)` : `strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`;
		return [
			`UPDATE messages SET author = 'system' WHERE id IN (
				SELECT (SELECT max(m.id) FROM messages m
					WHERE m.conversation_id = r.conversation_id AND m.direction = 'out' AND m.author LIKE 'operator:%'
					AND m.created_at >= ${at('r.requested_ms - 5000')} AND m.created_at <= ${at('r.requested_ms + 60000')})
				FROM ratings r)`,
		];
	},
};
