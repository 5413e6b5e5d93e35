import type { SendResult } from '../../../nodes/shared/channels/types';
import { createTelegramSender } from '../../../nodes/shared/channels/telegram/outbound';
import { createVkSender } from '../../../nodes/shared/channels/vk/outbound';
import { createWhatsAppSender } from '../../../nodes/shared/channels/whatsapp/outbound';
import { parseInbound, type Channel } from '../../../nodes/shared/envelope';
import type { NotifySettings } from '../../../nodes/shared/notify';
import type { Senders } from '../../../nodes/shared/outbox/reply';
import { storeOn, type Db, type LoggedInbound, type Store } from '../../../nodes/shared/store';
import { migratedDb, sqliteBackend, type Backend } from '../../harness/backends';

export { BACKENDS } from '../../harness/backends';
import { startFakeMeta, type FakeMeta } from '../../fakes/meta/server';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server';
import { startFakeVk, type FakeVk } from '../../fakes/vk/server';

/** Short waits between retries; Telegram's retry_after is still honoured up to 1.5 s. */
const FAST = { attempts: 3, baseDelayMs: 5, maxDelayMs: 1500 };

export const TEMPLATE = { name: 'order_update', language: 'en' };

/** A store and the fake Telegram, VK and Meta servers, with senders wired to them as the node wires the real ones. */
export interface World {
	store: Store;
	tg: FakeTelegram;
	vk: FakeVk;
	meta: FakeMeta;
	senders: Senders;
	/** A customer who wrote on Telegram (and whose private chat therefore exists). */
	onTelegram(name: string, at?: Date): Promise<LoggedInbound & { chatId: number }>;
	/** The same or a new customer writing in the VK community. */
	onVk(name: string, at?: Date): Promise<LoggedInbound & { peerId: number }>;
	onWhatsApp(waId: string, name: string, at: Date): Promise<LoggedInbound>;
	/** A visitor writing in the web chat of site `website` from the page of `sessionId`. */
	onWebChat(sessionId: string, name: string, at: Date): Promise<LoggedInbound>;
	/** Links a second channel identity onto a card, as a verified-contact merge would. */
	link(onto: LoggedInbound, other: LoggedInbound): Promise<void>;
	dispose(): Promise<void>;
}

let seq = 0;

/** A world on a new backend, or over a database the caller keeps (`drop` then leaves it alone). */
export async function openWorld(
	open: (() => Promise<Backend>) | { db: Db } = sqliteBackend,
): Promise<World> {
	const { db, drop } = 'db' in open ? { ...open, drop: async () => undefined } : await migratedDb(open);
	const store = storeOn(db);
	const [tg, vk, meta] = await Promise.all([startFakeTelegram(), startFakeVk(), startFakeMeta()]);
	meta.approveTemplate(TEMPLATE.name, TEMPLATE.language);
	const telegram = createTelegramSender(FAST);
	const vkSender = createVkSender(FAST);
	const whatsapp = createWhatsAppSender(FAST);
	const senders: Senders = {
		// The store is web chat's transport: the open page reads the message from there (node-kit/senders.ts).
		webchat: async () => ({ ok: true, externalIds: [] }),
		telegram: (m, c) => telegram.send({ accessToken: tg.token, baseUrl: tg.baseUrl }, m, c),
		vk: (m, c) => vkSender.send({ accessToken: vk.token, baseUrl: vk.baseUrl }, m, c),
		whatsapp: (m, c) =>
			whatsapp.send({ accessToken: meta.whatsapp.token, phoneNumberId: meta.whatsapp.phoneNumberId, baseUrl: meta.baseUrl, templateName: TEMPLATE.name, templateLanguage: TEMPLATE.language }, m, c),
	};
	/** The store dates an identity's last message by when it logged it: a message `at` in the past is back-dated as if logged then. */
	const log = async (channel: Channel, account: string, userId: string, name: string, at: Date, text = 'Hello') => {
		const logged = await store.conversations.logInbound(
			parseInbound({ channel, account, externalId: `in-${++seq}`, conversationKey: userId, sender: { id: userId, name }, text, receivedAt: at.toISOString(), raw: {} }),
		);
		await db.query('UPDATE identities SET last_seen_at = ? WHERE id = ?', [at.toISOString(), logged.identity.id]);
		return { ...logged, identity: { ...logged.identity, lastSeenAt: at.toISOString() } };
	};
	return {
		store,
		tg,
		vk,
		meta,
		senders,
		async onTelegram(name, at = new Date()) {
			const user = tg.updates.customer({ first_name: name });
			tg.updates.text(user, 'Hello');
			return { ...(await log('telegram', String(tg.botId), String(user.id), name, at)), chatId: user.id };
		},
		async onVk(name, at = new Date()) {
			const user = vk.events.customer({ first_name: name });
			vk.events.text(user, 'Здравствуйте');
			return { ...(await log('vk', String(vk.groupId), String(user.id), name, at)), peerId: user.id };
		},
		async onWhatsApp(waId, name, at) {
			meta.customerWrote('whatsapp', waId, at);
			return log('whatsapp', meta.whatsapp.phoneNumberId, waId, name, at);
		},
		onWebChat: (sessionId, name, at) => log('webchat', 'website', sessionId, name, at),
		async link(onto, other) {
			await db.query('UPDATE identities SET customer_id = ? WHERE id = ?', [onto.customer.id, other.identity.id]);
			await db.query('UPDATE conversations SET customer_id = ? WHERE customer_id = ?', [onto.customer.id, other.customer.id]);
			await db.query('UPDATE customers SET merged_into = ? WHERE id = ?', [onto.customer.id, other.customer.id]);
		},
		async dispose() {
			await Promise.all([tg.close(), vk.close(), meta.close()]);
			await store.close();
			await drop();
		},
	};
}

export function settings(patch: Partial<NotifySettings> = {}): NotifySettings {
	return {
		kind: 'service',
		texts: { en: 'Hello {{name}}, your order {{orderNumber}} has shipped.', ru: 'Здравствуйте, {{name}}! Заказ {{orderNumber}} отправлен.' },
		defaultLanguage: 'en',
		fallbackOrder: ['telegram', 'vk', 'whatsapp'],
		quietHours: null,
		defaultTimeZone: 'UTC',
		frequencyCap: null,
		...patch,
	};
}

export const subscribe = (store: Store, customerId: number) =>
	store.db.query("UPDATE identities SET consent = 'subscribed' WHERE customer_id = ?", [customerId]);

/** Telegram answers 502 through every retry the sender makes, until `recover` is called. */
export function telegramDown(world: World) {
	const telegram = world.senders.telegram!;
	let down = true;
	world.senders.telegram = (message, context) =>
		down ? Promise.resolve<SendResult>({ ok: false, permanent: false, code: 'server_error', reason: 'Bad Gateway' }) : telegram(message, context);
	return { recover: () => void (down = false) };
}
