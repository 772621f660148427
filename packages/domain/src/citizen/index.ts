export * from './access-log.ts';
export * from './error-flags.ts';
export * from './relations-administration.ts';
