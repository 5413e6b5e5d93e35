import { parseOutbound } from '../../../../nodes/shared/envelope';
import { createInstagramSender, handleInstagramWebhook, type InstagramCredentials } from '../../../../nodes/shared/channels/instagram';
import { startFakeMeta, type FakeMeta } from '../../../fakes/meta/server';
import { startVerdictReceiver } from '../verdictReceiver';

const HOUR = 3600_000;
const sender = createInstagramSender({ attempts: 3, baseDelayMs: 1, maxDelayMs: 50 });

describe('Instagram Direct', () => {
	let meta: FakeMeta;
	let igsid: string;
	let credentials: InstagramCredentials;

	beforeEach(async () => {
		meta = await startFakeMeta();
		igsid = meta.webhooks.instagram.customer();
		meta.customerWrote('instagram', igsid, new Date(Date.now() - HOUR));
		credentials = { accessToken: meta.instagram.token, pageId: meta.instagram.pageId, baseUrl: meta.baseUrl };
	});

	afterEach(() => meta.close());

	const send = (text: string, fromOperator = false) =>
		sender.send(credentials, parseOutbound({ channel: 'instagram', to: igsid, text, fromOperator }));

	it('takes a customer’s direct message, with the Instagram account as account, and ignores echoes', async () => {
		const receiver = await startVerdictReceiver((req) =>
			handleInstagramWebhook(req, { verifyToken: 'vt', appSecret: meta.appSecret, account: meta.instagram.igAccountId }),
		);
		try {
			await meta.subscribe('instagram', receiver.url, 'vt');
			await meta.deliver(meta.webhooks.instagram.text(igsid, 'Привет! Есть размер M?'));
			const message = receiver.accepted();
			await meta.deliver(meta.webhooks.instagram.echo(igsid, 'Да, есть'));
			const echo = receiver.accepted();

			expect(message.messages).toEqual([
				expect.objectContaining({ channel: 'instagram', account: meta.instagram.igAccountId, conversationKey: igsid, text: 'Привет! Есть размер M?' }),
			]);
			expect(echo).toMatchObject({ messages: [], events: [] });
		} finally {
			await receiver.close();
		}
	});

	it('splits Cyrillic text at 1000 UTF-8 bytes, not 1000 characters, and sends through /{PAGE_ID}/messages', async () => {
		const text = 'Ваш заказ передан в службу доставки и прибудет в течение трёх дней. '.repeat(20).trim();
		expect(text.length).toBeLessThan(2000);

		const result = await send(text);

		const calls = meta.sendCalls('instagram');
		expect(calls[0].path).toBe(`/v21.0/${meta.instagram.pageId}/messages`);
		const parts = meta.sent('instagram', igsid).map((s) => (s.body as any).message.text as string);
		expect(parts.length).toBeGreaterThanOrEqual(3);
		expect(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 1000)).toBe(true);
		expect(parts.join(' ')).toBe(text);
		expect(result.ok).toBe(true);
	});

	it('refuses the bot outside the window (subcode 2534022) and tags an operator HUMAN_AGENT', async () => {
		meta.customerWrote('instagram', igsid, new Date(Date.now() - 26 * HOUR));

		const bot = await send('New arrivals!');
		const operator = await send('Your exchange is ready', true);

		expect(bot).toMatchObject({ ok: false, permanent: true, code: 'outside_window' });
		expect(!bot.ok && bot.reason).toMatch(/^Instagram allows/);
		expect(operator.ok).toBe(true);
		expect(meta.sent('instagram', igsid).map((s) => s.body)).toEqual([expect.objectContaining({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })]);
	});
});
