// `varanto blobs collect`: the blobs no `document_file` row names (docs/legacy-import.md,
// "Collecting unreferenced blobs"). A legacy import that fails after writing some blobs leaves them
// behind, and an interrupted write leaves its temp file. The collector reports them and, with
// `--delete`, removes those older than the minimum age.
//
// Safety against a concurrent import: an import stores (or finds and reuses) a blob long before its
// rows commit. It holds the blob lock shared from before its first put until its transaction ends
// (store/blob-references.ts); the collector re-reads the references of its candidates, and deletes,
// holding the lock exclusive — so no import is between a put and its commit meanwhile. The minimum
// age is a second guard (a writer that does not take the lock, a clock step). References are never
// removed (document_file is append-only), so a blob found referenced before the lock is kept
// without being looked at again, and the lock is held only for the candidates.
import { randomUUID } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, realpath, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  anyDocumentFile,
  appendAudit,
  BLOB_FANOUT,
  BLOB_NAME,
  BLOB_TEMP_NAME,
  BLOB_TEMP_PREFIX,
  BlobsBusyError,
  databaseIdentity,
  holdsBlobsExclusive,
  lockBlobsExclusive,
  referencedBlobs,
  type Store,
  syncDir,
  type Tx,
} from '@varanto/store';

export const DEFAULT_MIN_AGE_HOURS = 24;
export const DEFAULT_WAIT_SECONDS = 60;
export const BLOBS_COLLECT_ACTION = 'blobs.collect';
/** Hashes per reference query (one array parameter; the sha256 index answers each). */
const REFERENCE_CHUNK = 5000;
/** lstat calls under way at once while scanning a directory. */
const STAT_CONCURRENCY = 64;
/** Unlinks between checks that the blob lock is still held. */
const LOCK_CHECK_EVERY = 100;

export interface CollectOptions {
  /** The blob directory (its `sha256/ab/<hash>` files). */
  root: string;
  /** Only files whose modification and change times are both older than this are collected. */
  minAgeMs: number;
  /** Remove what is collected; otherwise only report. */
  delete: boolean;
  /** How long to wait for imports under way to end (the blob lock), else {@link CollectBusy}. */
  waitMs: number;
  /** Who acts, for the audit entry of a deleting run (`cli:<user>`). */
  operator: string;
  /** The command as given, for the audit entry. */
  command?: string;
  /**
   * Delete even when the database names none of the blobs in the directory or has no
   * `document_file` row at all (it may not be the database these files belong to).
   */
  allowNoReferences?: boolean;
  /** The clock (tests): milliseconds since the epoch. */
  now?: () => number;
  /** Awaited when it returns a promise. */
  onProgress?: (phase: 'scan' | 'delete', done: number, total: number) => void | Promise<void>;
}

export interface BlobFile {
  /** Path relative to the blob directory. */
  readonly path: string;
  readonly bytes: number;
  /** The later of its modification and change times (ISO). */
  readonly changed: string;
}

export interface OtherEntry {
  readonly path: string;
  readonly why: string;
}

export interface CollectResult {
  readonly root: string;
  readonly deleting: boolean;
  readonly minAgeMs: number;
  /** Blobs seen (files named by a hash in their fan-out directory). */
  readonly blobs: number;
  readonly referenced: number;
  /** Unreferenced and older than the minimum age: removed when deleting. */
  readonly unreferenced: readonly BlobFile[];
  /** Unreferenced but younger than the minimum age: kept. */
  readonly young: readonly BlobFile[];
  /** Temp files of interrupted writes older than the minimum age: removed when deleting. */
  readonly temp: readonly BlobFile[];
  /** Younger temp files (a write may be under way): kept. */
  readonly youngTemp: readonly BlobFile[];
  /** Anything else in the directory: left alone. */
  readonly other: readonly OtherEntry[];
  /** What was removed (deleting only). */
  readonly removed: readonly BlobFile[];
  /** What could not be removed, and why. */
  readonly failed: readonly OtherEntry[];
  /** The audit entry's request id (deleting only). */
  readonly runId?: string;
  /**
   * Set when the database names none of the blobs found (or has no `document_file` row): it may
   * not be the database these files belong to. A deleting run refuses then ({@link CollectRefused}).
   */
  readonly warning?: string;
}

/** The blob directory is missing or not a directory. */
export class CollectSetupError extends Error {}

/** The blob lock was not free in time: an import or a collection is running; nothing was deleted. */
export class CollectBusy extends Error {}

/** A deleting run refused: the database names none of the blobs (see {@link CollectResult.warning}). */
export class CollectRefused extends Error {}

/** The blob lock was lost (the session ended) while deleting: removals so far stand, unaudited. */
export class CollectLockLost extends Error {}

/** The flag that lets a deleting run go on when the database names none of the blobs. */
export const ALLOW_NO_REFERENCES_FLAG = '--allow-no-references';

interface Found {
  readonly rel: string;
  readonly dir: string;
  /** The fan-out directory's identity when scanned (checked again before unlinking in it). */
  readonly dirDev: number;
  readonly dirIno: number;
  readonly name: string;
  readonly sha256?: string;
  readonly bytes: number;
  /** The later of its modification and change times (ms). */
  readonly changedMs: number;
}

/** Pool clients given a lasting 'error' listener by a collection. */
const quietClients = new WeakSet<Tx>();

const changedMs = (st: Stats) => Math.max(st.mtimeMs, st.ctimeMs);
const asFile = (f: Found): BlobFile => ({
  path: f.rel,
  bytes: f.bytes,
  changed: new Date(f.changedMs).toISOString(),
});

async function entries(dir: string): Promise<Dirent[]> {
  return (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** lstat of many names, a bounded number at a time; a name gone meanwhile is left out. */
async function statAll(dir: string, names: readonly string[]): Promise<(Stats | undefined)[]> {
  const out: (Stats | undefined)[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= names.length) return;
      try {
        out[i] = await lstat(join(dir, names[i]!));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, names.length) }, worker));
  return out;
}

/**
 * Walks the blob directory: blobs, temp files, and everything else (never followed or touched).
 * Of the blobs it keeps only those `named` does not find (a directory at a time), so memory
 * follows the unreferenced blobs, not all of them.
 */
async function scan(
  root: string,
  named: (hashes: readonly string[]) => Promise<Set<string>>,
  onProgress?: CollectOptions['onProgress'],
): Promise<{ root: string; count: number; blobs: Found[]; temp: Found[]; other: OtherEntry[] }> {
  let count = 0;
  const blobs: Found[] = [];
  const temp: Found[] = [];
  const other: OtherEntry[] = [];
  let top: Dirent[];
  try {
    // The root itself may be a symlink (import and server follow it); nothing below it is followed.
    root = await realpath(root);
    const st = await lstat(root);
    if (!st.isDirectory()) throw new CollectSetupError(`${root} is not a directory`);
    top = await entries(root);
  } catch (e) {
    if (e instanceof CollectSetupError) throw e;
    throw new CollectSetupError(`cannot read the blob directory ${root}: ${(e as Error).message}`);
  }
  let fanouts: Dirent[] = [];
  for (const d of top) {
    if (d.name === 'sha256' && d.isDirectory()) fanouts = await entries(join(root, 'sha256'));
    else other.push({ path: d.name, why: 'not part of the blob layout (sha256/ab/<sha-256>)' });
  }
  let done = 0;
  for (const f of fanouts) {
    const rel = `sha256/${f.name}`;
    if (!f.isDirectory() || !BLOB_FANOUT.test(f.name)) {
      other.push({ path: rel, why: 'not a fan-out directory (two hex digits)' });
      continue;
    }
    const dir = join(root, 'sha256', f.name);
    const dst = await lstat(dir);
    if (!dst.isDirectory()) {
      other.push({ path: rel, why: 'not a fan-out directory (two hex digits)' });
      continue;
    }
    const names = (await entries(dir)).map((d) => d.name);
    const stats = await statAll(dir, names);
    const here: Found[] = [];
    names.forEach((name, i) => {
      const st = stats[i];
      if (!st) return;
      const path = `${rel}/${name}`;
      const blobName = BLOB_NAME.test(name);
      const tempName = BLOB_TEMP_NAME.test(name);
      const found = {
        rel: path,
        dir,
        dirDev: dst.dev,
        dirIno: dst.ino,
        name,
        bytes: st.size,
        changedMs: changedMs(st),
      };
      if (!st.isFile()) other.push({ path, why: 'not a regular file' });
      else if (blobName && name.startsWith(f.name)) here.push({ ...found, sha256: name });
      else if (blobName) other.push({ path, why: 'a blob name in the wrong fan-out directory' });
      else if (tempName && name.slice(5, 7) === f.name) temp.push(found);
      else other.push({ path, why: 'not a blob name' });
    });
    count += here.length;
    for (let i = 0; i < here.length; i += REFERENCE_CHUNK) {
      const chunk = here.slice(i, i + REFERENCE_CHUNK);
      const known = await named(chunk.map((b) => b.sha256!));
      for (const b of chunk) if (!known.has(b.sha256!)) blobs.push(b);
    }
    await onProgress?.('scan', ++done, fanouts.length);
  }
  return { root, count, blobs, temp, other };
}

/**
 * Finds the unreferenced blobs and old temp files and, with `delete`, removes them (directories
 * fsynced) and writes one audit entry, all while holding the blob lock in one transaction. Throws
 * {@link CollectSetupError} or {@link CollectBusy}.
 */
export async function collectBlobs(store: Store, o: CollectOptions): Promise<CollectResult> {
  const now = o.now ?? Date.now;
  // Before the lock: what rows name already stays named (append-only), whatever happens next.
  const {
    root,
    count,
    blobs: maybe,
    temp,
    other,
  } = await scan(
    resolve(o.root),
    (hashes) => store.transaction((tx) => referencedBlobs(tx, hashes), { readOnly: true }),
    o.onProgress,
  );

  const run = async () =>
    store.transaction(
      async (tx) => {
        // A connection that breaks while the transaction is checked out must be a rejection of
        // the next query, not an uncaught 'error' event — also one emitted after this run ended
        // (the store rolls back and discards the client then): a listener stays on the client.
        if (!quietClients.has(tx)) {
          tx.on('error', () => {});
          quietClients.add(tx);
        }
        let broken: Error | undefined;
        const onError = (e: Error) => {
          broken = e;
        };
        tx.on('error', onError);
        try {
          return await collectIn(tx, () => broken);
        } finally {
          tx.removeListener('error', onError);
        }
      },
      { isolation: 'read committed', retries: 0 },
    );
  const collectIn = async (tx: Tx, broken: () => Error | undefined): Promise<CollectResult> => {
    // No timeout may end this session (and release the lock) while it deletes between queries.
    await tx.query('SET LOCAL idle_in_transaction_session_timeout = 0');
    await tx.query('SET LOCAL statement_timeout = 0');
    // READ COMMITTED: each statement after the lock sees every import that committed while it waited.
    await lockBlobsExclusive(tx, o.waitMs);
    const candidates = maybe.map((b) => b.sha256!);
    const nowNamed = new Set<string>();
    for (let i = 0; i < candidates.length; i += REFERENCE_CHUNK) {
      for (const h of await referencedBlobs(tx, candidates.slice(i, i + REFERENCE_CHUNK))) nowNamed.add(h);
    }
    const at = now();
    const old = (ms: number) => at - ms >= o.minAgeMs;
    const unreferenced: Found[] = [];
    const young: Found[] = [];
    for (const b of maybe) {
      if (nowNamed.has(b.sha256!)) continue;
      (old(b.changedMs) ? unreferenced : young).push(b);
    }
    const oldTemp = temp.filter((t) => old(t.changedMs));
    const youngTemp = temp.filter((t) => !old(t.changedMs));
    const referenced = count - unreferenced.length - young.length;
    // Not the database these files belong to? (DATABASE_URL unset starts an empty one.)
    const hasFiles = await anyDocumentFile(tx);
    let warning: string | undefined;
    if (
      (unreferenced.length + young.length > 0 && referenced === 0) ||
      (!hasFiles && unreferenced.length + young.length + temp.length > 0)
    ) {
      const db = await databaseIdentity(tx);
      warning =
        `${hasFiles ? 'no blob' : 'no blob (no document_file row at all)'} in ${root} is named by this ` +
        `database (${db}): is it the database these files belong to?`;
      if (o.delete && !o.allowNoReferences && unreferenced.length + oldTemp.length > 0)
        throw new CollectRefused(
          `${warning} Nothing was deleted. Rerun with ${ALLOW_NO_REFERENCES_FLAG} to remove them anyway`,
        );
    }
    const stillLocked = async () => {
      const e = broken();
      if (e) throw new CollectLockLost(`the database connection broke while deleting: ${e.message}`);
      let held: boolean;
      try {
        held = await holdsBlobsExclusive(tx);
      } catch (q) {
        throw new CollectLockLost(`the database connection broke while deleting: ${(q as Error).message}`);
      }
      if (!held)
        throw new CollectLockLost('the blob lock was lost (the database session ended) while deleting');
    };
    const removed: BlobFile[] = [];
    const failed: OtherEntry[] = [];
    let runId: string | undefined;
    if (o.delete) {
      const doomed = [...unreferenced, ...oldTemp];
      const touched = new Set<string>();
      const dirs = new Map<string, boolean>();
      let done = 0;
      for (const [i, f] of doomed.entries()) {
        if (i % LOCK_CHECK_EVERY === 0) await stillLocked();
        const path = join(f.dir, f.name);
        try {
          // The fan-out directory is still the one scanned (not replaced, e.g. by a symlink).
          let same = dirs.get(f.dir);
          if (same === undefined) {
            const d = await lstat(f.dir);
            same = d.isDirectory() && d.dev === f.dirDev && d.ino === f.dirIno;
            dirs.set(f.dir, same);
          }
          if (!same) {
            failed.push({ path: f.rel, why: 'its fan-out directory changed since the scan; not removed' });
            await o.onProgress?.('delete', ++done, doomed.length);
            continue;
          }
          // Looked at again under the lock: still the regular file it was, still old enough.
          const st = await lstat(path);
          if (!st.isFile() || !old(changedMs(st))) continue;
          await unlink(path);
          touched.add(f.dir);
          removed.push(asFile({ ...f, bytes: st.size, changedMs: changedMs(st) }));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
            failed.push({ path: f.rel, why: (e as Error).message });
        }
        await o.onProgress?.('delete', ++done, doomed.length);
      }
      // The removals are durable before the audit entry that records them commits.
      for (const d of touched) await syncDir(d);
      await stillLocked();
      runId = randomUUID();
      const blobsRemoved = removed.filter((r) => !basename(r.path).startsWith(BLOB_TEMP_PREFIX));
      const tempRemoved = removed.length - blobsRemoved.length;
      const sum = (xs: readonly BlobFile[]) => xs.reduce((n, x) => n + x.bytes, 0);
      await appendAudit(tx, {
        actor: { kind: 'system', name: o.operator },
        action: BLOBS_COLLECT_ACTION,
        outcome: failed.length > 0 ? 'error' : 'allowed',
        reason:
          `${o.command ?? 'varanto blobs collect --delete'}: removed ${blobsRemoved.length} unreferenced ` +
          `blobs (${sum(blobsRemoved)} bytes) and ${tempRemoved} temp files ` +
          `(${sum(removed) - sum(blobsRemoved)} bytes) older than ${o.minAgeMs / 3_600_000} h from ${root}` +
          (failed.length > 0 ? `; ${failed.length} could not be removed` : ''),
        requestId: runId,
      });
    }
    return {
      root,
      deleting: o.delete,
      minAgeMs: o.minAgeMs,
      blobs: count,
      referenced,
      unreferenced: unreferenced.map(asFile),
      young: young.map(asFile),
      temp: oldTemp.map(asFile),
      youngTemp: youngTemp.map(asFile),
      other,
      removed,
      failed,
      ...(runId ? { runId } : {}),
      ...(warning ? { warning } : {}),
    };
  };
  try {
    return await run();
  } catch (e) {
    if (e instanceof BlobsBusyError) throw new CollectBusy(e.message);
    throw e;
  }
}
