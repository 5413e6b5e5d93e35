import type { OperatorReport, SlaReport, TopicsReport } from '../reports';
import type { Chart, ChartContext } from './chart';
import { channelsChart } from './channels';
import { periodLabel, WORDS, type ChartLanguage } from './i18n';
import { handledChart, responseChart } from './operators';
import { responseTimesChart } from './responseTimes';
import { slaChart } from './sla';
import { topicsChart } from './topics';
import { weeksChart } from './weeks';

export type { Chart, ChartRow } from './chart';
export { CHART_LANGUAGES, WORDS, type ChartLanguage } from './i18n';
export { renderPng, renderSvg } from './render';

type AnyReport = TopicsReport | OperatorReport | SlaReport;

/** The charts of a report, their text in `language`. */
export function reportCharts(report: AnyReport, language: ChartLanguage): Chart[] {
	const context: ChartContext = { language, words: WORDS[language], subtitle: periodLabel(report.period, language) };
	switch (report.report) {
		case 'topics':
			return [topicsChart(report, context), channelsChart(report, context), weeksChart(report, context)];
		case 'operators':
			return [handledChart(report, context), responseChart(report, context)];
		case 'sla':
			return [slaChart(report, context), responseTimesChart(report, context)];
	}
}
