/**
 * The text for a customer's language: an exact match ("pt-BR"), then the base language ("pt"),
 * then the default language, then any text at all so that nobody is skipped for lack of a translation.
 */
export function textFor(texts: Record<string, string>, language: string | null, defaultLanguage: string): { language: string; text: string } {
	const available = Object.entries(texts).filter(([, text]) => text.trim() !== '');
	if (!available.length) throw new Error('The notification has no text in any language');
	const wanted = [language, language?.split(/[-_]/)[0], defaultLanguage].filter(Boolean).map((l) => (l as string).toLowerCase());
	for (const code of wanted) {
		const found = available.find(([l]) => l.toLowerCase() === code);
		if (found) return { language: found[0], text: found[1] };
	}
	return { language: available[0][0], text: available[0][1] };
}
