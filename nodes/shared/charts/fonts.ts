import { existsSync } from 'node:fs';

/*
 * resvg draws text only with a font it was given or found among the system's. Charts name the
 * generic "sans-serif" (right for SVG in a browser); for the PNG it is mapped to the first of
 * these families whose file is here: DejaVu Sans as Debian and Ubuntu (fonts-dejavu-core) and
 * Alpine (font-dejavu) lay it out, then Liberation and Noto. DejaVu has Cyrillic.
 */
const FONTS = [
	{ family: 'DejaVu Sans', files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'] },
	{ family: 'DejaVu Sans', files: ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'] },
	{ family: 'Liberation Sans', files: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'] },
	{ family: 'Noto Sans', files: ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'] },
];

export interface ChartFont {
	family: string;
	files: string[];
}

/** The font the PNGs are drawn with; a clear error where none is installed, rather than charts without words. */
export function chartFont(): ChartFont {
	const found = FONTS.find((font) => existsSync(font.files[0]));
	if (!found) {
		throw new Error('Charts need a font to draw their text: install DejaVu Sans (Debian/Ubuntu: fonts-dejavu-core, Alpine: font-dejavu).');
	}
	return { family: found.family, files: found.files.filter((file) => existsSync(file)) };
}
