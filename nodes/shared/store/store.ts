import { consentRepo } from './consent';
import { conversationsRepo } from './conversations';
import { customersRepo } from './customers';
import { deliveriesRepo } from './deliveries';
import { messagesRepo } from './messages';
import type { Db, Store } from './types';

/** The repositories over one open, migrated database. `close` closes that database. */
export function storeOn(db: Db, close: () => Promise<void> = () => db.close()): Store {
	return {
		db,
		deliveries: deliveriesRepo(db),
		customers: customersRepo(db),
		conversations: conversationsRepo(db),
		consent: consentRepo(db),
		messages: messagesRepo(db),
		close,
	};
}
