/** How far a mailbox has been read: the highest UID taken, valid only while UIDVALIDITY stays the same. */
export interface UidWatermark {
	uidValidity: number;
	lastUid: number;
}

/**
 * Where watermarks live. It must be shared by every n8n process that may poll (n8n's static data
 * is per workflow and not safe across queue-mode workers), so the store implements it.
 */
export interface UidWatermarks {
	get(mailbox: string): Promise<UidWatermark | null>;
	/** Never moves a mailbox back under the same UIDVALIDITY: a slower concurrent poll cannot undo a faster one. */
	set(mailbox: string, mark: UidWatermark): Promise<void>;
}
