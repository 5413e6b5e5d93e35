export * from './types';
export { routerOn, type Router } from './router';
export { DEFAULT_POLICY, policyWith, priorityFrom, placeChangedMaterially, type RoutingPolicy } from './policy';
export { pickGroup, type GroupCriteria } from './groupRules';
export { closeAndRelease } from './close';
