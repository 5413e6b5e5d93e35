import type { TopicsReport } from '../reports';
import { chartOrEmpty, COLOR, frame, type Chart, type ChartContext, type ChartRow } from './chart';
import { dayLabel } from './i18n';

/**
 * Rows `{week, measure, share}`: per seven days of the period before and this one, the share
 * the bot settled alone and the share whose topic the classifier was unsure of. A week without
 * conversations has no share and no point.
 */
export function weeksChart(report: TopicsReport, context: ChartContext): Chart {
	const { words, language } = context;
	const rows: ChartRow[] = report.weeks.flatMap((w) => {
		const week = dayLabel(w.from, language);
		return [
			...(w.selfServiceRate === null ? [] : [{ week, measure: words.selfService, share: w.selfServiceRate }]),
			...(w.unsureShare === null ? [] : [{ week, measure: words.unsure, share: w.unsureShare }]),
		];
	});
	const weeks = report.weeks.map((w) => dayLabel(w.from, language));
	const chart: Chart = {
		name: 'weeks',
		title: words.weeks,
		rows,
		spec: frame(words.weeks, context.subtitle, {
			data: { values: rows },
			height: 280,
			mark: { type: 'line', point: { size: 90 }, strokeWidth: 3 },
			encoding: {
				x: { field: 'week', type: 'ordinal', sort: weeks, scale: { domain: weeks }, title: words.weekOf, axis: { labelAngle: 0, labelOverlap: 'greedy' } },
				y: { field: 'share', type: 'quantitative', title: words.share, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
				color: { field: 'measure', type: 'nominal', scale: { domain: [words.selfService, words.unsure], range: [COLOR.met, COLOR.missed] } },
			},
		}),
	};
	return chartOrEmpty(chart, rows.length > 0, context);
}
