// n8n's EXTERNAL_HOOK_FILES for this pack: the user's own hook files kept, the pack's added.
import { join } from 'node:path';

/** The pack's hook files, relative to the package: the one list to add a hook file to. */
export const PACK_HOOK_FILES = [
	// Refuses web chat messages the Web Chat Trigger already refused, before n8n's webhook work
	// (nodes/WebChatTrigger/earlyRefusalHook.ts; docs/security.md).
	'dist/nodes/WebChatTrigger/earlyRefusalHook.js',
	// Tells the batches of deliveries when an execution has ended (nodes/node-kit/executionEndHook.ts).
	'dist/nodes/node-kit/executionEndHook.js',
];

/**
 * The list n8n reads from `env` with the pack's hook files in `packageDir`. n8n splits it on
 * EXTERNAL_HOOK_FILES_SEPARATOR (':' unless set). An entry naming a pack hook file installed
 * elsewhere (deploy/queue.env names the one in n8n's image) is this install's instead, so no file
 * runs twice and none that is not here is required.
 */
export function hookFiles(env, packageDir) {
	const separator = env.EXTERNAL_HOOK_FILES_SEPARATOR || ':';
	const ours = PACK_HOOK_FILES.map((file) => join(packageDir, file));
	const theirs = (env.EXTERNAL_HOOK_FILES ?? '')
		.split(separator)
		.map((file) => file.trim())
		.filter((file) => file && !PACK_HOOK_FILES.some((pack) => file === pack || file.endsWith(`/${pack}`)));
	return [...theirs, ...ours].join(separator);
}
