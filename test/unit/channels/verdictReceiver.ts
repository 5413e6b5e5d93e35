import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WebhookRequest, WebhookVerdict } from '../../../nodes/shared/channels/types';

/**
 * Our side of a channel's webhook, as a trigger node runs it: a real HTTP endpoint on 127.0.0.1
 * that judges each call with a channel's handler, answers as the verdict says and keeps the verdicts.
 */
export async function startVerdictReceiver(judge: (req: WebhookRequest) => WebhookVerdict | Promise<WebhookVerdict>) {
	const verdicts: WebhookVerdict[] = [];
	const server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://receiver');
		const verdict = await judge({
			method: req.method ?? 'GET',
			headers: req.headers,
			query: Object.fromEntries(url.searchParams),
			rawBody: Buffer.concat(chunks),
		});
		verdicts.push(verdict);
		if (verdict.kind === 'reject') return void res.writeHead(verdict.status, { 'Content-Type': 'text/plain' }).end(verdict.reason);
		if (verdict.kind === 'handshake') return void res.writeHead(verdict.status, { 'Content-Type': verdict.contentType }).end(verdict.body);
		res.writeHead(verdict.ack.status, { 'Content-Type': verdict.ack.contentType }).end(verdict.ack.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/channel`,
		verdicts,
		/** The last verdict, which must be an accept. */
		accepted() {
			const last = verdicts.at(-1);
			if (last?.kind !== 'accept') throw new Error(`the last call was not accepted: ${JSON.stringify(last)}`);
			return last;
		},
		/** Raw POST, for bodies the fake would never send. */
		async post(body: string, headers: Record<string, string>) {
			const response = await fetch(`http://127.0.0.1:${port}/webhook/channel`, { method: 'POST', headers, body });
			return { status: response.status, body: await response.text() };
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

export type VerdictReceiver = Awaited<ReturnType<typeof startVerdictReceiver>>;
