/** A text needs a variable the recipient does not have; sending "Order  shipped" would be worse than not sending. */
export class MissingVariable extends Error {
	constructor(readonly variable: string) {
		super(`the message needs {{${variable}}}, which this recipient does not have`);
	}
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*(?:\|([^}]*))?\}\}/g;

/**
 * Fills `{{name}}`, `{{order.number}}` (dotted paths reach into nested fields) in a text ops staff
 * wrote. Only looked up, never evaluated: the values are data, and so is whatever they contain.
 * `{{name|there}}` says what to write when the recipient has no value: a card without a name still
 * reads "Hello there", where a gap or no notice at all would be worse.
 */
export function render(template: string, variables: Record<string, unknown>): string {
	return template.replace(PLACEHOLDER, (_whole, path: string, fallback: string | undefined) => {
		let value: unknown = variables;
		for (const step of path.split('.')) value = (value as Record<string, unknown> | null | undefined)?.[step];
		if (value === undefined || value === null || value === '') {
			if (fallback === undefined) throw new MissingVariable(path);
			return fallback.trim();
		}
		return typeof value === 'object' ? JSON.stringify(value) : String(value);
	});
}

/** The variables texts read (the first step of each dotted path): `{{body.orderNumber}}` reads `body`. */
export function namedVariables(templates: string[]): Set<string> {
	return new Set(templates.flatMap((template) => [...template.matchAll(PLACEHOLDER)].map(([, path]) => path.split('.')[0])));
}
