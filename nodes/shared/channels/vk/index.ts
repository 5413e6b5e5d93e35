export * from './schema';
export * from './inbound';
export * from './normalise';
export * from './client';
export * from './randomId';
export * from './outbound';
