import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../../shared/routing';
import { conversationIdField, conversationIdOf } from '../../helpers/params';
import { toJson, type Emitted } from '../../../node-kit/runner';

export const description: INodeProperties[] = [conversationIdField(['release'])];

export async function execute(this: IExecuteFunctions, router: Router, i: number): Promise<Emitted[]> {
	const { released, assigned } = await router.release(conversationIdOf(this, i));
	return [{ json: { routing: toJson({ released, nextAssigned: assigned }) } }];
}
