/** The entry for a customer's language: an exact match ("pt-BR"), else the base language ("pt"); case does not matter. */
export function forLanguage<T extends { language: string }>(entries: T[], language: string | null | undefined): T | undefined {
	if (!language) return undefined;
	const wanted = language.toLowerCase();
	const match = (code: string) => entries.find((entry) => entry.language.toLowerCase() === code);
	return match(wanted) ?? match(wanted.split(/[-_]/)[0]);
}
