import { NetworkError } from '../common/http';
import type { AttemptOutcome } from '../common/retry';
import { GraphApiError } from './graph';

/**
 * Graph error codes every Meta channel shares. Passing: 1 unknown and 2 service errors, 4 app,
 * 17 user, 32 page, 613 call-rate and 80007 WhatsApp account rate limits, 130429 WhatsApp
 * throughput, 131056 WhatsApp pair rate (same recipient too fast). The rest are for good.
 */
const TRANSIENT: Record<number, string> = {
	1: 'server_error',
	2: 'server_error',
	4: 'rate_limited',
	17: 'rate_limited',
	32: 'rate_limited',
	613: 'rate_limited',
	80007: 'rate_limited',
	130429: 'rate_limited',
	131056: 'pair_rate_limited',
};

const PERMANENT: Record<string, string> = {
	'190': 'invalid_token',
	'100': 'invalid_parameter',
	'10': 'permission_denied',
	'200': 'permission_denied',
};

/**
 * Decides whether a failed Graph call is worth another try. `platform` maps the codes only one
 * channel uses (`131026`, or `10/2018278` for code and subcode) to our permanent codes; a
 * code/subcode entry wins over the code alone.
 */
export function classifyGraphError(error: unknown, platform: Record<string, string> = {}): AttemptOutcome {
	if (error instanceof NetworkError) return { ok: false, transient: true, code: 'network', reason: error.message };
	if (!(error instanceof GraphApiError)) throw error;
	const reason = error.details ? `${error.error.message} (${error.details})` : error.error.message;
	const known = platform[`${error.code}/${error.subcode}`] ?? platform[String(error.code)] ?? PERMANENT[String(error.code)];
	if (known) return { ok: false, permanent: true, code: known, reason };
	const passing = TRANSIENT[error.code] ?? (error.status >= 500 ? 'server_error' : error.status === 429 ? 'rate_limited' : undefined);
	if (passing) return { ok: false, transient: true, code: passing, reason };
	return { ok: false, permanent: true, code: 'bad_request', reason };
}
