import { onlyAsksForPerson } from '../bot/personWords';
import { foldedWords } from '../bot/phrases';
import { detectLanguage, type Classification, type LabelledExample, type Language } from '../classifier';
import { chatCompletion, type LlmConfig } from './llm/client';
import { parseTopicAnswer, topicExamples, topicPrompt } from './llm/prompt';
import type { EnsuredModel } from './models';

/** A classification as the node emits it and the conversation records it. */
export interface TopicResult extends Omit<Classification, 'topic' | 'evidence'> {
	/** Null when the LLM gave no allowed topic: such a result is always unsure. */
	topic: string | null;
	/** The model's name (the examples it learned from). */
	model: string;
	engine: 'built-in' | 'llm';
	/** Why the result is unsure beyond a low confidence: no text, a bare request for a person, an unusable LLM answer. */
	reason?: string;
	/** The LLM answered something that names no allowed topic. */
	unusable?: true;
}

/**
 * A message without text (a photo, a sticker) or one that only asks for a person ("operator
 * please") has no topic to find: the person it goes to learns it. Null when the text has one.
 */
function withoutTopic(text: string, language: Language, model: string, engine: TopicResult['engine']): TopicResult | null {
	const reason = !text.trim()
		? 'The message has no text to classify'
		: onlyAsksForPerson(foldedWords(text), language)
			? 'The message asks for a person without saying what about'
			: null;
	return reason ? { topic: null, confidence: 0, alternatives: [], unsure: true, language, model, engine, reason } : null;
}

export function classifyWithModel(model: EnsuredModel, text: string, threshold: number): TopicResult {
	const language = detectLanguage(text);
	const none = withoutTopic(text, language, model.info.name, 'built-in');
	if (none) return none;
	// Evidence is the bot's own measure of how usual a message is; ops staff read the confidence.
	const { evidence: _evidence, ...classification } = model.classifier.classify(text, threshold, language);
	return { ...classification, model: model.info.name, engine: 'built-in' };
}

/**
 * Asks an OpenAI-compatible LLM for one of the topics the examples name. An answer that is not
 * JSON or names another topic makes the result unsure (a person decides) rather than failing the
 * message; an unreachable or refusing server throws LlmError.
 */
export async function classifyWithLlm(
	config: LlmConfig,
	modelName: string,
	examples: LabelledExample[],
	text: string,
	threshold: number,
): Promise<TopicResult> {
	const language = detectLanguage(text);
	const none = withoutTopic(text, language, modelName, 'llm');
	if (none) return none;
	const topics = topicExamples(examples);
	if (topics.size < 2) throw new Error(`Model "${modelName}" needs examples of at least two topics.`);
	const answer = parseTopicAnswer(await chatCompletion(config, topicPrompt(topics, text)), topics.keys());
	const common = { alternatives: [], language, model: modelName, engine: 'llm' as const };
	if (!answer.ok) return { ...common, topic: null, confidence: 0, unsure: true, reason: answer.reason, unusable: true };
	return { ...common, topic: answer.topic, confidence: answer.confidence, unsure: answer.confidence < threshold };
}
