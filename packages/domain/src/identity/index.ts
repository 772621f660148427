// Identities of people and organisations: personal identity codes, temporary client
// identifiers, business IDs and OIDs.

export * from './business-id.ts';
export * from './client-identifier.ts';
export * from './hetu.ts';
export * from './oid.ts';
export * from './result.ts';
export * from './temporary-id.ts';
