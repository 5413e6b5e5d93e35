import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ButtonSchema, type Button, type OutboundMessage } from '../shared/envelope';

/** Buttons and attachments, offered the same way by every node that sends to a customer. */
export const OUTBOUND_EXTRAS: INodeProperties[] = [
	{
		displayName: 'Buttons From Earlier Steps',
		name: 'buttonsData',
		// Text, not a JSON field: an empty JSON field shows ops staff an error in the editor.
		type: 'string',
		default: '',
		placeholder: 'e.g. [{"label": "Track my order", "payload": "kb:order_status"}]',
		description:
			'A list of {label, payload} as JSON, usually mapped from an earlier step (the Self-Service Bot’s menu buttons, for example), sent before the buttons below. Empty: none.',
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
					{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'What the customer sees on the button' },
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
		description: 'Images or files sent with the text, where the channel takes them',
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
						description: 'An image is shown in the chat; a file arrives as a document to download',
					},
					{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'A public link the channel fetches the file from' },
					{ displayName: 'File Name', name: 'name', type: 'string', default: '', description: 'The name the customer sees for a file' },
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
