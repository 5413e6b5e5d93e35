import type { IBinaryKeyData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { renderPng, renderSvg, reportCharts, type ChartLanguage } from '../../../shared/charts';
import type { OperatorReport, SlaReport, TopicsReport } from '../../../shared/reports';

/** Off by default: a workflow saved before charts existed gets the same items as then. */
export const CHART_FIELDS: INodeProperties[] = [
			{
				displayName: 'Attach Charts',
				name: 'charts',
				type: 'options',
				options: [
					{ name: 'None', value: 'none' },
					{ name: 'PNG', value: 'png', description: 'For a chat photo (Telegram sendPhoto) or an e-mail attachment' },
					{ name: 'PNG and SVG', value: 'pngAndSvg', description: 'The SVG too, for a web page' },
				],
				default: 'none',
				description: 'Whether the summary item carries the report’s charts as binary data, one property per chart: chart_topics, chart_sla, … (PNG) and chart_topics_svg, … (SVG)',
			},
			{
				displayName: 'Chart Language',
				name: 'chartLanguage',
				type: 'options',
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'French', value: 'fr' },
					{ name: 'Russian', value: 'ru' },
					{ name: 'Ukrainian', value: 'uk' },
				],
				default: 'en',
				description: 'The language of the charts’ titles and labels',
				displayOptions: { show: { charts: ['png', 'pngAndSvg'] } },
			},
];

/** The report's charts as the binary data of its summary item, or none when the node attaches none. */
export async function chartBinaries(ctx: IExecuteFunctions, report: TopicsReport | OperatorReport | SlaReport): Promise<IBinaryKeyData | undefined> {
	const format = ctx.getNodeParameter('charts', 0, 'none') as 'none' | 'png' | 'pngAndSvg';
	if (format === 'none') return undefined;
	const charts = reportCharts(report, ctx.getNodeParameter('chartLanguage', 0, 'en') as ChartLanguage);
	const day = report.period.from.slice(0, 10);
	const binary: IBinaryKeyData = {};
	for (const chart of charts) {
		const svg = await renderSvg(chart.spec);
		const key = `chart_${chart.name}`;
		binary[key] = await ctx.helpers.prepareBinaryData(renderPng(svg), `${chart.name}-${day}.png`, 'image/png');
		if (format === 'pngAndSvg') binary[`${key}_svg`] = await ctx.helpers.prepareBinaryData(Buffer.from(svg), `${chart.name}-${day}.svg`, 'image/svg+xml');
	}
	return binary;
}
