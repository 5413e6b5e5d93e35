import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Router } from '../../shared/routing';
import { CONVERSATION_ID } from '../../node-kit/itemFields';

export { conversationIdOf } from '../../node-kit/itemFields';

/** `a, b ,c` → ['a', 'b', 'c']. */
export const listOf = (value: unknown): string[] =>
	String(value ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);

/** Shows a property for one resource's operations. */
export const showFor = (resource: string, operation: string[]) => ({ show: { resource: [resource], operation } });

/** Skill group ids from names or ids, refusing unknown ones so that a typo does not silently drop a skill. */
export async function groupIdsOf(router: Router, refs: string[]): Promise<number[]> {
	const groups = await router.groups.list();
	return refs.map((ref) => {
		const group = groups.find((g) => String(g.id) === ref || g.name.toLowerCase() === ref.toLowerCase());
		if (!group) throw new Error(`Skill group "${ref}" does not exist.`);
		return group.id;
	});
}

/** A group or operator given by id (digits) or by name/login. */
export const refOf = (value: unknown): number | string => (/^\d+$/.test(String(value).trim()) ? Number(value) : String(value).trim());

/** The conversation field, shown for `operation`s of the conversation resource. */
export const conversationIdField = (operation: string[]): INodeProperties => ({
	...CONVERSATION_ID.property,
	displayOptions: showFor('conversation', operation),
});

/** The values of top-level parameters `names` for item `i`. */
export const fieldValues = (ctx: IExecuteFunctions, i: number, names: string[]): Record<string, unknown> =>
	Object.fromEntries(names.map((name) => [name, ctx.getNodeParameter(name, i)]));
