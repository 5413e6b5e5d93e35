import type { Channel } from '../envelope';
import { createLinkCode, normalisePhone } from '../customers';
import { identitiesTable } from '../store/identities';
import type { Db } from '../store/types';
import { markDeflected, type CallRecord } from './record';

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
	 * Where a caller asking for a person is put through when their skill group has no line of its
	 * own: Twilio dials it (empty: back into the queue), a PBX gets it as `transferTo` beside
	 * `transfer: true`.
	 */
	transferTo: string;
	/** Skill group name (lower case) → its number or SIP address: the line of the group the call was routed to. */
	transferByGroup: Record<string, string>;
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

/**
 * A turn of the wait, from the offers the call has had so far: one per period, the first at once
 * if asked. An offer due now is played now; else the turn pauses until the next one falls due and
 * plays it then. Either way the turn's offer counts. Null when offers are off.
 */
export function waitTurn(waited: number, offersMade: number, settings: DeflectionSettings): { pauseSeconds: number } | null {
	if (settings.offerEverySeconds <= 0) return null;
	const due = Math.floor(waited / settings.offerEverySeconds) + (settings.offerAtOnce ? 1 : 0);
	if (due > offersMade) return { pauseSeconds: 0 };
	return { pauseSeconds: (Math.floor(waited / settings.offerEverySeconds) + 1) * settings.offerEverySeconds - waited };
}

/** Whether a PBX reporting `waited` seconds should play the offer now (a PBX plays what it is told at once). */
export function offerDueNow(waited: number, offersMade: number, settings: DeflectionSettings): boolean {
	return waitTurn(waited, offersMade, settings)?.pauseSeconds === 0;
}

export interface PhoneAnswer {
	status: number;
	body: string;
	contentType: string;
	deflection: Deflection | null;
}
