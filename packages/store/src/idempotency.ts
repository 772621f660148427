// Idempotent writes: a client that retries a write with the same Idempotency-Key gets the first
// response instead of a second document. The response is saved in the write's own transaction,
// so it exists exactly when the write does.
import type { IdempotencyKey, StoredResponse, Tx } from './api.ts';
import { IdempotencyKeyReuseError } from './errors.ts';
import { canonicalJson, sha256Hex } from './sql.ts';

/** Hash identifying a request (method, path, body ...), independent of JSON key order. */
export function requestHash(request: unknown): string {
  return sha256Hex(canonicalJson(request));
}

/**
 * The stored response for this key, or undefined when the key is new. Call it first in the
 * write's transaction: it takes a lock on the key, so a concurrent retry waits for the first
 * attempt to finish and then sees its response. A key used for a different request is an
 * IdempotencyKeyReuseError.
 */
export async function getIdempotent(tx: Tx, k: IdempotencyKey): Promise<StoredResponse | undefined> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    JSON.stringify([k.actorId, k.key]),
  ]);
  const r = await tx.query<{
    request_hash: string;
    status_code: number;
    response: unknown;
    created_at: string;
  }>(
    'SELECT request_hash, status_code, response, created_at FROM idempotency_key WHERE actor_id = $1 AND key = $2',
    [k.actorId, k.key],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  if (row.request_hash !== k.requestHash) throw new IdempotencyKeyReuseError(k.key);
  return { statusCode: row.status_code, response: row.response, createdAt: row.created_at };
}

/**
 * Takes the locks {@link getIdempotent} takes for several keys at once, in one fixed order, so two
 * transactions that each handle several keys (groups of concurrent stores) cannot deadlock on them.
 * A later getIdempotent of one of the keys takes its lock again at no cost.
 */
export async function lockIdempotencyKeys(
  tx: Tx,
  keys: readonly Pick<IdempotencyKey, 'actorId' | 'key'>[],
): Promise<void> {
  if (keys.length === 0) return;
  await tx.query(
    `SELECT pg_advisory_xact_lock(h)
       FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s`,
    [keys.map((k) => JSON.stringify([k.actorId, k.key]))],
  );
}

/** Saves the response of the write, in the write's transaction. */
export async function saveIdempotent(
  tx: Tx,
  k: IdempotencyKey & { statusCode: number; response: unknown },
): Promise<void> {
  await tx.query(
    `INSERT INTO idempotency_key (actor_id, key, request_hash, status_code, response)
     VALUES ($1, $2, $3, $4, $5)`,
    [k.actorId, k.key, k.requestHash, k.statusCode, JSON.stringify(k.response ?? null)],
  );
}

/** Forgets keys older than `before` (ISO timestamp); returns how many. */
export async function expireIdempotent(tx: Tx, before: string): Promise<number> {
  const r = await tx.query('DELETE FROM idempotency_key WHERE created_at < $1::timestamptz', [before]);
  return r.rowCount ?? 0;
}
