/**
 * One message that makes a node of the shipped pipeline fail costs only that message: while n8n
 * is busy twenty customers share one execution, and the one whose message Customer Lookup cannot
 * process (its card is corrupt in the store) is handed to a person with the failure noted on the
 * conversation, while the nineteen others get their normal answers in the same run.
 */
import { PIPELINE_FAILURE_TAG, notesOf } from '../../nodes/shared/desk/notes';
import { routerOn } from '../../nodes/shared/routing';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import { telegramAndStorePerTest, telegramTriggerItems } from '../harness/telegram-store';
import template from '../../workflows/support-pipeline.json';

jest.setTimeout(120_000);

const pipeline = template as unknown as WorkflowJson;

const env = telegramAndStorePerTest();

const chat = (customer: User) => env.telegram.sent(customer.id).map((m) => m.text ?? '');

function fromTelegram(messages: Array<[User, string]>) {
	const triggerItems = telegramTriggerItems(env.telegram, messages.map(([customer, text]) => env.telegram.updates.text(customer, text)));
	return runWorkflow(pipeline, { credentials: env.credentials, startNode: 'Telegram', triggerItems });
}

/** A store row no code writes: the customer's card points at itself as the card it was merged into. */
async function corruptCard(customer: User): Promise<number> {
	const [identity] = await env.store.db.query<{ customer_id: number }>("SELECT customer_id FROM identities WHERE channel = 'telegram' AND external_user_id = ?", [
		String(customer.id),
	]);
	await env.store.db.query('UPDATE customers SET merged_into = id WHERE id = ?', [identity.customer_id]);
	return Number(identity.customer_id);
}

test('twenty customers share a run, one card is corrupt: nineteen are answered as usual, the twentieth goes to a person with the failure noted', async () => {
	const router = routerOn(env.store.db);
	const general = await router.groups.create({ name: 'General', line: 1, strategy: 'leastLoaded' });
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 5, status: 'online' });
	const customers = Array.from({ length: 20 }, (_, k) => env.telegram.updates.customer({ first_name: `Customer${k + 1}` }));
	const poisoned = customers[7];
	await fromTelegram([[poisoned, 'Hello']]);
	const poisonedCard = await corruptCard(poisoned);
	const before = chat(poisoned).length;

	// Even customers ask the bot a standard question, odd ones ask for a person.
	const asks = (k: number) => (k % 2 === 0 ? 'Where is my order?' : 'I want to talk to an operator');
	const run = await fromTelegram(customers.map((customer, k) => [customer, asks(k)]));

	expect(run.error).toBeUndefined();
	const [failed] = run.outputOf('Customer Lookup', 2);
	expect(failed).toMatchObject({ error: `Customer ${poisonedCard} is merged in a cycle.` });
	customers.forEach((customer, k) => {
		if (customer === poisoned) return;
		const answers = chat(customer);
		expect(answers).toHaveLength(1);
		expect(answers[0]).toMatch(k % 2 === 0 ? /You asked: «Where is my order\?»/ : /will answer you here shortly|in the queue/);
	});
	// The poisoned customer is answered once, and the conversation waits for a person with the reason.
	expect(chat(poisoned).slice(before)).toEqual([expect.stringMatching(/Thank you, we have your message\. An operator will answer you here as soon as possible\.$/)]);
	const conversationId = Number(failed.conversation && (failed.conversation as { id: number }).id);
	expect(await router.entry(conversationId)).toMatchObject({ state: expect.stringMatching(/assigned|queued/) });
	expect(await env.store.conversations.tags(conversationId)).toContain(PIPELINE_FAILURE_TAG);
	const [note] = await notesOf(env.store.db, [conversationId]);
	expect(note).toMatchObject({ kind: 'failure', text: expect.stringContaining('"Customer Lookup" failed on this message (Customer') });
});

test('the same run without the corrupt card answers all twenty, none by the failure path', async () => {
	const customers = Array.from({ length: 20 }, (_, k) => env.telegram.updates.customer({ first_name: `Customer${k + 1}` }));

	const run = await fromTelegram(customers.map((customer) => [customer, 'Where is my order?']));

	expect(run.error).toBeUndefined();
	expect(run.runData['Hand Over After Failure']).toBeUndefined();
	for (const customer of customers) expect(chat(customer)).toEqual([expect.stringContaining('You asked: «Where is my order?»')]);
});
