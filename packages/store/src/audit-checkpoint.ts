// Signed audit checkpoints. The hash chains show an edited, deleted or moved entry, but someone
// with database access can cut a chain's tail or rewrite a whole chain with recomputed hashes
// and the chains verify again. A checkpoint — every chain's last (seq, hash), signed with an
// Ed25519 key the database never sees — kept outside the database pins the chains as they were:
// each must still hold that exact entry, and since every hash covers its predecessor, the whole
// prefix up to it. Signing and verifying use node:crypto; nothing here is hand-written crypto.
import { execFileSync } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntryInput, AuditProblem, AuditVerification, Tx } from './api.ts';
import { appendAudit, verifyAudit } from './audit.ts';
import type { Store } from './db.ts';
import { canonicalJson } from './sql.ts';

export const CHECKPOINT_FORMAT = 'varanto-audit-checkpoint-1';
/** The actor of checkpoints written by the running service. */
export const CHECKPOINT_ACTOR = { kind: 'system', name: 'audit-checkpoint' } as const;

export interface ChainHead {
  chain: number;
  /** The chain's last entry at the checkpoint (chains without entries are left out). */
  seq: number;
  hash: string;
}

/** What is signed: `canonicalJson(payload)` as UTF-8. */
export interface CheckpointPayload {
  format: typeof CHECKPOINT_FORMAT;
  id: string;
  /** Database clock, UTC, microseconds, like the entries' recording times. */
  createdAt: string;
  /** SHA-256 of the signing public key (DER SubjectPublicKeyInfo), hex. */
  keyId: string;
  /** Entries the checkpoint covers: the chains are gap-free from 1, so the sum of their last seqs. */
  entries: number;
  chains: ChainHead[];
  varanto: { version: string; commit?: string };
}

/** The self-contained file an auditor keeps: verifiable with the public key alone. */
export interface CheckpointFile {
  payload: CheckpointPayload;
  algorithm: 'Ed25519';
  /** Base64 Ed25519 signature of `canonicalJson(payload)`. */
  signature: string;
  /** The signing key's fingerprint, repeated outside the payload for people. */
  keyId: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

// ---- Keys ----

/** The fingerprint of a public key: SHA-256 of its DER SubjectPublicKeyInfo, hex. */
export function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function signingKeyOf(privateKey: KeyObject): SigningKey {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the audit signing key must be an Ed25519 private key, not ${describeKey(privateKey)}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: publicKeyId(publicKey) };
}

function describeKey(k: KeyObject): string {
  return `a ${k.asymmetricKeyType ?? k.type} ${k.type} key`;
}

/** Where the public key of a private key file is written: `x.pem` → `x.pub.pem`. */
export function publicKeyPath(privatePath: string): string {
  return privatePath.endsWith('.pem') ? `${privatePath.slice(0, -4)}.pub.pem` : `${privatePath}.pub.pem`;
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** Reads an Ed25519 private key (PEM); the file must exist. */
export async function readSigningKey(path: string): Promise<SigningKey> {
  const pem = await readFile(path, 'utf8');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new Error(`${path} is not a PEM private key: ${e instanceof Error ? e.message : String(e)}`);
  }
  return signingKeyOf(key);
}

/**
 * The key at `path`, created on first use (mode 600, directory 700) with its public key beside
 * it. Two processes starting at once create one key: the loser of the exclusive create reads the
 * winner's file.
 */
export async function loadOrCreateSigningKey(path: string): Promise<SigningKey & { created: boolean }> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  let created = true;
  try {
    await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    created = false;
  }
  const key = await readSigningKey(path);
  // The public half is for auditors; a missing one is rewritten, an existing one left alone.
  await writeFile(publicKeyPath(path), publicKeyPem(key.publicKey), { mode: 0o644, flag: 'wx' }).catch(
    (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    },
  );
  return { ...key, created };
}

/**
 * The verifying key from a PEM file: a public key, or a private key whose public half is taken.
 * Ed25519 only, so a key of another kind is a clear error rather than a failed signature.
 */
export async function readPublicKey(path: string): Promise<KeyObject> {
  const pem = await readFile(path, 'utf8');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new Error(`${path} is not a PEM key: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${path} holds ${describeKey(key)}; audit checkpoints are signed with Ed25519`);
  }
  return key;
}

// ---- Writing ----

let versionCache: CheckpointPayload['varanto'] | undefined;

/** The Varanto version and, when the code runs from a git checkout, its commit (looked up once). */
function varantoVersion(): CheckpointPayload['varanto'] {
  if (versionCache) return versionCache;
  const root = new URL('../../../', import.meta.url);
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string })
      .version;
  } catch {}
  versionCache = { version };
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (/^[0-9a-f]{40}$/.test(commit)) versionCache.commit = commit;
  } catch {}
  return versionCache;
}

/**
 * Every chain's last entry and the database time, in one statement so in one snapshot. The chain
 * numbers come from the entries themselves (a loose index scan over the primary key), so this
 * depends neither on the head table nor on how many chains there are.
 */
async function readHeads(tx: Tx): Promise<{ heads: ChainHead[]; now: string }> {
  const r = await tx.query<{ chain: number | null; seq: number | null; hash: string | null; now: string }>(
    `WITH RECURSIVE chains AS (
       SELECT min(chain) AS chain FROM audit_entry
       UNION ALL
       SELECT (SELECT min(e.chain) FROM audit_entry e WHERE e.chain > chains.chain)
         FROM chains WHERE chains.chain IS NOT NULL
     )
     SELECT c.chain, last.seq, last.hash,
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now
       FROM (SELECT 1) one
       LEFT JOIN chains c ON c.chain IS NOT NULL
       LEFT JOIN LATERAL (
         SELECT seq, hash FROM audit_entry e WHERE e.chain = c.chain ORDER BY seq DESC LIMIT 1
       ) last ON true
      ORDER BY c.chain`,
  );
  const heads: ChainHead[] = [];
  for (const row of r.rows) {
    if (row.chain !== null && row.seq !== null && row.hash !== null) {
      heads.push({ chain: row.chain, seq: row.seq, hash: row.hash });
    }
  }
  return { heads, now: r.rows[0]!.now };
}

function signPayload(payload: CheckpointPayload, key: SigningKey): string {
  return sign(null, Buffer.from(canonicalJson(payload), 'utf8'), key.privateKey).toString('base64');
}

/**
 * Writes a checkpoint: its audit entry first, so the checkpoint covers its own making, then the
 * heads, the signature and the row, all in one transaction. The caller saves the file.
 */
export async function createCheckpoint(
  store: Store,
  key: SigningKey,
  opts: { actor?: AuditEntryInput['actor'] } = {},
): Promise<CheckpointFile> {
  const id = randomUUID();
  return store.transaction(async (tx) => {
    await appendAudit(tx, {
      actor: opts.actor ?? CHECKPOINT_ACTOR,
      action: 'audit.checkpoint',
      outcome: 'allowed',
      requestId: id,
    });
    const { heads, now } = await readHeads(tx);
    const payload: CheckpointPayload = {
      format: CHECKPOINT_FORMAT,
      id,
      createdAt: now,
      keyId: key.keyId,
      entries: heads.reduce((n, h) => n + h.seq, 0),
      chains: heads,
      varanto: varantoVersion(),
    };
    const file: CheckpointFile = {
      payload,
      algorithm: 'Ed25519',
      signature: signPayload(payload, key),
      keyId: key.keyId,
    };
    await tx.query(
      `INSERT INTO audit_checkpoint (id, created_at, key_id, entries, payload, signature)
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6)`,
      [id, now, key.keyId, payload.entries, canonicalJson(payload), file.signature],
    );
    return file;
  });
}

/** Checkpoints kept in the database, newest first, as the files they were exported as. */
export async function listCheckpoints(store: Store, limit = 100): Promise<CheckpointFile[]> {
  const r = await store.pool.query<{ payload: string; signature: string; key_id: string }>(
    'SELECT payload, signature, key_id FROM audit_checkpoint ORDER BY created_at DESC, id LIMIT $1',
    [limit],
  );
  return r.rows.map((row) => ({
    payload: JSON.parse(row.payload) as CheckpointPayload,
    algorithm: 'Ed25519',
    signature: row.signature,
    keyId: row.key_id,
  }));
}

export function checkpointJson(file: CheckpointFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Saves the file without overwriting one that exists (a checkpoint is never replaced). */
export async function saveCheckpointFile(file: CheckpointFile, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, checkpointJson(file), { mode: 0o644, flag: 'wx' });
}

/** A file name that sorts by time, to the microsecond: `20250101T100000.123456Z-<id prefix>.json`. */
export function checkpointFileName(file: CheckpointFile): string {
  const t = file.payload.createdAt.replace(/[-:]/g, '');
  return `${t}-${file.payload.id.slice(0, 8)}.json`;
}

// ---- Verifying ----

export type CheckpointProblem = AuditProblem | 'truncated' | 'rewritten';

export interface CheckpointBreak {
  chain: number;
  seq: number;
  problem: CheckpointProblem;
  detail: string;
}

export interface CheckpointVerification {
  /**
   * `malformed`: not a checkpoint file; `wrong_key`: signed by another key than the one given;
   * `invalid`: the signature does not match the payload (it was edited). Only a valid signature
   * lets the payload be trusted, so nothing else is checked otherwise.
   */
  signature: 'valid' | 'invalid' | 'wrong_key' | 'malformed';
  detail?: string;
  checkpoint?: CheckpointPayload;
  /** The plain chain verification, run when the signature is valid. */
  audit?: AuditVerification;
  /** The first break of each broken chain, by the chains or by the checkpoint, in chain order. */
  breaks: CheckpointBreak[];
  firstBreak?: CheckpointBreak;
  /** The signature is valid and every chain verifies and still holds the checkpoint's entry. */
  holds: boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks the shape of a parsed file; returns why it is not a checkpoint, or undefined. */
export function checkpointShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const f = value as Partial<Record<keyof CheckpointFile, unknown>>;
  if (f.algorithm !== 'Ed25519') return 'algorithm is not Ed25519';
  if (typeof f.signature !== 'string' || !/^[A-Za-z0-9+/]+=*$/.test(f.signature)) {
    return 'signature is not base64';
  }
  if (typeof f.payload !== 'object' || f.payload === null) return 'payload is missing';
  if (f.keyId !== (f.payload as { keyId?: unknown }).keyId) return 'keyId differs from payload.keyId';
  const p = f.payload as Partial<Record<keyof CheckpointPayload, unknown>>;
  if (p.format !== CHECKPOINT_FORMAT) return `payload.format is not ${CHECKPOINT_FORMAT}`;
  if (typeof p.id !== 'string') return 'payload.id is missing';
  if (typeof p.createdAt !== 'string') return 'payload.createdAt is missing';
  if (typeof p.keyId !== 'string' || !HEX64.test(p.keyId))
    return 'payload.keyId is not a SHA-256 fingerprint';
  if (!isCount(p.entries)) return 'payload.entries is not a count';
  if (!Array.isArray(p.chains)) return 'payload.chains is not a list';
  for (const [i, c] of p.chains.entries()) {
    const h = c as Partial<ChainHead> | null;
    if (typeof h !== 'object' || h === null || !isCount(h.chain) || !isCount(h.seq) || h.seq < 1) {
      return `payload.chains[${i}] is not a chain head`;
    }
    if (typeof h.hash !== 'string' || !HEX64.test(h.hash)) return `payload.chains[${i}].hash is not a hash`;
  }
  return undefined;
}

/** Whether `file` carries a valid signature by `publicKey`; no database involved. */
export function checkCheckpointSignature(
  file: unknown,
  publicKey: KeyObject,
): Pick<CheckpointVerification, 'signature' | 'detail' | 'checkpoint'> {
  const problem = checkpointShapeProblem(file);
  if (problem) return { signature: 'malformed', detail: problem };
  const f = file as CheckpointFile;
  const given = publicKeyId(publicKey);
  const ok = verify(
    null,
    Buffer.from(canonicalJson(f.payload), 'utf8'),
    publicKey,
    Buffer.from(f.signature, 'base64'),
  );
  if (ok && f.payload.keyId === given) return { signature: 'valid', checkpoint: f.payload };
  if (f.payload.keyId !== given) {
    return {
      signature: 'wrong_key',
      detail: `signed by key ${f.payload.keyId.slice(0, 16)}…, not by the given key ${given.slice(0, 16)}…`,
    };
  }
  return { signature: 'invalid', detail: 'the signature does not match the payload: the file was altered' };
}

/**
 * Verifies the chains against a checkpoint: the signature, then the plain chain verification,
 * then for every chain the checkpoint names, that the entry it pinned is still there with the
 * same hash. A chain verification that passes plus that entry's hash proves the prefix up to it
 * unchanged; what follows the checkpoint is covered by the chains alone.
 */
export async function verifyCheckpoint(
  store: Store,
  file: unknown,
  publicKey: KeyObject,
): Promise<CheckpointVerification> {
  const sig = checkCheckpointSignature(file, publicKey);
  if (sig.signature !== 'valid' || !sig.checkpoint) return { ...sig, breaks: [], holds: false };
  const cp = sig.checkpoint;
  const audit = await verifyAudit(store);
  const pinned = await store.pool.query<{
    chain: number;
    seq: number;
    hash: string | null;
    last: number | null;
  }>(
    `SELECT c.chain, c.seq, e.hash,
            (SELECT max(m.seq) FROM audit_entry m WHERE m.chain = c.chain) AS last
       FROM unnest($1::int[], $2::bigint[]) AS c (chain, seq)
       LEFT JOIN audit_entry e ON e.chain = c.chain AND e.seq = c.seq
      ORDER BY c.chain`,
    [cp.chains.map((c) => c.chain), cp.chains.map((c) => c.seq)],
  );
  const expected = new Map(cp.chains.map((c) => [c.chain, c.hash]));
  const byChain = new Map<number, CheckpointBreak>();
  for (const b of audit.breaks) byChain.set(b.chain, b);
  for (const row of pinned.rows) {
    let b: CheckpointBreak | undefined;
    if (row.hash === null) {
      const last = row.last ?? 0;
      b =
        last < row.seq
          ? {
              chain: row.chain,
              seq: last + 1,
              problem: 'truncated',
              detail: `entries ${last + 1}..${row.seq} are missing: the checkpoint of ${cp.createdAt} holds entry ${row.seq}, the chain now ends at ${last}`,
            }
          : {
              chain: row.chain,
              seq: row.seq,
              problem: 'deleted',
              detail: `entry ${row.seq}, which the checkpoint of ${cp.createdAt} holds, is missing`,
            };
    } else if (row.hash !== expected.get(row.chain)) {
      b = {
        chain: row.chain,
        seq: row.seq,
        problem: 'rewritten',
        detail: `entry ${row.seq} no longer has the hash the checkpoint of ${cp.createdAt} signed: the chain was rewritten at or before it`,
      };
    }
    // One break per chain, the earliest; the chain's own finding is the more precise on a tie.
    const prior = byChain.get(row.chain);
    if (b && (!prior || b.seq < prior.seq)) byChain.set(row.chain, b);
  }
  const breaks = [...byChain.values()].sort((a, b) => a.chain - b.chain || a.seq - b.seq);
  const result: CheckpointVerification = {
    signature: 'valid',
    checkpoint: cp,
    audit,
    breaks,
    holds: breaks.length === 0,
  };
  if (breaks[0]) result.firstBreak = breaks[0];
  return result;
}

/** Reads and parses a checkpoint file; the shape is checked by `verifyCheckpoint`. */
export async function readCheckpointFile(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}
