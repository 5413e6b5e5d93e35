import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { recordedAuthor, replyToConversation, type Senders } from '../shared/outbox/reply';
import type { Store } from '../shared/store';
import { CONVERSATION_ID, conversationIdOf } from '../node-kit/itemFields';
import { runOperation, type Operation } from '../node-kit/runner';
import { OUTBOUND_EXTRAS } from '../node-kit/outboundFields';
import { CHANNEL_CREDENTIALS, sendersFor } from '../node-kit/senders';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { translationsField } from '../node-kit/translations';
import { draftOf } from './draft';

const FAILED = 1;

/** Answers the item's conversation on its channel; the item leaves by Sent or Failed with the outcome. */
const reply: Operation<{ store: Store; senders: Senders }> = {
	description: [],
	// Several customers' replies in one execution go out side by side; each conversation's in turn.
	inTurnPer: 'conversation',
	async execute({ store, senders }, i) {
		const sentBy = this.getNodeParameter('author', i) as string;
		const author = recordedAuthor(sentBy, () => this.getNodeParameter('operatorId', i) as string, this.getInputData()[i].json);
		const outcome = await replyToConversation(store, senders, conversationIdOf(this, i), draftOf(this, i, author));
		return { output: outcome.status === 'sent' ? 0 : FAILED, json: { reply: outcome as unknown as IDataObject } };
	},
};

export class Reply implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reply to Customer',
		name: 'contactCenterReply',
		icon: { light: 'file:reply.svg', dark: 'file:reply.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["author"] === "bot" ? "as bot" : "as operator"}}',
		description:
			'Answers the customer on the channel the conversation came from (web chat, Telegram, …) and records the message and whether it was delivered',
		defaults: { name: 'Reply to Customer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Failed'],
		credentials: [STORE_CREDENTIAL_REF, ...CHANNEL_CREDENTIALS],
		properties: [
			CONVERSATION_ID.describedAs('The conversation to answer'),
			{
				displayName: 'Begin With the Bot’s Words',
				name: 'withBotWords',
				type: 'boolean',
				default: false,
				description:
					'Whether what the Self-Service Bot prepared for this message (its answer with its buttons, or its hand-off notice) goes first, in the same message',
			},
			{
				displayName: 'Text',
				name: 'text',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				placeholder: '{{ routing.operator.name }} will answer you here shortly.',
				description:
					'Placeholders such as {{ routing.position }} are filled from the incoming item; a text an expression produces is sent as it is. Texts longer than the channel allows are sent in several parts.',
			},
			translationsField(
				{
					displayName: 'Text in Other Languages',
					placeholder: 'Add Language',
					description:
						'Sent instead of Text to customers who write in that language, as the Self-Service Bot or the Topic Classifier found it (ru, uk, fr, …); placeholders work the same',
				},
				4,
			),
			{
				displayName: 'Sent By',
				name: 'author',
				type: 'options',
				options: [
					{ name: 'Bot', value: 'bot' },
					{ name: 'Operator', value: 'operator' },
					{ name: 'System Notice', value: 'system' },
				],
				default: 'bot',
				description: 'Whom the message is recorded as from, in the Operator Desk history and the reports. An operator’s message also marks the conversation answered and stops its SLA timer once it reaches the customer; an item marked automatic (the desk’s rating request) is recorded as a system notice.',
			},
			{
				displayName: 'Operator ID',
				name: 'operatorId',
				type: 'string',
				default: '',
				description: 'The number that identifies the answering operator (not the login); the Operator Desk shows their name on the message',
				displayOptions: { show: { author: ['operator'] } },
			},
			...OUTBOUND_EXTRAS,
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, {
			operations: { '': { '': reply } },
			async open() {
				return { store: await getStore(this), senders: await sendersFor(this) };
			},
			outputs: 2,
			// A reply that could not even be attempted (no text, no such conversation) is a failed reply too.
			failedOutput: FAILED,
		});
	}
}
