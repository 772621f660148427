// Which blobs rows name, and the lock that lets a collector of unreferenced blobs run beside the
// writers of new ones. A writer (the legacy importer) may store a blob — or find it already stored
// and reuse it — long before the transaction whose rows name it commits; until then the blob looks
// unreferenced. So every writer holds the blob lock SHARED from before its first put until its
// transaction ends, and the collector holds it EXCLUSIVE while it reads the references and
// deletes: while the collector holds it, no writer is between a put and its commit.
// One key, here, for both sides (`pg_advisory_xact_*`: released at COMMIT or ROLLBACK).
import type { Tx } from './api.ts';
import { sqlState } from './errors.ts';

/** The advisory-lock key of the blob directory's writers and collector (one for every blob directory). */
export const BLOB_LOCK_KEY = 'varanto:blobs';
const KEY_SQL = `hashtextextended('${BLOB_LOCK_KEY}', 0)`;

/**
 * Taken by a writer of blobs in the transaction that will name them, before its first put: held
 * until that transaction ends, so no collector deletes a blob it stored or found. Writers do not
 * block each other; a collector holding or waiting for the lock makes this wait.
 */
export async function lockBlobsShared(tx: Tx): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock_shared(${KEY_SQL})`);
}

/** The collector could not have the blob lock in time: a writer (an import) or another collector holds it. */
export class BlobsBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(
      `the blob lock was not free within ${waitedMs / 1000} s: another import or collection holds the blob lock`,
    );
  }
}

/**
 * Taken by the collector, in a READ COMMITTED transaction (so that its reads after this see every
 * writer that committed while it waited), before it reads the references: waits at most `waitMs`
 * for the writers under way to end, else throws {@link BlobsBusyError} (the transaction is then
 * aborted and must be rolled back).
 */
export async function lockBlobsExclusive(tx: Tx, waitMs: number): Promise<void> {
  if (!Number.isInteger(waitMs) || waitMs < 0)
    throw new Error(`waitMs must be whole milliseconds, got ${waitMs}`);
  if (waitMs === 0) {
    const r = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${KEY_SQL}) AS ok`);
    if (r.rows[0]?.ok !== true) throw new BlobsBusyError(0);
    return;
  }
  await tx.query(`SET LOCAL lock_timeout = '${waitMs}ms'`);
  try {
    await tx.query(`SELECT pg_advisory_xact_lock(${KEY_SQL})`);
  } catch (e) {
    if (sqlState(e) === '55P03') throw new BlobsBusyError(waitMs);
    throw e;
  }
  await tx.query('SET LOCAL lock_timeout = 0');
}

/**
 * Of `hashes`, those some `document_file` row names — any version of any document (a version 2
 * of an invalidated legacy document names its file as version 1 does). Uses the sha256 index;
 * give a few thousand at a time.
 */
export async function referencedBlobs(tx: Tx, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const r = await tx.query<{ sha256: string }>({
    name: 'varanto_referenced_blobs',
    text: `SELECT DISTINCT f.sha256 FROM document_file f WHERE f.sha256 = ANY($1::text[])`,
    values: [hashes],
  });
  return new Set(r.rows.map((row) => row.sha256));
}

/**
 * Whether this session still holds the blob lock exclusive (a session that ended, e.g. by
 * `idle_in_transaction_session_timeout`, released it; its queries then fail instead).
 */
export async function holdsBlobsExclusive(tx: Tx): Promise<boolean> {
  const r = await tx.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 ${BLOB_LOCK_ROWS} AND l.pid = pg_backend_pid() AND l.granted
                       AND l.mode = 'ExclusiveLock') AS ok`,
  );
  return r.rows[0]?.ok === true;
}

// pg_locks is the whole server's: the rows of this database's blob lock, and no other advisory
// lock (migrations take one too) nor another database's blob lock.
const BLOB_LOCK_ROWS = `FROM pg_locks l, (SELECT ${KEY_SQL} AS k) key
  WHERE l.locktype = 'advisory' AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid::bigint = ((key.k >> 32) & 4294967295)
    AND l.objid::bigint = (key.k & 4294967295)`;

export interface BlobLockSession {
  readonly pid: number;
  readonly mode: 'ShareLock' | 'ExclusiveLock';
  readonly granted: boolean;
}

/** The sessions of this database that hold or wait for the blob lock (for operators and tests). */
export async function blobLockSessions(q: {
  query<R extends object>(text: string): Promise<{ rows: R[] }>;
}): Promise<BlobLockSession[]> {
  const r = await q.query<BlobLockSession>(
    `SELECT l.pid, l.mode, l.granted ${BLOB_LOCK_ROWS} ORDER BY l.pid`,
  );
  return r.rows;
}

/** Whether any `document_file` row exists at all. */
export async function anyDocumentFile(tx: Tx): Promise<boolean> {
  const r = await tx.query<{ ok: boolean }>('SELECT EXISTS (SELECT 1 FROM document_file) AS ok');
  return r.rows[0]?.ok === true;
}

/** Which database this is, for messages: `database "x" on host:port`. */
export async function databaseIdentity(tx: Tx): Promise<string> {
  const r = await tx.query<{ db: string; host: string | null; port: number | null }>(
    'SELECT current_database() AS db, host(inet_server_addr()) AS host, inet_server_port() AS port',
  );
  const row = r.rows[0];
  const where = row?.host ? `${row.host}:${row.port}` : 'a local socket';
  return `database "${row?.db ?? '?'}" on ${where}`;
}
