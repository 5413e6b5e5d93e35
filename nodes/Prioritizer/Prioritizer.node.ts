import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { prioritize, type PriorityPolicy, type PriorityRule } from '../shared/priority';
import { eachItem } from '../node-kit/operations';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { conversationIdOf } from '../node-kit/itemFields';
import { FROM_ITEM, PROPERTIES } from './properties';

const wordsOf = (text: string) =>
	text
		.split(',')
		.map((w) => w.trim())
		.filter(Boolean);

function policyOf(ctx: IExecuteFunctions, i: number): PriorityPolicy & { repeatWindowDays: number } {
	const levels = ctx.getNodeParameter('levels', i, {}) as Partial<PriorityPolicy['levels']>;
	return {
		rules: ctx.getNodeParameter('rules.rule', i, []) as PriorityRule[],
		urgentWords: wordsOf(ctx.getNodeParameter('urgentWords', i) as string),
		angerWords: wordsOf(ctx.getNodeParameter('angerWords', i) as string),
		firstResponseMinutes: ctx.getNodeParameter('firstResponseMinutes', i) as number,
		nextResponseMinutes: ctx.getNodeParameter('nextResponseMinutes', i) as number,
		repeatWindowDays: ctx.getNodeParameter('repeatWindowDays', i) as number,
		levels: { urgent: 70, high: 40, normal: 0, ...levels },
	};
}

export class Prioritizer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Prioritizer',
		name: 'prioritizer',
		icon: { light: 'file:prioritizer.svg', dark: 'file:prioritizer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"rules: " + ($parameter["rules"]?.rule?.length ?? 0)}}',
		description:
			'Scores a conversation by editable rules (VIP tier, topic, channel, repeat contact, waiting time, urgency and anger) and sets its SLA deadlines',
		defaults: { name: 'Prioritizer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [STORE_CREDENTIAL_REF],
		properties: PROPERTIES,
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		return eachItem(this, async (i) => {
			const priority = await prioritize(
				store.db,
				{
					conversationId: conversationIdOf(this, i),
					topic: FROM_ITEM.topic.text(this, i),
					text: String(FROM_ITEM.text.read(this, i) ?? ''),
					waitingSince: FROM_ITEM.waitingSince.text(this, i),
				},
				policyOf(this, i),
			);
			return { priority: { ...priority } };
		});
	}
}
