import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { handleTelegramWebhook, type TelegramWebhookOptions } from '../../../../nodes/shared/channels/telegram/inbound';
import type { WebhookVerdict } from '../../../../nodes/shared/channels/types';

/**
 * Our side of the webhook, as the trigger node will run it: a real HTTP endpoint on 127.0.0.1
 * that judges each call with handleTelegramWebhook, answers as the verdict says and keeps the verdicts.
 */
export async function startWebhookReceiver(opts: TelegramWebhookOptions) {
	const verdicts: WebhookVerdict[] = [];
	const server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://receiver');
		const verdict = handleTelegramWebhook(
			{ method: req.method ?? 'GET', headers: req.headers, query: Object.fromEntries(url.searchParams), rawBody: Buffer.concat(chunks) },
			opts,
		);
		verdicts.push(verdict);
		if (verdict.kind === 'reject') return void res.writeHead(verdict.status, { 'Content-Type': 'text/plain' }).end(verdict.reason);
		if (verdict.kind === 'handshake') return void res.writeHead(verdict.status, { 'Content-Type': verdict.contentType }).end(verdict.body);
		res.writeHead(verdict.ack.status, { 'Content-Type': verdict.ack.contentType }).end(verdict.ack.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/telegram`,
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
