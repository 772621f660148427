// Content-addressed blobs on the filesystem (architecture: large binaries live beside the row,
// referenced by SHA-256). A blob's name is its hash, so identical files are stored once and a
// stored blob is never changed. Writing is temp file → fsync → rename → fsync of the directory:
// a blob is durable under its final name before the rows that reference it commit, and a crash
// leaves at worst a temp file or an unreferenced blob, never a reference to missing bytes.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/** A blob's file name: its SHA-256, lower-case hex (`sha256/<first two>/<name>`). */
export const BLOB_NAME = SHA256;
/** The fan-out directories' names under `sha256/`. */
export const BLOB_FANOUT = /^[0-9a-f]{2}$/;
/**
 * A write's temp file, beside the blob it becomes: `.tmp-<first 16 of the hash>-<12 random hex>`.
 * One left behind by an interrupted write is garbage (`varanto blobs collect` removes it).
 */
export const BLOB_TEMP_PREFIX = '.tmp-';
export const BLOB_TEMP_NAME = /^\.tmp-[0-9a-f]{16}-[0-9a-f]{12}$/;

export interface PutResult {
  readonly sha256: string;
  readonly bytes: number;
  /** False when a blob of the same hash was already stored (deduplicated). */
  readonly created: boolean;
}

export class BlobStore {
  /** Fan-out directories known to exist, so a bulk import does not mkdir each time. */
  private readonly dirs = new Set<string>();
  /** Directories whose new names are not yet fsynced (putMany with deferDirSync). */
  private readonly unsynced = new Set<string>();
  /**
   * Hashes known to be stored (written or found by this store): a blob is never removed or
   * changed, so a second import of the same file costs no stat.
   */
  private readonly stored = new Set<string>();
  /** Writes under way, by hash. */
  private readonly writing = new Map<string, Promise<PutResult>>();

  constructor(readonly root: string) {}

  /**
   * Forgets which blobs and directories this store has seen: a writer calls it once it holds the
   * blob lock (lockBlobsShared), since a blob it saw before may have been collected meanwhile.
   */
  forgetKnown(): void {
    this.stored.clear();
    this.dirs.clear();
  }

  static sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** `<root>/sha256/ab/<hash>`: 256 directories keep any one of them small enough. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** The bytes of a blob, or undefined when none is stored under that hash. */
  async read(sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  private async dir(sha256: string): Promise<string> {
    const d = join(this.root, 'sha256', sha256.slice(0, 2));
    if (!this.dirs.has(d)) {
      // A new fan-out directory's own name must be durable too, as must a new `sha256/`.
      const created = await mkdir(d, { recursive: true });
      if (created !== undefined) {
        await syncDir(join(this.root, 'sha256'));
        await syncDir(this.root);
      }
      this.dirs.add(d);
    }
    return d;
  }

  /**
   * Stores `bytes` durably (file and name fsynced) unless a blob of the same hash exists. `sha256`
   * may be passed when the caller already hashed the bytes; it is not trusted blindly: a mismatch
   * throws.
   */
  async put(bytes: Uint8Array, sha256 = BlobStore.sha256(bytes)): Promise<PutResult> {
    const r = await this.putUnsynced(bytes, sha256);
    if (r.created) await syncDir(join(this.root, 'sha256', sha256.slice(0, 2)));
    return r;
  }

  /**
   * Stores many blobs: each file is written and fsynced (in parallel, `concurrency` at a time, so
   * the filesystem commits many in one journal flush) and renamed; every directory that got a new
   * name is fsynced once at the end — or, with `deferDirSync`, at the next {@link syncPending}
   * (a bulk import syncs each directory once per run instead of once per batch). Identical inputs
   * are written once.
   */
  async putMany(
    items: readonly { bytes: Uint8Array; sha256: string }[],
    opts: { concurrency?: number; deferDirSync?: boolean } = {},
  ): Promise<PutResult[]> {
    const results: PutResult[] = new Array(items.length);
    const touched = new Set<string>();
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        const it = items[i]!;
        const r = await this.putUnsynced(it.bytes, it.sha256);
        // Also for a blob another writer created meanwhile: its name is durable once we return.
        touched.add(join(this.root, 'sha256', it.sha256.slice(0, 2)));
        results[i] = r;
      }
    };
    const workers = Math.max(1, Math.min(opts.concurrency ?? 16, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
    if (opts.deferDirSync) for (const d of touched) this.unsynced.add(d);
    else await Promise.all([...touched].map(syncDir));
    return results;
  }

  /** Makes the names of blobs stored with `deferDirSync` durable. */
  async syncPending(): Promise<void> {
    const dirs = [...this.unsynced];
    this.unsynced.clear();
    await Promise.all(dirs.map(syncDir));
  }

  /**
   * Writes and fsyncs the file and renames it into place; the directory is the caller's to sync.
   * Of concurrent puts of one hash through this store, one writes and the others wait for it and
   * report `created: false`, so each distinct content is counted and written once.
   */
  private async putUnsynced(bytes: Uint8Array, sha256: string): Promise<PutResult> {
    if (BlobStore.sha256(bytes) !== sha256) throw new Error(`blob bytes do not hash to ${sha256}`);
    const pending = this.writing.get(sha256);
    if (pending) return pending.then(() => ({ sha256, bytes: bytes.byteLength, created: false }));
    const p = this.write(bytes, sha256).finally(() => this.writing.delete(sha256));
    this.writing.set(sha256, p);
    return p;
  }

  private async write(bytes: Uint8Array, sha256: string): Promise<PutResult> {
    const final = this.pathOf(sha256);
    if (this.stored.has(sha256) || (await this.has(sha256))) {
      this.stored.add(sha256);
      return { sha256, bytes: bytes.byteLength, created: false };
    }
    const dir = await this.dir(sha256);
    const tmp = join(dir, `${BLOB_TEMP_PREFIX}${sha256.slice(0, 16)}-${randomBytes(6).toString('hex')}`);
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o640);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw e;
    }
    await fh.close();
    // Same content under the same name: a concurrent writer's rename is as good as ours.
    await rename(tmp, final);
    this.stored.add(sha256);
    return { sha256, bytes: bytes.byteLength, created: true };
  }
}

/** Makes the names in a directory durable (a rename or an unlink is durable only after this). */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
