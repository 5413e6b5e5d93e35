import type { N8nProcess } from './n8n-process';

/**
 * The editor's session on a fresh n8n: the owner set up as on a new install, signed in with a
 * cookie, calling the REST API the editor's own pages call (the Data Table view among them).
 */
export async function editorSession(n8n: N8nProcess) {
	const setup = await fetch(`${n8n.baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'ops@acme.test', firstName: 'Ops', lastName: 'Lead', password: 'Ops-lead-2026!' }),
	});
	if (!setup.ok) throw new Error(`owner setup: ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
	const rest = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${n8n.baseUrl}/rest${path}`, {
			method,
			headers: { cookie, 'content-type': 'application/json', 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await response.json()) as { data: unknown };
		if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
		return json.data as any;
	};
	return rest;
}

/** The data tables of the owner's project by name, and a way to edit rows in one as the editor does. */
export async function dataTables(rest: Awaited<ReturnType<typeof editorSession>>) {
	const project = await rest('GET', '/projects/personal');
	const tables = (await rest('GET', `/projects/${project.id}/data-tables`)).data as Array<{ id: string; name: string }>;
	const idOf = (name: string) => {
		const table = tables.find((t) => t.name === name);
		if (!table) throw new Error(`no data table "${name}" (there are: ${tables.map((t) => t.name).join(', ')})`);
		return table.id;
	};
	return {
		names: tables.map((t) => t.name).sort(),
		/** Sets `data` on the rows whose columns equal `where`, as editing cells in the table view does. */
		update: (name: string, where: Record<string, string>, data: Record<string, unknown>) =>
			rest('PATCH', `/projects/${project.id}/data-tables/${idOf(name)}/rows`, {
				filter: { type: 'and', filters: Object.entries(where).map(([columnName, value]) => ({ columnName, condition: 'eq', value })) },
				data,
			}),
		/** The table's rows as its view lists them (n8n gives at most 250 a page). */
		rows: async (name: string) => (await rest('GET', `/projects/${project.id}/data-tables/${idOf(name)}/rows?take=250`)).data as Array<Record<string, unknown>>,
		insert: (name: string, rows: Array<Record<string, unknown>>) =>
			rest('POST', `/projects/${project.id}/data-tables/${idOf(name)}/insert`, { data: rows, returnType: 'count' }),
	};
}
