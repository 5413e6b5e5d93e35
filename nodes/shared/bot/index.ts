export { botTurn, DEFAULT_SETTINGS, PAYLOADS } from './bot';
export type { BotOutcome, BotSettings, BotSetup, BotTurnInput } from './bot';
export { detectAnger } from './anger';
export type { AngerVerdict } from './anger';
export { entryRow, saveApproved, withApproved } from './approve';
export type { Approved } from './approve';
export { calibrate, outcomeAt } from './calibration';
export { clusterQuestions, questionReport } from './clusters';
export type { PhrasingProposal, QuestionCluster } from './clusters';
export type { Calibration, CutOutcome } from './calibration';
export { decide, decisionExamples, prepareDecider, topicOf } from './decider';
export type { Decider, Decision, DecisionSettings } from './decider';
export { checkOrderServiceUrl, orderNumberIn, personalise } from './personal';
export type { OrderService, PersonalCard, Personalised } from './personal';
export { askedForPerson, DEFAULT_PERSON_WORDS, onlyAsksForPerson } from './personWords';
export { kbEntriesFrom, kbEntryFrom, kbRowsFromText, plainText, readKbFile } from './knowledgeBase';
export type { KbEntry } from './knowledgeBase';
export type { Localised } from './localised';
export { KnowledgeIndex } from './matcher';
export type { KbMatch } from './matcher';
export { menuRows, parseMenu, readMenuFile } from './menu';
export type { MenuNode, MenuPath } from './menu';
export type { BotReply } from './present';
export { closeQuestions, openQuestions, recordPick, recordQuestion } from './questions';
export type { LearnableQuestion, QuestionOutcome } from './questions';
export { loadKnowledge } from './sources';
export type { KbSource } from './sources';
export {
	clearIncidentBanner,
	importKnowledge,
	incidentBanner,
	listKnowledge,
	loadBotState,
	setIncidentBanner,
} from './storage';
export type { BotState, HandoffReason, IncidentBanner } from './storage';
export { DEFAULT_TEXTS } from './texts';
export type { TextKey, TextOverrides } from './texts';
