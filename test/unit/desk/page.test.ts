import { renderDeskPage } from '../../../nodes/shared/desk/page/page';

describe('the operator desk page', () => {
	const page = renderDeskPage({ title: 'Desk <script>alert(1)</script>' });

	it('runs only its own nonce-tagged script and style, talks only to its origin and cannot be framed', () => {
		const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(page.contentSecurityPolicy)?.[1];
		expect(nonce).toBeDefined();
		expect(page.contentSecurityPolicy.split('; ')).toEqual(
			expect.arrayContaining(["default-src 'none'", `style-src 'nonce-${nonce}'`, "connect-src 'self'", "frame-ancestors 'none'"]),
		);
		const scripts = [...page.html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
		expect(scripts.length).toBe(2);
		for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
		expect(page.html).not.toMatch(/ on[a-z]+=/i);
		expect(renderDeskPage({ title: 'x' }).contentSecurityPolicy).not.toContain(nonce!);
	});

	it('shows the title ops staff set as text', () => {
		expect(page.html).toContain('<title>Desk &lt;script&gt;alert(1)&lt;/script&gt;</title>');
		expect(page.html).not.toContain('<script>alert(1)');
	});

	it('never writes server data as markup', () => {
		expect(page.html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
	});

	it('is valid script, with the dashboard refreshing itself every five seconds unless told otherwise', () => {
		const script = (p: { html: string }) => [...p.html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
		expect(() => new Function(script(page)[1])).not.toThrow();
		expect(JSON.parse(script(page)[0])).toEqual({ pollIntervalMs: 2500, dashboardIntervalMs: 5000, dashboardChartsIntervalMs: 10_000 });
		expect(JSON.parse(script(renderDeskPage({ title: 'x', dashboardIntervalMs: 1000 }))[0]).dashboardIntervalMs).toBe(1000);
	});

	it('gives browser tests stable hooks on the key elements', () => {
		for (const id of [
			'login-name', 'login-password', 'login-submit', 'conversation-list', 'tab-mine', 'tab-queue', 'canned-search', 'canned-list',
			'reply-box', 'send-button', 'transfer-button', 'transfer-dialog', 'transfer-submit', 'messages', 'close-button', 'status-select',
			'tab-dashboard', 'dashboard', 'dash-groups', 'dash-risk', 'dash-waiting', 'dash-operators', 'dash-channels', 'dash-topics', 'dash-csv',
		]) {
			expect(page.html).toContain(`data-testid="${id}"`);
		}
		// Rows, badges, canned items and message lines are made by the client.
		for (const id of ['conversation-row', 'vip-badge', 'canned-item', 'message', 'note', 'dash-conversation', 'dash-group']) expect(page.html).toContain(`'${id}'`);
	});
});
