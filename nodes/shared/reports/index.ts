export { periodOf, previousOf, type Period, type PeriodKind } from './period';
export { topicsReport, NO_TOPIC, type TopicsReport, type TopicRow, type TopicsOptions } from './topics';
export { operatorReport, type OperatorReport, type OperatorRow } from './operators';
export { slaReport, NO_GROUP, type SlaReport, type SlaGroupRow, type SlaOptions } from './sla';
export { topicsText, operatorText, slaText, duration } from './text';
