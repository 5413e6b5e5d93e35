import { NO_TOPIC, type TopicsReport } from '../reports';
import { chartOrEmpty, COLOR, frame, type Chart, type ChartContext, type ChartRow } from './chart';

/** Topics drawn by name; the rest are summed into one "other" bar. */
export const TOP_TOPICS = 8;

/**
 * Rows `{topic, period, conversations}`: each of the top topics of the period (by conversations,
 * as the report orders them) this period and the one before, then the others together.
 */
export function topicsChart(report: TopicsReport, context: ChartContext): Chart {
	const { words } = context;
	const top = report.rows.slice(0, TOP_TOPICS);
	const rest = report.rows.slice(TOP_TOPICS);
	const bars = top.map((r) => ({ topic: r.topic === NO_TOPIC ? words.unclassified : r.topic, current: r.conversations, previous: r.previous }));
	if (rest.length) {
		bars.push({
			topic: words.other,
			current: rest.reduce((sum, r) => sum + r.conversations, 0),
			previous: rest.reduce((sum, r) => sum + r.previous, 0),
		});
	}
	const rows: ChartRow[] = bars.flatMap((b) => [
		{ topic: b.topic, period: words.thisPeriod, conversations: b.current },
		{ topic: b.topic, period: words.previousPeriod, conversations: b.previous },
	]);
	const chart: Chart = {
		name: 'topics',
		title: words.topics,
		rows,
		spec: frame(words.topics, context.subtitle, {
			data: { values: rows },
			height: { step: 22 },
			mark: { type: 'bar', cornerRadiusEnd: 2 },
			encoding: {
				y: { field: 'topic', type: 'nominal', sort: null, title: null },
				yOffset: { field: 'period', sort: [words.thisPeriod, words.previousPeriod] },
				x: { field: 'conversations', type: 'quantitative', title: words.conversations, axis: { tickMinStep: 1, format: 'd' } },
				color: {
					field: 'period',
					type: 'nominal',
					scale: { domain: [words.thisPeriod, words.previousPeriod], range: [COLOR.current, COLOR.previous] },
				},
			},
		}),
	};
	return chartOrEmpty(chart, report.summary.conversations > 0, context);
}
