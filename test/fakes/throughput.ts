import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A gate in front of a fake channel server that enforces a platform's overall send rate, which
 * the fakes themselves do not (Telegram ~30 msg/s per bot, WhatsApp 80 msg/s per number): at most
 * `limit` admitted calls per `windowMs` per key; the rest get the platform's own refusal. Calls it
 * does not `meter` pass straight through.
 */
export interface ThroughputGate {
	baseUrl: string;
	/** Calls refused for the rate so far. */
	refused: number;
	close(): Promise<void>;
}

export interface GateRule {
	limit: number;
	windowMs: number;
	/** The rate key of a metered call (bot token, phone number id), or null to pass it unmetered. */
	meter(path: string): string | null;
	refusal: { status: number; body: unknown };
}

export async function startThroughputGate(target: string, rule: GateRule): Promise<ThroughputGate> {
	const arrivals = new Map<string, number[]>();
	const gate = { refused: 0 };
	const upstream = new URL(target);
	const server = createServer((req, res) => {
		const key = rule.meter(req.url ?? '/');
		if (key !== null) {
			const now = Date.now();
			const recent = (arrivals.get(key) ?? []).filter((at) => now - at < rule.windowMs);
			if (recent.length >= rule.limit) {
				gate.refused++;
				arrivals.set(key, recent);
				req.resume();
				return void res.writeHead(rule.refusal.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(rule.refusal.body));
			}
			recent.push(now);
			arrivals.set(key, recent);
		}
		const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		forward.on('error', (error) => res.writeHead(502).end(String(error)));
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		get refused() {
			return gate.refused;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Telegram: about 30 messages a second per bot, refused with 429 and retry_after. */
export const TELEGRAM_RATE: GateRule = {
	limit: 30,
	windowMs: 1000,
	meter: (path) => (/^\/bot[^/]+\/send/i.test(path) ? path.split('/')[1] : null),
	refusal: { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } },
};

/** WhatsApp Cloud API: 80 messages a second per phone number, refused with 130429. */
export const WHATSAPP_RATE: GateRule = {
	limit: 80,
	windowMs: 1000,
	meter: (path) => /^\/v[\d.]+\/(\d+)\/messages/.exec(path)?.[1] ?? null,
	refusal: {
		status: 400,
		body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' }, fbtrace_id: 'AbCdEf' } },
	},
};
