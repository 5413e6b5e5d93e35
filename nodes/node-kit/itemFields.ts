import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseInbound, type InboundMessage } from '../shared/envelope';

/*
 * Fields that take a value from the incoming item: the conversation, the message, the topic.
 * Their default is empty, and the node then reads the place on the item where the pack's own
 * nodes put that value. n8n 2.x evaluates every expression in an isolate, which costs more than
 * most of these nodes' own work; a default written as an expression would be evaluated for every
 * item of every execution. Ops staff who map from elsewhere still type an expression.
 */

export interface ItemField {
	/** The node property; spread into the node's `properties`. */
	property: INodeProperties;
	/** The property with what this node uses the value for put before the shared description. */
	describedAs(purpose: string): INodeProperties;
	/** The field's value for item `i`: what was set on the node, else the first of its item paths that holds one. */
	read(ctx: IExecuteFunctions, i: number): unknown;
	/** `read` as trimmed text, null when there is none. */
	text(ctx: IExecuteFunctions, i: number): string | null;
	/** `read` as a record id, refused clearly when it is not one. */
	id(ctx: IExecuteFunctions, i: number): number;
}

type FieldSettings = Omit<INodeProperties, 'default' | 'type'> & {
	/** Dotted paths into the item's JSON, tried in order when the field is left empty. */
	fromItem: string[];
};

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** The value at a dotted path of an item's JSON, if any. */
function valueAt(json: IDataObject, path: string): unknown {
	let value: unknown = json;
	for (const step of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[step];
	}
	return value;
}

export function itemField({ fromItem, description, ...settings }: FieldSettings): ItemField {
	const paths = fromItem.map((path) => `<code>${path}</code>`).join(', else ');
	const property: INodeProperties = {
		...settings,
		// Text even for a whole message: an empty JSON field shows ops staff an error in the editor,
		// and a mapped object or its JSON text are read alike (messageOf).
		type: 'string',
		default: '',
		// Not written like an expression: ops staff would take it for one the node evaluates.
		placeholder: `Empty: the item's ${fromItem[0]}`,
		description: `${description ? `${description}. ` : ''}Empty: the item's ${paths}.`,
	};
	const field: ItemField = {
		property,
		describedAs: (purpose) => ({ ...property, description: `${purpose}. ${property.description}` }),
		text(ctx, i) {
			const value = field.read(ctx, i);
			return isEmpty(value) || String(value).trim() === '' ? null : String(value).trim();
		},
		id(ctx, i) {
			const value = field.read(ctx, i);
			const id = Number(value);
			if (isEmpty(value) || !Number.isInteger(id) || id <= 0) throw new Error(`${settings.displayName} "${String(value ?? '')}" is not an ID`);
			return id;
		},
		read(ctx, i) {
			const set = ctx.getNodeParameter(settings.name, i, '');
			if (!isEmpty(set)) return set;
			const json = ctx.getInputData()[i]?.json ?? {};
			for (const path of fromItem) {
				const value = valueAt(json, path);
				if (!isEmpty(value)) return value;
			}
			return undefined;
		},
	};
	return field;
}

/** The conversation an item belongs to, as Log Conversation puts it on every item. */
export const CONVERSATION_ID = itemField({
	displayName: 'Conversation ID',
	name: 'conversationId',
	fromItem: ['conversation.id', 'conversationId'],
});

export const conversationIdOf = (ctx: IExecuteFunctions, i: number): number => CONVERSATION_ID.id(ctx, i);

/** The customer message as a channel trigger emits it. */
export const MESSAGE = itemField({
	displayName: 'Message',
	name: 'message',
	fromItem: ['message'],
});

/** Item `i`'s message, checked against the envelope (an expression may hand it over as JSON text). */
export function messageOf(ctx: IExecuteFunctions, i: number): InboundMessage {
	const raw = MESSAGE.read(ctx, i);
	return parseInbound(typeof raw === 'string' ? JSON.parse(raw) : raw);
}
