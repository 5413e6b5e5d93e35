import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'scripts/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts', 'package.json'],
		languageOptions: { parser: tsParser },
	},
	n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
	{
		rules: {
			// A self-hosted pack: the store needs a PostgreSQL driver and the envelope a schema library.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The core has no n8n imports by design; the nodes wrap its errors in NodeOperationError.
		files: ['nodes/shared/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// The core is plain TypeScript: whatever needs n8n lives in nodes/node-kit or a node.
		files: ['nodes/shared/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{ name: 'n8n-workflow', message: 'nodes/shared is the core and has no n8n imports: put n8n glue in nodes/node-kit.' },
						{ name: 'n8n-core', message: 'nodes/shared is the core and has no n8n imports: put n8n glue in nodes/node-kit.' },
					],
				},
			],
		},
	},
	{
		// A node uses node-kit and the core, never another node's folder (node folders are PascalCase).
		files: ['nodes/*/**/*.ts'],
		ignores: ['nodes/shared/**', 'nodes/node-kit/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ regex: '^(\\.\\./)+[A-Z]\\w*(/|$)', caseSensitive: true, message: 'A node does not import another node’s folder: move what both need into nodes/node-kit or nodes/shared.' }] },
			],
		},
	},
];
