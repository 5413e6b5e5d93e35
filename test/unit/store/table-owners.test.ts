/** One owner per table: SQL on a table is written in its repository only, so that its columns and rules live in one place. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');

function sourcesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourcesUnder(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** Statements naming the table: the SQL keywords that read or write one, then its name. */
const statementOn = (table: string) => new RegExp(`\\b(FROM|INTO|UPDATE|JOIN|TABLE)\\s+${table}\\b`);

const OWNERS: Array<[table: string, owners: string[]]> = [
	['customers', ['nodes/shared/store/customers.ts']],
	// A segment of customers is chosen by their identities, in the one query that picks the customers.
	['identities', ['nodes/shared/store/identities.ts', 'nodes/shared/store/customers.ts']],
];

test.each(OWNERS)('only its repository writes SQL on the %s table', (table, owners) => {
	const others = sourcesUnder(join(ROOT, 'nodes'))
		.map((path) => relative(ROOT, path))
		.filter((path) => !owners.includes(path) && statementOn(table).test(readFileSync(join(ROOT, path), 'utf8')));
	expect(others).toEqual([]);
});
