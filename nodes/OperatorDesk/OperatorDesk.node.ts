import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import * as importCannedReplies from './actions/desk/importCannedReplies.operation';
import * as saveCannedReply from './actions/desk/saveCannedReply.operation';
import * as setPassword from './actions/desk/setPassword.operation';
import * as unlockSignIn from './actions/desk/unlockSignIn.operation';
import { router } from './actions/router';

export class OperatorDesk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Operator Desk',
		name: 'operatorDesk',
		icon: { light: 'file:operatorDesk.svg', dark: 'file:operatorDesk.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Manages the operator desk: operators’ passwords and sign-ins, and canned replies',
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
					{
						name: 'Unlock Sign-In',
						value: 'unlockSignIn',
						action: 'Unlock an operator sign in',
						description: 'Let an operator who was told "too many failed sign-ins" try again at once',
					},
				],
				default: 'setPassword',
			},
			...setPassword.description,
			...unlockSignIn.description,
			...saveCannedReply.description,
			...importCannedReplies.description,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
