import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { TopicClassifier, type LabelledExample } from '../classifier';

/**
 * Trains a classifier in a worker thread. n8n answers every webhook of the process on its one
 * main thread, so training there (under a second for the shipped topics, many seconds for
 * thousands of examples, and again after every operator's correction) held every customer's
 * message and every call-back for that long. Returns the model and the JSON the store keeps.
 * Run from the TypeScript sources (ts-jest, or the bench scripts as ES modules, which have no
 * __dirname) there is no compiled worker script: it trains in line.
 */
export async function trainOffThread(examples: LabelledExample[]): Promise<{ classifier: TopicClassifier; json: string }> {
	const script = typeof __dirname === 'string' ? join(__dirname, 'trainingWorker.js') : null;
	if (!script || !existsSync(script)) {
		const classifier = TopicClassifier.train(examples);
		return { classifier, json: JSON.stringify(classifier.toJSON()) };
	}
	const json = await new Promise<string>((resolve, reject) => {
		const worker = new Worker(script, { workerData: examples });
		worker.once('message', resolve);
		worker.once('error', reject);
		worker.once('exit', (code) => reject(new Error(`the classifier's training stopped (worker exit code ${code})`)));
	});
	return { classifier: TopicClassifier.fromJSON(json), json };
}
