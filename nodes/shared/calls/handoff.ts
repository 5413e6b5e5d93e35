import { parseInbound, type InboundMessage } from '../envelope';
import { normalisePhone } from '../customers';
import { storeOn, type Conversation, type Db } from '../store';
import { findGroup } from '../routing/repository/directory';
import { latestEntry } from '../routing/views';
import type { DeflectionSettings } from './deflection';
import type { CallEvent } from './event';
import { cardOfCall, type RecordedEvent } from './record';

/*
 * A caller who asks for a person (a voice bot gives up, or the menu key for a person) is routed
 * like a chat: the call becomes a conversation on the `phone` channel of the caller's card, whose
 * first message is what the voice bot heard, so that the Topic Classifier, Prioritizer and Skill
 * Router take it as they take any message and the chosen operator reads it in the desk. It is
 * written before the platform is answered: the transcript is there before the call is put through.
 */

/** Whether the caller asked for a person: a voice bot handing over, or the menu key for a person. */
export const asksForPerson = (event: CallEvent, operatorDigit: string): boolean =>
	event.kind === 'handoff' || (event.kind === 'ivr' && operatorDigit !== '' && event.choice === operatorDigit);

export interface CallHandoff {
	conversation: Conversation;
	/** The call as a customer message: the transcript, or the menu path for a caller who pressed the key. */
	message: InboundMessage;
	storedMessageId: number;
	newConversation: boolean;
}

/** "uk-UA" → "uk": conversations and skill groups name languages by their primary tag. */
const primaryLanguage = (tag: string | undefined) => (tag ? tag.split(/[-_]/)[0].toLowerCase() : undefined);

/** Opens (once per call) the call's conversation on the caller's card with the transcript as its message. */
export async function handOffCall(db: Db, { event, call }: RecordedEvent): Promise<CallHandoff> {
	const customerId = await cardOfCall(db, call);
	const path = call.ivrPath.length ? call.ivrPath.join(' › ') : '';
	const message = parseInbound({
		channel: 'phone',
		account: event.account,
		externalId: `${event.callId}:${event.kind}`,
		conversationKey: event.callId,
		sender: { id: normalisePhone(event.from) || 'anonymous', phone: normalisePhone(event.from) || undefined, language: primaryLanguage(event.language) },
		text: event.transcript?.trim() || `Phone menu: ${path || event.choice}`,
		receivedAt: event.at,
		raw: { call: call.id },
	});
	const logged = await storeOn(db).conversations.logOnCard(message, customerId);
	return { conversation: logged.conversation, message, storedMessageId: logged.message.id, newConversation: logged.conversationCreated };
}

/**
 * Where the call is put through: the line of the skill group its conversation was routed to, else
 * the default line (empty: the platform's own queue). Null while the workflow has not yet routed
 * it and a group's line could still apply: the platform asks again a moment later.
 */
export async function transferLine(db: Db, event: Pick<CallEvent, 'account' | 'callId'>, settings: DeflectionSettings): Promise<string | null> {
	if (!Object.keys(settings.transferByGroup).length) return settings.transferTo;
	const conversation = await storeOn(db).conversations.findOpen('phone', event.account, event.callId);
	const entry = conversation && (await latestEntry(db, conversation.id));
	if (!entry) return null;
	const group = await findGroup(db, entry.groupId);
	return (group && settings.transferByGroup[group.name.toLowerCase()]) || settings.transferTo;
}
