import type { WebhookRequest, WebhookVerdict } from '../types';
import { secretMatches } from '../common/secrets';
import { parseJsonBody } from '../common/webhook';
import { normaliseCallback } from './normalise';
import { CallbackSchema } from './schema';

export interface VkWebhookOptions {
	/** Our community's id; a call for another community is refused. */
	groupId: string;
	/** The secret key set in the community's Callback API settings. */
	secret: string;
	/** The string VK shows in the Callback API settings, to be returned when it confirms the URL. */
	confirmation: string;
	now?: () => Date;
}

const OK = { status: 200, body: 'ok', contentType: 'text/plain' };

/** VK puts the community's shared secret in every callback: the kept payload must not carry it
 * into n8n's execution data, where anyone who can read executions would find it. */
function withoutSecret(raw: unknown): unknown {
	if (!raw || typeof raw !== 'object') return raw;
	const { secret: _secret, ...rest } = raw as Record<string, unknown>;
	return rest;
}

/**
 * Judges one Callback API call. VK puts the secret inside the JSON body, so the body is parsed
 * first; nothing is normalised or stored before the secret matches. A forged call is refused
 * with 403 (VK itself would retry it, but VK signs its calls with the right secret).
 * The `confirmation` call is answered when its secret is right or absent: it carries nothing,
 * and what it returns only proves to VK that this URL belongs to the community.
 * The node's two settings are checked here rather than marked required in the editor, where a
 * template's disabled VK trigger would show them as errors until a community is connected.
 */
export function handleVkWebhook(req: WebhookRequest, opts: VkWebhookOptions): WebhookVerdict {
	if (req.method.toUpperCase() !== 'POST') {
		return { kind: 'reject', status: 405, reason: 'VK delivers callbacks by POST only' };
	}
	const parsed = parseJsonBody(req.rawBody, CallbackSchema, 'a VK callback');
	if (!parsed.ok) return { kind: 'reject', status: 400, reason: parsed.reason };
	const callback = parsed.value;
	if (!opts.groupId) return { kind: 'reject', status: 503, reason: 'The VK Trigger has no Community ID: copy the Group ID from the Callback API settings into it' };
	if (String(callback.group_id) !== opts.groupId) {
		return { kind: 'reject', status: 403, reason: `The callback is for community ${callback.group_id}, not ${opts.groupId}` };
	}
	const signed = callback.secret !== undefined && opts.secret !== '' && secretMatches(callback.secret, opts.secret);
	if (callback.type === 'confirmation') {
		if (callback.secret !== undefined && !signed) return { kind: 'reject', status: 403, reason: 'The secret is wrong' };
		if (!opts.confirmation) return { kind: 'reject', status: 503, reason: 'The VK Trigger has no Confirmation String: copy it from the Callback API settings into it' };
		return { kind: 'handshake', status: 200, body: opts.confirmation, contentType: 'text/plain' };
	}
	if (!signed) return { kind: 'reject', status: 403, reason: 'The secret is missing or wrong' };
	if (!callback.event_id) {
		return { kind: 'reject', status: 400, reason: 'The callback has no event_id: set the Callback API version to 5.103 or later' };
	}
	const normalised = normaliseCallback(callback, callback.event_id, {
		account: opts.groupId,
		raw: withoutSecret(parsed.raw),
		now: opts.now ?? (() => new Date()),
	});
	return { kind: 'accept', ...normalised, ack: OK };
}
