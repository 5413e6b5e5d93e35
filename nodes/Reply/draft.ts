import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Draft } from '../shared/outbox/reply';
import { render } from '../shared/outbox/placeholders';
import { buttonsFromData, outboundExtras } from '../node-kit/outboundFields';

/**
 * The text as ops staff wrote it in the node, its `{{path}}` placeholders filled from the item.
 * A text an expression produced is sent as it is: it may carry a customer's or an operator's
 * words, whose braces are theirs.
 */
function writtenText(ctx: IExecuteFunctions, i: number, json: IDataObject): string {
	const text = String(ctx.getNodeParameter('text', i, '') ?? '');
	const raw = ctx.getNode().parameters.text;
	return typeof raw === 'string' && raw.startsWith('=') ? text : render(text, json);
}

/**
 * What goes to the customer for item `i`: the Self-Service Bot's words first when asked for (its
 * answer with its menu buttons, or its hand-off notice), then the node's text, as one message:
 * the pipeline answers each customer message with one reply.
 */
export function draftOf(ctx: IExecuteFunctions, i: number, author: string): Draft {
	const { json } = ctx.getInputData()[i];
	const bot = ctx.getNodeParameter('withBotWords', i, false)
		? ((json.bot as IDataObject | undefined)?.reply as { text?: string; buttons?: unknown } | undefined)
		: undefined;
	const text = [bot?.text ?? '', writtenText(ctx, i, json)].filter((part) => part.trim() !== '').join('\n\n');
	if (!text) throw new Error('Nothing to send: the text is empty and the bot prepared no words for this message');
	const extras = outboundExtras(ctx, i);
	return { text, author, attachments: extras.attachments, buttons: [...buttonsFromData(bot?.buttons ?? ''), ...extras.buttons] };
}
