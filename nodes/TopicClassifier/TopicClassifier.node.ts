import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { eachItem, onceForAll } from '../node-kit/operations';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import * as classify from './actions/classify.operation';
import * as correct from './actions/correct.operation';
import * as retrain from './actions/retrain.operation';

export class TopicClassifier implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Topic Classifier',
		name: 'topicClassifier',
		icon: { light: 'file:topicClassifier.svg', dark: 'file:topicClassifier.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["modelName"]}}',
		description:
			'Finds the topic of a customer message (order status, refund, complaint, …) from labelled examples, learns from operators’ corrections, and sends messages it is unsure of to a person',
		defaults: { name: 'Topic Classifier' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Classified', 'Unsure'],
		credentials: [
			STORE_CREDENTIAL_REF,
			{ name: classify.LLM_CREDENTIAL, required: true, displayOptions: { show: { operation: ['classify'], engine: ['llm'] } } },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Classify',
						value: 'classify',
						action: 'Classify a customer message',
						description: 'Sure results on the Classified output, the rest on Unsure',
					},
					{
						name: 'Add Correction',
						value: 'addCorrection',
						action: 'Add an operator correction',
						description: 'Teach the model the right topic of a conversation or a text',
					},
					{
						name: 'Retrain',
						value: 'retrain',
						action: 'Retrain the model',
						description: 'Train now (or import the input items as examples and train); unchanged examples are not retrained',
					},
				],
				default: 'classify',
			},
			{
				displayName: 'Model Name',
				name: 'modelName',
				type: 'string',
				default: 'support',
				required: true,
				description: 'Names the examples, corrections and trained model in the store; use one name per set of topics',
			},
			...classify.description,
			...correct.description,
			...retrain.description,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		const modelName = (this.getNodeParameter('modelName', 0) as string).trim();
		if (!modelName) throw new NodeOperationError(this.getNode(), 'Model Name is empty');
		if (operation === 'classify') return classify.execute.call(this, store, modelName);
		if (operation === 'retrain') return onceForAll(this, async () => retrain.execute.call(this, store, modelName), 2);
		return eachItem(this, async (i) => correct.execute.call(this, store, modelName, i), { outputs: 2 });
	}
}
