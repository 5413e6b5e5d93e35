/**
 * Learns the bigram and word statistics of language detection from the training part of
 * data/language-id and writes them into nodes/shared/classifier/languageStatisticsData.ts.
 *
 *   npm run train:language
 *
 * The held-out part (every other sentence pair) is never read here; `npm run bench:language`
 * measures on it.
 */
import './lib/ts-resolve.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const { splitLanguagePairs, trainLanguageStatistics } = await import('../nodes/shared/classifier/languageSet.ts');
const { readLanguagePairs } = await import('./lib/language-set.ts');

const ROOT = join(import.meta.dirname, '..');
const { train } = splitLanguagePairs(readLanguagePairs(ROOT));
const json = JSON.stringify(trainLanguageStatistics(train));
// The JSON goes into a template literal: nothing in it may end or interpolate one.
if (/[`\\]|\$\{/.test(json)) throw new Error('statistics hold a character a template literal cannot carry as is');

const module = `// Written by \`npm run train:language\` from the training part of data/language-id; do not edit.
import type { LanguageStatistics } from './languageStatistics';

export const LANGUAGE_STATISTICS: LanguageStatistics = JSON.parse(\`${json}\`);
`;
writeFileSync(join(ROOT, 'nodes/shared/classifier/languageStatisticsData.ts'), module);
console.log(JSON.stringify({ trainingMessages: train.length, bytes: module.length }));
