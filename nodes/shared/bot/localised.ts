/** A text ops staff write once or per language: `"Hello"` or `{ "en": "Hello", "ru": "Здравствуйте" }`. */
export type Localised = string | Record<string, string>;

/**
 * The text for `language`, else for `fallback`, else any text there is. A plain string serves
 * every language: ops staff who write one language only never see an empty reply.
 */
export function pick(text: Localised | undefined, language: string, fallback = 'en'): string {
	if (text === undefined) return '';
	if (typeof text === 'string') return text;
	return text[language] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

/** Fills `{name}` placeholders; a missing value leaves the placeholder visible rather than blank. */
export function fill(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Accepts a string or a map of language → string, as JSON parameters and CSV cells give them. */
export function toLocalised(value: unknown, what: string): Localised {
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const entries = Object.entries(value as Record<string, unknown>);
		if (entries.every(([, v]) => typeof v === 'string')) return Object.fromEntries(entries) as Record<string, string>;
	}
	throw new Error(`${what} must be a text or an object of language → text`);
}
