import type { INodeProperties } from 'n8n-workflow';

import { OPERATIONS } from './router';

/** The node's parameters: the operation, then each operation's fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Look Up Card',
				value: 'lookUp',
				action: 'Look up the customer card',
				description: 'Find the customer (linking channels with the same verified phone or e-mail) and output their card',
			},
			{ name: 'Update Card', value: 'updateCard', action: 'Correct the customer card', description: 'An operator’s correction; automatic fills never overwrite it' },
			{ name: 'Merge Customers', value: 'merge', action: 'Merge two customers', description: 'Link the identities of two cards: everything moves to the kept card' },
			{
				name: 'Create Link Code',
				value: 'createLinkCode',
				action: 'Create a link code',
				description: 'A 9-digit code to send on this channel and type on another (Look Up Card redeems it)',
			},
		],
		default: 'lookUp',
	},
	...Object.values(OPERATIONS['']).flatMap((op) => op.description),
];
