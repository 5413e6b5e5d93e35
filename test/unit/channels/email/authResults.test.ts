/**
 * A From address is only a claim: a STOP or START by e-mail changes the customer's consent only
 * when the receiving server's Authentication-Results says SPF, DKIM or DMARC passed for the From's
 * domain. A forged mail, or one that brings its own "pass" below the server's verdict, changes nothing.
 */
import { simpleParser } from 'mailparser';

import { normaliseMail } from '../../../../nodes/shared/channels/email/normalise';
import { applyConsentWord } from '../../../../nodes/shared/notify';
import { storeOn, type Store } from '../../../../nodes/shared/store';
import { migratedDb, sqliteBackend } from '../../../harness/backends';

const where = { account: 'support@shop.example', mailbox: 'INBOX', uidValidity: 7, uid: 0 };

async function mail(headers: string[], text: string) {
	const raw = [...headers, 'From: Anna <anna@example.net>', 'To: support@shop.example', 'Subject: re', '', text].join('\r\n');
	return normaliseMail(await simpleParser(raw), { ...where, uid: ++where.uid });
}

const ours = (verdicts: string) => `Authentication-Results: mx.shop.example;\r\n ${verdicts}`;

let store: Store;
let drop: () => Promise<void>;
beforeEach(async () => {
	const backend = await migratedDb(sqliteBackend);
	({ drop } = backend);
	store = storeOn(backend.db);
});
afterEach(() => drop());

async function consentAfter(message: Awaited<ReturnType<typeof mail>>) {
	const logged = await store.conversations.logInbound(message);
	const applied = await applyConsentWord(store, logged, message);
	const [row] = await store.db.query('SELECT consent FROM identities WHERE id = ?', [logged.identity.id]);
	return { applied, consent: row.consent };
}

test.each([
	['DMARC pass', ours('spf=fail smtp.mailfrom=bounce@evil.example; dkim=none; dmarc=pass (p=reject) header.from=example.net')],
	['DKIM pass for the From domain', ours('dkim=pass header.d=example.net header.s=s1; spf=softfail')],
	['SPF pass for a parent domain of From', ours('spf=pass smtp.mailfrom=bounces@example.net')],
])('a STOP with %s opts the sender out', async (_, header) => {
	expect(await consentAfter(await mail([header], 'STOP'))).toEqual({ applied: 'stop', consent: 'unsubscribed' });
});

test.each([
	['no Authentication-Results at all', []],
	['the server saying every check failed', [ours('spf=fail smtp.mailfrom=anna@example.net; dkim=fail header.d=example.net; dmarc=fail header.from=example.net')]],
	['a pass for another domain (the forger’s own)', [ours('dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=x@evil.example; dmarc=none')]],
	['a forged "pass" the mail carried in, below the server’s failing verdict', [ours('dmarc=fail header.from=example.net'), 'Authentication-Results: mx.shop.example; dmarc=pass header.from=example.net']],
	['a pass only inside a comment', [ours('dmarc=fail (dmarc=pass) header.from=example.net')]],
])('a START with %s changes nothing', async (_, headers) => {
	const message = await mail(headers, 'START');
	expect(message.raw).toMatchObject({ fromAuthenticated: false });
	expect(await consentAfter(message)).toEqual({ applied: null, consent: expect.not.stringMatching(/^subscribed$/) });
});
