import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One entry of a node's texts in other languages, as ops staff wrote it. */
export interface Translation {
	language: string;
	text: string;
}

/**
 * The list of texts in other languages of a node that writes to customers (Reply to Customer,
 * Notify Customers): per entry a language code and the text for customers in it.
 */
export function translationsField(
	field: Pick<INodeProperties, 'displayName' | 'placeholder' | 'description' | 'displayOptions'>,
	textRows: number,
): INodeProperties {
	return {
		...field,
		name: 'translations',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: [
			{
				name: 'translation',
				displayName: 'Translation',
				values: [
					{ displayName: 'Language', name: 'language', type: 'string', default: '', placeholder: 'ru', description: 'A language code like ru or pt-BR; a code without a region (pt) also serves pt-BR, pt-PT and so on' },
					{ displayName: 'Text', name: 'text', type: 'string', typeOptions: { rows: textRows }, default: '', description: 'Sent instead of the main text to customers in this language' },
				],
			},
		],
	};
}

/** The entries of item `i` in the order they were written. */
export function translationsOf(ctx: IExecuteFunctions, i: number): Translation[] {
	return ctx.getNodeParameter('translations.translation', i, []) as Translation[];
}
