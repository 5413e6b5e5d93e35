import { z } from 'zod';

import { ChannelSchema, InboundMessageSchema } from './schema';

/*
 * The item contract of the support pipeline: the keys each node of the pack adds to an item and
 * the next ones read. A node adds its key and keeps the rest, so an item that reaches the Skill
 * Router carries everything before it. Only what another node (or a template's expression) reads
 * is pinned here; the rest of each object passes through unchecked, so a node may add detail
 * without changing the contract. test/engine/item-contract.test.ts runs the shipped pipeline and
 * checks every item that leaves every node against this, and every item path a node's field says
 * it reads against `ITEM_PATHS`.
 */

const id = z.number().int().positive();
const when = z.string().min(1);

/** Log Conversation: who wrote and in which conversation the message was stored. */
export const LoggedSchema = z.object({
	message: InboundMessageSchema,
	customer: z.object({ id, vipTier: z.number(), language: z.string().nullable() }).passthrough(),
	conversation: z
		.object({
			id,
			customerId: id,
			channel: ChannelSchema,
			status: z.string(),
			topic: z.string().nullable(),
			language: z.string().nullable(),
			createdAt: when,
		})
		.passthrough(),
	storedMessageId: id,
	newCustomer: z.boolean(),
	newConversation: z.boolean(),
	/** STOP / START and their translations, when the message was one. */
	consentWord: z.string().optional(),
	/** A score answering a rating request (Ratings output only). */
	rating: z.object({}).passthrough().optional(),
});

/** Customer Lookup: the card across channels, and whether the message redeemed a link code. */
export const CardSchema = z.object({
	customerCard: z
		.object({ id: id.nullable(), vipTier: z.number(), language: z.string().nullable(), fields: z.record(z.string()) })
		.passthrough(),
	mergedCustomerIds: z.array(id).optional(),
	linked: z.object({ linked: z.boolean() }).passthrough().optional(),
});

/** Self-Service Bot: what it found and, when it answers or hands off, the words it prepared; why and since when a person is needed (Handoff output). */
export const BotSchema = z.object({
	handoff: z.object({ reason: z.string(), at: when, subject: z.string().optional() }).passthrough().optional(),
	bot: z
		.object({
			language: z.string(),
			intent: z.string().nullable(),
			reply: z.object({ text: z.string(), buttons: z.unknown().optional() }).passthrough().optional(),
			tags: z.array(z.string()).optional(),
		})
		.passthrough(),
});

/** Topic Classifier: the topic (null when the LLM named none) and how sure it is. */
export const ClassificationSchema = z.object({
	classification: z
		.object({ topic: z.string().nullable(), confidence: z.number(), unsure: z.boolean(), language: z.string() })
		.passthrough(),
});

/** Prioritizer: the level the router orders by and the SLA deadlines. */
export const PrioritySchema = z.object({
	priority: z
		.object({
			score: z.number(),
			level: z.string(),
			reasons: z.array(z.string()),
			firstResponseDue: when.nullable(),
			nextResponseDue: when.nullable(),
			repeatOf: z.array(id),
		})
		.passthrough(),
});

/** Skill Router › Route: the outcome, and who answers or the place in the queue. */
export const RoutingSchema = z.object({
	routing: z.discriminatedUnion('outcome', [
		z.object({ outcome: z.literal('assigned'), conversationId: id, operator: z.object({ id, name: z.string() }).passthrough() }).passthrough(),
		z
			.object({ outcome: z.literal('queued'), conversationId: id, position: z.number().int(), expectedWaitMinutes: z.number(), operatorsOnline: z.number().int() })
			.passthrough(),
		z.object({ outcome: z.literal('noGroup'), conversationId: id }).passthrough(),
		z.object({ outcome: z.literal('following'), conversationId: id }).passthrough(),
	]),
});

/** Reply to Customer: whether the answer went out, and why not. */
export const ReplySchema = z.object({
	reply: z.discriminatedUnion('status', [
		z.object({ status: z.literal('sent'), channel: ChannelSchema, externalIds: z.array(z.string()) }).passthrough(),
		z.object({ status: z.literal('failed'), channel: ChannelSchema, permanent: z.boolean(), code: z.string(), reason: z.string() }).passthrough(),
	]),
});

/** Every key of the contract, as an item that went the whole way would carry it. */
export const PipelineItemSchema = LoggedSchema.merge(CardSchema)
	.merge(BotSchema)
	.merge(ClassificationSchema)
	.merge(PrioritySchema)
	.merge(RoutingSchema)
	.merge(ReplySchema)
	.partial()
	.passthrough();

/** The dotted paths into an item that the contract pins (`conversation.id`, `routing.operator.name`, …). */
export const ITEM_PATHS: ReadonlySet<string> = new Set(pathsOf(PipelineItemSchema));

function pathsOf(schema: z.ZodTypeAny, prefix = ''): string[] {
	const inner = unwrap(schema);
	const shapes =
		inner instanceof z.ZodObject
			? [inner.shape as Record<string, z.ZodTypeAny>]
			: inner instanceof z.ZodDiscriminatedUnion
				? (inner.options as z.ZodObject<z.ZodRawShape>[]).map((option) => option.shape as Record<string, z.ZodTypeAny>)
				: [];
	return shapes.flatMap((shape) =>
		Object.entries(shape).flatMap(([key, value]) => {
			const path = prefix ? `${prefix}.${key}` : key;
			return [path, ...pathsOf(value, path)];
		}),
	);
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
		return unwrap(schema._def.innerType as z.ZodTypeAny);
	}
	return schema;
}
