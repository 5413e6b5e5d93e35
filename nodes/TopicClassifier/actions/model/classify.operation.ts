import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCredentials } from '../../../node-kit/credentials';
import { itemField } from '../../../node-kit/itemFields';
import type { Emitted } from '../../../node-kit/runner';
import type { Store } from '../../../shared/store';
import {
	classifyWithLlm,
	classifyWithModel,
	ensureModel,
	storeClassification,
	trainingSet,
	type LlmConfig,
} from '../../../shared/topics';
import type { Classifier, TopicModel } from '../../helpers/model';
import { trainingSourceFields, trainingSourceOf } from '../../helpers/trainingSource';

export const LLM_CREDENTIAL = 'contactCenterLlmApi';
const show = { operation: ['classify'] };

// After Self-Service Bot hands over because the customer asked for a person, what they need may be in an earlier message.
const TEXT = itemField({
	displayName: 'Text',
	name: 'text',
	fromItem: ['handoff.subject', 'message.text'],
	description: 'The customer’s message to classify (beside a request for a person, the message that says what it is about)',
});

/** Several customers' messages in one execution are classified side by side; each conversation's in turn. */
export const inTurnPer = 'conversation';

export const description: INodeProperties[] = [
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Built-in Model', value: 'builtIn', description: 'Learns from the examples on this machine; needs nothing else' },
			{ name: 'LLM (OpenAI-Compatible)', value: 'llm', description: 'Asks an LLM to pick one of the examples’ topics' },
		],
		default: 'builtIn',
		description: 'What picks the topic: a model trained on this machine, or an LLM choosing among the examples’ topics',
		displayOptions: { show },
	},
	...trainingSourceFields('classify', ['file', 'table', 'store']),
	{ ...TEXT.property, displayOptions: { show } },
	{
		displayName: 'Confidence Threshold',
		name: 'threshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.5,
		description: 'Messages classified with less confidence than this go to the Unsure output, for a person to sort',
		displayOptions: { show },
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'How long to wait for the LLM before retrying (three tries in all)',
		displayOptions: { show: { ...show, engine: ['llm'] } },
	},
];

/** The classifier the node's engine and training source name, for the router to load once per execution. */
export async function classifierFor(ctx: IExecuteFunctions, store: Store, modelName: string): Promise<Classifier> {
	const threshold = ctx.getNodeParameter('threshold', 0) as number;
	const examples = await trainingSet(store, modelName, trainingSourceOf(ctx));
	if (ctx.getNodeParameter('engine', 0) !== 'llm') {
		const model = await ensureModel(store, modelName, examples);
		return async (text) => classifyWithModel(model, text, threshold);
	}
	const credentials = await readCredentials(ctx, LLM_CREDENTIAL);
	const config: LlmConfig = {
		baseUrl: String(credentials.baseUrl),
		apiKey: String(credentials.apiKey),
		model: String(credentials.model),
		timeoutMs: (ctx.getNodeParameter('timeoutSeconds', 0) as number) * 1000,
	};
	return (text) => classifyWithLlm(config, modelName, examples, text, threshold);
}

/**
 * Classifies the item's text: `classification` goes onto the item and, when the item carries a
 * conversation, onto the conversation. Sure results leave by Classified, unsure ones by Unsure
 * (where the router also sends failed ones under Continue On Fail), so that a person sorts them.
 */
export async function execute(this: IExecuteFunctions, model: TopicModel, i: number): Promise<Emitted> {
	// The router loads the classifier for this operation before the first item.
	const result = await model.classifier!(String(TEXT.read(this, i) ?? ''));
	const conversationId = Number((this.getInputData()[i].json.conversation as IDataObject | undefined)?.id);
	if (Number.isInteger(conversationId) && conversationId > 0) await storeClassification(model.store, conversationId, result);
	// An LLM's unusable answer is worth a look; a photo or a bare "operator please" is ordinary traffic.
	if (result.unusable) this.logger.warn(`Topic Classifier: ${result.reason}`, { node: this.getNode().name });
	return { output: result.unsure ? 1 : 0, json: { classification: result as unknown as IDataObject } };
}
