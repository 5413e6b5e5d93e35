import { request, type HttpAnswer } from '../common/http';
import { paced } from '../common/rateLimit';

export const GRAPH_API = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v21.0';

/** Graph API's error object, as every Meta API returns it. */
export interface GraphErrorBody {
	message: string;
	type?: string;
	code: number;
	error_subcode?: number;
	error_data?: unknown;
	fbtrace_id?: string;
}

/** Graph refused a call; `code`/`subcode` classify it, `status` is the HTTP status. */
export class GraphApiError extends Error {
	readonly name = 'GraphApiError';
	readonly code: number;
	readonly subcode?: number;
	readonly details?: string;
	constructor(
		readonly status: number,
		readonly error: GraphErrorBody,
	) {
		super(`Graph API error ${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''}: ${error.message}`);
		this.code = error.code;
		this.subcode = error.error_subcode;
		// WhatsApp puts the human explanation in error_data.details.
		const details = (error.error_data as { details?: unknown } | undefined)?.details;
		this.details = typeof details === 'string' ? details : undefined;
	}
}

export interface GraphClientOptions {
	accessToken: string;
	baseUrl?: string;
	version?: string;
	/** WhatsApp documents a Bearer header; Messenger and Instagram the access_token query parameter. */
	tokenIn?: 'header' | 'query';
	/** Whose limit the token's calls count against. */
	platform: 'whatsapp' | 'messenger' | 'instagram';
}

/**
 * The Graph API calls the Meta channels make. Returns the answer's JSON or throws GraphApiError
 * (Meta answered no) or NetworkError (no answer); the token never goes into an error message.
 */
export class GraphClient {
	private readonly root: string;

	constructor(private readonly opts: GraphClientOptions) {
		this.root = `${(opts.baseUrl || GRAPH_API).replace(/\/+$/, '')}/${versionSegment(opts.version)}`;
	}

	get = <T>(path: string, params: Record<string, string> = {}) => this.call<T>('GET', path, params);

	post = <T>(path: string, body: unknown) => this.call<T>('POST', path, {}, body);

	private async call<T>(method: 'GET' | 'POST', path: string, params: Record<string, string>, body?: unknown): Promise<T> {
		const byQuery = this.opts.tokenIn === 'query';
		const answer = await paced(this.opts.platform, this.opts.accessToken, () =>
			request({
				method,
				url: `${this.root}/${path.replace(/^\/+/, '')}`,
				params: byQuery ? { ...params, access_token: this.opts.accessToken } : params,
				headers: {
					...(byQuery ? {} : { Authorization: `Bearer ${this.opts.accessToken}` }),
					...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				},
				data: body,
			}),
		);
		if (answer.status >= 200 && answer.status < 300 && !graphError(answer.data)) return answer.data as T;
		throw toGraphError(answer);
	}
}

/** `v21.0`, `21.0` and `21` all name version 21.0. */
export function versionSegment(version: string = DEFAULT_GRAPH_VERSION): string {
	const bare = version.trim().replace(/^v/i, '') || DEFAULT_GRAPH_VERSION.slice(1);
	return `v${bare.includes('.') ? bare : `${bare}.0`}`;
}

function graphError(data: unknown): GraphErrorBody | undefined {
	const error = (data as { error?: unknown } | null)?.error;
	return typeof error === 'object' && error !== null && typeof (error as GraphErrorBody).code === 'number'
		? (error as GraphErrorBody)
		: undefined;
}

/** A proxy in front of Graph may answer with HTML; the HTTP status still classifies it. */
function toGraphError(answer: HttpAnswer): GraphApiError {
	return new GraphApiError(
		answer.status,
		graphError(answer.data) ?? { code: 0, message: `unexpected answer with HTTP ${answer.status}` },
	);
}
