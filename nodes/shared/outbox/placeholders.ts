/** A text needs a variable the recipient does not have; sending "Order  shipped" would be worse than not sending. */
export class MissingVariable extends Error {
	constructor(readonly variable: string) {
		super(`the message needs {{${variable}}}, which this recipient does not have`);
	}
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/**
 * Fills `{{name}}`, `{{order.number}}` (dotted paths reach into nested fields) in a text ops staff
 * wrote. Only looked up, never evaluated: the values are data, and so is whatever they contain.
 */
export function render(template: string, variables: Record<string, unknown>): string {
	return template.replace(PLACEHOLDER, (_whole, path: string) => {
		let value: unknown = variables;
		for (const step of path.split('.')) value = (value as Record<string, unknown> | null | undefined)?.[step];
		if (value === undefined || value === null || value === '') throw new MissingVariable(path);
		return typeof value === 'object' ? JSON.stringify(value) : String(value);
	});
}
