export { TopicClassifier } from './classifier';
export type { Classification, HeldOutPrediction, LabelledExample, SerializedClassifier, TopicScore, TrainOptions } from './classifier';
export { formatCsv, parseCsv, parseCsvRecords } from './csv';
export { DEFAULT_FEATURES } from './features';
export type { FeatureConfig } from './features';
export { detectLanguage } from './language';
export type { Language } from './language';
export { stratifiedFolds, stratifiedSplit } from './split';
