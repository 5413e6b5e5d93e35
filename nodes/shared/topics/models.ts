import { TopicClassifier, type LabelledExample } from '../classifier';
import { iso, now } from '../store/rows';
import type { Store } from '../store/types';
import { canonicalExamples, examplesHash } from './examples';
import { trainOffThread } from './trainOffThread';

/** What the store holds about a trained model, without the model itself. */
export interface ModelInfo {
	name: string;
	examplesHash: string;
	exampleCount: number;
	topics: string[];
	trainedAt: string;
}

export interface EnsuredModel {
	classifier: TopicClassifier;
	info: ModelInfo;
	/** Where the classifier came from this time: this process's memory, the store, or training now. */
	origin: 'memory' | 'store' | 'trained';
}

/**
 * Classifiers this process has loaded or trained, by name and example-set hash, with the stores
 * seen holding that model. Training is a function of the examples, so one entry serves every store
 * that holds the same model. Bounded: example sets that changed leave stale entries behind,
 * dropped oldest first.
 */
interface Loaded {
	classifier: TopicClassifier;
	info: ModelInfo;
	stores: WeakSet<Store>;
}
const loaded = new Map<string, Loaded>();
const LOADED_LIMIT = 16;
/** Trainings under way in this process, per store: concurrent executions wait for one instead of each training. */
const training = new WeakMap<Store, Map<string, Promise<EnsuredModel>>>();

const cacheKey = (name: string, hash: string) => `${name}\u0000${hash}`;

function remember(key: string, store: Store, { classifier, info }: Pick<Loaded, 'classifier' | 'info'>): void {
	const stores = loaded.get(key)?.stores ?? new WeakSet<Store>();
	stores.add(store);
	loaded.delete(key);
	loaded.set(key, { classifier, info, stores });
	if (loaded.size > LOADED_LIMIT) loaded.delete(loaded.keys().next().value!);
}

/**
 * The example set each model was last asked for, with its canonical form and hash. While the
 * training file is unchanged its examples come back as the same objects, so an unchanged set is
 * recognised by comparing it, instead of being sorted and hashed again on every classification.
 */
const lastSets = new Map<string, { examples: LabelledExample[]; canonical: LabelledExample[]; hash: string }>();

const sameExamples = (a: LabelledExample[], b: LabelledExample[]) =>
	a.length === b.length && a.every((e, i) => e === b[i] || (e.text === b[i].text && e.label === b[i].label));

function fingerprint(name: string, examples: LabelledExample[]): { canonical: LabelledExample[]; hash: string } {
	const last = lastSets.get(name);
	if (last && sameExamples(last.examples, examples)) return last;
	const canonical = canonicalExamples(examples);
	const set = { examples: [...examples], canonical, hash: examplesHash(canonical) };
	lastSets.delete(name);
	lastSets.set(name, set);
	if (lastSets.size > LOADED_LIMIT) lastSets.delete(lastSets.keys().next().value!);
	return set;
}

/** Forgets loaded classifiers, as a process restart does; the store keeps them. */
export function forgetLoadedModels(): void {
	loaded.clear();
}

const toInfo = (r: Record<string, unknown>): ModelInfo => ({
	name: String(r.name),
	examplesHash: String(r.examples_hash),
	exampleCount: Number(r.example_count),
	topics: JSON.parse(String(r.topics)) as string[],
	trainedAt: iso(r.trained_at),
});

export async function modelInfo(store: Store, name: string): Promise<ModelInfo | null> {
	const rows = await store.db.query(
		'SELECT name, examples_hash, example_count, topics, trained_at FROM classifier_models WHERE name = ?',
		[name],
	);
	return rows.length ? toInfo(rows[0]) : null;
}

/** The stored model for this set; one the classifier no longer reads (another format, cut short) counts as none and is retrained. */
async function loadStored(store: Store, name: string, hash: string): Promise<TopicClassifier | null> {
	const rows = await store.db.query('SELECT model FROM classifier_models WHERE name = ? AND examples_hash = ?', [name, hash]);
	if (!rows.length) return null;
	try {
		return TopicClassifier.fromJSON(String(rows[0].model));
	} catch {
		return null;
	}
}

async function trainAndSave(store: Store, name: string, hash: string, examples: LabelledExample[]): Promise<EnsuredModel> {
	const { classifier, json } = await trainOffThread(examples);
	const info: ModelInfo = { name, examplesHash: hash, exampleCount: examples.length, topics: classifier.topics, trainedAt: now() };
	// One statement replaces the whole row, so a reader never sees a model with another set's hash.
	// Two workers training the same set at once write equal models: whichever lands last is as good.
	await store.db.query(
		`INSERT INTO classifier_models (name, examples_hash, model, example_count, topics, trained_at) VALUES (?, ?, ?, ?, ?, ?)
		 ON CONFLICT (name) DO UPDATE SET examples_hash = excluded.examples_hash, model = excluded.model,
		 example_count = excluded.example_count, topics = excluded.topics, trained_at = excluded.trained_at`,
		[name, hash, json, info.exampleCount, JSON.stringify(info.topics), info.trainedAt],
	);
	return { classifier, info, origin: 'trained' };
}

/**
 * The classifier for `name` trained on exactly `examples` (in any order, duplicates ignored):
 * from memory or the store when the stored model was trained on the same set, trained and
 * stored otherwise. So a restart or another worker never retrains an unchanged set, and a
 * changed set (a new correction, an edited file) retrains once.
 */
export async function ensureModel(store: Store, name: string, examples: LabelledExample[]): Promise<EnsuredModel> {
	const { canonical, hash } = fingerprint(name, examples);
	const key = cacheKey(name, hash);
	// The key is the examples' content hash, which no other example set has: once this store was
	// seen holding the model of these examples, the one in memory is that model, whatever another
	// process has stored since (a model of other examples is one these examples would not make).
	// The bot and the Topic Classifier ask on every execution; this spares each a read of the store.
	const inMemory = loaded.get(key);
	if (inMemory?.stores.has(store)) return { classifier: inMemory.classifier, info: inMemory.info, origin: 'memory' };
	const info = await modelInfo(store, name);
	if (info?.examplesHash === hash) {
		if (inMemory) {
			remember(key, store, { classifier: inMemory.classifier, info });
			return { classifier: inMemory.classifier, info, origin: 'memory' };
		}
		const stored = await loadStored(store, name, hash);
		if (stored) {
			remember(key, store, { classifier: stored, info });
			return { classifier: stored, info, origin: 'store' };
		}
	}
	const underWay = training.get(store) ?? new Map<string, Promise<EnsuredModel>>();
	training.set(store, underWay);
	let pending = underWay.get(key);
	if (!pending) {
		pending = trainAndSave(store, name, hash, canonical).finally(() => underWay.delete(key));
		underWay.set(key, pending);
	}
	const trained = await pending;
	remember(key, store, trained);
	return trained;
}
