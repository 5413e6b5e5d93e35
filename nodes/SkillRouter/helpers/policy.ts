import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { routerOn, type Router, type RoutingPolicy } from '../../shared/routing';
import { getStore } from '../../node-kit/store';

/** Queue and escalation knobs; empty ones keep the defaults. */
export const policyField: INodeProperties = {
	displayName: 'Queue Policy',
	name: 'policy',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	description: 'How the queue ages, estimates waits and escalates. Settings not added keep their defaults.',
	displayOptions: { show: { resource: ['conversation'] } },
	options: [
		{
			displayName: 'Aging (Minutes per +1 Priority)',
			name: 'agingMinutes',
			type: 'number',
			default: 5,
			description: 'A waiting conversation gains one priority point per this many minutes, so nobody waits forever',
		},
		{
			displayName: 'Default Handling Time (Minutes)',
			name: 'defaultHandleMinutes',
			type: 'number',
			default: 5,
			description: 'Used for the expected wait until the group has closed conversations to measure',
		},
		{
			displayName: 'Escalation Priority Step',
			name: 'escalationPriorityStep',
			type: 'number',
			default: 1,
			description: 'Priority added each time a conversation escalates',
		},
		{
			displayName: 'Tell Again After Position Change',
			name: 'retellPositions',
			type: 'number',
			default: 3,
			description: 'Whether the customer is told again: when their place moved by this many',
		},
		{
			displayName: 'Tell Again After Wait Change (Minutes)',
			name: 'retellWaitMinutes',
			type: 'number',
			default: 5,
			description: 'Whether the customer is told again: when the expected wait moved by this many minutes',
		},
	],
};

export async function routerFor(ctx: IExecuteFunctions): Promise<Router> {
	const store = await getStore(ctx);
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const p = (resource === 'conversation' ? ctx.getNodeParameter('policy', 0, {}) : {}) as Record<string, number | undefined>;
	const minutes = (value: number | undefined) => (value === undefined ? undefined : value * 60);
	const policy: Partial<RoutingPolicy> = {
		agingMinutes: p.agingMinutes,
		defaultHandleSeconds: minutes(p.defaultHandleMinutes),
		escalationPriorityStep: p.escalationPriorityStep,
		retellPositions: p.retellPositions,
		retellWaitSeconds: minutes(p.retellWaitMinutes),
	};
	return routerOn(store.db, policy);
}
