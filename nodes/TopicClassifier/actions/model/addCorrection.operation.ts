import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CONVERSATION_ID, conversationIdOf, itemField } from '../../../node-kit/itemFields';
import type { Emitted } from '../../../node-kit/runner';
import { recordCorrection, setConversationTopic } from '../../../shared/topics';
import type { TopicModel } from '../../helpers/model';

const show = { operation: ['addCorrection'] };

const CORRECTION_TEXT = itemField({ displayName: 'Text', name: 'correctionText', fromItem: ['message.text'] });

export const description: INodeProperties[] = [
	{
		displayName: 'Correct',
		name: 'correctionTarget',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'A Conversation’s Topic',
				value: 'conversation',
				description: 'Set the conversation’s topic; the customer’s first message in it is learned under that topic',
			},
			{ name: 'A Text', value: 'text', description: 'Learn one text under a topic' },
		],
		default: 'conversation',
		description: 'What the correction is about; the next classification learns from it',
		displayOptions: { show },
	},
	{ ...CONVERSATION_ID.property, displayOptions: { show: { ...show, correctionTarget: ['conversation'] } } },
	{ ...CORRECTION_TEXT.property, displayOptions: { show: { ...show, correctionTarget: ['text'] } } },
	{
		displayName: 'Topic',
		name: 'topic',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'refund',
		description: 'The right topic, as the training examples spell it (a new one starts a new topic)',
		displayOptions: { show },
	},
];

/** Records one item's correction; the next classification retrains with it. */
export async function execute(this: IExecuteFunctions, { store, name }: TopicModel, i: number): Promise<Emitted> {
	const topic = this.getNodeParameter('topic', i) as string;
	if (this.getNodeParameter('correctionTarget', i) === 'text') {
		return { json: { correction: { ...(await recordCorrection(store, name, String(CORRECTION_TEXT.read(this, i) ?? ''), topic)) } } };
	}
	const conversationId = conversationIdOf(this, i);
	const { correction } = await setConversationTopic(store, name, conversationId, topic);
	return {
		json: { correction: correction ? { ...correction } : null, conversation: (await store.conversations.get(conversationId)) as unknown as IDataObject },
	};
}
