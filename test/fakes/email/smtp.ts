import type { AddressInfo } from 'node:net';

import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/*
 * A real SMTP server (the smtp-server library) on 127.0.0.1 that takes what the sender submits,
 * parses it and keeps it; switches make it answer as a busy or refusing server would.
 */

export interface ReceivedMail {
	envelope: { from: string; to: string[] };
	raw: Buffer;
	parsed: ParsedMail;
	/** When the server took it (ms since the epoch). */
	at: number;
}

export interface FakeSmtp {
	host: string;
	port: number;
	user: string;
	password: string;
	/** Mails accepted (250 after DATA), in order. */
	received: ReceivedMail[];
	/** Every MAIL FROM seen, accepted or not: one per delivery attempt. */
	attempts: number;
	/** The next `times` deliveries are refused at DATA with this reply (421, 451, 554, …). */
	failNext(times: number, responseCode: number, message: string): void;
	/** RCPT TO for this address is refused with this reply (550 5.1.1 for a mailbox that does not exist). */
	refuseRecipient(address: string, responseCode: number, message: string): void;
	close(): Promise<void>;
}

class SmtpReply extends Error {
	constructor(
		readonly responseCode: number,
		message: string,
	) {
		super(message);
	}
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
	const user = 'support@acme.test';
	const password = 'smtp-secret';
	const received: ReceivedMail[] = [];
	const failures: Array<{ responseCode: number; message: string }> = [];
	const refused = new Map<string, { responseCode: number; message: string }>();
	let attempts = 0;

	const server = new SMTPServer({
		// Plain SMTP on loopback: STARTTLS would need a certificate the client trusts.
		disabledCommands: ['STARTTLS'],
		// Loopback has no reverse DNS to wait for.
		disableReverseLookup: true,
		allowInsecureAuth: true,
		authMethods: ['PLAIN', 'LOGIN'],
		logger: false,
		onAuth(auth, _session, callback) {
			if (auth.username === user && auth.password === password) return callback(null, { user });
			callback(new SmtpReply(535, '5.7.8 Authentication credentials invalid'));
		},
		onMailFrom(_address, _session, callback) {
			attempts++;
			callback();
		},
		onRcptTo(address, _session, callback) {
			const refusal = refused.get(address.address.toLowerCase());
			callback(refusal ? new SmtpReply(refusal.responseCode, refusal.message) : undefined);
		},
		onData(stream, session: SMTPServerSession, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const failure = failures.shift();
				if (failure) return callback(new SmtpReply(failure.responseCode, failure.message));
				const raw = Buffer.concat(chunks);
				const at = Date.now();
				simpleParser(raw).then(
					(parsed) => {
						received.push({
							envelope: {
								from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
								to: session.envelope.rcptTo.map((r) => r.address),
							},
							raw,
							parsed,
							at,
						});
						callback();
					},
					(error: Error) => callback(error),
				);
			});
		},
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;

	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		received,
		get attempts() {
			return attempts;
		},
		failNext(times, responseCode, message) {
			for (let i = 0; i < times; i++) failures.push({ responseCode, message });
		},
		refuseRecipient(address, responseCode, message) {
			refused.set(address.toLowerCase(), { responseCode, message });
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
