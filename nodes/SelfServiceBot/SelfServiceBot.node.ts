import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { router } from './actions/router';
import { properties } from './actions/versionDescription';

export class SelfServiceBot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Self-Service Bot',
		name: 'selfServiceBot',
		icon: { light: 'file:selfServiceBot.svg', dark: 'file:selfServiceBot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Answers common customer questions from a knowledge base and a menu, greets new conversations with the current incident, and hands the customer to a person whenever they ask, get angry or the bot cannot help',
		defaults: { name: 'Self-Service Bot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Answered', 'Handoff'],
		credentials: [
			STORE_CREDENTIAL_REF,
			{ name: 'contactCenterHttpCrmApi', required: true, displayOptions: { show: { operation: ['answer'], orderServiceAuth: [true] } } },
		],
		properties,
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
