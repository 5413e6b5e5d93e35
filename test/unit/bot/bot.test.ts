import {
	clearIncidentBanner,
	importKnowledge,
	kbEntriesFrom,
	listKnowledge,
	PAYLOADS,
	setIncidentBanner,
} from '../../../nodes/shared/bot';
import { BACKENDS, storePerSuite } from '../customers/backends';
import { customer } from './world';

const payloads = (reply: { buttons: Array<{ payload: string }> }) => reply.buttons.map((b) => b.payload);

describe.each(BACKENDS)('the self-service bot on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);

	afterEach(() => clearIncidentBanner(suite.store.db));

	test.each([
		['en', 'Where is my order??', 'You asked: «Where is my order?»', 'https://example.com/orders'],
		['ru', 'где мой заказ', 'Вы спросили: «Где мой заказ?»', 'Статус заказа можно посмотреть'],
		['ru', 'gde moj zakaz', 'Вы спросили: «Где мой заказ?»', 'Статус заказа можно посмотреть'],
		['uk', 'Добрий день, коли буде розіграш?', 'Ви запитали: «Коли наступний розіграш?»', 'Розіграші відбуваються щосереди'],
		['fr', 'quel est mon solde', 'Vous avez demandé : «Quel est mon solde ?»', 'Votre solde s’affiche'],
	])('a known question in %s ("%s") is answered in that language, showing the question it matched', async (language, text, asked, answer) => {
		const anna = customer(suite.store, 'webchat');
		const turn = await anna.writes(text);

		expect(turn).toMatchObject({ outcome: 'answered', language, handoff: null });
		expect(turn.reply.text).toContain(asked);
		expect(turn.reply.text).toContain(answer);
		expect(payloads(turn.reply)).toEqual([PAYLOADS.notThis, PAYLOADS.person, PAYLOADS.menu]);
	});

	test('a question the knowledge base does not cover goes to a person as not understood', async () => {
		const anna = customer(suite.store, 'telegram');
		const hello = await anna.writes('hello');
		expect(hello).toMatchObject({ outcome: 'answered', intent: 'greeting' });

		const turn = await anna.writes('my app crashes every time I log in with my fingerprint');
		expect(turn).toMatchObject({ outcome: 'handoff', handoff: { reason: 'not_understood' } });
		expect(turn.reply.text).toContain('passing you to a person');
	});

	test('once handed to a person, the bot stays out of the conversation', async () => {
		const anna = customer(suite.store, 'telegram');
		await anna.writes('hello');
		await anna.presses(PAYLOADS.person);

		const later = await anna.writes('where is my order');
		expect(later).toMatchObject({
			outcome: 'handoff',
			handoff: { reason: 'asked_for_person', alreadyHandedOff: true },
			reply: { text: '', buttons: [] },
		});
	});

	/** The positions of the sample menu, one per level, and how a customer gets there. */
	const LEVELS: Array<[string, string[]]> = [
		['the top level', []],
		['"Orders"', ['1']],
		['"Balance and payouts"', ['2']],
		['"Withdraw winnings", three levels down', ['2', '2']],
	];

	describe.each(LEVELS)('at %s of the menu', (_level, steps) => {
		const walk = async (channel: 'telegram' | 'whatsapp' = 'telegram') => {
			const anna = customer(suite.store, channel);
			let turn = await anna.writes('привет');
			for (const n of steps) turn = await anna.writes(n);
			return { anna, turn };
		};

		test('the "talk to a person" button is offered and hands over', async () => {
			const { anna, turn } = await walk();
			expect(payloads(turn.reply)).toContain(PAYLOADS.person);
			expect(turn.reply.buttons.find((b) => b.payload === PAYLOADS.person)?.label).toBe('Связаться с оператором');

			const pressed = await anna.presses(PAYLOADS.person);
			expect(pressed).toMatchObject({ outcome: 'handoff', handoff: { reason: 'asked_for_person' } });
		});

		test.each(['оператора', 'operatr pls', 'живой челвек нужен', 'I want a humna', 'un opérateur svp'])(
			'typing "%s" hands over',
			async (typed) => {
				const { anna } = await walk();
				const turn = await anna.writes(typed);
				expect(turn).toMatchObject({ outcome: 'handoff', handoff: { reason: 'asked_for_person' } });
			},
		);
	});

	test('"operation" and "persons" in ordinary questions are not taken for a call for a person', async () => {
		const anna = customer(suite.store, 'webchat');
		await anna.writes('hello');
		const turn = await anna.writes('the payment operation failed');
		expect(turn.handoff?.reason).not.toBe('asked_for_person');
	});

	test.each([
		['fr', 'où est mon argent ?'],
		['fr', 'je veux retirer mon argent'],
		['en', 'update my personal details'],
		['en', 'my debit card was charged twice'],
	])('a %s money or account question ("%s") is neither a call for a person nor anger', async (_language, text) => {
		const anna = customer(suite.store, 'webchat');
		await anna.writes('hello');
		const turn = await anna.writes(text);
		expect(turn.handoff?.reason ?? 'none').not.toMatch(/asked_for_person|anger/);
	});

	test.each([
		['uk', 'можна поговорити з людиною?', 'людин+'],
		['ru', 'позовите, пожалуйста, сотрудника', 'позовите сотрудник+'],
		['uk', 'покличте співробітника', 'покличте співробітник+'],
		['en', 'connect me with someone who can help', 'connect me with someone'],
		['fr', 'mettez-moi en relation avec quelqu’un', 'mettez-moi en relation'],
	])('in %s, "%s" hands over at once, saying what was recognised', async (_language, text, detail) => {
		const anna = customer(suite.store, 'telegram');
		const turn = await anna.writes(text);
		expect(turn).toMatchObject({ outcome: 'handoff', handoff: { reason: 'asked_for_person', detail } });
	});

	test('a customer who asks for a person is routed by what they asked before, or by what they say with the request', async () => {
		const anna = customer(suite.store, 'telegram');
		await anna.writes('hello');
		await anna.writes('my parcel has not arrived, where is my order 4512');
		await anna.writes('1');
		const bare = await anna.writes('operator please');
		expect(bare.handoff).toMatchObject({ reason: 'asked_for_person', subject: 'my parcel has not arrived, where is my order 4512' });

		const boris = customer(suite.store, 'viber');
		const pressed = await boris.presses(PAYLOADS.person);
		expect(pressed.handoff).toMatchObject({ reason: 'asked_for_person', subject: 'Talk to a person' });

		const olena = customer(suite.store, 'telegram');
		const said = await olena.writes('покличте оператора, не можу увійти в акаунт');
		expect(said.handoff).toMatchObject({ reason: 'asked_for_person', subject: 'покличте оператора, не можу увійти в акаунт' });
	});

	test('an exasperated message with "!!!" and no insult goes to a person', async () => {
		const anna = customer(suite.store, 'telegram');
		await anna.writes('привіт');
		const turn = await anna.writes('скільки можна чекати на замовлення!!!');
		expect(turn).toMatchObject({ outcome: 'handoff', handoff: { reason: 'anger', signs: ['word:чекаю', '“!!!”'] } });
	});

	test('Ukrainian typed without і, ї, є, ґ is answered in Ukrainian', async () => {
		const anna = customer(suite.store, 'webchat');
		const turn = await anna.writes('Добрий день, коли буде розиграш?');
		expect(turn).toMatchObject({ outcome: 'answered', language: 'uk' });
		expect(turn.reply.text).toContain('Розіграші відбуваються щосереди');
	});

	test('a word or two does not switch the conversation’s language: "баланс?" after Ukrainian is answered in Ukrainian', async () => {
		const olena = customer(suite.store, 'telegram');
		expect(await olena.writes('Добрий день, коли буде розиграш?')).toMatchObject({ language: 'uk' });
		const turn = await olena.writes('баланс?');
		expect(turn).toMatchObject({ outcome: 'answered', language: 'uk' });
		expect(turn.reply.text).toContain('Баланс показано на першому екрані');

		const john = customer(suite.store, 'webchat');
		expect(await john.writes('Where is my order?')).toMatchObject({ language: 'en' });
		expect(await john.writes('current balance')).toMatchObject({ outcome: 'answered', language: 'en' });
	});

	test('menu choices tag the conversation, lead down three levels, and 0 goes back up', async () => {
		const anna = customer(suite.store, 'telegram');
		const top = await anna.writes('Здравствуйте');
		expect(top.reply.text).toContain('Выберите тему:');
		expect(top.reply.buttons.map((b) => b.label)).toEqual([
			'Заказы',
			'Баланс и выплаты',
			'Розыгрыши и результаты',
			'Доставка и возврат',
			'Другой вопрос',
			'Связаться с оператором',
		]);

		const payments = await anna.presses('menu:2');
		expect(payments).toMatchObject({ intent: 'menu:2', tags: ['payments'] });
		const withdraw = await anna.writes('2');
		expect(withdraw).toMatchObject({ intent: 'menu:2.2', tags: ['payout'] });
		expect(payloads(withdraw.reply)).toEqual(['menu:2.2.1', 'menu:2.2.2', PAYLOADS.back, PAYLOADS.person]);
		const card = await anna.writes('1');
		expect(card).toMatchObject({ outcome: 'answered', intent: 'menu:2.2.1', tags: ['payout-card'] });
		expect(card.reply.text).toContain('Кабинет → Вывод → Карта');

		const up = await anna.writes('0');
		expect(up.intent).toBe('menu:2');
		const typedLabel = await anna.writes('мой баланс');
		expect(typedLabel).toMatchObject({ intent: 'menu:2.1', tags: ['balance'] });

		expect(await suite.store.conversations.tags(anna.conversationId)).toEqual(['balance', 'payments', 'payout', 'payout-card']);
	});

	test('a menu option that needs a person hands over as a menu choice, with its tags', async () => {
		const anna = customer(suite.store, 'webchat');
		await anna.writes('hi');
		await anna.writes('1');
		const turn = await anna.presses('menu:1.2');
		expect(turn).toMatchObject({
			outcome: 'handoff',
			handoff: { reason: 'menu_choice', detail: 'Change or cancel an order' },
			tags: ['order-change'],
		});
		expect(await suite.store.conversations.tags(anna.conversationId)).toEqual(['order-change', 'orders']);
	});

	test('a new conversation is greeted with the current incident, and no incident once it is cleared', async () => {
		await setIncidentBanner(suite.store.db, {
			text: { en: 'card payments fail', uk: 'не проходять оплати карткою' },
			expectedFix: '18:00',
		});
		const during = await customer(suite.store, 'telegram').writes('Добрий день, де моє замовлення?');
		expect(during.reply.text).toContain('Вітаю! Я бот підтримки');
		expect(during.reply.text).toContain('⚠️ Відома проблема: не проходять оплати карткою Очікуваний час вирішення: 18:00.');
		expect(during.reply.text).toContain('Статус замовлення');

		const english = await customer(suite.store, 'webchat').writes('hello');
		expect(english.reply.text).toContain('⚠️ Known issue: card payments fail Expected fix: 18:00.');

		await clearIncidentBanner(suite.store.db);
		const after = await customer(suite.store, 'telegram').writes('Добрий день, де моє замовлення?');
		expect(after.reply.text).toContain('Вітаю!');
		expect(after.reply.text).not.toContain('⚠️');
	});

	test('only the first message of a conversation is greeted', async () => {
		const anna = customer(suite.store, 'webchat');
		expect((await anna.writes('hello')).reply.text).toContain('Hello! I am the support bot');
		expect((await anna.writes('what is my balance')).reply.text).not.toContain('Hello!');
	});

	test('two failed answers in a row hand the customer to a person', async () => {
		const anna = customer(suite.store, 'webchat');
		await anna.writes('hello');
		const answered = await anna.writes('where is my refund');
		expect(answered.outcome).toBe('answered');

		const first = await anna.presses(PAYLOADS.notThis);
		expect(first).toMatchObject({ outcome: 'answered', handoff: null });
		expect(first.reply.text).toContain('Sorry, I did not understand');

		const second = await anna.writes('whre is my oder');
		expect(second).toMatchObject({ outcome: 'handoff', handoff: { reason: 'repeated_failures' } });
	});

	test('an unsure match offers the closest questions, and pressing one answers it', async () => {
		const anna = customer(suite.store, 'webchat', { settings: { maxFailures: 3 } });
		await anna.writes('hello');
		const unsure = await anna.writes('whre is my oder');
		expect(unsure.outcome).toBe('answered');
		expect(unsure.reply.text).toContain('Did you mean');
		expect(unsure.reply.text).toContain('• Where is my order?');
		expect(payloads(unsure.reply)).toContain('kb:order_status:en');

		const picked = await anna.presses('kb:order_status:en');
		expect(picked).toMatchObject({ outcome: 'answered', intent: 'order_status' });
	});

	test.each([
		['Вы идиоты, третий день жду заказ', 'ru'],
		['WHERE IS MY MONEY, THIS IS UNACCEPTABLE', 'en'],
		['C’est une arnaque !!!', 'fr'],
	])('an angry message ("%s") goes straight to a person', async (text) => {
		const anna = customer(suite.store, 'telegram');
		await anna.writes('hello');
		const turn = await anna.writes(text);
		expect(turn).toMatchObject({ outcome: 'handoff', handoff: { reason: 'anger' } });
		expect(turn.handoff?.signs?.length).toBeGreaterThan(0);
	});

	test('knowledge-base text with markup or a spreadsheet formula is stored and answered as the same plain text', async () => {
		const script = 'Open <script>alert("x")</script> <b>settings</b> & choose "Cards".';
		const formula = '=HYPERLINK("http://x","click")';
		await importKnowledge(
			suite.store.db,
			kbEntriesFrom([
				{ intent: 'cards', language: 'en', question: 'How do I add a card?', answer: script },
				{ intent: 'link', language: 'en', question: '+cmd @SUM where is the link', answer: formula, tags: '@SUM(1)' },
			]),
			true,
		);
		expect((await listKnowledge(suite.store.db)).map((e) => e.answer)).toEqual([script, formula]);

		// One phrasing an entry leaves nothing to hold out and calibrate on: ops staff set the cut.
		const anna = customer(suite.store, 'webchat', { kb: { kind: 'store' }, settings: { cut: 0.3 } });
		await anna.writes('hello');
		const cards = await anna.writes('how do i add a card');
		expect(cards.reply.text).toBe(`You asked: «How do I add a card?»\n\n${script}`);
		const link = await anna.writes('+cmd @SUM where is the link');
		expect(link.reply.text).toBe(`You asked: «+cmd @SUM where is the link»\n\n${formula}`);
		expect(link.tags).toEqual(['@sum(1)']);
	});

	test('re-importing with replace updates entries in place and drops the ones no longer in the sheet', async () => {
		const rows = [
			{ intent: 'hours', language: 'en', question: 'opening hours', answer: '9 to 6' },
			{ intent: 'hours', language: 'ru', question: 'часы работы', answer: 'с 9 до 18' },
		];
		await importKnowledge(suite.store.db, kbEntriesFrom(rows), true);
		const result = await importKnowledge(suite.store.db, kbEntriesFrom([{ ...rows[0], answer: '9 to 7' }]), true);
		expect(result).toEqual({ stored: 1, removed: 1 });
		expect(await listKnowledge(suite.store.db)).toEqual([
			{ key: 'hours:en', intent: 'hours', language: 'en', questions: ['opening hours'], answer: '9 to 7', tags: [] },
		]);

		const anna = customer(suite.store, 'webchat', { kb: { kind: 'store' }, settings: { cut: 0.3 } });
		await anna.writes('hello');
		expect((await anna.writes('opening hours')).reply.text).toContain('9 to 7');
	});

	test('on e-mail, which has no buttons, the menu is numbered text with the way out written down', async () => {
		const anna = customer(suite.store, 'email');
		const turn = await anna.writes('Hello');
		expect(turn.reply.buttons).toEqual([]);
		expect(turn.reply.text).toContain('1. Orders\n2. Balance and payouts');
		expect(turn.reply.text).toContain('Reply with a number; 0 goes back.');
		expect(turn.reply.text).toContain('Write “operator” at any time to talk to a person.');
		expect((await anna.writes('3')).reply.text).toContain('every Wednesday and Saturday');
	});

	test('on WhatsApp a menu longer than three buttons is also written out, so the number can be typed', async () => {
		const anna = customer(suite.store, 'whatsapp');
		const top = await anna.writes('Bonjour');
		expect(top.reply.buttons).toHaveLength(6);
		expect(top.reply.text).toContain('1. Commandes');
		const orders = await anna.writes('1');
		expect(orders.reply.buttons.map((b) => b.label)).toEqual([
			'Où est ma commande',
			'Modifier ou annuler une commande',
			'Retour',
			'Parler à un conseiller',
		]);
	});
});
