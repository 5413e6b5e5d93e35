import type { SlaReport } from '../reports';
import type { ResponseBucket } from '../reports/sla';
import { chartOrEmpty, COLOR, frame, percent, type Chart, type ChartContext, type ChartRow } from './chart';
import type { ChartWords } from './i18n';

const PROMISE_S = 300;

/** "< 1 min", "5–15 min", "15–60 min", "1–4 h", "≥ 4 h": minutes up to the hour, hours past it. */
function bucketLabel(b: ResponseBucket, { minute, hour }: ChartWords): string {
	const span = (seconds: number) => (seconds < 3600 ? `${seconds / 60} ${minute}` : `${seconds / 3600} ${hour}`);
	if (b.toSeconds === null) return `≥ ${span(b.fromSeconds)}`;
	if (b.fromSeconds === 0) return `< ${span(b.toSeconds)}`;
	return b.toSeconds <= 3600 ? `${b.fromSeconds / 60}–${b.toSeconds / 60} ${minute}` : `${b.fromSeconds / 3600}–${b.toSeconds / 3600} ${hour}`;
}

/**
 * Rows `{bucket, count, inTime}`: the SLA report's first-response buckets, those within the usual
 * five-minute promise in the "met" colour, with the share within it under the title.
 */
export function responseTimesChart(report: SlaReport, context: ChartContext): Chart {
	const { words } = context;
	const rows: ChartRow[] = report.distribution.map((b) => ({
		bucket: bucketLabel(b, words),
		count: b.count,
		inTime: b.toSeconds !== null && b.toSeconds <= PROMISE_S ? 1 : 0,
	}));
	const answered = rows.reduce((sum, r) => sum + Number(r.count), 0);
	const within = rows.reduce((sum, r) => sum + Number(r.count) * Number(r.inTime), 0);
	const subtitle = answered ? [context.subtitle, words.withinFiveMinutes(percent(within / answered))] : context.subtitle;
	const chart: Chart = {
		name: 'response_times',
		title: words.distribution,
		rows,
		spec: frame(words.distribution, subtitle, {
			data: { values: rows },
			height: 300,
			layer: [
				{
					mark: { type: 'bar', cornerRadiusEnd: 2 },
					encoding: {
						color: { field: 'inTime', type: 'nominal', scale: { domain: [1, 0], range: [COLOR.met, COLOR.previous] }, legend: null },
					},
				},
				{ mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: 17 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
			],
			encoding: {
				x: { field: 'bucket', type: 'nominal', sort: null, title: null, axis: { labelAngle: 0 } },
				y: { field: 'count', type: 'quantitative', title: words.conversations, axis: { tickMinStep: 1, format: 'd' } },
			},
		}),
	};
	return chartOrEmpty(chart, answered > 0, context);
}
