import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A 1×1 PNG, as a platform's file server would serve a customer's photo. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Where a channel keeps customers' files: `/photo.png` is a real picture, `/page.svg` a script-
 * bearing SVG that claims to be an image, `/gone.png` a 404, `/moved?to=<url>` a redirect to
 * anywhere (as a hostile file server would send the desk on). `fetched` lists the paths asked for.
 */
export interface FileHost {
	url(path: string): string;
	fetched: string[];
	close(): Promise<void>;
}

export async function startFileHost(): Promise<FileHost> {
	const fetched: string[] = [];
	const server: Server = createServer((req, res) => {
		fetched.push(req.url ?? '');
		if (req.url === '/photo.png') {
			res.writeHead(200, { 'Content-Type': 'image/png' }).end(TINY_PNG);
		} else if (req.url?.startsWith('/moved?to=')) {
			res.writeHead(302, { Location: decodeURIComponent(req.url.slice('/moved?to='.length)) }).end();
		} else if (req.url === '/page.svg') {
			res.writeHead(200, { 'Content-Type': 'image/png' }).end('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
		} else {
			res.writeHead(404).end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: (path) => `http://127.0.0.1:${port}${path}`,
		fetched,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
