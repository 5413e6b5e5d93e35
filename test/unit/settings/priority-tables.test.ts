/**
 * Ops staff keep the VIP tiers and the other priority rules in n8n Data Tables. Applied, both
 * tables together are the Prioritizer's rules (tiers first); while both are empty its own panel's
 * rules apply. A tier's response time edited in the table is what the next VIP gets; a row with a
 * condition nobody knows is named and skipped. On both stores.
 */
import { randomUUID } from 'node:crypto';

import { correctCard } from '../../../nodes/shared/customers';
import { DEFAULT_RULES, prioritize } from '../../../nodes/shared/priority';
import { appliedPriorityRules, applyPriorityRules, applyVipTiers, PRIORITY_RULES, VIP_TIERS } from '../../../nodes/shared/settings';
import { storePerTest } from '../../harness/backends';
import { BACKENDS, inbound, minutesLater } from '../customers/backends';
import { policyWith } from '../priority/policy';
import { shippedRows } from './shipped';


describe.each(BACKENDS)('the priority tables on %s', (_name, makeBackend) => {
	const world = storePerTest(makeBackend);

	const vipWrites = async (tier: number, text: string) => {
		const logged = await world.store.conversations.logInbound(inbound('telegram', `tg-${randomUUID()}`, { id: randomUUID() }, text));
		await correctCard(world.store.db, logged.customer.id, { vipTier: tier });
		return logged.conversation;
	};

	test('the shipped tables are the Prioritizer’s default rules; with both tables empty there are none to use', async () => {
		expect(await appliedPriorityRules(world.store.db)).toBeNull();
		expect((await applyVipTiers(world.store, shippedRows(VIP_TIERS))).problems).toEqual([]);
		expect((await applyPriorityRules(world.store, shippedRows(PRIORITY_RULES))).problems).toEqual([]);

		expect(await appliedPriorityRules(world.store.db)).toEqual(DEFAULT_RULES);

		await applyVipTiers(world.store, []);
		await applyPriorityRules(world.store, []);
		expect(await appliedPriorityRules(world.store.db)).toBeNull();
	});

	test('a tier’s first response tightened in the table is the next VIP’s deadline; a rule with an unknown condition is named and skipped', async () => {
		const tiers = shippedRows(VIP_TIERS);
		tiers[0] = { ...tiers[0], points: 80, firstResponseMinutes: 2 };
		await applyVipTiers(world.store, tiers);
		const rules = shippedRows(PRIORITY_RULES);
		rules.push({ when: 'moonIsFull', value: '', points: 99, firstResponseMinutes: 0, nextResponseMinutes: 0 });
		const applied = await applyPriorityRules(world.store, rules);
		expect(applied.problems).toEqual([{ table: 'Contact Center · Priority Rules', row: rules.length, reason: expect.stringMatching(/^when: one of vipTierAtLeast, topicIs/) }]);

		const conversation = await vipWrites(1, 'Where is my order?');
		const priority = await prioritize(world.store.db, { conversationId: conversation.id, text: 'Where is my order?' }, policyWith((await appliedPriorityRules(world.store.db))!));

		expect(priority).toMatchObject({ score: 80, level: 'urgent', reasons: ['VIP tier 1 ≥ 1: +80'] });
		expect(priority.firstResponseDue).toBe(minutesLater(2, new Date(conversation.createdAt)).toISOString());
	});

	test('a table of only mistakes changes nothing', async () => {
		await applyVipTiers(world.store, shippedRows(VIP_TIERS));
		const before = await appliedPriorityRules(world.store.db);

		const applied = await applyVipTiers(world.store, [{ tier: 0, name: 'Nobody', points: 'lots', firstResponseMinutes: 0, nextResponseMinutes: 0 }]);

		expect(applied.problems).toHaveLength(1);
		expect(applied.problems[0].reason).toMatch(/tier: .*1.*; points: /);
		expect(await appliedPriorityRules(world.store.db)).toEqual(before);
	});
});
