import type { TopicMessage } from '../channels/telegram/forum';
import { requireAccess } from '../desk/access';
import { DeskError } from '../desk/errors';
import { addNote } from '../desk/notes';
import { changeTags, closeConversation, prepareReply, transfer, type TransferTarget } from '../desk/operations';
import type { Operator } from '../routing';
import type { Store } from '../store/types';
import { postInTopic, type TeamGroup } from './group';
import { operatorOfTelegramUser } from './operators';
import { markTopicClosed, topicByThread } from './topics';

/** What the desk's reply hands to the Reply node: the operator, the conversation, the text. */
export type ReplyItem = Awaited<ReturnType<typeof prepareReply>>;

export type TeamOutcome =
	/** To send to the customer as the operator, exactly as a reply from the web desk is sent. */
	| { action: 'reply'; conversationId: number; reply: ReplyItem }
	| { action: 'closed' | 'transferred' | 'noted' | 'tagged'; conversationId: number; operatorId: number; detail: string }
	/** Answered in the topic with the reason; nothing reached the customer. */
	| { action: 'refused'; conversationId: number; reason: string }
	/** Not for us: another chat, a bot, a topic no conversation owns. */
	| { action: 'ignored'; reason: string };

const HELP = 'Write plain text to answer the customer. Commands: /note <text> (internal), /tag <tag>, /transfer <group or line 1-3>, /close';

/**
 * One message an operator wrote in a conversation's topic. Plain text becomes the operator's
 * reply to the customer; commands run the web desk's own operations (same access checks, same
 * routing, same notes), so a conversation handled here reads the same in the records as one
 * handled at the desk. Members not linked to an operator are told so, and nothing is sent.
 */
export async function handleTeamMessage(store: Store, group: TeamGroup, message: TopicMessage): Promise<TeamOutcome> {
	if (message.chatId !== group.chatId) return { action: 'ignored', reason: `chat ${message.chatId} is not the team group` };
	if (message.from.isBot) return { action: 'ignored', reason: 'written by a bot' };
	const topic = await topicByThread(store.db, message.chatId, message.threadId);
	if (!topic) return { action: 'ignored', reason: `topic ${message.threadId} belongs to no conversation` };
	const { conversationId } = topic;
	const answer = (text: string) => postInTopic(group, message.threadId, text);

	const operator = await operatorOfTelegramUser(store.db, message.from.id);
	if (!operator) {
		const reason = `${message.from.name || 'This member'} is not linked to an operator: the message was not sent to the customer.`;
		await answer(reason);
		return { action: 'refused', conversationId, reason };
	}
	try {
		const outcome = await run(store, operator, conversationId, message.text);
		if (outcome.action !== 'reply') {
			await answer(outcome.detail);
			if (outcome.action === 'closed') {
				await markTopicClosed(store.db, conversationId);
				await group.client.closeForumTopic(group.chatId, message.threadId);
			}
		}
		return outcome;
	} catch (error) {
		if (!(error instanceof DeskError)) throw error;
		await answer(`Not done: ${error.message}`);
		return { action: 'refused', conversationId, reason: error.message };
	}
}

async function run(store: Store, operator: Operator, conversationId: number, text: string): Promise<Exclude<TeamOutcome, { action: 'refused' | 'ignored' }>> {
	const command = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
	if (!command) {
		return { action: 'reply', conversationId, reply: await prepareReply(store, operator, { conversationId, text, attachments: [] }) };
	}
	const [, name, rest = ''] = command;
	const arg = rest.trim();
	const done = (action: 'closed' | 'transferred' | 'noted' | 'tagged', detail: string) => ({ action, conversationId, operatorId: operator.id, detail });
	switch (name.toLowerCase()) {
		case 'close':
			await closeConversation(store, operator, conversationId, null);
			return done('closed', `Closed by ${operator.name}.`);
		case 'transfer': {
			const target = transferTarget(arg);
			const outcome = await transfer(store, operator, conversationId, target);
			return done('transferred', `Transferred by ${operator.name} to ${target.group ? `"${target.group}"` : `line ${target.line}`} (now ${outcome.state}).`);
		}
		case 'note':
			if (!arg) throw new DeskError(400, 'Write the note after /note.');
			await requireAccess(store.db, operator, conversationId);
			await addNote(store.db, conversationId, operator.id, 'note', arg);
			return done('noted', 'Note saved; the customer does not see it.');
		case 'tag': {
			if (!arg) throw new DeskError(400, 'Write the tag after /tag.');
			const tags = await changeTags(store, operator, conversationId, arg.split(/[\s,]+/), []);
			return done('tagged', `Tags: ${tags.join(', ')}`);
		}
		default:
			throw new DeskError(400, `/${name} is not a command here. ${HELP}`);
	}
}

/** `/transfer 2` or `/transfer line 2` moves to a line; anything else names a skill group. */
function transferTarget(arg: string): TransferTarget {
	if (!arg) throw new DeskError(400, 'Name a skill group or a line (1-3) after /transfer.');
	const line = /^(?:line\s*)?([123])$/i.exec(arg);
	return line ? { line: Number(line[1]) as 1 | 2 | 3 } : { group: arg };
}
