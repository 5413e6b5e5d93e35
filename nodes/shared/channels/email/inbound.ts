import { ImapFlow } from 'imapflow';

import type { InboundMessage } from '../../envelope';
import { accountOf, imapOptions, mailboxOf, watermarkKeyOf, type EmailCredentials } from './credentials';
import { normaliseMail } from './normalise';
import { parseMail } from './parse';
import type { UidWatermarks } from './watermark';

export interface PollOptions {
	watermarks: UidWatermarks;
	/** Records a mail's dedupe key; false when it was recorded before (a second poller took it). */
	accept(message: InboundMessage): Promise<boolean>;
	/** At most this many mails per poll, oldest first; the rest wait for the next poll. */
	batchSize?: number;
}

export const DEFAULT_BATCH = 50;

/**
 * Reads the mail that arrived since the last poll, marks it \Seen and returns what no other
 * poller took. While UIDVALIDITY stays the same, "new" is every UID above the watermark, read or
 * not (an agent may open a mail in their own client before we poll). On the first poll, and when
 * UIDVALIDITY changes (folder recreated, server migrated: the UIDs start over), "new" is every
 * unseen mail instead: UIDs say nothing then, and \Seen is what earlier polls left behind. The
 * watermark is only written once such a catch-up has taken every unseen mail.
 */
export async function pollMailbox(credentials: EmailCredentials, opts: PollOptions): Promise<InboundMessage[]> {
	return withMailbox(credentials, async (client, uidValidity, uidNext) => {
		const key = watermarkKeyOf(credentials);
		const mark = await opts.watermarks.get(key);
		const continuing = mark?.uidValidity === uidValidity;
		const found = continuing ? await uidsAbove(client, mark.lastUid) : await searchUids(client, { seen: false });
		const batch = found.slice(0, opts.batchSize ?? DEFAULT_BATCH);
		const messages = await fetchMessages(client, credentials, uidValidity, batch);

		const fresh: InboundMessage[] = [];
		for (const message of messages) if (await opts.accept(message)) fresh.push(message);
		if (batch.length) await client.messageFlagsAdd(batch.join(','), ['\\Seen'], { uid: true });

		const lastTaken = batch.length ? batch[batch.length - 1] : 0;
		if (continuing) {
			if (batch.length) await opts.watermarks.set(key, { uidValidity, lastUid: lastTaken });
		} else if (batch.length === found.length) {
			await opts.watermarks.set(key, { uidValidity, lastUid: Math.max(lastTaken, uidNext - 1) });
		}
		return fresh;
	});
}

/** The newest mail of the folder, normalised, with nothing marked or recorded: a sample for building a workflow. */
export async function peekNewest(credentials: EmailCredentials): Promise<InboundMessage | undefined> {
	return withMailbox(credentials, async (client, uidValidity) => {
		const all = await searchUids(client, { all: true });
		const newest = all.slice(-1);
		return (await fetchMessages(client, credentials, uidValidity, newest))[0];
	});
}

/** Logs in and opens the folder, the credential test's whole job; throws the server's refusal. */
export async function verifyMailbox(credentials: EmailCredentials): Promise<void> {
	await withMailbox(credentials, async () => undefined);
}

async function withMailbox<T>(
	credentials: EmailCredentials,
	work: (client: ImapFlow, uidValidity: number, uidNext: number) => Promise<T>,
): Promise<T> {
	const client = new ImapFlow(imapOptions(credentials));
	// Without a listener a dropped connection would be an uncaught 'error' event in n8n's process.
	client.on('error', () => undefined);
	await client.connect();
	try {
		const lock = await client.getMailboxLock(mailboxOf(credentials));
		try {
			const box = client.mailbox;
			if (!box) throw new Error(`The folder ${mailboxOf(credentials)} could not be opened`);
			return await work(client, Number(box.uidValidity), box.uidNext);
		} finally {
			lock.release();
		}
	} finally {
		await client.logout().catch(() => client.close());
	}
}

/**
 * UIDs above `lastUid`. "n:*" always matches the highest UID even when it is below n (RFC 3501
 * §6.4.8), so the range alone would hand back the last mail on every poll.
 */
async function uidsAbove(client: ImapFlow, lastUid: number): Promise<number[]> {
	return (await searchUids(client, { uid: `${lastUid + 1}:*` })).filter((uid) => uid > lastUid);
}

async function searchUids(client: ImapFlow, query: Parameters<ImapFlow['search']>[0]): Promise<number[]> {
	const uids = await client.search(query, { uid: true });
	return (uids || []).sort((a, b) => a - b);
}

async function fetchMessages(
	client: ImapFlow,
	credentials: EmailCredentials,
	uidValidity: number,
	uids: number[],
): Promise<InboundMessage[]> {
	if (!uids.length) return [];
	const fetched = await client.fetchAll(uids.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
	fetched.sort((a, b) => a.uid - b.uid);
	const messages: InboundMessage[] = [];
	for (const mail of fetched) {
		if (!mail.source) continue;
		const parsed = await parseMail(mail.source);
		messages.push(
			normaliseMail(parsed, {
				account: accountOf(credentials),
				mailbox: mailboxOf(credentials),
				uidValidity,
				uid: mail.uid,
				receivedAt: mail.internalDate ? new Date(mail.internalDate) : undefined,
			}),
		);
	}
	return messages;
}
