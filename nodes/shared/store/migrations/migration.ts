import type { Ddl } from './dialect';

/** One step of the schema. Applied once, in version order, inside the migrating transaction. */
export interface Migration {
	version: number;
	name: string;
	/** The statements to run, one statement per entry (SQLite prepares one at a time). */
	up(ddl: Ddl): string[];
}
