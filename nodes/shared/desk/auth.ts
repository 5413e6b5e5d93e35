import { createHash, randomBytes } from 'node:crypto';

import { raiseAlert } from '../limits/alerts';
import { routerOn, type Operator } from '../routing';
import type { Db } from '../store/types';
import { DeskError } from './errors';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import type { DeskPolicy } from './policy';
import { backAtDesk, notePagePresent, takeAbsentOffline } from './presence';

/** The signed-in operator of one desk call, as the routing directory has them now. */
export interface DeskSession {
	operator: Operator;
	/** Set by an administrator's temporary password: nothing but choosing one's own is allowed. */
	mustChangePassword: boolean;
	tokenHash: string;
}

export interface SignedIn {
	token: string;
	operator: Operator;
	mustChangePassword: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const minutes = (n: number) => n * 60_000;
const msOf = (at?: Date) => (at ?? new Date()).getTime();

function checkStrength(password: string, policy: DeskPolicy): void {
	if (password.length < policy.minPasswordLength) {
		throw new DeskError(400, `A password needs at least ${policy.minPasswordLength} characters.`);
	}
}

async function operatorOf(db: Db, ref: number | string): Promise<Operator> {
	const operator = await routerOn(db).operators.get(ref);
	if (!operator) throw new DeskError(404, `Operator ${ref} does not exist.`);
	return operator;
}

async function storePassword(db: Db, operatorId: number, password: string, mustChange: boolean): Promise<void> {
	const hash = await hashPassword(password);
	await db.query(
		`INSERT INTO operator_passwords (operator_id, hash, must_change, updated_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (operator_id) DO UPDATE SET hash = excluded.hash, must_change = excluded.must_change, updated_at = excluded.updated_at`,
		[operatorId, hash, mustChange ? 1 : 0, new Date().toISOString()],
	);
}

/**
 * An administrator sets an operator's password. A temporary one (the first-password flow) lets
 * the operator in only to choose their own. Either way every session of the operator ends (and one
 * who was signed in goes offline).
 */
export async function setPassword(
	db: Db,
	operatorRef: number | string,
	password: string,
	opts: { temporary: boolean },
	policy: DeskPolicy,
): Promise<Operator> {
	checkStrength(password, policy);
	const operator = await operatorOf(db, operatorRef);
	await storePassword(db, operator.id, password, opts.temporary);
	const ended = await db.query('DELETE FROM desk_sessions WHERE operator_id = ? RETURNING token_hash', [operator.id]);
	if (ended.length) await offlineUnlessSignedIn(db, operator.id, policy, Date.now());
	await db.query('DELETE FROM desk_sign_in_failures WHERE login = ?', [operator.login]);
	return operator;
}

/**
 * A supervisor lets an operator try again at once: the failed sign-ins of the login are forgotten,
 * and those of every address it failed from (where an address lock-out would keep the operator
 * out). An operator's own address may be shared with an attacker's guesses; the supervisor
 * decides, and a new wrong password starts counting again.
 */
export async function unlockSignIn(db: Db, loginName: string): Promise<{ operator: Operator; forgottenFailures: number }> {
	const operator = await operatorOf(db, loginName.trim());
	const addresses = (await db.query<{ address: string }>('SELECT DISTINCT address FROM desk_sign_in_failures WHERE login = ?', [operator.login])).map((a) => a.address);
	const where = `login = ?${addresses.length ? ` OR address IN (${addresses.map(() => '?').join(', ')})` : ''}`;
	const params = [operator.login, ...addresses];
	const [row] = await db.query(`SELECT COUNT(*) AS n FROM desk_sign_in_failures WHERE ${where}`, params);
	await db.query(`DELETE FROM desk_sign_in_failures WHERE ${where}`, params);
	return { operator, forgottenFailures: Number(row?.n ?? 0) };
}

const waitError = (seconds: number, locked: boolean) =>
	new DeskError(
		429,
		locked
			? `Too many failed sign-ins from this address: it may try again in ${Math.ceil(seconds / 60)} minutes. Ask a supervisor if this is you.`
			: `Too many failed sign-ins: wait ${seconds} s before the next try.`,
	);

interface Failures {
	count: number;
	lastMs: number;
}

async function failuresWhere(db: Db, column: 'login' | 'address', value: string, sinceMs: number, nowMs: number): Promise<Failures> {
	const [row] = await db.query(
		`SELECT COUNT(*) AS n, MAX(failed_ms) AS last FROM desk_sign_in_failures WHERE ${column} = ? AND failed_ms > ? AND failed_ms <= ? AND refused_early = 0`,
		[value, sinceMs, nowMs],
	);
	return { count: Number(row?.n ?? 0), lastMs: Number(row?.last ?? 0) };
}

/** Doubling from 1 s once the free failures are used up, capped. */
const delaySeconds = (failures: number, policy: DeskPolicy) =>
	failures <= policy.freeFailures ? 0 : Math.min(2 ** (failures - policy.freeFailures - 1), policy.maxDelaySeconds);

/**
 * Why this address may not try now, or null. Only an address that has failed is slowed: by its own
 * failures, and by the login's (a login under attack from elsewhere stays open to an address with
 * a clean record, so nobody can lock an operator out by naming them). An address that keeps
 * failing is locked out for a while.
 */
async function refusal(db: Db, name: string, address: string, nowMs: number, policy: DeskPolicy): Promise<DeskError | null> {
	const sinceMs = nowMs - minutes(policy.failureWindowMinutes);
	const fromHere = await failuresWhere(db, 'address', address, sinceMs, nowMs);
	if (fromHere.count === 0) return null;
	if (fromHere.count >= policy.addressLockFailures) {
		const left = fromHere.lastMs + minutes(policy.lockMinutes) - nowMs;
		if (left > 0) return waitError(Math.ceil(left / 1000), true);
	}
	const ofLogin = await failuresWhere(db, 'login', name, sinceMs, nowMs);
	const waits = [
		fromHere.lastMs + delaySeconds(fromHere.count, policy) * 1000 - nowMs,
		ofLogin.lastMs + delaySeconds(ofLogin.count, policy) * 1000 - nowMs,
	];
	const wait = Math.max(...waits);
	if (wait <= 0) return null;
	// Not a failure (it would only lengthen the wait), but a login tried: spraying shows in these.
	await db.query('INSERT INTO desk_sign_in_failures (login, address, failed_ms, refused_early) VALUES (?, ?, ?, 1)', [name, address, nowMs]);
	return waitError(Math.ceil(wait / 1000), false);
}

/**
 * Takes a try of a password for the login from the address, or refuses it (429). The try is
 * recorded as a failure before the slow password check, and tries from one address take turns
 * (on PostgreSQL across every process) to see the ones before them: guesses sent at once are
 * slowed as if sent one by one. The id is the try's, for `passwordRight` to take back.
 */
async function claimTry(db: Db, name: string, address: string, nowMs: number, policy: DeskPolicy): Promise<number> {
	const claim = await db.transaction(async (tx) => {
		if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtext(?))', [`contact-center desk sign-in ${address}`]);
		const refused = await refusal(tx, name, address, nowMs, policy);
		if (refused) return { refused };
		const [row] = await tx.query('INSERT INTO desk_sign_in_failures (login, address, failed_ms) VALUES (?, ?, ?) RETURNING id', [name, address, nowMs]);
		return { id: Number(row.id) };
	});
	if ('refused' in claim) {
		await noticeSpraying(db, nowMs, policy);
		throw claim.refused;
	}
	return claim.id;
}

/**
 * The try was right: it and the failures of the login from the address before it are forgotten.
 * Tries that took their turn after it (guesses still being checked) stay failures.
 */
async function passwordRight(db: Db, name: string, address: string, tryId: number): Promise<void> {
	await db.query('DELETE FROM desk_sign_in_failures WHERE login = ? AND address = ? AND id <= ?', [name, address, tryId]);
}

/** Many different logins tried and failed (or refused for trying too soon) within the window is spraying, which a supervisor hears about once. */
async function noticeSpraying(db: Db, nowMs: number, policy: DeskPolicy): Promise<void> {
	const sinceMs = nowMs - minutes(policy.failureWindowMinutes);
	const [row] = await db.query('SELECT COUNT(DISTINCT login) AS n FROM desk_sign_in_failures WHERE failed_ms > ?', [sinceMs]);
	if (Number(row.n) < policy.sprayLogins) return;
	const detail = `Failed desk sign-ins for ${Number(row.n)} different logins within ${policy.failureWindowMinutes} minutes: someone is trying passwords across the team.`;
	await raiseAlert(db, 'password-spraying', detail, new Date(nowMs), policy.failureWindowMinutes);
}

/**
 * Signs an operator in. The answer for a wrong password, an unknown login and a login without a
 * password is the same, and costs the same scrypt time. An address that has failed waits longer
 * before each try (and one that keeps failing is locked out for a while); a try made too early is
 * refused without looking at the password, so the wait cannot be skipped by guessing faster or
 * all at once.
 */
export async function login(db: Db, loginName: string, password: string, policy: DeskPolicy, at?: Date, address = 'unknown'): Promise<SignedIn> {
	const nowMs = msOf(at);
	const name = loginName.trim();
	const tryId = await claimTry(db, name, address, nowMs, policy);

	const operator = name ? await routerOn(db).operators.get(name) : null;
	const [stored] = operator ? await db.query('SELECT hash, must_change FROM operator_passwords WHERE operator_id = ?', [operator.id]) : [];
	const matches = await verifyPassword(password, stored ? String(stored.hash) : await decoyHash());
	if (!operator || !stored || !matches) {
		await noticeSpraying(db, nowMs, policy);
		throw new DeskError(401, 'Wrong login or password.');
	}

	await passwordRight(db, name, address, tryId);
	const token = randomBytes(32).toString('base64url');
	await db.query('DELETE FROM desk_sessions WHERE operator_id = ? AND (last_seen_ms < ? OR created_ms < ?)', [
		operator.id,
		nowMs - minutes(policy.idleMinutes),
		nowMs - minutes(policy.absoluteHours * 60),
	]);
	await db.query('INSERT INTO desk_sessions (token_hash, operator_id, created_ms, last_seen_ms, present_until_ms) VALUES (?, ?, ?, ?, ?)', [
		hashToken(token),
		operator.id,
		nowMs,
		nowMs,
		nowMs + minutes(policy.absentAfterMinutes),
	]);
	// A new tab while the session the closed one had still lives: the operator takes up where they were.
	await backAtDesk(db, operator.id, new Date(nowMs));
	return { token, operator: (await routerOn(db).operators.get(operator.id)) ?? operator, mustChangePassword: Number(stored.must_change) === 1 };
}

const SESSION_ENDED = 'Your session has ended: sign in again.';

/** A sweep is a write and every open page calls every few seconds: a process sweeps a store once a minute (desk clock). */
const SWEEP_EVERY_MS = 60_000;
const swept = new WeakMap<Db, number>();

/**
 * Ends every session that ran idle or too old, as a sign-out does, and takes offline whoever has no
 * desk page open any more: an operator who closed the desk's tab without signing out leaves the
 * desk too, at a desk call of anyone (and, for presence, at the schedule's `takeAbsentOffline`).
 */
async function sweep(db: Db, policy: DeskPolicy, nowMs: number): Promise<void> {
	const ended = await db.query('DELETE FROM desk_sessions WHERE last_seen_ms < ? OR created_ms < ? RETURNING operator_id', [
		nowMs - minutes(policy.idleMinutes),
		nowMs - minutes(policy.absoluteHours * 60),
	]);
	for (const operatorId of new Set(ended.map((r) => Number(r.operator_id)))) await offlineUnlessSignedIn(db, operatorId, policy, nowMs);
	await takeAbsentOffline(db, new Date(nowMs));
}

/**
 * The session a bearer token opens; 401 when missing, unknown, idle too long or too old (every
 * expired session is swept now and then). Only a call the operator made (`operatorActed`, not the page
 * refreshing by itself) keeps it from running idle; any call keeps its page present, and brings
 * back an operator whose absence took them offline.
 */
export async function authenticate(
	db: Db,
	token: string | undefined,
	policy: DeskPolicy,
	at?: Date,
	{ operatorActed }: { operatorActed: boolean } = { operatorActed: true },
): Promise<DeskSession> {
	if (!token) throw new DeskError(401, 'Sign in first: this call needs a session token.');
	const nowMs = msOf(at);
	const tokenHash = hashToken(token);
	const [row] = await db.query(
		`SELECT s.operator_id, s.created_ms, s.last_seen_ms, s.present_until_ms, s.resume_status, p.must_change FROM desk_sessions s
		 LEFT JOIN operator_passwords p ON p.operator_id = s.operator_id WHERE s.token_hash = ?`,
		[tokenHash],
	);
	if (!row) throw new DeskError(401, SESSION_ENDED);
	// Between sweeps, this session's own age decides.
	if (nowMs - Number(row.last_seen_ms) > minutes(policy.idleMinutes) || nowMs - Number(row.created_ms) > minutes(policy.absoluteHours * 60)) {
		await endSession(db, tokenHash, Number(row.operator_id), policy, nowMs);
		throw new DeskError(401, SESSION_ENDED);
	}
	// Present before the sweep, which would otherwise take a caller back from a long sleep for absent.
	await notePagePresent(db, tokenHash, row.present_until_ms === null ? null : Number(row.present_until_ms), policy, nowMs);
	const lastSweep = swept.get(db);
	if (lastSweep === undefined || nowMs < lastSweep || nowMs - lastSweep >= SWEEP_EVERY_MS) {
		swept.set(db, nowMs);
		await sweep(db, policy, nowMs);
	}
	if (row.resume_status !== null && row.resume_status !== undefined) await backAtDesk(db, Number(row.operator_id), new Date(nowMs));
	if (operatorActed) await db.query('UPDATE desk_sessions SET last_seen_ms = ? WHERE token_hash = ? AND last_seen_ms < ?', [nowMs, tokenHash, nowMs]);
	const operator = await routerOn(db).operators.get(Number(row.operator_id));
	if (!operator) throw new DeskError(401, SESSION_ENDED);
	return { operator, mustChangePassword: Number(row.must_change) === 1, tokenHash };
}

/**
 * An operator with no live session has left the desk: offline, so the router stops giving them
 * customers and hands the ones they have not answered to others.
 */
async function offlineUnlessSignedIn(db: Db, operatorId: number, policy: DeskPolicy, nowMs: number): Promise<void> {
	const [live] = await db.query('SELECT 1 AS live FROM desk_sessions WHERE operator_id = ? AND last_seen_ms >= ? AND created_ms >= ? LIMIT 1', [
		operatorId,
		nowMs - minutes(policy.idleMinutes),
		nowMs - minutes(policy.absoluteHours * 60),
	]);
	if (!live) await routerOn(db).setOperatorStatus(operatorId, 'offline', new Date(nowMs));
}

async function endSession(db: Db, tokenHash: string, operatorId: number, policy: DeskPolicy, nowMs: number): Promise<void> {
	await db.query('DELETE FROM desk_sessions WHERE token_hash = ?', [tokenHash]);
	await offlineUnlessSignedIn(db, operatorId, policy, nowMs);
}

/** Signing out of the last desk session the operator has open also takes them offline. */
export async function logout(db: Db, session: DeskSession, policy: DeskPolicy, at?: Date): Promise<void> {
	await endSession(db, session.tokenHash, session.operator.id, policy, msOf(at));
}

const GUESSED_TOO_OFTEN = 'The current password was wrong too many times: sign in again.';

/**
 * The operator's own new password; it needs the current one, and ends their other sessions. A
 * held session is no licence to guess it: each try counts as a sign-in's (the address's slow-down
 * and lock-out), and the session's own tries are counted before each check, so a session that has
 * given `freeFailures + 1` wrong ones ends, however many were sent at once and from wherever.
 */
export async function changePassword(
	db: Db,
	session: DeskSession,
	current: string,
	next: string,
	policy: DeskPolicy,
	at?: Date,
	address = 'unknown',
): Promise<void> {
	if (next === current) throw new DeskError(400, 'Choose a password different from the current one.');
	checkStrength(next, policy);
	const nowMs = msOf(at);
	const allowed = policy.freeFailures + 1;
	const [counted] = await db.query('UPDATE desk_sessions SET wrong_passwords = wrong_passwords + 1 WHERE token_hash = ? AND wrong_passwords < ? RETURNING wrong_passwords', [
		session.tokenHash,
		allowed,
	]);
	if (!counted) {
		await endSession(db, session.tokenHash, session.operator.id, policy, nowMs);
		throw new DeskError(401, GUESSED_TOO_OFTEN);
	}
	const tryId = await claimTry(db, session.operator.login, address, nowMs, policy);
	const [stored] = await db.query('SELECT hash FROM operator_passwords WHERE operator_id = ?', [session.operator.id]);
	if (!stored || !(await verifyPassword(current, String(stored.hash)))) {
		await noticeSpraying(db, nowMs, policy);
		if (Number(counted.wrong_passwords) < allowed) throw new DeskError(400, 'The current password is not right.');
		await endSession(db, session.tokenHash, session.operator.id, policy, nowMs);
		throw new DeskError(401, GUESSED_TOO_OFTEN);
	}
	await passwordRight(db, session.operator.login, address, tryId);
	await db.query('UPDATE desk_sessions SET wrong_passwords = wrong_passwords - 1 WHERE token_hash = ?', [session.tokenHash]);
	await storePassword(db, session.operator.id, next, false);
	await db.query('DELETE FROM desk_sessions WHERE operator_id = ? AND token_hash <> ?', [session.operator.id, session.tokenHash]);
}
