import type { IExecuteFunctions, INodeCredentialDescription } from 'n8n-workflow';

import type { Channel } from '../shared/envelope';
import type { ChannelSender } from '../shared/channels/types';
import type { Senders } from '../shared/outbox/reply';
import { emailSender } from '../shared/channels/email/outbound';
import { instagramSender } from '../shared/channels/instagram';
import { messengerSender } from '../shared/channels/messenger';
import { telegramSender } from '../shared/channels/telegram/outbound';
import { viberSender } from '../shared/channels/viber/outbound';
import { vkSender } from '../shared/channels/vk/outbound';
import { whatsAppSender } from '../shared/channels/whatsapp';

/** Each messenger channel, the credential that reaches it, and its sender. Web chat needs none: the store is its transport. */
const CHANNELS: Array<{ channel: Channel; credential: string; sender: ChannelSender<any> }> = [
	{ channel: 'telegram', credential: 'contactCenterTelegramApi', sender: telegramSender },
	{ channel: 'whatsapp', credential: 'contactCenterWhatsAppApi', sender: whatsAppSender },
	{ channel: 'messenger', credential: 'contactCenterMessengerApi', sender: messengerSender },
	{ channel: 'instagram', credential: 'contactCenterInstagramApi', sender: instagramSender },
	{ channel: 'viber', credential: 'contactCenterViberApi', sender: viberSender },
	{ channel: 'vk', credential: 'contactCenterVkApi', sender: vkSender },
	{ channel: 'email', credential: 'contactCenterEmailApi', sender: emailSender },
];

/** The credentials a node that sends on any channel offers; ops staff fill the ones they use. */
export const CHANNEL_CREDENTIALS: INodeCredentialDescription[] = CHANNELS.map(({ credential }) => ({
	name: credential,
	required: false,
}));

/** A sender for every channel whose credential is set on the node, plus web chat. */
export async function sendersFor(ctx: IExecuteFunctions): Promise<Senders> {
	const senders: Senders = { webchat: async () => ({ ok: true, externalIds: [] }) };
	for (const { channel, credential, sender } of CHANNELS) {
		let credentials: object;
		try {
			credentials = await ctx.getCredentials(credential);
		} catch {
			continue; // not set on this node: replies on that channel fail with a clear reason
		}
		senders[channel] = (message, context) => sender.send(credentials, message, context);
	}
	return senders;
}
