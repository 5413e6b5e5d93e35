import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A fake OpenAI-compatible API on 127.0.0.1: GET /v1/models and POST /v1/chat/completions, with
 * Bearer key checks and OpenAI's error shapes. The "model" picks a topic deterministically from
 * keywords found in the customer's text (the user turn without its fence lines), so tests know
 * the right answer. `misbehave` makes the next answers go wrong the ways real servers do.
 */

export type Misbehaviour = 'garbage' | 'unknown-topic' | 'server-error' | 'hang';

export interface RecordedChat {
	authorization: string | undefined;
	body: { model?: string; messages?: Array<{ role: string; content: string }>; temperature?: number };
}

export interface FakeLlm {
	/** What the credential's base URL is set to. */
	baseUrl: string;
	apiKey: string;
	model: string;
	chats: RecordedChat[];
	/** The next `times` chat completions misbehave (every one when times is omitted). */
	misbehave(how: Misbehaviour, times?: number): void;
	close(): Promise<void>;
}

const openAiError = (res: ServerResponse, status: number, message: string, code: string) =>
	json(res, status, { error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', param: null, code } });

function json(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** The customer's text: the user turn without the first and last (fence) lines. */
const customerText = (user: string) => user.split('\n').slice(1, -1).join('\n').toLowerCase();

export async function startFakeLlm(keywords: Record<string, string[]>, fallbackTopic = 'other'): Promise<FakeLlm> {
	const apiKey = `sk-fake-${Date.now().toString(36)}`;
	const model = 'fake-topic-model';
	const chats: RecordedChat[] = [];
	let trouble: { how: Misbehaviour; left: number } | null = null;

	function answerFor(text: string): string {
		const how = trouble && trouble.left > 0 ? trouble.how : null;
		if (trouble) trouble.left--;
		if (how === 'garbage') return 'Sure! The customer seems to talk about something, I think.';
		if (how === 'unknown-topic') return JSON.stringify({ topic: 'weather', confidence: 0.95 });
		const hit = Object.entries(keywords).find(([, words]) => words.some((w) => text.includes(w.toLowerCase())));
		// Models like to wrap JSON in a code fence; the client must cope.
		return '```json\n' + JSON.stringify(hit ? { topic: hit[0], confidence: 0.9 } : { topic: fallbackTopic, confidence: 0.3 }) + '\n```';
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		if (req.headers.authorization !== `Bearer ${apiKey}`) {
			return openAiError(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
		}
		if (req.method === 'GET' && req.url === '/v1/models') {
			return json(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 1_700_000_000, owned_by: 'fake' }] });
		}
		if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return openAiError(res, 404, `Unknown path ${req.url}`, 'not_found');
		const body = JSON.parse(await readBody(req)) as RecordedChat['body'];
		chats.push({ authorization: req.headers.authorization, body });
		if (body.model !== model) return openAiError(res, 404, `The model \`${body.model}\` does not exist`, 'model_not_found');
		const user = body.messages?.find((m) => m.role === 'user');
		if (!user) return openAiError(res, 400, 'messages must contain a user message', 'invalid_request');
		if (trouble?.how === 'server-error' && trouble.left > 0) {
			trouble.left--;
			return openAiError(res, 500, 'The server had an error while processing your request.', 'server_error');
		}
		if (trouble?.how === 'hang' && trouble.left > 0) {
			trouble.left--;
			return; // never answers; close() drops the connection
		}
		return json(res, 200, {
			id: `chatcmpl-${chats.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model,
			choices: [{ index: 0, message: { role: 'assistant', content: answerFor(customerText(user.content)) }, finish_reason: 'stop' }],
			usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
		});
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error) => openAiError(res, 500, String(error), 'server_error'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		apiKey,
		model,
		chats,
		misbehave: (how, times = Number.POSITIVE_INFINITY) => {
			trouble = { how, left: times };
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
