// Signed audit checkpoints from the command line and the running service: where the signing key
// is, writing a checkpoint (database row and file), verifying against one, and the periodic timer
// of `varanto start`. The checkpoint itself is the store's (audit-checkpoint.ts).
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AuditEntryInput,
  CHECKPOINT_ACTOR,
  type CheckpointFile,
  checkCheckpointSignature,
  checkpointFileName,
  createCheckpoint,
  loadOrCreateSigningKey,
  publicKeyPath,
  readCheckpointFile,
  readPublicKey,
  readSigningKey,
  type SigningKey,
  type Store,
  saveCheckpointFile,
  verifyCheckpoint,
} from '@varanto/store';
import type { StartConfig } from './config.ts';

export const DEFAULT_KEY_FILE = 'audit-signing-key.pem';

/** The key cannot be found or used: a configuration problem, not a broken log. */
export class CheckpointKeyError extends Error {}

/**
 * Where the signing key is. VARANTO_AUDIT_SIGNING_KEY names a file that must exist (a missing
 * mounted secret must not silently become a new key); the embedded deployment keeps one in its
 * data directory, created on first use. With an external database the data directory may be a
 * container's scratch space, so a key there could vanish with every checkpoint it signed: the
 * operator must name one.
 */
export function signingKeyLocation(config: StartConfig): { path: string; create: boolean } {
  if (config.auditSigningKey) return { path: config.auditSigningKey, create: false };
  if (config.databaseUrl) {
    throw new CheckpointKeyError(
      'with an external database (DATABASE_URL) set VARANTO_AUDIT_SIGNING_KEY to an Ed25519 private key ' +
        '(openssl genpkey -algorithm ed25519 -out audit-signing-key.pem)',
    );
  }
  return { path: join(config.dataDir, DEFAULT_KEY_FILE), create: true };
}

export async function signingKey(config: StartConfig): Promise<SigningKey & { path: string }> {
  const where = signingKeyLocation(config);
  try {
    const key = where.create ? await loadOrCreateSigningKey(where.path) : await readSigningKey(where.path);
    return { ...key, path: where.path };
  } catch (e) {
    throw new CheckpointKeyError(
      `audit signing key ${where.path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * The key a checkpoint is verified with: the one given, else the configured key's public file,
 * else the public half of the configured private key. Never creates a key.
 */
export async function verifyingKey(config: StartConfig, given?: string): Promise<KeyObject> {
  let path = given;
  if (!path) {
    const where = signingKeyLocation(config);
    path = existsSync(publicKeyPath(where.path)) ? publicKeyPath(where.path) : where.path;
  }
  try {
    return await readPublicKey(path);
  } catch (e) {
    throw new CheckpointKeyError(`public key ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const checkpointDir = (config: StartConfig) => join(config.dataDir, 'checkpoints');

export function checkpointSummary(file: CheckpointFile): string {
  const p = file.payload;
  return `checkpoint ${p.createdAt}: ${p.entries} entries in ${p.chains.length} chains, signed by key ${p.keyId.slice(0, 16)}`;
}

/** Writes a checkpoint to the database and to `out` (default: a new file in `dir`). */
export async function writeCheckpoint(
  store: Store,
  key: SigningKey,
  opts: { dir: string; out?: string; actor?: AuditEntryInput['actor'] },
): Promise<{ file: CheckpointFile; path: string }> {
  const file = await createCheckpoint(store, key, opts.actor ? { actor: opts.actor } : {});
  const path = opts.out ?? join(opts.dir, checkpointFileName(file));
  await saveCheckpointFile(file, path);
  return { file, path };
}

export interface VerifyOutput {
  code: number;
  out: string[];
  err: string[];
}

/**
 * Reads the checkpoint file and checks its signature before the database is opened: a forged
 * or foreign file is refused without starting anything. Returns the file when it may be used.
 */
export async function checkCheckpointFile(
  path: string,
  publicKey: KeyObject,
): Promise<{ ok: true; file: unknown } | { ok: false; result: VerifyOutput }> {
  let file: unknown;
  try {
    file = await readCheckpointFile(path);
  } catch (e) {
    return {
      ok: false,
      result: {
        code: 2,
        out: [],
        err: [`checkpoint ${path}: ${e instanceof Error ? e.message : String(e)}`],
      },
    };
  }
  const sig = checkCheckpointSignature(file, publicKey);
  if (sig.signature !== 'valid') {
    return {
      ok: false,
      result: { code: 1, out: [], err: [`checkpoint ${path}: signature ${sig.signature}: ${sig.detail}`] },
    };
  }
  return { ok: true, file };
}

/** `verify --checkpoint`: the usual line and `checkpoint <time> holds`, or the first break. */
export async function verifyAgainst(
  store: Store,
  file: unknown,
  publicKey: KeyObject,
): Promise<VerifyOutput> {
  const v = await verifyCheckpoint(store, file, publicKey);
  if (v.signature !== 'valid' || !v.checkpoint || !v.audit) {
    return { code: 1, out: [], err: [`checkpoint signature ${v.signature}: ${v.detail}`] };
  }
  if (v.firstBreak) return { code: 1, out: [], err: [`audit chain broken: ${JSON.stringify(v.firstBreak)}`] };
  return {
    code: 0,
    out: [
      `verified ${v.audit.entries} entries in ${v.audit.chains} chains`,
      `checkpoint ${v.checkpoint.createdAt} holds`,
    ],
    err: [],
  };
}

export interface CheckpointTimer {
  /** Stops the timer and waits for a checkpoint being written. */
  stop(): Promise<void>;
}

/**
 * The periodic checkpoints of `varanto start`: every `checkpointMinutes` (0 disables) a row and a
 * file under `<data>/checkpoints/`. A configured key that cannot be read stops the start; an
 * external database without a configured key only warns, so existing deployments keep running.
 */
export async function startCheckpointTimer(
  store: Store,
  config: StartConfig,
  log: (line: string) => void,
): Promise<CheckpointTimer | undefined> {
  const minutes = config.checkpointMinutes ?? 0;
  if (minutes <= 0) return undefined;
  if (!config.auditSigningKey && config.databaseUrl) {
    log('WARNING: audit checkpoints are off: with an external database set VARANTO_AUDIT_SIGNING_KEY');
    return undefined;
  }
  const key = await signingKey(config);
  const dir = checkpointDir(config);
  log(`audit checkpoints every ${minutes} min into ${dir} (key ${key.path}, ${key.keyId.slice(0, 16)})`);
  let running: Promise<void> | undefined;
  const tick = () => {
    // A checkpoint still being written (a slow database) is not queued behind.
    if (running) return;
    running = writeCheckpoint(store, key, { dir, actor: CHECKPOINT_ACTOR })
      .then(({ file, path }) => log(`${checkpointSummary(file)} → ${path}`))
      .catch((e: unknown) => log(`audit checkpoint failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, minutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
