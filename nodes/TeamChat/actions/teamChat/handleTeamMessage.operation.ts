import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { topicMessageOf } from '../../../shared/channels/telegram';
import type { Store } from '../../../shared/store';
import type { Emitted } from '../../../node-kit/runner';
import { OUTPUT } from './teamGroup';
import { handleTeamMessage, type TeamOutcome } from '../../../shared/teamChat';
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
/** A reply leaves by “Reply to Customer”, everything else by “Done”. */
export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted> {
	const message = this.getNodeParameter('message', i) as { raw?: unknown } | string;
	const raw = (typeof message === 'string' ? (JSON.parse(message) as { raw?: unknown }) : message)?.raw;
	const topicMessage = topicMessageOf(raw);
	const outcome: TeamOutcome = topicMessage
		? await handleTeamMessage(store, await teamGroupOf(this, i), topicMessage)
		: { action: 'ignored', reason: 'not a new message in a forum topic' };
	if (outcome.action === 'reply') return { output: OUTPUT.reply, json: { ...outcome.reply, teamChat: { action: 'reply', conversationId: outcome.conversationId } } };
	return { output: OUTPUT.done, json: { teamChat: outcome } };
}
