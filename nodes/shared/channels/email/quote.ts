/*
 * Where the history a mail client quoted under the customer's words begins. Clients announce it
 * in one of three ways, and only these mark it: a separator line ("-----Original Message-----"),
 * a block of the earlier mail's headers (Outlook: "From: … Sent: …", "От: … Отправлено: …"), or an
 * attribution ending in "wrote:" or in the earlier sender's address (Gmail, Apple Mail,
 * Thunderbird, Yandex, Mail.ru). Without one of those, '>' lines are history only when they run
 * to the end of the mail: a '>' line between the customer's own lines is theirs (an inline answer,
 * a quoted sentence) and stays. A forwarded mail is the customer's material, not history, and stays.
 */

const QUOTED = /^\s*>/;

const SEPARATOR = new RegExp(
	'^\\s*-{2,}\\s*(' +
		[
			'original message',
			'исходное сообщение',
			'оригинальное сообщение',
			'вихідне повідомлення',
			'оригінальне повідомлення',
			"message d['’]origine",
			'message original',
		].join('|') +
		')\\s*-{2,}\\s*$',
	'i',
);

/** What follows a forward marker is what the customer passes on to us: nothing under it is cut. */
const FORWARD = /^\s*-{2,}\s*(forwarded message|пересылаемое сообщение|пересланное сообщение|переслане повідомлення|message transféré)\s*-{2,}\s*$|^\s*(begin forwarded message|начало переадресованного сообщения|début du message réexpédié)\s*:\s*$/i;

/** Outlook puts a line of underscores over the header block; its HTML mail, a rule that becomes dashes as text. */
const RULE = /^\s*(_{10,}|-{10,}|—{5,})\s*$/;

/** "From:" of a quoted header block, bold in Gmail's forwards ("*From:*"), French with a space before the colon. */
const HEADER_FROM = /^\s*\*?(from|от|від|de|von)\s?:\*?\s/i;
/** The header lines that follow it within a few lines: when it was sent, to whom, about what. */
const HEADER_NEXT = /^\s*\*?(sent|date|to|subject|отправлено|дата|кому|тема|надіслано|envoyé|à|objet|gesendet|an|betreff)\s?:\*?\s/i;

/** The verb of an attribution: "wrote:", "написал(а):", "пише:", "a écrit :", "schrieb:". */
const WROTE = /(wrote|написала?|написал\(а\)|пишет|пише|написав|написав\(ла\)|a écrit|schrieb)\s?:\s*$/i;
/**
 * Yandex, Mail.ru and Russian Gmail end the attribution with the earlier sender's address: "…,
 * Anna <anna@example.com>:". Only the line's last word is looked at, and from its "<" or "@": a
 * pattern tried at every place of the line takes time growing with the square of its length, and
 * one line of 100 000 characters then held up the mailbox's poll for 17 seconds.
 */
function endsWithAddress(line: string): boolean {
	const trimmed = line.trimEnd();
	if (!trimmed.endsWith(':')) return false;
	const word = trimmed.slice(0, -1).replace(/\s$/, '').split(/\s/).pop() ?? '';
	// A long name wraps the address itself: "…Acme <" ends the line above, "support@acme.test>:" this one.
	if (word.endsWith('>')) return /^<?[^<>\s]+@[^<>\s]+>$/.test(word.slice(Math.max(0, word.lastIndexOf('<'))));
	const at = word.indexOf('@', 1);
	return at > 0 && /^\S+\.\w+$/.test(word.slice(at + 1));
}

/** The customer's own words: the mail's text up to where the quoted history begins; the whole text when nothing is left. */
export function stripQuotedReply(text: string): string {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const forwarded = lines.findIndex((line) => FORWARD.test(line));
	const cut = Math.min(markedHistory(lines), forwarded >= 0 ? lines.length : trailingQuote(lines));
	const own = cut < lines.length ? lines.slice(0, cut).join('\n').trim() : bottomPosted(lines);
	return own || text.trim();
}

/** A mail that opens with the attribution and one quote, the customer's words under it (Thunderbird's bottom-posting). */
function bottomPosted(lines: string[]): string {
	const first = nextFilled(lines, 0);
	// Netscape and older Thunderbird attribute with a bare "Marc Slemko wrote:", no date nor address;
	// opening the mail with the quote right under it, it can be nothing else.
	const bare = WROTE.test(lines[first] ?? '') && QUOTED.test(lines[first + 1] ?? '') ? first : undefined;
	const end = bare ?? [first, first + 1, first + 2].find((e) => e < lines.length && attributionStart(lines, e) === first);
	if (end === undefined) return '';
	let own = end + 1;
	while (own < lines.length && (QUOTED.test(lines[own]) || !lines[own].trim())) own++;
	const rest = lines.slice(own);
	return rest.some((line) => QUOTED.test(line)) ? '' : rest.join('\n').trim();
}

/** The first line of history a client announced, or the line count when there is none. */
function markedHistory(lines: string[]): number {
	for (let i = 0; i < lines.length; i++) {
		if (QUOTED.test(lines[i])) continue;
		if (FORWARD.test(lines[i])) break;
		if (SEPARATOR.test(lines[i]) || headerBlockAt(lines, i)) return i;
		const attribution = attributionStart(lines, i);
		if (attribution !== undefined && !answersInline(lines, i + 1)) return attribution;
		if (RULE.test(lines[i]) && headerBlockAt(lines, nextFilled(lines, i + 1))) return i;
	}
	return lines.length;
}

/** A "From:" line with a Sent/Date/To/Subject line among the next four (long names wrap the From line). */
function headerBlockAt(lines: string[], i: number): boolean {
	if (!HEADER_FROM.test(lines[i] ?? '')) return false;
	return lines.slice(i + 1, i + 5).some((line) => HEADER_NEXT.test(line));
}

/**
 * A line an attribution goes on from: broken after "<", ">" or ",", or inside an address (HTML
 * mail turned into text wraps "…Acme Support <support@acme.test" before "[support@acme.test]> wrote:").
 */
const wrapsOn = (line: string) => /[<>,]\s*$/.test(line) || line.lastIndexOf('<') > line.lastIndexOf('>');

/**
 * Where an attribution ending at line `end` starts (undefined when there is none there): clients
 * wrap a long name over up to three lines, breaking after "<", ">" or ",".
 */
function attributionStart(lines: string[], end: number): number | undefined {
	if (!WROTE.test(lines[end]) && !endsWithAddress(lines[end])) return undefined;
	let start = end;
	while (start > end - 2 && start > 0 && wrapsOn(lines[start - 1]) && !QUOTED.test(lines[start - 1])) start--;
	return /\d|@/.test(lines.slice(start, end + 1).join(' ')) ? start : undefined;
}

/** The customer answered between the quoted lines: own text follows a quoted line after the attribution. */
function answersInline(lines: string[], from: number): boolean {
	let quoted = false;
	for (const line of lines.slice(from)) {
		if (QUOTED.test(line)) quoted = true;
		else if (quoted && line.trim()) return true;
	}
	return false;
}

/**
 * The start of a block of '>' lines (blank lines among them) that runs to the end of the mail,
 * with the attribution line just above it when there is one; the line count when the mail does
 * not end in quotes.
 */
function trailingQuote(lines: string[]): number {
	let end = lines.length;
	while (end > 0 && !lines[end - 1].trim()) end--;
	let start = end;
	while (start > 0 && (QUOTED.test(lines[start - 1]) || !lines[start - 1].trim())) start--;
	if (start === end || !lines.slice(start, end).some((line) => QUOTED.test(line))) return lines.length;
	const above = start - 1;
	return above >= 0 && /:\s*$/.test(lines[above]) && /\d|@/.test(lines[above]) ? above : start;
}

function nextFilled(lines: string[], from: number): number {
	let i = from;
	while (i < lines.length && !lines[i].trim()) i++;
	return i;
}
