import type { INodeProperties } from 'n8n-workflow';

import { itemField } from '../node-kit/itemFields';
import { DEFAULT_REDEEM_POLICY } from '../shared/customers/linkCodes';

export const CUSTOMER_ID = itemField({ displayName: 'Customer ID', name: 'customerId', fromItem: ['customerCard.id', 'customer.id'] });

const forOps = (...operation: string[]) => ({ show: { operation } });
const LINKING = { show: { operation: ['lookUp'], findBy: ['item'], linkByCode: [true] } };

const CARD_TARGETS = [
	{ name: 'CRM ID', value: 'crmId' },
	{ name: 'Custom Field', value: 'field' },
	{ name: 'E-Mail', value: 'email' },
	{ name: 'Language', value: 'language' },
	{ name: 'Name', value: 'name' },
	{ name: 'Phone', value: 'phone' },
	{ name: 'VIP Tier', value: 'vipTier' },
];

/** The CRM lookup request and how its answer maps onto the card: all data, so any REST CRM fits. */
const CRM: INodeProperties[] = [
	{
		displayName: 'Use CRM',
		name: 'useCrm',
		type: 'boolean',
		default: false,
		description: 'Whether to enrich the card from a CRM through the HTTP CRM credential; its values are written back to the card',
		displayOptions: forOps('lookUp'),
	},
	{
		displayName: 'Method',
		name: 'crmMethod',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
		default: 'GET',
		displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } },
	},
	{
		displayName: 'Path',
		name: 'crmPath',
		type: 'string',
		default: '/contacts?phone={{phone}}',
		description:
			'Under the base URL. Placeholders: {{phone}} (+digits), {{phoneDigits}}, {{email}}, {{crmId}}, {{name}}, {{customerId}}, {{fields.<key>}}. With a placeholder the customer lacks, the CRM is not asked.',
		displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } },
	},
	{
		displayName: 'Body',
		name: 'crmBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: '{"filterGroups":[{"filters":[{"propertyName":"phone","operator":"EQ","value":"{{phone}}"}]}]}',
		description: 'JSON body of a POST search, with the same placeholders',
		displayOptions: { show: { operation: ['lookUp'], useCrm: [true], crmMethod: ['POST'] } },
	},
	{
		displayName: 'Record Path',
		name: 'recordPath',
		type: 'string',
		default: '',
		placeholder: '_embedded.contacts',
		description: 'Where the contact is in the answer; a list gives its first element. Empty: the answer itself.',
		displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } },
	},
	{
		displayName: 'Field Mapping',
		name: 'mapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {
			field: [
				{ target: 'crmId', path: 'id' },
				{ target: 'name', path: 'name' },
			],
		},
		placeholder: 'Add Field',
		description: 'Card field ← path in the record: a.b[0].c, or list[key=value] for the first element whose key equals value',
		displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } },
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{ displayName: 'Card Field', name: 'target', type: 'options', options: CARD_TARGETS, default: 'name' },
					{ displayName: 'Custom Field Key', name: 'key', type: 'string', default: '', placeholder: 'order', description: 'For a custom field: its key on the card' },
					{ displayName: 'Path', name: 'path', type: 'string', default: '', placeholder: 'custom_fields_values[field_code=PHONE].values[0].value' },
				],
			},
		],
	},
	{
		displayName: 'VIP Tier Names',
		name: 'tierNames',
		type: 'string',
		default: 'silver=1, gold=2, platinum=3',
		description: 'How the CRM’s tier names read as tiers; numbers and true/false are taken as they are',
		displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } },
	},
	{
		displayName: 'Cache Minutes',
		name: 'cacheMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description: 'How long every worker reuses a CRM answer (found or not); 0 asks the CRM every time',
		displayOptions: { show: { operation: ['lookUp'], useCrm: [true] } },
	},
];

const CARD_EDIT: INodeProperties[] = [
	{
		displayName: 'Card',
		name: 'card',
		type: 'collection',
		default: {},
		placeholder: 'Add Field',
		description: 'Only the fields added here change. An empty value clears the field and keeps it cleared.',
		displayOptions: forOps('updateCard'),
		options: [
			{ displayName: 'E-Mail', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Language', name: 'language', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
			{ displayName: 'VIP Tier', name: 'vipTier', type: 'number', typeOptions: { minValue: 0 }, default: 0 },
		],
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Custom Field',
		displayOptions: forOps('updateCard'),
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Empty clears the field' },
				],
			},
		],
	},
];

export const PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Look Up Card',
				value: 'lookUp',
				action: 'Look up the customer card',
				description: 'Find the customer (linking channels with the same verified phone or e-mail) and output their card',
			},
			{ name: 'Update Card', value: 'updateCard', action: 'Correct the customer card', description: 'An operator’s correction; automatic fills never overwrite it' },
			{ name: 'Merge Customers', value: 'merge', action: 'Merge two customers', description: 'Link the identities of two cards: everything moves to the kept card' },
			{
				name: 'Create Link Code',
				value: 'createLinkCode',
				action: 'Create a link code',
				description: 'A 6-digit code to send on this channel and type on another (Look Up Card redeems it)',
			},
		],
		default: 'lookUp',
	},
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Item (Message or Customer)', value: 'item', description: 'The sender of the item’s message, or else the item’s customer' },
			{ name: 'Customer ID', value: 'id' },
			{ name: 'Phone', value: 'phone' },
			{ name: 'E-Mail', value: 'email' },
			{ name: 'CRM ID', value: 'crmId' },
		],
		default: 'item',
		displayOptions: forOps('lookUp'),
	},
	{
		displayName: 'Value',
		name: 'findValue',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['lookUp'], findBy: ['id', 'phone', 'email', 'crmId'] } },
	},
	...CRM,
	{ ...CUSTOMER_ID.property, displayOptions: forOps('updateCard', 'createLinkCode') },
	...CARD_EDIT,
	{
		displayName: 'Keep Customer ID',
		name: 'keepId',
		type: 'number',
		default: 0,
		description: 'The card that stays; on conflicting values its own and its operator corrections win',
		displayOptions: forOps('merge'),
	},
	{
		displayName: 'Merge Customer ID',
		name: 'mergeId',
		type: 'number',
		default: 0,
		description: 'The card merged into the kept one; its id keeps pointing at the kept card',
		displayOptions: forOps('merge'),
	},
	{
		displayName: 'Valid Minutes',
		name: 'ttlMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 15,
		displayOptions: forOps('createLinkCode'),
	},
	{
		displayName: 'Link Chats by Code',
		name: 'linkByCode',
		type: 'boolean',
		default: false,
		description:
			'Whether a message that is a link code (made by Create Link Code on another channel) joins this channel to the card the code was issued for. Such a message leaves by the Chats Linked output.',
		displayOptions: { show: { operation: ['lookUp'], findBy: ['item'] } },
	},
	{
		displayName: 'Words Before the Code',
		name: 'codeWords',
		type: 'string',
		default: DEFAULT_REDEEM_POLICY.codeWords.join(', '),
		description:
			'Comma-separated; a message counts as a code only when it is the six digits alone or after one of these, so an order number in a sentence is never taken for one',
		displayOptions: LINKING,
	},
	{
		displayName: 'Failed Attempts Allowed',
		name: 'maxFailures',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REDEEM_POLICY.maxFailures,
		description: 'Wrong or expired codes one channel identity may type within the window; after them every code is refused until the window passes',
		displayOptions: LINKING,
	},
	{
		displayName: 'Failed Attempts Window (Minutes)',
		name: 'failureWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REDEEM_POLICY.failureWindowMinutes,
		displayOptions: LINKING,
	},
];
