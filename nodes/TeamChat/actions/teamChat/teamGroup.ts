import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCredentials } from '../../../node-kit/credentials';
import { TelegramClient, type TelegramCredentials } from '../../../shared/channels/telegram';
import type { TeamGroup } from '../../../shared/teamChat';

export const TEAM_BOT_CREDENTIAL = 'contactCenterTelegramApi';

export const teamChatIdField: INodeProperties = {
	displayName: 'Team Group Chat ID',
	name: 'teamChatId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '-1001234567890',
	description:
		'The forum supergroup (topics enabled) where operators work. The team bot must be an administrator there with the right to manage topics.',
	displayOptions: { show: { operation: ['postToTeamTopic', 'handleTeamMessage'] } },
};

/** The team group reached through this node's Telegram credential, which is the team bot's. */
export async function teamGroupOf(ctx: IExecuteFunctions, i: number): Promise<TeamGroup> {
	const credentials = (await readCredentials(ctx, TEAM_BOT_CREDENTIAL)) as unknown as TelegramCredentials;
	return {
		client: new TelegramClient(credentials.accessToken, credentials.baseUrl),
		chatId: String(ctx.getNodeParameter('teamChatId', i)).trim(),
	};
}

/** Done: every item that needs nothing more; Reply to Customer: an operator's text for a Reply to Customer node. */
export const OUTPUT = { done: 0, reply: 1 } as const;
