import { decode, encodingExists } from 'iconv-lite';
import { simpleParser, type ParsedMail } from 'mailparser';

const OPTIONS = { skipImageLinks: true, skipTextToHtml: true };

/** A mail's raw bytes as mailparser reads them, with 8-bit headers decoded first (below). */
export async function parseMail(source: Buffer): Promise<ParsedMail> {
	const mail = await simpleParser(withUtf8Headers(source), OPTIONS);
	// mailparser writes HTML out as text only when it is the whole mail or stands beside a text
	// part; an HTML body with inline images (multipart/related: Yandex, QQ, Outlook signatures) or
	// with attachments and no text part came out with no text at all, or with a blank text part.
	if (!mail.text?.trim() && mail.html) mail.text = (await simpleParser(Buffer.from(`Content-Type: text/html; charset=utf-8\r\n\r\n${mail.html}`), OPTIONS)).text;
	for (const attachment of mail.attachments) {
		if (attachment.filename) attachment.filename = rawUtf8(attachment.filename);
	}
	return mail;
}

/**
 * mailparser reads a part's name written as raw 8-bit bytes one byte a letter (Latin-1), while
 * Yahoo and other webmails write it as raw UTF-8 ("ÐÐ°ÑÑÐ¸Ð½ÐºÐ°" for "Картинка"): such a name
 * is read again as UTF-8. Yahoo cuts a long name at a byte count, at times inside its last letter,
 * which is dropped; a broken letter anywhere else means the name was no UTF-8 and it stays.
 */
function rawUtf8(name: string): string {
	if (!/[\x80-\xff]/.test(name) || /[^\x00-\xff]/.test(name)) return name;
	const text = new TextDecoder('utf-8').decode(Buffer.from(name, 'latin1')).replace(/\uFFFD$/, '');
	return /\uFFFD/.test(text) || !/[^\x00-\x7f]/.test(text) ? name : text;
}

/**
 * Headers should be ASCII (non-ASCII text travels as =?charset?…?= words), but older Russian and
 * Ukrainian clients write Subject and names as raw windows-1251 or koi8-r bytes, and older Western
 * ones as Latin-1, which a parser reading them as UTF-8 turns into "���". Such a header block is
 * decoded with the charset the mail declares for its text, or, when it declares none (or ASCII,
 * which these bytes cannot be), with the charset its letters suggest (below), and handed on as UTF-8.
 */
export function withUtf8Headers(source: Buffer): Buffer {
	const end = headerEnd(source);
	const header = source.subarray(0, end);
	if (!header.some((byte) => byte >= 0x80) || isUtf8(header)) return source;
	const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(header.toString('latin1'))?.[1];
	const charset = declared && !/^(utf-?8|us-ascii|ascii)$/i.test(declared) && encodingExists(declared) ? declared : guessCharset(header);
	return Buffer.concat([Buffer.from(decode(header, charset), 'utf8'), source.subarray(end)]);
}

function headerEnd(source: Buffer): number {
	const crlf = source.indexOf('\r\n\r\n');
	const lf = source.indexOf('\n\n');
	const ends = [crlf, lf].filter((i) => i >= 0);
	return ends.length ? Math.min(...ends) : source.length;
}

function isUtf8(bytes: Buffer): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

/**
 * A Cyrillic word is all 8-bit bytes, whereas a Western European one has an accented letter among
 * ASCII ones ("Lütkebohle", "Støylen"): mostly lone 8-bit bytes read as windows-1252 (Latin-1 with
 * more letters). Of the Cyrillic charsets, windows-1251 puts lower-case letters at 0xE0–0xFF,
 * koi8-r at 0xC0–0xDF, and most letters of any sentence are lower-case.
 */
function guessCharset(bytes: Buffer): string {
	let lone = 0;
	let inRuns = 0;
	let upperHalf = 0;
	let lowerHalf = 0;
	bytes.forEach((byte, i) => {
		if (byte < 0x80) return;
		if (bytes[i - 1] >= 0x80 || bytes[i + 1] >= 0x80) inRuns++;
		else lone++;
		if (byte >= 0xe0) upperHalf++;
		else if (byte >= 0xc0) lowerHalf++;
	});
	if (lone > inRuns) return 'windows-1252';
	return upperHalf >= lowerHalf ? 'windows-1251' : 'koi8-r';
}
