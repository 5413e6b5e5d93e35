import { decode, encodingExists } from 'iconv-lite';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A mail's raw bytes as mailparser reads them, with 8-bit headers decoded first (below). */
export function parseMail(source: Buffer): Promise<ParsedMail> {
	return simpleParser(withUtf8Headers(source), { skipImageLinks: true, skipTextToHtml: true });
}

/**
 * Headers should be ASCII (non-ASCII text travels as =?charset?…?= words), but older Russian and
 * Ukrainian clients write Subject and names as raw windows-1251 or koi8-r bytes, which a parser
 * reading them as UTF-8 turns into "���". Such a header block is decoded with the charset the mail
 * declares for its text, or, when it declares none, with whichever of the two Cyrillic charsets
 * reads as lower-case letters (most letters of any sentence), and handed on as UTF-8.
 */
export function withUtf8Headers(source: Buffer): Buffer {
	const end = headerEnd(source);
	const header = source.subarray(0, end);
	if (!header.some((byte) => byte >= 0x80) || isUtf8(header)) return source;
	const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(header.toString('latin1'))?.[1];
	const charset = declared && !/^utf-?8$/i.test(declared) && encodingExists(declared) ? declared : cyrillicGuess(header);
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

/** windows-1251 puts lower-case Cyrillic at 0xE0–0xFF, koi8-r at 0xC0–0xDF. */
function cyrillicGuess(bytes: Buffer): string {
	let upperHalf = 0;
	let lowerHalf = 0;
	for (const byte of bytes) {
		if (byte >= 0xe0) upperHalf++;
		else if (byte >= 0xc0) lowerHalf++;
	}
	return upperHalf >= lowerHalf ? 'windows-1251' : 'koi8-r';
}
