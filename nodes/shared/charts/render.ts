import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite/build/index';
import type { TopLevelSpec } from 'vega-lite/build/index';

import { importEsm } from './esm';
import { chartFont } from './fonts';
import { textWidth } from './textWidth';

/** Vega's text measure, which it lets a caller without a canvas replace (vega-scenegraph re-exported by vega). */
interface TextMetrics {
	width: typeof textWidth;
}

async function loadVega() {
	const [vega, vegaLite] = await Promise.all([importEsm<typeof Vega>('vega'), importEsm<typeof VegaLite>('vega-lite')]);
	(vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = textWidth;
	return { vega, vegaLite };
}

/**
 * The chart as SVG text. Vega's SVG writer escapes every label, title and attribute, so a topic
 * or operator name with markup in it is shown as its characters, never read as markup.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
	const { vega, vegaLite } = await loadVega();
	// Warnings only: Vega-Lite notes that a chart of bars sized by their step does not fit its height.
	const compiled = vegaLite.compile(spec, { logger: vega.logger(vega.Error) }).spec;
	const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
	try {
		return await view.toSVG();
	} finally {
		view.finalize();
	}
}

/** Twice the SVG's size: sharp on a phone's screen, still small enough for a chat photo. */
const SCALE = 2;

/** The SVG drawn as a PNG. */
export function renderPng(svg: string): Buffer {
	const font = chartFont();
	const resvg = new Resvg(svg, {
		fitTo: { mode: 'zoom', value: SCALE },
		font: { fontFiles: font.files, loadSystemFonts: false, defaultFontFamily: font.family, sansSerifFamily: font.family },
	});
	return resvg.render().asPng();
}
