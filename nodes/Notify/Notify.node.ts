import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CHANNEL_CREDENTIALS } from '../node-kit/senders';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { MESSAGE, OPERATION, RECIPIENT } from './actions/notification/fields';
import { router } from './actions/router';

export class Notify implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notify Customers',
		name: 'notify',
		icon: { light: 'file:notify.svg', dark: 'file:notify.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Sends proactive messages (order status, outages, offers) on each customer’s own channel, with fallbacks, consent, quiet hours and a frequency cap; campaigns resume where they stopped',
		defaults: { name: 'Notify Customers' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Recipients', 'Summary'],
		credentials: [STORE_CREDENTIAL_REF, ...CHANNEL_CREDENTIALS],
		properties: [OPERATION, ...RECIPIENT, ...MESSAGE],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
