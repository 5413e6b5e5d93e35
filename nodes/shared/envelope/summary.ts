import { z } from 'zod';

import { InboundMessageSchema } from './schema';
import { BotSchema, ClassificationSchema, LoggedSchema, ReplySchema, RoutingSchema } from './item';

/*
 * The one line an ops person reads in n8n's execution view to see which way a customer's message
 * went: who wrote, then the furthest step of the support pipeline the item reached. It is made from
 * the item contract alone, so every node that keeps the contract gets it without code of its own,
 * and each item of a batch execution (several customers at once) tells its own customer's path.
 */

const HANDOFF_REASONS: Record<string, string> = {
	asked_for_person: 'asked for a person',
	not_understood: 'the bot did not understand',
	repeated_failures: 'the bot missed several times',
	anger: 'the customer is upset',
	menu_choice: 'chosen in the menu',
};

/** One key of the contract, when the item holds it in the contract's shape. */
function read<T extends z.AnyZodObject, K extends keyof T['shape'] & string>(schema: T, key: K, item: Record<string, unknown>): z.infer<T>[K] | undefined {
	const parsed = (schema.shape[key] as z.ZodTypeAny).safeParse(item[key]);
	return parsed.success && parsed.data !== undefined ? parsed.data : undefined;
}

/** Built once: zod builds a new schema on every pick, and every node asks for every item. */
const SenderSchema = InboundMessageSchema.pick({ channel: true, sender: true });

function who(item: Record<string, unknown>): string | undefined {
	const message = SenderSchema.safeParse(item.message);
	if (!message.success) return undefined;
	const { sender, channel } = message.data;
	return `${sender.name ?? sender.username ?? sender.id} on ${channel}`;
}

/** The router adds the skill group it chose beside what the contract pins. */
const RoutedGroupSchema = z.object({ name: z.string(), line: z.number().optional() });

function routed(routing: z.infer<typeof RoutingSchema>['routing']): string {
	const group = RoutedGroupSchema.safeParse(routing.group);
	const to = group.success ? ` to ${group.data.name}${group.data.line ? ` (line ${group.data.line})` : ''}` : '';
	switch (routing.outcome) {
		case 'assigned':
			return `handed off${to}, assigned to ${routing.operator.name}`;
		case 'queued':
			return `handed off${to}, queued #${routing.position}`;
		case 'noGroup':
			return 'handed off, no skill group takes it';
		case 'following':
			return 'follow-up, with the people who have the conversation';
	}
}

/** Where the item's message got to, without who wrote it. */
function step(item: Record<string, unknown>): string | undefined {
	const routing = read(RoutingSchema, 'routing', item);
	if (routing) return routed(routing);
	const classification = read(ClassificationSchema, 'classification', item);
	const handoff = read(BotSchema, 'handoff', item);
	if (handoff) {
		const why = HANDOFF_REASONS[handoff.reason] ?? handoff.reason;
		const topic = !classification ? '' : classification.topic ? `, topic ${classification.topic}` : ', no topic';
		return `handed off (${why})${topic}`;
	}
	if (classification) return `topic ${classification.topic ?? 'unknown'}${classification.unsure ? ' (unsure)' : ''}`;
	const bot = read(BotSchema, 'bot', item);
	if (bot?.reply) return `bot answered: ${(bot.intent ?? 'menu').replace(/[_-]+/g, ' ')}`;
	const conversation = read(LoggedSchema, 'conversation', item);
	if (conversation) return `logged in conversation #${conversation.id}`;
	return undefined;
}

/**
 * "Anna on telegram: handed off to Billing (line 1), queued #3", "… bot answered: delivery time",
 * "… failed: telegram blocked (Forbidden: bot was blocked by the user)", "… after a failure (…), handed
 * off to General (line 1), queued #1"; undefined for an item that
 * carries no customer message (a report, an admin action).
 */
export function pathSummary(item: Record<string, unknown>): string | undefined {
	const reply = read(ReplySchema, 'reply', item);
	const reached = step(item);
	const told = reply?.status === 'failed' ? `failed: ${reply.channel} ${reply.code} (${reply.reason})` : reply ? 'reply sent' : undefined;
	// A step before failed on it and the template took it on by that step's error output.
	const failure = typeof item.error === 'string' ? `after a failure (${item.error})` : undefined;
	const path = [failure, reached, told].filter(Boolean).join(', ');
	const sender = who(item);
	if (!path) return undefined;
	return sender ? `${sender}: ${path}` : path;
}

/** The line for an item a step failed on (under Continue On Fail). */
export function failureSummary(item: Record<string, unknown>, step: string, reason: string): string {
	const sender = who(item);
	return `${sender ? `${sender}: ` : ''}failed at ${step}: ${reason}`;
}
