import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	botTurn,
	DEFAULT_PERSON_WORDS,
	DEFAULT_SETTINGS,
	loadKnowledge,
	parseMenu,
	prepareDecider,
	readMenuFile,
	type BotSettings,
	type MenuNode,
} from '../../../shared/bot';
import { appliedMenu } from '../../../shared/settings';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import type { BotShared } from '../../helpers/answering';
import { knowledgeSourceFields, knowledgeSourceOf } from '../../helpers/knowledgeSource';
import { customerTopics, customerTopicsFields } from '../../helpers/customerTopics';
import { customerCardOf, orderServiceOf, personalDataFields } from '../../helpers/personalData';
import { resolveDataPath } from '../../../node-kit/dataPath';
import { CONVERSATION_ID, conversationIdOf, itemField, MESSAGE, messageOf } from '../../../node-kit/itemFields';

const show = { operation: ['answer'] };
const list = (value: string) =>
	value
		.split(',')
		.map((w) => w.trim())
		.filter(Boolean);

const NEW_CONVERSATION = itemField({
	displayName: 'New Conversation',
	name: 'newConversation',
	fromItem: ['newConversation'],
	description: 'Whether to greet the customer (with the incident banner, if one is set): true for the first message of a conversation',
});

/** Several customers' messages in one execution are answered side by side; each conversation's in turn. */
export const inTurnPer = 'conversation';

export const description: INodeProperties[] = [
	{ ...MESSAGE.property, displayOptions: { show } },
	{ ...CONVERSATION_ID.property, displayOptions: { show } },
	{ ...NEW_CONVERSATION.property, displayOptions: { show } },
	...knowledgeSourceFields('answer', ['store', 'table', 'file', 'items']),
	...customerTopicsFields('answer'),
	...personalDataFields,
	{
		displayName: 'Answer Confidence Cut',
		name: 'cut',
		type: 'string',
		default: '',
		placeholder: 'calibrated',
		description:
			'Confidence (0–1) the bot needs before it answers. Empty: the cut calibrated on this knowledge base: 1.5 % wrong answers on held-out phrasings, so that new messages stay within 2 %; every output shows the trade-off at other cuts.',
		displayOptions: { show },
	},
	{
		displayName: 'Menu From',
		name: 'menuSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Data Table, Else File',
				value: 'table',
				description: 'The data table “Contact Center · Bot Menu” as the admin workflow applied it; the file below while that table is empty',
			},
			{ name: 'JSON Below', value: 'json' },
			{ name: 'JSON or CSV File', value: 'file' },
			{ name: 'No Menu', value: 'none' },
		],
		default: 'file',
		description: 'Where the numbered menu the bot offers comes from. No Menu: the bot answers from the knowledge base only.',
		displayOptions: { show },
	},
	{
		displayName: 'Menu File Path',
		name: 'menuFile',
		type: 'string',
		default: 'workflows/data/menu.json',
		description: 'A JSON tree, or a CSV of rows with path (2, 2.1), language, label, answer, tags, handoff',
		displayOptions: { show: { ...show, menuSource: ['table', 'file'] } },
	},
	{
		displayName: 'Menu',
		name: 'menu',
		type: 'json',
		default:
			'{\n  "options": [\n    { "label": { "en": "Where is my order", "ru": "Где мой заказ" }, "tags": ["orders"], "answer": { "en": "See https://example.com/orders", "ru": "Смотрите https://example.com/orders" } },\n    { "label": { "en": "Something else", "ru": "Другой вопрос" }, "tags": ["other"], "handoff": true }\n  ]\n}',
		description:
			'Options with label, answer, tags, handoff and nested options; texts are a string or an object of language → text. A list of rows with path is accepted too.',
		displayOptions: { show: { ...show, menuSource: ['json'] } },
	},
	{
		displayName: 'Words That Ask for a Person',
		name: 'personWords',
		type: 'string',
		default: DEFAULT_PERSON_WORDS.join(', '),
		description:
			'Comma-separated, any language. The default words are known with their forms in each language (людиною, оператора, personne is not person); added words get the noun endings of their language. Phrases such as "connect me with someone who can help" or "позовите сотрудника" are always recognised.',
		displayOptions: { show },
	},
	{
		displayName: 'Hand Off After Failed Answers',
		name: 'maxFailures',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_SETTINGS.maxFailures,
		description: 'Turns in a row the bot could not help ("not what I asked", an unsure match) before a person takes over',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Fine-tuning of matching, language, anger and the bot’s texts; options not added keep their defaults',
		displayOptions: { show },
		options: [
			{
				displayName: 'Ask Above',
				name: 'askAbove',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: DEFAULT_SETTINGS.askAbove,
				description: 'Below the cut, the two likeliest topics’ confidence together above which the bot asks "did you mean" with both as buttons instead of handing off',
			},
			{
				displayName: 'Default Language',
				name: 'defaultLanguage',
				type: 'string',
				default: DEFAULT_SETTINGS.defaultLanguage,
				description: 'For messages whose language cannot be told and conversations with none known',
			},
			{
				displayName: 'Extra Anger Words',
				name: 'extraAngerWords',
				type: 'string',
				default: '',
				description: 'Comma-separated words that alone show a customer is angry, added to the built-in lists',
			},
			{
				displayName: 'Hand Off Angry Customers',
				name: 'handOffOnAnger',
				type: 'boolean',
				default: true,
				description: 'Whether a message that shows anger goes straight to a person',
			},
			{
				displayName: 'Phrasing Similarity Floor',
				name: 'matchFloor',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: DEFAULT_SETTINGS.matchFloor,
				description: 'Similarity (0–1) the message needs with a phrasing of the topic’s entry for the bot to answer with it',
			},
			{
				displayName: 'Texts',
				name: 'texts',
				type: 'json',
				default: '{}',
				description:
					'Overrides of what the bot says, e.g. {"greeting": {"en": "Hi!", "ru": "Привет!"}}; keys: greeting, incident, expectedFix, youAsked, choose, didYouMean, notUnderstood, notHelped, handoff, orderNotFound, dataMissing, person, notThis, back, menu, numberHint, personHint',
			},
			{
				displayName: 'Unknown Question',
				name: 'onUnknown',
				type: 'options',
				options: [
					{ name: 'Hand Off to a Person', value: 'handoff' },
					{ name: 'Ask Again (Counts as a Failed Answer)', value: 'retry' },
				],
				default: 'handoff',
				description: 'What the bot does with a message it can match to no answer, menu option or suggestion',
			},
		],
	},
];

/** Empty: the calibrated cut. */
function cutOf(value: string | number): number | null {
	if (String(value).trim() === '') return null;
	const cut = Number(value);
	if (!(cut >= 0 && cut <= 1)) throw new Error(`Answer Confidence Cut must be empty or a number from 0 to 1, not "${value}"`);
	return cut;
}

function settingsOf(ctx: IExecuteFunctions, i: number): BotSettings {
	const o = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const texts = typeof o.texts === 'string' ? JSON.parse(o.texts || '{}') : (o.texts ?? {});
	return {
		...DEFAULT_SETTINGS,
		cut: cutOf(ctx.getNodeParameter('cut', i, '') as string | number),
		...(o.askAbove === undefined ? {} : { askAbove: Number(o.askAbove) }),
		...(o.matchFloor === undefined ? {} : { matchFloor: Number(o.matchFloor) }),
		...(o.onUnknown ? { onUnknown: o.onUnknown as BotSettings['onUnknown'] } : {}),
		...(o.handOffOnAnger === undefined ? {} : { handOffOnAnger: Boolean(o.handOffOnAnger) }),
		...(o.defaultLanguage ? { defaultLanguage: String(o.defaultLanguage) } : {}),
		extraAngerWords: list(String(o.extraAngerWords ?? '')),
		maxFailures: ctx.getNodeParameter('maxFailures', i) as number,
		personWords: list(ctx.getNodeParameter('personWords', i) as string),
		texts,
	};
}

async function menuOf(ctx: IExecuteFunctions, store: Store, i: number): Promise<MenuNode | null> {
	const source = ctx.getNodeParameter('menuSource', i) as string;
	if (source === 'none') return null;
	if (source === 'json') return parseMenu(ctx.getNodeParameter('menu', i));
	const fromTable = source === 'table' ? await appliedMenu(store.db) : null;
	return fromTable ?? readMenuFile(resolveDataPath(ctx.getNodeParameter('menuFile', i) as string));
}

/** The knowledge base, its classifier and the menu, as the parameters of the first item name them. */
export async function loadAnswering(ctx: IExecuteFunctions, store: Store): Promise<NonNullable<BotShared['answering']>> {
	const { defaultLanguage } = settingsOf(ctx, 0);
	const source = knowledgeSourceOf(ctx, 0);
	const knowledge = await loadKnowledge(store.db, source, defaultLanguage);
	const modelName = `self-service-bot:${source.kind === 'file' ? source.path : source.kind}`;
	const decider = await prepareDecider(store, modelName, knowledge, await customerTopics(ctx, store));
	return { knowledge, decider, menu: await menuOf(ctx, store, 0), orderService: await orderServiceOf(ctx) };
}

/** One turn of the bot: an answered item leaves by Answered, a handed-off one by Handoff. */
export async function execute(this: IExecuteFunctions, { store, answering }: BotShared, i: number): Promise<Emitted> {
	const message = messageOf(this, i);
	const settings = settingsOf(this, i);
	// The router loads them for this operation before the first item.
	const { knowledge, decider, menu, orderService } = answering!;
	const turn = await botTurn(
		store,
		{ knowledge, decider, menu, settings, orderService },
		{
			conversationId: conversationIdOf(this, i),
			channel: message.channel,
			text: message.text,
			payload: message.action?.payload,
			newConversation: [true, 'true'].includes(NEW_CONVERSATION.read(this, i) as boolean | string),
			languageHint: message.sender.language ?? null,
			customer: customerCardOf(this, i),
		},
	);
	const { calibration } = decider;
	const bot = {
		language: turn.language,
		intent: turn.intent,
		kbEntry: turn.kbEntry,
		reply: turn.reply,
		tags: turn.tags,
		// Ops staff see what the cut costs and buys on this knowledge base.
		calibration: { cut: settings.cut ?? calibration.cut, calibratedCut: calibration.cut, heldOutExamples: calibration.examples, curve: calibration.curve },
	};
	return turn.handoff
		? { output: 1, json: { bot, handoff: { ...turn.handoff, language: turn.language, tags: turn.tags } } as IDataObject }
		: { output: 0, json: { bot } as IDataObject };
}
