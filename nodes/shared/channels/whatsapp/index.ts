export * from './schema';
export * from './normalise';
export * from './inbound';
export * from './outbound';
