/**
 * The sites allowed to embed the chat, as the ops person lists them ("https://shop.example,
 * https://www.shop.example"). Empty means any site, as before. Each is reduced to its origin, so
 * that a pasted page URL works and no path or wildcard slips into the page's policy.
 */
export function parseAllowedSites(list: string): string[] {
	return list
		.split(/[\s,]+/)
		.filter(Boolean)
		.map((site) => {
			const url = new URL(site);
			if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${site}" is not a web site address`);
			return url.origin;
		});
}

/** Who may frame the chat page: the listed sites, or any when none are listed. */
export const frameAncestors = (sites: string[]) => (sites.length ? sites.join(' ') : '*');

/**
 * Whether a POST may come from this Origin: the chat page itself (served by n8n, inside the
 * iframe) or a listed site. A browser always sends Origin on a cross-site POST, so another site's
 * script cannot post on a visitor's behalf; a client without Origin is not a browser on any site.
 */
export function originAllowed(origin: string | undefined, ownOrigin: string, sites: string[]): boolean {
	if (!sites.length || origin === undefined) return true;
	return origin === ownOrigin || sites.includes(origin);
}

/**
 * The Access-Control-Allow-Origin a response carries: the caller's origin when it is a listed site,
 * else none. The chat page calls its own origin and needs no CORS; only a listed site's own
 * script may read the chat's answers across origins. n8n itself echoes any Origin, so the trigger
 * replaces what n8n set.
 */
export const corsOrigin = (origin: string | undefined, sites: string[]): string | null =>
	origin !== undefined && sites.includes(origin) ? origin : null;
