import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { LLM_CREDENTIAL } from './actions/model/classify.operation';
import { router } from './actions/router';
import { properties } from './actions/versionDescription';

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
			{ name: LLM_CREDENTIAL, required: true, displayOptions: { show: { operation: ['classify'], engine: ['llm'] } } },
		],
		properties,
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
