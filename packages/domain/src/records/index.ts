export * from './builders.ts';
export * from './legacy.ts';
export * from './lifecycle.ts';
export * from './personal-worker.ts';
export * from './types.ts';
