export * from './types';
export { isPassingFailure, runCampaign, sendDue, type CampaignSpec, type CampaignRun, type DueRun, type RunOptions } from './runner';
export { findCampaign, outcomesOf, progressOf, type Campaign } from './campaigns';
export { applyConsentWord, consentWord, type ConsentWord } from './stopWords';
export { DEDUPLICATING_CHANNELS, type Recovery } from './recover';
export { DEFAULT_RATES } from './limits';
export { PREFERRED_CHANNEL_FIELD, TIME_ZONE_FIELD } from './plan';
export { isTimeOfDay, isTimeZone } from './quietHours';
