/**
 * Saved workflows and the shipped templates keep working across releases of the pack: every node
 * type keeps its name and versions, every parameter its name and default, and the parameters of
 * every template node as a release resolved them resolve the same today (new parameters may only
 * appear at their defaults). The reference is test/fixtures/node-compatibility.json, written by
 * this file with CC_WRITE_COMPATIBILITY=1 on the release it compares against (1fbb724: before the
 * nodes were put on one anatomy).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeHelpers, type INode, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

import { packNodeTypes } from '../harness/engine';

const FIXTURE = resolve(__dirname, '../fixtures/node-compatibility.json');
const WORKFLOWS = resolve(__dirname, '../../workflows');
const PACK = 'n8n-nodes-contact-center.';

interface TemplateNode {
	template: string;
	node: string;
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
	resolved: INodeParameters;
}

interface Compatibility {
	nodeTypes: Record<string, { versions: number[]; parameters: Record<string, unknown> }>;
	templateNodes: TemplateNode[];
}

function descriptions(): Map<string, INodeTypeDescription> {
	return new Map(packNodeTypes().map((d) => [d.name, d]));
}

function resolveParameters(description: INodeTypeDescription, node: Pick<INode, 'parameters' | 'typeVersion' | 'type' | 'name'>): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node as INode, description) ?? {};
}

/** What a release promises: its node types with their parameters' defaults, and its templates' nodes resolved. */
function current(): Compatibility {
	const types = descriptions();
	const nodeTypes = Object.fromEntries(
		[...types.values()].map((d) => [
			d.name,
			{ versions: [d.version].flat(), parameters: Object.fromEntries(d.properties.filter((p) => p.type !== 'notice').map((p) => [p.name, p.default])) },
		]),
	);
	const templateNodes = readdirSync(WORKFLOWS)
		.filter((f) => f.endsWith('.json'))
		.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as { nodes: INode[] };
			return workflow.nodes
				.filter((n) => n.type.startsWith(PACK))
				.map((n) => ({
					template: file,
					node: n.name,
					type: n.type,
					typeVersion: n.typeVersion,
					parameters: n.parameters,
					resolved: resolveParameters(types.get(n.type.slice(PACK.length))!, n),
				}));
		});
	return { nodeTypes, templateNodes };
}

if (process.env.CC_WRITE_COMPATIBILITY === '1') {
	test('writes the compatibility reference of this release', () => {
		writeFileSync(FIXTURE, `${JSON.stringify(current(), null, '\t')}\n`);
	});
} else {
	const reference = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Compatibility;

	test('every node type of the reference release is still here, with its versions and every parameter’s default', () => {
		const now = current().nodeTypes;
		const changed: string[] = [];
		for (const [name, then] of Object.entries(reference.nodeTypes)) {
			const type = now[name];
			if (!type) {
				changed.push(`${name}: node type gone`);
				continue;
			}
			for (const version of then.versions) if (!type.versions.includes(version)) changed.push(`${name}: version ${version} gone`);
			for (const [parameter, value] of Object.entries(then.parameters)) {
				if (!(parameter in type.parameters)) changed.push(`${name}.${parameter}: parameter gone`);
				else if (JSON.stringify(type.parameters[parameter]) !== JSON.stringify(value)) changed.push(`${name}.${parameter}: default ${JSON.stringify(value)} → ${JSON.stringify(type.parameters[parameter])}`);
			}
		}
		expect(changed).toEqual([]);
	});

	test('every template node of the reference release resolves to the same parameters today (new ones only at their defaults)', () => {
		const types = descriptions();
		const changed: string[] = [];
		for (const then of reference.templateNodes) {
			const description = types.get(then.type.slice(PACK.length))!;
			const now = resolveParameters(description, { name: then.node, type: then.type, typeVersion: then.typeVersion, parameters: then.parameters });
			for (const [key, value] of Object.entries(then.resolved)) {
				if (JSON.stringify(now[key]) !== JSON.stringify(value)) changed.push(`${then.template} › ${then.node}.${key}: ${JSON.stringify(value)} → ${JSON.stringify(now[key])}`);
			}
			for (const key of Object.keys(now).filter((k) => !(k in then.resolved))) {
				const property = description.properties.find((p) => p.name === key);
				if (JSON.stringify(now[key]) !== JSON.stringify(property?.default)) changed.push(`${then.template} › ${then.node}.${key}: new, not at its default`);
			}
		}
		expect(reference.templateNodes.length).toBeGreaterThan(20);
		expect(changed).toEqual([]);
	});
}
