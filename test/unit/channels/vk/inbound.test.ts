import { parseInbound } from '../../../../nodes/shared/envelope';
import { handleVkWebhook } from '../../../../nodes/shared/channels/vk/inbound';
import { createVkSender } from '../../../../nodes/shared/channels/vk/outbound';
import { startFakeVk, type FakeVk } from '../../../fakes/vk/server';
import { startVerdictReceiver, type VerdictReceiver } from '../verdictReceiver';

const SECRET = 'aW7s-community-secret';
const MOMENT = new Date('2025-03-01T10:00:00.000Z');

describe('a VK customer writes to the community through the Callback API', () => {
	let vk: FakeVk;
	let receiver: VerdictReceiver;

	beforeEach(async () => {
		vk = await startFakeVk();
		receiver = await startVerdictReceiver((req) =>
			handleVkWebhook(req, { groupId: String(vk.groupId), secret: SECRET, confirmation: vk.confirmation, now: () => MOMENT }),
		);
		expect(await vk.addCallbackServer(receiver.url, SECRET)).toBe(true);
	});

	afterEach(async () => {
		await receiver.close();
		await vk.close();
	});

	it('answers VK’s confirmation with the community’s confirmation string as plain text', () => {
		expect(receiver.verdicts).toEqual([{ kind: 'handshake', status: 200, body: vk.confirmation, contentType: 'text/plain' }]);
	});

	it('is not confirmed for another community', async () => {
		const other = await startVerdictReceiver((req) => handleVkWebhook(req, { groupId: '1', secret: SECRET, confirmation: 'abc' }));

		expect(await vk.addCallbackServer(other.url, SECRET)).toBe(false);
		expect(other.verdicts).toEqual([expect.objectContaining({ kind: 'reject', status: 403 })]);
		await other.close();
	});

	it.each([
		['', 'abc', 'The VK Trigger has no Community ID'],
		['', '', 'The VK Trigger has no Community ID'],
		[undefined, '', 'The VK Trigger has no Confirmation String'],
	])('is not confirmed while the trigger lacks a setting, and says which (Community ID %p, Confirmation String %p)', async (groupId, confirmation, reason) => {
		const unset = await startVerdictReceiver((req) => handleVkWebhook(req, { groupId: groupId ?? String(vk.groupId), secret: SECRET, confirmation }));

		expect(await vk.addCallbackServer(unset.url, SECRET)).toBe(false);
		expect(unset.verdicts).toEqual([expect.objectContaining({ kind: 'reject', status: 503, reason: expect.stringContaining(reason) })]);
		await unset.close();
	});

	it('turns a text message into the envelope, keyed on event_id and the peer, and answers "ok"', async () => {
		const anna = vk.events.customer();
		const event = vk.events.text(anna, 'Где мой заказ 1234?');

		const delivery = await vk.deliver(event);

		expect(delivery).toEqual({ status: 200, body: 'ok', acknowledged: true });
		const { messages, events } = receiver.accepted();
		const message = parseInbound(messages[0]);
		const sent = event.object.message as { date: number };
		expect(message).toMatchObject({
			channel: 'vk',
			account: String(vk.groupId),
			externalId: event.event_id,
			conversationKey: String(anna.id),
			sender: { id: String(anna.id) },
			text: 'Где мой заказ 1234?',
			attachments: [],
			receivedAt: new Date(sent.date * 1000).toISOString(),
		});
		expect(message.action).toBeUndefined();
		// The community's secret is not kept: it would sit in every execution's data.
		expect(message.raw).toEqual(event);
		expect(events).toEqual([]);
	});

	it('gives the largest size of a photo with its caption, a document with its name, size and URL, and a location', async () => {
		const anna = vk.events.customer();
		const photo = vk.events.photo(anna, { caption: 'Посылка пришла такой' });
		const doc = vk.events.doc(anna, { title: 'invoice.pdf', size: 20_480, ext: 'pdf' });

		await vk.deliver(photo);
		const withPhoto = receiver.accepted().messages[0];
		await vk.deliver(doc);
		const withDoc = receiver.accepted().messages[0];
		await vk.deliver(vk.events.geo(anna, 55.7558, 37.6173));
		const withGeo = receiver.accepted().messages[0];

		const photoItem = (photo.object.message as { attachments: Array<{ photo: { id: number } }> }).attachments[0].photo;
		expect(withPhoto.text).toBe('Посылка пришла такой');
		expect(withPhoto.attachments).toEqual([
			{ type: 'image', url: `https://sun9-7.userapi.com/impg/${photoItem.id}/w.jpg`, fileId: `photo${anna.id}_${photoItem.id}` },
		]);
		const docItem = (doc.object.message as { attachments: Array<{ doc: { id: number; url: string } }> }).attachments[0].doc;
		expect(withDoc.attachments).toEqual([
			{ type: 'file', url: docItem.url, fileId: `doc${anna.id}_${docItem.id}`, name: 'invoice.pdf', size: 20_480 },
		]);
		expect(withGeo.attachments).toEqual([{ type: 'location', url: 'geo:55.7558,37.6173' }]);
	});

	it('turns a tap on a keyboard button the community sent into an action with our payload', async () => {
		const anna = vk.events.customer();
		await vk.deliver(vk.events.text(anna, 'Как вернуть посылку?'));
		await createVkSender({ attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }).send(
			{ accessToken: vk.token, baseUrl: vk.baseUrl },
			{ channel: 'vk', to: String(anna.id), text: 'Ответ помог?', buttons: [{ label: 'Да', payload: 'faq:helpful' }], attachments: [], fromOperator: false },
		);
		const press = vk.events.buttonPress(anna, 'Да');

		await vk.deliver(press);

		expect(receiver.accepted().messages[0]).toMatchObject({ externalId: press.event_id, text: 'Да', action: { payload: 'faq:helpful' } });
	});

	it('passes a payload that is not ours (VK’s Start button) on as its JSON text', async () => {
		const anna = vk.events.customer();
		const start = vk.events.text(anna, 'Начать');
		(start.object.message as Record<string, unknown>).payload = '{"command":"start"}';

		await vk.deliver(start);

		expect(receiver.accepted().messages[0].action).toEqual({ payload: '{"command":"start"}' });
	});

	it('reports allowing and denying messages as consent events, and acknowledges echoes and typing without yielding anything', async () => {
		const anna = vk.events.customer();
		const allow = vk.events.allow(anna);
		const deny = vk.events.deny(anna);

		const answers = [];
		const verdicts = [];
		for (const event of [allow, deny, vk.events.reply(anna, 'Our own answer'), vk.events.typing(anna)]) {
			answers.push((await vk.deliver(event)).acknowledged);
			verdicts.push(receiver.accepted());
		}

		expect(answers).toEqual([true, true, true, true]);
		expect(verdicts.flatMap((v) => v.messages)).toEqual([]);
		expect(verdicts.flatMap((v) => v.events)).toEqual([
			{ channel: 'vk', account: String(vk.groupId), externalId: allow.event_id, userId: String(anna.id), type: 'subscribed', at: MOMENT.toISOString() },
			{ channel: 'vk', account: String(vk.groupId), externalId: deny.event_id, userId: String(anna.id), type: 'unsubscribed', at: MOMENT.toISOString() },
		]);
	});

	it('refuses a call with a wrong secret, and one without a secret, and yields nothing', async () => {
		const anna = vk.events.customer();

		const forged = await vk.deliver(vk.events.text(anna, 'Верните деньги'), { secret: 'guessed' });
		const unsigned = await vk.deliver(vk.events.text(anna, 'Верните деньги'), { secret: null });

		expect([forged, unsigned]).toEqual([
			{ status: 403, body: 'The secret is missing or wrong', acknowledged: false },
			{ status: 403, body: 'The secret is missing or wrong', acknowledged: false },
		]);
		expect(receiver.verdicts.slice(1).map((v) => v.kind)).toEqual(['reject', 'reject']);
	});

	it('refuses a body that is not JSON, and an event from an API version without event_id, with a reason', async () => {
		const old = JSON.stringify({ type: 'message_new', group_id: vk.groupId, secret: SECRET, object: {} });

		const notJson = await receiver.post('type=message_new', { 'Content-Type': 'application/json' });
		const withoutEventId = await receiver.post(old, { 'Content-Type': 'application/json' });

		expect(notJson).toEqual({ status: 400, body: 'The body is not JSON' });
		expect(withoutEventId).toEqual({ status: 400, body: 'The callback has no event_id: set the Callback API version to 5.103 or later' });
	});
});
