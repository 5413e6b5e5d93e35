import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { unlockSignIn } from '../../../shared/desk';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { operatorLoginField } from '../../../node-kit/operatorLogin';

export const description: INodeProperties[] = [
	operatorLoginField(
		'unlockSignIn',
		'The operator told "Too many failed sign-ins": their failed tries, and those of the addresses they failed from, are forgotten so that they may sign in at once',
	),
];

export const keepInput = false;

export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	const { operator, forgottenFailures } = await unlockSignIn(store.db, this.getNodeParameter('login', i) as string);
	return { json: { operator: { id: operator.id, login: operator.login, name: operator.name }, unlocked: true, forgottenFailures } };
}
