import { randomUUID } from 'node:crypto';

import {
	correctCard,
	createLinkCode,
	loadCard,
	lookUpCard,
	mergeCustomers,
	noteWrittenLanguage,
	redeemLinkCode,
} from '../../../nodes/shared/customers';
import type { OutboundMessage } from '../../../nodes/shared/envelope';
import { replyToConversation } from '../../../nodes/shared/outbox/reply';
import { backdate, BACKENDS, daysAgo, inbound, minutesLater, storePerSuite } from './backends';

describe.each(BACKENDS)('one customer across channels on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let account: string;
	let phone: string;

	beforeEach(() => {
		account = randomUUID();
		// A number of its own per test: verified phones link across accounts, as they should.
		phone = `7916${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
	});

	test('the card takes the language a customer writes in over their app’s, and keeps the one an operator set', async () => {
		const anna = await suite.store.conversations.logInbound(inbound('telegram', `bot-${account}`, { id: `tg-${account}`, language: 'en' }, 'Коли буде розіграш?'));
		await noteWrittenLanguage(suite.store.db, anna.customer.id, 'uk');
		expect((await loadCard(suite.store.db, anna.customer.id)).language).toBe('uk');

		await correctCard(suite.store.db, anna.customer.id, { language: 'ru' });
		await noteWrittenLanguage(suite.store.db, anna.customer.id, 'uk');
		expect((await loadCard(suite.store.db, anna.customer.id)).language).toBe('ru');
	});

	test('after Anna’s home and work addresses are one card, the answer to her work mail goes to her work address', async () => {
		const mailbox = `support-${account}@acme.test`;
		const home = await suite.store.conversations.logInbound(inbound('email', mailbox, { id: `anna.home-${account}@example.net`, email: `anna.home-${account}@example.net` }, 'Where is my order?'));
		const work = await suite.store.conversations.logInbound(inbound('email', mailbox, { id: `anna-${account}@work.example`, email: `anna-${account}@work.example` }, 'Invoice for my company, please'));
		await mergeCustomers(suite.store.db, home.customer.id, work.customer.id);
		const sent: OutboundMessage[] = [];
		const senders = { email: async (message: OutboundMessage) => (sent.push(message), { ok: true as const, externalIds: [`<a-${sent.length}@acme.test>`] }) };

		await replyToConversation(suite.store, senders, work.conversation.id, { text: 'The invoice is attached.', author: 'operator:1' });
		await replyToConversation(suite.store, senders, home.conversation.id, { text: 'It ships today.', author: 'operator:1' });

		expect(sent.map((m) => m.to)).toEqual([`anna-${account}@work.example`, `anna.home-${account}@example.net`]);
	});

	test('a customer who wrote on Telegram yesterday and writes on WhatsApp today with the same phone has one card', async () => {
		// Yesterday: shared their number with the Telegram bot ("share my phone"), then asked about an order.
		const telegram = { id: `tg-${account}`, name: 'Oksana', phone: `+${phone.slice(0, 1)} ${phone.slice(1, 4)} ${phone.slice(4)}` };
		const yesterday = await suite.store.conversations.logInbound(inbound('telegram', `bot-${account}`, telegram, 'Where is my order 5531?'));
		await lookUpCard(suite.store.db, { by: 'message', message: inbound('telegram', `bot-${account}`, telegram) });
		const yesterdayAt = daysAgo(1);
		await backdate(suite.store.db, yesterday.conversation.id, yesterdayAt);

		const whatsapp = inbound('whatsapp', `wa-${account}`, { id: phone, name: 'Oksana K' }, 'Any news about 5531?');
		const today = await suite.store.conversations.logInbound(whatsapp);
		expect(today.customerCreated).toBe(true);
		const { card, mergedIds } = await lookUpCard(suite.store.db, { by: 'message', message: whatsapp });

		expect(card?.id).toBe(yesterday.customer.id);
		expect(mergedIds).toEqual([today.customer.id]);
		expect(card?.identities.map((i) => [i.channel, i.verifiedPhone])).toEqual([
			['telegram', phone],
			['whatsapp', phone],
		]);
		expect(card?.totalConversations).toBe(2);
		expect(card?.openConversations.map((c) => c.channel)).toEqual(['telegram', 'whatsapp']);
		expect(card?.lastContacts.telegram).toBe(yesterdayAt.toISOString());
		expect(card?.lastContacts.whatsapp).toBe((await suite.store.messages.list(today.conversation.id))[0].createdAt);
		const history = [
			...(await suite.store.messages.list(yesterday.conversation.id)),
			...(await suite.store.messages.list(today.conversation.id)),
		].map((m) => m.text);
		expect(history).toEqual(['Where is my order 5531?', 'Any news about 5531?']);

		// The next WhatsApp message lands on the same card without another merge.
		const next = await suite.store.conversations.logInbound(inbound('whatsapp', `wa-${account}`, { id: phone }, 'Thanks'));
		expect(next.customer.id).toBe(yesterday.customer.id);
	});

	test('a message Log Conversation just logged is looked up as the customer it was logged under', async () => {
		const message = inbound('viber', `vb-${account}`, { id: `vb-${account}`, name: 'Ivan' }, 'Where is my order?');
		const logged = await suite.store.conversations.logInbound(message);
		const seenAt = await suite.store.db.query('SELECT last_seen_at FROM identities WHERE customer_id = ?', [logged.customer.id]);

		const { card, mergedIds } = await lookUpCard(suite.store.db, { by: 'message', message, loggedAs: logged.customer.id });

		expect(card?.id).toBe(logged.customer.id);
		expect(card?.openConversations.map((c) => c.id)).toEqual([logged.conversation.id]);
		expect(mergedIds).toEqual([]);
		// Logging registered the sender: looking up did not do it again.
		expect(await suite.store.db.query('SELECT last_seen_at FROM identities WHERE customer_id = ?', [logged.customer.id])).toEqual(seenAt);
	});

	test('a logged WhatsApp message still joins the card its verified phone belongs to', async () => {
		const telegram = { id: `tg-${account}`, name: 'Oksana', phone: `+${phone}` };
		const telegramMessage = inbound('telegram', `bot-${account}`, telegram);
		const first = await suite.store.conversations.logInbound(telegramMessage);
		// Telegram vouches for the phone the customer shared: the lookup records it.
		await lookUpCard(suite.store.db, { by: 'message', message: telegramMessage, loggedAs: first.customer.id });
		const whatsapp = inbound('whatsapp', `wa-${account}`, { id: phone, name: 'Oksana K' });
		const logged = await suite.store.conversations.logInbound(whatsapp);

		const { card, mergedIds } = await lookUpCard(suite.store.db, { by: 'message', message: whatsapp, loggedAs: logged.customer.id });

		expect(card?.id).toBe(first.customer.id);
		expect(mergedIds).toEqual([logged.customer.id]);
	});

	test('a phone typed into the web chat form does not link to the WhatsApp card', async () => {
		const whatsapp = inbound('whatsapp', `wa-${account}`, { id: phone });
		const owner = await lookUpCard(suite.store.db, { by: 'message', message: whatsapp });
		const typed = inbound('webchat', `site-${account}`, { id: randomUUID(), name: 'Someone', phone: `+${phone}` });
		const stranger = await lookUpCard(suite.store.db, { by: 'message', message: typed });
		expect(stranger.card?.id).not.toBe(owner.card?.id);
		expect(stranger.card).toMatchObject({ phone: `+${phone}`, identities: [{ channel: 'webchat', verifiedPhone: null }] });
		expect(stranger.mergedIds).toEqual([]);
	});

	test('a link code sent on Telegram and typed in the web chat joins the two channels once', async () => {
		const telegram = inbound('telegram', `bot-${account}`, { id: `tg-${account}`, name: 'Pierre' }, 'Bonjour');
		const onTelegram = await suite.store.conversations.logInbound(telegram);
		const at = new Date();
		const { code, expiresAt } = await createLinkCode(suite.store.db, onTelegram.customer.id, { at });
		expect(code).toMatch(/^\d{9}$/);
		expect(expiresAt).toBe(minutesLater(15, at).toISOString());

		const visitor = { id: `web-${account}`, name: 'Pierre D.', email: 'pierre@example.fr' };
		const onWeb = await suite.store.conversations.logInbound(inbound('webchat', `site-${account}`, visitor, 'Salut'));
		const typed = `mon code: ${code.slice(0, 3)} ${code.slice(3)}`;
		const redeemed = await redeemLinkCode(suite.store.db, typed, inbound('webchat', `site-${account}`, visitor, typed), minutesLater(5, at));
		expect(redeemed).toEqual({ linked: true, customerId: onTelegram.customer.id, mergedId: onWeb.customer.id });

		const card = await loadCard(suite.store.db, onWeb.customer.id);
		expect(card).toMatchObject({ id: onTelegram.customer.id, name: 'Pierre', email: 'pierre@example.fr', totalConversations: 2 });
		expect(card.identities.map((i) => i.channel)).toEqual(['telegram', 'webchat']);
		expect(await redeemLinkCode(suite.store.db, code, inbound('webchat', `site-${account}`, visitor, code), minutesLater(6, at))).toEqual({
			linked: false,
			reason: 'unknown or expired code',
			attemptsLeft: 4,
		});
	});

	test('a link code typed after 15 minutes links nothing', async () => {
		const { customer } = await suite.store.conversations.logInbound(inbound('telegram', `bot-${account}`, { id: `tg-${account}` }));
		const at = new Date();
		const { code } = await createLinkCode(suite.store.db, customer.id, { at });
		const late = await redeemLinkCode(suite.store.db, code, inbound('viber', `v-${account}`, { id: `vb-${account}` }, code), minutesLater(16, at));
		expect(late).toEqual({ linked: false, reason: 'unknown or expired code', attemptsLeft: 4 });
		expect(await redeemLinkCode(suite.store.db, 'hello', inbound('viber', `v-${account}`, { id: `vb-${account}` }))).toEqual({
			linked: false,
			reason: 'no code in the text',
		});
		expect(await suite.store.customers.identities(customer.id)).toHaveLength(1);
	});

	test('merging two cards keeps every conversation, message, tag, field and correction', async () => {
		const a = await suite.store.conversations.logInbound(
			inbound('telegram', `bot-${account}`, { id: `tg-${account}`, name: 'Taras', fields: { order: 'T-1' } }, 'перше'),
		);
		await suite.store.conversations.addTags(a.conversation.id, ['delivery']);
		const b = await suite.store.conversations.logInbound(
			inbound('viber', `v-${account}`, { id: `vb-${account}`, name: 'Тарас Шевчук', email: 'taras@example.ua', fields: { order: 'T-2', city: 'Lviv' } }, 'друге'),
		);
		await suite.store.conversations.addTags(b.conversation.id, ['refund']);
		await correctCard(suite.store.db, b.customer.id, { name: 'Taras Shevchenko', vipTier: 1 });

		const kept = await mergeCustomers(suite.store.db, a.customer.id, b.customer.id);
		expect(kept).toBe(a.customer.id);
		const card = await loadCard(suite.store.db, b.customer.id);
		expect(card).toMatchObject({
			id: a.customer.id,
			name: 'Taras Shevchenko',
			email: 'taras@example.ua',
			vipTier: 1,
			fields: { order: 'T-1', city: 'Lviv' },
			totalConversations: 2,
		});
		expect(card.corrected.sort()).toEqual(['name', 'vipTier']);
		expect(card.identities.map((i) => i.channel)).toEqual(['telegram', 'viber']);
		expect((await suite.store.conversations.get(b.conversation.id))?.customerId).toBe(a.customer.id);
		expect((await suite.store.messages.list(b.conversation.id)).map((m) => m.text)).toEqual(['друге']);
		expect(await suite.store.conversations.tags(b.conversation.id)).toEqual(['refund']);
		expect((await suite.store.customers.findByIdentity('viber', `v-${account}`, `vb-${account}`))?.id).toBe(a.customer.id);

		// The Viber customer writes again: their message joins the kept card.
		const again = await suite.store.conversations.logInbound(inbound('viber', `v-${account}`, { id: `vb-${account}` }, 'третє'));
		expect(again.customer.id).toBe(a.customer.id);
		expect(await mergeCustomers(suite.store.db, b.customer.id, a.customer.id)).toBe(a.customer.id);
	});

	test("an operator's correction survives the customer's next message and form", async () => {
		const form = { id: `web-${account}`, name: 'anna', email: 'wrong@example.com', fields: { order: '42' } };
		const first = await suite.store.conversations.logInbound(inbound('webchat', `site-${account}`, form));
		await correctCard(suite.store.db, first.customer.id, { name: 'Anna Kowalska', email: '', fields: { order: '420' } });

		const next = await suite.store.conversations.logInbound(
			inbound('webchat', `site-${account}`, { ...form, phone: '+48 600 100 200', fields: { order: '42', city: 'Kraków' } }),
		);
		expect(next.customer).toMatchObject({
			name: 'Anna Kowalska',
			email: null,
			phone: '+48 600 100 200',
			fields: { order: '420', city: 'Kraków' },
		});
	});
});
