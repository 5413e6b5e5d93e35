import type { SlaReport } from '../reports';
import { chartOrEmpty, COLOR, frame, percent, type Chart, type ChartContext, type ChartRow } from './chart';

/** Rows `{line, status, count}`: first answers given by their deadline and past it, per line. */
export function slaChart(report: SlaReport, context: ChartContext): Chart {
	const { words } = context;
	const rows: ChartRow[] = report.summary.byLine.flatMap((l) => {
		const line = l.line === null ? words.noLine : words.line(l.line);
		return [
			{ line, status: words.met, count: l.met },
			{ line, status: words.missed, count: l.missed },
		];
	});
	const { metShare } = report.summary;
	const subtitle = metShare === null ? context.subtitle : [context.subtitle, `${words.met}: ${percent(metShare)}`];
	const chart: Chart = {
		name: 'sla',
		title: words.sla,
		rows,
		spec: frame(words.sla, subtitle, {
			data: { values: rows },
			height: { step: 48 },
			mark: { type: 'bar' },
			encoding: {
				y: { field: 'line', type: 'nominal', sort: null, title: null },
				x: { field: 'count', type: 'quantitative', stack: 'zero', title: words.conversations, axis: { tickMinStep: 1, format: 'd' } },
				color: { field: 'status', type: 'nominal', scale: { domain: [words.met, words.missed], range: [COLOR.met, COLOR.missed] } },
				order: { field: 'status', sort: 'descending' },
			},
		}),
	};
	return chartOrEmpty(chart, report.summary.conversations > 0, context);
}
