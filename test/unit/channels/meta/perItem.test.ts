/**
 * Meta batches many events of many customers in one POST. On Messenger and Instagram each event is
 * read on its own: one that cannot be read is kept with its reason, every good one is delivered and
 * Meta gets its 200 (else it would retry the whole body and, after giving up, lose them all). A body
 * that is forged or not JSON is still refused and nothing of it is stored.
 */
import { createHmac } from 'node:crypto';

import { handleInstagramWebhook } from '../../../../nodes/shared/channels/instagram';
import { handleMessengerWebhook } from '../../../../nodes/shared/channels/messenger';
import type { WebhookRequest, WebhookVerdict } from '../../../../nodes/shared/channels/types';
import { acceptVerdict } from '../../../../nodes/shared/ingest/accept';
import { closeAllStores, openStore } from '../../../../nodes/shared/store';
import { sqliteBackend } from '../../../harness/backends';

const APP_SECRET = 'meta-app-secret';
const post = (raw: string, signature?: string): WebhookRequest => ({
	method: 'POST',
	headers: signature ? { 'x-hub-signature-256': signature } : {},
	query: {},
	rawBody: Buffer.from(raw),
});
const signed = (raw: string) => post(raw, `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`);

const PLATFORMS = [
	{ name: 'Messenger', object: 'page', handle: handleMessengerWebhook },
	{ name: 'Instagram', object: 'instagram', handle: handleInstagramWebhook },
] as const;

const now = Date.now();
const from = (id: string, event: object) => ({ sender: { id }, recipient: { id: 'ACCOUNT' }, timestamp: now, ...event });

describe.each(PLATFORMS)('$name', ({ object, handle }) => {
	const body = {
		object,
		entry: [
			{
				id: 'ACCOUNT',
				messaging: [
					from('anna', { message: { mid: 'm.anna', text: 'Where is my parcel?' } }),
					from('boris', { message: { mid: '', text: 'an event with an empty mid' } }),
					{ recipient: { id: 'ACCOUNT' }, timestamp: now, 'policy-enforcement': { action: 'warning', reason: 'spam' } },
				],
			},
			{
				id: 'ACCOUNT',
				messaging: [
					from('clara', { message: { mid: 'm.clara', text: 'a time out of range' }, timestamp: 99_999_999_999_999 }),
					from('dmitro', { reaction: { mid: 'm.page.1', action: 'react', emoji: '👍' } }),
				],
			},
		],
	};
	const handled = (req: WebhookRequest) => handle(req, { appSecret: APP_SECRET, verifyToken: 'v' });

	it('delivers the good events of a batch, keeps each bad one with its reason, once, and answers 200', async () => {
		const verdict = handled(signed(JSON.stringify(body)));

		if (verdict.kind !== 'accept') throw new Error(`refused: ${JSON.stringify(verdict)}`);
		expect(verdict.ack.status).toBe(200);
		expect(verdict.messages.map((m) => [m.sender.id, m.text, m.revises?.kind])).toEqual([
			['anna', 'Where is my parcel?', undefined],
			['dmitro', '', 'reaction'],
		]);
		expect(verdict.ignored).toEqual(['the policy-enforcement event, which carries no customer message']);
		const rejected = verdict.events.filter((e) => e.type === 'rejected');
		expect(rejected.map((e) => [e.userId, e.reason])).toEqual([
			['boris', expect.stringMatching(/^Not an? \w+ event: message\.mid: String must contain at least 1 character/)],
			['clara', expect.stringMatching(/timestamp: must be a time between 2000 and 2100/)],
		]);

		const { stored, kept } = await storeTwice(verdict);
		expect(stored).toHaveLength(2);
		expect(kept.map((row) => row.user_id)).toEqual(['boris', 'clara']);
	});

	it('refuses a forged body with 403 and a body that is not JSON with 400: nothing to store', () => {
		const forged = handled(post(JSON.stringify(body), `sha256=${'0'.repeat(64)}`));
		const notJson = handled(signed('{"object": "page", "entry": ['));

		expect(forged).toMatchObject({ kind: 'reject', status: 403 });
		expect(notJson).toMatchObject({ kind: 'reject', status: 400, reason: 'The body is not JSON' });
	});
});

/** Accepts the verdict into a fresh store twice, as Meta's redelivery would, and reads back what was kept. */
async function storeTwice(verdict: Extract<WebhookVerdict, { kind: 'accept' }>) {
	const backend = await sqliteBackend();
	const opened = await openStore(backend.config);
	try {
		const stored = await acceptVerdict(opened, verdict);
		await acceptVerdict(opened, verdict);
		const kept = (await opened.db.query("SELECT user_id, reason FROM channel_events WHERE type = 'rejected' ORDER BY user_id")) as Array<{ user_id: string }>;
		return { stored, kept };
	} finally {
		await closeAllStores();
		await backend.dispose();
	}
}
