import type { Migration } from './migration';

/**
 * Wrong current passwords given in one desk session (changing one's password asks for it): a held
 * session is not a licence to guess, and one that keeps guessing ends, whatever address each guess
 * comes from.
 */
export const deskSessionWrongPasswordsMigration: Migration = {
	version: 37,
	name: 'wrong current passwords per desk session',
	up: () => ['ALTER TABLE desk_sessions ADD COLUMN wrong_passwords INTEGER NOT NULL DEFAULT 0'],
};
