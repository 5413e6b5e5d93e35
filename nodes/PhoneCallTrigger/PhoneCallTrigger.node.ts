import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CALL_EVENT_KINDS, DEFAULT_DEFLECTION_TEXTS, handleCallWebhook, type PhonePlatform } from '../shared/calls';
import { readCredentials } from '../node-kit/credentials';
import { notice } from '../node-kit/channelNodes';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerSafely, respond, WEBHOOK_TRIGGER_VERSIONS, webhookRequest } from '../node-kit/webhook';
import { callOutputs, deflectionSettings } from './outputs';

const CREDENTIAL = 'contactCenterPhoneApi';

const EVENT_NAMES: Record<(typeof CALL_EVENT_KINDS)[number], string> = {
	started: 'Call Started',
	ivr: 'Menu Choice',
	waiting: 'Waiting in the Queue (Every Turn)',
	answered: 'Answered by a Person',
	ended: 'Call Ended',
	missed: 'Missed or Abandoned',
	offerAccepted: 'Chat Offer Accepted',
	handoff: 'Voice Bot Handed Over (and the Key for a Person)',
};

// Twilio, Zadarma and a PBX are set up in their own consoles (see the README): nothing to register here.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class PhoneCallTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Phone Call Trigger',
		name: 'phoneCallTrigger',
		icon: { light: 'file:phone.svg', dark: 'file:phone.dark.svg' },
		group: ['trigger'],
		// Version 2 spares every callback an expression isolate n8n would build for version 1 (node-kit/webhook).
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: 'Phone calls',
		description:
			'Joins phone calls to the chats: records each call on the caller’s customer card, offers callers waiting in the phone queue to continue in a chat, and starts the workflow when one accepts, hangs up unanswered or a voice bot hands over',
		defaults: { name: 'Phone Call Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Chat Offer Accepted', 'Missed Call', 'Person Asked For', 'Other Events'],
		credentials: [{ name: CREDENTIAL, required: true }, STORE_CREDENTIAL_REF],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'phone' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'phone' },
		],
		properties: [
			notice(
				'Twilio: set the number’s “A call comes in” webhook (or your queue’s wait URL, adding ?step=wait) and its status callback (adding ?step=status) to this node’s production URL. Zadarma: Settings › API › notifications, this URL for incoming calls. Any PBX: POST signed JSON events to this URL (see the README). Forged calls are refused; a repeated event is recorded once.',
			),
			{
				displayName: 'Our Number or PBX Name',
				name: 'account',
				type: 'string',
				default: '',
				placeholder: '+380443334455',
				description: 'How calls of this trigger are named on the card and in reports. Empty: the platform’s account id.',
			},
			{
				displayName: 'Start the Workflow On',
				name: 'events',
				type: 'multiOptions',
				options: CALL_EVENT_KINDS.map((kind) => ({ name: EVENT_NAMES[kind], value: kind })),
				default: ['offerAccepted', 'missed', 'handoff'],
				description: 'Every event is recorded on the call; these also start the workflow',
			},
			{
				displayName: 'Offer the Chat Every (Seconds)',
				name: 'offerEverySeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: 'While a caller waits in the phone queue, how often they hear the offer to continue in a chat. 0: no offers.',
			},
			{
				displayName: 'Offer at Once',
				name: 'offerAtOnce',
				type: 'boolean',
				default: false,
				description: 'Whether the first offer comes as soon as the caller joins the queue',
			},
			{
				displayName: 'Key to Accept',
				name: 'acceptDigit',
				type: 'string',
				default: '1',
				description: 'The phone key a waiting caller presses to take the chat offer; change the Offer text to name it too',
			},
			{
				displayName: 'Key for a Person',
				name: 'operatorDigit',
				type: 'string',
				default: '0',
				description: 'A menu key that always reaches a person: a PBX sending it gets a transfer instruction back, and the call is routed like a chat',
			},
			{
				displayName: 'Transfer To',
				name: 'transferTo',
				type: 'string',
				default: '',
				placeholder: '+380443334400',
				description:
					'Where a caller asking for a person (a voice bot’s hand-off, the key for a person) is put through when their skill group has no line below: the operators’ number, queue line or SIP address. Twilio dials it (empty: back into the Queue Name); a PBX gets it as transferTo.',
			},
			{
				displayName: 'Transfer To by Skill Group',
				name: 'transferByGroup',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add a Group’s Line',
				default: {},
				description:
					'A line per skill group: a caller asking for a person is put through to the line of the group the workflow routed the call to (Twilio waits up to 10 seconds for the routing, then uses Transfer To). Groups not listed use Transfer To.',
				options: [
					{
						name: 'lines',
						displayName: 'Line',
						values: [
							{ displayName: 'Skill Group', name: 'group', type: 'string', default: '', placeholder: 'Payments', description: 'The group’s name as in the Skill Groups table' },
							{
								displayName: 'Number or SIP Address',
								name: 'to',
								type: 'string',
								default: '',
								placeholder: 'sip:payments@pbx.example.com',
								description: 'Where the group’s calls are put through: a phone number, or a sip: address Twilio dials as SIP',
							},
						],
					},
				],
			},
			{
				displayName: 'Chat On',
				name: 'messengers',
				type: 'string',
				default: 'whatsapp, viber, telegram',
				description: 'Messengers tried in order for a caller whose number is verified there; the workflow sends the message',
			},
			{
				displayName: 'Web Chat URL',
				name: 'webChatUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/chat',
				description: 'For a caller known on no messenger: read out with a code that links the web chat to their card. Empty: such callers keep their place.',
			},
			{
				displayName: 'Queue Name',
				name: 'queueName',
				type: 'string',
				default: 'support',
				description: 'Twilio: the queue an incoming call is put in, when its number’s webhook is this node',
			},
			{
				displayName: 'Voice Language',
				name: 'voiceLanguage',
				type: 'string',
				default: 'en-US',
				description: 'The language the platform reads the texts in (Twilio: en-US, ru-RU, uk-UA, fr-FR, …)',
			},
			{
				displayName: 'What the Caller Hears',
				name: 'texts',
				type: 'collection',
				placeholder: 'Change a Text',
				default: {},
				description: 'The words read to a waiting caller; texts not added here keep the English defaults',
				options: [
					{ displayName: 'Offer', name: 'offer', type: 'string', typeOptions: { rows: 3 }, default: DEFAULT_DEFLECTION_TEXTS.offer, description: 'Read while the caller waits, as often as Offer the Chat Every sets' },
					{
						displayName: 'Message Sent',
						name: 'sent',
						type: 'string',
						typeOptions: { rows: 3 },
						default: DEFAULT_DEFLECTION_TEXTS.sent,
						description: '{channel} is where the message went',
					},
					{
						displayName: 'Web Chat Code',
						name: 'webChat',
						type: 'string',
						typeOptions: { rows: 3 },
						default: DEFAULT_DEFLECTION_TEXTS.webChat,
						description: '{url} and {code} are filled in; the code is read digit by digit',
					},
					{ displayName: 'Keep Waiting', name: 'stay', type: 'string', default: DEFAULT_DEFLECTION_TEXTS.stay, description: 'Read when the caller presses another key, or when no chat can be offered to them' },
				],
			},
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerSafely(this, async () => {
			const credentials = await readCredentials(this, CREDENTIAL);
			const platform = String(credentials.platform ?? 'twilio') as PhonePlatform;
			const settings = deflectionSettings((name, fallback) => this.getNodeParameter(name, fallback));
			const store = await getStore(this);
			// The platform's answer goes out as soon as it is known, before the call's events are stored.
			const answered = (answer: { status: number; body: string; contentType: string }) => {
				if (answer.status >= 400) this.logger.warn(`Phone call webhook refused: ${answer.body}`, { node: this.getNode().name });
				respond(this, answer.status, answer.body, answer.contentType);
			};
			const outcome = await handleCallWebhook(
				store.db,
				webhookRequest(this),
				{
					platform,
					secret: String((platform === 'twilio' ? credentials.authToken : credentials.secret) ?? ''),
					account: (this.getNodeParameter('account', '') as string).trim(),
					publicUrl: this.getNodeWebhookUrl('default') ?? '',
					settings,
				},
				answered,
			);
			const outputs = callOutputs(outcome, new Set(this.getNodeParameter('events', []) as string[]), settings.operatorDigit);
			return outputs.some((items) => items.length) ? { noWebhookResponse: true, workflowData: outputs } : { noWebhookResponse: true };
		});
	}
}
