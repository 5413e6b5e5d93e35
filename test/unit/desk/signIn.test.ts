import { unlockSignIn } from '../../../nodes/shared/desk';
import { BACKENDS, openDeskWorld, PASSWORD, type DeskWorld } from './world';

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 9, 0, 0) + minutes * 60_000);

// Each sign-in hashes with scrypt on purpose (slow): a test of sixty tries needs more than jest's 5 s on a busy machine.
jest.setTimeout(60_000);

describe.each(BACKENDS)('signing in to the operator desk on %s', (_name, open) => {
	let w: DeskWorld;
	beforeAll(async () => {
		w = await openDeskWorld(open, { idleMinutes: 30, absoluteHours: 1 });
	});
	afterAll(() => w.dispose());

	it('lets an operator in with the right password and tells who they are', async () => {
		const signedIn = await w.call(null, { action: 'login', login: 'anna', password: PASSWORD });
		expect(signedIn.status).toBe(200);
		const { token, operator } = signedIn.body as { token: string; operator: { name: string; role: string } };
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(operator).toMatchObject({ name: 'Anna', role: 'operator' });
		expect((await w.call(token, { action: 'me' })).body).toMatchObject({ operator: { login: 'anna' } });
	});

	it('keeps only a hash of the session token and of the password', async () => {
		const token = await w.signIn('boris');
		const sessions = await w.store.db.query('SELECT token_hash FROM desk_sessions');
		expect(sessions.map((s) => s.token_hash)).not.toContain(token);
		const [password] = await w.store.db.query('SELECT hash FROM operator_passwords WHERE operator_id = ?', [w.boris.id]);
		expect(String(password.hash)).toMatch(/^scrypt\$32768\$8\$1\$/);
		expect(String(password.hash)).not.toContain(PASSWORD);
	});

	it('refuses a wrong password and an unknown login with the same answer', async () => {
		const wrong = await w.call(null, { action: 'login', login: 'anna', password: 'not the password' });
		const unknown = await w.call(null, { action: 'login', login: 'nobody', password: PASSWORD });
		expect(wrong).toEqual({ status: 401, body: { error: 'Wrong login or password.' } });
		expect(unknown).toEqual(wrong);
	});

	const seconds = (n: number) => new Date(at(0).getTime() + n * 1000);
	const tryAs = (login: string, password: string, when: Date, address: string) => w.call(null, { action: 'login', login, password }, when, address);

	it('slows an address that keeps failing, 1 s, 2 s, 4 s… between tries, instead of locking the login', async () => {
		const attacker = '203.0.113.10';
		for (let i = 0; i < 4; i++) expect((await tryAs('lena', `guess ${i}`, seconds(0), attacker)).status).toBe(401);
		const early = await tryAs('lena', PASSWORD, seconds(0), attacker);
		expect(early).toEqual({ status: 429, body: { error: 'Too many failed sign-ins: wait 1 s before the next try.' } });
		expect((await tryAs('lena', 'guess 4', seconds(1), attacker)).status).toBe(401);
		expect(await tryAs('lena', PASSWORD, seconds(2), attacker)).toEqual({ status: 429, body: { error: 'Too many failed sign-ins: wait 1 s before the next try.' } });
		// The right password, once the address has waited, gets in.
		expect((await tryAs('lena', PASSWORD, seconds(3), attacker)).status).toBe(200);
	});

	it('guesses sent all at once are slowed as if sent one by one: only the free tries are checked', async () => {
		const attacker = '203.0.113.40';
		const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => tryAs('anna', `guess ${i}`, seconds(50_000), attacker)));
		const statuses = burst.map((a) => a.status);
		expect(statuses.filter((s) => s === 401)).toHaveLength(w.policy.freeFailures + 1);
		expect(statuses.filter((s) => s === 429)).toHaveLength(30 - w.policy.freeFailures - 1);
		// The right password in the same second is not looked at either.
		expect((await tryAs('anna', PASSWORD, seconds(50_000), attacker)).status).toBe(429);
	});

	it('a lock-out attack from one address does not keep the operator out from another, even mid-attack', async () => {
		const attacker = '203.0.113.20';
		const statuses = [];
		for (let i = 0; i < 60; i++) statuses.push((await tryAs('boris', `guess ${i}`, seconds(20_000 + i * 5), attacker)).status);
		// 60 tries in five minutes, one every 5 s: 3 free, then waits of 1, 2, 4 … 128 s let 9 more be checked.
		expect(statuses.filter((s) => s === 401)).toHaveLength(12);
		expect(statuses.filter((s) => s === 429)).toHaveLength(48);
		expect((await tryAs('boris', PASSWORD, seconds(20_298), '198.51.100.5')).status).toBe(200);
	});

	it('spraying one password over many logins from one address is slowed and a supervisor is alerted once', async () => {
		const sprayer = '203.0.113.30';
		const answers = [];
		for (let i = 0; i < 100; i++) answers.push(await tryAs(`login${i}`, 'Spring2025!', seconds(7200 + i), sprayer));
		const refused = answers.filter((a) => a.status === 429).length;
		expect(answers.filter((a) => a.status === 401)).toHaveLength(100 - refused);
		expect(refused).toBeGreaterThan(80);

		const supervisor = await w.signIn('sveta', PASSWORD, seconds(7300));
		const alerts = await w.call(supervisor, { action: 'alerts' }, seconds(7300));
		expect(alerts.body).toEqual({ alerts: [expect.objectContaining({ kind: 'password-spraying' })] });
	});

	it('ends a session left idle longer than allowed', async () => {
		const token = await w.signIn('anna', PASSWORD, at(0));
		expect((await w.call(token, { action: 'me' }, at(29))).status).toBe(200);
		expect((await w.call(token, { action: 'me' }, at(58))).status).toBe(200);
		const idle = await w.call(token, { action: 'me' }, at(89));
		expect(idle).toEqual({ status: 401, body: { error: 'Your session has ended: sign in again.' } });
	});

	it('ends a busy session at its absolute limit', async () => {
		const token = await w.signIn('anna', PASSWORD, at(0));
		for (const minute of [20, 40, 59]) expect((await w.call(token, { action: 'directory' }, at(minute))).status).toBe(200);
		expect((await w.call(token, { action: 'directory' }, at(61))).status).toBe(401);
	});

	it('refuses calls without a token or with a made-up one', async () => {
		expect(await w.call(null, { action: 'list' })).toEqual({ status: 401, body: { error: 'Sign in first: this call needs a session token.' } });
		expect((await w.call('x'.repeat(43), { action: 'list' })).status).toBe(401);
	});

	it('signs out: the token stops working', async () => {
		const token = await w.signIn('boris');
		expect((await w.call(token, { action: 'logout' })).status).toBe(200);
		expect((await w.call(token, { action: 'me' })).status).toBe(401);
	});

	it('makes an operator with a temporary password choose their own before anything else', async () => {
		const { setPassword } = await import('../../../nodes/shared/desk');
		await setPassword(w.store.db, 'boris', 'temporary-123', { temporary: true }, w.policy);
		const token = await w.signIn('boris', 'temporary-123');
		expect((await w.call(token, { action: 'me' })).body).toMatchObject({ operator: { mustChangePassword: true } });
		const refused = await w.call(token, { action: 'list' });
		expect(refused.status).toBe(403);
		expect((refused.body as { error: string }).error).toMatch(/temporary/);

		expect((await w.call(token, { action: 'changePassword', current: 'temporary-123', next: 'short' })).status).toBe(400);
		expect((await w.call(token, { action: 'changePassword', current: 'temporary-123', next: 'boris own password' })).status).toBe(200);
		expect((await w.call(token, { action: 'list' })).status).toBe(200);
		expect((await w.call(null, { action: 'login', login: 'boris', password: 'temporary-123' })).status).toBe(401);
		expect((await w.call(null, { action: 'login', login: 'boris', password: 'boris own password' })).status).toBe(200);
	});
});

describe.each(BACKENDS)('a supervisor unlocks an operator’s sign-in on %s', (_name, open) => {
	let w: DeskWorld;
	beforeAll(async () => {
		w = await openDeskWorld(open, { addressLockFailures: 5, lockMinutes: 15 });
	});
	afterAll(() => w.dispose());

	it('Lena mistyped her password from the office until the office was locked out; once unlocked she signs in from there at once', async () => {
		const office = '198.51.100.7';
		const tryAt = (seconds: number, password: string) =>
			w.call(null, { action: 'login', login: 'lena', password }, new Date(at(0).getTime() + seconds * 1000), office);
		for (let i = 0; i < 5; i++) expect((await tryAt(i * 10, `mistyped ${i}`)).status).toBe(401);
		// Locked out: even the right password is not looked at (and the refusal is no further failure).
		expect((await tryAt(60, PASSWORD)).body).toEqual({ error: expect.stringMatching(/^Too many failed sign-ins from this address/) });

		const { operator, forgottenFailures } = await unlockSignIn(w.store.db, ' lena ');

		expect({ login: operator.login, forgottenFailures }).toEqual({ login: 'lena', forgottenFailures: 5 });
		expect((await tryAt(61, PASSWORD)).status).toBe(200);
	});

	it('an unknown login is named, not unlocked', async () => {
		await expect(unlockSignIn(w.store.db, 'nobody')).rejects.toThrow('Operator nobody does not exist.');
	});
});

describe.each(BACKENDS)('changing one’s password asks for the current one, and is no way to guess it, on %s', (_name, open) => {
	let w: DeskWorld;
	beforeAll(async () => {
		w = await openDeskWorld(open);
	});
	afterAll(() => w.dispose());

	const change = (token: string, current: string, when: Date, address: string) =>
		w.call(token, { action: 'changePassword', current, next: 'a brand new password' }, when, address);

	it('someone at Anna’s unlocked desk fires guesses from many addresses at once: three are checked, then the session ends', async () => {
		const token = await w.signIn('anna', PASSWORD, at(0));
		const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => change(token, `guess ${i}`, at(1), `203.0.113.${100 + i}`)));
		expect(guesses.filter((g) => g.status === 400)).toHaveLength(w.policy.freeFailures);
		expect(guesses.filter((g) => g.status === 401)).toHaveLength(12 - w.policy.freeFailures);
		expect((await change(token, PASSWORD, at(1), '203.0.113.99')).status).toBe(401);
		expect((await w.call(token, { action: 'me' }, at(1))).status).toBe(401);
	});

	it('wrong current passwords count as failed sign-ins of the address: Boris mistypes four times, is signed out and waits like after wrong sign-ins', async () => {
		const office = '198.51.100.20';
		const token = await w.signIn('boris', PASSWORD, at(0));
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await change(token, `mistyped ${i}`, at(1), office)).status);
		expect(statuses).toEqual([400, 400, 400, 401]);
		expect((await w.call(null, { action: 'login', login: 'boris', password: PASSWORD }, at(1), office)).status).toBe(429);
		expect((await w.call(null, { action: 'login', login: 'boris', password: PASSWORD }, at(2), office)).status).toBe(200);
	});

	it('a mistyped current password, then the right one, changes it', async () => {
		const token = await w.signIn('lena', PASSWORD, at(0));
		expect(await change(token, 'not quite', at(1), '198.51.100.30')).toEqual({ status: 400, body: { error: 'The current password is not right.' } });
		expect((await change(token, PASSWORD, at(1), '198.51.100.30')).status).toBe(200);
		expect((await w.call(null, { action: 'login', login: 'lena', password: 'a brand new password' }, at(2), '198.51.100.30')).status).toBe(200);
	});
});
