/**
 * A conversation's later messages in a real n8n running the support pipeline and the operator
 * desk: a customer writing again after the operator's answer reaches the same operator with no
 * notice repeated, and a queued customer who keeps writing is not told the same place again.
 */
import { deskPolicyWith, setPassword } from '../../nodes/shared/desk';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import type { Router } from '../../nodes/shared/routing';
import type { Store } from '../../nodes/shared/store';
import type { FakeTelegram } from '../fakes/telegram/server';
import { callDesk, handOffOnTelegram, startDeskCenter, type DeskCenter } from '../harness/contact-center';
import type { N8nProcess } from '../harness/n8n-process';
import { eventually } from '../harness/wait';

jest.setTimeout(240_000);

const PASSWORD = 'a long desk passphrase';
const PIPELINE = 'cc-support-pipeline';

let n8n: N8nProcess;
let telegram: FakeTelegram;
let store: Store;
let router: Router;
let center: DeskCenter;

beforeAll(async () => {
	center = await startDeskCenter();
	({ n8n, store, telegram, router } = center);
	const general = await router.groups.create({ name: 'General', line: 1, slaMinutes: 10 });
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], role: 'operator', status: 'online', capacity: 1 });
	await setPassword(store.db, 'olga', PASSWORD, { temporary: false }, deskPolicyWith({}));
});

afterAll(async () => {
	await center?.stop();
});

function desk(body: Record<string, unknown>, token?: string) {
	return callDesk(n8n, body, token);
}

/** The customer writes, and the pipeline's execution for it has finished. */
async function writesAndIsProcessed(user: User, text: string) {
	const before = await n8n.productionExecutions(PIPELINE);
	const stored = async () => (await store.db.query('SELECT id FROM messages WHERE text = ? AND direction = ?', [text, 'in'])).length;
	const already = await stored();
	await telegram.deliver(telegram.updates.text(user, text));
	await eventually(`«${text}» stored`, async () => (await stored()) > already);
	await eventually(`the execution for «${text}» finished`, async () => (await n8n.productionExecutions(PIPELINE)) > before);
}

const stateOf = async (conversationId: number) => (await store.conversations.get(conversationId))?.state;

test('a customer writing again after the operator’s answer reaches the same operator, with no notice repeated', async () => {
	const anna = await handOffOnTelegram(telegram, store, telegram.updates.customer({ first_name: 'Anna', username: undefined, language_code: 'en' }));
	expect(await router.entry(anna.conversationId)).toMatchObject({ state: 'assigned' });
	const token = (await desk({ action: 'login', login: 'olga', password: PASSWORD })).body.token as string;
	expect((await desk({ action: 'reply', conversationId: anna.conversationId, text: 'Your parcel left the warehouse today.' }, token)).status).toBe(202);
	await eventually('the answer reached Anna', () => telegram.sent(anna.user.id).some((m) => m.text === 'Your parcel left the warehouse today.'));
	await eventually('the conversation is answered', async () => (await stateOf(anna.conversationId)) === 'answered');
	expect((await router.entry(anna.conversationId))?.deadline).toBeNull();
	const toldBefore = telegram.sent(anna.user.id).length;

	await writesAndIsProcessed(anna.user, 'Thank you! And when will it arrive?');

	expect(await stateOf(anna.conversationId)).toBe('needsAnswer');
	const entry = await router.entry(anna.conversationId);
	expect(entry?.deadline).not.toBeNull();
	expect(telegram.sent(anna.user.id)).toHaveLength(toldBefore);
	const mine = (await desk({ action: 'list' }, token)).body;
	expect(mine.mine).toEqual([expect.objectContaining({ conversationId: anna.conversationId, lifecycle: 'needsAnswer', slaDueAt: entry?.deadline })]);
});

test('a queued customer who writes five more times is not told the same place again', async () => {
	const boris = await handOffOnTelegram(telegram, store, telegram.updates.customer({ first_name: 'Boris', username: undefined, language_code: 'en' }));
	const queueNotices = () => telegram.sent(boris.user.id).filter((m) => /in the queue/.test(m.text ?? ''));
	expect(queueNotices()).toHaveLength(1);

	for (const text of ['Hello?', 'Is anyone there?', 'My order 4512 is late', 'Please answer', 'Hello???']) {
		await writesAndIsProcessed(boris.user, text);
	}

	expect(queueNotices()).toHaveLength(1);
	expect(await router.entry(boris.conversationId)).toMatchObject({ state: 'queued' });
});
