/**
 * A real n8n running the pack's templates on an embedded store of its own, with that store open
 * in the test too, to seed operators and to look at what the workflows wrote.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { routerOn, type Router } from '../../nodes/shared/routing';
import { closeAllStores, openStore, type Store, type StoreConfig } from '../../nodes/shared/store';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import type { Dovecot } from '../fakes/email/dovecot';
import type { FakeSmtp } from '../fakes/email/smtp';
import type { FakeMeta } from '../fakes/meta/server';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/server';
import type { FakeViber } from '../fakes/viber/server';
import type { FakeVk } from '../fakes/vk/server';
import { sqliteBackend, storeCredentialOf, type Backend } from './backends';
import { startN8n, type N8nCredential, type N8nProcess, type StartN8nOptions } from './n8n-process';
import { eventually } from './wait';

/** The shipped template's file, by name: `template('support-pipeline')`. */
export const template = (name: string) => resolve(__dirname, `../../workflows/${name}.json`);

/** A shipped template as a test reads and edits it before importing it. */
export interface Template {
	id: string;
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> }>;
	connections: Record<string, unknown>;
}

/** A copy of a shipped template, by name, to edit before it is imported. */
export const templateCopy = (name: string): Template => JSON.parse(readFileSync(template(name), 'utf8')) as Template;

/** The template's node of one of the pack's types (`vkChannelTrigger`). */
export const packNode = (workflow: Template, type: string) => workflow.nodes.find((n) => n.type === `n8n-nodes-contact-center.${type}`)!;

/** The shipped support pipeline with only these of its channel triggers (`emailChannelTrigger`), the others and their connections taken out. */
export function pipelineWithChannels(kept: string[]): Template {
	const copy = templateCopy('support-pipeline');
	const dropped = copy.nodes.filter((n) => /ChannelTrigger$|webChatTrigger$/.test(n.type) && !kept.some((t) => n.type.endsWith(`.${t}`))).map((n) => n.name);
	copy.nodes = copy.nodes.filter((n) => !dropped.includes(n.name));
	for (const name of dropped) delete copy.connections[name];
	return copy;
}

/** The production URL n8n shows on a channel trigger of the workflow: /webhook/<webhookId>/<path>. */
export const triggerUrl = (n8n: Pick<N8nProcess, 'webhookUrl'>, workflow: Template, type: string, path: string) =>
	n8n.webhookUrl(`${packNode(workflow, type).webhookId}/${path}`);

/** The WhatsApp, Messenger and Instagram credentials the templates name, pointed at a fake Graph API. */
export function metaCredentials(meta: FakeMeta, verifyToken: string): Record<'whatsapp' | 'messenger' | 'instagram', N8nCredential> {
	const graph = { appSecret: meta.appSecret, verifyToken, apiVersion: 'v21.0', baseUrl: meta.baseUrl };
	return {
		whatsapp: {
			id: 'ccWhatsApp000001',
			name: 'WhatsApp Business',
			type: 'contactCenterWhatsAppApi',
			data: { accessToken: meta.whatsapp.token, phoneNumberId: meta.whatsapp.phoneNumberId, templateName: '', templateLanguage: 'en', ...graph },
		},
		messenger: { id: 'ccMessenger00001', name: 'Facebook Page', type: 'contactCenterMessengerApi', data: { accessToken: meta.messenger.token, pageId: meta.messenger.pageId, ...graph } },
		instagram: {
			id: 'ccInstagram00001',
			name: 'Instagram Account',
			type: 'contactCenterInstagramApi',
			data: { accessToken: meta.instagram.token, pageId: meta.instagram.pageId, igAccountId: meta.instagram.igAccountId, ...graph },
		},
	};
}

/** The VK credential the templates name, pointed at a fake VK API, with the Callback API's secret. */
export const vkCredential = (vk: FakeVk, secret: string): N8nCredential => ({
	id: 'ccVkCommunity001',
	name: 'VK Community',
	type: 'contactCenterVkApi',
	data: { accessToken: vk.token, secret, baseUrl: vk.baseUrl },
});

/** The Telegram credential the templates name, pointed at a fake Bot API. */
export const telegramCredential = (telegram: FakeTelegram): N8nCredential => ({
	id: 'ccTelegramBot001',
	name: 'Telegram Bot',
	type: 'contactCenterTelegramApi',
	data: { accessToken: telegram.token, baseUrl: telegram.baseUrl },
});

/** The Viber credential the templates name, pointed at a fake Viber REST API. */
export const viberCredential = (viber: FakeViber): N8nCredential => ({
	id: 'ccViberBot000001',
	name: 'Viber Bot',
	type: 'contactCenterViberApi',
	data: { authToken: viber.authToken, senderName: 'Acme Support', senderAvatar: '', baseUrl: viber.baseUrl },
});

/** The e-mail credential the templates name, pointed at a real IMAP server and a fake SMTP one. */
export const emailCredential = (dovecot: Dovecot, smtp: FakeSmtp, fromAddress: string): N8nCredential => ({
	id: 'ccEmail000000001',
	name: 'Support Mailbox',
	type: 'contactCenterEmailApi',
	data: {
		fromAddress,
		fromName: 'Acme Support',
		imapHost: dovecot.host,
		imapPort: dovecot.port,
		imapSecure: false,
		imapUser: dovecot.user,
		imapPassword: dovecot.password,
		mailbox: 'INBOX',
		smtpHost: smtp.host,
		smtpPort: smtp.port,
		smtpSecure: false,
		smtpUser: smtp.user,
		smtpPassword: smtp.password,
	},
});

export interface ContactCenter {
	n8n: N8nProcess;
	store: Store;
	/** Where the store is, for a credential of another process (a child, a second n8n). */
	storeConfig: StoreConfig;
	stop(): Promise<void>;
}

/**
 * `credentials` come on top of the store's; a fake Telegram given here gets the templates' Telegram
 * credential. The store is a SQLite file of its own unless `backend` gives another (queue mode's
 * workers need PostgreSQL: `postgresBackend`).
 */
export async function startContactCenter(
	options: StartN8nOptions & { telegram?: FakeTelegram; backend?: Backend },
): Promise<ContactCenter> {
	const { telegram, credentials = [], backend = await sqliteBackend(), ...rest } = options;
	const n8n = await startN8n({
		...rest,
		credentials: [
			{ id: 'ccStoreDefault01', name: 'Contact Center Store', type: 'contactCenterStoreApi', data: storeCredentialOf(backend.config) },
			...(telegram ? [telegramCredential(telegram)] : []),
			...credentials,
		],
	});
	const store = await openStore(backend.config);
	return {
		n8n,
		store,
		storeConfig: backend.config,
		stop: async () => {
			await closeAllStores();
			await n8n.stop();
			await backend.dispose();
		},
	};
}

export interface DeskCenter extends ContactCenter {
	telegram: FakeTelegram;
	router: Router;
}

/**
 * What the operator desk's tests start from: the support pipeline and the operator-desk template
 * on a fake Telegram, with a router over the store to set up groups and operators. `stop()` closes
 * the fake Telegram too.
 */
export async function startDeskCenter(): Promise<DeskCenter> {
	const telegram = await startFakeTelegram();
	try {
		const center = await startContactCenter({ workflows: [template('support-pipeline'), template('operator-desk')], telegram });
		return {
			...center,
			telegram,
			router: routerOn(center.store.db),
			stop: async () => {
				await center.stop();
				await telegram.close();
			},
		};
	} catch (error) {
		await telegram.close();
		throw error;
	}
}

/** An Authorization header signing in with HTTP basic auth, as a browser sends it to n8n's forms. */
export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** An admin form's URL in this install (a form of `workflow`), and the install's form user, as `npm start` prints them. */
export function adminForm(n8n: Pick<N8nProcess, 'userFolder' | 'baseUrl'>, nodeName: string, workflow = 'cc-admin-forms') {
	const secrets = JSON.parse(readFileSync(resolve(n8n.userFolder, 'install-secrets.json'), 'utf8'));
	const prepared = JSON.parse(readFileSync(resolve(n8n.userFolder, `import/workflows/${workflow}.json`), 'utf8'));
	const form = prepared.nodes.find((node: { name: string }) => node.name === nodeName);
	const [user, password] = [secrets.formUser as string, secrets.formPassword as string];
	return { url: `${n8n.baseUrl}/form/${form.webhookId}`, user, password, authorization: basicAuth(user, password) };
}

/** One call of the operator desk's API of this n8n, as the desk page makes it (signed in with `token`). */
export async function callDesk(n8n: Pick<N8nProcess, 'webhookUrl'>, body: Record<string, unknown>, token?: string) {
	const response = await fetch(n8n.webhookUrl('desk'), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Canned replies the desk tests insert; the first fills in the customer's and operator's names. */
export const CANNED_REPLIES = [
	{ name: 'Greeting', body: 'Hello {{customer.name}}, this is {{operator.name}}. I am looking at your order now.' },
	{ name: 'Refund policy', body: 'Refunds reach your card within 5 working days.' },
];

/**
 * A Telegram customer asks for a person through the real webhook; resolves once the pipeline told
 * them who answers, their place in the queue, or that nobody is online, with their open conversation.
 */
export async function handOffOnTelegram(telegram: FakeTelegram, store: Store, user: User) {
	const before = telegram.sent(user.id).length;
	await telegram.deliver(telegram.updates.text(user, 'I want to talk to an operator'));
	await eventually(`${user.first_name} routed`, () =>
		telegram.sent(user.id).slice(before).some((m) => /in the queue|will answer you here shortly|the first one back will answer you here/.test(m.text ?? '')),
	);
	const [row] = await store.db.query(
		"SELECT c.id, c.customer_id FROM conversations c JOIN identities i ON i.customer_id = c.customer_id WHERE i.channel = 'telegram' AND i.external_user_id = ? AND c.status = 'open'",
		[String(user.id)],
	);
	return { user, conversationId: Number(row.id), customerId: Number(row.customer_id) };
}
