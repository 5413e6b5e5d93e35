export type Platform = 'whatsapp' | 'messenger' | 'instagram';

/** One Graph API call as the fake received it, for assertions. */
export interface RecordedCall {
	platform?: Platform;
	method: string;
	path: string;
	query: Record<string, string>;
	body: Record<string, unknown>;
	/** Date.now() when it arrived. */
	at: number;
	status: number;
	/** The Graph error code, when refused. */
	errorCode?: number;
}

/** A customer as one of our accounts knows them. */
export interface Customer {
	id: string;
	/** When they last wrote to us: the customer-service window runs from here. */
	lastInboundAt?: number;
	/** WhatsApp 131026: not on WhatsApp, old app, or has not accepted the terms. */
	undeliverable: boolean;
	/** Messenger/Instagram 551: the person is not available right now. */
	unavailable: boolean;
	/** What we delivered to them, in order, with the id the platform gave it. */
	sent: Array<{ id: string; body: Record<string, unknown>; at: number }>;
}

export interface Account {
	platform: Platform;
	/** Phone number id (WhatsApp), page id (Messenger), the linked page id (Instagram). */
	id: string;
	token: string;
	tokenExpired: boolean;
	name: string;
	customers: Map<string, Customer>;
}

/** Everything the fake Graph API knows; the endpoints and the webhook builders read and change it. */
export class FakeMetaState {
	readonly calls: RecordedCall[] = [];
	readonly accounts: Record<Platform, Account>;
	/** Approved WhatsApp templates, as `name:language`. */
	readonly templates = new Set<string>();
	/** Sends still to be refused as over the throughput limit. */
	throttled = 0;
	/** WhatsApp pair rate: at most `burst` messages to one recipient within `windowMs`. */
	pairRate = { burst: 45, windowMs: 6_000 };
	/** Where the app dashboard sends each webhook object, once the URL passed verification. */
	readonly subscriptions = new Map<string, string>();
	private counter = 0;

	constructor(
		readonly appSecret: string,
		readonly igAccountId: string,
		accounts: Record<Platform, Omit<Account, 'customers' | 'tokenExpired'>>,
	) {
		const withState = (a: Omit<Account, 'customers' | 'tokenExpired'>): Account => ({ ...a, tokenExpired: false, customers: new Map() });
		this.accounts = { whatsapp: withState(accounts.whatsapp), messenger: withState(accounts.messenger), instagram: withState(accounts.instagram) };
	}

	nextId(): number {
		return ++this.counter;
	}

	customer(platform: Platform, id: string): Customer {
		const customers = this.accounts[platform].customers;
		let record = customers.get(id);
		if (!record) {
			record = { id, undeliverable: false, unavailable: false, sent: [] };
			customers.set(id, record);
		}
		return record;
	}

	accountByToken(token: string | undefined): Account | undefined {
		return Object.values(this.accounts).find((a) => a.token === token);
	}
}
