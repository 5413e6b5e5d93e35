/**
 * A conversation's life over days, on both stores, with the time given to every call: answered
 * conversations keep their operator, the customer's next message starts a next-response clock,
 * idle ones resolve and free the slot, and a customer writing soon after reopens the same one.
 */
import { DEFAULT_IDLE, nextState, resolveIdle, TRANSITIONS } from '../../../nodes/shared/lifecycle';
import { parseInbound } from '../../../nodes/shared/envelope';
import { closeAndRelease } from '../../../nodes/shared/routing';
import { assignedEntries } from '../../../nodes/shared/routing/views';
import type { Conversation } from '../../../nodes/shared/store';
import { BACKENDS, openWorld, type World } from '../routing/world';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

test('the transition table is the only way between states: late events change nothing', () => {
	expect(nextState('answered', 'customerWrote')).toBe('needsAnswer');
	expect(nextState('assigned', 'customerWrote')).toBeNull();
	expect(nextState('closed', 'reopened')).toBeNull();
	for (const [event, t] of Object.entries(TRANSITIONS)) {
		expect(t.from.length).toBeGreaterThan(0);
		expect(t.why.length).toBeGreaterThan(10);
		expect(event).toMatch(/^[a-z][A-Za-z]+$/);
	}
});

describe.each(BACKENDS)('a conversation’s life on %s', (_name, open) => {
	let world: World;
	let n = 0;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	const now = () => new Date();
	const later = (ms: number) => new Date(Date.now() + ms);
	const writes = async (c: Conversation, text = 'Any news?', extra: object = {}) =>
		(
			await world.store.conversations.logInbound(
				parseInbound({
					channel: 'telegram',
					account: 'support-bot',
					externalId: `again-${++n}-${Date.now()}`,
					conversationKey: c.conversationKey,
					sender: { id: c.conversationKey, name: 'Customer' },
					text,
					receivedAt: new Date().toISOString(),
					raw: {},
					...extra,
				}),
			)
		).conversation;
	/** An operator's reply that reached the customer. */
	const operatorReplies = async (c: Conversation, operatorId: number) => {
		const message = await world.store.messages.addOutbound({ conversationId: c.id, channel: 'telegram', author: `operator:${operatorId}`, text: 'Checking it now' });
		await world.store.messages.markSent(message.id, `out-${message.id}`);
	};
	const stateOf = async (c: Conversation) => (await world.store.conversations.get(c.id))?.state;
	const setUp = async () => {
		const lineOne = await world.router.groups.create({ name: 'Line 1', line: 1, slaMinutes: 10 });
		const lineTwo = await world.router.groups.create({ name: 'Line 2', line: 2, slaMinutes: 30 });
		const olga = await world.router.operators.create({ name: 'Olga', login: 'olga', skills: [lineOne.id], capacity: 2, status: 'online' });
		const petr = await world.router.operators.create({ name: 'Petr', login: 'petr', skills: [lineTwo.id], capacity: 2, status: 'online' });
		return { lineOne, lineTwo, olga, petr };
	};

	test('an answered conversation stays with the line-1 operator who answered, past the SLA', async () => {
		const { olga } = await setUp();
		const c = await world.conversation();
		expect(await stateOf(c)).toBe('bot');
		expect(await world.router.route(c, {}, now())).toMatchObject({ outcome: 'assigned', operator: { id: olga.id } });
		expect(await stateOf(c)).toBe('assigned');

		await operatorReplies(c, olga.id);

		expect(await stateOf(c)).toBe('answered');
		expect(await world.router.escalateOverdue(later(11 * MINUTE))).toEqual([]);
		expect(await world.router.entry(c.id)).toMatchObject({ operatorId: olga.id, line: 1, deadline: null });
	});

	test('the customer writing again an hour after the answer goes to the same operator, with a next-response deadline from that message', async () => {
		const { olga, lineTwo, petr } = await setUp();
		const c = await world.conversation();
		await world.router.route(c, {}, now());
		await operatorReplies(c, olga.id);

		const before = Date.now();
		await writes(c, 'It still has not arrived');

		expect(await stateOf(c)).toBe('needsAnswer');
		const entry = await world.router.entry(c.id);
		expect(entry).toMatchObject({ operatorId: olga.id, state: 'assigned' });
		const due = Date.parse(entry!.deadline!);
		expect(due).toBeGreaterThanOrEqual(before + 10 * MINUTE);
		expect(due).toBeLessThan(Date.now() + 10 * MINUTE + 1000);
		// The route of the follow-up has nothing to announce.
		expect(await world.router.route(c, {}, now())).toMatchObject({ outcome: 'following' });

		expect(await world.router.escalateOverdue(new Date(due - MINUTE))).toEqual([]);
		const [moved] = await world.router.escalateOverdue(new Date(due + MINUTE));
		expect(moved).toMatchObject({ conversationId: c.id, action: 'movedToGroup', toGroupId: lineTwo.id, operatorId: petr.id });
		expect(await stateOf(c)).toBe('assigned');

		await operatorReplies(c, petr.id);
		expect(await stateOf(c)).toBe('answered');
		expect((await world.router.entry(c.id))?.deadline).toBeNull();
	});

	test('a thumbs-up to the operator’s answer is on the record but asks for no answer: no deadline starts', async () => {
		const { olga } = await setUp();
		const c = await world.conversation();
		await world.router.route(c, {}, now());
		await operatorReplies(c, olga.id);

		await writes(c, '', { attachments: [{ type: 'reaction', name: '👍' }], revises: { kind: 'reaction', of: 'm-1' } });

		expect(await stateOf(c)).toBe('answered');
		expect((await world.router.entry(c.id))?.deadline).toBeNull();
	});

	test('an operator going offline hands back only the conversations still waiting for an answer', async () => {
		const { olga } = await setUp();
		const answered = await world.conversation();
		const unanswered = await world.conversation();
		await world.router.route(answered, {}, now());
		await world.router.route(unanswered, {}, now());
		await operatorReplies(answered, olga.id);

		const { requeued } = await world.router.setOperatorStatus('olga', 'offline', now());

		expect(requeued.map((e) => e.conversationId)).toEqual([unanswered.id]);
		expect(await stateOf(unanswered)).toBe('queued');
		expect(await world.router.entry(answered.id)).toMatchObject({ state: 'assigned', operatorId: olga.id });
		expect(await stateOf(answered)).toBe('answered');
	});

	test('an answered conversation transferred to another group waits there for that group’s answer, with its SLA', async () => {
		const { olga, lineTwo, petr } = await setUp();
		const c = await world.conversation();
		await world.router.route(c, {}, now());
		await operatorReplies(c, olga.id);

		const moved = await world.router.escalate(c.id, { toGroup: lineTwo.name }, now());

		expect(moved).toMatchObject({ action: 'movedToGroup', operatorId: petr.id });
		expect(await stateOf(c)).toBe('assigned');
		expect((await world.router.entry(c.id))?.deadline).not.toBeNull();
	});

	test('a bot-only conversation resolves after 30 quiet minutes; a silent customer’s after a day, freeing the slot once', async () => {
		const { olga } = await setUp();
		const botOnly = await world.conversation();
		const silent = await world.conversation();
		await world.router.route(silent, {}, now());
		await operatorReplies(silent, olga.id);

		// Here the slot is kept until the conversation resolves; the next test gives it up sooner.
		const keepSlot = { ...DEFAULT_IDLE, freeSlotMinutes: 0 };
		expect((await resolveIdle(world.store, keepSlot, later(29 * MINUTE))).resolved).toEqual([]);
		const first = await resolveIdle(world.store, keepSlot, later(31 * MINUTE));
		expect(first.resolved).toEqual([expect.objectContaining({ conversationId: botOnly.id, reason: 'botIdle', operatorId: null })]);
		expect(await world.router.operators.get('olga')).toMatchObject({ active: 1 });

		const dayLater = await resolveIdle(world.store, keepSlot, later(25 * HOUR));
		expect(dayLater.resolved).toEqual([expect.objectContaining({ conversationId: silent.id, reason: 'customerSilent', operatorId: olga.id })]);
		expect(await world.router.operators.get('olga')).toMatchObject({ active: 0 });
		expect(await stateOf(silent)).toBe('resolved');
		// Closing it again (an operator clicking Close late) frees nothing more.
		expect((await world.router.release(silent.id)).released).toBeNull();
	});

	test('a customer silent for a quarter of an hour after the answer gives the slot to the next in the queue, and gets it back on writing', async () => {
		const lineOne = await world.router.groups.create({ name: 'Line 1', line: 1, slaMinutes: 10 });
		const olga = await world.router.operators.create({ name: 'Olga', login: 'olga', skills: [lineOne.id], capacity: 1, status: 'online' });
		const anna = await world.conversation();
		const boris = await world.conversation();
		await world.router.route(anna, {}, now());
		await operatorReplies(anna, olga.id);
		expect(await world.router.route(boris, {}, now())).toMatchObject({ outcome: 'queued' });

		expect(await resolveIdle(world.store, DEFAULT_IDLE, later(14 * MINUTE))).toMatchObject({ slotsFreed: 0 });
		expect(await world.router.entry(boris.id)).toMatchObject({ state: 'queued' });

		expect(await resolveIdle(world.store, DEFAULT_IDLE, later(16 * MINUTE))).toMatchObject({ slotsFreed: 1, resolved: [] });
		expect(await world.router.entry(boris.id)).toMatchObject({ state: 'assigned', operatorId: olga.id });
		// Anna's conversation is still Olga's, in her desk list, only not counted against her capacity.
		expect(await world.router.entry(anna.id)).toMatchObject({ state: 'waiting', operatorId: olga.id });
		expect((await assignedEntries(world.store.db, olga.id)).map((e) => e.conversationId).sort()).toEqual([anna.id, boris.id].sort());
		expect(await world.router.operators.get('olga')).toMatchObject({ active: 1 });
		// A later run frees nothing twice.
		expect(await resolveIdle(world.store, DEFAULT_IDLE, later(17 * MINUTE))).toMatchObject({ slotsFreed: 0 });

		// Anna writes back: Olga knows the case, so it is hers again, above her capacity for a while.
		await writes(anna, 'Sorry, I was away. It still has not arrived');
		expect(await stateOf(anna)).toBe('needsAnswer');
		expect(await world.router.entry(anna.id)).toMatchObject({ state: 'assigned', operatorId: olga.id });
		expect((await world.router.entry(anna.id))?.deadline).not.toBeNull();
		expect(await world.router.operators.get('olga')).toMatchObject({ active: 2 });

		// Nobody new reaches her until she is under her capacity again.
		const clara = await world.conversation();
		expect(await world.router.route(clara, {}, now())).toMatchObject({ outcome: 'queued' });
		await closeAndRelease(world.store, boris.id);
		expect(await world.router.entry(clara.id)).toMatchObject({ state: 'queued' });
		await closeAndRelease(world.store, anna.id);
		expect(await world.router.entry(clara.id)).toMatchObject({ state: 'assigned', operatorId: olga.id });
	});

	test('a silent customer whose conversation gave up its slot is still resolved after a day, and closing it frees no slot it no longer had', async () => {
		const { olga } = await setUp();
		const silent = await world.conversation();
		await world.router.route(silent, {}, now());
		await operatorReplies(silent, olga.id);

		await resolveIdle(world.store, DEFAULT_IDLE, later(20 * MINUTE));
		expect(await world.router.operators.get('olga')).toMatchObject({ active: 0 });

		const dayLater = await resolveIdle(world.store, DEFAULT_IDLE, later(25 * HOUR));
		expect(dayLater.resolved).toEqual([expect.objectContaining({ conversationId: silent.id, reason: 'customerSilent', operatorId: olga.id })]);
		expect(await world.router.operators.get('olga')).toMatchObject({ active: 0 });
		expect(await world.router.entry(silent.id)).toBeNull();
	});

	test('a customer whose conversation waited without a slot writes back after the operator went home: a colleague of the group answers', async () => {
		const { lineOne, olga } = await setUp();
		const ivan = await world.router.operators.create({ name: 'Ivan', login: 'ivan', skills: [lineOne.id], capacity: 2, status: 'offline' });
		const anna = await world.conversation();
		await world.router.route(anna, {}, now());
		await operatorReplies(anna, olga.id);
		await resolveIdle(world.store, DEFAULT_IDLE, later(20 * MINUTE));
		await world.router.setOperatorStatus('olga', 'offline', now());
		await world.router.setOperatorStatus('ivan', 'online', now());
		expect(await world.router.entry(anna.id)).toMatchObject({ state: 'waiting', operatorId: olga.id });

		await writes(anna, 'Hello? Still nothing');

		expect(await world.router.route(anna, {}, now())).toMatchObject({ outcome: 'assigned', operator: { id: ivan.id } });
	});

	test('a customer writing within the reopen window continues the same conversation; after it, a new one', async () => {
		await setUp();
		const c = await world.conversation();
		await world.store.conversations.close(c.id);
		const reopened = await writes(c, 'One more question');
		expect(reopened).toMatchObject({ id: c.id, status: 'open', state: 'bot' });

		await world.store.conversations.close(c.id, later(-25 * HOUR));
		expect((await resolveIdle(world.store, DEFAULT_IDLE)).closed).toBe(1);
		const fresh = await writes(c, 'Hello again, a week later');
		expect(fresh.id).not.toBe(c.id);
		expect(fresh.state).toBe('bot');
		expect(await stateOf(c)).toBe('closed');
	});

	test('a billing case escalated to line 2 and resolved there: the customer writing back the next morning returns to line 2 and Petr, not to billing’s line 1; next week billing starts at line 1 again', async () => {
		const { lineOne, lineTwo, petr } = await setUp();
		await world.router.groups.update(lineOne.id, { topics: ['billing'] });
		const c = await world.conversation();
		expect(await world.router.route(c, { topic: 'billing' }, now())).toMatchObject({ outcome: 'assigned', group: { id: lineOne.id } });
		expect(await world.router.escalate(c.id, { toLine: 2 }, later(5 * MINUTE))).toMatchObject({ toGroupId: lineTwo.id });
		await operatorReplies(c, petr.id);
		await closeAndRelease(world.store, c.id, later(HOUR));

		const nextMorning = later(14 * HOUR);
		const reopened = await writes(c, 'The refund still has not arrived');
		expect(reopened.id).toBe(c.id);
		const back = await world.router.route(reopened, { topic: 'billing' }, nextMorning);
		expect(back).toMatchObject({ outcome: 'assigned', group: { id: lineTwo.id }, operator: { id: petr.id }, entry: { line: 2 } });
		// Line 2's own SLA (30 min), not line 1's 10.
		expect((await world.router.entry(c.id))?.deadline).toBe(new Date(nextMorning.getTime() + 30 * MINUTE).toISOString());

		await closeAndRelease(world.store, c.id, later(-25 * HOUR));
		expect((await resolveIdle(world.store, DEFAULT_IDLE)).closed).toBe(1);
		const nextWeek = await writes(c, 'A new question about my bill');
		expect(nextWeek.id).not.toBe(c.id);
		expect(await world.router.route(nextWeek, { topic: 'billing' }, later(7 * 24 * HOUR))).toMatchObject({ group: { id: lineOne.id } });
	});

	test('a group named by the workflow still wins over the group a reopened conversation last had', async () => {
		const { lineOne, lineTwo } = await setUp();
		const c = await world.conversation();
		await world.router.route(c, { group: 'Line 2' }, now());
		await closeAndRelease(world.store, c.id, later(HOUR));
		const reopened = await writes(c, 'And another thing');
		expect(await world.router.route(reopened, { group: 'Line 1' }, later(2 * HOUR))).toMatchObject({ group: { id: lineOne.id } });
		expect(lineTwo.id).not.toBe(lineOne.id);
	});
});
