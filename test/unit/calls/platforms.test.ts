/**
 * The three ways calls reach the pack, checked the way each platform signs them: Twilio's
 * documented signature examples, Zadarma's signature as its own SDK computes it, and the generic
 * signed JSON any PBX or voice bot can send. A forged callback is refused before anything else.
 */
import { createHmac } from 'node:crypto';

import { genericSignature, handleGenericCall, handleTwilioCall, handleZadarmaCall, twilioSignature, zadarmaSignature } from '../../../nodes/shared/calls';
import type { WebhookRequest } from '../../../nodes/shared/channels/types';

const form = (params: Record<string, string>) => Buffer.from(new URLSearchParams(params).toString());
const request = (rawBody: Buffer, headers: Record<string, string> = {}, query: Record<string, string> = {}, method = 'POST'): WebhookRequest => ({
	method,
	headers,
	query,
	rawBody,
});
const AT = () => new Date('2026-12-05T10:00:00Z');

describe('Twilio', () => {
	test('the signature is the one Twilio documents for its example request', () => {
		const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
		const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };
		expect(twilioSignature('12345', url, params)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
		expect(twilioSignature('12345', url, { ...params, Caller: '+14158675309', From: '+14158675309' })).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
	});

	const TOKEN = 'twilio-auth-token';
	const URL = 'https://support.example.com/webhook/abc/phone';
	const signed = (params: Record<string, string>, query: Record<string, string> = {}) => {
		const qs = new URLSearchParams(query).toString();
		return request(form(params), { 'X-Twilio-Signature': twilioSignature(TOKEN, qs ? `${URL}?${qs}` : URL, params) }, query);
	};
	const options = { authToken: TOKEN, publicUrl: URL, account: '+18005551212', acceptDigit: '1', now: AT };

	test('a caller waiting in the queue for 75 s is a waiting event with their number', () => {
		const params = { CallSid: 'CA42', From: '+380501234567', To: '+18005551212', QueueTime: '75', QueueSid: 'QU1', CurrentQueueSize: '4' };

		const { verdict, call } = handleTwilioCall(signed(params, { step: 'wait' }), options);

		expect(call?.step).toBe('wait');
		expect(verdict).toEqual({
			kind: 'accept',
			events: [expect.objectContaining({ platform: 'twilio', callId: 'CA42', kind: 'waiting', from: '+380501234567', waitedSeconds: 75, verifiedCaller: false })],
		});
	});

	test('pressing the accept key is the offer accepted; hanging up in the queue is a missed call; STIR/SHAKEN A vouches for the number', () => {
		const offer = handleTwilioCall(signed({ CallSid: 'CA43', From: '+380501234567', Digits: '1', StirVerstat: 'TN-Validation-Passed-A' }, { step: 'offer' }), options);
		const left = handleTwilioCall(signed({ CallSid: 'CA43', From: '+380501234567', QueueResult: 'hangup', QueueTime: '140' }, { step: 'left' }), options);

		expect(offer.verdict).toMatchObject({ kind: 'accept', events: [{ kind: 'offerAccepted', choice: '1', verifiedCaller: true }] });
		expect(left.verdict).toMatchObject({ kind: 'accept', events: [{ kind: 'missed', waitedSeconds: 140 }] });
	});

	test('a forged signature, or one made for another URL, is refused with 403', () => {
		const params = { CallSid: 'CA44', From: '+380501234567' };
		const forged = request(form(params), { 'X-Twilio-Signature': twilioSignature('wrong-token', URL, params) });
		const otherUrl = request(form(params), { 'X-Twilio-Signature': twilioSignature(TOKEN, 'https://evil.example/phone', params) });
		const unsigned = request(form(params));

		for (const req of [forged, otherUrl, unsigned]) expect(handleTwilioCall(req, options).verdict).toMatchObject({ kind: 'reject', status: 403 });
	});
});

describe('Zadarma', () => {
	const SECRET = 'zadarma-api-secret';
	const start = { event: 'NOTIFY_START', call_start: '2026-12-05 12:00:01', pbx_call_id: 'in_4f1c7a', caller_id: '+380501234567', called_did: '+380443334455' };
	const signed = (params: Record<string, string>) => request(form(params), { Signature: zadarmaSignature(SECRET, params) });
	const options = { secret: SECRET, account: 'pbx-1', acceptDigit: '9', now: AT };

	test('the signature is the base64 of the hex HMAC-SHA1 of caller, called number and start, as the SDK signs it', () => {
		const hex = createHmac('sha1', SECRET).update('+380501234567+3804433344552026-12-05 12:00:01').digest('hex');
		expect(zadarmaSignature(SECRET, start)).toBe(Buffer.from(hex).toString('base64'));
		// NOTIFY_ANSWER signs the called number under its own name.
		const answer = { event: 'NOTIFY_ANSWER', call_start: start.call_start, pbx_call_id: 'in_4f1c7a', caller_id: '+380501234567', destination: '101', internal: '101' };
		expect(zadarmaSignature(SECRET, answer)).toBe(Buffer.from(createHmac('sha1', SECRET).update('+380501234567101' + start.call_start).digest('hex')).toString('base64'));
	});

	test('a call’s life: start, a menu choice, answered by extension 101, and a busy end counted as missed', () => {
		const events = [
			signed(start),
			signed({ ...start, event: 'NOTIFY_IVR', 'wait_dtmf[digits]': '2', 'wait_dtmf[name]': 'main' }),
			signed({ event: 'NOTIFY_ANSWER', call_start: start.call_start, pbx_call_id: 'in_4f1c7a', caller_id: '+380501234567', destination: '101', internal: '101' }),
			signed({ ...start, event: 'NOTIFY_END', disposition: 'busy', duration: '0', status_code: '17' }),
		].map((req) => handleZadarmaCall(req, options));

		expect(events.map((v) => (v.kind === 'accept' ? v.events.map((e) => [e.kind, e.choice ?? e.answeredBy ?? null]) : v.kind))).toEqual([
			[['started', null]],
			[['ivr', '2']],
			[['answered', '101']],
			[['missed', null]],
		]);
	});

	test('the URL check is echoed, outgoing calls start nothing, a forged notification is refused', () => {
		expect(handleZadarmaCall(request(Buffer.alloc(0), {}, { zd_echo: 'a1b2c3' }, 'GET'), options)).toMatchObject({ kind: 'handshake', body: 'a1b2c3' });
		expect(handleZadarmaCall(signed({ ...start, event: 'NOTIFY_OUT_START', destination: '+380671112233' }), options)).toEqual({ kind: 'accept', events: [] });
		expect(handleZadarmaCall(request(form(start), { Signature: zadarmaSignature('another-secret', start) }), options)).toMatchObject({ kind: 'reject', status: 403 });
	});
});

describe('any PBX or voice bot: signed JSON', () => {
	const SECRET = 'shared-with-the-pbx';
	const send = (body: object, secret = SECRET) => {
		const raw = Buffer.from(JSON.stringify(body));
		return handleGenericCall(request(raw, { 'X-Signature-256': genericSignature(secret, raw), 'content-type': 'application/json' }), { secret: SECRET, account: 'asterisk', now: AT });
	};

	test('a voice bot that gives up hands over its transcript and intent', () => {
		const verdict = send({ event: 'handoff', callId: '1701.42', from: '+380501234567', transcript: 'caller: my card was charged twice\nbot: …', intent: 'payment_failed', language: 'uk' });

		expect(verdict).toMatchObject({ kind: 'accept', events: [{ platform: 'generic', kind: 'handoff', intent: 'payment_failed', transcript: expect.stringContaining('charged twice') }] });
	});

	test('a wrong signature is 403, a malformed event is 400 naming the field', () => {
		expect(send({ event: 'started', callId: '1', from: '+3805' }, 'guess')).toMatchObject({ kind: 'reject', status: 403 });
		expect(send({ event: 'teleported', callId: '1', from: '+3805' })).toMatchObject({ kind: 'reject', status: 400, reason: expect.stringContaining('event') });
	});
});
