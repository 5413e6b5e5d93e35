export * from './schema';
export * from './parse';
export * from './item';
export * from './summary';
