/**
 * Whether the receiving mail server vouched for a mail's From address, from its
 * Authentication-Results header (RFC 8601). Only the topmost header counts: the receiving server
 * adds it last, whereas lower ones travel with the mail and a sender can write whatever they like
 * there. A From passes with `dmarc=pass` for its domain, or with `dkim=pass` / `spf=pass` for a
 * domain aligned with it (the same domain or a parent of it).
 */
export function fromIsAuthenticated(topmostAuthenticationResults: string | undefined, fromAddress: string | undefined): boolean {
	const fromDomain = fromAddress?.split('@')[1]?.trim().toLowerCase();
	if (!topmostAuthenticationResults || !fromDomain) return false;
	const [, ...results] = withoutComments(topmostAuthenticationResults).split(';');
	return results.some((result) => {
		const [method, ...properties] = result.trim().split(/\s+/);
		const [name, verdict] = (method ?? '').toLowerCase().split('=');
		if (verdict !== 'pass') return false;
		const property = (key: string) => {
			const found = properties.find((p) => p.toLowerCase().startsWith(`${key}=`));
			return found?.slice(key.length + 1).toLowerCase();
		};
		if (name === 'dmarc') return aligned(property('header.from') ?? fromDomain, fromDomain);
		if (name === 'dkim') return aligned(property('header.d') ?? property('header.i')?.split('@').pop(), fromDomain);
		if (name === 'spf') return aligned(property('smtp.mailfrom')?.split('@').pop(), fromDomain);
		return false;
	});
}

const withoutComments = (value: string) => value.replace(/\([^()]*\)/g, ' ');

const aligned = (domain: string | undefined, fromDomain: string) =>
	!!domain && (domain === fromDomain || fromDomain.endsWith(`.${domain}`));
