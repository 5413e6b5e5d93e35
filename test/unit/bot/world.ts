import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { botTurn, DEFAULT_SETTINGS, loadKnowledge, prepareDecider, readMenuFile, type BotSettings, type KbSource } from '../../../nodes/shared/bot';
import type { LabelledExample } from '../../../nodes/shared/classifier';
import { readExamplesFile } from '../../../nodes/shared/topics';
import type { Channel } from '../../../nodes/shared/envelope';
import type { Store } from '../../../nodes/shared/store';
import { inbound } from '../customers/backends';

export const SAMPLE_KB = join(__dirname, '../../../workflows/data/knowledge-base.csv');
export const SAMPLE_MENU = readMenuFile(join(__dirname, '../../../workflows/data/menu.json'));
/** The topics customers write about, as the shipped Topic Classifier learns them. */
export const SAMPLE_TOPICS = readExamplesFile(join(__dirname, '../../../workflows/data/topics.csv'), { text: 'text', label: 'label' });

/**
 * One customer talking to the bot on a channel: each message is logged as the Conversation node
 * does, then given to the bot with the `newConversation` flag that logging produced.
 */
export function customer(
	store: Store,
	channel: Channel,
	options: { kb?: KbSource; topics?: LabelledExample[]; settings?: Partial<BotSettings>; withMenu?: boolean } = {},
) {
	const account = `acc-${randomUUID()}`;
	const sender = { id: `cust-${randomUUID()}` };
	let conversationId = 0;
	return {
		get conversationId() {
			return conversationId;
		},
		async writes(text: string, payload?: string) {
			const message = { ...inbound(channel, account, sender, text), ...(payload ? { action: { payload } } : {}) };
			const logged = await store.conversations.logInbound(message);
			conversationId = logged.conversation.id;
			const knowledge = await loadKnowledge(store.db, options.kb ?? { kind: 'file', path: SAMPLE_KB });
			const decider = await prepareDecider(store, 'bot', knowledge, options.topics ?? SAMPLE_TOPICS);
			return botTurn(
				store,
				{ knowledge, decider, menu: options.withMenu === false ? null : SAMPLE_MENU, settings: { ...DEFAULT_SETTINGS, ...options.settings } },
				{ conversationId, channel, text, payload, newConversation: logged.conversationCreated, languageHint: logged.conversation.language },
			);
		},
		presses(payload: string) {
			return this.writes('', payload);
		},
	};
}
