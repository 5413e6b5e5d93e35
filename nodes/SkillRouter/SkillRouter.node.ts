import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { router } from './actions/router';
import { OUTPUTS, properties } from './actions/versionDescription';

export class SkillRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Skill Router',
		name: 'skillRouter',
		icon: { light: 'file:skillRouter.svg', dark: 'file:skillRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Routes conversations to skill groups and operators with free capacity, keeps the priority queue and escalates overdue conversations from line 1 to 2 to 3',
		defaults: { name: 'Skill Router' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS,
		credentials: [STORE_CREDENTIAL_REF],
		properties,
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
