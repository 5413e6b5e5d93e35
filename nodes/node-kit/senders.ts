import type { IExecuteFunctions, INodeCredentialDescription } from 'n8n-workflow';

import { readCredentials } from './credentials';
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

/**
 * A sender for every channel whose credential is set on the node, plus web chat. A credential is
 * read (a database read and a decryption in n8n) only when a reply goes out on its channel: one
 * reply needs one channel, not all seven.
 */
export async function sendersFor(ctx: IExecuteFunctions): Promise<Senders> {
	const senders: Senders = { webchat: async () => ({ ok: true, externalIds: [] }) };
	const configured = ctx.getNode().credentials ?? {};
	for (const { channel, credential, sender } of CHANNELS) {
		if (!configured[credential]) continue; // replies on that channel fail with a clear reason
		let credentials: Promise<object | null> | undefined;
		senders[channel] = async (message, context) => {
			// A credential named on the node may have been deleted from n8n since.
			credentials ??= readCredentials(ctx, credential).catch(() => null);
			const data = await credentials;
			if (!data) return { ok: false, permanent: true, code: 'no_credentials', reason: `the ${channel} credential set on this node cannot be read` };
			return sender.send(data, message, context);
		};
	}
	return senders;
}
