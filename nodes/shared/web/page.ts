import { randomBytes } from 'node:crypto';

/** A page the pack serves through an n8n webhook, with the policy that goes with it. */
export interface ServedPage {
	html: string;
	contentSecurityPolicy: string;
	/** Whether other sites may embed it in a frame (the web chat widget does). */
	frameable: boolean;
}

/** A fresh nonce per response: only the page's own script and style carry it. */
export const pageNonce = () => randomBytes(16).toString('base64');

export const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON for an inline `<script type="application/json">`: `<` escaped so no text can close the tag. */
export const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Nothing runs but the page's nonce-tagged script and style, and it talks to its own origin
 * only. `framedBy` says who may embed it: the web chat lives in an iframe on the sites the ops
 * person listed (any when none are), the operator desk is never framed (`'none'`).
 */
export function strictCsp(nonce: string, framedBy: string): string {
	return [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src 'nonce-${nonce}'`,
		"connect-src 'self'",
		"img-src 'self' data:",
		"form-action 'none'",
		"base-uri 'none'",
		`frame-ancestors ${framedBy}`,
	].join('; ');
}
