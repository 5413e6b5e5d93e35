/**
 * One worker of `bench:notify --queue`: a process of its own, as an n8n queue-mode worker is,
 * running one campaign on the shared PostgreSQL store with the channel senders. n8n's
 * QUEUE_BULL_REDIS_* variables in its environment make the senders take their turns from the
 * limiter shared through Redis. Forked with IPC; it is sent { store, endpoints, campaign } and
 * answers { progress, recovery } when the campaign has nothing left to send.
 */
import './ts-resolve.mjs';

import type { BenchEndpoints } from '../../test/fakes/benchChannels.ts';

const { openPostgresDb } = await import('../../nodes/shared/store/db/postgres.ts');
const { storeOn } = await import('../../nodes/shared/store/store.ts');
const { runCampaign } = await import('../../nodes/shared/notify/runner.ts');
const { telegramSender } = await import('../../nodes/shared/channels/telegram/outbound.ts');
const { vkSender } = await import('../../nodes/shared/channels/vk/outbound.ts');
const { whatsAppSender } = await import('../../nodes/shared/channels/whatsapp/outbound.ts');
const { messengerSender } = await import('../../nodes/shared/channels/messenger/index.ts');

export interface WorkerTask {
	store: { host: string; port: number; user: string; database: string; schema: string };
	endpoints: BenchEndpoints;
	campaign: string;
	settings: Record<string, unknown>;
}

process.once('message', async (task: WorkerTask) => {
	const db = await openPostgresDb(task.store);
	const store = storeOn(db);
	const e = task.endpoints;
	const run = await runCampaign(
		store,
		{
			telegram: (m, c) => telegramSender.send({ accessToken: e.telegram.token, baseUrl: e.telegram.baseUrl }, m, c),
			whatsapp: (m, c) => whatsAppSender.send({ accessToken: e.whatsapp.token, phoneNumberId: e.whatsapp.phoneNumberId, baseUrl: e.whatsapp.baseUrl }, m, c),
			vk: (m, c) => vkSender.send({ accessToken: e.vk.token, baseUrl: e.vk.baseUrl }, m, c),
			messenger: (m, c) => messengerSender.send({ accessToken: e.messenger.token, baseUrl: e.messenger.baseUrl }, m, c),
		},
		{ key: task.campaign, settings: task.settings as never },
	);
	process.send!({ progress: run.progress, recovery: run.recovery });
	await store.close();
	process.exit(0);
});
