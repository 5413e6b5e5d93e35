import { parseOutbound, type OutboundMessageInput } from '../../../../nodes/shared/envelope';
import { createVkSender } from '../../../../nodes/shared/channels/vk/outbound';
import { randomIdOf } from '../../../../nodes/shared/channels/vk/randomId';
import type { VkUser } from '../../../fakes/vk/state';
import { startFakeVk, type FakeVk } from '../../../fakes/vk/server';

/** Short backoff; error 6 still waits the second it names, which fits under maxDelayMs. */
const sender = createVkSender({ attempts: 3, baseDelayMs: 5, maxDelayMs: 1500 });

describe('the community replies to a VK customer', () => {
	let vk: FakeVk;
	let anna: VkUser;

	beforeEach(async () => {
		vk = await startFakeVk();
		anna = vk.events.customer();
		vk.events.text(anna, 'Здравствуйте'); // she wrote first, so the community may answer
	});

	afterEach(() => vk.close());

	const send = (message: Omit<OutboundMessageInput, 'channel' | 'to'>, token = vk.token) =>
		sender.send({ accessToken: token, baseUrl: vk.baseUrl }, parseOutbound({ channel: 'vk', to: String(anna.id), ...message }));

	it('delivers a short text as one message, with the random_id derived from the idempotency key', async () => {
		const result = await send({ text: 'Заказ отправим завтра.', idempotencyKey: 'reply-81' });

		const sent = vk.sent(anna);
		expect(sent).toEqual([expect.objectContaining({ text: 'Заказ отправим завтра.', randomId: randomIdOf('reply-81', 0) })]);
		expect(vk.calls[0].params).toMatchObject({ v: '5.199', peer_id: String(anna.id) });
		expect(result).toEqual({ ok: true, externalIds: [String(sent[0].id)] });
	});

	it('does not send twice when the same logical message is sent again after a lost answer', async () => {
		const message = { text: 'Возврат оформлен. '.repeat(600), idempotencyKey: 'refund-42' };

		const first = await send(message);
		const again = await send(message);

		expect(vk.callsTo('messages.send')).toHaveLength(4);
		expect(vk.sent(anna)).toHaveLength(2);
		expect(again).toEqual(first);
	});

	it('splits a long reply into parts of at most 9000 characters, in order, with the keyboard on the last part only', async () => {
		const text = Array.from({ length: 600 }, (_, i) => `Пункт ${i} условий возврата действует.`).join(' ');

		const result = await send({ text, buttons: [{ label: 'Позвать оператора', payload: 'handoff' }, { label: 'Спасибо', payload: 'close' }] });

		const sent = vk.sent(anna);
		expect(sent.length).toBeGreaterThanOrEqual(3);
		expect(sent.every((m) => m.text.length <= 9000)).toBe(true);
		expect(sent.map((m) => m.text).join(' ')).toBe(text);
		expect(new Set(sent.map((m) => m.randomId)).size).toBe(sent.length);
		expect(sent.map((m) => m.keyboard)).toEqual([
			...sent.slice(1).map(() => undefined),
			{
				inline: true,
				buttons: [
					[{ action: { type: 'text', label: 'Позвать оператора', payload: '{"cc":"handoff"}' } }],
					[{ action: { type: 'text', label: 'Спасибо', payload: '{"cc":"close"}' } }],
				],
			},
		]);
		expect(result).toEqual({ ok: true, externalIds: sent.map((m) => String(m.id)) });
	});

	it('sends files given by URL as links in the text, and media already on VK as attachments', async () => {
		await send({
			text: 'Документы по заказу',
			attachments: [
				{ type: 'file', url: 'https://shop.example/contract.pdf', name: 'Договор' },
				{ type: 'image', url: 'https://shop.example/label.png' },
				{ type: 'image', fileId: 'photo-218765432_457239017' },
			],
		});

		expect(vk.sent(anna)).toEqual([
			expect.objectContaining({
				text: 'Документы по заказу\n\nДоговор: https://shop.example/contract.pdf\n\nhttps://shop.example/label.png',
				attachment: 'photo-218765432_457239017',
			}),
		]);
	});

	it('waits out "too many requests per second" (6) and delivers the message once', async () => {
		vk.tooManyPerSecond(1);

		const result = await send({ text: 'Спасибо за ожидание' });

		expect(vk.callsTo('messages.send').map((c) => c.errorCode)).toEqual([6, 0]);
		expect(vk.sent(anna).map((m) => m.text)).toEqual(['Спасибо за ожидание']);
		expect(result.ok).toBe(true);
	});

	it('backs off on flood control (9) and delivers the message once', async () => {
		vk.flood(2);

		const result = await send({ text: 'Ответ оператора' });

		expect(vk.callsTo('messages.send').map((c) => c.errorCode)).toEqual([9, 9, 0]);
		expect(vk.sent(anna)).toHaveLength(1);
		expect(result.ok).toBe(true);
	});

	it('stays under VK’s 20 requests a second on its own, however many replies go out at once', async () => {
		const results = await Promise.all(Array.from({ length: 30 }, (_, i) => send({ text: `Рассылка ${i}` })));

		expect(results.every((r) => r.ok)).toBe(true);
		expect(vk.callsTo('messages.send').filter((c) => c.errorCode === 6)).toEqual([]);
		expect(vk.sent(anna)).toHaveLength(30);
	});

	it.each([
		['denied the community’s messages', (v: FakeVk, u: VkUser) => void v.events.deny(u), 'unsubscribed', "Can't send messages for users without permission"],
		['closed messages in their privacy settings', (v: FakeVk, u: VkUser) => v.closePrivacy(u), 'privacy', "Can't send messages to this user due to their privacy settings"],
	])('gives a permanent result after exactly one call to a customer who %s', async (_, arrange, code, reason) => {
		arrange(vk, anna);

		const result = await send({ text: 'Ваше обращение закрыто' });

		expect(result).toEqual({ ok: false, permanent: true, code, reason });
		expect(vk.callsTo('messages.send')).toHaveLength(1);
	});

	it('gives a permanent "invalid_token" for a wrong community token', async () => {
		const result = await send({ text: 'Привет' }, 'vk1.a.revoked');

		expect(result).toEqual({ ok: false, permanent: true, code: 'invalid_token', reason: 'User authorization failed: invalid access_token (4).' });
		expect(vk.calls).toHaveLength(1);
	});

	it('refuses more buttons than an inline keyboard holds before calling VK', async () => {
		const buttons = Array.from({ length: 11 }, (_, i) => ({ label: `Вариант ${i}`, payload: `choice:${i}` }));

		const result = await send({ text: 'Выберите', buttons });

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'invalid_message' });
		expect(vk.calls).toEqual([]);
	});
});
