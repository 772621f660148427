export * from './facts.ts';
export * from './policy.ts';
export * from './predicate.ts';
export * from './regulation.ts';
export * from './rules.ts';
