import { BlockList, isIP } from 'node:net';

/** "::ffff:10.0.0.1" is how a dual-stack server sees 10.0.0.1. */
const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** The proxies an ops person listed, as addresses or CIDR ranges: "10.0.0.5, 192.168.0.0/16, ::1". */
export function parseTrustedProxies(list: string): BlockList {
	const proxies = new BlockList();
	for (const entry of list.split(/[\s,]+/).filter(Boolean)) {
		const [address, prefix] = entry.split('/');
		const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
		if (!isIP(address)) throw new Error(`"${entry}" is not an IP address or range`);
		if (prefix === undefined) proxies.addAddress(address, family);
		else proxies.addSubnet(address, Number(prefix), family);
	}
	return proxies;
}

const listed = (proxies: BlockList, address: string) => isIP(address) !== 0 && proxies.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * The visitor's address. X-Forwarded-For is anyone's to write, so it counts only when the
 * connection comes from a listed proxy; then the right-most entry that is not a listed proxy is
 * the visitor (entries left of it were written by whoever reached the first proxy).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, proxies: BlockList): string {
	let address = plain(peer ?? '');
	if (!listed(proxies, address) || !forwardedFor) return address || 'unknown';
	const hops = forwardedFor.split(',').map(plain).filter(Boolean);
	while (hops.length && listed(proxies, address)) address = hops.pop()!;
	return address;
}
