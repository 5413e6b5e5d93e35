import { createHmac } from 'node:crypto';

import { secretMatches } from '../channels/common/secrets';
import { headerOf } from '../channels/common/webhook';
import type { WebhookRequest } from '../channels/types';
import type { CallEvent, CallVerdict } from './event';

/*
 * Zadarma's cloud PBX: form-encoded notifications (NOTIFY_START, NOTIFY_IVR, NOTIFY_INTERNAL,
 * NOTIFY_ANSWER, NOTIFY_END; outgoing calls' NOTIFY_OUT_* and others are not customers calling)
 * with a `Signature` header, and a `zd_echo` GET that checks the URL when it is saved.
 */

/**
 * The string each notification signs: caller, called number and call start — NOTIFY_ANSWER names
 * the called number `destination`.
 */
function signedString(p: Record<string, string>): string {
	return p.event === 'NOTIFY_ANSWER' ? `${p.caller_id}${p.destination}${p.call_start}` : `${p.caller_id}${p.called_did}${p.call_start}`;
}

/** Zadarma's Signature: the base64 of the hex HMAC-SHA1 (PHP's hash_hmac default), keyed with the API secret. */
export function zadarmaSignature(secret: string, params: Record<string, string>): string {
	return Buffer.from(createHmac('sha1', secret).update(signedString(params)).digest('hex')).toString('base64');
}

const INCOMING = new Set(['NOTIFY_START', 'NOTIFY_IVR', 'NOTIFY_INTERNAL', 'NOTIFY_ANSWER', 'NOTIFY_END']);

/** "2024-05-01 10:20:30" in the PBX's time is all Zadarma gives; the callback's arrival is what we store. */
function eventOf(p: Record<string, string>, account: string, at: string, acceptDigit: string): CallEvent | null {
	// Zadarma passes on the caller id the network gave it, without vouching for it.
	const base = { platform: 'zadarma' as const, account, callId: p.pbx_call_id, from: p.caller_id || 'anonymous', to: p.called_did || p.destination, at, verifiedCaller: false };
	switch (p.event) {
		case 'NOTIFY_START':
			return { ...base, kind: 'started' };
		case 'NOTIFY_IVR': {
			const digits = p['wait_dtmf[digits]'] ?? '';
			if (!digits) return null;
			return digits === acceptDigit ? { ...base, kind: 'offerAccepted', choice: digits } : { ...base, kind: 'ivr', choice: digits };
		}
		case 'NOTIFY_ANSWER':
			return { ...base, kind: 'answered', answeredBy: p.internal || undefined };
		case 'NOTIFY_END': {
			const duration = /^\d+$/.test(p.duration ?? '') ? Number(p.duration) : undefined;
			if (p.disposition !== 'answered') return { ...base, kind: 'missed' };
			return { ...base, kind: 'ended', durationSeconds: duration, answeredBy: p.internal || undefined };
		}
		default:
			return null;
	}
}

export function handleZadarmaCall(
	req: WebhookRequest,
	{ secret, account, acceptDigit, now = () => new Date() }: { secret: string; account: string; acceptDigit: string; now?: () => Date },
): CallVerdict {
	// Zadarma checks a URL by asking it to echo a value back.
	if (req.method === 'GET' && req.query.zd_echo !== undefined) {
		return { kind: 'handshake', status: 200, body: String(req.query.zd_echo).replace(/[^\w-]/g, ''), contentType: 'text/plain; charset=utf-8' };
	}
	if (req.method !== 'POST') return { kind: 'reject', status: 405, reason: 'Zadarma notifies with POST' };
	const params = Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
	if (!INCOMING.has(params.event ?? '')) {
		// Outgoing calls, recordings, SMS: not a customer calling in. Signed all the same.
		return secretMatches(headerOf(req, 'signature'), zadarmaSignature(secret, params))
			? { kind: 'accept', events: [] }
			: { kind: 'reject', status: 403, reason: 'The Signature does not match the API secret' };
	}
	if (!secretMatches(headerOf(req, 'signature'), zadarmaSignature(secret, params))) {
		return { kind: 'reject', status: 403, reason: 'The Signature does not match the API secret' };
	}
	if (!params.pbx_call_id || !params.call_start) return { kind: 'reject', status: 400, reason: 'pbx_call_id or call_start is missing' };
	const event = eventOf(params, account || 'zadarma', now().toISOString(), acceptDigit);
	return { kind: 'accept', events: event ? [event] : [] };
}
