import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { router } from './actions/router';
import { properties } from './actions/versionDescription';

export class CustomerLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer Lookup',
		name: 'customerLookup',
		icon: { light: 'file:customerLookup.svg', dark: 'file:customerLookup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Finds the customer behind a message on any channel and outputs their card: contacts, VIP tier, fields, identities, open conversations, enriched from a CRM',
		defaults: { name: 'Customer Lookup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Fixed, not chosen by an expression: n8n evaluates an outputs expression on every run of a
		// node with an error output, and each evaluation costs an isolate. Only Look Up Card with
		// Link Chats by Code sends items to the second output (a redeemed code).
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Customer', 'Chats Linked'],
		credentials: [
			STORE_CREDENTIAL_REF,
			{ name: 'contactCenterHttpCrmApi', required: true, displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } } },
		],
		properties,
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
