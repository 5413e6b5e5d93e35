import type { Db } from '../store/types';
import { conversationFacts, type ConversationFacts } from './facts';
import { callCounts, type CallCounts } from '../calls/record';
import { isoBounds, periodJson, previousOf, type Period } from './period';
import { increment, ranked, ratio } from './stats';

/** The label of conversations the classifier (or an operator) never gave a topic. */
export const NO_TOPIC = 'unclassified';

export interface TagCount {
	tag: string;
	count: number;
}

/** How one slice of the traffic (a topic, or all of it) went. */
export interface TrafficFigures {
	conversations: number;
	previous: number;
	/** conversations − previous. */
	change: number;
	/** change / previous; null when the previous period had none. */
	changeRatio: number | null;
	byChannel: Record<string, number>;
	/** Answered by the bot and never handed to a person. */
	botOnly: number;
	handedOff: number;
	/** botOnly / conversations. */
	selfServiceRate: number | null;
	topTags: TagCount[];
}

export interface TopicRow extends TrafficFigures {
	topic: string;
	/** Of all conversations of the period. */
	share: number | null;
}

/** Seven days of the previous and this period, for the trend of what the bot settles and what the classifier doubts. */
export interface WeekRow {
	from: string;
	conversations: number;
	botOnly: number;
	selfServiceRate: number | null;
	/** Topics the classifier gave with less confidence than `unsureBelow`. */
	unsure: number;
	unsureShare: number | null;
}

export interface TopicsReport {
	report: 'topics';
	period: { from: string; to: string };
	previousPeriod: { from: string; to: string };
	summary: TrafficFigures & { topics: number };
	rows: TopicRow[];
	weeks: WeekRow[];
	/** Phone calls of the period, and how many were taken to a chat instead of waiting. */
	calls: CallCounts;
}

export interface TopicsOptions {
	/** Tags listed per topic (the summary lists twice as many). */
	topTags?: number;
	/** The classifier's confidence threshold: a topic given with less counts as unsure. */
	unsureBelow?: number;
}

const WEEK_MS = 7 * 86_400_000;

/** Seven-day slices from the start of the previous period; the last one ends with the period. */
function weeksOf(facts: ConversationFacts[], from: number, to: number, unsureBelow: number): WeekRow[] {
	const weeks: WeekRow[] = [];
	for (let start = from; start < to; start += WEEK_MS) {
		const of = facts.filter((f) => f.createdMs >= start && f.createdMs < Math.min(start + WEEK_MS, to));
		const botOnly = of.filter(isBotOnly).length;
		const unsure = of.filter((f) => f.classifierConfidence !== null && f.classifierConfidence < unsureBelow).length;
		weeks.push({
			from: new Date(start).toISOString(),
			conversations: of.length,
			botOnly,
			selfServiceRate: ratio(botOnly, of.length, 4),
			unsure,
			unsureShare: ratio(unsure, of.length, 4),
		});
	}
	return weeks;
}

/** Answered by the bot and never handed to a person. */
export const isBotOnly = (f: ConversationFacts) => !f.handedOff && f.botReplies > 0;

interface Slice {
	current: ConversationFacts[];
	previous: number;
	tags: Map<string, number>;
}

async function tagCounts(db: Db, period: Period): Promise<Array<{ topic: string; tag: string; count: number }>> {
	const rows = await db.query(
		`SELECT c.topic, t.tag, count(*) AS n FROM conversation_tags t JOIN conversations c ON c.id = t.conversation_id
		 WHERE c.created_at >= ? AND c.created_at < ? GROUP BY c.topic, t.tag`,
		isoBounds(period),
	);
	return rows.map((r) => ({ topic: r.topic === null ? NO_TOPIC : String(r.topic), tag: String(r.tag), count: Number(r.n) }));
}

function figures(slice: Slice, tagLimit: number): TrafficFigures {
	const { current, previous } = slice;
	const byChannel = new Map<string, number>();
	for (const f of current) increment(byChannel, f.channel);
	const botOnly = current.filter(isBotOnly).length;
	return {
		conversations: current.length,
		previous,
		change: current.length - previous,
		changeRatio: ratio(current.length - previous, previous),
		byChannel: Object.fromEntries(ranked(byChannel, Infinity).map(({ label, count }) => [label, count])),
		botOnly,
		handedOff: current.filter((f) => f.handedOff).length,
		selfServiceRate: ratio(botOnly, current.length),
		topTags: ranked(slice.tags, tagLimit).map(({ label, count }) => ({ tag: label, count })),
	};
}

/**
 * Conversations opened in the period per topic and channel, against the period of equal length
 * before, with the topics' most used tags and how much the bot settled alone. A topic seen only
 * in the previous period is kept, at zero, so that a drop shows.
 */
export async function topicsReport(db: Db, period: Period, options: TopicsOptions = {}): Promise<TopicsReport> {
	const tagLimit = options.topTags ?? 3;
	const before = previousOf(period);
	const [current, previous, tags, calls] = await Promise.all([
		conversationFacts(db, period, 'created_at'),
		conversationFacts(db, before, 'created_at'),
		tagCounts(db, period),
		callCounts(db, isoBounds(period)),
	]);

	const slices = new Map<string, Slice>();
	const sliceOf = (topic: string) => {
		let slice = slices.get(topic);
		if (!slice) slices.set(topic, (slice = { current: [], previous: 0, tags: new Map() }));
		return slice;
	};
	for (const f of current) sliceOf(f.topic ?? NO_TOPIC).current.push(f);
	for (const f of previous) sliceOf(f.topic ?? NO_TOPIC).previous++;
	const allTags = new Map<string, number>();
	for (const { topic, tag, count } of tags) {
		increment(sliceOf(topic).tags, tag, count);
		increment(allTags, tag, count);
	}

	const rows = [...slices]
		.map(([topic, slice]) => ({ topic, share: ratio(slice.current.length, current.length, 4), ...figures(slice, tagLimit) }))
		.sort((a, b) => b.conversations - a.conversations || a.topic.localeCompare(b.topic));
	const whole = figures({ current, previous: previous.length, tags: allTags }, tagLimit * 2);
	return {
		report: 'topics',
		period: periodJson(period),
		previousPeriod: periodJson(before),
		summary: { ...whole, topics: rows.filter((r) => r.conversations > 0).length },
		rows,
		weeks: weeksOf([...previous, ...current], before.from.getTime(), period.to.getTime(), options.unsureBelow ?? 0.5),
		calls,
	};
}
