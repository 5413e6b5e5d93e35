import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every sentence-pair file of data/language-id, one text. */
export function readLanguagePairs(root: string): string {
	const dir = join(root, 'data/language-id');
	return readdirSync(dir)
		.filter((name) => name.endsWith('.tsv'))
		.sort()
		.map((name) => readFileSync(join(dir, name), 'utf8'))
		.join('\n');
}
