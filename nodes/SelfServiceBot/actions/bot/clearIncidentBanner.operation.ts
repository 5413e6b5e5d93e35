import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { clearIncidentBanner } from '../../../shared/bot';
import type { Emitted } from '../../../node-kit/runner';
import type { BotShared } from '../../helpers/answering';

export const runs = 'execution';
export const keepInput = false;

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, { store }: BotShared): Promise<Emitted> {
	await clearIncidentBanner(store.db);
	return { json: { incidentBanner: null } };
}
