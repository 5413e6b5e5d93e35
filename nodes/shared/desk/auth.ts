import { createHash, randomBytes } from 'node:crypto';

import { routerOn, type Operator } from '../routing';
import type { Db } from '../store/types';
import { DeskError } from './errors';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import type { DeskPolicy } from './policy';

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
 * the operator in only to choose their own. Either way every session of the operator ends.
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
	await db.query('DELETE FROM desk_sessions WHERE operator_id = ?', [operator.id]);
	await db.query('DELETE FROM desk_login_failures WHERE login = ?', [operator.login]);
	return operator;
}

function lockedFor(lockedUntilMs: number, nowMs: number): DeskError {
	const left = Math.max(1, Math.ceil((lockedUntilMs - nowMs) / 60_000));
	return new DeskError(
		429,
		`Too many failed sign-ins for this login: it is locked for ${left} more minute${left === 1 ? '' : 's'}. Try again later or ask a supervisor to reset your password.`,
	);
}

/** Counts one failure atomically; the one that reaches the limit locks the login and starts the count over. */
async function recordFailure(db: Db, login: string, nowMs: number, policy: DeskPolicy): Promise<DeskError> {
	const [row] = await db.query(
		`INSERT INTO desk_login_failures (login, failures) VALUES (?, 1)
		 ON CONFLICT (login) DO UPDATE SET failures = desk_login_failures.failures + 1 RETURNING failures`,
		[login],
	);
	if (Number(row.failures) < policy.maxFailures) return new DeskError(401, 'Wrong login or password.');
	const until = nowMs + minutes(policy.lockMinutes);
	await db.query('UPDATE desk_login_failures SET failures = 0, locked_until_ms = ? WHERE login = ?', [until, login]);
	return lockedFor(until, nowMs);
}

/**
 * Signs an operator in. The answer for a wrong password, an unknown login and a login without a
 * password is the same, and costs the same scrypt time. A locked login is refused even with the
 * right password, so that guessing cannot go on during the lock.
 */
export async function login(db: Db, loginName: string, password: string, policy: DeskPolicy, at?: Date): Promise<SignedIn> {
	const nowMs = msOf(at);
	const name = loginName.trim();
	const [failures] = await db.query('SELECT locked_until_ms FROM desk_login_failures WHERE login = ?', [name]);
	const lockedUntil = failures?.locked_until_ms === null || failures?.locked_until_ms === undefined ? 0 : Number(failures.locked_until_ms);
	if (lockedUntil > nowMs) throw lockedFor(lockedUntil, nowMs);

	const operator = name ? await routerOn(db).operators.get(name) : null;
	const [stored] = operator ? await db.query('SELECT hash, must_change FROM operator_passwords WHERE operator_id = ?', [operator.id]) : [];
	const matches = await verifyPassword(password, stored ? String(stored.hash) : await decoyHash());
	if (!operator || !stored || !matches) throw await recordFailure(db, name, nowMs, policy);

	await db.query('DELETE FROM desk_login_failures WHERE login = ?', [name]);
	const token = randomBytes(32).toString('base64url');
	await db.query('DELETE FROM desk_sessions WHERE operator_id = ? AND (last_seen_ms < ? OR created_ms < ?)', [
		operator.id,
		nowMs - minutes(policy.idleMinutes),
		nowMs - minutes(policy.absoluteHours * 60),
	]);
	await db.query('INSERT INTO desk_sessions (token_hash, operator_id, created_ms, last_seen_ms) VALUES (?, ?, ?, ?)', [
		hashToken(token),
		operator.id,
		nowMs,
		nowMs,
	]);
	return { token, operator, mustChangePassword: Number(stored.must_change) === 1 };
}

const SESSION_ENDED = 'Your session has ended: sign in again.';

/** The session a bearer token opens, refreshed; 401 when missing, unknown, idle too long or too old. */
export async function authenticate(db: Db, token: string | undefined, policy: DeskPolicy, at?: Date): Promise<DeskSession> {
	if (!token) throw new DeskError(401, 'Sign in first: this call needs a session token.');
	const nowMs = msOf(at);
	const tokenHash = hashToken(token);
	const [row] = await db.query(
		`SELECT s.operator_id, s.created_ms, s.last_seen_ms, p.must_change FROM desk_sessions s
		 LEFT JOIN operator_passwords p ON p.operator_id = s.operator_id WHERE s.token_hash = ?`,
		[tokenHash],
	);
	if (!row) throw new DeskError(401, SESSION_ENDED);
	const idle = nowMs - Number(row.last_seen_ms) > minutes(policy.idleMinutes);
	const old = nowMs - Number(row.created_ms) > minutes(policy.absoluteHours * 60);
	if (idle || old) {
		await db.query('DELETE FROM desk_sessions WHERE token_hash = ?', [tokenHash]);
		throw new DeskError(401, SESSION_ENDED);
	}
	await db.query('UPDATE desk_sessions SET last_seen_ms = ? WHERE token_hash = ? AND last_seen_ms < ?', [nowMs, tokenHash, nowMs]);
	const operator = await routerOn(db).operators.get(Number(row.operator_id));
	if (!operator) throw new DeskError(401, SESSION_ENDED);
	return { operator, mustChangePassword: Number(row.must_change) === 1, tokenHash };
}

export async function logout(db: Db, session: DeskSession): Promise<void> {
	await db.query('DELETE FROM desk_sessions WHERE token_hash = ?', [session.tokenHash]);
}

/** The operator's own new password; it needs the current one, and ends their other sessions. */
export async function changePassword(db: Db, session: DeskSession, current: string, next: string, policy: DeskPolicy): Promise<void> {
	const [stored] = await db.query('SELECT hash FROM operator_passwords WHERE operator_id = ?', [session.operator.id]);
	if (!stored || !(await verifyPassword(current, String(stored.hash)))) {
		throw new DeskError(400, 'The current password is not right.');
	}
	if (next === current) throw new DeskError(400, 'Choose a password different from the current one.');
	checkStrength(next, policy);
	await storePassword(db, session.operator.id, next, false);
	await db.query('DELETE FROM desk_sessions WHERE operator_id = ? AND token_hash <> ?', [session.operator.id, session.tokenHash]);
}
