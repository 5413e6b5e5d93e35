import { randomUUID } from 'node:crypto';

import { mergeCustomers } from '../../../nodes/shared/customers';
import { routerOn, type Router } from '../../../nodes/shared/routing';
import { BACKENDS, inbound, storePerSuite } from './backends';

describe.each(BACKENDS)('routing history across a merge on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let router: Router;

	beforeAll(async () => {
		router = routerOn(suite.store.db);
	});

	test('a customer whose merged-away card Olga served goes to Olga again', async () => {
		const account = randomUUID().slice(0, 8);
		const general = await router.groups.create({ name: `General ${account}`, line: 1, strategy: 'leastLoaded' });
		const olga = await router.operators.create({ name: 'Olga', login: `olga-${account}`, skills: [general.id], capacity: 3, status: 'online' });
		await router.operators.create({ name: 'Petr', login: `petr-${account}`, skills: [general.id], capacity: 3, status: 'online' });

		// On Viber the customer was served by Olga, then the conversation was closed.
		const onViber = await suite.store.conversations.logInbound(inbound('viber', `v-${account}`, { id: `vb-${account}` }, 'оператор'));
		const served = await router.route(onViber.conversation, { customerId: onViber.customer.id, group: general.name });
		expect(served).toMatchObject({ outcome: 'assigned', operator: { id: olga.id } });
		await router.release(onViber.conversation.id);
		// Both are free now and Petr has waited longest, so the group's own order would pick him.
		// The Telegram card, never routed, is the one kept.
		const onTelegram = await suite.store.conversations.logInbound(inbound('telegram', `t-${account}`, { id: `tg-${account}` }, 'hello'));
		expect(await mergeCustomers(suite.store.db, onTelegram.customer.id, onViber.customer.id)).toBe(onTelegram.customer.id);

		const again = await suite.store.conversations.logInbound(inbound('telegram', `t-${account}`, { id: `tg-${account}` }, 'оператор'));
		const routed = await router.route(again.conversation, { customerId: onTelegram.customer.id, group: general.name });

		expect(routed).toMatchObject({ outcome: 'assigned', operator: { id: olga.id } });
		expect(routed.outcome === 'assigned' && routed.entry.previousOperatorId).toBe(olga.id);
	});
});
