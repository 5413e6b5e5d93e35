import type { Migration } from './migration';

/** E-mail threads have a subject; replies keep it ("Re: …") so the customer's mail client threads them. */
export const conversationSubjectMigration: Migration = {
	version: 11,
	name: 'conversation subject',
	up: () => ['ALTER TABLE conversations ADD COLUMN subject TEXT'],
};
