import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readCredentials } from '../../node-kit/credentials';
import { itemField } from '../../node-kit/itemFields';
import { routeEachItem } from '../../node-kit/operations';
import type { Store } from '../../shared/store';
import {
	classifyWithLlm,
	classifyWithModel,
	ensureModel,
	storeClassification,
	trainingSet,
	type LlmConfig,
	type TopicResult,
} from '../../shared/topics';
import { trainingSourceFields, trainingSourceOf } from './trainingSource';

export const LLM_CREDENTIAL = 'contactCenterLlmApi';
const show = { operation: ['classify'] };

const TEXT = itemField({ displayName: 'Text', name: 'text', fromItem: ['message.text'], description: 'The customer’s message to classify' });

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
		displayOptions: { show },
	},
	...trainingSourceFields('classify', ['file', 'store']),
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

type Classifier = (text: string) => Promise<TopicResult>;

async function classifierFor(ctx: IExecuteFunctions, store: Store, modelName: string, threshold: number): Promise<Classifier> {
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
 * Classifies every item's text: `classification` goes onto the item and, when the item carries a
 * conversation, onto the conversation. Sure results leave on the first output, unsure ones (and,
 * with Continue On Fail, failed ones) on the second, so that a person sorts them.
 */
export async function execute(this: IExecuteFunctions, store: Store, modelName: string): Promise<INodeExecutionData[][]> {
	const threshold = this.getNodeParameter('threshold', 0) as number;
	const classify = await classifierFor(this, store, modelName, threshold);
	return routeEachItem(
		this,
		async (i, item) => {
			const result = await classify(String(TEXT.read(this, i) ?? ''));
			const conversationId = Number((item.json.conversation as IDataObject | undefined)?.id);
			if (Number.isInteger(conversationId) && conversationId > 0) await storeClassification(store, conversationId, result);
			if (result.reason) this.logger.warn(`Topic Classifier: ${result.reason}`, { node: this.getNode().name });
			return { output: result.unsure ? 1 : 0, json: { classification: result as unknown as IDataObject } };
		},
		{ outputs: 2, failedOutput: 1 },
	);
}
