/**
 * One bad item never costs the good ones beside it, in a real n8n 2.41 running the shipped support
 * pipeline: Meta batches several messages in one signed POST, and one of them malformed still
 * leaves the other two stored and answered, the bad one kept with its reason, and Meta answered
 * 200 (anything else and Meta would resend the whole body, then give up on all of it). VK posts one
 * event per call: a message whose attachment is broken is still stored, answered and acknowledged.
 */
import type { Store } from '../../nodes/shared/store';
import { graphText } from '../fakes/meta/graph';
import { startFakeMeta, type FakeMeta } from '../fakes/meta/server';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startFakeVk, type FakeVk } from '../fakes/vk/server';
import { metaCredentials, packNode, pipelineWithChannels, startContactCenter, triggerUrl, vkCredential, type ContactCenter, type Template } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(300_000);

const QUESTION = 'Where is my order?';
const ANSWER = 'You can follow your order at https://example.com/orders';
const VERIFY_TOKEN = 'meta-verify-token-5d20';
const VK_SECRET = 'vk-callback-secret-4e7a';

let n8n: N8nProcess;
let meta: FakeMeta;
let vk: FakeVk;
let telegram: FakeTelegram;
let center: ContactCenter;
let store: Store;
let template: Template;

const KEPT = ['whatsappChannelTrigger', 'messengerChannelTrigger', 'vkChannelTrigger'];

/** The shipped template with only the WhatsApp, Messenger and VK triggers, VK filled in as an operator would. */
function metaAndVkPipeline(): Template {
	const copy = pipelineWithChannels(KEPT);
	Object.assign(packNode(copy, 'vkChannelTrigger').parameters, { groupId: String(vk.groupId), confirmation: vk.confirmation });
	return copy;
}

const productionUrl = (type: string, path: string) => triggerUrl(n8n, template, type, path);

beforeAll(async () => {
	[meta, vk, telegram] = await Promise.all([startFakeMeta(), startFakeVk(), startFakeTelegram()]);
	template = metaAndVkPipeline();
	const { whatsapp, messenger } = metaCredentials(meta, VERIFY_TOKEN);
	center = await startContactCenter({ workflows: [template], telegram, credentials: [whatsapp, messenger, vkCredential(vk, VK_SECRET)] });
	({ n8n, store } = center);
	expect(await meta.subscribe('whatsapp_business_account', productionUrl('whatsappChannelTrigger', 'whatsapp'), VERIFY_TOKEN)).toMatchObject({ subscribed: true });
	expect(await meta.subscribe('page', productionUrl('messengerChannelTrigger', 'messenger'), VERIFY_TOKEN)).toMatchObject({ subscribed: true });
	expect(await vk.addCallbackServer(productionUrl('vkChannelTrigger', 'vk'), VK_SECRET)).toBe(true);
});

afterAll(async () => {
	await center?.stop();
	await Promise.all([meta?.close(), vk?.close(), telegram?.close()]);
});

const storedInbound = async (channel: string, externalId: string) =>
	(await store.db.query("SELECT text, attachments FROM messages WHERE direction = 'in' AND channel = ? AND external_id = ?", [channel, externalId])) as Array<{
		text: string;
		attachments: string;
	}>;
const rejectedOn = async (channel: string) =>
	(await store.db.query("SELECT user_id, reason FROM channel_events WHERE type = 'rejected' AND channel = ?", [channel])) as Array<{ user_id: string; reason: string }>;

describe('a Meta delivery of three messages, one of them malformed', () => {
	test('WhatsApp: the two good messages are stored and answered, the one with an impossible timestamp is kept with its reason, Meta gets 200', async () => {
		const [anna, boris, mallory] = [meta.webhooks.whatsapp.customer('Anna'), meta.webhooks.whatsapp.customer('Boris'), meta.webhooks.whatsapp.customer('Mallory')];
		const body = meta.webhooks.whatsapp.text(anna, QUESTION);
		const other = meta.webhooks.whatsapp.text(boris, QUESTION).entry[0].changes[0].value;
		const value = body.entry[0].changes[0].value as unknown as { contacts: unknown[]; messages: Array<Record<string, unknown>> };
		value.contacts.push(...(other.contacts ?? []), { profile: { name: mallory.name }, wa_id: mallory.waId });
		value.messages.splice(1, 0, { from: mallory.waId, id: 'wamid.malformed-timestamp', timestamp: 'yesterday', type: 'text', text: { body: QUESTION } });
		value.messages.push(...(other.messages as unknown as Array<Record<string, unknown>>));

		const delivery = await meta.deliver(body);

		expect(delivery.status).toBe(200);
		for (const customer of [anna, boris]) {
			const sent = await eventually(`the WhatsApp answer to ${customer.name}`, () => meta.sent('whatsapp', customer.waId).length > 0 && meta.sent('whatsapp', customer.waId));
			expect(sent.map((m) => graphText(m.body)).join('\n')).toContain(ANSWER);
		}
		for (const message of [value.messages[0], value.messages[2]]) expect(await storedInbound('whatsapp', String(message.id))).toEqual([expect.objectContaining({ text: QUESTION })]);
		expect(await storedInbound('whatsapp', 'wamid.malformed-timestamp')).toEqual([]);
		expect(await rejectedOn('whatsapp')).toEqual([{ user_id: mallory.waId, reason: expect.stringMatching(/^Not a WhatsApp message: timestamp: must be Unix seconds/) }]);
		expect(meta.sent('whatsapp', mallory.waId)).toEqual([]);
	});

	test('Messenger: the two good events are stored and answered, the one with an empty mid is kept with its reason, Meta gets 200', async () => {
		const [olga, petr, mallory] = [meta.webhooks.messenger.customer(), meta.webhooks.messenger.customer(), meta.webhooks.messenger.customer()];
		const body = meta.webhooks.messenger.text(olga, QUESTION);
		const events = body.entry[0].messaging as Array<{ message?: { mid: string } }>;
		events.push(
			{ sender: { id: mallory }, recipient: { id: meta.messenger.pageId }, timestamp: Date.now(), message: { mid: '', text: QUESTION } } as (typeof events)[number],
			...(meta.webhooks.messenger.text(petr, QUESTION).entry[0].messaging as typeof events),
		);

		const delivery = await meta.deliver(body);

		expect(delivery.status).toBe(200);
		for (const customer of [olga, petr]) {
			const sent = await eventually(`the Messenger answer to ${customer}`, () => meta.sent('messenger', customer).length > 0 && meta.sent('messenger', customer));
			expect(sent.map((m) => graphText(m.body)).join('\n')).toContain(ANSWER);
		}
		for (const event of [events[0], events[2]]) expect(await storedInbound('messenger', event.message!.mid)).toEqual([expect.objectContaining({ text: QUESTION })]);
		expect(await rejectedOn('messenger')).toEqual([{ user_id: mallory, reason: expect.stringMatching(/^Not a Messenger event: message\.mid: String must contain at least 1 character/) }]);
		expect(meta.sent('messenger', mallory)).toEqual([]);
	});
});

describe('a VK event with a broken attachment', () => {
	test('the message is stored with the attachment shown as one the desk cannot show, answered, and VK gets "ok"', async () => {
		const dmitry = vk.events.customer({ first_name: 'Dmitry' });
		const event = vk.events.text(dmitry, QUESTION);
		(event.object.message as { attachments: unknown[] }).attachments = [{ type: 'photo', photo: 'not an object' }];

		const delivery = await vk.deliver(event);

		expect(delivery).toMatchObject({ status: 200, acknowledged: true });
		const [answer] = await eventually('the VK answer', () => vk.sent(dmitry).length > 0 && vk.sent(dmitry));
		expect(answer.text).toContain(ANSWER);
		const [stored] = await storedInbound('vk', event.event_id);
		expect(stored.text).toBe(QUESTION);
		expect(JSON.parse(stored.attachments)).toEqual([{ type: 'unsupported', name: 'photo' }]);
		expect(await rejectedOn('vk')).toEqual([]);
	});
});
