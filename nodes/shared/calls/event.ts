import { z } from 'zod';

/** The telephony platforms the Phone Call Trigger reads. */
export const PHONE_PLATFORMS = ['twilio', 'zadarma', 'generic'] as const;
export type PhonePlatform = (typeof PHONE_PLATFORMS)[number];

/**
 * What happened on a call, whatever the platform: one envelope, parsed at the trigger.
 * - `started`, `ivr` (a menu choice), `waiting` (in the phone queue), `answered` (by a person),
 *   `ended`: the call's life;
 * - `missed`: the caller hung up before anyone answered (in the queue or ringing);
 * - `offerAccepted`: the caller took the offer to continue in chat while waiting;
 * - `handoff`: a voice bot gave up or the caller asked for a person, with its transcript.
 */
export const CALL_EVENT_KINDS = ['started', 'ivr', 'waiting', 'answered', 'ended', 'missed', 'offerAccepted', 'handoff'] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];

export const CallEventSchema = z.object({
	platform: z.enum(PHONE_PLATFORMS),
	/** Which of our numbers or PBX accounts took the call. */
	account: z.string().min(1),
	/** The platform's id of the call (Twilio CallSid, Zadarma pbx_call_id). */
	callId: z.string().min(1),
	kind: z.enum(CALL_EVENT_KINDS),
	/** The caller's number as the platform gave it, digits with a leading + where known. */
	from: z.string().min(1),
	to: z.string().optional(),
	at: z.string().datetime(),
	/**
	 * Whether the platform vouches that the caller owns `from` (Twilio's STIR/SHAKEN attestation A,
	 * a PBX that says so): only then may the number join this card with a messenger's.
	 */
	verifiedCaller: z.boolean().default(false),
	/** The key or menu item chosen (`ivr`), or pressed to accept the chat offer. */
	choice: z.string().optional(),
	/** Seconds in the phone queue so far (`waiting`) or in all (`missed`, `ended`). */
	waitedSeconds: z.number().nonnegative().optional(),
	durationSeconds: z.number().nonnegative().optional(),
	/** Who answered (`answered`, `ended`): the operator's extension, login or name. */
	answeredBy: z.string().optional(),
	/** What a voice bot heard and understood (`handoff`). */
	transcript: z.string().max(20_000).optional(),
	intent: z.string().optional(),
	language: z.string().optional(),
});
export type CallEvent = z.infer<typeof CallEventSchema>;

/**
 * The verdict on one call webhook, decided before anything is stored: refuse (forged, malformed),
 * answer a URL check, or accept the events it carries. The answer to the platform may depend on
 * what the store knows (a chat offer accepted), so it is made after the events are recorded.
 */
export type CallVerdict =
	| { kind: 'reject'; status: number; reason: string }
	| { kind: 'handshake'; status: number; body: string; contentType: string }
	| { kind: 'accept'; events: CallEvent[] };
