import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The pack's own folder (beside dist/ or nodes/), where its sample data under workflows/ lives. */
function packRoot(): string | null {
	for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'workflows'))) return dir;
	}
	return null;
}

/**
 * A file path as ops staff write it: absolute, or relative to the pack (so a template can name
 * its sample `workflows/data/knowledge-base.csv`), or else relative to n8n's working folder.
 */
export function resolveDataPath(path: string): string {
	if (isAbsolute(path)) return path;
	const root = packRoot();
	const inPack = root ? join(root, path) : null;
	return inPack && existsSync(inPack) ? inPack : resolve(path);
}
