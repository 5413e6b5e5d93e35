import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import * as sla from './actions/report/sla.operation';
import { REPORT_FIELDS } from './actions/report/shared';
import { router } from './actions/router';

export class Reports implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Contact Center Reports',
		name: 'contactCenterReports',
		icon: { light: 'file:reports.svg', dark: 'file:reports.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Reports on the contact center: popular topics, each operator against the team, first-response SLA',
		defaults: { name: 'Contact Center Reports' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// STORE_CREDENTIAL_REF spelled out, so that n8n's lint rules can see the store credential is tested.
		credentials: [{ ...STORE_CREDENTIAL_REF, name: 'contactCenterStoreApi', testedBy: 'storeConnection' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Topics Report',
						value: 'topics',
						action: 'Report on popular topics',
						description: 'Conversations per topic and channel against the previous period, top tags, and what the bot settled alone',
					},
					{
						name: 'Operator Report',
						value: 'operators',
						action: 'Report on each operator against the team',
						description: 'Per operator: conversations handled and closed, replies, first-response time and rating, as a ratio to the team',
					},
					{
						name: 'SLA Report',
						value: 'sla',
						action: 'Report on first response deadlines',
						description: 'Share of first answers given by their deadline, first-response times per line and skill group, escalations',
					},
				],
				default: 'topics',
			},
			...REPORT_FIELDS.slice(0, 4),
			...sla.description,
			...REPORT_FIELDS.slice(4),
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
