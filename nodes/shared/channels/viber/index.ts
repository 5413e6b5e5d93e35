export * from './schema';
export * from './signature';
export * from './inbound';
export * from './normalise';
export * from './client';
export * from './outbound';
