import { createHmac } from 'node:crypto';

import { secretMatches } from '../channels/common/secrets';
import { headerOf } from '../channels/common/webhook';
import type { WebhookRequest } from '../channels/types';
import type { CallEvent, CallVerdict } from './event';

/*
 * Twilio Voice: form-encoded callbacks signed with the account's auth token, answered in TwiML.
 * The pack takes part in a call at four points, told apart by the `step` query parameter of the
 * URLs it hands Twilio: the incoming call (no step: put it in the queue), the queue's wait URL
 * (`wait`: what the caller hears while waiting), the chat offer's key press (`offer`), and the
 * end of the wait (`left`) and of the call (`status`). A voice bot hands the caller over at
 * `handoff`: ConversationRelay's `<Connect action>` posts its session's `HandoffData` (the JSON
 * the bot ended with: `transcript`, `intent`, `language`), a speech `<Gather>` its `SpeechResult`.
 * A menu of the operators' own (a `<Gather>` before the queue) posts its key at `menu`; a caller
 * asking for a person is put through at `transfer`, once the workflow has routed the call.
 */

/**
 * Twilio's X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth token, of the URL Twilio
 * called followed by every POST parameter's name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
	const data = Object.keys(params)
		.sort()
		.reduce((text, key) => text + key + params[key], url);
	return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export type TwilioStep = 'incoming' | 'menu' | 'wait' | 'offer' | 'left' | 'status' | 'handoff' | 'transfer';
const STEPS: readonly TwilioStep[] = ['incoming', 'menu', 'wait', 'offer', 'left', 'status', 'handoff', 'transfer'];

export interface TwilioCall {
	step: TwilioStep;
	/** Our number as events of this call name it. */
	account: string;
	/** How many times the `transfer` step has asked whether the call is routed (its `try` query parameter). */
	tries: number;
	params: Record<string, string>;
	event: CallEvent | null;
}

/** What the voice bot left for the person taking over; a bot that left nothing readable still hands over. */
function handoffData(p: Record<string, string>): Pick<CallEvent, 'transcript' | 'intent' | 'language'> {
	let data: Record<string, unknown> = {};
	try {
		const parsed: unknown = JSON.parse(p.HandoffData ?? '{}');
		if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
	} catch {
		// Not JSON: the speech result, if any, is the transcript.
	}
	const text = (value: unknown, max: number) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined);
	return {
		transcript: text(data.transcript, 20_000) ?? text(p.SpeechResult, 20_000),
		intent: text(data.intent, 200),
		language: text(data.language, 20) ?? text(p.Language, 20),
	};
}

const seconds = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/** The event a callback tells of, if any; `incoming` and `wait` tell of a started or waiting call. */
function eventOf(step: TwilioStep, p: Record<string, string>, account: string, at: string, acceptDigit: string): CallEvent | null {
	const base = {
		platform: 'twilio' as const,
		account,
		callId: p.CallSid,
		from: p.From || p.Caller || 'anonymous',
		to: p.To || p.Called || undefined,
		at,
		// STIR/SHAKEN: "A" attestation means the carrier knows the caller owns the number.
		verifiedCaller: p.StirVerstat === 'TN-Validation-Passed-A',
	};
	switch (step) {
		case 'incoming':
			return { ...base, kind: 'started' };
		case 'wait':
			return { ...base, kind: 'waiting', waitedSeconds: seconds(p.QueueTime) ?? 0 };
		case 'menu':
			return p.Digits ? { ...base, kind: 'ivr', choice: p.Digits } : null;
		case 'transfer':
			return null;
		case 'offer':
			return p.Digits === acceptDigit ? { ...base, kind: 'offerAccepted', choice: p.Digits } : null;
		case 'left':
			// The caller hung up in the queue: nobody answered them.
			return p.QueueResult === 'hangup' ? { ...base, kind: 'missed', waitedSeconds: seconds(p.QueueTime) } : null;
		case 'handoff':
			return { ...base, kind: 'handoff', ...handoffData(p) };
		case 'status': {
			const missed = ['no-answer', 'busy', 'canceled'].includes(p.CallStatus);
			if (missed) return { ...base, kind: 'missed' };
			return p.CallStatus === 'completed' ? { ...base, kind: 'ended', durationSeconds: seconds(p.CallDuration) } : null;
		}
	}
}

/**
 * A Twilio callback checked and read. `publicUrl` is the trigger's URL as Twilio knows it (behind
 * a proxy the request's own host differs): the signature covers it with the query string.
 */
export function handleTwilioCall(
	req: WebhookRequest,
	{ authToken, publicUrl, account, acceptDigit, now = () => new Date() }: { authToken: string; publicUrl: string; account: string; acceptDigit: string; now?: () => Date },
): { verdict: CallVerdict; call?: TwilioCall } {
	if (req.method !== 'POST') return { verdict: { kind: 'reject', status: 405, reason: 'Twilio calls with POST' } };
	const params = Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
	const query = new URLSearchParams(Object.entries(req.query).flatMap(([k, v]): Array<[string, string]> => (v === undefined ? [] : [[k, v]]))).toString();
	const url = query ? `${publicUrl}?${query}` : publicUrl;
	const given = headerOf(req, 'x-twilio-signature');
	if (!secretMatches(given, twilioSignature(authToken, url, params))) {
		return { verdict: { kind: 'reject', status: 403, reason: 'The X-Twilio-Signature does not match this URL and auth token' } };
	}
	if (!params.CallSid) return { verdict: { kind: 'reject', status: 400, reason: 'CallSid is missing' } };
	const step = (STEPS as readonly string[]).includes(req.query.step ?? '') ? (req.query.step as TwilioStep) : 'incoming';
	const ours = account || params.AccountSid || 'twilio';
	const event = eventOf(step, params, ours, now().toISOString(), acceptDigit);
	return { verdict: { kind: 'accept', events: event ? [event] : [] }, call: { step, account: ours, tries: Math.max(0, Number(req.query.try) || 0), params, event } };
}

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** TwiML: the verbs in order. Text is always escaped: it may carry names and links. */
export const twiml = (...verbs: string[]) => `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join('')}</Response>`;
export const say = (text: string, language?: string) => `<Say${language ? ` language="${xml(language)}"` : ''}>${xml(text)}</Say>`;
export const pause = (length: number) => `<Pause length="${Math.max(1, Math.round(length))}"/>`;
export const gather = (action: string, inner: string, timeout = 5) => `<Gather numDigits="1" timeout="${timeout}" action="${xml(action)}">${inner}</Gather>`;
export const enqueue = (queue: string, waitUrl: string, action: string) => `<Enqueue waitUrl="${xml(waitUrl)}" action="${xml(action)}">${xml(queue)}</Enqueue>`;
export const dial = (to: string) => (/^sips?:/i.test(to) ? `<Dial><Sip>${xml(to)}</Sip></Dial>` : `<Dial>${xml(to)}</Dial>`);
export const redirect = (url: string) => `<Redirect method="POST">${xml(url)}</Redirect>`;
export const LEAVE = '<Leave/>';
export const HANGUP = '<Hangup/>';
