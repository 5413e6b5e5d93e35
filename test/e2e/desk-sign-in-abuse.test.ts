/**
 * Sign-in abuse against the operator desk in a real n8n: an attacker hammering one operator's
 * login from one address is slowed and does not keep the operator out from their own address;
 * spraying a password over 100 logins, once each, is slowed and shows supervisors an alert.
 * Addresses come in X-Forwarded-For, honoured because the desk trigger lists n8n's loopback peer
 * as a trusted proxy (as an ops person lists their load balancer).
 */
import { deskPolicyWith, setPassword } from '../../nodes/shared/desk';
import { routerOn } from '../../nodes/shared/routing';
import { startContactCenter, type ContactCenter } from '../harness/contact-center';
import DESK from '../../workflows/operator-desk.json';

jest.setTimeout(300_000);

const PASSWORD = 'correct horse battery';
let center: ContactCenter;
let deskUrl: string;

beforeAll(async () => {
	const workflow = {
		...DESK,
		nodes: DESK.nodes.map((node) =>
			node.type === 'n8n-nodes-contact-center.operatorDeskTrigger' ? { ...node, parameters: { ...node.parameters, trustedProxies: '127.0.0.1, ::1' } } : node,
		),
	};
	center = await startContactCenter({ workflows: [workflow] });
	deskUrl = center.n8n.webhookUrl('desk');
	const router = routerOn(center.store.db);
	const general = await router.groups.create({ name: 'General', topics: [], line: 1 });
	await router.operators.create({ name: 'Olga', login: 'olga', skills: [general.id], role: 'operator', status: 'online', capacity: 2 });
	await router.operators.create({ name: 'Sam', login: 'sam', skills: [], role: 'supervisor', status: 'online', capacity: 2 });
	for (const login of ['olga', 'sam']) await setPassword(center.store.db, login, PASSWORD, { temporary: false }, deskPolicyWith({}));
});

afterAll(async () => {
	await center?.stop();
});

async function call(body: object, address: string, token?: string) {
	const answer = await fetch(deskUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body),
	});
	return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

const signIn = (login: string, password: string, address: string) => call({ action: 'login', login, password }, address);

test('a lock-out attack on Olga from one address is slowed and does not keep her out from her own', async () => {
	const statuses = [];
	for (let i = 0; i < 40; i++) statuses.push((await signIn('olga', `guess ${i}`, '203.0.113.1')).status);
	const checked = statuses.filter((s) => s === 401).length;
	expect(statuses.filter((s) => s === 429)).toHaveLength(40 - checked);
	expect(checked).toBeLessThan(15);

	const olga = await signIn('olga', PASSWORD, '198.51.100.7');
	expect(olga.status).toBe(200);
	expect(olga.body.token).toEqual(expect.any(String));
});

test('spraying one password over 100 logins from one address is slowed, and supervisors see an alert', async () => {
	const statuses = [];
	for (let i = 0; i < 100; i++) statuses.push((await signIn(`colleague${i}`, 'Spring2026!', '203.0.113.2')).status);
	const checked = statuses.filter((s) => s === 401).length;
	expect(statuses.filter((s) => s === 429)).toHaveLength(100 - checked);
	expect(checked).toBeLessThan(20);

	const sam = await signIn('sam', PASSWORD, '198.51.100.8');
	expect(sam.status).toBe(200);
	const alerts = await call({ action: 'alerts' }, '198.51.100.8', sam.body.token as string);
	expect(alerts).toEqual({ status: 200, body: { alerts: [expect.objectContaining({ kind: 'password-spraying' })] } });
	const olga = await signIn('olga', PASSWORD, '198.51.100.9');
	expect((await call({ action: 'alerts' }, '198.51.100.9', olga.body.token as string)).status).toBe(403);
});
