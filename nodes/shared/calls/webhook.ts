import type { WebhookRequest } from '../channels/types';
import type { Db } from '../store/types';
import { deflect, genericAnswer, twilioAnswer, type Deflection, type DeflectionSettings, type PhoneAnswer } from './deflection';
import type { CallVerdict, PhonePlatform } from './event';
import { handleGenericCall } from './generic';
import { asksForPerson, handOffCall, type CallHandoff } from './handoff';
import { findCall, recordCallEvent, type RecordedEvent } from './record';
import { handleTwilioCall, type TwilioCall } from './twilio';
import { handleZadarmaCall } from './zadarma';

export interface CallWebhookOptions {
	platform: PhonePlatform;
	/** Twilio's auth token, or Zadarma's / the PBX's secret. */
	secret: string;
	/** Our number or PBX account, as the card and reports name it. */
	account: string;
	/** The trigger's URL as the platform calls it (Twilio's signature covers it). */
	publicUrl: string;
	settings: DeflectionSettings;
	now?: () => Date;
}

export interface CallWebhookOutcome {
	/** What the platform gets back, on the caller's path: nothing slow may come before it. */
	answer: Pick<PhoneAnswer, 'status' | 'body' | 'contentType'>;
	/** Events recorded for the first time, for the workflow; a redelivery's are not fresh. */
	recorded: RecordedEvent[];
	deflection: Deflection | null;
	/** The caller asked for a person: the call's conversation, for the workflow to route. */
	handoff: CallHandoff | null;
}

const plain = (status: number, body: string) => ({ status, body, contentType: 'text/plain; charset=utf-8' });

/**
 * One call webhook: judged before anything is stored (a forged call gets 403 and stores nothing),
 * its events recorded once on the caller's card, and the answer the platform acts on.
 */
export async function handleCallWebhook(db: Db, req: WebhookRequest, options: CallWebhookOptions): Promise<CallWebhookOutcome> {
	const { platform, secret, account, publicUrl, settings, now } = options;
	let verdict: CallVerdict;
	let twilio: TwilioCall | undefined;
	if (platform === 'twilio') ({ verdict, call: twilio } = handleTwilioCall(req, { authToken: secret, publicUrl, account, acceptDigit: settings.acceptDigit, now }));
	else if (platform === 'zadarma') verdict = handleZadarmaCall(req, { secret, account, acceptDigit: settings.acceptDigit, now });
	else verdict = handleGenericCall(req, { secret, account, now });

	if (verdict.kind === 'reject') return { answer: plain(verdict.status, verdict.reason), recorded: [], deflection: null, handoff: null };
	if (verdict.kind === 'handshake') return { answer: verdict, recorded: [], deflection: null, handoff: null };
	const recorded: RecordedEvent[] = [];
	for (const event of verdict.events) recorded.push(await recordCallEvent(db, event));
	const last = recorded.at(-1);
	const asked = recorded.find((r) => r.fresh && asksForPerson(r.event, settings.operatorDigit));
	const handoff = asked ? await handOffCall(db, asked) : null;

	if (platform === 'twilio' && twilio) {
		// Steps that tell of nothing new (another key pressed, a bridged call) still act on the call.
		const call = last?.call ?? (await findCall(db, 'twilio', account || twilio.params.AccountSid || 'twilio', twilio.params.CallSid));
		// A redelivered key press must not send the customer a second message.
		const step = last && !last.fresh && twilio.step === 'offer' ? 'wait' : twilio.step;
		const answer = await twilioAnswer(db, step, twilio.params, call, settings, publicUrl);
		return { answer, recorded: recorded.filter((r) => r.fresh), deflection: answer.deflection, handoff };
	}
	if (platform === 'generic') {
		const answer = last?.fresh ? await genericAnswer(db, last.event, last.call, settings) : await genericAnswer(db, undefined, null, settings);
		return { answer, recorded: recorded.filter((r) => r.fresh), deflection: answer.deflection, handoff };
	}
	// Zadarma plays its own scenario, so nothing can be read out: an accepted offer continues on a
	// messenger where the number is verified, or not at all.
	const accepted = last?.fresh && last.event.kind === 'offerAccepted' ? await deflect(db, last.call, { ...settings, webChatUrl: '' }) : null;
	return { answer: plain(200, ''), recorded: recorded.filter((r) => r.fresh), deflection: accepted?.deflection ?? null, handoff };
}
