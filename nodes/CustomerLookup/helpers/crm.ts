import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCredentials } from '../../node-kit/credentials';
import { parseTierNames, type CrmSource, type CrmTarget, type HttpCrmCredential } from '../../shared/customers';

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
export const CRM_FIELDS: INodeProperties[] = [
	{
		displayName: 'Use CRM',
		name: 'useCrm',
		type: 'boolean',
		default: false,
		description: 'Whether to enrich the card from a CRM through the HTTP CRM credential; its values are written back to the card',
		displayOptions: { show: { operation: ['lookUp'] } },
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
		description: 'How the CRM is asked: GET the path below, or POST the body below to it',
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
					{ displayName: 'Card Field', name: 'target', type: 'options', options: CARD_TARGETS, default: 'name', description: 'The card field the CRM’s value is written to' },
					{ displayName: 'Custom Field Key', name: 'key', type: 'string', default: '', placeholder: 'order', description: 'For a custom field: its key on the card' },
					{ displayName: 'Path', name: 'path', type: 'string', default: '', placeholder: 'custom_fields_values[field_code=PHONE].values[0].value', description: 'Where the value is in the CRM record. Nothing there: the card field is left as it is.' },
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

/** The node's CRM parameters and the HTTP CRM credential, as the core's CRM source. */
export async function crmSourceOf(ctx: IExecuteFunctions, i: number): Promise<CrmSource | undefined> {
	if (!ctx.getNodeParameter('useCrm', i, false)) return undefined;
	const credential = (await readCredentials(ctx, 'contactCenterHttpCrmApi')) as unknown as HttpCrmCredential;
	const method = ctx.getNodeParameter('crmMethod', i) as 'GET' | 'POST';
	const rows = ctx.getNodeParameter('mapping.field', i, []) as Array<{ target: string; key: string; path: string }>;
	return {
		credential,
		request: {
			method,
			path: ctx.getNodeParameter('crmPath', i) as string,
			body: method === 'POST' ? (ctx.getNodeParameter('crmBody', i, '') as string) || undefined : undefined,
			cacheMinutes: ctx.getNodeParameter('cacheMinutes', i) as number,
		},
		mapping: {
			recordPath: ctx.getNodeParameter('recordPath', i, '') as string,
			fields: rows
				.filter((r) => r.path && (r.target !== 'field' || r.key))
				.map((r) => ({ target: (r.target === 'field' ? `fields.${r.key}` : r.target) as CrmTarget, path: r.path })),
			tierNames: parseTierNames(ctx.getNodeParameter('tierNames', i, '') as string),
		},
	};
}
