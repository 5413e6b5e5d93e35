/**
 * Notification campaign benchmark: 10,000 recipients across Telegram, WhatsApp, VK and Messenger,
 * sent through the fake channel servers with the platforms' real rate limits enforced (a throughput
 * gate in front of Telegram and WhatsApp; the VK fake counts 20 requests a second itself), on a
 * SQLite store. The fakes run in a child process (test/fakes/benchChannels.ts), so that the figures
 * measure the sender, not fakes starved by the sender's synchronous SQLite calls. Prints one JSON
 * line: per channel the achieved rate as a share of the allowed one, messages lost, duplicates,
 * rate-limit refusals, the time spent adding the audience and the machine's load.
 *
 *   npm run bench:notify [-- --total 10000]
 *
 * Runs on Node 24's own TypeScript support (transform mode: the fakes use parameter properties).
 */
import './lib/ts-resolve.mjs';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BenchChannel, BenchEndpoints, BenchRequest } from '../test/fakes/benchChannels.ts';

const { openSqliteDb } = await import('../nodes/shared/store/db/sqlite.ts');
const { storeOn } = await import('../nodes/shared/store/store.ts');
const { MIGRATIONS, migrate } = await import('../nodes/shared/store/migrations/index.ts');
const { runCampaign } = await import('../nodes/shared/notify/runner.ts');
const { addRecipients, openCampaign } = await import('../nodes/shared/notify/campaigns.ts');
const { recipientsFromItems } = await import('../nodes/shared/notify/audience.ts');
const { DEFAULT_RATES } = await import('../nodes/shared/notify/limits.ts');
const { telegramSender } = await import('../nodes/shared/channels/telegram/outbound.ts');
const { vkSender } = await import('../nodes/shared/channels/vk/outbound.ts');
const { whatsAppSender } = await import('../nodes/shared/channels/whatsapp/outbound.ts');
const { messengerSender } = await import('../nodes/shared/channels/messenger/index.ts');

const at = process.argv.indexOf('--total');
const total = at >= 0 ? Number(process.argv[at + 1]) : 10_000;
/** What the platforms (and so the fakes) allow; Messenger states no rate, so the pack's own pace is the target. */
const ALLOWED: Record<BenchChannel, number> = { telegram: 30, whatsapp: 80, vk: 20, messenger: (DEFAULT_RATES.messenger!.limit * 1000) / DEFAULT_RATES.messenger!.windowMs };
/** Shares in proportion to the rates, so that every channel is busy for the whole run. */
const allowedInAll = Object.values(ALLOWED).reduce((a, b) => a + b, 0);
const SHARES = Object.fromEntries(Object.entries(ALLOWED).map(([c, rate]) => [c, rate / allowedInAll])) as Record<BenchChannel, number>;
const CHANNELS = Object.keys(SHARES) as BenchChannel[];

const child = fork(fileURLToPath(new URL('../test/fakes/benchChannels.ts', import.meta.url)), {
	execArgv: ['--experimental-transform-types', '--no-warnings', '--import', fileURLToPath(new URL('./lib/ts-resolve.mjs', import.meta.url))],
});
/** One request to the fakes' process and its answer (requests are made one at a time). */
const ask = <T>(request?: BenchRequest): Promise<T> =>
	new Promise((resolve) => {
		child.once('message', (answer) => resolve(answer as T));
		if (request) child.send(request);
	});
const { endpoints } = await ask<{ endpoints: BenchEndpoints }>();
const counts = Object.fromEntries(CHANNELS.map((c) => [c, Math.round(total * SHARES[c])])) as Record<BenchChannel, number>;
const { addresses } = await ask<{ addresses: Record<BenchChannel, string[]> }>({ customers: counts });

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-notify-'));
const db = openSqliteDb(join(dir, 'store.sqlite'));
await migrate(db, MIGRATIONS);
const store = storeOn(db);
const accountOf: Record<BenchChannel, string> = {
	telegram: endpoints.telegram.account,
	whatsapp: endpoints.whatsapp.phoneNumberId,
	vk: endpoints.vk.account,
	messenger: endpoints.messenger.account,
};
// Customers of every channel are interleaved by id, as in a real customer base: the runner reads the
// audience in id order, so an audience sorted by channel would feed the channels one after another.
const everyone = CHANNELS.flatMap((channel) => addresses[channel].map((address, i) => ({ channel, address, position: (i + 0.5) / addresses[channel].length })));
everyone.sort((a, b) => a.position - b.position);
const customerIds: number[] = [];
const seenAt = new Date().toISOString();
await db.transaction(async (tx) => {
	for (const [i, { channel, address }] of everyone.entries()) {
		const [customer] = await tx.query("INSERT INTO customers (name, fields) VALUES (?, '{}') RETURNING id", [`${channel} ${i}`]);
		await tx.query(
			"INSERT INTO identities (customer_id, channel, account, external_user_id, address, consent, last_seen_at) VALUES (?, ?, ?, ?, ?, 'subscribed', ?)",
			[customer.id, channel, accountOf[channel], address, address, seenAt],
		);
		customerIds.push(Number(customer.id));
	}
});

const settings = { kind: 'promotional', texts: { en: 'Spring sale, {{name}}' }, defaultLanguage: 'en', fallbackOrder: [], quietHours: null, defaultTimeZone: 'UTC', frequencyCap: null } as const;
// The audience is added as the Notify node's items would add it (resolved by customer id), timed on its own.
const started = Date.now();
const campaign = await openCampaign(db, 'bench', { ...settings, fallbackOrder: [] });
await addRecipients(db, campaign.id, await recipientsFromItems(db, customerIds.map((customerId) => ({ customerId }))));
const audienceSeconds = (Date.now() - started) / 1000;
const run = await runCampaign(
	store,
	{
		telegram: (m, c) => telegramSender.send({ accessToken: endpoints.telegram.token, baseUrl: endpoints.telegram.baseUrl }, m, c),
		whatsapp: (m, c) => whatsAppSender.send({ accessToken: endpoints.whatsapp.token, phoneNumberId: endpoints.whatsapp.phoneNumberId, baseUrl: endpoints.whatsapp.baseUrl }, m, c),
		vk: (m, c) => vkSender.send({ accessToken: endpoints.vk.token, baseUrl: endpoints.vk.baseUrl }, m, c),
		messenger: (m, c) => messengerSender.send({ accessToken: endpoints.messenger.token, baseUrl: endpoints.messenger.baseUrl }, m, c),
	},
	{ key: 'bench', settings: { ...settings, fallbackOrder: [] } },
);
const wallSeconds = (Date.now() - started) / 1000;
const load = loadavg().map((l) => Number(l.toFixed(2)));

const report = await ask<{ received: Record<BenchChannel, Record<string, number[]>>; refusals: Record<string, number> }>({ report: true });
const channels: Record<string, unknown> = {};
let lost = 0;
let duplicates = 0;
for (const channel of CHANNELS) {
	const perRecipient = Object.values(report.received[channel]);
	const times = perRecipient.flat().sort((a, b) => a - b);
	lost += perRecipient.filter((t) => t.length === 0).length;
	duplicates += perRecipient.reduce((sum, t) => sum + Math.max(0, t.length - 1), 0);
	const seconds = (times[times.length - 1] - times[0]) / 1000;
	const rate = (times.length - 1) / seconds;
	channels[channel] = { messages: times.length, seconds: Number(seconds.toFixed(1)), perSecond: Number(rate.toFixed(2)), allowed: ALLOWED[channel], ofAllowed: Number((rate / ALLOWED[channel]).toFixed(3)) };
}
console.log(
	JSON.stringify({
		recipients: total,
		wallSeconds: Number(wallSeconds.toFixed(1)),
		audienceSeconds: Number(audienceSeconds.toFixed(1)),
		channels,
		lost,
		duplicates,
		rateLimitRefusals: report.refusals,
		progress: run.progress,
		loadAverage: load,
	}),
);

child.send({ close: true } satisfies BenchRequest);
await store.close();
rmSync(dir, { recursive: true, force: true });
