import { now } from '../store/rows';
import type { Store } from '../store/types';
import { recordCorrection, type Correction } from './corrections';

/**
 * An operator sets a conversation's topic: the conversation keeps it (the classifier never
 * overwrites an operator's topic), and the customer's first message in it becomes a correction
 * under that topic. Returns null for the correction when the conversation has no customer text.
 */
export async function setConversationTopic(
	store: Store,
	modelName: string,
	conversationId: number,
	topic: string,
): Promise<{ correction: Correction | null }> {
	if (!topic.trim()) throw new Error('A conversation topic cannot be empty.');
	const updated = await store.db.query(
		`UPDATE conversations SET topic = ?, topic_confidence = NULL, topic_source = 'operator', updated_at = ? WHERE id = ? RETURNING id`,
		[topic.trim(), now(), conversationId],
	);
	if (!updated.length) throw new Error(`Conversation ${conversationId} was not found.`);
	const first = await store.db.query(
		`SELECT text FROM messages WHERE conversation_id = ? AND direction = 'in' AND text <> '' ORDER BY id LIMIT 1`,
		[conversationId],
	);
	if (!first.length) return { correction: null };
	return { correction: await recordCorrection(store, modelName, String(first[0].text), topic) };
}

/**
 * The classifier's topic, language and confidence on a conversation. An operator's topic stands
 * (the language still follows the customer's words); a result without a topic (a photo, "operator
 * please") leaves the one the conversation had, as an unknown language leaves its language. True
 * when the topic was stored.
 */
export async function storeClassification(
	store: Store,
	conversationId: number,
	result: { topic: string | null; confidence: number; language: string },
): Promise<boolean> {
	const byClassifier = (column: string) => `${column} = CASE WHEN topic_source = 'operator' THEN ${column} ELSE ? END`;
	const topic = result.topic === null ? [] : [result.topic, result.confidence, 'classifier'];
	const updated = await store.db.query(
		`UPDATE conversations SET ${topic.length ? `${['topic', 'topic_confidence', 'topic_source'].map(byClassifier).join(', ')},` : ''}
		 language = COALESCE(?, language), updated_at = ?
		 WHERE id = ? RETURNING topic_source`,
		[...topic, result.language === 'unknown' ? null : result.language, now(), conversationId],
	);
	return topic.length > 0 && updated[0]?.topic_source === 'classifier';
}
