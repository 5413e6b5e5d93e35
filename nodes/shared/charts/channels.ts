import type { TopicsReport } from '../reports';
import { chartOrEmpty, COLOR, frame, type Chart, type ChartContext, type ChartRow } from './chart';

/** Rows `{channel, conversations}` of the period, busiest first as the report lists them. */
export function channelsChart(report: TopicsReport, context: ChartContext): Chart {
	const { words } = context;
	const rows: ChartRow[] = Object.entries(report.summary.byChannel).map(([channel, conversations]) => ({ channel, conversations }));
	const chart: Chart = {
		name: 'channels',
		title: words.channels,
		rows,
		spec: frame(words.channels, context.subtitle, {
			data: { values: rows },
			height: { step: 40 },
			layer: [
				{ mark: { type: 'bar', color: COLOR.current, cornerRadiusEnd: 2 } },
				{ mark: { type: 'text', align: 'left', dx: 6, fontSize: 17 }, encoding: { text: { field: 'conversations', type: 'quantitative' } } },
			],
			encoding: {
				y: { field: 'channel', type: 'nominal', sort: null, title: null },
				x: { field: 'conversations', type: 'quantitative', title: words.conversations, axis: { tickMinStep: 1, format: 'd' } },
			},
		}),
	};
	return chartOrEmpty(chart, rows.length > 0, context);
}
