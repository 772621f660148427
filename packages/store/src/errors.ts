// Typed failures the server maps to HTTP answers. Anything else from the store is a 500.

/** A unique fact already belongs to another record (for example a henkilötunnus to another person). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    /** What collided, e.g. `person.identifier`. */
    readonly what: string,
  ) {
    super(message);
  }
}

/** A new document version does not follow the current one: someone else wrote first. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly setId: string,
    /** The version now current (0 when the set does not exist). */
    readonly currentVersion: number,
    readonly attemptedVersion: number,
  ) {
    super(`document ${setId}: version ${attemptedVersion} does not follow current version ${currentVersion}`);
  }
}

/** An idempotency key was reused for a different request. */
export class IdempotencyKeyReuseError extends Error {
  override readonly name = 'IdempotencyKeyReuseError';
  constructor(readonly key: string) {
    super(`idempotency key ${key} was already used for a different request`);
  }
}

/** SQLSTATE raised by the append-only trigger (custom class VA). */
export const APPEND_ONLY_SQLSTATE = 'VA001';

/** PostgreSQL error code of an error thrown by `pg`, if any. */
export function sqlState(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
