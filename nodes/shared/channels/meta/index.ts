export * from './signature';
export * from './webhook';
export * from './graph';
export * from './errors';
export * from './window';
