import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { notice } from '../node-kit/channelNodes';
import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { OPERATIONS, router } from './actions/router';

export class ContactCenterSettings implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Contact Center Settings',
		name: 'contactCenterSettings',
		icon: { light: 'file:settings.svg', dark: 'file:settings.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["table"]}}',
		description:
			'Applies what ops staff keep in n8n Data Tables (Overview › Data tables): skill groups, operators, canned replies, the bot’s knowledge base, menu and topics, priority rules and VIP tiers, campaign rates and quiet hours; and gives each table its example rows',
		defaults: { name: 'Contact Center Settings' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [STORE_CREDENTIAL_REF],
		properties: [
			notice(
				'Feed Apply Table Rows from a Data Table node (Get Many Rows, Return All) reading the same table; the admin templates do this every minute for every table. Operators’ status, conversations and passwords are not in the tables. A row with a mistake is skipped and named in the output’s summary.',
			),
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Apply Table Rows',
						value: 'apply',
						action: 'Apply a table s rows to the contact center',
						description: 'The input items are the table’s rows: new rows create, edited rows update, a canned reply or knowledge-base answer taken out is removed',
					},
					{
						name: 'Sample Rows',
						value: 'sampleRows',
						action: 'Give a table s example rows',
						description: 'The rows a new install starts with, for a Data Table node to insert; none when the table coming in already has rows written',
					},
				],
				default: 'apply',
			},
			...Object.values(OPERATIONS['']).flatMap((operation) => operation.description),
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
