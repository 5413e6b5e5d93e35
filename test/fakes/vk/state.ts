import type { Keyboard } from '../../../nodes/shared/channels/vk/schema';

/** One API call as the fake received it, for assertions (without the access token). */
export interface RecordedCall {
	method: string;
	params: Record<string, string>;
	/** Date.now() when it arrived. */
	at: number;
	/** VK's error_code, or 0 for a response. */
	errorCode: number;
}

export interface SentMessage {
	id: number;
	randomId: number;
	text: string;
	keyboard?: Keyboard;
	attachment?: string;
	at: number;
}

export interface VkUser {
	id: number;
	first_name: string;
	last_name: string;
}

export interface UserRecord {
	user: VkUser;
	/** The customer wrote to the community or allowed its messages; message_deny withdraws it. */
	allowed: boolean;
	/** The customer's privacy settings refuse messages from communities. */
	privacyClosed: boolean;
	sent: SentMessage[];
}

export interface CallbackServer {
	url: string;
	secret?: string;
	confirmed: boolean;
}

/** Everything one fake community knows; the methods and the event builders read and change it. */
export class FakeVkState {
	readonly calls: RecordedCall[] = [];
	readonly users = new Map<number, UserRecord>();
	/** Arrival times of recent calls per token, for the 20 requests a second limit. */
	readonly arrivals = new Map<string, number[]>();
	server: CallbackServer | undefined;
	/** The next sends to refuse with error 6 and error 9, whatever the rate. */
	readonly forced = { tooManyPerSecond: 0, flood: 0 };
	private messageId = 0;
	private eventNo = 0;

	constructor(
		readonly community: { id: number; name: string; screen_name: string },
		readonly token: string,
		readonly confirmation: string,
	) {}

	nextMessageId(): number {
		return ++this.messageId;
	}

	/** VK's event ids are 40 hex characters. */
	nextEventId(): string {
		return (++this.eventNo).toString(16).padStart(40, 'a');
	}

	userRecord(user: VkUser): UserRecord {
		let record = this.users.get(user.id);
		if (!record) {
			record = { user, allowed: false, privacyClosed: false, sent: [] };
			this.users.set(user.id, record);
		}
		return record;
	}
}
