/**
 * n8n 2.41 evaluates expressions in an isolate, and on a webhook call it builds one whenever it
 * must read the trigger's description through an expression: a `={{$parameter[…]}}` field without
 * its resolver, or a version-1 node's binaryData option. Under load every call then pays for a new
 * isolate (most of what a phone wait turn or a refused web chat message cost, by CPU profile). The
 * pack's webhook triggers, at the version a new node gets, leave n8n no such expression.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type INodeType, nodeParametersAreStatic, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';

const ROOT = join(__dirname, '../../..');
const { n8n } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };

/** Every node the package lists, from its sources. */
const packNodes = n8n.nodes.map((built) => {
	const source = join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const module = require(source) as Record<string, new () => INodeType>;
	return Object.values(module).map((NodeClass) => new NodeClass())[0];
});
const triggers = packNodes.filter((node) => node.description.webhooks?.length);

test('the pack has webhook triggers to check', () => {
	expect(triggers.map((node) => node.description.name)).toEqual(expect.arrayContaining(['phoneCallTrigger', 'webChatTrigger', 'operatorDeskTrigger']));
});

test.each(triggers.map((node) => [node.description.name, node] as const))('%s: n8n reads its webhooks without an expression', (_, node) => {
	const { version, defaultVersion } = node.description;
	expect(defaultVersion ?? version).not.toBe(1);
	for (const webhook of node.description.webhooks!) expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
});

test('the templates use those versions, with static trigger parameters', () => {
	const types = new Map(triggers.map((node) => [`n8n-nodes-contact-center.${node.description.name}`, node]));
	const templates = ['call-deflection', 'support-pipeline', 'operator-desk'];
	for (const name of templates) {
		const workflow = JSON.parse(readFileSync(join(ROOT, `workflows/${name}.json`), 'utf8')) as { nodes: Array<{ type: string; typeVersion: number; parameters: object }> };
		for (const node of workflow.nodes.filter((n) => types.has(n.type))) {
			expect({ template: name, type: node.type, typeVersion: node.typeVersion }).not.toMatchObject({ typeVersion: 1 });
			expect(nodeParametersAreStatic({ parameters: node.parameters as never })).toBe(true);
		}
	}
});
