import { parentPort, workerData } from 'node:worker_threads';

import { TopicClassifier, type LabelledExample } from '../classifier';

// Runs in a worker thread (trainOffThread.ts): the trained model goes back as the JSON the store keeps.
parentPort!.postMessage(JSON.stringify(TopicClassifier.train(workerData as LabelledExample[]).toJSON()));
