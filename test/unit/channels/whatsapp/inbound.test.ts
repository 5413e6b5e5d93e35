import { parseInbound } from '../../../../nodes/shared/envelope';
import { handleWhatsAppWebhook } from '../../../../nodes/shared/channels/whatsapp';
import { startFakeMeta, type FakeMeta } from '../../../fakes/meta/server';
import { startVerdictReceiver, type VerdictReceiver } from '../verdictReceiver';

describe('a customer writes to our WhatsApp number', () => {
	let meta: FakeMeta;
	let receiver: VerdictReceiver;

	beforeEach(async () => {
		meta = await startFakeMeta();
		receiver = await startVerdictReceiver((req) =>
			handleWhatsAppWebhook(req, { verifyToken: 'vt', appSecret: meta.appSecret, phoneNumberId: meta.whatsapp.phoneNumberId }),
		);
		await meta.subscribe('whatsapp_business_account', receiver.url, 'vt');
	});

	afterEach(async () => {
		await receiver.close();
		await meta.close();
	});

	it('turns a text into the envelope: the wamid as id, the wa_id as conversation, phone with +, the profile name', async () => {
		const anna = meta.webhooks.whatsapp.customer('Anna Petrova');
		const body = meta.webhooks.whatsapp.text(anna, 'Where is my order 1234?');

		await meta.deliver(body);

		const { messages, events } = receiver.accepted();
		const wamessage = body.entry[0].changes[0].value.messages![0] as { id: string; timestamp: string };
		expect(parseInbound(messages[0])).toMatchObject({
			channel: 'whatsapp',
			account: meta.whatsapp.phoneNumberId,
			externalId: wamessage.id,
			conversationKey: anna.waId,
			sender: { id: anna.waId, phone: `+${anna.waId}`, name: 'Anna Petrova' },
			text: 'Where is my order 1234?',
			attachments: [],
			receivedAt: new Date(Number(wamessage.timestamp) * 1000).toISOString(),
		});
		expect(messages[0].raw).toEqual(body);
		expect(events).toEqual([]);
	});

	it('gives a photo’s media id and caption, and a document’s file name and type', async () => {
		const anna = meta.webhooks.whatsapp.customer();
		const photo = meta.webhooks.whatsapp.media(anna, 'image', { caption: 'It arrived like this' });
		const pdf = meta.webhooks.whatsapp.media(anna, 'document', { filename: 'invoice.pdf', mimeType: 'application/pdf' });

		await meta.deliver(photo);
		const [picture] = receiver.accepted().messages;
		await meta.deliver(pdf);
		const [document] = receiver.accepted().messages;

		const photoId = (photo.entry[0].changes[0].value.messages![0] as { image: { id: string } }).image.id;
		expect(picture).toMatchObject({ text: 'It arrived like this', attachments: [{ type: 'image', fileId: photoId, mimeType: 'image/jpeg' }] });
		expect(document.attachments).toEqual([
			{ type: 'file', fileId: expect.any(String), name: 'invoice.pdf', mimeType: 'application/pdf' },
		]);
	});

	it('turns a reply button, a list choice and a template button into actions carrying our payloads', async () => {
		const anna = meta.webhooks.whatsapp.customer();

		await meta.deliver(meta.webhooks.whatsapp.buttonReply(anna, 'faq:helpful', 'Yes, thanks', 'wamid.OURQUESTION'));
		const [button] = receiver.accepted().messages;
		await meta.deliver(meta.webhooks.whatsapp.listReply(anna, 'topic:delivery', 'Delivery'));
		const [list] = receiver.accepted().messages;
		await meta.deliver(meta.webhooks.whatsapp.templateButton(anna, 'reorder', 'Order again'));
		const [template] = receiver.accepted().messages;

		expect(button).toMatchObject({ text: 'Yes, thanks', action: { payload: 'faq:helpful' }, inReplyTo: 'wamid.OURQUESTION' });
		expect(list).toMatchObject({ text: 'Delivery', action: { payload: 'topic:delivery' } });
		expect(template).toMatchObject({ text: 'Order again', action: { payload: 'reorder' } });
	});

	it('keeps the quoted message of a reply as inReplyTo', async () => {
		const anna = meta.webhooks.whatsapp.customer();

		await meta.deliver(meta.webhooks.whatsapp.text(anna, 'this one', { replyTo: 'wamid.EARLIER' }));

		expect(receiver.accepted().messages[0].inReplyTo).toBe('wamid.EARLIER');
	});

	it('reports delivery statuses as events, never as messages: delivered, read as seen, failed with its reason; sent is not news', async () => {
		const anna = meta.webhooks.whatsapp.customer();
		const wamid = 'wamid.HBgLOURREPLY';
		const results = [];
		for (const status of ['sent', 'delivered', 'read'] as const) {
			await meta.deliver(meta.webhooks.whatsapp.status(wamid, anna.waId, status));
			results.push(receiver.accepted());
		}
		await meta.deliver(
			meta.webhooks.whatsapp.status(wamid, anna.waId, 'failed', [
				{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed.' } },
			]),
		);
		results.push(receiver.accepted());

		expect(results.flatMap((r) => r.messages)).toEqual([]);
		expect(results.flatMap((r) => r.events)).toEqual([
			expect.objectContaining({ channel: 'whatsapp', type: 'delivered', externalId: `${wamid}:delivered`, messageId: wamid, userId: anna.waId }),
			expect.objectContaining({ type: 'seen', externalId: `${wamid}:read`, messageId: wamid }),
			expect.objectContaining({ type: 'failed', messageId: wamid, reason: '131047 Re-engagement message More than 24 hours have passed.' }),
		]);
	});

	it('acknowledges, but skips, messages to another phone number of the same app', async () => {
		const body = meta.webhooks.whatsapp.text(meta.webhooks.whatsapp.customer(), 'Hi other number');
		body.entry[0].changes[0].value.metadata.phone_number_id = '999999999999999';

		const delivery = await meta.deliver(body);

		expect(delivery.status).toBe(200);
		expect(receiver.accepted()).toMatchObject({ messages: [], events: [] });
	});

	it('acknowledges a delivery whose message lacks its id, keeping that message as rejected with the field named (Meta would retry the whole body)', async () => {
		const body = meta.webhooks.whatsapp.text(meta.webhooks.whatsapp.customer(), 'Hi');
		delete (body.entry[0].changes[0].value.messages![0] as { id?: string }).id;

		const delivery = await meta.deliver(body);

		expect(delivery.status).toBe(200);
		expect(receiver.accepted()).toMatchObject({
			messages: [],
			events: [expect.objectContaining({ type: 'rejected', reason: expect.stringMatching(/^Not a WhatsApp message: id: Required/) })],
		});
	});
});
