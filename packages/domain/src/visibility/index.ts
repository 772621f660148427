export * from './change.ts';
export * from './kinds.ts';
export * from './predicate.ts';
export * from './relations.ts';
export * from './rules.ts';
