export * from './schema';
export * from './secret';
export * from './inbound';
export * from './normalise';
export * from './client';
export * from './outbound';
export * from './forum';
export * from './business';
