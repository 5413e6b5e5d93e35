import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { findCampaign, progressOf, runCampaign } from '../../../nodes/shared/notify';
import { recipientsFromItems } from '../../../nodes/shared/notify/audience';
import { addRecipients, openCampaign, recipientsIn } from '../../../nodes/shared/notify/campaigns';
import { claimForSend, markHanded } from '../../../nodes/shared/notify/claim';
import { migratedDb, sqliteBackend } from '../../harness/backends';
import { openWorld, settings, type World } from './world';

jest.setTimeout(120_000);

const CHILD = join(__dirname, 'runCampaignChild.ts');

/** Runs the campaign in a child process and SIGKILLs it once `killAfter` recipients have settled (never, when undefined). */
function runInChild(file: string, world: World, killAfter?: number): Promise<{ settled: number; killed: boolean }> {
	const endpoints = { telegram: { accessToken: world.tg.token, baseUrl: world.tg.baseUrl }, vk: { accessToken: world.vk.token, baseUrl: world.vk.baseUrl } };
	const child = spawn(process.execPath, ['--no-warnings', '--experimental-transform-types', CHILD, file, JSON.stringify(settings({ texts: { en: 'Payments are down, {{name}}' } })), JSON.stringify(endpoints)], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let settled = 0;
	let errors = '';
	child.stderr.on('data', (chunk) => (errors += chunk));
	child.stdout.on('data', (chunk: Buffer) => {
		settled += (chunk.toString().match(/^settled /gm) ?? []).length;
		if (killAfter !== undefined && settled >= killAfter) child.kill('SIGKILL');
	});
	return new Promise((resolve, reject) =>
		child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve({ settled, killed: true }) : code === 0 ? resolve({ settled, killed: false }) : reject(new Error(errors)))),
	);
}

describe('a campaign killed half-way and run again', () => {
	let world: World;
	let file: string;
	let drop: () => Promise<void>;
	beforeAll(async () => {
		const sqlite = await migratedDb(sqliteBackend);
		file = (sqlite.config as { file: string }).file;
		drop = sqlite.drop;
		world = await openWorld({ db: sqlite.db });
	});
	afterAll(async () => {
		await world.dispose();
		await drop();
	});

	test('sends every remaining message exactly once: VK sends interrupted mid-call again under the same random_id, Telegram ones are flagged, nobody is skipped', async () => {
		const tg = [];
		const vk = [];
		for (let i = 0; i < 40; i++) {
			tg.push(await world.onTelegram(`T${i}`));
			vk.push(await world.onVk(`V${i}`));
		}
		// The audience is added here; the child processes only run what is due.
		const everyone = [...tg, ...vk].map((c) => ({ customerId: c.customer.id }));
		const campaign = await openCampaign(world.store.db, 'spring-outage', settings());
		await addRecipients(world.store.db, campaign.id, await recipientsFromItems(world.store.db, everyone));

		const first = await runInChild(file, world, 25);
		expect(first.killed).toBe(true);
		const midway = await progressOf(world.store.db, campaign.id);
		expect(midway.remaining).toBeGreaterThan(0);

		const second = await runInChild(file, world);
		expect(second.killed).toBe(false);

		const progress = await progressOf(world.store.db, campaign.id);
		expect(progress).toMatchObject({ total: 80, skipped: 0, failed: 0, remaining: 0, deferred: 0 });
		expect(progress.sent + progress.unknown).toBe(80);
		const rows = await world.store.db.query<{ recipient_key: string; state: string; channel: string }>('SELECT recipient_key, state, channel FROM campaign_recipients');
		expect(rows.filter((r) => r.state === 'unknown').every((r) => r.channel === 'telegram')).toBe(true);

		for (const c of tg) {
			const received = world.tg.sent(c.chatId).length;
			const state = rows.find((r) => r.recipient_key === `customer:${c.customer.id}`)?.state;
			// Sent means received exactly once; flagged means at most once, for a person to check.
			if (state === 'sent') expect(received).toBe(1);
			else expect(received).toBeLessThanOrEqual(1);
		}
		for (const c of vk) expect(world.vk.sent({ id: c.peerId, first_name: '', last_name: '' })).toHaveLength(1);
		expect((await findCampaign(world.store.db, 'spring-outage'))?.status).toBe('done');
	});

	test('a notice still waiting for Telegram’s turn when its worker died goes out with the next run; only one already handed to Telegram is flagged', async () => {
		const waiting = await world.onTelegram('Waiting');
		const handed = await world.onTelegram('Handed');
		const delay = settings({ texts: { en: 'Deliveries are late today, {{name}}' } });
		const campaign = await openCampaign(world.store.db, 'delay-notice', delay);
		await addRecipients(world.store.db, campaign.id, await recipientsFromItems(world.store.db, [{ customerId: waiting.customer.id }, { customerId: handed.customer.id }]));
		// The dead worker's last moments: both claimed, one of them past its turn and handed to the channel.
		const [first, second] = await recipientsIn(world.store.db, campaign.id, 'pending');
		const claims = [];
		for (const row of [first, second]) {
			const [identity] = await world.store.customers.identities(row.customerId!);
			claims.push(await claimForSend(world.store.db, row.id, identity, 'Deliveries are late today', true));
		}
		expect(claims).not.toContain(null);
		expect(await markHanded(world.store.db, second.id, claims[1]!.messageId, new Date(), null)).toEqual({ state: 'sending' });

		const run = await runCampaign(world.store, world.senders, { key: 'delay-notice', settings: delay });

		expect(run.recovery).toEqual({ settled: 1, resent: 0, flagged: 1 });
		expect(run.outcomes.map((o) => o.state)).toEqual(['sent', 'unknown']);
		expect(world.tg.sent(waiting.chatId)).toHaveLength(1);
		expect(world.tg.sent(handed.chatId)).toHaveLength(0);
	});
});
