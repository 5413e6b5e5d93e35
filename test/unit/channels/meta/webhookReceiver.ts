import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WebhookRequest, WebhookVerdict } from '../../../../nodes/shared/channels/types';

/**
 * Our side of a Meta webhook, as the trigger nodes run it: a real HTTP endpoint on 127.0.0.1
 * that judges each call (GET handshake and POST alike) with `judge`, answers as the verdict
 * says and keeps the verdicts.
 */
export async function startWebhookReceiver(judge: (req: WebhookRequest) => WebhookVerdict) {
	const verdicts: WebhookVerdict[] = [];
	const server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://receiver');
		const verdict = judge({ method: req.method ?? 'GET', headers: req.headers, query: Object.fromEntries(url.searchParams), rawBody: Buffer.concat(chunks) });
		verdicts.push(verdict);
		if (verdict.kind === 'reject') return void res.writeHead(verdict.status, { 'Content-Type': 'text/plain' }).end(verdict.reason);
		if (verdict.kind === 'handshake') return void res.writeHead(verdict.status, { 'Content-Type': verdict.contentType }).end(verdict.body);
		res.writeHead(verdict.ack.status, { 'Content-Type': verdict.ack.contentType }).end(verdict.ack.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/meta`,
		verdicts,
		/** The last verdict, which must be an accept. */
		accepted() {
			const last = verdicts.at(-1);
			if (last?.kind !== 'accept') throw new Error(`the last call was not accepted: ${JSON.stringify(last)}`);
			return last;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
