/**
 * A contact center's week written straight into a migrated store, with the times a real week
 * would leave (the store's own writers stamp "now", which a report over a past week cannot use).
 * Every time is minutes after the conversation was opened.
 */
import { routerOn } from '../../../nodes/shared/routing';
import type { Db } from '../../../nodes/shared/store';

export const WEEK = { from: new Date('2025-03-03T00:00:00Z'), to: new Date('2025-03-10T00:00:00Z') };

export interface Story {
	topic: string | null;
	channel: string;
	opened: string;
	/** Replies of the bot before anything else happened. */
	bot?: number;
	/** The bot handed the conversation to a person. */
	handoff?: number;
	/** Queued in a skill group (by name); `escalatedTo` is where the SLA timer moved it. */
	queued?: { at: number; group: string; escalatedTo?: string };
	/** Assigned to an operator (by login) who replied at these minutes. */
	operator?: { login: string; assigned: number; replies: number[]; closed?: number };
	/** The Prioritizer's first-response deadline. */
	due?: number;
	rating?: { score: number; at: number };
	tags?: string[];
}

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);

export interface Seeded {
	operators: Record<string, number>;
	tell(story: Story): Promise<number>;
}

/** Skill groups Billing and Tech (line 1) and Experts (line 2), operators Anna and Boris. */
export async function seedCenter(db: Db): Promise<Seeded> {
	const router = routerOn(db);
	const experts = await router.groups.create({ name: 'Experts', line: 2, topics: ['tech'] });
	const groups: Record<string, { id: number; line: number }> = {
		Billing: await router.groups.create({ name: 'Billing', topics: ['billing', 'delivery'] }),
		Tech: await router.groups.create({ name: 'Tech', topics: ['tech'], escalationGroupId: experts.id }),
		Experts: experts,
	};
	const operators: Record<string, number> = {};
	for (const [name, login] of [['Anna', 'anna'], ['Boris', 'boris']]) {
		operators[login] = (await router.operators.create({ name, login, skills: Object.values(groups).map((g) => g.id) })).id;
	}
	let n = 0;

	/** The lifecycle state the story leaves its conversation in (nodes/shared/lifecycle/states.ts). */
	const lifecycleOf = (s: Story) =>
		s.operator?.closed !== undefined ? 'resolved'
		: s.operator?.replies.length ? 'answered'
		: s.operator ? 'assigned'
		: s.queued ? 'queued'
		: 'bot';

	async function tell(s: Story): Promise<number> {
		n++;
		const at = (minutes: number) => plus(s.opened, minutes).toISOString();
		const [customer] = await db.query('INSERT INTO customers (name, created_at, updated_at) VALUES (?, ?, ?) RETURNING id', [`Customer ${n}`, s.opened, s.opened]);
		const closed = s.operator?.closed;
		const [conversation] = await db.query(
			`INSERT INTO conversations (customer_id, channel, account, conversation_key, status, state, topic, created_at, updated_at, closed_at)
			 VALUES (?, ?, 'main', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[customer.id, s.channel, `chat-${n}`, closed === undefined ? 'open' : 'closed', lifecycleOf(s), s.topic, s.opened, s.opened, closed === undefined ? null : at(closed)],
		);
		const id = Number(conversation.id);
		const message = (author: string, minutes: number) =>
			db.query(
				`INSERT INTO messages (conversation_id, direction, channel, account, author, text, status, created_at, updated_at)
				 VALUES (?, ?, ?, 'main', ?, 'text', ?, ?, ?)`,
				[id, author === 'customer' ? 'in' : 'out', s.channel, author, author === 'customer' ? 'received' : 'sent', at(minutes), at(minutes)],
			);
		await message('customer', 0);
		for (let i = 0; i < (s.bot ?? 0); i++) await message('bot', 0);
		if (s.handoff !== undefined) {
			await db.query("INSERT INTO bot_conversations (conversation_id, handoff_reason, handoff_at, updated_at) VALUES (?, 'asked_for_person', ?, ?)", [
				id,
				at(s.handoff),
				at(s.handoff),
			]);
		}
		if (s.queued) {
			const group = groups[s.queued.escalatedTo ?? s.queued.group];
			const op = s.operator;
			const ms = (minutes: number | undefined) => (minutes === undefined ? null : plus(s.opened, minutes).getTime());
			await db.query(
				`INSERT INTO routing_entries (conversation_id, customer_id, group_id, line, topic, channel, state, operator_id, enqueued_ms, assigned_ms, closed_ms, escalations, deadline_ms)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				[id, customer.id, group.id, group.line, s.topic, s.channel, op ? (closed === undefined ? 'assigned' : 'closed') : 'queued',
					op ? operators[op.login] : null, ms(s.queued.at), ms(op?.assigned), ms(closed), s.queued.escalatedTo ? 1 : 0,
					// The route took the Prioritizer's deadline; an operator's answer cleared it.
					['queued', 'assigned'].includes(lifecycleOf(s)) ? ms(s.due) : null],
			);
		}
		for (const minutes of s.operator?.replies ?? []) await message(`operator:${operators[s.operator!.login]}`, minutes);
		if (s.due !== undefined) {
			await db.query("INSERT INTO conversation_priority (conversation_id, score, level, first_response_due, updated_at) VALUES (?, 0, 'normal', ?, ?)", [
				id,
				at(s.due),
				s.opened,
			]);
		}
		if (s.rating) {
			await db.query('INSERT INTO ratings (conversation_id, customer_id, operator_id, requested_ms, score, rated_ms) VALUES (?, ?, ?, ?, ?, ?)', [
				id,
				customer.id,
				operators[s.operator!.login],
				plus(s.opened, s.rating.at - 1).getTime(),
				s.rating.score,
				plus(s.opened, s.rating.at).getTime(),
			]);
		}
		for (const tag of s.tags ?? []) await db.query('INSERT INTO conversation_tags (conversation_id, tag, created_at) VALUES (?, ?, ?)', [id, tag, s.opened]);
		return id;
	}
	return { operators, tell };
}

/**
 * The week of 3–10 March 2025 and the end of the week before. Anna answers in one to five
 * minutes and is rated well; Boris takes ten to thirty and is rated lower.
 */
export const STORIES: Story[] = [
	// The week before: two the bot settled (one about returns, a topic gone this week), one Anna answered.
	{ topic: 'delivery', channel: 'telegram', opened: '2025-02-25T09:00:00.000Z', bot: 1 },
	{ topic: 'returns', channel: 'webchat', opened: '2025-02-26T11:00:00.000Z', bot: 2 },
	{
		topic: 'billing', channel: 'telegram', opened: '2025-02-27T10:00:00.000Z', bot: 1, handoff: 1,
		queued: { at: 1, group: 'Billing' }, operator: { login: 'anna', assigned: 1, replies: [2], closed: 20 }, due: 6,
		rating: { score: 5, at: 30 }, tags: ['refund'],
	},
	// Opened on Sunday night, answered by Anna five minutes later, on Monday: last week's topic, this week's answer.
	{
		topic: 'billing', channel: 'telegram', opened: '2025-03-02T23:58:00.000Z', handoff: 0,
		queued: { at: 0, group: 'Billing' }, operator: { login: 'anna', assigned: 1, replies: [5], closed: 12 }, due: 5,
	},

	// This week: the bot alone settles three delivery questions.
	{ topic: 'delivery', channel: 'telegram', opened: '2025-03-03T09:00:00.000Z', bot: 2, tags: ['tracking'] },
	{ topic: 'delivery', channel: 'webchat', opened: '2025-03-04T10:00:00.000Z', bot: 1, tags: ['tracking'] },
	{ topic: 'delivery', channel: 'viber', opened: '2025-03-05T12:00:00.000Z', bot: 1 },
	// Anna: 1 and 3 minutes, both in time, rated 5 and 4.
	{
		topic: 'delivery', channel: 'telegram', opened: '2025-03-03T10:00:00.000Z', bot: 1, handoff: 2,
		queued: { at: 2, group: 'Billing' }, operator: { login: 'anna', assigned: 2, replies: [3, 10], closed: 30 }, due: 7,
		rating: { score: 5, at: 35 }, tags: ['late'],
	},
	{
		topic: 'billing', channel: 'telegram', opened: '2025-03-04T14:00:00.000Z', bot: 1, handoff: 1,
		queued: { at: 1, group: 'Billing' }, operator: { login: 'anna', assigned: 1, replies: [4, 8, 15], closed: 40 }, due: 6,
		rating: { score: 4, at: 45 }, tags: ['refund'],
	},
	// Boris: 10 minutes (late), 20 (in time on an e-mail's hour), 30 after an escalation to line 2 (late).
	{
		topic: 'billing', channel: 'whatsapp', opened: '2025-03-05T09:00:00.000Z', bot: 1, handoff: 0,
		queued: { at: 0, group: 'Billing' }, operator: { login: 'boris', assigned: 0, replies: [10], closed: 60 }, due: 5,
		rating: { score: 3, at: 65 }, tags: ['refund'],
	},
	{
		topic: 'billing', channel: 'email', opened: '2025-03-06T08:00:00.000Z',
		queued: { at: 0, group: 'Billing' }, operator: { login: 'boris', assigned: 5, replies: [20, 50] }, due: 60,
	},
	{
		topic: 'tech', channel: 'webchat', opened: '2025-03-07T15:00:00.000Z', bot: 2, handoff: 1,
		queued: { at: 1, group: 'Tech', escalatedTo: 'Experts' }, operator: { login: 'boris', assigned: 20, replies: [31], closed: 90 }, due: 16,
		rating: { score: 2, at: 95 }, tags: ['bug'],
	},
	// Nobody answered: one long overdue, one whose deadline falls after the week.
	{ topic: 'tech', channel: 'telegram', opened: '2025-03-08T10:00:00.000Z', handoff: 0, queued: { at: 0, group: 'Tech' }, due: 10 },
	{ topic: 'tech', channel: 'telegram', opened: '2025-03-09T23:50:00.000Z', handoff: 0, queued: { at: 0, group: 'Tech' }, due: 30 },
	// A message nobody, not even the bot, answered, and no topic found.
	{ topic: null, channel: 'telegram', opened: '2025-03-06T03:00:00.000Z' },
];
