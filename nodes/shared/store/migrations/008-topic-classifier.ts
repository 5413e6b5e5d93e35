import type { Migration } from './migration';

/**
 * The topic classifier's labelled examples and trained models, and how sure the classifier was of
 * a conversation's topic. A model row is keyed by its name and carries the hash of the example
 * set it was trained on, so that a restart or another worker loads it instead of retraining.
 * Examples are deduplicated on a hash of (label, text): texts may be longer than PostgreSQL's
 * btree limit. `topic_source` tells an operator's topic (never overwritten by the classifier)
 * from the classifier's.
 */
export const topicClassifierMigration: Migration = {
	version: 8,
	name: 'topic classifier: training examples, models, conversation topic confidence',
	up: ({ id, timestamp, now }) => [
		`CREATE TABLE training_examples (
			id ${id},
			model_name TEXT NOT NULL,
			source TEXT NOT NULL,
			label TEXT NOT NULL,
			text TEXT NOT NULL,
			example_hash TEXT NOT NULL,
			created_at ${timestamp} NOT NULL DEFAULT ${now},
			UNIQUE (model_name, source, example_hash)
		)`,
		`CREATE TABLE classifier_models (
			name TEXT PRIMARY KEY,
			examples_hash TEXT NOT NULL,
			model TEXT NOT NULL,
			example_count INTEGER NOT NULL,
			topics TEXT NOT NULL,
			trained_at ${timestamp} NOT NULL DEFAULT ${now}
		)`,
		'ALTER TABLE conversations ADD COLUMN topic_confidence DOUBLE PRECISION',
		'ALTER TABLE conversations ADD COLUMN topic_source TEXT',
	],
};
