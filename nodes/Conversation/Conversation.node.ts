import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { EnvelopeError } from '../shared/envelope';
import { recordRating } from '../shared/desk';
import { executionBatches } from '../shared/ingest/batches';
import { applyConsentWord } from '../shared/notify';
import { CONVERSATION_ID, conversationIdOf, MESSAGE, messageOf } from '../node-kit/itemFields';
import { outputsWhen } from '../node-kit/operations';
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
		outputs: outputsWhen('logInbound', 'takeRatings', ['Messages', 'Ratings']),
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
					{
						name: 'Recover Unanswered Deliveries',
						value: 'recoverUnanswered',
						action: 'Recover unanswered deliveries',
						description:
							'Emit again, as a channel trigger does, the messages the channel was told were received but that were never answered (n8n stopped or lost its database mid-run); feed them to Log Incoming Message from a Schedule Trigger',
					},
				],
				default: 'logInbound',
			},
			{
				...MESSAGE.describedAs('The message as a channel trigger emits it'),
				displayOptions: { show: { operation: ['logInbound'] } },
			},
			{
				displayName: 'Take Ratings',
				name: 'takeRatings',
				type: 'boolean',
				default: false,
				description:
					'Whether a score ("5", "4 thank you", "3/5") from a customer asked to rate a closed conversation is recorded as their rating. Such a message leaves by the Ratings output instead of going on as a question.',
				displayOptions: { show: { operation: ['logInbound'] } },
			},
			{
				displayName: 'Answer Window (Hours)',
				name: 'windowHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 24,
				description: 'A score counts as the answer to a rating request made at most this long ago',
				displayOptions: { show: { operation: ['logInbound'], takeRatings: [true] } },
			},
			{ ...CONVERSATION_ID.property, displayOptions: { show: { operation: ['addTags', 'removeTags', 'close'] } } },
			{
				displayName: 'Older Than (Seconds)',
				name: 'olderThanSeconds',
				type: 'number',
				default: 120,
				description: 'Leave deliveries younger than this alone: their run may still be under way. Also the wait before a message is tried again.',
				displayOptions: { show: { operation: ['recoverUnanswered'] } },
			},
			{
				displayName: 'Look Back (Hours)',
				name: 'lookBackHours',
				type: 'number',
				default: 24,
				description: 'Older deliveries are not recovered: answering them now would surprise the customer',
				displayOptions: { show: { operation: ['recoverUnanswered'] } },
			},
			{
				displayName: 'Attempts per Message',
				name: 'maxAttempts',
				type: 'number',
				default: 3,
				description: 'How many times one message is recovered before it is left for a person to look at',
				displayOptions: { show: { operation: ['recoverUnanswered'] } },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { operation: ['recoverUnanswered'] } },
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
		if (operation === 'recoverUnanswered') {
			const messages = await store.deliveries.claimUnanswered({
				olderThanMs: (this.getNodeParameter('olderThanSeconds', 0) as number) * 1000,
				lookBackMs: (this.getNodeParameter('lookBackHours', 0) as number) * 3_600_000,
				maxAttempts: this.getNodeParameter('maxAttempts', 0) as number,
				limit: this.getNodeParameter('limit', 0) as number,
			});
			// Recovered messages come from the store, not from the input: they belong to the run that fetched them.
			return [messages.map((message) => ({ json: { message } as unknown as IDataObject, pairedItem: { item: 0 } }))];
		}
		const out: INodeExecutionData[] = [];
		const rated: INodeExecutionData[] = [];
		const takeRatings = operation === 'logInbound' && (this.getNodeParameter('takeRatings', 0, false) as boolean);
		for (let i = 0; i < items.length; i++) {
			const json = { ...items[i].json };
			if (operation === 'logInbound') {
				let message;
				try {
					message = messageOf(this, i);
				} catch (error) {
					const reason = error instanceof EnvelopeError || error instanceof SyntaxError ? error : new Error(String(error));
					throw new NodeOperationError(this.getNode(), reason, { itemIndex: i });
				}
				// The trigger may hold the next deliveries back until this execution has started.
				executionBatches.started(this.getWorkflow().id ?? '', [message]);
				const logged = await store.conversations.logInbound(message);
				// "STOP" / "стоп" / "START" change what proactive messages this customer may get.
				const consentWord = await applyConsentWord(store, logged, message);
				Object.assign(json, {
					message,
					customer: logged.customer,
					conversation: logged.conversation,
					storedMessageId: logged.message.id,
					newCustomer: logged.customerCreated,
					newConversation: logged.conversationCreated,
					...(consentWord ? { consentWord } : {}),
				});
				if (takeRatings) {
					const windowHours = this.getNodeParameter('windowHours', i) as number;
					const rating = await recordRating(store.db, logged.customer.id, message.text, windowHours);
					if (rating) {
						rated.push({ json: { ...json, rating: rating as unknown as IDataObject }, pairedItem: { item: i } });
						continue;
					}
				}
			} else {
				const id = conversationIdOf(this, i);
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
		return takeRatings ? [out, rated] : [out];
	}
}
