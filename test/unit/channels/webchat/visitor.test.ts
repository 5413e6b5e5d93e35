/**
 * A site that wants proof of its visitors: its key on every call, and its logged-in customers
 * signed by its backend (HMAC-SHA256 of the customer's id with a secret only it and n8n know).
 * A right key and a valid signature get in, and every chat of that customer joins one card; a
 * missing or wrong key, a forged or half signature, are refused 403 and store nothing.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';

import type { WebhookRequest } from '../../../../nodes/shared/channels/types';
import { handleWebChatPost } from '../../../../nodes/shared/channels/webchat/inbound';
import { proofWeakness, siteKeyAccepted, type VisitorProof } from '../../../../nodes/shared/channels/webchat/visitor';
import { storeOn } from '../../../../nodes/shared/store';
import { BACKENDS, migratedDb } from '../../../harness/backends';

const SITE_KEY = 'shop-widget-key-5f1c9a07d3e2';
const SECRET = 'only-the-shop-backend-and-n8n-know-this';
const proof = { siteKey: SITE_KEY, identitySecret: SECRET };

let counter = 0;
function post(extra: object = {}, headers: Record<string, string> = { 'x-chat-key': SITE_KEY }, sessionId = 'visitor-session-0001-abcdef'): WebhookRequest {
	const body = { action: 'sendMessage', sessionId, clientMessageId: `msg-${String(++counter).padStart(8, '0')}`, text: 'Where is my parcel?', ...extra };
	return { method: 'POST', headers, query: {}, rawBody: Buffer.from(JSON.stringify(body)) };
}

/** What the shop's backend does, the way the README tells it to (shell and openssl). */
const signedByShell = (customerId: string) =>
	execFileSync('sh', ['-c', `printf '%s' "$CUSTOMER_ID" | openssl dgst -sha256 -hmac "$WEBCHAT_IDENTITY_SECRET" -r | cut -d' ' -f1`], {
		env: { PATH: process.env.PATH, CUSTOMER_ID: customerId, WEBCHAT_IDENTITY_SECRET: SECRET },
		encoding: 'utf8',
	}).trim();
/** …and the same in Node, as the README's second example. */
const signedByNode = (customerId: string) => createHmac('sha256', SECRET).update(customerId).digest('hex');

describe('the site key', () => {
	test.each([
		['no key', {}],
		['a wrong key', { 'x-chat-key': 'guessed-key' }],
		['a key one letter short', { 'x-chat-key': SITE_KEY.slice(0, -1) }],
	])('a message with %s is refused 403', (_what, headers) => {
		expect(handleWebChatPost(post({}, headers), { site: 'shop', proof })).toEqual({ kind: 'reject', status: 403, reason: 'The site key is missing or wrong' });
	});

	test('a message with the key gets in; a site that set no key takes every visitor, as before', () => {
		expect(handleWebChatPost(post(), { site: 'shop', proof })).toMatchObject({ kind: 'accept' });
		expect(handleWebChatPost(post({}, {}), { site: 'shop', proof: {} })).toMatchObject({ kind: 'accept' });
		expect(handleWebChatPost(post({}, {}), { site: 'shop' })).toMatchObject({ kind: 'accept' });
	});

	test('the chat’s polls are held to the same key', () => {
		expect([siteKeyAccepted(proof, SITE_KEY), siteKeyAccepted(proof, undefined), siteKeyAccepted(proof, 'x'), siteKeyAccepted({}, undefined)]).toEqual([true, false, false, true]);
	});
});

test('the credential test refuses a key or secret short enough to guess', () => {
	expect(proofWeakness(proof)).toBeNull();
	expect(proofWeakness({ siteKey: SITE_KEY.padEnd(24, 'x'), identitySecret: '' })).toBeNull();
	expect(proofWeakness({ siteKey: 'shop', identitySecret: SECRET })).toBe('The site key needs at least 24 characters');
	expect(proofWeakness({ siteKey: '', identitySecret: 'hunter2' })).toBe('The identity secret needs at least 24 characters');
	expect(proofWeakness({ siteKey: '', identitySecret: '' })).toBe('Set a site key, an identity secret or both');
});

describe('a signed customer', () => {
	test('the README’s shell recipe and its Node recipe make the same signature, and the chat takes it as that customer', () => {
		const signature = signedByShell('cust-4711');
		expect(signature).toBe(signedByNode('cust-4711'));
		const verdict = handleWebChatPost(post({ customerId: 'cust-4711', signature }), { site: 'shop', proof });
		expect(verdict).toMatchObject({ kind: 'accept', messages: [{ conversationKey: 'visitor-session-0001-abcdef', sender: { id: 'customer:cust-4711' } }] });
		// The signature would let whoever reads execution data chat as the customer: it is not kept.
		expect(JSON.stringify(verdict)).not.toContain(signature);
	});

	test.each([
		['a signature of another customer', { customerId: 'cust-4711', signature: signedByNode('cust-4712') }, 'The customer signature is not valid'],
		['a signature made with another secret', { customerId: 'cust-4711', signature: createHmac('sha256', 'guess').update('cust-4711').digest('hex') }, 'The customer signature is not valid'],
		['an id without a signature', { customerId: 'cust-4711' }, 'A signed customer needs both customerId and signature'],
		['a signature without an id', { signature: signedByNode('cust-4711') }, 'A signed customer needs both customerId and signature'],
	])('%s is refused 403', (_what, claim, reason) => {
		expect(handleWebChatPost(post(claim), { site: 'shop', proof })).toEqual({ kind: 'reject', status: 403, reason });
	});

	test('a site that set no identity secret refuses signed customers rather than taking them as anonymous', () => {
		expect(handleWebChatPost(post({ customerId: 'cust-4711', signature: signedByNode('cust-4711') }), { site: 'shop', proof: { siteKey: SITE_KEY } })).toEqual({
			kind: 'reject',
			status: 403,
			reason: 'This chat takes no signed customers',
		});
	});

	test('an anonymous visitor cannot pass a customer’s id off as their session', () => {
		expect(handleWebChatPost(post({}, { 'x-chat-key': SITE_KEY }, 'customer:cust-4711'), { site: 'shop', proof })).toMatchObject({ kind: 'reject', status: 400 });
	});
});

describe('a signature with an end', () => {
	const NOW = new Date('2026-12-05T12:00:00Z');
	const inAnHour = NOW.getTime() / 1000 + 3600;
	/** The README's shell recipe for a signature that ends. */
	const signedUntilByShell = (customerId: string, expires: number) =>
		execFileSync('sh', ['-c', `printf '%s\\n%s' "$CUSTOMER_ID" "$EXPIRES" | openssl dgst -sha256 -hmac "$WEBCHAT_IDENTITY_SECRET" -r | cut -d' ' -f1`], {
			env: { PATH: process.env.PATH, CUSTOMER_ID: customerId, EXPIRES: String(expires), WEBCHAT_IDENTITY_SECRET: SECRET },
			encoding: 'utf8',
		}).trim();
	const claim = (expires: number, customerId = 'cust-4711') => ({ customerId, expires, signature: signedUntilByShell(customerId, expires) });
	const strict = { ...proof, requireExpiry: true };
	const chat = (extra: object, withProof: VisitorProof = strict, at = NOW) => handleWebChatPost(post(extra), { site: 'shop', proof: withProof, now: () => at });

	test('is taken until its end, and refused 403 after it', () => {
		expect(chat(claim(inAnHour))).toMatchObject({ kind: 'accept', messages: [{ sender: { id: 'customer:cust-4711' } }] });
		expect(chat(claim(inAnHour), strict, new Date(NOW.getTime() + 3601_000))).toEqual({ kind: 'reject', status: 403, reason: 'The customer signature has expired' });
	});

	test('cannot be stretched: a later end with the same signature is a forgery', () => {
		const stretched = { ...claim(inAnHour), expires: inAnHour + 86_400 };
		expect(chat(stretched)).toEqual({ kind: 'reject', status: 403, reason: 'The customer signature is not valid' });
	});

	test('where the site asks for ends, a signature without one is refused; elsewhere it still works', () => {
		const forever = { customerId: 'cust-4711', signature: signedByNode('cust-4711') };
		expect(chat(forever)).toEqual({ kind: 'reject', status: 403, reason: 'This chat takes only signatures with an expiry' });
		expect(chat(forever, proof)).toMatchObject({ kind: 'accept' });
	});

	test('an id holding a line break is refused, so a signature without an end never passes for one with an end', () => {
		expect(chat({ customerId: `cust-4711\n${inAnHour}`, signature: signedByNode(`cust-4711\n${inAnHour}`) }, proof)).toMatchObject({ kind: 'reject', status: 400 });
	});
});

describe.each(BACKENDS)('a signed customer’s chats on %s', (_name, backend) => {
	test('chats from two browsers of one signed customer join one card; an anonymous chat and another customer get cards of their own', async () => {
		const { db, drop } = await migratedDb(backend);
		try {
			const store = storeOn(db);
			const logged = async (req: WebhookRequest) => {
				const verdict = handleWebChatPost(req, { site: 'shop', proof });
				if (verdict.kind !== 'accept') throw new Error(`refused: ${JSON.stringify(verdict)}`);
				return (await store.conversations.logInbound(verdict.messages[0])).customer.id;
			};
			const signed = (id: string) => ({ customerId: id, signature: signedByNode(id) });
			const laptop = await logged(post(signed('cust-4711'), undefined, 'laptop-session-000000000001'));
			const phone = await logged(post(signed('cust-4711'), undefined, 'phone-session-0000000000002'));
			const anonymous = await logged(post({}, undefined, 'anon-session-00000000000003'));
			const other = await logged(post(signed('cust-9000'), undefined, 'other-session-0000000000004'));

			expect(phone).toBe(laptop);
			expect(new Set([laptop, anonymous, other]).size).toBe(3);
			const conversations = await db.query('SELECT conversation_key FROM conversations WHERE customer_id = ? ORDER BY id', [laptop]);
			expect(conversations.map((c) => c.conversation_key)).toEqual(['laptop-session-000000000001', 'phone-session-0000000000002']);
		} finally {
			await db.close();
			await drop();
		}
	});
});
