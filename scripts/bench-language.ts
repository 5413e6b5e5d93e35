/**
 * Language detection benchmark: accuracy on the held-out part of data/language-id (Tatoeba
 * sentences never used for the statistics), overall and on messages of 3+ words, per language;
 * the same Ukrainian messages typed without і, ї, є, ґ; the project's hand-written colloquial
 * messages (data/bot-multilingual); and the time one detection takes. Prints one JSON line.
 *
 *   npm run bench:language
 */
import './lib/ts-resolve.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { detectLanguage, parseCsvRecords } = await import('../nodes/shared/classifier/index.ts');
const { splitLanguagePairs, withoutUkrainianLetters, wordCount } = await import('../nodes/shared/classifier/languageSet.ts');
const { readLanguagePairs } = await import('./lib/language-set.ts');

const ROOT = join(import.meta.dirname, '..');
type Labelled = { text: string; language: string };

const share = (cases: Labelled[]) => {
	const right = cases.filter((c) => detectLanguage(c.text) === c.language).length;
	return { accuracy: Number((right / cases.length).toFixed(4)), messages: cases.length };
};
const perLanguage = (cases: Labelled[]) =>
	Object.fromEntries(['en', 'fr', 'ru', 'uk'].map((l) => [l, share(cases.filter((c) => c.language === l))]));

const { test } = splitLanguagePairs(readLanguagePairs(ROOT));
const long = test.filter((c) => wordCount(c.text) >= 3);
const ukrainianStripped = test
	.filter((c) => c.language === 'uk' && wordCount(c.text) >= 3 && /[іїєґ]/i.test(c.text))
	.map((c) => ({ text: withoutUkrainianLetters(c.text), language: 'uk' }));
const colloquial = parseCsvRecords(readFileSync(join(ROOT, 'data/bot-multilingual/messages.csv'), 'utf8')).map((r) => ({
	text: r.text,
	language: r.language,
}));

// Timing: every held-out message many times over, after a warm-up, one message per sample.
const texts = test.map((c) => c.text);
for (let i = 0; i < 20_000; i++) detectLanguage(texts[i % texts.length]);
const samples: number[] = [];
for (let round = 0; round < 20; round++) {
	for (const text of texts) {
		const start = process.hrtime.bigint();
		detectLanguage(text);
		samples.push(Number(process.hrtime.bigint() - start) / 1000);
	}
}
samples.sort((a, b) => a - b);
const percentile = (p: number) => Number(samples[Math.floor((samples.length - 1) * p)].toFixed(1));

console.log(
	JSON.stringify({
		heldOut: { ...share(test), threeWordsOrMore: share(long), perLanguage: perLanguage(long) },
		ukrainianWithoutItsLetters: share(ukrainianStripped),
		colloquial: { ...share(colloquial), perLanguage: perLanguage(colloquial) },
		microseconds: { p50: percentile(0.5), p99: percentile(0.99) },
	}),
);
