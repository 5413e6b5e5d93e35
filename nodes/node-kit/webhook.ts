import type { IDataObject, INodeExecutionData, INodeProperties, IWebhookDescription, IWebhookFunctions, IWebhookResponseData, WEBHOOK_RESOLVERS } from 'n8n-workflow';
import { fromParameter, webhookDescriptionFields } from 'n8n-workflow';

import type { WebhookRequest, WebhookVerdict } from '../shared/channels/types';
import type { ServedPage } from '../shared/web/page';
import { acceptVerdict } from '../shared/ingest/accept';
import { executionBatches } from '../shared/ingest/batches';
import { executionStarts } from '../shared/ingest/starts';
import { getStore } from './store';

/**
 * The versions of the pack's webhook triggers. Version 2 behaves as version 1 does; n8n reads a
 * version-1 webhook node's `options.binaryData` through an expression on every request, which in
 * n8n 2.x builds an expression isolate for each delivery.
 */
export const WEBHOOK_TRIGGER_VERSIONS = { version: [1, 2], defaultVersion: 2 };

/**
 * A webhook served at the node's Path parameter. n8n 2.41 reads a path written as
 * `={{$parameter["path"]}}` through its expression engine on every request (under a flood, a new
 * isolate each time); with the resolver declared beside it, n8n reads the parameter itself. A Path
 * typed as an expression still goes through the engine.
 */
export const PATH_PARAMETER: Pick<IWebhookDescription, 'path' | typeof WEBHOOK_RESOLVERS> = webhookDescriptionFields({ path: fromParameter('path') });

/** The call as the channel sent it. n8n keeps the raw bytes, which signatures are computed over. */
export function webhookRequest(ctx: IWebhookFunctions): WebhookRequest {
	const req = ctx.getRequestObject() as unknown as { rawBody?: Buffer; method: string };
	const rawBody = Buffer.isBuffer(req.rawBody)
		? req.rawBody
		: Buffer.from(JSON.stringify(ctx.getBodyData() ?? {}));
	return {
		method: req.method,
		headers: ctx.getHeaderData() as WebhookRequest['headers'],
		query: ctx.getQueryData() as WebhookRequest['query'],
		rawBody,
	};
}

export function respond(
	ctx: IWebhookFunctions,
	status: number,
	body: string,
	contentType = 'text/plain; charset=utf-8',
	headers: Record<string, string> = {},
): void {
	const res = ctx.getResponseObject();
	res.status(status);
	res.setHeader('Content-Type', contentType);
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.end(body);
}

/** A page of the pack, with its strict policy and no caching: it is rendered per request with a new nonce. */
export function respondPage(ctx: IWebhookFunctions, page: ServedPage): void {
	respond(ctx, 200, page.html, 'text/html; charset=utf-8', {
		'Content-Security-Policy': page.contentSecurityPolicy,
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'no-referrer',
		'Cache-Control': 'no-store',
		...(page.frameable ? {} : { 'X-Frame-Options': 'DENY' }),
	});
}

export function respondJson(ctx: IWebhookFunctions, status: number, body: unknown): void {
	respond(ctx, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

/** What a caller is told when a webhook fails unexpectedly: nothing about why, or where. */
export const INTERNAL_ERROR = 'Something went wrong on our side; please try again in a moment.';

/**
 * Runs a webhook's work and, when it fails unexpectedly, answers a short 500 of its own: n8n's
 * answer would carry the stack in development mode, and an error's message can name files, hosts
 * and tables. The whole error goes to n8n's log, for whoever runs it. A call already answered
 * (the error came after the acknowledgement) is only ended.
 */
export async function answerSafely(ctx: IWebhookFunctions, work: () => Promise<IWebhookResponseData>): Promise<IWebhookResponseData> {
	try {
		return await work();
	} catch (error) {
		const { message, stack } = error instanceof Error ? error : new Error(String(error));
		ctx.logger.error(`Contact center webhook failed: ${message}`, { node: ctx.getNode().name, stack });
		const res = ctx.getResponseObject();
		if (res.headersSent) res.end();
		else respondJson(ctx, 500, { error: INTERNAL_ERROR });
		return { noWebhookResponse: true };
	}
}

/** Every channel trigger's limit on the messages that share an execution while n8n is busy (shared/ingest/batches.ts). */
export const BATCH_LIMIT_FIELD: INodeProperties = {
	displayName: 'Messages per Execution When Busy',
	name: 'batchLimit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 20,
	description:
		'While n8n is busy with earlier messages (an execution not started yet, or two under way for every process running the workflow’s executions), new ones wait, at most 2 s, and then share one execution, with those of the other triggers leading to the same nodes, up to this many. Under load (a burst, an outage) this saves most of n8n’s own work per message; a quiet workflow starts every message at once. 1 gives every message its own execution.',
};

/**
 * Answers a channel webhook from the core's verdict. Forged calls are refused before the store
 * is touched; authentic ones are recorded (dedupe key, consent events) before the 2xx goes out,
 * so that a delivery the channel saw acknowledged is never lost, and a redelivery starts nothing.
 * While n8n is busy, new messages join the execution of another delivery going the same way.
 */
export async function answerChannelWebhook(
	ctx: IWebhookFunctions,
	verdict: WebhookVerdict,
): Promise<IWebhookResponseData> {
	if (verdict.kind === 'reject') {
		ctx.logger.warn(`Contact center webhook refused: ${verdict.reason}`, { node: ctx.getNode().name });
		respond(ctx, verdict.status, verdict.reason);
		return { noWebhookResponse: true };
	}
	if (verdict.kind === 'handshake') {
		respond(ctx, verdict.status, verdict.body, verdict.contentType);
		return { noWebhookResponse: true };
	}
	const fresh = await acceptVerdict(await getStore(ctx), verdict);
	respond(ctx, verdict.ack.status, verdict.ack.body, verdict.ack.contentType);
	if (fresh.length === 0) return { noWebhookResponse: true };
	const limit = ctx.getNodeParameter(BATCH_LIMIT_FIELD.name, BATCH_LIMIT_FIELD.default) as number;
	// In queue mode the starts come from the workers; the first deliveries need not wait for the subscription.
	void executionStarts.hear();
	// A test delivery the editor listens for starts its own run and never joins the published workflow's.
	const batch = ctx.getMode() === 'manual' ? fresh : await executionBatches.join(ctx.getWorkflow().id ?? '', routeOf(ctx), fresh, limit);
	if (!batch) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [toItems(batch.map((message) => ({ message })))] };
}

/**
 * Where the trigger's messages go: the nodes after it. Triggers with the same ones (every channel
 * trigger of the support pipeline leads to Log Conversation) share executions, so that under load
 * an execution carries the messages of every channel, not one channel's share.
 */
function routeOf(ctx: IWebhookFunctions): string {
	const next = ctx.getChildNodes(ctx.getNode().name).map((node) => node.name);
	return next.length ? next.sort().join('\u0000') : `trigger:${ctx.getNode().name}`;
}

export const toItems = (records: object[]): INodeExecutionData[] =>
	records.map((json) => ({ json: json as IDataObject }));
