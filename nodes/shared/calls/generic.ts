import { createHmac } from 'node:crypto';
import { z } from 'zod';

import { secretMatches } from '../channels/common/secrets';
import { headerOf, parseJsonBody } from '../channels/common/webhook';
import type { WebhookRequest } from '../channels/types';
import { CALL_EVENT_KINDS, type CallVerdict } from './event';

/*
 * Any PBX or voice-bot platform (an Asterisk dialplan's curl, a voice-bot vendor's webhook): one
 * JSON event per POST, signed with a secret shared with ops staff:
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, as Meta signs its webhooks.
 */
const GenericCallSchema = z.object({
	event: z.enum(CALL_EVENT_KINDS),
	callId: z.string().min(1).max(200),
	from: z.string().min(1).max(40),
	to: z.string().max(40).optional(),
	at: z.string().datetime().optional(),
	/** The platform vouches that the caller owns `from`. */
	verified: z.boolean().default(false),
	choice: z.string().max(40).optional(),
	waitedSeconds: z.number().nonnegative().optional(),
	durationSeconds: z.number().nonnegative().optional(),
	answeredBy: z.string().max(200).optional(),
	transcript: z.string().max(20_000).optional(),
	intent: z.string().max(200).optional(),
	language: z.string().max(20).optional(),
});

export const genericSignature = (secret: string, rawBody: Buffer) => `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;

export function handleGenericCall(
	req: WebhookRequest,
	{ secret, account, now = () => new Date() }: { secret: string; account: string; now?: () => Date },
): CallVerdict {
	if (req.method !== 'POST') return { kind: 'reject', status: 405, reason: 'Call events come with POST' };
	if (!secretMatches(headerOf(req, 'x-signature-256'), genericSignature(secret, req.rawBody))) {
		return { kind: 'reject', status: 403, reason: 'X-Signature-256 does not match the shared secret' };
	}
	const body = parseJsonBody(req.rawBody, GenericCallSchema, 'a call event');
	if (!body.ok) return { kind: 'reject', status: 400, reason: body.reason };
	const { event, verified, at, ...rest } = body.value;
	return { kind: 'accept', events: [{ platform: 'generic', account: account || 'pbx', kind: event, verifiedCaller: verified, at: at ?? now().toISOString(), ...rest }] };
}
