export * from './administration.ts';
export * from './audit-log.ts';
export * from './facts.ts';
export * from './predicate.ts';
export * from './protected-details.ts';
export * from './regulation.ts';
export * from './rules.ts';
export * from './usage-rights.ts';
