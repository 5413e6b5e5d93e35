import type { INodeProperties } from 'n8n-workflow';

/** The login an operator was created with, asked by every operation that acts on one operator. */
export function operatorLoginField(
	operation: string,
	description = 'The login the operator was created with (Skill Router › Operator › Create)',
): INodeProperties {
	return {
		displayName: 'Operator Login',
		name: 'login',
		type: 'string',
		default: '',
		required: true,
		description,
		displayOptions: { show: { operation: [operation] } },
	};
}
