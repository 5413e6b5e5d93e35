/** Polls until `probe` gives a value other than undefined/false, or fails naming what it waited for. */
export async function eventually<T>(
	what: string,
	probe: () => Promise<T | undefined | false> | T | undefined | false,
	timeoutMs = 20_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Polls `probe` until it reads the same (compared as JSON) twice `everyMs` apart, and returns that:
 * how a test knows no further reply or row is coming, so that a doubled one would show. As in
 * `eventually`, undefined or false means nothing yet.
 */
export async function settled<T>(
	what: string,
	probe: () => T | undefined | false,
	{ everyMs = 1500, timeoutMs = 30_000 }: { everyMs?: number; timeoutMs?: number } = {},
): Promise<T> {
	let seen: string | undefined;
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
		await new Promise((resolve) => setTimeout(resolve, everyMs));
		const value = probe();
		const now = value === undefined || value === false ? undefined : JSON.stringify(value);
		if (now !== undefined && now === seen) return value as T;
		seen = now;
	}
	throw new Error(`${what} did not settle within ${timeoutMs / 1000} s`);
}
