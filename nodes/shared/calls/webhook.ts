import type { WebhookRequest } from '../channels/types';
import type { Db } from '../store/types';
import { genericQuickAnswer, genericStoreAnswer, genericTransfer, twilioQuickAnswer, twilioStoreAnswer, type QuickAnswer } from './answers';
import { deflect, type Deflection, type DeflectionSettings, type PhoneAnswer } from './deflection';
import type { CallEvent, CallVerdict, PhonePlatform } from './event';
import { handleGenericCall } from './generic';
import { asksForPerson, handOffCall, type CallHandoff } from './handoff';
import { LiveCalls, liveCalls } from './live';
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
	/** What the platform got back, on the caller's path: nothing slow may come before it. */
	answer: Pick<PhoneAnswer, 'status' | 'body' | 'contentType'>;
	/** Events recorded for the first time, for the workflow; a redelivery's are not fresh. */
	recorded: RecordedEvent[];
	deflection: Deflection | null;
	/** The caller asked for a person: the call's conversation, for the workflow to route. */
	handoff: CallHandoff | null;
}

const plain = (status: number, body: string) => ({ status, body, contentType: 'text/plain; charset=utf-8' });

/**
 * The call's key in this process's memory, and the offers it has had: none for a call just
 * starting; for a turn of the wait of a call this process has not seen (it was restarted, or
 * another process took the call's start), the store's count.
 */
async function offersSoFar(db: Db, call: Pick<CallEvent, 'platform' | 'account' | 'callId'>, turn: 'start' | 'wait' | 'other'): Promise<{ key: string | null; offersMade: number }> {
	const key = LiveCalls.key(call);
	const known = turn === 'start' ? 0 : liveCalls.offersMade(key);
	if (known !== undefined) return { key, offersMade: known };
	// Not remembered from a step that counts no offer: the next turn of the wait reads the store.
	if (turn === 'other') return { key: null, offersMade: 0 };
	return { key, offersMade: (await findCall(db, call.platform, call.account, call.callId))?.offersMade ?? 0 };
}

/** Events after which the caller waits no more: the call's memory is let go. */
const OVER: ReadonlySet<string> = new Set(['ended', 'missed', 'offerAccepted']);

/**
 * One call webhook: judged before anything is stored (a forged call gets 403 and stores nothing),
 * answered through `answered` as soon as the answer is known (for most steps before anything is
 * stored), its events then recorded once on the caller's card.
 */
export async function handleCallWebhook(
	db: Db,
	req: WebhookRequest,
	options: CallWebhookOptions,
	answered: (answer: CallWebhookOutcome['answer']) => void = () => undefined,
): Promise<CallWebhookOutcome> {
	const { platform, secret, account, publicUrl, settings, now } = options;
	let verdict: CallVerdict;
	let twilio: TwilioCall | undefined;
	if (platform === 'twilio') ({ verdict, call: twilio } = handleTwilioCall(req, { authToken: secret, publicUrl, account, acceptDigit: settings.acceptDigit, now }));
	else if (platform === 'zadarma') verdict = handleZadarmaCall(req, { secret, account, acceptDigit: settings.acceptDigit, now });
	else verdict = handleGenericCall(req, { secret, account, now });

	const done = (answer: CallWebhookOutcome['answer'], rest: Omit<CallWebhookOutcome, 'answer'> = { recorded: [], deflection: null, handoff: null }) => {
		answered(answer);
		return { answer, ...rest };
	};
	if (verdict.kind === 'reject') return done(plain(verdict.status, verdict.reason));
	if (verdict.kind === 'handshake') return done(verdict);

	const first = verdict.events[0];
	// A PBX asking again where to put a caller through: the event was recorded when first posted.
	if (platform === 'generic' && req.query.step === 'transfer' && first) return done(await genericTransfer(db, first, settings));
	let quick: QuickAnswer | null = null;
	let key: string | null = null;
	if (platform === 'twilio' && twilio) {
		const call = { platform, account: twilio.account, callId: twilio.params.CallSid };
		const so = await offersSoFar(db, call, twilio.step === 'incoming' ? 'start' : twilio.step === 'wait' ? 'wait' : 'other');
		key = so.key;
		quick = twilioQuickAnswer(twilio, so.offersMade, settings, publicUrl);
	} else if (platform === 'generic' && first) {
		const so = await offersSoFar(db, first, first.kind === 'started' ? 'start' : first.kind === 'waiting' ? 'wait' : 'other');
		key = so.key;
		quick = genericQuickAnswer(first, so.offersMade, settings);
	} else quick = { answer: { ...plain(200, ''), deflection: null }, offersMade: 0 };
	if (quick) {
		answered(quick.answer);
		if (key) liveCalls.setOffers(key, quick.offersMade);
	}

	const recorded: RecordedEvent[] = [];
	for (const event of verdict.events) recorded.push(await recordCallEvent(db, event, key ? quick?.offersMade : undefined));
	if (verdict.events.some((event) => OVER.has(event.kind))) liveCalls.forget(LiveCalls.key(verdict.events[0]));
	const fresh = recorded.filter((r) => r.fresh);
	const asked = fresh.find((r) => asksForPerson(r.event, settings.operatorDigit));
	const handoff = asked ? await handOffCall(db, asked) : null;
	const last = recorded.at(-1);

	if (platform === 'zadarma') {
		// Zadarma plays its own scenario, so nothing can be read out: an accepted offer continues on a
		// messenger where the number is verified, or not at all.
		const accepted = last?.fresh && last.event.kind === 'offerAccepted' ? await deflect(db, last.call, { ...settings, webChatUrl: '' }) : null;
		return { answer: quick!.answer, recorded: fresh, deflection: accepted?.deflection ?? null, handoff };
	}
	if (quick) return { answer: quick.answer, recorded: fresh, deflection: null, handoff };
	const answer = twilio ? await twilioStoreAnswer(db, twilio, last, settings, publicUrl) : await genericStoreAnswer(db, last!, settings);
	return done(answer, { recorded: fresh, deflection: answer.deflection, handoff });
}
