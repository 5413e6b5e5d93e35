/**
 * Ops staff keep the VIP tiers and the other priority rules in n8n Data Tables. Applied, both
 * tables together are the Prioritizer's rules (tiers first); while both are empty its own panel's
 * rules apply. A tier's response time edited in the table is what the next VIP gets; a row with a
 * condition nobody knows is named and skipped. On both stores.
 */
import { randomUUID } from 'node:crypto';

import { correctCard } from '../../../nodes/shared/customers';
import { DEFAULT_ANGER_WORDS, DEFAULT_RULES, DEFAULT_URGENT_WORDS, prioritize, type PriorityPolicy } from '../../../nodes/shared/priority';
import { appliedPriorityRules, applyPriorityRules, applyVipTiers, PRIORITY_RULES, VIP_TIERS } from '../../../nodes/shared/settings';
import { closeAllStores, openStore, type Store } from '../../../nodes/shared/store';
import { BACKENDS, inbound, minutesLater, type Backend } from '../customers/backends';
import { shippedRows } from './shipped';

const policyWith = (rules: PriorityPolicy['rules']): PriorityPolicy & { repeatWindowDays: number } => ({
	rules,
	urgentWords: DEFAULT_URGENT_WORDS,
	angerWords: DEFAULT_ANGER_WORDS,
	firstResponseMinutes: 60,
	nextResponseMinutes: 60,
	levels: { urgent: 70, high: 40, normal: 0 },
	repeatWindowDays: 7,
});

describe.each(BACKENDS)('the priority tables on %s', (_name, makeBackend) => {
	let backend: Backend;
	let store: Store;

	beforeEach(async () => {
		backend = await makeBackend();
		store = await openStore(backend.config);
	});
	afterEach(async () => {
		await closeAllStores();
		await backend.dispose();
	});

	const vipWrites = async (tier: number, text: string) => {
		const logged = await store.conversations.logInbound(inbound('telegram', `tg-${randomUUID()}`, { id: randomUUID() }, text));
		await correctCard(store.db, logged.customer.id, { vipTier: tier });
		return logged.conversation;
	};

	test('the shipped tables are the Prioritizer’s default rules; with both tables empty there are none to use', async () => {
		expect(await appliedPriorityRules(store.db)).toBeNull();
		expect((await applyVipTiers(store, shippedRows(VIP_TIERS))).problems).toEqual([]);
		expect((await applyPriorityRules(store, shippedRows(PRIORITY_RULES))).problems).toEqual([]);

		expect(await appliedPriorityRules(store.db)).toEqual(DEFAULT_RULES);

		await applyVipTiers(store, []);
		await applyPriorityRules(store, []);
		expect(await appliedPriorityRules(store.db)).toBeNull();
	});

	test('a tier’s first response tightened in the table is the next VIP’s deadline; a rule with an unknown condition is named and skipped', async () => {
		const tiers = shippedRows(VIP_TIERS);
		tiers[0] = { ...tiers[0], points: 80, firstResponseMinutes: 2 };
		await applyVipTiers(store, tiers);
		const rules = shippedRows(PRIORITY_RULES);
		rules.push({ when: 'moonIsFull', value: '', points: 99, firstResponseMinutes: 0, nextResponseMinutes: 0 });
		const applied = await applyPriorityRules(store, rules);
		expect(applied.problems).toEqual([{ table: 'Contact Center · Priority Rules', row: rules.length, reason: expect.stringMatching(/^when: one of vipTierAtLeast, topicIs/) }]);

		const conversation = await vipWrites(1, 'Where is my order?');
		const priority = await prioritize(store.db, { conversationId: conversation.id, text: 'Where is my order?' }, policyWith((await appliedPriorityRules(store.db))!));

		expect(priority).toMatchObject({ score: 80, level: 'urgent', reasons: ['VIP tier 1 ≥ 1: +80'] });
		expect(priority.firstResponseDue).toBe(minutesLater(2, new Date(conversation.createdAt)).toISOString());
	});

	test('a table of only mistakes changes nothing', async () => {
		await applyVipTiers(store, shippedRows(VIP_TIERS));
		const before = await appliedPriorityRules(store.db);

		const applied = await applyVipTiers(store, [{ tier: 0, name: 'Nobody', points: 'lots', firstResponseMinutes: 0, nextResponseMinutes: 0 }]);

		expect(applied.problems).toHaveLength(1);
		expect(applied.problems[0].reason).toMatch(/tier: .*1.*; points: /);
		expect(await appliedPriorityRules(store.db)).toEqual(before);
	});
});
