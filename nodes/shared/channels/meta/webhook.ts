import type { Normalised, WebhookRequest, WebhookVerdict } from '../types';
import { secretMatches } from '../common/secrets';
import { describeIssues, headerOf, readJson } from '../common/webhook';
import { SIGNATURE_HEADER, signatureMatches } from './signature';

export interface MetaWebhookOptions {
	/** The Verify Token typed into the app dashboard's webhook settings. */
	verifyToken: string;
	/** The app's App Secret, which keys the X-Hub-Signature-256 HMAC. */
	appSecret: string;
}

/** What a platform makes of an authentic body: its messages and events, or why it cannot read it. */
export type BodyReader = (body: unknown) => Normalised | { invalid: string };

/** Meta retries anything but a 200, so the acknowledgement is a bare 200. */
const ACK = { status: 200, body: 'EVENT_RECEIVED', contentType: 'text/plain' };

/**
 * Judges one call on a Meta webhook (WhatsApp, Messenger, Instagram share the mechanics):
 * a GET is the subscription handshake, answered with hub.challenge when hub.verify_token is ours;
 * a POST must carry a valid X-Hub-Signature-256 over its raw bytes before its JSON is even read.
 */
export function handleMetaWebhook(req: WebhookRequest, opts: MetaWebhookOptions, read: BodyReader): WebhookVerdict {
	const method = req.method.toUpperCase();
	if (method === 'GET') return handshake(req, opts);
	if (method !== 'POST') return { kind: 'reject', status: 405, reason: 'Meta delivers webhooks by POST and verifies them by GET' };

	if (!signatureMatches(req.rawBody, headerOf(req, SIGNATURE_HEADER), opts.appSecret)) {
		return { kind: 'reject', status: 403, reason: 'The X-Hub-Signature-256 header is missing or does not match the body and the App Secret' };
	}
	const json = readJson(req.rawBody);
	if (!json.ok) return { kind: 'reject', status: 400, reason: json.reason };
	const result = read(json.value);
	if ('invalid' in result) return { kind: 'reject', status: 400, reason: result.invalid };
	return { kind: 'accept', ...result, ack: ACK };
}

function handshake(req: WebhookRequest, opts: MetaWebhookOptions): WebhookVerdict {
	const challenge = req.query['hub.challenge'];
	if (req.query['hub.mode'] !== 'subscribe' || !challenge) {
		return { kind: 'reject', status: 400, reason: 'A GET must be a hub.mode=subscribe verification with a hub.challenge' };
	}
	if (!secretMatches(req.query['hub.verify_token'], opts.verifyToken)) {
		return { kind: 'reject', status: 403, reason: 'hub.verify_token does not match the Verify Token of the credential' };
	}
	return { kind: 'handshake', status: 200, body: challenge, contentType: 'text/plain' };
}

/** A BodyReader that checks the body against the platform's schema before normalising it. */
export function schemaReader<T>(
	schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: Array<string | number>; message: string }> } } },
	what: string,
	normalise: (body: T, raw: unknown) => Normalised,
): BodyReader {
	return (body) => {
		const parsed = schema.safeParse(body);
		if (parsed.success) return normalise(parsed.data, body);
		return { invalid: `The body is not ${what}: ${describeIssues(parsed.error.issues)}` };
	};
}
