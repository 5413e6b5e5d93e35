import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { operatorLoginField } from '../../../node-kit/operatorLogin';
import { linkTelegramUser } from '../../../shared/teamChat';

const show = { operation: ['linkOperator'] };

export const description: INodeProperties[] = [
	operatorLoginField('linkOperator'),
	{
		displayName: 'Telegram User ID',
		name: 'telegramUserId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '123456789',
		description: 'The operator’s numeric Telegram user ID (not the @username); only linked members may answer customers',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	const operator = await linkTelegramUser(
		store.db,
		(this.getNodeParameter('login', i) as string).trim(),
		this.getNodeParameter('telegramUserId', i) as string,
	);
	return { json: { operator: { id: operator.id, login: operator.login, name: operator.name }, telegramUserId: String(this.getNodeParameter('telegramUserId', i)).trim() } };
}
