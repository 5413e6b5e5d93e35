import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { topicMessageOf } from '../../shared/channels/telegram';
import type { Store } from '../../shared/store';
import { handleTeamMessage, type TeamOutcome } from '../../shared/teamChat';
import { teamGroupOf } from './teamGroup';

export const description: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'json',
		default: '={{ $json.message }}',
		description: 'The message from the Telegram Channel Trigger on the team bot',
		displayOptions: { show: { operation: ['handleTeamMessage'] } },
	},
];

/**
 * A reply leaves with the desk's reply shape (operator, conversation, text), so the Reply to
 * Customer node after it is set up exactly as in the operator desk template.
 */
export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<{ reply: boolean; json: IDataObject }> {
	const message = this.getNodeParameter('message', i) as { raw?: unknown } | string;
	const raw = (typeof message === 'string' ? (JSON.parse(message) as { raw?: unknown }) : message)?.raw;
	const topicMessage = topicMessageOf(raw);
	const outcome: TeamOutcome = topicMessage
		? await handleTeamMessage(store, await teamGroupOf(this, i), topicMessage)
		: { action: 'ignored', reason: 'not a new message in a forum topic' };
	if (outcome.action === 'reply') return { reply: true, json: { ...outcome.reply, teamChat: { action: 'reply', conversationId: outcome.conversationId } } };
	return { reply: false, json: { teamChat: outcome } };
}
