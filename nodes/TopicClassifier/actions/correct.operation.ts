import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Store } from '../../shared/store';
import { recordCorrection, setConversationTopic } from '../../shared/topics';

const show = { operation: ['addCorrection'] };

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
		displayOptions: { show },
	},
	{
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'number',
		default: '={{ $json.conversation.id }}',
		displayOptions: { show: { ...show, correctionTarget: ['conversation'] } },
	},
	{
		displayName: 'Text',
		name: 'correctionText',
		type: 'string',
		default: '={{ $json.message.text }}',
		displayOptions: { show: { ...show, correctionTarget: ['text'] } },
	},
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
export async function execute(this: IExecuteFunctions, store: Store, modelName: string, i: number): Promise<IDataObject> {
	const topic = this.getNodeParameter('topic', i) as string;
	if (this.getNodeParameter('correctionTarget', i) === 'text') {
		return { correction: { ...(await recordCorrection(store, modelName, this.getNodeParameter('correctionText', i) as string, topic)) } };
	}
	const conversationId = this.getNodeParameter('conversationId', i) as number;
	const { correction } = await setConversationTopic(store, modelName, conversationId, topic);
	return { correction: correction ? { ...correction } : null, conversation: (await store.conversations.get(conversationId)) as unknown as IDataObject };
}
