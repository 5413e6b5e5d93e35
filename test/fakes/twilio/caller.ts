/**
 * Twilio Voice as our webhook sees it, for one caller: it posts the form-encoded callbacks Twilio
 * posts, signed with X-Twilio-Signature as Twilio signs them, and plays the TwiML it gets back the
 * way Twilio runs a queue's wait URL — on a clock of its own, so that minutes in the queue take
 * milliseconds. It records what the caller heard and when.
 */
import { randomBytes } from 'node:crypto';

import { twilioSignature } from '../../../nodes/shared/calls';

export interface CallPlan {
	from: string;
	/** Keys pressed in the number's own menu (a Gather posting to `?step=menu`) before the queue; the trigger takes the call when absent. */
	menu?: string[];
	/** Press the accept key when the n-th offer is heard (1-based); never when absent. */
	acceptOffer?: number;
	/** Hang up after this many seconds in the queue if nobody answered and nothing was accepted. */
	hangUpAfter: number;
	/** STIR/SHAKEN attestation Twilio would pass on. */
	stirVerstat?: string;
}

export interface CallTranscript {
	callSid: string;
	/** Seconds in the queue at which an offer was heard. */
	offersHeardAt: number[];
	/** Everything said to the caller, in order. */
	heard: string[];
	/** How the wait ended: left the queue after accepting, or hung up. */
	ended: 'left' | 'hung up';
	/** HTTP statuses of every callback, in order. */
	statuses: number[];
}

/** Seconds Twilio takes to say a text: about 15 characters a second. */
const sayingTime = (text: string) => Math.ceil(text.length / 15);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * Seconds a caller spends hearing a wait TwiML to its end when pressing nothing: its pauses, its
 * texts said, and each Gather's wait for a key. Twilio asks the wait URL again only then.
 */
export function playingSeconds(twiml: string): number {
	const paused = [...twiml.matchAll(/<Pause length="(\d+)"\/>/g)].reduce((sum, [, length]) => sum + Number(length), 0);
	const said = [...twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].reduce((sum, [, text]) => sum + sayingTime(unescape(text)), 0);
	const keyWaits = [...twiml.matchAll(/<Gather [^>]*timeout="(\d+)"/g)].reduce((sum, [, timeout]) => sum + Number(timeout), 0);
	return paused + said + keyWaits;
}

export class FakeTwilio {
	readonly accountSid = `AC${randomBytes(16).toString('hex')}`;
	authToken = randomBytes(16).toString('hex');
	readonly number = '+18005551212';

	constructor(readonly webhookUrl: string) {}

	/** One signed callback; `token` forges it when given. */
	async post(url: string, params: Record<string, string>, token = this.authToken): Promise<{ status: number; twiml: string }> {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(token, url, params) },
			body: new URLSearchParams(params).toString(),
		});
		return { status: response.status, twiml: await response.text() };
	}

	/** A call from `plan.from` through the queue: the incoming call, the wait, and how it ends. */
	async call(plan: CallPlan): Promise<CallTranscript> {
		const callSid = `CA${randomBytes(16).toString('hex')}`;
		const base = { AccountSid: this.accountSid, CallSid: callSid, From: plan.from, Caller: plan.from, To: this.number, Called: this.number, Direction: 'inbound', ...(plan.stirVerstat ? { StirVerstat: plan.stirVerstat } : {}) };
		const transcript: CallTranscript = { callSid, offersHeardAt: [], heard: [], ended: 'hung up', statuses: [] };
		const send = async (url: string, params: Record<string, string>) => {
			const answer = await this.post(url, { ...base, ...params });
			transcript.statuses.push(answer.status);
			return answer.twiml;
		};
		let incoming = '';
		if (plan.menu?.length) for (const key of plan.menu) incoming = await send(`${this.webhookUrl}?step=menu`, { CallStatus: 'in-progress', Digits: key });
		else incoming = await send(this.webhookUrl, { CallStatus: 'ringing' });
		const enqueue = /<Enqueue waitUrl="([^"]+)" action="([^"]+)">/.exec(incoming);
		if (!enqueue) throw new Error(`the incoming call was not put in a queue: ${incoming}`);
		const [waitUrl, leftUrl] = [unescape(enqueue[1]), unescape(enqueue[2])];

		let clock = 0;
		let accepted = false;
		while (clock < plan.hangUpAfter && !accepted) {
			const twiml = await send(waitUrl, { QueueTime: String(clock), QueueSid: 'QU1', CurrentQueueSize: '3', QueuePosition: '3', AvgQueueTime: '200' });
			const pause = /<Pause length="(\d+)"\/>/.exec(twiml);
			if (pause) clock += Number(pause[1]);
			if (clock >= plan.hangUpAfter) break;
			const gather = /<Gather numDigits="1" timeout="(\d+)" action="([^"]+)"><Say[^>]*>([^<]*)<\/Say><\/Gather>/.exec(twiml);
			if (!gather) continue;
			transcript.offersHeardAt.push(clock);
			transcript.heard.push(unescape(gather[3]));
			clock += sayingTime(gather[3]);
			if (plan.acceptOffer === transcript.offersHeardAt.length) {
				const reply = await send(unescape(gather[2]), { Digits: '1', QueueTime: String(clock) });
				for (const said of reply.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)) transcript.heard.push(unescape(said[1]));
				accepted = reply.includes('<Leave/>');
			} else clock += Number(gather[1]);
		}
		const result = accepted ? 'leave' : 'hangup';
		await send(leftUrl, { QueueResult: result, QueueTime: String(Math.min(clock, plan.hangUpAfter)), QueueSid: 'QU1' });
		await send(`${this.webhookUrl}?step=status`, { CallStatus: accepted ? 'completed' : 'canceled', CallDuration: String(Math.round(clock)) });
		transcript.ended = accepted ? 'left' : 'hung up';
		return transcript;
	}
}
