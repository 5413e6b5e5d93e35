/**
 * The item contract between the pack's nodes (nodes/shared/envelope/item.ts) holds in the shipped
 * support pipeline: every item that leaves a node carries the keys of that node and of every node
 * before it, in the shape the next ones read; and every item path a node's field says it reads
 * is pinned by the contract, so a node cannot start reading a key nobody promises.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import type { z } from 'zod';

import {
	BotSchema,
	CardSchema,
	ClassificationSchema,
	ITEM_PATHS,
	LoggedSchema,
	PrioritySchema,
	ReplySchema,
	RoutingSchema,
} from '../../nodes/shared/envelope/item';
import { routerOn } from '../../nodes/shared/routing';
import type { User } from '../../nodes/shared/channels/telegram/schema';
import type { FakeTelegram } from '../fakes/telegram/server';
import { packNodeTypes, runWorkflow, type WorkflowJson, type WorkflowRun } from '../harness/engine';
import { telegramAndStorePerTest, telegramTriggerItems } from '../harness/telegram-store';
import template from '../../workflows/support-pipeline.json';

jest.setTimeout(60_000);

const pipeline = template as unknown as WorkflowJson;
const PACK = 'n8n-nodes-contact-center.';

/** What each of the pack's pipeline nodes adds to an item. */
const STAGES: Record<string, z.AnyZodObject> = {
	contactCenterConversation: LoggedSchema,
	customerLookup: CardSchema,
	selfServiceBot: BotSchema,
	topicClassifier: ClassificationSchema,
	prioritizer: PrioritySchema,
	skillRouter: RoutingSchema,
	contactCenterReply: ReplySchema,
};

/** Paths some fields read from items that do not come down the pipeline (the desk's and the team chat's events, a form). */
const OTHER_INPUTS = new Set(['conversationId', 'topic', 'login', 'operator.login']);

const env = telegramAndStorePerTest();
let telegram: FakeTelegram;

beforeEach(() => {
	telegram = env.telegram;
});

function fromTelegram(customers: Array<[User, string]>): Promise<WorkflowRun> {
	const triggerItems = telegramTriggerItems(telegram, customers.map(([customer, text]) => telegram.updates.text(customer, text)));
	return runWorkflow(pipeline, { credentials: env.credentials, startNode: 'Telegram', triggerItems });
}

/** The stage schemas a node's items must satisfy: its own and those of the pack's nodes before it. */
function stagesOf(nodeName: string): z.AnyZodObject[] {
	const parents = new Map<string, string[]>();
	for (const [from, outputs] of Object.entries(pipeline.connections)) {
		for (const targets of outputs.main ?? []) for (const target of targets ?? []) parents.set(target.node, [...(parents.get(target.node) ?? []), from]);
	}
	const seen = new Set<string>();
	const walk = (name: string) => {
		if (seen.has(name)) return;
		seen.add(name);
		for (const parent of parents.get(name) ?? []) walk(parent);
	};
	walk(nodeName);
	return pipeline.nodes
		.filter((node) => seen.has(node.name) && node.type.startsWith(PACK) && node.parameters.operation !== 'recoverUnanswered')
		.map((node) => STAGES[node.type.slice(PACK.length)])
		.filter((schema): schema is z.AnyZodObject => schema !== undefined);
}

test('three customers in one execution — one answered by the bot, one assigned, one queued — leave every node with the keys the contract promises', async () => {
	const router = routerOn(env.store.db);
	const general = await router.groups.create({ name: 'General', line: 1, strategy: 'leastLoaded' });
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], capacity: 1, status: 'online' });
	const anna = telegram.updates.customer({ first_name: 'Anna' });
	const boris = telegram.updates.customer({ first_name: 'Boris' });
	const clara = telegram.updates.customer({ first_name: 'Clara' });

	const run = await fromTelegram([
		[anna, 'Where is my order?'],
		[boris, 'I want to talk to an operator please'],
		[clara, 'Operator please, my card was charged twice'],
	]);

	expect(run.error).toBeUndefined();
	const checked: string[] = [];
	for (const [nodeName, tasks] of Object.entries(run.runData)) {
		const stages = stagesOf(nodeName);
		for (const output of tasks.at(-1)?.data?.main ?? []) {
			for (const item of output ?? []) {
				for (const stage of stages) {
					const parsed = stage.safeParse(item.json);
					if (!parsed.success) throw new Error(`${nodeName}: ${parsed.error.message}`);
				}
				checked.push(nodeName);
			}
		}
	}
	// Every outcome of the pipeline was seen, so every stage was checked at least once.
	for (const name of ['Customer Lookup', 'Bot Answer', 'Topic Classifier', 'Prioritizer', 'Tell: Operator Assigned', 'Tell: Place in Queue']) {
		expect(checked).toContain(name);
	}
});

test('every item path a node of the pack says it reads is pinned by the contract', () => {
	const paths = (properties: INodeProperties[]): string[] =>
		properties.flatMap((property) => [
			...[...(property.description ?? '').matchAll(/<code>([\w.]+)<\/code>/g)].map((match) => match[1]),
			...paths((property.options ?? []).filter((option): option is INodeProperties => 'type' in option)),
		]);
	const read = new Set(packNodeTypes().flatMap((description: INodeTypeDescription) => paths(description.properties)));

	expect(read.size).toBeGreaterThan(5);
	const unpinned = [...read].filter((path) => !ITEM_PATHS.has(path) && !OTHER_INPUTS.has(path));
	expect(unpinned).toEqual([]);
});
