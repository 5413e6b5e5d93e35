import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { detectLanguage } from '../shared/classifier';
import type { Draft } from '../shared/outbox/reply';
import { forLanguage } from '../shared/outbox/languages';
import { render } from '../shared/outbox/placeholders';
import { buttonsFromData, outboundExtras } from '../node-kit/outboundFields';
import { translationsOf } from '../node-kit/translations';

/**
 * The customer's language: as the bot or the classifier found it, else as their message reads,
 * else the conversation's (a messenger's app language, which need not be the one they write in).
 */
function languageOf(json: IDataObject): string | null {
	const at = (key: string) => (json[key] as IDataObject | undefined)?.language;
	const text = (json.message as IDataObject | undefined)?.text;
	const read = typeof text === 'string' ? detectLanguage(text) : undefined;
	const language = at('bot') ?? at('classification') ?? (read !== 'unknown' ? read : undefined) ?? at('conversation');
	return typeof language === 'string' && language !== 'unknown' ? language.toLowerCase() : null;
}

/**
 * The node's text in the customer's language ("pt-BR" also takes "pt"), else its main text, with
 * the parameter as written: a text an expression produced is told apart from one typed in.
 */
function chosenText(ctx: IExecuteFunctions, i: number, json: IDataObject): { text: string; written: unknown } {
	const written = ctx.getNode().parameters;
	const translations = translationsOf(ctx, i)
		.map((translation, at) => ({ language: translation.language.trim(), text: translation.text, at }))
		.filter((translation) => translation.text.trim() !== '');
	// The language is only worked out when there is a translation to choose.
	const translated = translations.length ? forLanguage(translations, languageOf(json)) : undefined;
	if (translated) {
		// The whole list may itself come from an expression.
		const list = written.translations as string | { translation?: Array<{ text?: unknown }> } | undefined;
		return { text: translated.text, written: typeof list === 'string' ? list : list?.translation?.[translated.at]?.text };
	}
	return { text: String(ctx.getNodeParameter('text', i, '') ?? ''), written: written.text };
}

/**
 * The text as ops staff wrote it in the node, its `{{path}}` placeholders filled from the item.
 * A text an expression produced is sent as it is: it may carry a customer's or an operator's
 * words, whose braces are theirs.
 */
function writtenText(ctx: IExecuteFunctions, i: number, json: IDataObject): string {
	const { text, written } = chosenText(ctx, i, json);
	return typeof written === 'string' && written.startsWith('=') ? text : render(text, json);
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
