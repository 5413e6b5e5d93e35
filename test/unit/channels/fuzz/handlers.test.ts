/**
 * Generated variants of valid deliveries (fields removed or given the wrong type, empty ids,
 * deep nesting, huge strings, impossible times, odd unicode), signed the way each platform signs
 * so that they reach the parsing behind the signature check, on every channel's inbound handler
 * (web chat and e-mail parsing included; common/timestamps.test.ts fuzzes the times). Whatever
 * comes in, no exception escapes, no answer is a 5xx and every message let through is an envelope
 * the schema accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { MAX_BODY_BYTES } from '../../../../nodes/shared/channels/common/webhook';
import { normaliseMail } from '../../../../nodes/shared/channels/email/normalise';
import { parseMail } from '../../../../nodes/shared/channels/email/parse';
import type { WebhookRequest } from '../../../../nodes/shared/channels/types';
import { handleWebChatPost } from '../../../../nodes/shared/channels/webchat/inbound';
import { parseInbound } from '../../../../nodes/shared/envelope';
import { CORPUS_CHANNELS, DELIVER, type CorpusChannel } from '../corpus/deliver';
import { expectSane, nested, render, RUNS, variantsOf, type Json } from './variants';

const FIXTURES = join(__dirname, '../../../fixtures');

/** The corpus payloads of a channel that its handler turns into at least one message. */
function deliveredPayloads(channel: CorpusChannel): Json[] {
	const { entries } = JSON.parse(readFileSync(join(FIXTURES, channel, 'MANIFEST.json'), 'utf8')) as { entries: Array<{ file: string; expect: { status?: number; messages?: unknown[] } }> };
	return entries
		.filter((e) => e.expect.status === 200 && e.expect.messages?.length)
		.map((e) => JSON.parse(readFileSync(join(FIXTURES, channel, e.file), 'utf8')) as Json);
}

/** VK's secret travels in the body: variants carry it from the start, so the damage may hit it too. */
const VK_SECRET = 'fuzz-vk-secret';
const deliver = (channel: CorpusChannel, payload: Json) =>
	channel === 'vk' ? DELIVER.vk(render(payload), { secret: VK_SECRET }) : DELIVER[channel](render(payload));

describe.each(CORPUS_CHANNELS)('fuzzed %s deliveries', (channel) => {
	const valid = deliveredPayloads(channel).map((payload) => (channel === 'vk' ? { ...(payload as object), secret: VK_SECRET } : payload));

	it('a signed variant of a real delivery is accepted as valid envelopes or refused with a 4xx, never a crash', () => {
		expect(valid.length).toBeGreaterThanOrEqual(10);
		const verdicts = new Set<string>();
		fc.assert(
			fc.property(variantsOf(valid), (payload) => {
				const verdict = deliver(channel, payload);
				verdicts.add(verdict.kind);
				expectSane(verdict);
			}),
			RUNS,
		);
		// Variants got past the signature and were read, not all refused at the door.
		expect(verdicts).toContain('accept');
	});

	it('a signed body nested thousands of levels deep is a clear 400', () => {
		const verdict = deliver(channel, { ...(valid[0] as object), extra: nested(50_000) });

		expect(verdict).toMatchObject({ kind: 'reject', status: 400, reason: expect.stringMatching(/nested/) });
	});

	it('a signed body larger than any platform sends is a clear 400', () => {
		const verdict = deliver(channel, { ...(valid[0] as object), extra: 'x'.repeat(MAX_BODY_BYTES) });

		expect(verdict).toMatchObject({ kind: 'reject', status: 400, reason: `The body is larger than ${MAX_BODY_BYTES} bytes` });
	});
});

describe('fuzzed web chat posts', () => {
	const post = (rawBody: Buffer): WebhookRequest => ({ method: 'POST', headers: {}, query: {}, rawBody });
	const valid: Json[] = [
		{ action: 'sendMessage', sessionId: 'visitor-session-0001-abcdef', clientMessageId: 'msg-00000001', text: 'Where is my order?' },
		{
			action: 'sendMessage',
			sessionId: 'visitor_session_0002_ABCDEF',
			clientMessageId: 'msg-00000002',
			text: 'Привіт, замовлення 1234',
			payload: 'menu:orders',
			profile: { name: 'Olena', phone: '+380501234567', email: 'olena@example.com', orderNumber: 'A-1234', language: 'uk' },
		},
	];

	it('a variant of a page post is accepted as a valid envelope or refused with a 4xx, never a crash', () => {
		fc.assert(
			fc.property(variantsOf(valid), (payload) => expectSane(handleWebChatPost(post(render(payload)), { site: 'website' }))),
			RUNS,
		);
	});
});

describe('fuzzed e-mail', () => {
	const seeds = ['talon/gmail.eml', 'talon/thunderbird.eml', 'mikel-mail/bad_subject.eml', 'sisimai/rfc3834-01.eml', 'sisimai/rfc3464-01.eml'].map((file) =>
		readFileSync(join(FIXTURES, 'email', file), 'latin1'),
	);
	const HEADERS = ['From', 'Sender', 'Reply-To', 'To', 'Cc', 'Date', 'Message-ID', 'In-Reply-To', 'References', 'Subject', 'Content-Type', 'Content-Transfer-Encoding', 'Auto-Submitted', 'Precedence', 'Authentication-Results'];
	const damagedValue = fc.oneof(
		fc.constant(undefined),
		fc.constantFrom('', ' ', '<>', '<@>', '@', '"" <>', 'undisclosed-recipients:;', '=?utf-8?B?####?=', '=?koi8-r?Q?=F0=D2=C9=D7=C5=D4?=', 'multipart/mixed; boundary=', 'multipart/report; report-type=delivery-status'),
		fc.constantFrom('Mon, 32 Dec 99999 25:61:61 +9999', 'Thu, 01 Jan 1970 00:00:00 +0000', 'Sat, 13 Sep 275760 00:00:01 +0000', '-1', 'yesterday'),
		fc.integer({ min: 1_000, max: 200_000 }).map((n) => `${'('.repeat(n)}x@example.com`),
		fc.integer({ min: 10_000, max: 300_000 }).map((n) => `${'a'.repeat(n)}@example.com`),
		fc.string({ unit: 'grapheme', maxLength: 60 }),
		fc.string({ unit: 'binary', maxLength: 60 }),
		fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
	);
	/** A real mail with one to three headers removed or given a damaged value, perhaps cut short. */
	const mailVariant = fc
		.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.constantFrom(...HEADERS), damagedValue), { minLength: 1, maxLength: 3 }), fc.option(fc.nat()))
		.map(([mail, hits, cut]) => {
			const damaged = hits.reduce((text, [name, value]) => {
				const without = text.replace(new RegExp(`^${name}:.*(\\r?\\n[ \\t].*)*\\r?\\n`, 'gim'), '');
				return value === undefined ? without : `${name}: ${value}\r\n${without}`;
			}, mail);
			return Buffer.from(cut === null ? damaged : damaged.slice(0, cut % (damaged.length + 1)), 'latin1');
		});

	const read = async (source: string) =>
		normaliseMail(await parseMail(Buffer.from(source)), { account: 'support@acme.test', mailbox: 'INBOX', uidValidity: 7, uid: 1 });

	it('an attachment whose Content-Type line is blank is a file of unknown type, not a poll that fails on every check', async () => {
		const message = await read(
			'From: Olena <olena@example.com>\r\nSubject: Invoice\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe invoice is attached\r\n--b\r\nContent-Type:\r\nContent-Disposition: attachment; filename=invoice.pdf\r\n\r\n%PDF\r\n--b--\r\n',
		);

		expect(message.text).toBe('The invoice is attached');
		expect(message.attachments).toEqual([expect.objectContaining({ type: 'file', name: 'invoice.pdf', mimeType: 'application/octet-stream' })]);
	});

	it('a Date header in year 27576 counts as no date, so the envelope keeps a real time', async () => {
		const message = await read('From: olena@example.com\r\nDate: Sat, 13 Sep 27576 00:00:00 +0000\r\nSubject: Hi\r\n\r\nHello\r\n');

		expect(() => parseInbound(message)).not.toThrow();
		expect((message.raw as { date?: string }).date).toBeUndefined();
	});

	it('a body line of 300 000 characters ending in an address is read in well under two seconds', async () => {
		const started = Date.now();
		const message = await read(`From: olena@example.com\r\nSubject: Hi\r\n\r\nHello\r\nFrom: ${'a'.repeat(300_000)}@example.com\r\n`);

		expect(Date.now() - started).toBeLessThan(2000);
		// Kept as written up to the mail text's limit, then cut with a note.
		expect(message.text).toMatch(/^Hello\nFrom: a{60000}/);
		expect(message.text).toMatch(/\[… \d+ more characters: the whole mail is in the mailbox\]$/);
	});

	it('a damaged real mail is parsed into a valid envelope, never a crash', async () => {
		await fc.assert(
			fc.asyncProperty(mailVariant, async (source) => {
				const started = Date.now();
				const mail = await parseMail(source);
				const message = normaliseMail(mail, { account: 'support@acme.test', mailbox: 'INBOX', uidValidity: 7, uid: 1 });
				expect(Date.now() - started).toBeLessThan(2000);
				expect(() => parseInbound(message)).not.toThrow();
				expect(message.sender.id).not.toBe('');
			}),
			RUNS,
		);
	});
});
