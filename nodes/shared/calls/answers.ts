import type { Db } from '../store/types';
import { deflect, offerDueNow, waitTurn, type Deflection, type DeflectionSettings, type PhoneAnswer } from './deflection';
import type { CallEvent } from './event';
import { asksForPerson, transferLine } from './handoff';
import type { RecordedEvent } from './record';
import { dial, enqueue, gather, HANGUP, LEAVE, pause, redirect, say, twiml, type TwilioCall } from './twilio';

/*
 * What each platform is told, step by step. Most answers come from the request and the offers
 * this process counted (`quick`): they go out before anything is stored, so that a waiting caller
 * never waits behind the store's writes. The few that depend on the store (a chat offer taken, a
 * caller asking for a person) are made once the event is recorded.
 */

/** Seconds Twilio keeps asking whether the workflow has routed the call before the default line is dialled. */
export const TRANSFER_TRIES = 10;

const TWIML = 'text/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const twimlAnswer = (body: string, deflection: Deflection | null = null): PhoneAnswer => ({ status: 200, body, contentType: TWIML, deflection });
const jsonAnswer = (body: object, deflection: Deflection | null = null): PhoneAnswer => ({ status: 200, body: JSON.stringify(body), contentType: JSON_TYPE, deflection });

export interface QuickAnswer {
	answer: PhoneAnswer;
	/** The offers the call has had once this answer is played. */
	offersMade: number;
}

/**
 * A Twilio step answered without the store, or null for one that needs it. While waiting, the
 * answer pauses until the next offer and then plays it inside a Gather, so that pressing the key
 * comes back as the `offer` step; when the TwiML runs out Twilio asks the wait URL again, which
 * keeps the offers coming every period.
 */
export function twilioQuickAnswer(call: TwilioCall, offersMade: number, settings: DeflectionSettings, publicUrl: string): QuickAnswer | null {
	const { step, params } = call;
	const url = (next: string) => `${publicUrl}?step=${next}`;
	const voice = (text: string) => say(text, settings.voiceLanguage);
	const quick = (body: string, made = offersMade): QuickAnswer => ({ answer: twimlAnswer(body), offersMade: made });
	switch (step) {
		case 'incoming':
			return quick(twiml(enqueue(settings.queueName, url('wait'), url('left'))));
		case 'menu':
			// The key for a person opens the call's conversation first; any other goes on to the queue.
			return params.Digits === settings.operatorDigit ? null : quick(twiml(enqueue(settings.queueName, url('wait'), url('left'))));
		case 'wait': {
			const turn = waitTurn(Number(params.QueueTime ?? 0) || 0, offersMade, settings);
			if (!turn) return quick(twiml(pause(30)));
			const offer = gather(url('offer'), voice(settings.texts.offer));
			return quick(twiml(...(turn.pauseSeconds ? [pause(turn.pauseSeconds)] : []), offer), offersMade + 1);
		}
		case 'offer':
			return params.Digits === settings.acceptDigit ? null : quick(twiml(voice(settings.texts.stay)));
		case 'left':
			// Left the queue because the chat was taken (or hung up): nothing more to play.
			return quick(twiml(...(params.QueueResult === 'bridged' ? [] : [HANGUP])));
		case 'status':
			return quick(twiml());
		case 'handoff':
		case 'transfer':
			return null;
	}
}

/** A Twilio step that depends on the store, once its event is recorded: a chat offer taken, or a caller put through to a person. */
export async function twilioStoreAnswer(db: Db, call: TwilioCall, recorded: RecordedEvent | undefined, settings: DeflectionSettings, publicUrl: string): Promise<PhoneAnswer> {
	const { step, params } = call;
	const url = (next: string) => `${publicUrl}?step=${next}`;
	if (step === 'offer') {
		// A redelivered key press must not send the customer a second message.
		if (!recorded?.fresh) return twimlAnswer(twiml());
		const { deflection, words } = await deflect(db, recorded.call, settings);
		return twimlAnswer(twiml(say(words, settings.voiceLanguage), ...(deflection ? [LEAVE] : [])), deflection);
	}
	// A person asked for (menu key, voice bot): the conversation with the transcript is written before
	// this answer, and the call goes to the line of the group the workflow routes it to.
	const tries = step === 'transfer' ? Math.max(1, call.tries) : 0;
	const line = await transferLine(db, { account: call.account, callId: params.CallSid }, settings);
	if (line === null && tries < TRANSFER_TRIES) return twimlAnswer(twiml(...(tries ? [pause(1)] : []), redirect(`${url('transfer')}&try=${tries + 1}`)));
	const to = line ?? settings.transferTo;
	return twimlAnswer(twiml(to ? dial(to) : enqueue(settings.queueName, url('wait'), url('left'))));
}

/** A generic PBX's event answered without the store, or null for one that needs it. */
export function genericQuickAnswer(event: CallEvent, offersMade: number, settings: DeflectionSettings): QuickAnswer | null {
	if (event.kind === 'offerAccepted' || asksForPerson(event, settings.operatorDigit)) return null;
	if (event.kind === 'waiting' && offerDueNow(event.waitedSeconds ?? 0, offersMade, settings)) {
		return { answer: jsonAnswer({ ok: true, say: settings.texts.offer, language: settings.voiceLanguage, acceptDigit: settings.acceptDigit }), offersMade: offersMade + 1 };
	}
	return { answer: jsonAnswer({ ok: true }), offersMade };
}

/**
 * Where a generic PBX puts through a caller asking for a person: the routed group's line once the
 * workflow has routed the call; until then the PBX is asked to post the same event again, a
 * second later, to the trigger's URL with `?step=transfer` (which records nothing).
 */
export async function genericTransfer(db: Db, event: CallEvent, settings: DeflectionSettings): Promise<PhoneAnswer> {
	const line = await transferLine(db, event, settings);
	return jsonAnswer({ ok: true, transfer: true, ...(line === null ? { askAgainInSeconds: 1 } : line ? { transferTo: line } : {}) });
}

/** A generic PBX's event that depends on the store: the way out to a person is never taken away; an accepted offer is taken once. */
export async function genericStoreAnswer(db: Db, { event, call, fresh }: RecordedEvent, settings: DeflectionSettings): Promise<PhoneAnswer> {
	if (asksForPerson(event, settings.operatorDigit)) return genericTransfer(db, event, settings);
	if (!fresh) return jsonAnswer({ ok: true });
	const { deflection, words } = await deflect(db, call, settings);
	return jsonAnswer({ ok: true, say: words, language: settings.voiceLanguage, leaveQueue: deflection !== null }, deflection);
}
