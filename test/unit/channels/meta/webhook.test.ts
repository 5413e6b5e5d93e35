import { handleWhatsAppWebhook } from '../../../../nodes/shared/channels/whatsapp';
import { handleMessengerWebhook } from '../../../../nodes/shared/channels/messenger';
import { startFakeMeta, type FakeMeta } from '../../../fakes/meta/server';
import { startVerdictReceiver, type VerdictReceiver } from '../verdictReceiver';

const VERIFY_TOKEN = 'our-verify-token-7c1d';

describe('Meta checks our webhook URL and signs every delivery', () => {
	let meta: FakeMeta;
	let receiver: VerdictReceiver;

	beforeEach(async () => {
		meta = await startFakeMeta();
		receiver = await startVerdictReceiver((req) => handleWhatsAppWebhook(req, { verifyToken: VERIFY_TOKEN, appSecret: meta.appSecret }));
	});

	afterEach(async () => {
		await receiver.close();
		await meta.close();
	});

	it('answers the dashboard’s verification with the challenge, as plain text, when the verify token is ours', async () => {
		const result = await meta.subscribe('whatsapp_business_account', receiver.url, VERIFY_TOKEN);

		expect(result).toMatchObject({ status: 200, subscribed: true });
		expect(receiver.verdicts).toEqual([{ kind: 'handshake', status: 200, body: result.body, contentType: 'text/plain' }]);
	});

	it('refuses the verification with 403 when the verify token is not ours, so the URL is not subscribed', async () => {
		const result = await meta.subscribe('whatsapp_business_account', receiver.url, 'someone-elses-token');

		expect(result).toMatchObject({ status: 403, subscribed: false });
		expect(result.body).toBe('hub.verify_token does not match the Verify Token of the credential');
	});

	describe('once subscribed', () => {
		beforeEach(() => meta.subscribe('whatsapp_business_account', receiver.url, VERIFY_TOKEN));

		it('accepts a delivery signed with the App Secret over its raw bytes', async () => {
			const anna = meta.webhooks.whatsapp.customer();

			const delivery = await meta.deliver(meta.webhooks.whatsapp.text(anna, 'Hello'));

			expect(delivery).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
			expect(receiver.accepted().messages.map((m) => m.text)).toEqual(['Hello']);
		});

		it('refuses a body signed with another secret, an unsigned body and a malformed header, and yields nothing', async () => {
			const anna = meta.webhooks.whatsapp.customer();
			const body = meta.webhooks.whatsapp.text(anna, 'Refund me');

			const forged = await meta.deliver(body, { secret: 'not-the-app-secret' });
			const unsigned = await meta.deliver(body, { signature: null });
			const malformed = await meta.deliver(body, { signature: 'sha1=abc' });

			expect([forged.status, unsigned.status, malformed.status]).toEqual([403, 403, 403]);
			expect(receiver.verdicts.slice(1).map((v) => v.kind)).toEqual(['reject', 'reject', 'reject']);
		});

		it('refuses a signed body whose bytes were changed afterwards, even only in whitespace', async () => {
			const anna = meta.webhooks.whatsapp.customer();

			const spaced = await meta.deliver(meta.webhooks.whatsapp.text(anna, 'Hi'), { alter: (raw) => raw.replace('{', '{ ') });
			const escaped = await meta.deliver(meta.webhooks.whatsapp.text(anna, 'a/b'), { alter: (raw) => raw.replace('a/b', 'a\\/b') });

			expect([spaced.status, escaped.status]).toEqual([403, 403]);
			expect(JSON.parse(JSON.stringify(receiver.verdicts.at(-1)))).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/X-Hub-Signature-256/) });
		});

		it('refuses a correctly signed body that is not JSON, or is another platform’s webhook, saying why', async () => {
			const notJson = await postSigned('object=page');
			const messengerBody = await postSigned(JSON.stringify(meta.webhooks.messenger.text('123', 'hi')));

			expect(notJson).toEqual({ status: 400, body: 'The body is not JSON' });
			expect(messengerBody.status).toBe(400);
			expect(messengerBody.body).toMatch(/^The body is not a WhatsApp Business Account webhook: object: Invalid literal value/);
		});
	});

	it('gives Messenger the same handshake and signature rules', async () => {
		const messengerReceiver = await startVerdictReceiver((req) => handleMessengerWebhook(req, { verifyToken: VERIFY_TOKEN, appSecret: meta.appSecret }));
		try {
			const wrong = await meta.subscribe('page', messengerReceiver.url, 'wrong');
			const right = await meta.subscribe('page', messengerReceiver.url, VERIFY_TOKEN);
			const forged = await meta.deliver(meta.webhooks.messenger.text('42', 'hi'), { secret: 'other' });
			const signed = await meta.deliver(meta.webhooks.messenger.text('42', 'hi'));

			expect([wrong.status, right.status, forged.status, signed.status]).toEqual([403, 200, 403, 200]);
		} finally {
			await messengerReceiver.close();
		}
	});

	async function postSigned(raw: string) {
		const { createHmac } = await import('node:crypto');
		const response = await fetch(receiver.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': `sha256=${createHmac('sha256', meta.appSecret).update(raw).digest('hex')}` },
			body: raw,
		});
		return { status: response.status, body: await response.text() };
	}
});
