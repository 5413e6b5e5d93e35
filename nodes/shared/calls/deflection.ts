import type { Channel } from '../envelope';
import { createLinkCode, normalisePhone } from '../customers';
import { identitiesTable } from '../store/identities';
import type { Db } from '../store/types';
import type { CallEvent } from './event';
import { asksForPerson } from './handoff';
import { countOffer, markDeflected, type CallRecord } from './record';
import { dial, enqueue, gather, HANGUP, LEAVE, pause, say, twiml, type TwilioStep } from './twilio';

/*
 * Call deflection: while a caller waits in the phone queue they are offered, every so often, to
 * continue in a chat instead. Accepting sends them a message on a messenger where their number is
 * already a verified identity (WhatsApp, Viber, Telegram: the workflow sends it through Notify
 * Customers), or, where there is none, ends the call with a short link and a code that links the
 * web chat to their card. Nothing here is an SMS: there is no SMS channel to pay for.
 */

export interface DeflectionSettings {
	/** Seconds between offers; 0 turns offers off (the call is only recorded). */
	offerEverySeconds: number;
	/** Whether the first offer comes as soon as the caller joins the queue. */
	offerAtOnce: boolean;
	acceptDigit: string;
	/** A key that always reaches a person (the IVR's way out): generic PBXs get a transfer answer. */
	operatorDigit: string;
	/**
	 * Where a caller asking for a person is put through: Twilio dials it (empty: back into the
	 * queue), a PBX gets it as `transferTo` beside `transfer: true`.
	 */
	transferTo: string;
	voiceLanguage: string;
	/** Messengers tried in order for a caller whose number is verified there. */
	messengers: Channel[];
	webChatUrl: string;
	queueName: string;
	texts: {
		offer: string;
		/** {channel}: where the message went. */
		sent: string;
		/** {url} and {code}: the web chat and the link code, spoken digit by digit. */
		webChat: string;
		stay: string;
	};
}

export const DEFAULT_DEFLECTION_TEXTS: DeflectionSettings['texts'] = {
	offer: 'All our specialists are busy. To continue in a chat instead of waiting, press 1. To keep your place in the queue, just stay on the line.',
	sent: 'We have sent you a message on {channel}. Answer it there and a specialist will continue with you. You can hang up now.',
	webChat: 'Open {url} and type the code {code} to continue in the chat. Again, the code is {code}. Goodbye.',
	stay: 'You keep your place in the queue.',
};

const CHANNEL_NAMES: Partial<Record<Channel, string>> = { whatsapp: 'WhatsApp', viber: 'Viber', telegram: 'Telegram' };

/** Where the chat continues: a messenger identity of the card holding the caller's number as verified. */
export async function messengerFor(db: Db, call: CallRecord, messengers: Channel[]): Promise<Channel | null> {
	const digits = normalisePhone(call.from);
	if (call.customerId === null || !digits || !messengers.length) return null;
	const identities = await identitiesTable(db).ofCustomer(call.customerId);
	const have = new Set(identities.filter((i) => i.verifiedPhone === digits && i.status === 'active').map((i) => i.channel));
	return messengers.find((channel) => have.has(channel)) ?? null;
}

/** What the workflow does when a caller takes the offer: the channel, or the web chat's code. */
export type Deflection = { channel: Channel } | { channel: 'webchat'; code: string; url: string };

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
/** "482913" spoken as "4 8 2 9 1 3", so that a voice reads digits rather than a number. */
const spoken = (code: string) => code.split('').join(' ');

/** The caller took the offer: pick where the chat continues and record it on the call. */
export async function deflect(db: Db, call: CallRecord, settings: DeflectionSettings): Promise<{ deflection: Deflection | null; words: string }> {
	const channel = await messengerFor(db, call, settings.messengers);
	if (channel) {
		await markDeflected(db, call.id, channel);
		return { deflection: { channel }, words: fill(settings.texts.sent, { channel: CHANNEL_NAMES[channel] ?? channel }) };
	}
	if (call.customerId === null || !settings.webChatUrl) return { deflection: null, words: settings.texts.stay };
	const { code } = await createLinkCode(db, call.customerId);
	await markDeflected(db, call.id, 'webchat');
	return {
		deflection: { channel: 'webchat', code, url: settings.webChatUrl },
		words: fill(settings.texts.webChat, { url: settings.webChatUrl, code: spoken(code) }),
	};
}

/** Whether an offer is due at this turn of the wait: one per period, the first at once if asked. */
function offerDue(call: CallRecord, waited: number, settings: DeflectionSettings): boolean {
	if (settings.offerEverySeconds <= 0) return false;
	const due = Math.floor(waited / settings.offerEverySeconds) + (settings.offerAtOnce ? 1 : 0);
	return due > call.offersMade;
}

export interface PhoneAnswer {
	status: number;
	body: string;
	contentType: string;
	deflection: Deflection | null;
}

const TWIML = 'text/xml; charset=utf-8';

/**
 * TwiML for one step of a Twilio call. While waiting, the answer pauses until the next offer and
 * then plays it inside a Gather, so that pressing the key comes back as the `offer` step; when the
 * TwiML runs out Twilio asks the wait URL again, which keeps the offers coming every period.
 */
export async function twilioAnswer(
	db: Db,
	step: TwilioStep,
	params: Record<string, string>,
	call: CallRecord | null,
	settings: DeflectionSettings,
	publicUrl: string,
): Promise<PhoneAnswer> {
	const url = (next: TwilioStep) => `${publicUrl}?step=${next}`;
	const answer = (body: string, deflection: Deflection | null = null): PhoneAnswer => ({ status: 200, body, contentType: TWIML, deflection });
	const voice = (text: string) => say(text, settings.voiceLanguage);
	switch (step) {
		case 'incoming':
			return answer(twiml(enqueue(settings.queueName, url('wait'), url('left'))));
		case 'wait': {
			const waited = Number(params.QueueTime ?? 0) || 0;
			if (!call || settings.offerEverySeconds <= 0) return answer(twiml(pause(30)));
			const offer = gather(url('offer'), voice(settings.texts.offer));
			if (offerDue(call, waited, settings)) {
				await countOffer(db, call.id);
				return answer(twiml(offer));
			}
			const next = (Math.floor(waited / settings.offerEverySeconds) + 1) * settings.offerEverySeconds;
			await countOffer(db, call.id);
			return answer(twiml(pause(next - waited), offer));
		}
		case 'offer': {
			if (!call || params.Digits !== settings.acceptDigit) return answer(twiml(voice(settings.texts.stay)));
			const { deflection, words } = await deflect(db, call, settings);
			return answer(twiml(voice(words), ...(deflection ? [LEAVE] : [])), deflection);
		}
		case 'left':
			// Left the queue because the chat was taken (or hung up): nothing more to play.
			return answer(twiml(...(params.QueueResult === 'bridged' ? [] : [HANGUP])));
		case 'status':
			return answer(twiml());
		case 'handoff':
			// The conversation with the transcript is written before this answer: the operator has it as the call arrives.
			return answer(twiml(settings.transferTo ? dial(settings.transferTo) : enqueue(settings.queueName, url('wait'), url('left'))));
	}
}

/** The answer to a generic PBX's event: JSON instructions it can act on. */
export async function genericAnswer(db: Db, event: CallEvent | undefined, call: CallRecord | null, settings: DeflectionSettings): Promise<PhoneAnswer> {
	const json = (body: object, deflection: Deflection | null = null): PhoneAnswer => ({
		status: 200,
		body: JSON.stringify(body),
		contentType: 'application/json; charset=utf-8',
		deflection,
	});
	if (!event || !call) return json({ ok: true });
	// The way out to a person is never taken away: a voice bot giving up or the operator key transfers.
	if (asksForPerson(event, settings.operatorDigit)) return json({ ok: true, transfer: true, ...(settings.transferTo ? { transferTo: settings.transferTo } : {}) });
	if (event.kind === 'waiting' && offerDue(call, event.waitedSeconds ?? 0, settings)) {
		await countOffer(db, call.id);
		return json({ ok: true, say: settings.texts.offer, language: settings.voiceLanguage, acceptDigit: settings.acceptDigit });
	}
	if (event.kind === 'offerAccepted') {
		const { deflection, words } = await deflect(db, call, settings);
		return json({ ok: true, say: words, language: settings.voiceLanguage, leaveQueue: deflection !== null }, deflection);
	}
	return json({ ok: true });
}
