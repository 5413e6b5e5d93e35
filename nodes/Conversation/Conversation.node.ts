import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { EnvelopeError, parseInbound } from '../shared/envelope';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';

const tagsOf = (value: string) =>
	value
		.split(',')
		.map((t) => t.trim().toLowerCase())
		.filter(Boolean);

export class Conversation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Conversation',
		name: 'contactCenterConversation',
		icon: { light: 'file:conversation.svg', dark: 'file:conversation.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Records customer messages in the contact center: finds or creates the customer by their channel identity, keeps the conversation, tags and closes it',
		defaults: { name: 'Conversation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// STORE_CREDENTIAL_REF spelled out, so that n8n's lint rules can see the store credential is tested.
		credentials: [{ ...STORE_CREDENTIAL_REF, name: 'contactCenterStoreApi', testedBy: 'storeConnection' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Log Incoming Message',
						value: 'logInbound',
						action: 'Log an incoming message',
						description:
							'Identify or create the customer, open or continue their conversation, and store the message (a repeated delivery is stored once)',
					},
					{ name: 'Add Tags', value: 'addTags', action: 'Add tags to a conversation' },
					{ name: 'Remove Tags', value: 'removeTags', action: 'Remove tags from a conversation' },
					{ name: 'Close', value: 'close', action: 'Close a conversation' },
				],
				default: 'logInbound',
			},
			{
				displayName: 'Message',
				name: 'message',
				type: 'json',
				default: '={{ $json.message }}',
				description: 'The message as a channel trigger emits it',
				displayOptions: { show: { operation: ['logInbound'] } },
			},
			{
				displayName: 'Conversation ID',
				name: 'conversationId',
				type: 'number',
				default: '={{ $json.conversation.id }}',
				displayOptions: { show: { operation: ['addTags', 'removeTags', 'close'] } },
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'refund, vip-callback',
				description: 'Comma-separated',
				displayOptions: { show: { operation: ['addTags', 'removeTags'] } },
			},
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const store = await getStore(this);
		const operation = this.getNodeParameter('operation', 0) as string;
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const json = { ...items[i].json };
			if (operation === 'logInbound') {
				let message;
				try {
					const raw = this.getNodeParameter('message', i);
					message = parseInbound(typeof raw === 'string' ? JSON.parse(raw) : raw);
				} catch (error) {
					const reason = error instanceof EnvelopeError || error instanceof SyntaxError ? error : new Error(String(error));
					throw new NodeOperationError(this.getNode(), reason, { itemIndex: i });
				}
				const logged = await store.conversations.logInbound(message);
				Object.assign(json, {
					message,
					customer: logged.customer,
					conversation: logged.conversation,
					storedMessageId: logged.message.id,
					newCustomer: logged.customerCreated,
					newConversation: logged.conversationCreated,
				});
			} else {
				const id = this.getNodeParameter('conversationId', i) as number;
				if (operation === 'close') await store.conversations.close(id);
				else {
					const tags = tagsOf(this.getNodeParameter('tags', i) as string);
					json.tags = operation === 'addTags'
						? await store.conversations.addTags(id, tags)
						: await store.conversations.removeTags(id, tags);
				}
				json.conversation = await store.conversations.get(id);
			}
			out.push({ json, pairedItem: { item: i } });
		}
		return [out];
	}
}
