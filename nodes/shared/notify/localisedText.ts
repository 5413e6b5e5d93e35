import { forLanguage } from '../outbox/languages';

/**
 * The text for a customer's language: an exact match ("pt-BR"), then the base language ("pt"),
 * then the default language, then any text at all so that nobody is skipped for lack of a translation.
 */
export function textFor(texts: Record<string, string>, language: string | null, defaultLanguage: string): { language: string; text: string } {
	const available = Object.entries(texts)
		.filter(([, text]) => text.trim() !== '')
		.map(([code, text]) => ({ language: code, text }));
	if (!available.length) throw new Error('The notification has no text in any language');
	return (
		forLanguage(available, language) ??
		available.find((entry) => entry.language.toLowerCase() === defaultLanguage.toLowerCase()) ??
		available[0]
	);
}
