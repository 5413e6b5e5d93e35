import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { periodOf, type OperatorReport, type Period, type PeriodKind, type SlaReport, type TopicsReport } from '../../../shared/reports';
import type { Emitted } from '../../../node-kit/runner';
import { CHART_FIELDS, chartBinaries } from './charts';

/** The period and the output every report has. */
export const REPORT_FIELDS: INodeProperties[] = [
			{
				displayName: 'Period',
				name: 'period',
				type: 'options',
				options: [
					{ name: 'Last 7 Days', value: 'last7Days' },
					{ name: 'Last 30 Days', value: 'last30Days' },
					{ name: 'Custom', value: 'custom' },
				],
				default: 'last7Days',
				description: 'The days the report covers: the last 7 or 30 ending at Period Ends, or a custom From–To',
			},
			{
				displayName: 'Period Ends',
				name: 'periodEnd',
				type: 'string',
				default: '={{ $now.toISO() }}',
				description: "When the last 7 or 30 days end. Behind a Schedule Trigger, its run time (the item's timestamp) keeps a late or repeated run on the same days.",
				displayOptions: { show: { period: ['last7Days', 'last30Days'] } },
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description: 'First moment of the period (included)',
				displayOptions: { show: { period: ['custom'] } },
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'dateTime',
				default: '',
				description: 'End of the period (not included)',
				displayOptions: { show: { period: ['custom'] } },
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'Rows and Summary', value: 'rows', description: 'One item per topic, operator or skill group, then the summary' },
					{ name: 'Summary Only', value: 'summary', description: 'One item with the whole report' },
				],
				default: 'rows',
				description: 'The items the node puts out: one per topic, operator or skill group and then the summary, or the summary alone',
			},
			{
				displayName: 'Include Text',
				name: 'includeText',
				type: 'boolean',
				default: true,
				description: 'Whether the summary item carries the report as plain text (field "text") for an e-mail or a team chat message',
			},
			...CHART_FIELDS,
];

const dateOf = (value: unknown): Date => new Date(String(value));

/** The period the node is set to: the last 7 or 30 days ending at Period Ends, or From–To. */
export function periodFrom(ctx: IExecuteFunctions): Period {
	const kind = ctx.getNodeParameter('period', 0) as PeriodKind;
	return kind === 'custom'
		? periodOf(kind, new Date(), { from: dateOf(ctx.getNodeParameter('from', 0)), to: dateOf(ctx.getNodeParameter('to', 0)) })
		: periodOf(kind, dateOf(ctx.getNodeParameter('periodEnd', 0) || new Date().toISOString()));
}

/**
 * A report as items: one per row (topic, operator, skill group) then the summary, or the summary
 * alone, with its text and its charts if asked.
 */
export async function reportItems(ctx: IExecuteFunctions, report: TopicsReport | OperatorReport | SlaReport, text: string): Promise<Emitted[]> {
	const byRows = ctx.getNodeParameter('output', 0) === 'rows';
	const withText = ctx.getNodeParameter('includeText', 0) as boolean;
	const { rows, ...summary } = report;
	const binary = await chartBinaries(ctx, report);
	const summaryItem: Emitted = {
		json: { kind: 'summary', ...((byRows ? summary : report) as IDataObject), ...(withText ? { text } : {}) },
		...(binary ? { binary } : {}),
	};
	if (!byRows) return [summaryItem];
	return [...(rows as object[]).map((row) => ({ json: { kind: 'row', report: report.report, ...row } as IDataObject })), summaryItem];
}
