export { classifyWithLlm, classifyWithModel, type TopicResult } from './classify';
export { setConversationTopic, storeClassification } from './conversationTopic';
export { recordCorrection, type Correction } from './corrections';
export { addExamples, listExamples, replaceExamples, type StoredExample } from './exampleStore';
export { canonicalExamples, examplesHash, EXAMPLE_SOURCES, type ExampleSource } from './examples';
export { examplesFrom, readExamplesFile, type ExampleColumns } from './files';
export { chatCompletion, LlmError, type LlmConfig } from './llm/client';
export { ensureModel, forgetLoadedModels, modelInfo, type EnsuredModel, type ModelInfo } from './models';
export { importItems, trainingSet, type TrainingSource } from './trainingSet';
