export * from './access-log.ts';
export * from './error-flags.ts';
