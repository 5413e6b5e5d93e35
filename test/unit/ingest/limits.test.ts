/**
 * One check before the store, for every channel: a message bigger than a message may be (a real
 * delivery of each channel with its text blown up) is kept as a rejected item with its reason and
 * starts nothing, while the good messages of the same batch go on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WebhookVerdict } from '../../../nodes/shared/channels/types';
import { parseInbound } from '../../../nodes/shared/envelope';
import { acceptMessage, acceptVerdict } from '../../../nodes/shared/ingest/accept';
import { MAX_MESSAGE_CHARS } from '../../../nodes/shared/ingest/limits';
import { storeOn, type Store } from '../../../nodes/shared/store';
import { BACKENDS, migratedDb } from '../../harness/backends';
import { CORPUS_CHANNELS, DELIVER, type CorpusChannel } from '../channels/corpus/deliver';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FIXTURES = join(__dirname, '../../fixtures');
const HUGE = 'x'.repeat(MAX_MESSAGE_CHARS + 1);

/** Every string in the payload equal to `text`, made `by`. */
const swapped = (value: Json, text: string, by: string): Json => {
	if (value === text) return by;
	if (Array.isArray(value)) return value.map((v) => swapped(v, text, by));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapped(v, text, by)]));
	return value;
};

/** The first real delivery of the channel that is one message whose text stands in the payload as it is. */
function realTextDelivery(channel: CorpusChannel): { payload: Json; text: string } {
	const { entries } = JSON.parse(readFileSync(join(FIXTURES, channel, 'MANIFEST.json'), 'utf8')) as {
		entries: Array<{ file: string; settings?: object; expect: { status: number; messages?: Array<{ text: string }> } }>;
	};
	for (const entry of entries) {
		const text = entry.expect.messages?.length === 1 ? entry.expect.messages[0].text : '';
		const body = readFileSync(join(FIXTURES, channel, entry.file), 'utf8');
		if (entry.expect.status === 200 && !entry.settings && text.length > 3 && body.includes(JSON.stringify(text))) return { payload: JSON.parse(body) as Json, text };
	}
	throw new Error(`no ${channel} delivery with a text`);
}

const accepted = (verdict: WebhookVerdict) => {
	if (verdict.kind !== 'accept') throw new Error(`refused: ${JSON.stringify(verdict)}`);
	return verdict;
};

describe.each(BACKENDS)('the size limit before the store on %s', (_name, open) => {
	let store: Store;
	let drop: () => Promise<void>;
	beforeAll(async () => {
		const migrated = await migratedDb(open);
		store = storeOn(migrated.db);
		drop = migrated.drop;
	});
	afterAll(async () => {
		await store.close();
		await drop();
	});

	const deliveries = async () => Number((await store.db.query('SELECT COUNT(*) AS n FROM deliveries'))[0].n);
	const rejections = async (channel: string) =>
		(await store.db.query("SELECT reason FROM channel_events WHERE channel = ? AND type = 'rejected'", [channel])).map((r) => String(r.reason));

	test.each(CORPUS_CHANNELS)('a %s message too big to be one is kept as a rejected item and starts nothing', async (channel) => {
		const { payload, text } = realTextDelivery(channel);
		const verdict = accepted(DELIVER[channel](Buffer.from(JSON.stringify(swapped(payload, text, HUGE)))));
		const before = await deliveries();

		const fresh = await acceptVerdict(store, verdict);
		// The platform redelivers what it thinks was lost: still one rejected item.
		await acceptVerdict(store, verdict);

		expect(fresh).toEqual([]);
		expect(await deliveries()).toBe(before);
		expect(await rejections(channel)).toEqual([expect.stringMatching(/^The message holds \d+ characters, more than the 262144 a message may$/)]);
	});

	test('in a WhatsApp batch only the oversized message is left out', async () => {
		const { payload, text } = realTextDelivery('whatsapp');
		const verdict = accepted(DELIVER.whatsapp(Buffer.from(JSON.stringify(payload))));
		const good = { ...verdict.messages[0], externalId: 'wamid.good-one' };
		const bad = { ...verdict.messages[0], externalId: 'wamid.too-big', text: HUGE };

		const fresh = await acceptVerdict(store, { ...verdict, messages: [bad, good] });

		expect(fresh.map((m) => [m.externalId, m.text])).toEqual([['wamid.good-one', text]]);
	});

	test('an e-mail too big to be a message is refused by the same check', async () => {
		const mail = parseInbound({
			channel: 'email',
			account: 'support@acme.test',
			externalId: '<huge@example.net>',
			conversationKey: '<huge@example.net>',
			sender: { id: 'anna@example.net', email: 'anna@example.net' },
			text: HUGE,
			receivedAt: new Date().toISOString(),
			raw: {},
		});

		expect(await acceptMessage(store, mail)).toBe(false);
		expect(await acceptMessage(store, { ...mail, externalId: '<normal@example.net>', text: 'Hello' })).toBe(true);
		expect(await rejections('email')).toHaveLength(1);
	});
});
