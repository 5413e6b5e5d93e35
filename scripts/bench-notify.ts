/**
 * Notification campaign benchmark: 10,000 recipients across Telegram, WhatsApp, VK and Messenger,
 * sent through the fake channel servers with the platforms' real rate limits enforced (a throughput
 * gate in front of Telegram and WhatsApp; the VK fake counts 20 requests a second itself), on a
 * SQLite store. Prints one JSON line: per channel the achieved rate as a share of the allowed one,
 * messages lost, duplicates and rate-limit refusals.
 *
 *   npx node --experimental-transform-types --no-warnings scripts/bench-notify.ts [--total 10000]
 *
 * Runs on Node 24's own TypeScript support (transform mode: the fakes use parameter properties).
 */
import './lib/ts-resolve.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


const { openSqliteDb } = await import('../nodes/shared/store/db/sqlite.ts');
const { storeOn } = await import('../nodes/shared/store/store.ts');
const { MIGRATIONS, migrate } = await import('../nodes/shared/store/migrations/index.ts');
const { runCampaign } = await import('../nodes/shared/notify/runner.ts');
const { DEFAULT_RATES } = await import('../nodes/shared/notify/limits.ts');
const { telegramSender } = await import('../nodes/shared/channels/telegram/outbound.ts');
const { vkSender } = await import('../nodes/shared/channels/vk/outbound.ts');
const { whatsAppSender } = await import('../nodes/shared/channels/whatsapp/outbound.ts');
const { messengerSender } = await import('../nodes/shared/channels/messenger/index.ts');
const { startFakeTelegram } = await import('../test/fakes/telegram/server.ts');
const { startFakeVk } = await import('../test/fakes/vk/server.ts');
const { startFakeMeta } = await import('../test/fakes/meta/server.ts');
const { startThroughputGate, TELEGRAM_RATE, WHATSAPP_RATE } = await import('../test/fakes/throughput.ts');

const at = process.argv.indexOf('--total');
const total = at >= 0 ? Number(process.argv[at + 1]) : 10_000;
/** Shares sized so that every channel takes about as long at its own rate (30, 80, 20 and 40 a second). */
const SHARES = { telegram: 0.23, whatsapp: 0.58, vk: 0.14, messenger: 0.05 } as const;
const ALLOWED = { telegram: 30, whatsapp: 80, vk: 20, messenger: (DEFAULT_RATES.messenger!.limit * 1000) / DEFAULT_RATES.messenger!.windowMs };

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-notify-'));
const db = openSqliteDb(join(dir, 'store.sqlite'));
await migrate(db, MIGRATIONS);
const store = storeOn(db);
const [tg, vk, meta] = await Promise.all([startFakeTelegram(), startFakeVk(), startFakeMeta()]);
const tgGate = await startThroughputGate(tg.baseUrl, TELEGRAM_RATE);
const waGate = await startThroughputGate(meta.baseUrl, WHATSAPP_RATE);

type Channel = keyof typeof SHARES;
const recipients: Array<{ channel: Channel; address: string; customerId: number; vkUser?: { id: number; first_name: string } }> = [];
const seenAt = new Date().toISOString();
await db.transaction(async (tx) => {
	for (const channel of Object.keys(SHARES) as Channel[]) {
		const count = Math.round(total * SHARES[channel]);
		for (let i = 0; i < count; i++) {
			let address: string;
			let vkUser;
			if (channel === 'telegram') {
				const user = tg.updates.customer({ first_name: `T${i}` });
				tg.updates.text(user, 'Hi');
				address = String(user.id);
			} else if (channel === 'vk') {
				vkUser = vk.events.customer({ first_name: `V${i}` });
				vk.events.text(vkUser, 'Привет');
				address = String(vkUser.id);
			} else {
				address = channel === 'whatsapp' ? `7900${String(i).padStart(7, '0')}` : `psid${i}`;
				meta.customerWrote(channel, address, new Date());
			}
			const [customer] = await tx.query("INSERT INTO customers (name, fields) VALUES (?, '{}') RETURNING id", [`${channel} ${i}`]);
			const account = channel === 'telegram' ? String(tg.botId) : channel === 'vk' ? String(vk.groupId) : channel === 'whatsapp' ? meta.whatsapp.phoneNumberId : meta.messenger.pageId;
			await tx.query(
				"INSERT INTO identities (customer_id, channel, account, external_user_id, address, consent, last_seen_at) VALUES (?, ?, ?, ?, ?, 'subscribed', ?)",
				[customer.id, channel, account, address, address, seenAt],
			);
			recipients.push({ channel, address, customerId: Number(customer.id), vkUser });
		}
	}
});

const started = Date.now();
const run = await runCampaign(
	store,
	{
		telegram: (m, c) => telegramSender.send({ accessToken: tg.token, baseUrl: tgGate.baseUrl }, m, c),
		whatsapp: (m, c) => whatsAppSender.send({ accessToken: meta.whatsapp.token, phoneNumberId: meta.whatsapp.phoneNumberId, baseUrl: waGate.baseUrl }, m, c),
		vk: (m, c) => vkSender.send({ accessToken: vk.token, baseUrl: vk.baseUrl }, m, c),
		messenger: (m, c) => messengerSender.send({ accessToken: meta.messenger.token, baseUrl: meta.baseUrl }, m, c),
	},
	{
		key: 'bench',
		settings: { kind: 'promotional', texts: { en: 'Spring sale, {{name}}' }, defaultLanguage: 'en', fallbackOrder: [], quietHours: null, defaultTimeZone: 'UTC', frequencyCap: null },
		recipients: recipients.map((r) => ({ customerId: r.customerId })),
	},
);
const wallSeconds = (Date.now() - started) / 1000;

/** Arrival times of the messages each recipient received, from the fakes' own records. */
const received = (r: (typeof recipients)[number]): number[] => {
	if (r.channel === 'telegram') return tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && String(c.params.chat_id) === r.address).map((c) => c.at);
	if (r.channel === 'vk') return vk.sent(r.vkUser!).map((m) => m.at);
	return meta.sent(r.channel, r.address).map((m) => m.at);
};
const channels: Record<string, unknown> = {};
let lost = 0;
let duplicates = 0;
for (const channel of Object.keys(SHARES) as Channel[]) {
	const mine = recipients.filter((r) => r.channel === channel);
	const times = mine.flatMap(received).sort((a, b) => a - b);
	const counts = mine.map((r) => received(r).length);
	lost += counts.filter((n) => n === 0).length;
	duplicates += counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
	const seconds = (times[times.length - 1] - times[0]) / 1000;
	const rate = (times.length - 1) / seconds;
	channels[channel] = { messages: times.length, seconds: Number(seconds.toFixed(1)), perSecond: Number(rate.toFixed(2)), allowed: ALLOWED[channel], ofAllowed: Number((rate / ALLOWED[channel]).toFixed(3)) };
}
const refusals = {
	telegram429: tgGate.refused,
	whatsapp130429: waGate.refused,
	vkError6: vk.calls.filter((c) => c.errorCode === 6).length,
	messengerRateLimited: meta.calls.filter((c) => c.platform === 'messenger' && c.status !== 200).length,
};
console.log(JSON.stringify({ recipients: total, wallSeconds: Number(wallSeconds.toFixed(1)), channels, lost, duplicates, rateLimitRefusals: refusals, progress: run.progress }));

await Promise.all([tgGate.close(), waGate.close(), tg.close(), vk.close(), meta.close()]);
await store.close();
rmSync(dir, { recursive: true, force: true });
