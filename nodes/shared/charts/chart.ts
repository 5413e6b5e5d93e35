import type { TopLevelSpec } from 'vega-lite/build/index';

import type { ChartLanguage, ChartWords } from './i18n';

/** The row values a chart draws; each chart's rows are named in its own file. */
export type ChartRow = Record<string, string | number>;

/** One chart of a report: the figures it draws, and the Vega-Lite spec that draws them. */
export interface Chart {
	/** Short and stable: the binary property is `chart_<name>`. */
	name: string;
	title: string;
	rows: ChartRow[];
	/** The team's figure drawn as a rule across the bars, where the chart has one. */
	reference?: number | null;
	spec: TopLevelSpec;
}

/** What every chart of one report is drawn with. */
export interface ChartContext {
	language: ChartLanguage;
	words: ChartWords;
	/** The period the report covers, under each title. */
	subtitle: string;
}

/** Wide enough for a phone held upright, with text large enough to read there without zooming. */
export const WIDTH = 600;
const FONT_SIZE = 17;

export const COLOR = {
	current: '#2563a8',
	previous: '#9dbbe0',
	met: '#2f8a4c',
	missed: '#c8453b',
	rule: '#1f1f1f',
	muted: '#6b6b6b',
};

const CONFIG = {
	background: 'white',
	font: 'sans-serif',
	padding: 16,
	title: { fontSize: 20, subtitleFontSize: FONT_SIZE, subtitleColor: COLOR.muted, anchor: 'start', offset: 14, limit: WIDTH - 32 },
	axis: { labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE, titleFontWeight: 'normal', labelLimit: 220, titleColor: COLOR.muted },
	legend: { labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE, orient: 'top', title: null, labelLimit: 260 },
	view: { stroke: null },
} as const;

/** Characters of a line that fit the width at the title's and the subtitle's size. */
const TITLE_LINE = 40;
const SUBTITLE_LINE = 56;

/** Text in lines of at most `max` characters, broken between words. */
function wrap(text: string, max: number): string[] {
	const lines: string[] = [];
	for (const word of text.split(' ')) {
		const last = lines.length ? lines[lines.length - 1] : null;
		if (last !== null && `${last} ${word}`.length <= max) lines[lines.length - 1] = `${last} ${word}`;
		else lines.push(word);
	}
	return lines;
}

/**
 * The frame every chart shares: the whole picture {@link WIDTH} wide, the title and the period
 * under it (with a line of the chart's own if it has one). `body` is the marks, encodings and data of the chart itself.
 */
export function frame(title: string, subtitle: string | string[], body: object): TopLevelSpec {
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: { text: wrap(title, TITLE_LINE), subtitle: [subtitle].flat().flatMap((line) => wrap(line, SUBTITLE_LINE)) },
		width: WIDTH,
		autosize: { type: 'fit-x', contains: 'padding' },
		config: CONFIG,
		...body,
	} as TopLevelSpec;
}

/** The chart of a period with nothing to draw: its title and a plain sentence saying so. */
export function emptyChart(name: string, title: string, { subtitle, words }: ChartContext): Chart {
	return {
		name,
		title,
		rows: [],
		spec: frame(title, subtitle, {
			height: 160,
			data: { values: [{ text: words.empty }] },
			mark: { type: 'text', fontSize: 20, color: COLOR.muted },
			encoding: { text: { field: 'text', type: 'nominal' } },
		}),
	};
}

/** The chart, or the empty one when it has nothing to draw. */
export function chartOrEmpty(chart: Chart, hasData: boolean, context: ChartContext): Chart {
	return hasData ? chart : emptyChart(chart.name, chart.title, context);
}

export const percent = (share: number): string => `${Math.round(share * 100)}%`;
