/** A refusal the desk answers with its HTTP status and a reason the operator can act on. */
export class DeskError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 429,
		message: string,
	) {
		super(message);
		this.name = 'DeskError';
	}
}
