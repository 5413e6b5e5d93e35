import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

import { request, type HttpAnswer } from '../channels/common/http';

/**
 * Addresses a URL taken from a customer's message must never reach: this host, the private
 * networks behind it, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * multicast and reserved ranges. IPv4-mapped IPv6 addresses are matched by their IPv4 part.
 */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['224.0.0.0', 4],
	['240.0.0.0', 4],
] as const)
	NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
	['::', 128],
	['::1', 128],
	['64:ff9b::', 96],
	['fc00::', 7],
	['fe80::', 10],
	['ff00::', 8],
] as const)
	NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/**
 * Internal addresses an install does let the desk fetch from (a media server inside its own
 * network, the fake platforms of the tests), from `CONTACT_CENTER_FETCH_ALLOW`: addresses or
 * CIDR ranges, comma-separated. Read on each call so that an install changes it with a restart.
 */
function allowedInternal(): BlockList {
	const allowed = new BlockList();
	for (const entry of (process.env.CONTACT_CENTER_FETCH_ALLOW ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
		const [address, bits] = entry.split('/');
		const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
		if (!isIP(address)) continue;
		if (bits === undefined) allowed.addAddress(address, family);
		else allowed.addSubnet(address, Number(bits), family);
	}
	return allowed;
}

export class NotPublicError extends Error {
	readonly name = 'NotPublicError';
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
	return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** Whether the pack may connect to this address on a customer's behalf. */
export function isPublicAddress(address: string, allowed = allowedInternal()): boolean {
	const family = familyOf(address);
	return allowed.check(address, family) || !NOT_PUBLIC.check(address, family);
}

/** The one address of `host` this request will use, checked; connecting to it (not resolving again) keeps a DNS answer from changing in between. */
async function publicAddressOf(host: string): Promise<{ address: string; family: 4 | 6 }> {
	const bare = host.replace(/^\[|\]$/g, '');
	const answers = isIP(bare) ? [{ address: bare, family: isIP(bare) as 4 | 6 }] : await lookup(bare, { all: true });
	const allowed = allowedInternal();
	const refused = answers.find((a) => !isPublicAddress(a.address, allowed));
	// One internal answer among public ones is enough to refuse: the attacker controls the DNS.
	if (refused || answers.length === 0) throw new NotPublicError(`${host} is not a public address`);
	return answers[0] as { address: string; family: 4 | 6 };
}

/**
 * GET a URL that came from outside (a customer's attachment), only from public addresses: each
 * hop of a redirect is resolved and checked again, and the connection goes to the address that
 * was checked.
 */
export async function fetchPublic(url: string, options: { timeout: number; maxBytes: number; maxRedirects: number }): Promise<HttpAnswer> {
	let current = new URL(url);
	for (let hop = 0; ; hop++) {
		if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new NotPublicError(`${current.protocol} links are not fetched`);
		const pinned = await publicAddressOf(current.hostname);
		const answer = await request({
			method: 'GET',
			url: current.toString(),
			responseType: 'arraybuffer',
			timeout: options.timeout,
			maxContentLength: options.maxBytes,
			maxRedirects: 0,
			lookup: (_host, _options, done) => done(null, pinned.address, pinned.family),
		});
		const location = answer.headers.location;
		if (answer.status < 300 || answer.status >= 400 || !location) return answer;
		if (hop >= options.maxRedirects) throw new NotPublicError(`more than ${options.maxRedirects} redirects`);
		current = new URL(location, current);
	}
}
