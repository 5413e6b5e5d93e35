import type { ViberKeyboard, ViberUser } from '../../../nodes/shared/channels/viber/schema';

/** One API call as the fake received it, for assertions. */
export interface RecordedCall {
	endpoint: string;
	body: Record<string, unknown>;
	/** Date.now() when it arrived. */
	at: number;
	/** Viber's status in the answer (0 is success). */
	status: number;
}

/** A message the bot delivered, with its int64 token as a string. */
export interface SentMessage {
	messageToken: string;
	type: string;
	text?: string;
	media?: string;
	fileName?: string;
	size?: number;
	keyboard?: ViberKeyboard;
	trackingData?: string;
	sender: { name: string; avatar?: string };
	at: number;
}

export interface UserRecord {
	user: ViberUser;
	/** Whether the bot may write: after a message or a subscription, until the customer unsubscribes. */
	subscribed: boolean;
	/** The user has left Viber: sends answer receiverNotRegistered. */
	registered: boolean;
	sent: SentMessage[];
	/** When the bot's messages since the customer last wrote were sent (Viber allows 100 an hour). */
	unanswered: number[];
}

export interface Webhook {
	url: string;
	eventTypes: string[];
	sendName: boolean;
	sendPhoto: boolean;
}

/** Everything one fake bot account knows; the endpoints and the callback builders read and change it. */
export class FakeViberState {
	readonly calls: RecordedCall[] = [];
	readonly users = new Map<string, UserRecord>();
	readonly files = new Map<string, Buffer>();
	webhook: Webhook | undefined;
	/** The next sends to refuse with tooManyRequests, whatever the user. */
	burst = 0;
	/** The account itself was blocked: every send answers publicAccountBlocked. */
	accountBlocked = false;
	private token = 5_741_311_803_571_720_000n;

	constructor(
		readonly account: { id: string; name: string; uri: string },
		readonly authToken: string,
	) {}

	/** Viber's message tokens are int64, past what a JSON number holds exactly. */
	nextToken(): string {
		this.token += 1_000_003n;
		return String(this.token);
	}

	userRecord(user: ViberUser): UserRecord {
		let record = this.users.get(user.id);
		if (!record) {
			record = { user, subscribed: false, registered: true, sent: [], unanswered: [] };
			this.users.set(user.id, record);
		}
		return record;
	}
}
