import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { eachItem, onceForAll } from '../node-kit/operations';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import type { Store } from '../shared/store';
import * as canned from './actions/canned.operation';
import * as password from './actions/password.operation';

type PerItem = (this: IExecuteFunctions, store: Store, i: number) => Promise<IDataObject>;
const PER_ITEM: Record<string, PerItem> = {
	setPassword: password.execute,
	saveCannedReply: canned.save,
};

export class OperatorDesk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Operator Desk',
		name: 'operatorDesk',
		icon: { light: 'file:operatorDesk.svg', dark: 'file:operatorDesk.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Manages the operator desk: operators’ passwords and canned replies',
		defaults: { name: 'Operator Desk' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [STORE_CREDENTIAL_REF],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Import Canned Replies',
						value: 'importCannedReplies',
						action: 'Import canned replies',
						description: 'Load canned replies from a sheet or table',
					},
					{ name: 'List Canned Replies', value: 'listCannedReplies', action: 'List canned replies' },
					{
						name: 'Save Canned Reply',
						value: 'saveCannedReply',
						action: 'Create or replace a canned reply',
					},
					{
						name: 'Set Password',
						value: 'setPassword',
						action: 'Set an operator password',
						description: 'Set an operator’s desk password (temporary by default: they choose their own at first sign-in)',
					},
				],
				default: 'setPassword',
			},
			...password.description,
			...canned.saveDescription,
			...canned.importDescription,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		const perItem = PER_ITEM[operation];
		if (!perItem) {
			// Import and list act once per execution, whatever the number of input items.
			return onceForAll(this, async () =>
				operation === 'importCannedReplies' ? [await canned.importAll.call(this, store)] : await canned.list(store),
			);
		}
		// A password never travels on in the item.
		return eachItem(this, async (i) => perItem.call(this, store, i), { keepInput: operation !== 'setPassword' });
	}
}
