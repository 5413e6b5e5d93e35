import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { onceForAll, routeEachItem } from '../node-kit/operations';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import * as answer from './actions/answer.operation';
import * as incident from './actions/incidentBanner.operation';
import * as knowledge from './actions/knowledgeBase.operation';

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
		credentials: [STORE_CREDENTIAL_REF],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Answer',
						value: 'answer',
						action: 'Answer a customer message',
						description: 'Reply from the knowledge base or the menu (first output), or hand over to a person (second output)',
					},
					{ name: 'Clear Incident Banner', value: 'clearIncidentBanner', action: 'Clear the incident banner' },
					{
						name: 'Import Knowledge Base',
						value: 'importKnowledge',
						action: 'Import the knowledge base into the store',
					},
					{ name: 'List Knowledge Base', value: 'listKnowledge', action: 'List the knowledge base entries' },
					{
						name: 'Set Incident Banner',
						value: 'setIncidentBanner',
						action: 'Set the incident banner',
						description: 'Tell every new conversation what is broken and when it should be fixed',
					},
				],
				default: 'answer',
			},
			...answer.description,
			...knowledge.importDescription,
			...knowledge.listDescription,
			...incident.setDescription,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation !== 'answer') {
			// Management operations act once per execution, whatever the number of input items.
			return onceForAll(
				this,
				async () =>
					operation === 'importKnowledge'
						? await knowledge.importEntries.call(this, store)
						: operation === 'listKnowledge'
							? await knowledge.listEntries.call(this, store)
							: operation === 'setIncidentBanner'
								? await incident.set.call(this, store)
								: await incident.clear.call(this, store),
				2,
			);
		}
		return routeEachItem(this, async (i) => answer.execute.call(this, store, i), { outputs: 2 });
	}
}
