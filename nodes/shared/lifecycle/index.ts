export * from './states';
export { answersCustomer, currentDue, slaVerdict, type SlaVerdict } from './sla';
export { customerWroteAgain, operatorAnswered, transition } from './transitions';
export { DEFAULT_IDLE, resolveIdle, type IdleSettings, type ResolvedConversation } from './resolve';
