/**
 * Topic classifier benchmark: trains on one CSV, classifies another, prints one JSON line.
 *
 *   node scripts/bench-classifier.ts --train FILE[,FILE…] --test FILE[,FILE…] [--text-column C]
 *        [--label-column L] [--unknown-label X] [--threshold T]
 *   node scripts/bench-classifier.ts --split FILE --out DIR [--dev-share 0.2] [--seed N]
 *
 * Runs on Node 24's type stripping, with no build step and no TS loader installed.
 */
import './lib/ts-resolve.mjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { option } from './lib/options.ts';
import { percentile } from './lib/stats.ts';


const { TopicClassifier, formatCsv, parseCsvRecords, stratifiedSplit } = await import('../nodes/shared/classifier/index.ts');


function required(name: string): string {
	const value = option(name);
	if (value === undefined) throw new Error(`--${name} is required`);
	return value;
}

type Example = { text: string; label: string };

/** Several files (comma-separated) are one set: how a topic set merged from public sets is read. */
function readSets(files: string): Example[] {
	return files.split(',').flatMap(readExamples);
}

function readExamples(file: string): Example[] {
	const records = parseCsvRecords(readFileSync(file, 'utf8'));
	const header = Object.keys(records[0] ?? {});
	const textColumn = option('text-column') ?? 'text';
	const labelColumn = option('label-column') ?? (header.includes('label') ? 'label' : 'category');
	for (const column of [textColumn, labelColumn]) {
		if (!header.includes(column)) throw new Error(`${file} has no column "${column}" (columns: ${header.join(', ')})`);
	}
	return records.map((r) => ({ text: r[textColumn], label: r[labelColumn] }));
}

function macroF1(pairs: Array<{ truth: string; predicted: string }>): number {
	const labels = new Set(pairs.map((p) => p.truth));
	let total = 0;
	for (const label of labels) {
		const tp = pairs.filter((p) => p.truth === label && p.predicted === label).length;
		const fp = pairs.filter((p) => p.truth !== label && p.predicted === label).length;
		const fn = pairs.filter((p) => p.truth === label && p.predicted !== label).length;
		total += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
	}
	return total / labels.size;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function split(): void {
	const examples = readExamples(required('split'));
	const out = required('out');
	const { kept, held } = stratifiedSplit(examples, (e) => e.label, Number(option('dev-share') ?? 0.2), Number(option('seed') ?? 42));
	mkdirSync(out, { recursive: true });
	const write = (name: string, rows: Example[]) =>
		writeFileSync(join(out, name), formatCsv([['text', 'label'], ...rows.map((e) => [e.text, e.label])]));
	write('train.csv', kept);
	write('dev.csv', held);
	console.log(JSON.stringify({ train: join(out, 'train.csv'), dev: join(out, 'dev.csv'), trainRows: kept.length, devRows: held.length }));
}

function bench(): void {
	const unknownLabel = option('unknown-label');
	const threshold = Number(option('threshold') ?? 0.5);
	// A label meant to be unknown must not be learned, even if the training file has it.
	const train = readSets(required('train')).filter((e) => e.label !== unknownLabel);
	const test = readSets(required('test'));

	let started = performance.now();
	const cpuBefore = process.cpuUsage();
	const trained = TopicClassifier.train(train);
	const trainMs = performance.now() - started;
	// CPU of all the process's threads (garbage collection and compilation included): on a machine
	// shared with other work it moves less than the wall-clock time does.
	const trainCpu = process.cpuUsage(cpuBefore);
	const serialised = JSON.stringify(trained);
	started = performance.now();
	const classifier = TopicClassifier.fromJSON(serialised);
	const loadMs = performance.now() - started;

	for (const e of test.slice(0, 200)) classifier.classify(e.text, threshold);
	const timings: number[] = [];
	const known: Array<{ truth: string; predicted: string; unsure: boolean }> = [];
	let unknownRows = 0;
	let unknownUnsure = 0;
	for (const e of test) {
		const t0 = process.hrtime.bigint();
		const result = classifier.classify(e.text, threshold);
		timings.push(Number(process.hrtime.bigint() - t0) / 1000);
		if (e.label === unknownLabel) {
			unknownRows++;
			if (result.unsure) unknownUnsure++;
		} else known.push({ truth: e.label, predicted: result.topic, unsure: result.unsure });
	}
	timings.sort((a, b) => a - b);
	const report: Record<string, number> = {
		accuracy: round(known.filter((p) => p.truth === p.predicted).length / known.length, 4),
		macroF1: round(macroF1(known), 4),
		topics: new Set(train.map((e) => e.label)).size,
		trainRows: train.length,
		trainMs: Math.round(trainMs),
		trainCpuMs: Math.round((trainCpu.user + trainCpu.system) / 1000),
		classifyP50Us: round(percentile(timings, 50), 1),
		classifyP99Us: round(percentile(timings, 99), 1),
		peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
		modelMb: round(Buffer.byteLength(serialised) / 1e6, 2),
		loadMs: Math.round(loadMs),
	};
	// The price of the threshold: known-topic messages that would also go to a person.
	report.knownUnsureRate = round(known.filter((p) => p.unsure).length / known.length, 4);
	if (unknownLabel !== undefined) report.unknownRecall = unknownRows === 0 ? 0 : round(unknownUnsure / unknownRows, 4);
	console.log(JSON.stringify(report));
}

if (option('split') !== undefined) split();
else bench();
