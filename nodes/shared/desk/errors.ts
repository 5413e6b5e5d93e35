/** A refusal the desk answers with its HTTP status and a reason the operator can act on. */
export class DeskError extends Error {
	constructor(
		// 502: a server beyond the desk (where a customer's file lives) failed it.
		readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 502,
		message: string,
	) {
		super(message);
		this.name = 'DeskError';
	}
}
