// The store: PostgreSQL persistence of Varanto. See api.ts for the types the server uses.
export * from './access-regulation.ts';
export * from './api.ts';
export * from './audit.ts';
export * from './audit-checkpoint.ts';
export * from './audit-queries.ts';
export * from './care-relations.ts';
export * from './db.ts';
export * from './documents.ts';
export * from './errors.ts';
export * from './idempotency.ts';
export * from './imports.ts';
export * from './migrate.ts';
export * from './persons.ts';
export * from './records.ts';
export * from './registry.ts';
export { canonicalJson } from './sql.ts';
export * from './usage-rights.ts';
