export * from './builders.ts';
export * from './lifecycle.ts';
export * from './types.ts';
