/*
 * E-mail threading (RFC 5322 §3.6.4): a reply's In-Reply-To is its parent's Message-ID and its
 * References are the parent's References plus that id, so the first id in References is the root.
 */

/** The `<…>` message ids in a header value, in order; mail clients fold and separate them loosely. */
export function messageIds(value: string | string[] | undefined): string[] {
	const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
	return text.match(/<[^<>\s]+>/g) ?? [];
}

/** The thread's first message: what keeps one conversation per thread, however deep the replies go. */
export function threadRoot(references: string[], inReplyTo: string | undefined, messageId: string | undefined) {
	return references[0] ?? inReplyTo ?? messageId;
}

/** References of our reply: the customer's References, then the id we answer, without repeats. */
export function replyReferences(theirReferences: string[], inReplyTo: string | undefined): string[] {
	return [...new Set([...theirReferences, ...(inReplyTo ? [inReplyTo] : [])])];
}

/** "Re: <subject>", without stacking "Re: Re:" when the customer's subject already has one. */
export function replySubject(subject: string | undefined): string {
	const base = (subject ?? '').trim();
	return /^re\s*:/i.test(base) ? base : `Re: ${base}`.trimEnd();
}
