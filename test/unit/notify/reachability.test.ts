import { normaliseUpdate } from '../../../nodes/shared/channels/telegram';
import { ViberClient } from '../../../nodes/shared/channels/viber/client';
import { handleViberWebhook } from '../../../nodes/shared/channels/viber/inbound';
import { createViberSender } from '../../../nodes/shared/channels/viber/outbound';
import { parseInbound } from '../../../nodes/shared/envelope';
import { runCampaign } from '../../../nodes/shared/notify';
import { replyToConversation } from '../../../nodes/shared/outbox/reply';
import { startFakeViber, type FakeViber } from '../../fakes/viber/server';
import { startVerdictReceiver, type VerdictReceiver } from '../channels/verdictReceiver';
import { BACKENDS, openWorld, settings, subscribe, type World } from './world';

jest.setTimeout(60_000);

const order = (customerId: number, orderNumber: string) => ({ customerId, variables: { orderNumber } });

describe.each(BACKENDS)('a refused send is not a refusal for ever, on %s', (_name, open) => {
	let world: World;
	beforeEach(async () => {
		world = await openWorld(open);
	});
	afterEach(() => world.dispose());

	const telegramIdentity = async (customerId: number) => (await world.store.customers.identities(customerId)).find((i) => i.channel === 'telegram')!;
	const membership = async (update: ReturnType<World['tg']['updates']['unblocked']>) => {
		for (const event of normaliseUpdate(update, { botId: String(world.tg.botId), raw: update, now: () => new Date() }).events) await world.store.consent.record(event);
	};

	test('a customer who blocked the Telegram bot and unblocks it gets the next order notice there', async () => {
		const boris = await world.onTelegram('Boris');
		world.tg.block(boris.chatId);
		const whileBlocked = await runCampaign(world.store, world.senders, { key: 'order-B-1', settings: settings(), recipients: [order(boris.customer.id, 'B-1')] });
		expect(whileBlocked.outcomes[0]).toMatchObject({ state: 'failed', reason: expect.stringContaining('telegram: blocked') });

		await membership(world.tg.updates.unblocked({ id: boris.chatId, is_bot: false, first_name: 'Boris' }));
		const next = await runCampaign(world.store, world.senders, { key: 'order-B-2', settings: settings(), recipients: [order(boris.customer.id, 'B-2')] });

		expect(next.outcomes[0]).toMatchObject({ state: 'sent', channel: 'telegram' });
		expect(world.tg.sent(boris.chatId).map((m) => m.text)).toEqual(['Hello Boris, your order B-2 has shipped.']);
	});

	test('a customer whose block a send discovered writes again: the operator’s answer and the next notice are tried', async () => {
		const boris = await world.onTelegram('Boris');
		world.tg.block(boris.chatId);
		await runCampaign(world.store, world.senders, { key: 'order-B-1', settings: settings(), recipients: [order(boris.customer.id, 'B-1')] });
		expect(await telegramIdentity(boris.customer.id)).toMatchObject({ status: 'blocked' });

		// He unblocks; the my_chat_member update saying so never reaches us (a webhook that does not
		// ask for it), but Telegram takes no message from a chat that blocks the bot: his message is proof.
		world.tg.updates.unblocked({ id: boris.chatId, is_bot: false, first_name: 'Boris' });
		const again = await world.store.conversations.logInbound(
			parseInbound({ channel: 'telegram', account: String(world.tg.botId), externalId: 'b-2', conversationKey: String(boris.chatId), sender: { id: String(boris.chatId), name: 'Boris' }, text: 'Where is my order?', receivedAt: new Date().toISOString(), raw: {} }),
		);
		const answer = await replyToConversation(world.store, world.senders, again.conversation.id, { text: 'It left the warehouse today.', author: 'operator:1' });
		const next = await runCampaign(world.store, world.senders, { key: 'order-B-2', settings: settings(), recipients: [order(boris.customer.id, 'B-2')] });

		expect(answer.status).toBe('sent');
		expect(next.outcomes[0]).toMatchObject({ state: 'sent', channel: 'telegram' });
		expect(await telegramIdentity(boris.customer.id)).toMatchObject({ status: 'active', statusReason: null });
	});

	test('unblocking the bot lets order notices through but is no opt-in to promotions; an opt-in given before survives a block', async () => {
		const [boris, clara] = [await world.onTelegram('Boris'), await world.onTelegram('Clara')];
		await subscribe(world.store, clara.customer.id);
		for (const { chatId, customer } of [boris, clara]) {
			const user = { id: chatId, is_bot: false, first_name: customer.name ?? '' };
			await membership(world.tg.updates.blocked(user));
			await membership(world.tg.updates.unblocked(user));
		}

		const promo = await runCampaign(world.store, world.senders, {
			key: 'promo-1',
			settings: settings({ kind: 'promotional', texts: { en: 'Sale!' } }),
			recipients: [{ customerId: boris.customer.id }, { customerId: clara.customer.id }],
		});
		const notice = await runCampaign(world.store, world.senders, { key: 'order-B-3', settings: settings(), recipients: [order(boris.customer.id, 'B-3')] });

		expect(promo.outcomes.map((o) => [o.state, o.reason])).toEqual([
			['skipped', expect.stringContaining('telegram: no_opt_in')],
			['sent', null],
		]);
		expect(notice.outcomes[0]).toMatchObject({ state: 'sent', channel: 'telegram' });
	});

	describe('on Viber', () => {
		let viber: FakeViber;
		let receiver: VerdictReceiver;
		beforeEach(async () => {
			viber = await startFakeViber();
			receiver = await startVerdictReceiver((req) => handleViberWebhook(req, { authToken: viber.authToken, account: viber.accountId }));
			await new ViberClient(viber.authToken, viber.baseUrl).setWebhook({ url: receiver.url });
			const sender = createViberSender({ attempts: 2, baseDelayMs: 5, maxDelayMs: 50 });
			world.senders.viber = (m, c) => sender.send({ authToken: viber.authToken, senderName: 'Acme', baseUrl: viber.baseUrl }, m, c);
		});
		afterEach(async () => {
			await receiver.close();
			await viber.close();
		});

		test('our bot account being blocked (publicAccountBlocked) for an outage notice fails the notice but marks no customer as having blocked us', async () => {
			const users = [viber.callbacks.customer({ name: 'Ivan' }), viber.callbacks.customer({ name: 'Olga' })];
			const cards = [];
			for (const user of users) {
				viber.callbacks.text(user, 'hi');
				cards.push(
					await world.store.conversations.logInbound(
						parseInbound({ channel: 'viber', account: viber.accountId, externalId: `hi-${user.id}`, conversationKey: user.id, sender: { id: user.id, name: user.name }, text: 'hi', receivedAt: new Date().toISOString(), raw: {} }),
					),
				);
			}
			viber.blockAccount();

			const outage = await runCampaign(world.store, world.senders, { key: 'outage-1', settings: settings({ fallbackOrder: ['viber'] }), recipients: cards.map((c, i) => order(c.customer.id, `V-${i}`)) });

			expect(outage.outcomes.map((o) => o.reason)).toEqual(['viber: account_blocked (publicAccountBlocked)', 'viber: account_blocked (publicAccountBlocked)']);
			const statuses = await world.store.db.query("SELECT status FROM identities WHERE channel = 'viber'");
			expect(statuses.map((r) => r.status)).toEqual(['active', 'active']);
		});
	});
});
