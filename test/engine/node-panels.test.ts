/**
 * Every panel an ops person opens reads as words: each field the editor shows has a description,
 * a JSON field's default parses, and no placeholder looks like an expression it is not.
 */
import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

import { packNodeTypes } from '../harness/engine';

/** Field types the editor shows without a description of their own. */
const SELF_EXPLAINING = new Set(['notice', 'hidden', 'button', 'callout']);

interface Field {
	node: string;
	path: string;
	property: INodeProperties;
}

function fieldsOf(node: INodeTypeDescription): Field[] {
	const out: Field[] = [];
	const walk = (properties: Array<INodeProperties | INodePropertyCollection>, path: string) => {
		for (const p of properties) {
			if ('values' in p && !('type' in p)) {
				walk(p.values, `${path}${p.name}.`);
				continue;
			}
			const property = p as INodeProperties;
			out.push({ node: node.displayName, path: `${path}${property.name}`, property });
			if (property.type === 'collection' || property.type === 'fixedCollection') {
				walk((property.options ?? []) as Array<INodeProperties | INodePropertyCollection>, `${path}${property.name}.`);
			}
		}
	};
	walk(node.properties, '');
	return out;
}

const fields = packNodeTypes().flatMap(fieldsOf);

test('every field an ops person sees says what it is for', () => {
	const silent = fields.filter(
		(f) =>
			!SELF_EXPLAINING.has(f.property.type) &&
			!['resource', 'operation'].includes(f.property.name) &&
			!(f.property.description ?? '').trim(),
	);
	expect(silent.map((f) => `${f.node} › ${f.path}`)).toEqual([]);
});

test('every JSON field’s default parses', () => {
	const broken = fields.filter((f) => {
		if (f.property.type !== 'json') return false;
		const value = f.property.default;
		if (typeof value !== 'string' || value.startsWith('=')) return false;
		try {
			JSON.parse(value);
			return false;
		} catch {
			return true;
		}
	});
	expect(broken.map((f) => `${f.node} › ${f.path}: ${JSON.stringify(f.property.default)}`)).toEqual([]);
});

/**
 * n8n's expressions start with "=" and read `$json`; a placeholder written like one but without
 * the "=" reads as if the field took it already. The pack's own fill-ins (`{{name}}`) are fine.
 */
test('no placeholder looks like an n8n expression it is not', () => {
	const looksLike = fields.filter((f) => {
		const placeholder = String(f.property.placeholder ?? '');
		return /\{\{[^}]*\$/.test(placeholder) && !placeholder.startsWith('=');
	});
	expect(looksLike.map((f) => `${f.node} › ${f.path}: ${String(f.property.placeholder)}`)).toEqual([]);
});
