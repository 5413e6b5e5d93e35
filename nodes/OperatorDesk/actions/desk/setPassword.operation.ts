import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_DESK_POLICY, setPassword } from '../../../shared/desk';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { operatorLoginField } from '../../../node-kit/operatorLogin';

const show = { operation: ['setPassword'] };

export const description: INodeProperties[] = [
	operatorLoginField('setPassword'),
	{
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: `At least ${DEFAULT_DESK_POLICY.minPasswordLength} characters. Stored only as a scrypt hash.`,
		displayOptions: { show },
	},
	{
		displayName: 'Temporary',
		name: 'temporary',
		type: 'boolean',
		default: true,
		description: 'Whether the operator must choose their own password at the first sign-in (recommended when an administrator sets it)',
		displayOptions: { show },
	},
];

/** A password never travels on in the item. */
export const keepInput = false;

/** Sets the password and ends the operator's open sessions; the answer never contains the password. */
export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	const operator = await setPassword(
		store.db,
		(this.getNodeParameter('login', i) as string).trim(),
		this.getNodeParameter('password', i) as string,
		{ temporary: this.getNodeParameter('temporary', i) as boolean },
		DEFAULT_DESK_POLICY,
	);
	const temporary = this.getNodeParameter('temporary', i) as boolean;
	return { json: { operator: { id: operator.id, login: operator.login, name: operator.name, role: operator.role }, passwordSet: true, temporary } };
}
