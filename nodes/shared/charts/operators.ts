import type { OperatorReport } from '../reports';
import { round } from '../reports/stats';
import { chartOrEmpty, COLOR, frame, type Chart, type ChartContext, type ChartRow } from './chart';

/** Bars per operator with the team's figure as a labelled rule across them. */
function againstTeam(
	name: string,
	title: string,
	axis: { field: string; title: string; whole: boolean },
	rows: ChartRow[],
	reference: number | null,
	context: ChartContext,
): Chart {
	const layers: object[] = [
		{
			data: { values: rows },
			mark: { type: 'bar', color: COLOR.current, cornerRadiusEnd: 2 },
			encoding: {
				y: { field: 'operator', type: 'nominal', sort: null, title: null },
				x: { field: axis.field, type: 'quantitative', title: axis.title, axis: axis.whole ? { tickMinStep: 1, format: 'd' } : {} },
			},
		},
	];
	if (reference !== null) {
		const team = { data: { values: [{ team: reference, label: `${context.words.teamAverage} ${reference}` }] } };
		layers.push(
			{ ...team, mark: { type: 'rule', color: COLOR.rule, strokeWidth: 3, strokeDash: [8, 4] }, encoding: { x: { field: 'team', type: 'quantitative' } } },
			{
				...team,
				mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 6, y: 0, fontSize: 17, fontWeight: 'bold', color: COLOR.rule },
				encoding: { x: { field: 'team', type: 'quantitative' }, text: { field: 'label' } },
			},
		);
	}
	const chart: Chart = { name, title, rows, reference, spec: frame(title, context.subtitle, { height: { step: 40 }, layer: layers }) };
	return chartOrEmpty(chart, rows.length > 0, context);
}

/** Rows `{operator, handled}`; the rule is the team's average per operator. */
export function handledChart(report: OperatorReport, context: ChartContext): Chart {
	const rows = report.rows.map((r) => ({ operator: r.name, handled: r.handled }));
	const { words } = context;
	return againstTeam('operators_handled', words.handled, { field: 'handled', title: words.handledAxis, whole: true }, rows, report.team.perOperator.handled, context);
}

const minutes = (seconds: number | null) => (seconds === null ? null : round(seconds / 60, 1));

/**
 * Rows `{operator, minutes}`: each operator's first-response median in minutes; the rule is the
 * team's. Operators who gave no first answer in the period have no median and no bar.
 */
export function responseChart(report: OperatorReport, context: ChartContext): Chart {
	const rows = report.rows
		.filter((r) => r.firstResponseMedianSeconds !== null)
		.map((r) => ({ operator: r.name, minutes: minutes(r.firstResponseMedianSeconds)! }));
	const { words } = context;
	return againstTeam('operators_response', words.response, { field: 'minutes', title: words.minutes, whole: false }, rows, minutes(report.team.firstResponseMedianSeconds), context);
}
