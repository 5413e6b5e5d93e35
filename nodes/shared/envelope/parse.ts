import type { ZodType, ZodTypeDef } from 'zod';

import {
	InboundMessageSchema,
	OutboundMessageSchema,
	type InboundMessage,
	type OutboundMessage,
} from './schema';

/** A payload that does not fit the envelope; the message names every field that is wrong. */
export class EnvelopeError extends Error {
	constructor(what: string, public readonly issues: string[]) {
		super(`${what} is not valid: ${issues.join('; ')}`);
		this.name = 'EnvelopeError';
	}
}

function parseWith<T>(schema: ZodType<T, ZodTypeDef, unknown>, what: string, input: unknown): T {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	throw new EnvelopeError(
		what,
		result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
	);
}

export const parseInbound = (input: unknown): InboundMessage =>
	parseWith(InboundMessageSchema, 'Inbound message', input);

export const parseOutbound = (input: unknown): OutboundMessage =>
	parseWith(OutboundMessageSchema, 'Outbound message', input);
