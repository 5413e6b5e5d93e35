/**
 * What an ops person reads in an execution of the shipped support pipeline: every item that leaves
 * a pack node starts with a one-line `summary` of where that customer's message got to, so that a
 * batch execution (several customers sharing one run while n8n is busy) shows each one's path.
 */
import { routerOn } from '../../nodes/shared/routing';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import { runWorkflow, type WorkflowJson, type WorkflowRun } from '../harness/engine';
import { telegramAndStorePerTest, telegramTriggerItems } from '../harness/telegram-store';
import template from '../../workflows/support-pipeline.json';

jest.setTimeout(120_000);

const pipeline = template as unknown as WorkflowJson;

const env = telegramAndStorePerTest();

function run(updates: object[]): Promise<WorkflowRun> {
	return runWorkflow(pipeline, { credentials: env.credentials, startNode: 'Telegram', triggerItems: telegramTriggerItems(env.telegram, updates) });
}

/**
 * Each customer's summary, node by node, in the order the nodes ran: every run of a node counts,
 * since a node fed by two outputs (Prioritizer after Classified and Unsure) runs once for each.
 */
function pathsOf(run: WorkflowRun): Map<string, string[]> {
	const paths = new Map<string, string[]>();
	const ran = Object.entries(run.runData)
		.flatMap(([node, tasks]) => tasks.map((task) => ({ node, task })))
		.sort((a, b) => a.task.startTime - b.task.startTime);
	for (const { node, task } of ran) {
		for (const output of task.data?.main ?? []) {
			for (const { json } of output ?? []) {
				if (typeof json.summary !== 'string') continue;
				const who = json.summary.slice(0, json.summary.indexOf(':'));
				paths.set(who, [...(paths.get(who) ?? []), `${node} — ${json.summary.slice(who.length + 2)}`]);
			}
		}
	}
	return paths;
}

test('four customers in one run — answered by the bot, assigned, queued, and one who blocked the bot — each leave a path of their own; a message a step failed on says so', async () => {
	const router = routerOn(env.store.db);
	const billing = await router.groups.create({ name: 'Billing', line: 1, strategy: 'leastLoaded' });
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [billing.id], capacity: 1, status: 'online' });
	const [anna, boris, clara, eve] = ['Anna', 'Boris', 'Clara', 'Eve'].map((first_name) => env.telegram.updates.customer({ first_name, last_name: 'Client' }));
	const says = (customer: User, text: string) => env.telegram.updates.text(customer, text);
	const batch = [says(anna, 'Where is my order?'), says(boris, 'I want to talk to an operator please'), says(clara, 'Operator please, my card was charged twice'), says(eve, 'Where is my order?')];
	env.telegram.block(eve.id);

	const batchRun = await run(batch);

	expect(batchRun.error).toBeUndefined();
	const paths = pathsOf(batchRun);
	expect(paths.get('Anna Client on telegram')).toEqual([
		expect.stringMatching(/^Log Conversation — logged in conversation #\d+$/),
		expect.stringMatching(/^Customer Lookup — logged in conversation #\d+$/),
		'Self-Service Bot — bot answered: order status',
		'Bot Answer — bot answered: order status, reply sent',
	]);
	expect(paths.get('Boris Client on telegram')?.slice(2, 5)).toEqual([
		'Self-Service Bot — handed off (asked for a person)',
		// Boris only asked for a person: no topic is guessed for him.
		'Topic Classifier — handed off (asked for a person), no topic',
		'Prioritizer — handed off (asked for a person), no topic',
	]);
	expect(paths.get('Boris Client on telegram')).toEqual(
		expect.arrayContaining([
			'Skill Router — handed off to Billing (line 1), assigned to Olga',
			'Tell: Operator Assigned — handed off to Billing (line 1), assigned to Olga, reply sent',
		]),
	);
	const claraPath = paths.get('Clara Client on telegram') ?? [];
	expect(claraPath.indexOf('Skill Router — handed off to Billing (line 1), queued #1')).toBeGreaterThan(0);
	expect(claraPath.at(-1)).toBe('Tell: Place in Queue — handed off to Billing (line 1), queued #1, reply sent');
	expect(paths.get('Eve Client on telegram')?.at(-1)).toBe('Bot Answer — bot answered: order status, failed: telegram blocked (Forbidden: bot was blocked by the user)');

	// Anna's card turns corrupt: Customer Lookup fails on her next message alone.
	await env.store.db.query("UPDATE customers SET merged_into = id WHERE id = (SELECT customer_id FROM identities WHERE channel = 'telegram' AND external_user_id = ?)", [
		String(anna.id),
	]);
	const failedRun = await run([says(anna, 'Where is my order?')]);

	// The template takes it on by Customer Lookup's error output: the next step's summary names the failure.
	const handedOver = pathsOf(failedRun).get('Anna Client on telegram')?.find((step) => step.startsWith('Hand Over After Failure'));
	expect(handedOver).toMatch(/^Hand Over After Failure — after a failure \(Customer \d+ is merged in a cycle\.\), handed off to Billing \(line 1\), queued #2$/);
});
