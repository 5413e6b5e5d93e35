import { runCampaign } from '../../../nodes/shared/notify';
import { BACKENDS, openWorld, settings, telegramDown, type World } from './world';

jest.setTimeout(60_000);

describe.each(BACKENDS)('a channel that fails for the moment, on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());


	test('an order notice that met a 502 waits for the next call with the same key, which sends it once', async () => {
		const anna = await world.onTelegram('Anna');
		const outage = telegramDown(world);
		const notice = { key: 'single:A-7-shipped', settings: settings(), recipients: [{ customerId: anna.customer.id, variables: { orderNumber: 'A-7' } }] };

		const first = await runCampaign(world.store, world.senders, notice);
		outage.recover();
		const retried = await runCampaign(world.store, world.senders, notice);
		const againLater = await runCampaign(world.store, world.senders, notice);

		expect(first.outcomes[0]).toMatchObject({ state: 'deferred', reason: 'passing_failure: telegram: server_error (Bad Gateway)' });
		expect(retried.outcomes[0]).toMatchObject({ state: 'sent', channel: 'telegram' });
		expect(againLater.outcomes[0]).toMatchObject({ state: 'sent' });
		expect(world.tg.sent(anna.chatId).map((m) => m.text)).toEqual(['Hello Anna, your order A-7 has shipped.']);
	});
});
