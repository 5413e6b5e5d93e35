import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { ImapFlow } from 'imapflow';

/*
 * A real Dovecot IMAP server on 127.0.0.1, run as a child of the test from a config of its own
 * in a temp folder: one passwd-file user, a maildir, no TLS, no system services touched.
 */

export const INSTALL_HINT =
	'Dovecot is not installed. Run `bash scripts/ensure-test-deps.sh` (it does `apt-get install -y dovecot-imapd`).';

export interface Dovecot {
	host: string;
	port: number;
	user: string;
	password: string;
	/** A logged-in IMAP client of the mailbox owner, for the test to arrange and inspect the mailbox. */
	admin(): Promise<ImapFlow>;
	/** Puts a raw RFC 5322 mail into a folder, as the MTA would deliver it; returns its UID. */
	deliver(raw: Buffer | string, opts?: { mailbox?: string; seen?: boolean }): Promise<number>;
	flags(uid: number, mailbox?: string): Promise<string[]>;
	uidValidity(mailbox?: string): Promise<number>;
	/** Deletes and creates the folder again, empty: Dovecot gives it a new UIDVALIDITY and UIDs start at 1. */
	recreate(mailbox: string): Promise<void>;
	close(): Promise<void>;
}

function findDovecot(): string {
	for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) {
		const candidate = join(dir, 'dovecot');
		if (dir && existsSync(candidate)) return candidate;
	}
	throw new Error(INSTALL_HINT);
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** Dovecot refuses mail users with UID 0, so as root the mail belongs to nobody. */
function mailOwner() {
	if (process.getuid?.() !== 0) {
		const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
		return { user: userInfo().username, group, uid: process.getuid!(), gid: process.getgid!() };
	}
	return { user: 'nobody', group: 'nogroup', uid: 65534, gid: 65534 };
}

function config(dir: string, port: number, owner: ReturnType<typeof mailOwner>): string {
	return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose; a real server delays the answer by 2 s.
auth_failure_delay = 0
default_internal_user = ${owner.user}
default_internal_group = ${owner.group}
default_login_user = ${owner.user}
first_valid_uid = ${Math.min(owner.uid, 500)}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
`;
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) break;
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1', () => {
				socket.destroy();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
	throw new Error(`Dovecot did not start listening on ${port}:\n${log}`);
}

export async function startDovecot(): Promise<Dovecot> {
	const binary = findDovecot();
	const dir = mkdtempSync(join(tmpdir(), 'cc-dovecot-'));
	const owner = mailOwner();
	const port = await freePort();
	const user = 'support@acme.test';
	const password = 'mailbox-secret';
	// Dovecot's auth and mail processes run as the mail owner and must reach the passwd file and the maildir.
	chmodSync(dir, 0o711);
	mkdirSync(join(dir, 'home'));
	if (owner.uid !== process.getuid?.()) chownSync(join(dir, 'home'), owner.uid, owner.gid);
	writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
	writeFileSync(join(dir, 'dovecot.conf'), config(dir, port, owner));

	const child = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		await waitForPort(port, child, join(dir, 'dovecot.log'));
	} catch (error) {
		child.kill('SIGTERM');
		await exited;
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}

	const admin = async () => {
		const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
		await client.connect();
		return client;
	};
	const withAdmin = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
		const client = await admin();
		try {
			return await work(client);
		} finally {
			await client.logout();
		}
	};

	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		admin,
		deliver: (raw, opts = {}) =>
			withAdmin(async (client) => {
				const mailbox = opts.mailbox ?? 'INBOX';
				if (mailbox !== 'INBOX' && !(await client.list()).some((m) => m.path === mailbox)) await client.mailboxCreate(mailbox);
				const appended = await client.append(mailbox, raw, opts.seen ? ['\\Seen'] : []);
				if (!appended || !appended.uid) throw new Error('Dovecot did not report the UID of the appended mail');
				return appended.uid;
			}),
		flags: (uid, mailbox = 'INBOX') =>
			withAdmin(async (client) => {
				const lock = await client.getMailboxLock(mailbox, { readOnly: true });
				try {
					const [mail] = await client.fetchAll(String(uid), { uid: true, flags: true }, { uid: true });
					return [...(mail?.flags ?? [])].sort();
				} finally {
					lock.release();
				}
			}),
		uidValidity: (mailbox = 'INBOX') =>
			withAdmin(async (client) => {
				const status = await client.status(mailbox, { uidValidity: true });
				if (!status) throw new Error(`Dovecot gave no STATUS for ${mailbox}`);
				return Number(status.uidValidity);
			}),
		recreate: (mailbox) =>
			withAdmin(async (client) => {
				await client.mailboxDelete(mailbox);
				await client.mailboxCreate(mailbox);
			}),
		async close() {
			child.kill('SIGTERM');
			await exited;
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
