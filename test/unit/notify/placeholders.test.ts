import { runCampaign } from '../../../nodes/shared/notify';
import { openWorld, settings, type World } from './world';

jest.setTimeout(30_000);

describe('a notice to a customer whose card lacks a field its text names', () => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld();
	});
	afterEach(() => world.dispose());

	test('the default written after | stands in for the name, while a field with no default still holds the notice back', async () => {
		const nameless = await world.onTelegram('');
		const withDefault = settings({ texts: { en: 'Hello {{name|there}}, your order {{ orderNumber | }} has shipped{{ eta | }}.' } });

		const sent = await runCampaign(world.store, world.senders, { key: 'order-N-1', settings: withDefault, recipients: [{ customerId: nameless.customer.id, variables: { orderNumber: 'N-1' } }] });
		const held = await runCampaign(world.store, world.senders, { key: 'order-N-2', settings: settings(), recipients: [{ customerId: nameless.customer.id, variables: { orderNumber: 'N-2' } }] });

		expect(sent.outcomes[0]).toMatchObject({ state: 'sent' });
		expect(world.tg.sent(nameless.chatId).map((m) => m.text)).toEqual(['Hello there, your order N-1 has shipped.']);
		expect(held.outcomes[0]).toMatchObject({ state: 'skipped', reason: expect.stringContaining('missing_variable') });
	});
});
