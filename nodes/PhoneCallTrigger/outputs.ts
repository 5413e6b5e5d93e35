import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { CHANNELS, type Channel } from '../shared/envelope';
import { asksForPerson, DEFAULT_DEFLECTION_TEXTS, type CallEventKind, type CallWebhookOutcome, type DeflectionSettings } from '../shared/calls';

/*
 * What the trigger reads from its parameters and what it emits, apart from n8n's webhook plumbing:
 * the engine test runs a template from exactly these outputs, as n8n runs a webhook's workflow.
 */

/** The outputs events leave by; every other kind the workflow asked for leaves by the last. */
const OUTPUT_OF: Partial<Record<CallEventKind, number>> = { offerAccepted: 0, missed: 1, handoff: 2 };
const OTHER = 3;
const PERSON = OUTPUT_OF.handoff!;

/** The caller's side of the node's parameters; `param` answers with the fallback for one not set. */
export function deflectionSettings(param: (name: string, fallback: unknown) => unknown): DeflectionSettings {
	const texts = param('texts', {}) as Partial<DeflectionSettings['texts']>;
	return {
		offerEverySeconds: Number(param('offerEverySeconds', 60)),
		offerAtOnce: Boolean(param('offerAtOnce', false)),
		acceptDigit: String(param('acceptDigit', '1')).trim(),
		operatorDigit: String(param('operatorDigit', '0')).trim(),
		transferTo: String(param('transferTo', '')).trim(),
		transferByGroup: Object.fromEntries(
			((param('transferByGroup', {}) as { lines?: Array<{ group?: string; to?: string }> }).lines ?? [])
				.map(({ group, to }) => [String(group ?? '').trim().toLowerCase(), String(to ?? '').trim()])
				.filter(([group, to]) => group && to),
		),
		voiceLanguage: String(param('voiceLanguage', 'en-US')),
		messengers: String(param('messengers', ''))
			.split(/[\s,]+/)
			.filter((name): name is Channel => name !== 'phone' && (CHANNELS as readonly string[]).includes(name)),
		webChatUrl: String(param('webChatUrl', '')).trim(),
		queueName: String(param('queueName', 'support')),
		texts: { ...DEFAULT_DEFLECTION_TEXTS, ...Object.fromEntries(Object.entries(texts).filter(([, text]) => String(text).trim())) },
	};
}

/**
 * The items of one call webhook by output. A caller asking for a person (a voice bot's hand-off,
 * the menu key for a person) leaves by Person Asked For with the call's conversation, ready for
 * the Topic Classifier, Prioritizer and Skill Router.
 */
export function callOutputs(outcome: CallWebhookOutcome, wanted: ReadonlySet<string>, operatorDigit: string): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = [[], [], [], []];
	for (const { event, call } of outcome.recorded) {
		const person = wanted.has('handoff') && asksForPerson(event, operatorDigit);
		if (!person && !wanted.has(event.kind)) continue;
		const deflection = event.kind === 'offerAccepted' ? outcome.deflection : null;
		const handoff = person ? outcome.handoff : null;
		const json = {
			call: event,
			callRecord: call,
			customerId: handoff?.conversation.customerId ?? call.customerId,
			...(deflection ? { deflection } : {}),
			...(handoff
				? { conversation: handoff.conversation, message: handoff.message, storedMessageId: handoff.storedMessageId, newConversation: handoff.newConversation }
				: {}),
		} as unknown as IDataObject;
		outputs[person ? PERSON : (OUTPUT_OF[event.kind] ?? OTHER)].push({ json });
	}
	return outputs;
}
