const { src, dest } = require('gulp');

/** tsc emits the code; node and credential icons are copied beside it, where n8n looks for them. */
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.build = buildIcons;
exports.default = buildIcons;
