/**
 * Every channel of the shipped support pipeline in ONE real n8n 2.41 process, each credential
 * pointing at its fake platform: a customer asks "Where is my order?" the way the platform
 * delivers it (signed, verified, confirmed) to the trigger's real production URL, and the
 * self-service bot's answer arrives at that same platform. A customer who shares their phone on
 * Telegram and then writes on WhatsApp ends on one card; forged deliveries are refused and store
 * nothing; redelivered events are processed once.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { Store } from '../../nodes/shared/store';
import { startDovecot, type Dovecot } from '../fakes/email/dovecot';
import { composeMail } from '../fakes/email/mails';
import { startFakeSmtp, type FakeSmtp } from '../fakes/email/smtp';
import { graphText } from '../fakes/meta/graph';
import { startFakeMeta, type FakeMeta } from '../fakes/meta/server';
import type { Platform } from '../fakes/meta/state';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import { startFakeViber, type FakeViber } from '../fakes/viber/server';
import { startFakeVk, type FakeVk } from '../fakes/vk/server';
import { emailCredential, metaCredentials, packNode, startContactCenter, templateCopy, triggerUrl, viberCredential, vkCredential, type ContactCenter, type Template } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually, settled } from '../harness/wait';

jest.setTimeout(300_000);

const QUESTION = 'Where is my order?';
const ANSWER = 'You can follow your order at https://example.com/orders';
const VERIFY_TOKEN = 'meta-verify-token-3b81';
const VK_SECRET = 'vk-callback-secret-91c2';

let n8n: N8nProcess;
let telegram: FakeTelegram;
let viber: FakeViber;
let vk: FakeVk;
let meta: FakeMeta;
let dovecot: Dovecot;
let smtp: FakeSmtp;
let store: Store;
let center: ContactCenter;
let template: Template;

/** The shipped template with what an operator fills in for VK, and the mailbox checked every minute
 * (n8n 2.41 refuses polls more often than once a minute: a seconds field is "too short"). */
function pipelineCopy(): Template {
	const copy = templateCopy('support-pipeline');
	Object.assign(packNode(copy, 'vkChannelTrigger').parameters, { groupId: String(vk.groupId), confirmation: vk.confirmation });
	packNode(copy, 'emailChannelTrigger').parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: '* * * * *' }] };
	return copy;
}

/** The production URL of one of this pipeline's channel triggers. */
const productionUrl = (type: string, path: string) => triggerUrl(n8n, template, type, path);

beforeAll(async () => {
	[telegram, viber, vk, meta, dovecot, smtp] = await Promise.all([
		startFakeTelegram(),
		startFakeViber(),
		startFakeVk(),
		startFakeMeta(),
		startDovecot(),
		startFakeSmtp(),
	]);
	template = pipelineCopy();
	const { whatsapp, messenger, instagram } = metaCredentials(meta, VERIFY_TOKEN);
	center = await startContactCenter({
		workflows: [template],
		telegram,
		credentials: [viberCredential(viber), whatsapp, messenger, instagram, vkCredential(vk, VK_SECRET), emailCredential(dovecot, smtp, 'support@acme.test')],
	});
	({ n8n, store } = center);
});

afterAll(async () => {
	await center?.stop();
	await Promise.all([telegram?.close(), viber?.close(), vk?.close(), meta?.close(), dovecot?.close(), smtp?.close()]);
});

const TABLES = ['deliveries', 'customers', 'identities', 'messages'];
const counts = () => Promise.all(TABLES.map(async (t) => Number((await store.db.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n)));
/** The counts once no earlier run is still writing (its replies are logged as they go out). */
async function quietCounts(): Promise<number[]> {
	for (let last = JSON.stringify(await counts()); ; ) {
		await new Promise((r) => setTimeout(r, 1000));
		const now = JSON.stringify(await counts());
		if (now === last) return JSON.parse(now) as number[];
		last = now;
	}
}
const inboundCount = async (text: string) =>
	Number((await store.db.query("SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND text = ?", [text]))[0].n);

/** A new customer's message on a Meta platform: their id there (wa_id or scoped id) and the webhook body. */
function metaCustomerSays(platform: Platform, text: string): { id: string; body: { object: string } } {
	if (platform === 'whatsapp') {
		const customer = meta.webhooks.whatsapp.customer('Chen Li');
		return { id: customer.waId, body: meta.webhooks.whatsapp.text(customer, text) };
	}
	const id = meta.webhooks[platform].customer();
	return { id, body: meta.webhooks[platform].text(id, text) };
}

describe('a customer asks where their order is and the answer comes back on the same channel', () => {
	test('Telegram: the trigger registered the bot’s webhook with a secret; the answer reaches the chat', async () => {
		expect(telegram.webhook()?.url).toBe(productionUrl('telegramChannelTrigger', 'telegram'));
		const anna = telegram.updates.customer({ first_name: 'Anna' });

		const delivery = await telegram.deliver(telegram.updates.text(anna, QUESTION));

		expect(delivery.status).toBe(200);
		const [answer] = await eventually('the Telegram answer', () => telegram.sent(anna.id).length > 0 && telegram.sent(anna.id));
		expect(answer.text).toContain(ANSWER);
	});

	test('Viber: publishing set the webhook (answering Viber’s signed "webhook" event); the answer reaches the customer', async () => {
		expect(viber.webhook()?.url).toBe(productionUrl('viberChannelTrigger', 'viber'));
		const boris = viber.callbacks.customer({ name: 'Boris' });

		const delivery = await viber.deliver(viber.callbacks.text(boris, QUESTION));

		expect(delivery.status).toBe(200);
		const [answer] = await eventually('the Viber answer', () => viber.sent(boris).length > 0 && viber.sent(boris));
		expect(answer.text).toContain(ANSWER);
		expect(answer.sender.name).toBe('Acme Support');
	});

	test.each([
		['whatsapp', 'whatsapp_business_account', 'whatsappChannelTrigger'],
		['messenger', 'page', 'messengerChannelTrigger'],
		['instagram', 'instagram', 'instagramChannelTrigger'],
	] as const)('%s: the dashboard’s verification is answered with the challenge; the signed message is answered', async (platform, object, trigger) => {
		const url = productionUrl(trigger, platform);
		expect(await meta.subscribe(object, url, 'not-the-verify-token')).toMatchObject({ status: 403, subscribed: false });
		expect(await meta.subscribe(object, url, VERIFY_TOKEN)).toMatchObject({ status: 200, subscribed: true });
		const { id, body } = metaCustomerSays(platform, QUESTION);

		const delivery = await meta.deliver(body);

		expect(delivery.status).toBe(200);
		const sent = await eventually(`the ${platform} answer`, () => meta.sent(platform, id).length > 0 && meta.sent(platform, id));
		expect(sent.map((m) => graphText(m.body)).join('\n')).toContain(ANSWER);
	});

	test('VK: the Callback server is confirmed with the community’s string; the event is acknowledged "ok" and answered', async () => {
		expect(await vk.addCallbackServer(productionUrl('vkChannelTrigger', 'vk'), VK_SECRET)).toBe(true);
		const dmitry = vk.events.customer({ first_name: 'Dmitry' });

		const delivery = await vk.deliver(vk.events.text(dmitry, QUESTION));

		expect(delivery).toMatchObject({ status: 200, acknowledged: true });
		const [answer] = await eventually('the VK answer', () => vk.sent(dmitry).length > 0 && vk.sent(dmitry));
		expect(answer.text).toContain(ANSWER);
	});

	test('web chat: the answer is in the visitor’s history', async () => {
		const session = 'e2eVisitorSession0001';

		const posted = await fetch(n8n.webhookUrl('webchat'), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'X-Chat-Session': session },
			body: JSON.stringify({ action: 'sendMessage', sessionId: session, clientMessageId: 'msg00000001', text: QUESTION, profile: { name: 'Eva' } }),
		});

		expect(posted.status).toBe(200);
		const lines = await eventually('the web chat answer', async () => {
			const history = await fetch(`${n8n.webhookUrl('webchat')}?after=0`, { headers: { 'X-Chat-Session': session } });
			const { lines: list } = (await history.json()) as { lines: Array<{ from: string; text: string }> };
			return list.some((l) => l.from === 'agent') && list;
		});
		expect(lines.find((l) => l.from === 'agent')?.text).toContain(ANSWER);
	});

	test('e-mail: the next check of the mailbox takes the mail, and the answer goes out by SMTP in its thread', async () => {
		const mail = await composeMail({ from: { name: 'Farida Nur', address: 'farida@example.net' }, subject: 'My order', text: QUESTION });

		await dovecot.deliver(mail.raw);

		const reply = await eventually('the e-mail answer', () => smtp.received.find((m) => m.envelope.to.includes('farida@example.net')), 90_000);
		expect(reply.parsed.inReplyTo).toBe(mail.messageId);
		expect(reply.parsed.references).toContain(mail.messageId);
		expect(reply.parsed.subject).toBe('Re: My order');
		expect(reply.parsed.text).toContain(ANSWER);
	});
});

describe('one person on two channels', () => {
	test('a customer who shared their phone on Telegram and then writes on WhatsApp from it ends on one card with both identities', async () => {
		const galina = telegram.updates.customer({ first_name: 'Galina', last_name: 'Orlova' });
		await telegram.deliver(telegram.updates.contact(galina, '+7 999 123-45-67'));
		await eventually('the Telegram contact logged', async () => (await identityOf('telegram', String(galina.id))) !== undefined);

		const onWhatsApp = { waId: '79991234567', name: 'Galina' };
		await meta.deliver(meta.webhooks.whatsapp.text(onWhatsApp, 'I want to talk to an operator'));

		await settled('the answers on WhatsApp', () => meta.sent('whatsapp', onWhatsApp.waId).length || undefined);
		const card = await eventually('one card for both identities', async () => {
			const [tg, wa] = [await identityOf('telegram', String(galina.id)), await identityOf('whatsapp', onWhatsApp.waId)];
			return tg && wa && (await liveCard(tg.customer_id)) === (await liveCard(wa.customer_id)) && (await liveCard(tg.customer_id));
		});
		const identities = await store.db.query('SELECT channel FROM identities WHERE customer_id = ? ORDER BY channel', [card]);
		expect(identities.map((r) => r.channel)).toEqual(['telegram', 'whatsapp']);
		const live = await store.db.query(
			'SELECT COUNT(*) AS n FROM customers c WHERE c.merged_into IS NULL AND EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.id AND i.external_user_id IN (?, ?))',
			[String(galina.id), onWhatsApp.waId],
		);
		expect(Number(live[0].n)).toBe(1);
	});
});

async function identityOf(channel: string, externalUserId: string) {
	const rows = await store.db.query('SELECT customer_id FROM identities WHERE channel = ? AND external_user_id = ?', [channel, externalUserId]);
	return rows[0] as { customer_id: number } | undefined;
}

/** The card a customer id ends on, following merges. */
async function liveCard(customerId: number): Promise<number> {
	const [row] = await store.db.query('SELECT id, merged_into FROM customers WHERE id = ?', [customerId]);
	return row.merged_into === null ? Number(row.id) : liveCard(Number(row.merged_into));
}

describe('forged deliveries are refused with 403 and store nothing', () => {
	test.each([
		['Meta (WhatsApp) signed with another secret', () => meta.deliver(metaCustomerSays('whatsapp', 'forged').body, { secret: 'not-the-app-secret' })],
		['Meta (Messenger) without a signature', () => meta.deliver(metaCustomerSays('messenger', 'forged').body, { signature: null })],
		['Meta (Instagram) with bytes changed after signing', () => meta.deliver(metaCustomerSays('instagram', 'forged').body, { alter: (raw) => raw.replace('forged', 'FORGED') })],
		['Viber with a bad signature', () => viber.deliver(viber.callbacks.text(viber.callbacks.customer({ name: 'Mallory' }), 'forged'), { signature: 'ab'.repeat(32) })],
		['VK with the wrong secret', () => vk.deliver(vk.events.text(vk.events.customer({ first_name: 'Mallory' }), 'forged'), { secret: 'guessed' })],
		['Telegram with the wrong secret token', () => telegram.deliver(telegram.updates.text(telegram.updates.customer({ first_name: 'Mallory' }), 'forged'), { secretToken: 'guessed' })],
	])('%s', async (_what, forge) => {
		const before = await quietCounts();

		const delivery = await forge();

		expect(delivery.status).toBe(403);
		expect(await counts()).toEqual(before);
	});
});

describe('a redelivered event is processed once', () => {
	test('Meta: the same WhatsApp message delivered twice is stored and answered once', async () => {
		const customer = meta.webhooks.whatsapp.customer('Hana');
		const body = meta.webhooks.whatsapp.text(customer, 'Meta redelivery: where is my order?');

		expect((await meta.deliver(body)).status).toBe(200);
		const answered = await settled('the WhatsApp answers', () => meta.sent('whatsapp', customer.waId).length || undefined);
		expect((await meta.deliver(body)).status).toBe(200);

		expect(await settled('the WhatsApp answers', () => meta.sent('whatsapp', customer.waId).length || undefined)).toBe(answered);
		expect(await inboundCount('Meta redelivery: where is my order?')).toBe(1);
	});

	test('Viber: the same callback delivered twice is stored and answered once', async () => {
		const ivan = viber.callbacks.customer({ name: 'Ivan' });
		const callback = viber.callbacks.text(ivan, 'Viber redelivery: where is my order?');

		expect((await viber.deliver(callback)).status).toBe(200);
		const answered = await settled('the Viber answers', () => viber.sent(ivan).length || undefined);
		expect((await viber.deliver(callback)).status).toBe(200);

		expect(await settled('the Viber answers', () => viber.sent(ivan).length || undefined)).toBe(answered);
		expect(await inboundCount('Viber redelivery: where is my order?')).toBe(1);
	});

	test('VK: the same event delivered twice is acknowledged both times, stored and answered once', async () => {
		const jana = vk.events.customer({ first_name: 'Jana' });
		const event = vk.events.text(jana, 'VK redelivery: where is my order?');

		expect(await vk.deliver(event)).toMatchObject({ acknowledged: true });
		const answered = await settled('the VK answers', () => vk.sent(jana).length || undefined);
		expect(await vk.deliver(event)).toMatchObject({ acknowledged: true });

		expect(await settled('the VK answers', () => vk.sent(jana).length || undefined)).toBe(answered);
		expect(await inboundCount('VK redelivery: where is my order?')).toBe(1);
	});
});

describe('secrets stay secret', () => {
	test('after the whole run, no channel token, app secret or password appears in n8n’s log or in its execution data', () => {
		const secrets = {
			'Telegram token': telegram.token,
			'Viber token': viber.authToken,
			'WhatsApp token': meta.whatsapp.token,
			'Messenger token': meta.messenger.token,
			'Instagram token': meta.instagram.token,
			'Meta app secret': meta.appSecret,
			'Meta verify token': VERIFY_TOKEN,
			'VK token': vk.token,
			'VK callback secret': VK_SECRET,
			'IMAP password': dovecot.password,
		};
		const n8nDb = new DatabaseSync(join(n8n.userFolder, '.n8n', 'database.sqlite'), { readOnly: true });
		const executions = n8nDb.prepare('SELECT data FROM execution_data').all().map((row) => String(row.data));
		n8nDb.close();
		expect(executions.length).toBeGreaterThan(5);
		const haystacks = { 'n8n log': n8n.logs(), 'execution data': executions.join('\n') };
		const leaks = Object.entries(secrets).flatMap(([secret, value]) =>
			Object.entries(haystacks).filter(([, text]) => text.includes(value)).map(([where]) => `${secret} in ${where}`),
		);
		expect(leaks).toEqual([]);
	});
});
