import { parseOutbound, type OutboundMessageInput } from '../../../../nodes/shared/envelope';
import { createWhatsAppSender, OUTSIDE_WINDOW_RULE, type WhatsAppCredentials } from '../../../../nodes/shared/channels/whatsapp';
import type { SendContext } from '../../../../nodes/shared/channels/types';
import { startFakeMeta, type FakeMeta } from '../../../fakes/meta/server';

const sender = createWhatsAppSender({ attempts: 3, baseDelayMs: 1, maxDelayMs: 50 });
const HOUR = 3600_000;

describe('we write to a WhatsApp customer', () => {
	let meta: FakeMeta;
	let waId: string;
	let credentials: WhatsAppCredentials;

	beforeEach(async () => {
		meta = await startFakeMeta();
		waId = meta.webhooks.whatsapp.customer().waId;
		meta.customerWrote('whatsapp', waId, new Date(Date.now() - HOUR));
		credentials = { accessToken: meta.whatsapp.token, phoneNumberId: meta.whatsapp.phoneNumberId, baseUrl: meta.baseUrl, apiVersion: 'v21.0' };
	});

	afterEach(() => meta.close());

	const send = (message: Omit<OutboundMessageInput, 'channel' | 'to'>, context?: SendContext, creds = credentials) =>
		sender.send(creds, parseOutbound({ channel: 'whatsapp', to: waId, ...message }), context);

	it('sends free text inside the 24-hour window to /v21.0/{phone-number-id}/messages with the Bearer token, and returns the wamid', async () => {
		const result = await send({ text: 'Your order ships tomorrow.' });

		const [call] = meta.sendCalls('whatsapp');
		expect(call.path).toBe(`/v21.0/${meta.whatsapp.phoneNumberId}/messages`);
		expect(call.query).toEqual({});
		expect(call.body).toMatchObject({ messaging_product: 'whatsapp', to: waId, type: 'text', text: { body: 'Your order ships tomorrow.' } });
		const [sent] = meta.sent('whatsapp', waId);
		expect(result).toEqual({ ok: true, externalIds: [sent.id] });
		expect(sent.id).toMatch(/^wamid\./);
	});

	it('splits a long text into parts of at most 4096 characters, losing nothing', async () => {
		const text = Array.from({ length: 300 }, (_, i) => `Clause ${i} of the delivery terms applies.`).join(' ');

		const result = await send({ text });

		const bodies = meta.sent('whatsapp', waId).map((s) => (s.body.text as { body: string }).body);
		expect(bodies.length).toBeGreaterThanOrEqual(3);
		expect(bodies.every((b) => b.length <= 4096)).toBe(true);
		expect(bodies.join(' ')).toBe(text);
		expect(result.ok && result.externalIds).toHaveLength(bodies.length);
	});

	it('puts up to three short choices on reply buttons, and more on a list', async () => {
		await send({ text: 'Did this help?', buttons: [{ label: 'Yes', payload: 'faq:yes' }, { label: 'Talk to a person', payload: 'handoff' }] });
		const five = ['Delivery', 'Returns', 'Payment', 'Warranty', 'Something else'].map((label) => ({ label, payload: `topic:${label}` }));
		await send({ text: 'What is it about?', buttons: five });

		const [buttons, list] = meta.sent('whatsapp', waId).map((s) => s.body);
		expect(buttons).toMatchObject({
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Did this help?' },
				action: { buttons: [{ type: 'reply', reply: { id: 'faq:yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'handoff', title: 'Talk to a person' } }] },
			},
		});
		expect(list).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'What is it about?' } } });
		expect((list.interactive as any).action.sections[0].rows).toEqual(five.map((b) => ({ id: b.payload, title: b.label })));
	});

	it('refuses eleven choices before calling WhatsApp', async () => {
		const buttons = Array.from({ length: 11 }, (_, i) => ({ label: `Option ${i}`, payload: `o${i}` }));

		const result = await send({ text: 'Pick one', buttons });

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'invalid_message' });
		expect(meta.calls).toEqual([]);
	});

	it('sends a picture and a document by link before the text', async () => {
		await send({
			text: 'Here is your label and the invoice',
			attachments: [{ type: 'image', url: 'https://shop.example/label.png' }, { type: 'file', url: 'https://shop.example/invoice.pdf', name: 'invoice.pdf' }],
		});

		expect(meta.sent('whatsapp', waId).map((s) => s.body)).toEqual([
			expect.objectContaining({ type: 'image', image: { link: 'https://shop.example/label.png' } }),
			expect.objectContaining({ type: 'document', document: { link: 'https://shop.example/invoice.pdf', filename: 'invoice.pdf' } }),
			expect.objectContaining({ type: 'text', text: expect.objectContaining({ body: 'Here is your label and the invoice' }) }),
		]);
	});

	describe('after the customer has been silent for more than 24 hours', () => {
		beforeEach(() => meta.customerWrote('whatsapp', waId, new Date(Date.now() - 30 * HOUR)));

		it('falls back to the approved template, with the text as its body parameter, when WhatsApp refuses free text with 131047', async () => {
			meta.approveTemplate('support_follow_up', 'en_US');

			const result = await send({ text: 'We found your parcel.' }, {}, { ...credentials, templateName: 'support_follow_up', templateLanguage: 'en_US' });

			expect(meta.sendCalls('whatsapp').map((c) => c.errorCode ?? c.status)).toEqual([131047, 200]);
			const [sent] = meta.sent('whatsapp', waId);
			expect(sent.body).toMatchObject({
				type: 'template',
				template: { name: 'support_follow_up', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'We found your parcel.' }] }] },
			});
			expect(result).toEqual({ ok: true, externalIds: [sent.id] });
		});

		it('goes straight to the template when the caller says when the customer last wrote', async () => {
			meta.approveTemplate('support_follow_up', 'en');

			const result = await send({ text: 'We found your parcel.' }, { lastInboundAt: new Date(Date.now() - 30 * HOUR) }, { ...credentials, templateName: 'support_follow_up' });

			expect(meta.sendCalls('whatsapp')).toHaveLength(1);
			expect(result.ok).toBe(true);
		});

		it('gives a clear permanent outside_window error naming the rule when no template is set', async () => {
			const result = await send({ text: 'We found your parcel.' });

			expect(result).toEqual({ ok: false, permanent: true, code: 'outside_window', reason: OUTSIDE_WINDOW_RULE });
			expect(meta.sendCalls('whatsapp')).toHaveLength(1);
			expect(meta.sent('whatsapp', waId)).toEqual([]);
		});

		it('says which template is missing when WhatsApp does not know it (132001)', async () => {
			const result = await send({ text: 'Hello again' }, {}, { ...credentials, templateName: 'never_approved', templateLanguage: 'de' });

			expect(result).toMatchObject({ ok: false, permanent: true, code: 'template_missing' });
			expect(!result.ok && result.reason).toMatch(/template "never_approved" in language "de"/);
		});
	});

	it('waits out the throughput limit (130429) and delivers the message once', async () => {
		meta.throttle(2);

		const result = await send({ text: 'Thanks for waiting' });

		expect(meta.sendCalls('whatsapp').map((c) => c.errorCode ?? c.status)).toEqual([130429, 130429, 200]);
		expect(meta.sent('whatsapp', waId).map((s) => (s.body.text as { body: string }).body)).toEqual(['Thanks for waiting']);
		expect(result.ok).toBe(true);
	});

	it('retries the pair rate limit (131056) when one customer gets messages too fast', async () => {
		meta.pairRate(1, 40);
		// Backoff of 10-20, 20-40, 40-80 ms: the 40 ms pair window has passed by the fourth try at the latest.
		const patient = createWhatsAppSender({ attempts: 5, baseDelayMs: 20, maxDelayMs: 100 });
		const message = (text: string) => parseOutbound({ channel: 'whatsapp', to: waId, text });

		const first = await patient.send(credentials, message('One'));
		const second = await patient.send(credentials, message('Two'));

		expect(meta.sendCalls('whatsapp').map((c) => c.errorCode ?? c.status)).toContain(131056);
		expect([first.ok, second.ok]).toEqual([true, true]);
		expect(meta.sent('whatsapp', waId)).toHaveLength(2);
	});

	it('reports an undeliverable number (131026) as permanent after one call', async () => {
		meta.undeliverable(waId);

		const result = await send({ text: 'Your ticket was closed' });

		expect(result).toEqual({ ok: false, permanent: true, code: 'undeliverable', reason: '(#131026) Message Undeliverable (Message Undeliverable.)' });
		expect(meta.sendCalls('whatsapp')).toHaveLength(1);
	});

	it('reports an expired token (190) as permanent, without the token in the reason', async () => {
		meta.expireToken('whatsapp');

		const result = await send({ text: 'Hi' });

		expect(result).toMatchObject({ ok: false, permanent: true, code: 'invalid_token' });
		expect(JSON.stringify(result)).not.toContain(meta.whatsapp.token);
		expect(meta.calls).toHaveLength(1);
	});

	it('reports a network failure as transient once the attempts are spent', async () => {
		await meta.close();

		const result = await send({ text: 'Anyone there?' });

		expect(result).toMatchObject({ ok: false, permanent: false, code: 'network' });
	});
});
