/**
 * Our answer to Anna bounces for good (a DSN with a 5.x.x status): her address is marked
 * undeliverable on her card, and the next answer is recorded as failed with the reason instead of
 * being sent to bounce again. A soft bounce changes nothing; Anna writing again from the address
 * makes it deliverable again. The answer the bounce returns is marked failed, for the operator who
 * sent it to see.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { normaliseMail } from '../../../nodes/shared/channels/email/normalise';
import { parseMail } from '../../../nodes/shared/channels/email/parse';
import type { InboundMessageInput, OutboundMessage } from '../../../nodes/shared/envelope';
import { replyToConversation, type Senders } from '../../../nodes/shared/outbox/reply';
import { BACKENDS, storePerSuite } from '../../harness/backends';
import { mailTo } from './mail';

describe.each(BACKENDS)('hard bounces on %s', (_name, makeBackend) => {
	const suite = storePerSuite(makeBackend);
	let n = 0;
	let account: string;

	beforeEach(() => {
		account = `support-${++n}@acme.test`;
	});

	const mail = (externalId: string, fields: Partial<InboundMessageInput> = {}) => mailTo(account, externalId, fields);
	const bounce = (externalId: string, status: string) =>
		mail(externalId, {
			sender: { id: 'mailer-daemon@mx.example.net', email: 'mailer-daemon@mx.example.net' },
			text: 'Delivery to the following recipient failed: anna@example.net',
			automatic: { kind: 'bounce', reason: 'Content-Type: multipart/report; report-type=delivery-status', failedRecipients: ['Anna@Example.net'], status },
		});

	/** The mailbox the answers would leave by, counting what it is asked to send. */
	const outbox = () => {
		const sent: OutboundMessage[] = [];
		const senders: Senders = {
			email: async (message) => {
				sent.push(message);
				return { ok: true, externalIds: [`<answer-${sent.length}@acme.test>`] };
			},
		};
		return { sent, senders };
	};
	const annasAddress = async (customerId: number) => (await suite.store.customers.identities(customerId)).find((i) => i.channel === 'email')!;

	test('a 5.1.1 bounce marks the address undeliverable, and the next answer is recorded as failed for good, not sent', async () => {
		const asked = await suite.store.conversations.logInbound(mail('1'));
		const { sent, senders } = outbox();

		await suite.store.conversations.logInbound(bounce('2', '5.1.1'));
		const answer = await replyToConversation(suite.store, senders, asked.conversation.id, { text: 'It ships today.', author: 'bot' });

		expect(await annasAddress(asked.customer.id)).toMatchObject({ status: 'undeliverable', statusReason: 'mail to Anna@Example.net bounced for good (5.1.1)' });
		expect(sent).toEqual([]);
		expect(answer).toMatchObject({ status: 'failed', permanent: true, code: 'undeliverable' });
		const answers = (await suite.store.messages.list(asked.conversation.id)).filter((m) => m.direction === 'out');
		expect(answers).toMatchObject([
			{ text: 'It ships today.', status: 'failed', error: 'undeliverable: the customer’s email refuses messages: mail to Anna@Example.net bounced for good (5.1.1)' },
		]);
	});

	test('a soft bounce (4.2.2, mailbox full) leaves the address as it was', async () => {
		const asked = await suite.store.conversations.logInbound(mail('1'));

		await suite.store.conversations.logInbound(bounce('2', '4.2.2'));

		expect(await annasAddress(asked.customer.id)).toMatchObject({ status: 'active', statusReason: null });
	});

	test('Anna writing again from the address makes it take mail again', async () => {
		const asked = await suite.store.conversations.logInbound(mail('1'));
		await suite.store.conversations.logInbound(bounce('2', '5.1.1'));
		const { sent, senders } = outbox();

		await suite.store.conversations.logInbound(mail('3', { text: 'My mailbox works again' }));
		await replyToConversation(suite.store, senders, asked.conversation.id, { text: 'Thanks, it ships today.', author: 'bot' });

		expect(await annasAddress(asked.customer.id)).toMatchObject({ status: 'active', statusReason: null });
		expect(sent.map((m) => m.to)).toEqual(['anna@example.net']);
	});

	test('a real DSN (sisimai rfc3464-01, 5.1.1) about our mail marks the customer’s address on that thread', async () => {
		const dsn = normaliseMail(await parseMail(readFileSync(join(__dirname, '../../fixtures/email/sisimai/rfc3464-01.eml'))), {
			account,
			mailbox: 'INBOX',
			uidValidity: 7,
			uid: 2,
		});
		const asked = await suite.store.conversations.logInbound(
			mail('1', { conversationKey: dsn.conversationKey, sender: { id: 'userunknown@bouncehammer.jp', email: 'userunknown@bouncehammer.jp' } }),
		);

		// Our answer went out as the mail the DSN returns a copy of.
		const returned = '<E1C50F1B-1C83-4820-BC36-AC6FBFBE8568@example.org>';
		const senders: Senders = { email: async () => ({ ok: true, externalIds: [returned] }) };
		await replyToConversation(suite.store, senders, asked.conversation.id, { text: 'Your parcel ships today.', author: 'operator:1' });

		await suite.store.conversations.logInbound(dsn);

		expect(await annasAddress(asked.customer.id)).toMatchObject({ status: 'undeliverable', statusReason: 'mail to userunknown@bouncehammer.jp bounced for good (5.1.1)' });
		const answers = (await suite.store.messages.list(asked.conversation.id)).filter((m) => m.direction === 'out');
		expect(answers).toMatchObject([
			{ text: 'Your parcel ships today.', status: 'failed', error: 'bounced: mail to userunknown@bouncehammer.jp could not be delivered (5.1.1)' },
		]);
	});
});
