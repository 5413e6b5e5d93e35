/**
 * Closing a conversation with the Conversation node frees the operator's slot as the desk's Close
 * does: the next customer waiting in the queue gets the operator at once, and closing the same
 * conversation again frees nothing more.
 */
import { parseInbound } from '../../nodes/shared/envelope';
import { routerOn } from '../../nodes/shared/routing';
import { runWorkflow, startAndNode } from '../harness/engine';
import { telegramAndStorePerTest } from '../harness/telegram-store';

const env = telegramAndStorePerTest();

const closeNode = (conversationId: number) =>
	startAndNode({
		name: 'Close',
		type: 'contactCenterConversation',
		parameters: { operation: 'close', conversationId: String(conversationId) },
		credentials: { contactCenterStoreApi: { id: '1', name: 'Store' } },
	});

async function customerWrites(userId: string) {
	const { conversation } = await env.store.conversations.logInbound(
		parseInbound({ channel: 'telegram', account: 'bot', externalId: `m-${userId}`, conversationKey: userId, sender: { id: userId }, text: 'operator', receivedAt: new Date().toISOString(), raw: {} }),
	);
	return conversation;
}

test('the Conversation node’s Close hands the operator’s slot to the next customer waiting, once', async () => {
	const router = routerOn(env.store.db);
	const group = await router.groups.create({ name: 'General', line: 1 });
	const olga = await router.operators.create({ name: 'Olga', login: 'olga', skills: [group.id], capacity: 1, status: 'online' });
	const first = await customerWrites('u1');
	const second = await customerWrites('u2');
	const third = await customerWrites('u3');
	for (const conversation of [first, second, third]) await router.route(conversation, { topic: null });
	expect((await router.entry(second.id))?.state).toBe('queued');

	const run = await runWorkflow(closeNode(first.id), { credentials: env.credentials });
	const again = await runWorkflow(closeNode(first.id), { credentials: env.credentials });

	expect(run.error).toBeUndefined();
	expect(run.outputOf('Close')[0]).toMatchObject({ conversation: { id: first.id, status: 'closed' }, routing: { nextAssigned: [{ conversationId: second.id }] } });
	expect(again.outputOf('Close')[0]).toMatchObject({ routing: { nextAssigned: [] } });
	expect(await router.entry(second.id)).toMatchObject({ state: 'assigned', operatorId: olga.id });
	expect((await router.entry(third.id))?.state).toBe('queued');
	expect((await router.operators.get('olga'))?.active).toBe(1);
});
