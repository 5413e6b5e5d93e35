import { botIdOf, TelegramApiError, TelegramClient } from '../../../../nodes/shared/channels/telegram/client';
import { webhookSecretToken } from '../../../../nodes/shared/channels/telegram/secret';
import { startFakeTelegram, type FakeTelegram } from '../../../fakes/telegram/server';

describe('connecting a Telegram bot', () => {
	let telegram: FakeTelegram;

	beforeEach(async () => {
		telegram = await startFakeTelegram();
	});

	afterEach(() => telegram.close());

	it('accepts a valid token as the credential test, and names the bot', async () => {
		const me = await new TelegramClient(telegram.token, telegram.baseUrl).getMe();

		expect(me).toMatchObject({ id: telegram.botId, is_bot: true, username: 'acme_support_bot' });
		expect(botIdOf(telegram.token)).toBe(String(me.id));
	});

	it('refuses a wrong token with 401 Unauthorized, without the token in the message', async () => {
		const wrong = `${telegram.botId}:not-the-token`;

		const error = await new TelegramClient(wrong, telegram.baseUrl).getMe().catch((e: unknown) => e);

		expect(error).toBeInstanceOf(TelegramApiError);
		expect(error).toMatchObject({ errorCode: 401, description: 'Unauthorized', message: 'Telegram getMe failed: 401 Unauthorized' });
		expect((error as Error).message).not.toContain('not-the-token');
	});

	it('registers the webhook with the derived secret and the updates it wants, and removes it', async () => {
		const client = new TelegramClient(telegram.token, telegram.baseUrl);
		const secretToken = webhookSecretToken(telegram.token);

		await client.setWebhook({ url: 'https://n8n.example/webhook/abc/telegram', secretToken, allowedUpdates: ['message', 'callback_query'], dropPendingUpdates: true });
		const info = await client.getWebhookInfo();
		await client.deleteWebhook();
		const after = await client.getWebhookInfo();

		expect(info).toMatchObject({ url: 'https://n8n.example/webhook/abc/telegram', allowed_updates: ['message', 'callback_query'] });
		expect(telegram.callsTo('setWebhook')[0].params).toMatchObject({ secret_token: secretToken, drop_pending_updates: true });
		expect(after.url).toBe('');
	});

	it('has a secret Telegram refuses when it holds characters outside A-Za-z0-9_-', async () => {
		const client = new TelegramClient(telegram.token, telegram.baseUrl);

		const error = await client.setWebhook({ url: 'https://n8n.example/hook', secretToken: 'not allowed!' }).catch((e: unknown) => e);

		expect(error).toMatchObject({ errorCode: 400 });
		expect(telegram.webhook()).toBeUndefined();
	});
});

describe('the webhook secret', () => {
	it('is the same for the same token on every process, and fits Telegram\'s alphabet and length', () => {
		const secret = webhookSecretToken('7000000001:AAH-token');

		expect(webhookSecretToken('7000000001:AAH-token')).toBe(secret);
		expect(secret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
	});

	it('differs for another bot and for another salt', () => {
		const secret = webhookSecretToken('7000000001:AAH-token');

		expect(webhookSecretToken('7000000002:AAH-token')).not.toBe(secret);
		expect(webhookSecretToken('7000000001:AAH-token', 'rotated-2025')).not.toBe(secret);
	});
});
