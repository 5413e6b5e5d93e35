import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { onceForAll } from '../node-kit/operations';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import {
	operatorReport,
	operatorText,
	periodOf,
	slaReport,
	slaText,
	topicsReport,
	topicsText,
	type OperatorReport,
	type Period,
	type PeriodKind,
	type SlaReport,
	type TopicsReport,
} from '../shared/reports';
import type { Db } from '../shared/store';

const dateOf = (value: unknown): Date => new Date(String(value));

/** Each operation: the report, and the same as plain text. */
const RUN: Record<'topics' | 'operators' | 'sla', (db: Db, period: Period, defaultTargetMinutes: number) => Promise<{ report: TopicsReport | OperatorReport | SlaReport; text: string }>> = {
	topics: async (db, period) => {
		const report = await topicsReport(db, period);
		return { report, text: topicsText(report) };
	},
	operators: async (db, period) => {
		const report = await operatorReport(db, period);
		return { report, text: operatorText(report) };
	},
	sla: async (db, period, defaultTargetMinutes) => {
		const report = await slaReport(db, period, { defaultTargetMinutes });
		return { report, text: slaText(report) };
	},
};

export class Reports implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Contact Center Reports',
		name: 'contactCenterReports',
		icon: { light: 'file:reports.svg', dark: 'file:reports.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Reports on the contact center: popular topics, each operator against the team, first-response SLA',
		defaults: { name: 'Contact Center Reports' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// STORE_CREDENTIAL_REF spelled out, so that n8n's lint rules can see the store credential is tested.
		credentials: [{ ...STORE_CREDENTIAL_REF, name: 'contactCenterStoreApi', testedBy: 'storeConnection' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Topics Report',
						value: 'topics',
						action: 'Report on popular topics',
						description: 'Conversations per topic and channel against the previous period, top tags, and what the bot settled alone',
					},
					{
						name: 'Operator Report',
						value: 'operators',
						action: 'Report on each operator against the team',
						description: 'Per operator: conversations handled and closed, replies, first-response time and rating, as a ratio to the team',
					},
					{
						name: 'SLA Report',
						value: 'sla',
						action: 'Report on first response deadlines',
						description: 'Share of first answers given by their deadline, first-response times per line and skill group, escalations',
					},
				],
				default: 'topics',
			},
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
				displayName: 'Default Target (Minutes)',
				name: 'defaultTargetMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'First-response target for conversations the Prioritizer gave no deadline, counted from the hand-off; 0 leaves them out of the share',
				displayOptions: { show: { operation: ['sla'] } },
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
			},
			{
				displayName: 'Include Text',
				name: 'includeText',
				type: 'boolean',
				default: true,
				description: 'Whether the summary item carries the report as plain text (field "text") for an e-mail or a team chat message',
			},
		],
	};

	methods = { credentialTest: storeCredentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return onceForAll(this, async () => {
			const { db } = await getStore(this);
			const operation = this.getNodeParameter('operation', 0) as 'topics' | 'operators' | 'sla';
			const kind = this.getNodeParameter('period', 0) as PeriodKind;
			const period =
				kind === 'custom'
					? periodOf(kind, new Date(), { from: dateOf(this.getNodeParameter('from', 0)), to: dateOf(this.getNodeParameter('to', 0)) })
					: periodOf(kind, dateOf(this.getNodeParameter('periodEnd', 0) || new Date().toISOString()));
			const byRows = this.getNodeParameter('output', 0) === 'rows';
			const withText = this.getNodeParameter('includeText', 0) as boolean;

			const { report, text } = await RUN[operation](db, period, this.getNodeParameter('defaultTargetMinutes', 0, 0) as number);
			const { rows, ...summary } = report;
			const summaryItem: IDataObject = { kind: 'summary', ...(byRows ? summary : report), ...(withText ? { text } : {}) };
			if (!byRows) return summaryItem;
			const rowItems: IDataObject[] = rows.map((row: object) => ({ kind: 'row', report: report.report, ...row }));
			return [...rowItems, summaryItem];
		});
	}
}
