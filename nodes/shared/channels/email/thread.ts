/*
 * E-mail threading (RFC 5322 §3.6.4): a reply's In-Reply-To is its parent's Message-ID and its
 * References are the parent's References plus that id, so the first id in References is the root.
 */

const MESSAGE_ID = /<[^<>\s]+>/;
const MESSAGE_IDS = new RegExp(MESSAGE_ID.source, 'g');
const ONE_MESSAGE_ID = new RegExp(`^${MESSAGE_ID.source}$`);

/** The `<…>` message ids in a header value, in order; mail clients fold and separate them loosely. */
export function messageIds(value: string | string[] | undefined): string[] {
	const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
	return text.match(MESSAGE_IDS) ?? [];
}

/** A Message-ID as mail carries it; a mail without one is keyed by its mailbox UID, which is none. */
export const isMessageId = (id: string | null | undefined): id is string => !!id && ONE_MESSAGE_ID.test(id);

/** The thread's first message: what keeps one conversation per thread, however deep the replies go. */
export function threadRoot(references: string[], inReplyTo: string | undefined, messageId: string | undefined) {
	return references[0] ?? inReplyTo ?? messageId;
}

/** References of our reply: the customer's References, then the id we answer, without repeats. */
export function replyReferences(theirReferences: string[], inReplyTo: string | undefined): string[] {
	return [...new Set([...theirReferences, ...(inReplyTo ? [inReplyTo] : [])])];
}

/**
 * Reply prefixes mail programs write in the customers' languages ("AW:" German, "SV:" Nordic,
 * "Odp:" Polish, "Ответ:", "Відповідь:"), with the counts some add ("Re[2]:", "RE (3):").
 */
const REPLY_PREFIX = /^\s*(re|aw|sv|vs|odp|antw|rif|ответ|отв|відповідь|відп)\s*(\[\d+\]|\(\d+\))?\s*:\s*/iu;

/** The subject without the reply prefixes in front of it, however many and in whatever language. */
function baseSubject(subject: string | undefined): string {
	let base = (subject ?? '').trim();
	for (let next = base.replace(REPLY_PREFIX, ''); next !== base; next = base.replace(REPLY_PREFIX, '')) base = next;
	return base;
}

/** "Re: <subject>", once, whatever prefixes the customer's mail program stacked before it. */
export function replySubject(subject: string | undefined): string {
	return `Re: ${baseSubject(subject)}`.trimEnd();
}
