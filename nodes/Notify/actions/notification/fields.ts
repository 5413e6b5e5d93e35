import type { INodeProperties } from 'n8n-workflow';

import { translationsField } from '../../../node-kit/translations';

const sending = { show: { operation: ['sendOne', 'runCampaign'] } };
const campaign = { show: { operation: ['runCampaign'] } };

export const OPERATION: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Send to One Customer', value: 'sendOne', action: 'Send a notification to one customer per item', description: 'Each input item is one customer (order status, for example)' },
		{ name: 'Run Campaign', value: 'runCampaign', action: 'Run a notification campaign', description: 'Sends to an audience from the input items or a store query; running it again continues it' },
		{
			name: 'Send Held Notifications',
			value: 'sendDue',
			action: 'Send the notifications whose time has come',
			description:
				'Sends what quiet hours or a channel failing for the moment held back, in every campaign and single notice, once its time has come, each by its own texts and settings; run it on a schedule',
		},
		{ name: 'Campaign Progress', value: 'progress', action: 'Read a campaign s progress', description: 'Counts and per-recipient outcomes of a campaign, also while it runs' },
	],
	default: 'sendOne',
};

export const RECIPIENT: INodeProperties[] = [
	{
		displayName: 'Campaign Key',
		name: 'campaignKey',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'spring-sale-2025',
		description: 'Names the campaign. Running the same key again continues it and never sends anyone the message twice.',
		displayOptions: { show: { operation: ['runCampaign', 'progress'] } },
	},
	{
		displayName: 'Audience',
		name: 'audience',
		type: 'options',
		options: [
			{ name: 'Input Items', value: 'items', description: 'One recipient per item' },
			{ name: 'Store Query', value: 'query', description: 'Customers in the store matching the filters below' },
		],
		default: 'items',
		description: 'Who gets the campaign: the customers named by the input items, or those in the store matching the filters',
		displayOptions: campaign,
	},
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		default: '={{ $json.customer?.id ?? $json.customerId ?? "" }}',
		description: 'The customer card to notify. Leave empty to find the customer by the identity, phone or e-mail below.',
		displayOptions: { show: { operation: ['sendOne', 'runCampaign'], audience: ['items'] } },
	},
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'collection',
		placeholder: 'Add Identity',
		default: {},
		description: 'Finds the customer when Customer ID is empty: by channel user first, then e-mail, then phone. A phone or e-mail counts only if a channel confirmed it or an operator set it on the card.',
		displayOptions: { show: { operation: ['sendOne', 'runCampaign'], audience: ['items'] } },
		options: [
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'The customer’s phone number; only its digits are compared' },
			{ displayName: 'E-Mail', name: 'email', type: 'string', default: '', placeholder: 'name@email.com', description: 'The customer’s e-mail address, in any letter case' },
			{
				displayName: 'Channel',
				name: 'channel',
				type: 'options',
				options: ['telegram', 'viber', 'whatsapp', 'messenger', 'instagram', 'vk', 'email', 'webchat'].map((c) => ({ name: c, value: c })),
				default: 'telegram',
				description: 'The channel of the channel user ID below',
			},
			{ displayName: 'Channel User ID', name: 'externalUserId', type: 'string', default: '', description: 'The customer’s user ID on the channel above. Empty: the channel is not used to find the customer.' },
		],
	},
	{
		displayName: 'Dedupe Key',
		name: 'dedupeKey',
		type: 'string',
		default: '',
		placeholder: '={{ $json.orderNumber }}-{{ $json.status }}',
		description: 'Makes a repeated call (the order system retrying its webhook) send nothing again. Empty: every execution sends.',
		displayOptions: { show: { operation: ['sendOne'] } },
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		placeholder: '={{ $json.orderNumber }}',
		description:
			'What the notice is about, such as the order number. When a newer notice of the same kind about the same subject is queued for a customer, an older one still waiting for them (quiet hours, a channel failing for the moment) is not sent: it is recorded as superseded, and the customer gets only the newest. Empty: notices never replace one another.',
		displayOptions: sending,
	},
	{
		displayName: 'Filters',
		name: 'query',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'The customers in the store who get the campaign: those matching every filter added. No filter: every customer.',
		displayOptions: { show: { operation: ['runCampaign'], audience: ['query'] } },
		options: [
			{ displayName: 'Conversation Tag', name: 'tag', type: 'string', default: '', description: 'Customers with a conversation tagged with this tag' },
			{ displayName: 'Minimum VIP Tier', name: 'minVipTier', type: 'number', default: 1, description: 'Customers whose card has at least this VIP tier' },
			{ displayName: 'Last Topic', name: 'lastTopic', type: 'string', default: '', description: 'Customers whose most recent conversation has this topic' },
			{
				displayName: 'Has Channel',
				name: 'channel',
				type: 'options',
				options: ['telegram', 'viber', 'whatsapp', 'messenger', 'instagram', 'vk', 'email'].map((c) => ({ name: c, value: c })),
				default: 'telegram',
				description: 'Customers with a user ID on this channel',
			},
			{
				displayName: 'Consent',
				name: 'consent',
				type: 'options',
				options: [
					{ name: 'Subscribed (Opted In)', value: 'subscribed' },
					{ name: 'Not Stated', value: 'unknown' },
				],
				default: 'subscribed',
				description: 'Customers with a channel in this consent state. With Has Channel, that channel must be in it.',
			},
		],
	},
];

export const MESSAGE: INodeProperties[] = [
	{
		displayName: 'Kind',
		name: 'kind',
		type: 'options',
		options: [
			{ name: 'Service (Order Status, Outage)', value: 'service', description: 'Needs no opt-in; may pass quiet hours' },
			{ name: 'Promotional', value: 'promotional', description: 'Only to customers who opted in; frequency-capped' },
		],
		default: 'service',
		description: 'Decides who may get it: promotional messages go only to customers who opted in and count towards the frequency cap',
		displayOptions: sending,
	},
	{
		displayName: 'WhatsApp Marketing Template',
		name: 'marketingTemplate',
		type: 'string',
		default: '',
		placeholder: 'weekly_offer',
		description:
			'An approved WhatsApp template of the Marketing category that carries the offer outside WhatsApp’s 24-hour window, approved in the language of each text below; the text fills its body parameter. Empty: outside the window the offer goes by the next channel. Service messages use the utility template of the WhatsApp credential, which Meta does not allow for offers.',
		displayOptions: { show: { operation: ['sendOne', 'runCampaign'], kind: ['promotional'] } },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'Hello {{name|there}}, your order {{orderNumber}} is {{status}}.',
		description: 'Use {{name}}, any card field or any item field in double braces; a recipient lacking one is skipped rather than sent a gap, unless the braces give a default after | ({{name|there}}). Outside WhatsApp’s 24-hour window this text fills an approved template: the WhatsApp credential’s for service messages, the marketing template above for offers.',
		displayOptions: sending,
	},
	{
		displayName: 'Text Language',
		name: 'defaultLanguage',
		type: 'string',
		default: 'en',
		description: 'Language of the text above; customers whose language has no translation get it',
		displayOptions: sending,
	},
	translationsField(
		{
			displayName: 'Translations',
			placeholder: 'Add Translation',
			description: 'The text in other languages, chosen by the language on the customer’s card',
			displayOptions: sending,
		},
		3,
	),
	{
		displayName: 'Fallback Channels',
		name: 'fallbackOrder',
		type: 'string',
		default: 'telegram, viber, whatsapp, vk, messenger, instagram, email',
		description: 'Tried in this order after the card’s preferred channel and the one the customer last wrote on, when a channel refuses or is outside its window',
		displayOptions: sending,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Quiet hours, a frequency cap and how long a message stays valid. None added: messages go out at any hour, with no cap, promotions valid for 24 hours. While the data table “Contact Center · Quiet Hours” has rows, its row for this kind of message is the quiet hours (and its time zone the default) instead of the ones here; how fast each channel sends is the data table “Contact Center · Campaign Rates” when it has rows, else the platforms’ own limits.',
		displayOptions: sending,
		options: [
			{ displayName: 'Quiet Hours Start', name: 'quietStart', type: 'string', default: '21:00', description: 'In each customer’s own time zone (card field timeZone). Empty: no quiet hours. The Quiet Hours data table wins while it has rows.' },
			{ displayName: 'Quiet Hours End', name: 'quietEnd', type: 'string', default: '09:00', description: 'In each customer’s own time zone; a message held back by quiet hours goes out then' },
			{ displayName: 'Service Messages Pass Quiet Hours', name: 'serviceMayPass', type: 'boolean', default: true, description: 'Whether service messages go out during quiet hours instead of waiting for them to end' },
			{ displayName: 'Default Time Zone', name: 'defaultTimeZone', type: 'string', default: 'UTC', placeholder: 'Europe/Kyiv', description: 'For customers whose card has no timeZone field' },
			{ displayName: 'Frequency Cap (Messages)', name: 'capCount', type: 'number', default: 0, description: 'At most this many per customer within the window below, across campaigns; 0 for none' },
			{ displayName: 'Frequency Cap Window (Hours)', name: 'capWindowHours', type: 'number', default: 24, description: 'The cap counts the messages a customer got in this many past hours' },
			{ displayName: 'Cap Service Messages Too', name: 'capAll', type: 'boolean', default: false, description: 'Whether service messages are capped and counted too. Off: only promotional messages are.' },
			{
				displayName: 'Valid For (Hours)',
				name: 'validForHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 24,
				description:
					'How long after it is queued a message is still worth sending. One held back longer (quiet hours, a channel failing for the moment, a long wait for the channel’s rate limit) is not sent late: it is recorded as expired. Not added: 24 hours for promotional messages, no limit for service ones. 0: no limit. Valid Until wins when it reads as a time.',
			},
			{
				displayName: 'Valid Until',
				name: 'validUntil',
				type: 'string',
				default: '',
				placeholder: 'e.g. 18:00, in 2 hours, tomorrow 9:00',
				description:
					'Until when a message is worth sending, as people write it, such as an outage’s expected fix: 18:00, 6 pm, in 2 hours, 2h, 30 min, tomorrow 9:00, tomorrow, an ISO date-time; через 2 часа, о 18:00, завтра; dans 2 heures, à 18h, demain. Read in the Default Time Zone when the message is queued (18:00 alone is the nearest 18:00, before or after then; 18h alone is 18 hours). The message stays valid Valid Until Margin longer. Empty, or a text that reads as no time still to come (soon, an overdue fix): Valid For (Hours) decides.',
			},
			{
				displayName: 'Valid Until Margin (Hours)',
				name: 'validUntilMarginHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description: 'How much longer than Valid Until a message stays worth sending: an expected fix is often late, and the notice of the fix replaces the outage’s anyway',
			},
		],
	},
];
