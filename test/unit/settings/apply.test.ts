/**
 * Ops staff keep skill groups, operators and canned replies in n8n Data Tables; applying the
 * tables brings the store in line: new rows create, edited rows update, a reply taken out of its
 * table is removed, a bad row is reported with its number and never stops the others, and the live
 * state (who is online, their conversations) is left alone. On both stores.
 */
import { listCannedReplies } from '../../../nodes/shared/desk/canned';
import { routerOn } from '../../../nodes/shared/routing';
import { applyCannedReplies, applyOperators, applySkillGroups, CANNED_REPLIES, OPERATORS, SKILL_GROUPS, type TableRow } from '../../../nodes/shared/settings';
import type { Db } from '../../../nodes/shared/store';
import { BACKENDS, migratedDbPerTest } from '../../harness/backends';
import { shippedRows } from './shipped';

const samples = () => ({ groups: shippedRows(SKILL_GROUPS), operators: shippedRows(OPERATORS), cannedReplies: shippedRows(CANNED_REPLIES) });

/** The three tables applied in the admin template's order: groups before the operators in them. */
async function applyAll(db: Db, rows: { groups: TableRow[]; operators: TableRow[]; cannedReplies: TableRow[] }) {
	const applied = [await applySkillGroups(db, rows.groups), await applyOperators(db, rows.operators), await applyCannedReplies(db, rows.cannedReplies)];
	return { problems: applied.flatMap((a) => a.problems), cannedReplies: applied[2] };
}

describe.each(BACKENDS)('settings tables on %s', (_name, backend) => {
	const world = migratedDbPerTest(backend);

	test('the sample tables set up a working center: groups on three lines escalating in turn, operators in their groups, canned replies', async () => {
		const applied = await applyAll(world.db, samples());

		expect(applied.problems).toEqual([]);
		const router = routerOn(world.db);
		const groups = await router.groups.list();
		const byName = Object.fromEntries(groups.map((g) => [g.name, g]));
		expect(byName.Billing).toMatchObject({ line: 1, topics: ['refund', 'payment_failed', 'balance'], slaMinutes: 30, escalationGroupId: byName['Second Line'].id });
		expect(byName['Second Line'].escalationGroupId).toBe(byName.Supervisors.id);
		expect(await router.operators.get('olga')).toMatchObject({ name: 'Olga', skills: [byName.General.id, byName.Billing.id], capacity: 3, status: 'offline' });
		expect(await router.operators.get('sam')).toMatchObject({ role: 'supervisor' });
		expect((await listCannedReplies(world.db)).map((r) => `${r.name}/${r.language}`).sort()).toEqual(
			['Greeting', 'Order tracking', 'Refund policy'].flatMap((name) => ['en', 'fr', 'ru', 'uk'].map((language) => `${name}/${language}`)),
		);
	});

	test('an edit in a table reaches the store, a bad row is reported by number and skipped, the live status stays', async () => {
		await applyAll(world.db, samples());
		const router = routerOn(world.db);
		const olga = (await router.operators.get('olga'))!;
		await router.setOperatorStatus(olga.id, 'online');
		const rows = samples();
		rows.operators[0] = { ...rows.operators[0], capacity: 5, groups: 'Billing' };
		rows.operators.push({ name: 'Nobody', login: 'no body', role: 'operator', groups: 'General', languages: '', capacity: 2 });
		rows.groups.push({ name: 'VIP', line: 1, topics: '', languages: '', channels: '', strategy: 'fastest', slaMinutes: 5, escalatesTo: '' });
		rows.cannedReplies = rows.cannedReplies.filter((r) => r.name !== 'Order tracking');
		rows.cannedReplies[0] = { ...rows.cannedReplies[0], body: 'Hi {{customer.name}}! {{operator.name}} here.' };

		const applied = await applyAll(world.db, rows);

		expect(applied.problems).toEqual([
			{ table: SKILL_GROUPS.name, row: 5, reason: expect.stringContaining('strategy') },
			{ table: OPERATORS.name, row: 5, reason: expect.stringContaining('login') },
		]);
		expect(await router.operators.get('olga')).toMatchObject({ capacity: 5, status: 'online', skills: [(await router.groups.get('Billing'))!.id] });
		expect(await router.operators.get('no body')).toBeNull();
		const replies = await listCannedReplies(world.db);
		expect(replies.map((r) => r.name)).not.toContain('Order tracking');
		expect(replies.find((r) => r.name === 'Greeting' && r.language === 'en')?.body).toBe('Hi {{customer.name}}! {{operator.name}} here.');
		expect(applied.cannedReplies).toMatchObject({
			removed: 4,
			updated: ['Greeting', 'Refund policy'].flatMap((name) => ['en', 'ru', 'uk', 'fr'].map((language) => `${name} (${language})`)),
		});
	});
});
