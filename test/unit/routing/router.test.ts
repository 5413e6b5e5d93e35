import type { Conversation } from '../../../nodes/shared/store';
import type { Operator, RouteResult, SkillGroupInput } from '../../../nodes/shared/routing';
import { BACKENDS, clock, openWorld, type World } from './world';

const at = clock();

describe.each(BACKENDS)('skill routing on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open, { agingMinutes: 5 });
	});
	afterEach(() => world.dispose());

	const group = (name: string, extra: Partial<SkillGroupInput> = {}) => world.router.groups.create({ name, ...extra });
	const operator = (login: string, skills: number[], capacity = 3, status: Operator['status'] = 'online') =>
		world.router.operators.create({ name: login, login, skills, capacity, status });
	const operatorOf = (r: RouteResult) => (r.outcome === 'assigned' ? r.operator.login : r.outcome);
	const positionOf = async (c: Conversation, minute: number) => (await world.router.place(c.id, at(minute)))?.position;

	test('a VIP message overtakes the queue and is the next one an operator takes', async () => {
		const billing = await group('Billing', { topics: ['billing'] });
		await operator('anna', [billing.id], 1);
		const first = await world.conversation();
		expect(operatorOf(await world.router.route(first, { topic: 'billing' }, at(0)))).toBe('anna');

		const waiting: Conversation[] = [];
		for (let i = 1; i <= 3; i++) {
			const c = await world.conversation();
			const routed = await world.router.route(c, { topic: 'billing' }, at(i));
			expect(routed).toMatchObject({ outcome: 'queued', position: i, group: { name: 'Billing' } });
			waiting.push(c);
		}
		const vip = await world.conversation('VIP');
		const routed = await world.router.route(vip, { topic: 'billing', priority: 3 }, at(4));
		expect(routed).toMatchObject({ outcome: 'queued', position: 1 });
		expect(await positionOf(waiting[0], 4)).toBe(2);
		expect(await positionOf(waiting[2], 4)).toBe(4);

		const { assigned } = await world.router.release(first.id, at(5));
		expect(assigned.map((e) => e.conversationId)).toEqual([vip.id]);
		expect(await world.router.entry(vip.id)).toMatchObject({ state: 'assigned', priority: 3 });
		expect(await positionOf(waiting[0], 5)).toBe(1);
	});

	test('a queued customer is told how many of the group’s operators are online: two busy ones, then none', async () => {
		const billing = await group('Billing', { topics: ['billing'] });
		const anna = await operator('anna', [billing.id], 1);
		await operator('boris', [billing.id], 1);
		await operator('clara', [billing.id], 1, 'offline');
		for (let i = 0; i < 2; i++) await world.router.route(await world.conversation(), { topic: 'billing' }, at(i));

		expect(await world.router.route(await world.conversation(), { topic: 'billing' }, at(2))).toMatchObject({ outcome: 'queued', operatorsOnline: 2 });

		await world.router.setOperatorStatus(anna.id, 'offline', at(3));
		await world.router.setOperatorStatus('boris', 'offline', at(3));
		expect(await world.router.route(await world.conversation(), { topic: 'billing' }, at(4))).toMatchObject({ outcome: 'queued', operatorsOnline: 0 });
	});

	test('a long wait ages a low priority past a newer higher one, so nobody starves', async () => {
		const general = await group('General');
		await operator('anna', [general.id], 1);
		await world.router.route(await world.conversation(), {}, at(0));
		const patient = await world.conversation();
		await world.router.route(patient, { priority: 0 }, at(0));
		const later = await world.conversation();
		await world.router.route(later, { priority: 0 }, at(5));
		const urgent = await world.conversation();
		await world.router.route(urgent, { priority: 2 }, at(11));

		// At minute 11 the patient one has aged two steps (0 + 2 ties 2, the longer wait wins); the later one only one.
		const order = [patient, later, urgent];
		expect(await Promise.all(order.map((c) => positionOf(c, 11)))).toEqual([1, 3, 2]);
		expect(await Promise.all(order.map((c) => positionOf(c, 9)))).toEqual([2, 3, 1]);
	});

	test('an operator going offline returns their conversations to the queue, re-offered in their old order', async () => {
		const general = await group('General', { strategy: 'leastLoaded' });
		const anna = await operator('anna', [general.id], 2);
		await operator('boris', [general.id], 1);
		await operator('vera', [general.id], 1, 'offline');
		const cs: Conversation[] = [];
		const routed: string[] = [];
		for (let i = 0; i < 4; i++) {
			cs.push(await world.conversation());
			routed.push(operatorOf(await world.router.route(cs[i], { priority: i === 2 ? 1 : 0 }, at(i))));
		}
		expect(routed).toEqual(['anna', 'boris', 'anna', 'queued']);
		const annasFirst = await world.router.entry(cs[0].id);

		const offline = await world.router.setOperatorStatus('anna', 'offline', at(10));
		expect(offline.requeued.map((e) => e.conversationId).sort()).toEqual([cs[0].id, cs[2].id].sort());
		expect(offline.assigned).toEqual([]);
		expect(offline.operator).toMatchObject({ status: 'offline', active: 0 });
		const back = await world.router.entry(cs[0].id);
		expect(back).toMatchObject({ state: 'queued', operatorId: null, priority: 0, enqueuedAt: annasFirst?.enqueuedAt });
		expect(await world.router.entry(cs[2].id)).toMatchObject({ state: 'queued', priority: 1 });
		// cs[2] kept its priority 1; cs[0] kept its minute-0 start, aged two steps by minute 10.
		expect(await positionOf(cs[0], 10)).toBe(1);
		expect(await positionOf(cs[2], 10)).toBe(2);
		expect(await positionOf(cs[3], 10)).toBe(3);

		const online = await world.router.setOperatorStatus('vera', 'online', at(11));
		expect(online.assigned.map((e) => e.conversationId)).toEqual([cs[0].id]);
		const freed = await world.router.release(cs[1].id, at(12));
		expect(freed.assigned.map((e) => [e.conversationId, e.operatorId])).toEqual([[cs[2].id, (await world.router.operators.get('boris'))?.id]]);
		expect(await world.router.operators.get(anna.id)).toMatchObject({ active: 0 });
	});

	test('a conversation that passes its SLA moves to line 2, and line 3 flags a supervisor once', async () => {
		const first = await group('First line', { line: 1, slaMinutes: 10 });
		const second = await group('Second line', { line: 2, slaMinutes: 30 });
		const third = await group('Experts', { line: 3, slaMinutes: 60 });
		await operator('boris', [second.id], 1, 'offline');
		const c = await world.conversation();
		expect(await world.router.route(c, {}, at(0))).toMatchObject({
			outcome: 'queued',
			entry: { line: 1, deadline: at(10).toISOString() },
		});

		expect(await world.router.escalateOverdue(at(9))).toEqual([]);
		expect(await world.router.escalateOverdue(at(11))).toEqual([
			{
				conversationId: c.id,
				action: 'movedToGroup',
				fromGroupId: first.id,
				toGroupId: second.id,
				line: 2,
				priority: 1,
				state: 'queued',
				operatorId: null,
			},
		]);
		expect(await world.router.entry(c.id)).toMatchObject({ line: 2, deadline: at(41).toISOString(), escalations: 1 });

		const [toThird] = await world.router.escalateOverdue(at(42));
		expect(toThird).toMatchObject({ action: 'movedToGroup', toGroupId: third.id, line: 3, priority: 2 });
		const [flagged] = await world.router.escalateOverdue(at(103));
		expect(flagged).toMatchObject({ action: 'flaggedToSupervisor', line: 3, priority: 3, state: 'queued' });
		expect(await world.router.escalateOverdue(at(500))).toEqual([]);
		expect(await world.router.entry(c.id)).toMatchObject({ flaggedAt: at(103).toISOString(), deadline: null });
	});

	test('an overdue conversation goes to its group’s escalation target and is taken there at once', async () => {
		const vipDesk = await group('VIP desk', { line: 2 });
		await group('Any second line', { line: 2 });
		const billing = await group('Billing', { topics: ['billing'], slaMinutes: 5, escalationGroupId: vipDesk.id });
		await operator('anna', [billing.id], 1, 'offline');
		await operator('zoe', [vipDesk.id], 1);
		const c = await world.conversation();
		await world.router.route(c, { topic: 'billing' }, at(0));

		const [moved] = await world.router.escalateOverdue(at(6));
		expect(moved).toMatchObject({ action: 'movedToGroup', toGroupId: vipDesk.id, state: 'assigned' });
		expect(moved.operatorId).toBe((await world.router.operators.get('zoe'))?.id);
	});

	test('a supervisor escalates by hand to a line, a group or an operator', async () => {
		const general = await group('General');
		const second = await group('Second line', { line: 2 });
		const legal = await group('Legal', { line: 2, topics: ['legal'] });
		const mila = await operator('mila', [legal.id], 1);
		const c = await world.conversation();
		await world.router.route(c, {}, at(0));

		expect(await world.router.escalate(c.id, { toLine: 2, note: 'angry customer' }, at(1))).toMatchObject({
			action: 'movedToGroup',
			fromGroupId: general.id,
			toGroupId: second.id,
		});
		expect(await world.router.entry(c.id)).toMatchObject({ note: 'angry customer', line: 2 });
		expect(await world.router.escalate(c.id, { toGroup: 'legal' }, at(2))).toMatchObject({ toGroupId: legal.id, state: 'assigned' });
		await world.router.release(c.id, at(3));

		const other = await world.conversation();
		await world.router.route(other, {}, at(4));
		expect(await world.router.escalate(other.id, { toOperator: 'mila' }, at(5))).toMatchObject({
			action: 'assignedToOperator',
			state: 'assigned',
			operatorId: mila.id,
		});
		const third = await world.conversation();
		await world.router.route(third, {}, at(6));
		await expect(world.router.escalate(third.id, { toOperator: 'mila' }, at(7))).rejects.toThrow(/mila is not online with room/);
	});

	test('the operator who served the customer before is preferred over the strategy’s pick', async () => {
		const general = await group('General', { strategy: 'leastLoaded' });
		await operator('anna', [general.id]);
		await operator('boris', [general.id]);
		const regular = await world.conversation('Regular');
		expect(operatorOf(await world.router.route(regular, {}, at(0)))).toBe('anna');
		const other1 = await world.conversation();
		expect(operatorOf(await world.router.route(other1, {}, at(1)))).toBe('boris');
		expect(operatorOf(await world.router.route(await world.conversation(), {}, at(2)))).toBe('anna');
		await world.router.release(regular.id, at(3));
		await world.router.release(other1.id, at(4));

		// anna holds one conversation and boris none: least loaded would say boris.
		const again = await world.nextConversation(regular);
		expect(operatorOf(await world.router.route(again, {}, at(5)))).toBe('anna');
		expect(operatorOf(await world.router.route(await world.conversation(), {}, at(6)))).toBe('boris');
	});

	test('a previous operator who is offline is not waited for', async () => {
		const general = await group('General');
		await operator('anna', [general.id]);
		await operator('boris', [general.id]);
		const regular = await world.conversation('Regular');
		expect(operatorOf(await world.router.route(regular, {}, at(0)))).toBe('anna');
		await world.router.release(regular.id, at(1));
		await world.router.setOperatorStatus('anna', 'away', at(2));
		expect(operatorOf(await world.router.route(await world.nextConversation(regular), {}, at(3)))).toBe('boris');
	});

	test('least loaded picks the operator holding the fewest conversations', async () => {
		const general = await group('General', { strategy: 'leastLoaded' });
		await operator('anna', [general.id], 5);
		await operator('boris', [general.id], 5);
		const cs = [await world.conversation(), await world.conversation(), await world.conversation()];
		const picks = [];
		for (const [i, c] of cs.entries()) picks.push(operatorOf(await world.router.route(c, {}, at(i))));
		expect(picks).toEqual(['anna', 'boris', 'anna']);
		await world.router.release(cs[1].id, at(3));
		picks.length = 0;
		for (let i = 4; i < 6; i++) picks.push(operatorOf(await world.router.route(await world.conversation(), {}, at(i))));
		expect(picks).toEqual(['boris', 'boris']);
	});

	test('round robin gives each operator their turn, whatever their load', async () => {
		const general = await group('General', { strategy: 'roundRobin' });
		for (const login of ['anna', 'boris', 'vera']) await operator(login, [general.id], 5);
		const cs: Conversation[] = [];
		const picks = [];
		for (let i = 0; i < 4; i++) {
			cs.push(await world.conversation());
			picks.push(operatorOf(await world.router.route(cs[i], {}, at(i))));
		}
		expect(picks).toEqual(['anna', 'boris', 'vera', 'anna']);
		await world.router.release(cs[0].id, at(4));
		await world.router.release(cs[3].id, at(5));
		expect(operatorOf(await world.router.route(await world.conversation(), {}, at(6)))).toBe('boris');
	});

	test('longest idle picks the operator whose last conversation from any group is oldest', async () => {
		const general = await group('General', { strategy: 'longestIdle' });
		const vip = await group('VIP', { topics: ['vip'] });
		await operator('anna', [general.id], 5);
		await operator('boris', [general.id, vip.id], 5);
		expect(operatorOf(await world.router.route(await world.conversation(), {}, at(0)))).toBe('anna');
		expect(operatorOf(await world.router.route(await world.conversation(), { topic: 'vip' }, at(1)))).toBe('boris');
		// General's own turn would be boris's; anna has been idle longer.
		expect(operatorOf(await world.router.route(await world.conversation(), {}, at(2)))).toBe('anna');
	});

	test('rules pick the group by topic, then language, then channel; a named group wins; nothing serving is no group', async () => {
		await group('English', { languages: ['en'] });
		await group('Telegram', { channels: ['telegram'] });
		await group('Refunds', { topics: ['refund'] });
		await group('German refunds', { topics: ['refund'], languages: ['de'] });
		const names = async (request: object) => {
			const routed = await world.router.route(await world.conversation(), request, at(0));
			return 'group' in routed ? routed.group.name : routed.outcome;
		};
		expect(await names({ topic: 'refund', language: 'de' })).toBe('German refunds');
		expect(await names({ topic: 'refund', language: 'en' })).toBe('Refunds');
		expect(await names({ topic: 'delivery', language: 'en' })).toBe('English');
		expect(await names({ topic: 'delivery', language: 'fr' })).toBe('Telegram');
		expect(await names({ topic: 'delivery', language: 'fr', channel: 'viber' })).toBe('noGroup');
		expect(await names({ topic: 'refund', language: 'de', group: 'english' })).toBe('English');
		await expect(world.router.route(await world.conversation(), { group: 'Nope' })).rejects.toThrow(/"Nope" does not exist/);
	});

	test('routing a conversation again leaves it where it is, with nothing to announce', async () => {
		const general = await group('General');
		await operator('anna', [general.id], 1);
		const c = await world.conversation();
		const first = await world.router.route(c, {}, at(0));
		const again = await world.router.route(c, { priority: 3 }, at(1));
		expect(first.outcome).toBe('assigned');
		expect(again).toMatchObject({ outcome: 'following', entry: { id: first.outcome === 'assigned' ? first.entry.id : -1, priority: 0 } });
		expect(await world.router.operators.get('anna')).toMatchObject({ active: 1 });
	});

	test('a queued customer learns the expected wait from recent handling times, and is told again only on a material change', async () => {
		const general = await group('General');
		await operator('anna', [general.id], 1);
		const serving = await world.conversation();
		await world.router.route(serving, {}, at(0));
		const queued: Conversation[] = [];
		for (let i = 0; i < 5; i++) {
			queued.push(await world.conversation());
			await world.router.route(queued[i], {}, at(1));
		}
		// No handling time yet: the default 300 s per place, one slot.
		expect(await world.router.place(queued[4].id, at(1))).toMatchObject({ position: 5, expectedWaitSeconds: 1500, changedMaterially: false });

		await world.router.release(serving.id, at(4));
		const told = await world.router.place(queued[4].id, at(4));
		// One conversation took 4 minutes: 4 places × 240 s.
		expect(told).toMatchObject({ position: 4, expectedWaitSeconds: 960, changedMaterially: true });
		await world.router.markTold(queued[4].id, told!);
		expect(await world.router.place(queued[4].id, at(4))).toMatchObject({ changedMaterially: false });
	});

	test('skill groups and operators are created, listed and updated', async () => {
		const general = await group('General', { topics: ['a'] });
		const updated = await world.router.groups.update(general.id, { topics: ['a', 'b'], line: 2, slaMinutes: 15 });
		expect(updated).toEqual({ ...general, topics: ['a', 'b'], line: 2, slaMinutes: 15 });
		await expect(world.router.groups.update(general.id, { line: 4 as never })).rejects.toThrow(/Line 4/);
		const other = await group('Other');
		const anna = await operator('anna', [general.id], 2, 'offline');
		expect(anna).toMatchObject({ role: 'operator', skills: [general.id], capacity: 2, status: 'offline', active: 0, lastAssignedAt: null });
		const moved = await world.router.operators.update(anna.id, { skills: [other.id, general.id], languages: ['en'], status: 'online' });
		expect(moved).toMatchObject({ skills: [general.id, other.id].sort((a, b) => a - b), languages: ['en'], status: 'online' });
		expect((await world.router.operators.list()).map((o) => o.login)).toEqual(['anna']);
		expect((await world.router.groups.list()).map((g) => g.name)).toEqual(['General', 'Other']);
		await expect(operator('anna', [])).rejects.toThrow();
	});
});
