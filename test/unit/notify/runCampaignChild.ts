/**
 * Runs one campaign in a process of its own, so that a test can SIGKILL it mid-way:
 *   node --experimental-transform-types runCampaignChild.ts <sqlite file> <settings JSON> <senders JSON>
 * Prints "settled <recipient id> <state>" per recipient. Imports only what SQLite needs (no pg).
 */
import '../../../scripts/lib/ts-resolve.mjs';

const [file, settingsJson, endpointsJson] = process.argv.slice(2);
const { openSqliteDb } = await import('../../../nodes/shared/store/db/sqlite.ts');
const { storeOn } = await import('../../../nodes/shared/store/store.ts');
const { runCampaign } = await import('../../../nodes/shared/notify/runner.ts');
const { createTelegramSender } = await import('../../../nodes/shared/channels/telegram/outbound.ts');
const { createVkSender } = await import('../../../nodes/shared/channels/vk/outbound.ts');

const endpoints = JSON.parse(endpointsJson) as { telegram: { accessToken: string; baseUrl: string }; vk: { accessToken: string; baseUrl: string } };
const fast = { attempts: 3, baseDelayMs: 5, maxDelayMs: 1500 };
const telegram = createTelegramSender(fast);
const vk = createVkSender(fast);
const store = storeOn(openSqliteDb(file));
await runCampaign(
	store,
	{
		telegram: (m: any, c: any) => telegram.send(endpoints.telegram, m, c),
		vk: (m: any, c: any) => vk.send(endpoints.vk, m, c),
	},
	{ key: 'spring-outage', settings: JSON.parse(settingsJson) },
	{ onSettled: (id: number, state: string) => process.stdout.write(`settled ${id} ${state}\n`) },
);
process.stdout.write('done\n');
await store.close();
