import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ButtonSchema, type Button, type OutboundMessage } from '../shared/envelope';

/** Buttons and attachments, offered the same way by every node that sends to a customer. */
export const OUTBOUND_EXTRAS: INodeProperties[] = [
	{
		displayName: 'Buttons From Earlier Steps',
		name: 'buttonsData',
		type: 'json',
		default: '',
		placeholder: '={{ $json.bot.reply.buttons }}',
		description: 'A list of {label, payload} made by an earlier step (the Self-Service Bot’s menu, for example), sent before the buttons below',
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Button',
		description: 'Quick answers the customer can tap, where the channel has buttons',
		options: [
			{
				name: 'button',
				displayName: 'Button',
				values: [
					{ displayName: 'Label', name: 'label', type: 'string', default: '' },
					{
						displayName: 'Payload',
						name: 'payload',
						type: 'string',
						default: '',
						description: 'What comes back to the workflow when the customer taps it',
					},
				],
			},
		],
	},
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Attachment',
		options: [
			{
				name: 'attachment',
				displayName: 'Attachment',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Image', value: 'image' },
							{ name: 'File', value: 'file' },
						],
						default: 'file',
					},
					{ displayName: 'URL', name: 'url', type: 'string', default: '' },
					{ displayName: 'File Name', name: 'name', type: 'string', default: '' },
				],
			},
		],
	},
];

export function outboundExtras(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { buttons: Button[]; attachments: OutboundMessage['attachments'] } {
	const buttons = ctx.getNodeParameter('buttons.button', itemIndex, []) as Array<{ label: string; payload: string }>;
	const attachments = ctx.getNodeParameter('attachments.attachment', itemIndex, []) as Array<{
		type: 'image' | 'file';
		url: string;
		name: string;
	}>;
	return {
		buttons: [
			...buttonsFromData(ctx.getNodeParameter('buttonsData', itemIndex, '')),
			...buttons.filter((b) => b.label).map((b) => ({ label: b.label, payload: b.payload || b.label })),
		],
		attachments: attachments
			.filter((a) => a.url)
			.map((a) => ({ type: a.type, url: a.url, ...(a.name ? { name: a.name } : {}) })),
	};
}

/** Buttons an earlier step hands over, as a list or its JSON text; anything else is a clear error. */
export function buttonsFromData(value: unknown): Button[] {
	if (value === '' || value === undefined || value === null) return [];
	const list = typeof value === 'string' ? JSON.parse(value) : value;
	return ButtonSchema.array().parse(list);
}
