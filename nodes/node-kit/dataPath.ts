import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** undefined until looked up; null when the pack has no workflows/ folder beside it. */
let root: string | null | undefined;

/**
 * The pack's own folder (beside dist/ or nodes/), where its sample data under workflows/ lives.
 * Looked up once per process: it cannot move while n8n runs, and the bot and the classifier ask
 * for it on every execution.
 */
function packRoot(): string | null {
	if (root !== undefined) return root;
	root = null;
	for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'workflows'))) return (root = dir);
	}
	return root;
}

/**
 * A file path as ops staff write it: absolute, or relative to the pack (so a template can name
 * its sample `workflows/data/knowledge-base.csv`), or else relative to n8n's working folder.
 */
export function resolveDataPath(path: string): string {
	if (isAbsolute(path)) return path;
	const pack = packRoot();
	const inPack = pack ? join(pack, path) : null;
	return inPack && existsSync(inPack) ? inPack : resolve(path);
}
