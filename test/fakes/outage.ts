import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands in front of a fake channel API on 127.0.0.1 and, while an outage is on, answers every
 * call itself the way Telegram's API fails: 500 Internal Server Error, or 429 Too Many Requests
 * with `retry_after`. Otherwise it passes calls through unchanged.
 */
export interface ChannelOutage {
	baseUrl: string;
	/** How many calls the outage answered, by status. */
	refused: Record<number, number>;
	/** From now on answer `status` (null: pass through again). */
	set(status: 500 | 429 | null): void;
	close(): Promise<void>;
}

const FAILURES = {
	500: { ok: false, error_code: 500, description: 'Internal Server Error' },
	429: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
};

const bodyOf = async (req: IncomingMessage) => {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
};

export async function startChannelOutage(target: string): Promise<ChannelOutage> {
	let failing: 500 | 429 | null = null;
	const refused: Record<number, number> = {};
	const server = createServer(async (req, res) => {
		const body = await bodyOf(req);
		if (failing) {
			refused[failing] = (refused[failing] ?? 0) + 1;
			res.writeHead(failing, { 'content-type': 'application/json', ...(failing === 429 ? { 'retry-after': '1' } : {}) });
			res.end(JSON.stringify(FAILURES[failing]));
			return;
		}
		try {
			const headers = Object.fromEntries(
				Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
			) as Record<string, string>;
			const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: body.length ? body : undefined });
			res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
			res.end(Buffer.from(await answer.arrayBuffer()));
		} catch (error) {
			res.writeHead(502).end(String(error));
		}
	});
	await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		refused,
		set: (status) => {
			failing = status;
		},
		close: () =>
			new Promise<void>((done) => {
				server.closeAllConnections();
				server.close(() => done());
			}),
	};
}
