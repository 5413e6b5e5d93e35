import { BACKENDS, openDeskWorld, PASSWORD, type DeskWorld } from './world';

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 9, 0, 0) + minutes * 60_000);

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

	it('locks a login for 15 minutes after 5 failed sign-ins, even against the right password', async () => {
		const lena = (password: string, minute: number) => w.call(null, { action: 'login', login: 'lena', password }, at(minute));
		for (let i = 0; i < 4; i++) expect((await lena(`guess ${i}`, 0)).status).toBe(401);
		const fifth = await lena('guess 4', 0);
		expect(fifth.status).toBe(429);
		expect((fifth.body as { error: string }).error).toMatch(/locked for 15 more minutes/);

		const rightButLocked = await lena(PASSWORD, 10);
		expect(rightButLocked.status).toBe(429);
		expect((rightButLocked.body as { error: string }).error).toMatch(/locked for 5 more minutes/);
		// Other logins are not affected.
		expect((await w.call(null, { action: 'login', login: 'sveta', password: PASSWORD }, at(10))).status).toBe(200);

		expect((await lena(PASSWORD, 16)).status).toBe(200);
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
		for (const minute of [20, 40, 59]) expect((await w.call(token, { action: 'list' }, at(minute))).status).toBe(200);
		expect((await w.call(token, { action: 'list' }, at(61))).status).toBe(401);
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
