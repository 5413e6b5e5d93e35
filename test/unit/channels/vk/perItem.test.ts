/**
 * VK posts one event per call and resends it until it reads "ok". An authentic event whose object
 * cannot be read is kept with its reason and acknowledged (else VK would send it again and again);
 * one odd attachment never costs the message it came in; a call without the community's secret or
 * that is not JSON is refused and nothing of it is stored.
 */
import { handleVkWebhook } from '../../../../nodes/shared/channels/vk';
import type { WebhookRequest } from '../../../../nodes/shared/channels/types';
import { acceptVerdict } from '../../../../nodes/shared/ingest/accept';
import { closeAllStores, openStore } from '../../../../nodes/shared/store';
import { sqliteBackend } from '../../../harness/backends';

const SECRET = 'community-secret';
const post = (body: object | string): WebhookRequest => ({
	method: 'POST',
	headers: {},
	query: {},
	rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});
const handle = (body: object | string) => handleVkWebhook(post(body), { groupId: '42', secret: SECRET, confirmation: 'c0nf' });
const callback = (eventId: string, type: string, object: unknown) => ({ type, object, group_id: 42, event_id: eventId, secret: SECRET });
const date = Math.floor(Date.now() / 1000);

it('keeps an unreadable event with its reason, once, answers "ok", and goes on with the next', async () => {
	const unreadable = handle(callback('e1', 'message_new', { message: { id: 7, date, from_id: 'anna', text: 'hi' } }));
	const unreadableAgain = handle(callback('e1', 'message_new', { message: { id: 7, date, from_id: 'anna', text: 'hi' } }));
	const next = handle(callback('e2', 'message_new', { message: { id: 8, date, from_id: 501, peer_id: 501, text: 'Where is my order?' } }));

	for (const verdict of [unreadable, next]) expect(verdict).toMatchObject({ kind: 'accept', ack: { status: 200, body: 'ok' } });
	if (unreadable.kind !== 'accept' || next.kind !== 'accept' || unreadableAgain.kind !== 'accept') throw new Error('refused');
	expect(unreadable.messages).toEqual([]);
	expect(unreadable.events.map((e) => e.reason)).toEqual(['Not a VK message_new object: message.from_id: Expected number, received string']);
	expect(next.messages.map((m) => [m.sender.id, m.text])).toEqual([['501', 'Where is my order?']]);

	const backend = await sqliteBackend();
	const store = await openStore(backend.config);
	try {
		for (const verdict of [unreadable, unreadableAgain, next]) await acceptVerdict(store, verdict);
		const kept = await store.db.query("SELECT reason FROM channel_events WHERE type = 'rejected'");
		expect(kept).toEqual([{ reason: 'Not a VK message_new object: message.from_id: Expected number, received string' }]);
	} finally {
		await closeAllStores();
		await backend.dispose();
	}
});

it('delivers a message whose attachments include a broken photo, a poll and a shared wall post, each shown for what it is', () => {
	const verdict = handle(
		callback('e3', 'message_new', {
			message: {
				id: 9,
				date,
				from_id: 501,
				peer_id: 2000000007,
				text: 'Look at this',
				attachments: [{ type: 'photo', photo: 'not an object' }, { type: 'poll', poll: { id: 1, question: 'Which?' } }, { type: 'wall', wall: { id: 15, owner_id: -42 } }],
			},
		}),
	);

	if (verdict.kind !== 'accept') throw new Error(`refused: ${JSON.stringify(verdict)}`);
	expect(verdict.messages.map((m) => [m.conversationKey, m.sender.id, m.text, m.attachments])).toEqual([
		[
			'2000000007',
			'501',
			'Look at this',
			[
				{ type: 'unsupported', name: 'photo' },
				{ type: 'unsupported', name: 'poll' },
				{ type: 'unsupported', name: 'wall', url: 'https://vk.com/wall-42_15' },
			],
		],
	]);
});

it('refuses a call with a wrong secret with 403 and one that is not JSON with 400', () => {
	expect(handle({ ...callback('e4', 'message_new', {}), secret: 'guess' })).toMatchObject({ kind: 'reject', status: 403 });
	expect(handle('{"type": "message_new", ')).toMatchObject({ kind: 'reject', status: 400, reason: 'The body is not JSON' });
});
