import type { IExecuteFunctions, INodeExecutionData, INodeParameters, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_ANGER_WORDS, DEFAULT_RULES, DEFAULT_URGENT_WORDS, prioritize, type PriorityPolicy, type PriorityRule } from '../shared/priority';
import { appliedPriorityRules } from '../shared/settings';
import type { Db } from '../shared/store';
import { CONVERSATION_ID, conversationIdOf, itemField } from '../node-kit/itemFields';
import { runOperation, type Operation } from '../node-kit/runner';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';

/** What the Prioritizer reads from the item: Log Conversation's conversation, Topic Classifier's topic, the bot's hand-off. */
const FROM_ITEM = {
	topic: itemField({
		displayName: 'Topic',
		name: 'topic',
		fromItem: ['classification.topic', 'topic', 'conversation.topic'],
		description: 'The classified topic; repeat contacts are conversations of the same customer on the same topic',
	}),
	text: itemField({ displayName: 'Text', name: 'text', fromItem: ['message.text'], description: 'The customer’s latest text, read for urgency and anger' }),
	waitingSince: itemField({
		displayName: 'Waiting Since',
		name: 'waitingSince',
		fromItem: ['handoff.at', 'conversation.createdAt'],
		description:
			'When the customer began waiting for a person: the first-response deadline and the waiting time count from here. The bot’s hand-off time first, since a conversation may have been with the bot for days',
	}),
};

const PROPERTIES: INodeProperties[] = [
	CONVERSATION_ID.describedAs('The logged conversation to prioritise; its score and deadlines are stored on it'),
	...Object.values(FROM_ITEM).map((field) => field.property),
	{
		displayName: 'Rules From',
		name: 'rulesFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Data Tables When Filled, Else the Rules Below',
				value: 'tables',
				description:
					'The rows of “Contact Center · VIP Tiers” and “Contact Center · Priority Rules” as the admin workflow applied them; the rules below while both tables are empty',
			},
			{ name: 'The Rules Below', value: 'below', description: 'Only the rules in this panel' },
		],
		default: 'tables',
		description: 'Where the scoring rules come from: the data tables ops staff edit (Overview › Data tables), or this panel',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		description: 'Every rule that holds adds its points; the strictest response time any of them sets wins',
		default: { rule: DEFAULT_RULES.map((rule): INodeParameters => ({ ...rule })) },
		options: [
			{
				name: 'rule',
				displayName: 'Rule',
				values: [
					{
						displayName: 'When',
						name: 'when',
						type: 'options',
						options: [
							{ name: 'Channel Is', value: 'channelIs' },
							{ name: 'Repeat Contact', value: 'repeatContact', description: 'Same customer, same topic, within the repeat window, on any channel' },
							{ name: 'Text Contains Urgency Words', value: 'textUrgent' },
							{ name: 'Text Shows Anger', value: 'textAngry', description: 'An anger word, “!!!” or ALL CAPS' },
							{ name: 'Topic Is', value: 'topicIs' },
							{ name: 'VIP Tier at Least', value: 'vipTierAtLeast' },
							{ name: 'Waited More Than (Minutes)', value: 'waitedMoreThan' },
						],
						default: 'vipTierAtLeast',
						description: 'What must be true of the conversation for the rule to hold',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The tier, the minutes, or comma-separated topics or channels; empty for the others',
					},
					{ displayName: 'Add Points', name: 'points', type: 'number', default: 10, description: 'Added to the score when the rule holds; the score sets the level (see Levels)' },
					{
						displayName: 'First Response Minutes',
						name: 'firstResponseMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Tighten the first-response SLA to this; 0 leaves it',
					},
					{
						displayName: 'Next Response Minutes',
						name: 'nextResponseMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Tighten the next-response SLA to this; 0 leaves it',
					},
				],
			},
		],
	},
	{
		displayName: 'Urgency Words',
		name: 'urgentWords',
		type: 'string',
		typeOptions: { rows: 3 },
		default: DEFAULT_URGENT_WORDS.join(', '),
		description: 'Comma-separated; matched at word starts, so a stem (срочн) covers its forms',
	},
	{
		displayName: 'Anger Words',
		name: 'angerWords',
		type: 'string',
		typeOptions: { rows: 3 },
		default: DEFAULT_ANGER_WORDS.join(', '),
		description: 'Comma-separated; matched at word starts',
	},
	{
		displayName: 'First Response Minutes',
		name: 'firstResponseMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'The first-response SLA when no rule tightens it',
	},
	{
		displayName: 'Next Response Minutes',
		name: 'nextResponseMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'How soon an operator answers each further customer message, when no rule tightens it',
	},
	{
		displayName: 'Repeat Window Days',
		name: 'repeatWindowDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 7,
		description: 'An earlier conversation on the same topic active within this many days makes a repeat contact',
	},
	{
		displayName: 'Levels',
		name: 'levels',
		type: 'collection',
		default: {},
		placeholder: 'Change Level Thresholds',
		description: 'Lowest score of each level; below Normal the level is Low',
		options: [
			{ displayName: 'Urgent From', name: 'urgent', type: 'number', default: 70, description: 'A score of at least this is Urgent' },
			{ displayName: 'High From', name: 'high', type: 'number', default: 40, description: 'A score of at least this, below Urgent, is High' },
			{ displayName: 'Normal From', name: 'normal', type: 'number', default: 0, description: 'A score of at least this, below High, is Normal; a lower one is Low' },
		],
	},
];

const wordsOf = (text: string) =>
	text
		.split(',')
		.map((w) => w.trim())
		.filter(Boolean);

/** The store, and the rules the admin workflow applied from the tables, read once an execution. */
interface Shared {
	db: Db;
	tableRules(): Promise<PriorityRule[] | null>;
}

async function policyOf(ctx: IExecuteFunctions, { tableRules }: Shared, i: number): Promise<PriorityPolicy & { repeatWindowDays: number }> {
	const levels = ctx.getNodeParameter('levels', i, {}) as Partial<PriorityPolicy['levels']>;
	const fromTables = ctx.getNodeParameter('rulesFrom', i) === 'tables' ? await tableRules() : null;
	return {
		rules: fromTables ?? (ctx.getNodeParameter('rules.rule', i, []) as PriorityRule[]),
		urgentWords: wordsOf(ctx.getNodeParameter('urgentWords', i) as string),
		angerWords: wordsOf(ctx.getNodeParameter('angerWords', i) as string),
		firstResponseMinutes: ctx.getNodeParameter('firstResponseMinutes', i) as number,
		nextResponseMinutes: ctx.getNodeParameter('nextResponseMinutes', i) as number,
		repeatWindowDays: ctx.getNodeParameter('repeatWindowDays', i) as number,
		levels: { urgent: 70, high: 40, normal: 0, ...levels },
	};
}

/** The node's one operation: score the item's conversation and set its deadlines. */
const prioritizeOperation: Operation<Shared> = {
	description: PROPERTIES,
	// Each item scores its own conversation.
	inTurnPer: 'conversation',
	async execute(shared, i) {
		const priority = await prioritize(
			shared.db,
			{
				conversationId: conversationIdOf(this, i),
				topic: FROM_ITEM.topic.text(this, i),
				text: String(FROM_ITEM.text.read(this, i) ?? ''),
				waitingSince: FROM_ITEM.waitingSince.text(this, i),
			},
			await policyOf(this, shared, i),
		);
		return { json: { priority: { ...priority } } };
	},
};

export class Prioritizer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prioritizer',
		name: 'prioritizer',
		icon: { light: 'file:prioritizer.svg', dark: 'file:prioritizer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"rules: " + ($parameter["rules"]?.rule?.length ?? 0)}}',
		description:
			'Scores a conversation by editable rules (VIP tier, topic, channel, repeat contact, waiting time, urgency and anger) and sets its SLA deadlines',
		defaults: { name: 'Prioritizer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [STORE_CREDENTIAL_REF],
		properties: PROPERTIES,
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, {
			operations: { '': { '': prioritizeOperation } },
			async open() {
				const { db } = await getStore(this);
				// The same for every message of the execution: one read, not one per message.
				let rules: Promise<PriorityRule[] | null> | undefined;
				const tableRules = () =>
					(rules ??= appliedPriorityRules(db).catch((error: unknown) => {
						rules = undefined;
						throw error;
					}));
				return { db, tableRules };
			},
		});
	}
}
