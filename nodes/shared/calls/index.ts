export { CallEventSchema, CALL_EVENT_KINDS, PHONE_PLATFORMS, type CallEvent, type CallEventKind, type CallVerdict, type PhonePlatform } from './event';
export { handleTwilioCall, twilioSignature, type TwilioCall, type TwilioStep } from './twilio';
export { handleZadarmaCall, zadarmaSignature } from './zadarma';
export { handleGenericCall, genericSignature } from './generic';
export { callsOf, recordCallEvent, type CallRecord, type RecordedEvent } from './record';
export { DEFAULT_DEFLECTION_TEXTS, deflect, genericAnswer, messengerFor, twilioAnswer, type Deflection, type DeflectionSettings, type PhoneAnswer } from './deflection';
export { asksForPerson, handOffCall, type CallHandoff } from './handoff';
export { handleCallWebhook, type CallWebhookOptions, type CallWebhookOutcome } from './webhook';
