// `varanto import-legacy <dir>`: legacy documents (vanhat asiakirjat) from a manifest and the
// files it names (docs/legacy-import.md). All or nothing per run: every line is checked first —
// shape, code sets, client, file — and a run with any bad line writes nothing. Then, in one
// transaction, batch by batch: the files become content-addressed blobs (durable before the rows
// commit) and the documents are written in bulk with their projections; one audit entry per
// client and batch names the documents it received, all appended at the end, just before COMMIT
// (the audit chains are shared by every client of the server: they are locked only that long).

import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { builtinCodeRegistry, type CodeRegistry } from '@varanto/domain/codes';
import {
  clientIdentifierParts,
  mintDocumentOid,
  parseClientIdentifier,
  parseOid,
} from '@varanto/domain/identity';
import {
  checkLegacyEntry,
  checkLegacyFile,
  type DocumentMetadata,
  LEGACY_DOCUMENT_GROUP,
  LEGACY_MEDIA_TYPES,
  LEGACY_STRUCTURE,
  type LegacyEntry,
  type LegacyFileKind,
  legacyContent,
  legacyFileKind,
  legacyXhtml,
} from '@varanto/domain/records';
import { checkManifestLineShape } from '@varanto/server';
import {
  type AuditEntryInput,
  appendAuditBatch,
  BlobStore,
  findClientKeys,
  findLegacyImportRun,
  getOrganization,
  insertLegacyDocuments,
  type LegacyDocumentRow,
  type LegacyImportRun,
  listRegisters,
  listServiceUnits,
  lockBlobsShared,
  lockLegacyManifest,
  recordLegacyImportRun,
  type Store,
} from '@varanto/store';

export const MANIFEST = 'manifest.ndjson';
export const DEFAULT_BATCH = 1000;
/** The largest file a line may name (`--max-file-mb`): a scan over it is refused at check time. */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1_000_000;
/**
 * File bytes held in memory at once: the batches being written as blobs and the one being read.
 * A batch ends at `batchSize` documents or at half of this, so two overlap; a single file larger
 * than that is a batch of its own.
 */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 256 * 1_000_000;
/** Line errors reported in full; beyond this only counted (a wrong manifest can fail every line). */
export const MAX_REPORTED_ERRORS = 200;
/** Who a legacy document's author is in `author_id`: not a professional of this repository. */
export const LEGACY_AUTHOR_ID = 'legacy';
export const LEGACY_IMPORT_ACTION = 'document.import_legacy';
/** Audit entries per append statement at the end of a run (one JSON parameter each). */
const AUDIT_APPEND_CHUNK = 5000;
const REQUIRED = ['client', 'registrar', 'serviceTask', 'documentType', 'title', 'date', 'file'] as const;

export interface ImportLegacyOptions {
  dir: string;
  registrarOid: string;
  /** The registrar's register; needed only when it has several. */
  registerId?: string;
  /** The service unit the documents are filed under; needed only when the registrar has several. */
  serviceUnitOid?: string;
  blobs: BlobStore;
  /** Who imports (the audit log's system actor and `recorded_by`), e.g. `cli:archivist`. */
  importedBy: string;
  /** The import's date (ISO); no document may be dated after it. Default: today (UTC). */
  today?: string;
  batchSize?: number;
  /** A line naming a larger file is refused. Default {@link DEFAULT_MAX_FILE_BYTES}. */
  maxFileBytes?: number;
  /** File bytes read but not yet stored, at most. Default {@link DEFAULT_MAX_IN_FLIGHT_BYTES}. */
  maxInFlightBytes?: number;
  /** Check everything, write nothing. */
  dryRun?: boolean;
  /** Import a manifest that was imported for the registrar before (its documents twice). */
  force?: boolean;
  codes?: CodeRegistry;
  onProgress?: (done: number, total: number) => void;
}

export interface LineError {
  /** 1-based line number in manifest.ndjson. */
  readonly line: number;
  /** JSON Pointer into the line. */
  readonly path: string;
  readonly message: string;
}

export interface ImportLegacySummary {
  readonly ok: true;
  readonly dryRun: boolean;
  readonly documents: number;
  readonly blobsCreated: number;
  /** Files whose identical bytes were already stored (in this run or before). */
  readonly blobsReused: number;
  readonly bytes: number;
  readonly auditEntries: number;
  readonly seconds: number;
  readonly checkSeconds: number;
  /** Reading and hashing the files. */
  readonly readSeconds: number;
  /** Of rowSeconds: building the rows, the bulk insert statements, the audit entries. */
  readonly rowParts: { buildSeconds: number; insertSeconds: number; auditSeconds: number };
  /** Waiting for blob writes beyond the time they overlapped the row writes. */
  readonly blobWaitSeconds: number;
  readonly rowSeconds: number;
  readonly runId: string;
}

export type ImportLegacyResult =
  | ImportLegacySummary
  | {
      readonly ok: false;
      readonly kind: 'manifest';
      readonly errors: LineError[];
      readonly errorCount: number;
    }
  | { readonly ok: false; readonly kind: 'setup'; readonly message: string }
  /** The same manifest was imported for the registrar before (and `force` was not given). */
  | { readonly ok: false; readonly kind: 'repeat'; readonly message: string; readonly previousRunId: string };

/** Thrown inside the run's transaction when a concurrent run of the same manifest committed first. */
class RepeatedManifest extends Error {
  constructor(readonly previous: LegacyImportRun) {
    super('manifest already imported');
  }
}

function repeatRefusal(previous: LegacyImportRun): Extract<ImportLegacyResult, { kind: 'repeat' }> {
  return {
    ok: false,
    kind: 'repeat',
    previousRunId: previous.runId,
    message:
      `this manifest (SHA-256 ${previous.manifestSha256}) was already imported for ${previous.registrarOid} ` +
      `by run ${previous.runId}${previous.recordedAt ? ` at ${previous.recordedAt.toISOString()}` : ''} ` +
      `(${previous.documents} documents, by ${previous.importedBy}, from ${previous.manifestPath}); ` +
      'nothing was imported. Importing it again would archive every document twice: give --force only if that is meant',
  };
}

interface Checked {
  readonly line: number;
  readonly entry: LegacyEntry;
  readonly kind: LegacyFileKind;
  /** The file's real path (no symbolic link in it), inside the manifest directory's. */
  readonly path: string;
  /** The file checked, so the one read is known to be the same (not swapped in between). */
  readonly dev: number;
  readonly ino: number;
  /** Its size when checked (at most the limit; the read refuses a file that grew past it). */
  readonly size: number;
  readonly idKey: string;
  clientKey?: string;
}

/** Opening a file never follows a symbolic link in its last component (ELOOP instead). */
const OPEN_NOFOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;

const openError = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'ELOOP') return 'the file became a symbolic link while it was checked: refused';
  return `the file cannot be read (${code})`;
};

const tooLarge = (size: number, max: number) =>
  `the file is ${size} bytes, over the limit of ${max} bytes (--max-file-mb ${max / 1_000_000})`;

interface Probed {
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
}

/**
 * Finds a manifest's file inside the manifest directory (`realDir`, itself a real path) and reads
 * its first bytes (a PDF's header) or all of a text. A name may not leave the directory through a
 * symbolic link — a link to /etc/passwd, or a linked subdirectory, would import a file the
 * archivist never put there: the file's real path must be inside the directory's, and it is opened
 * by that path without following a link, so a link swapped in after the check is refused too.
 */
function probe(realDir: string, file: string, kind: LegacyFileKind, maxBytes: number): Probed | string {
  let real: string;
  try {
    real = realpathSync(join(realDir, file));
  } catch (e) {
    return openError(e);
  }
  if (!real.startsWith(realDir + sep)) {
    return 'the file is a symbolic link (or under one) that leads outside the manifest directory: refused';
  }
  let fd: number;
  try {
    fd = openSync(real, OPEN_NOFOLLOW);
  } catch (e) {
    return openError(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    const want = kind === 'pdf' ? Math.min(8, st.size) : st.size;
    const buf = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buf, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return { bytes: buf.subarray(0, got), size: st.size, path: real, dev: st.dev, ino: st.ino };
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of a checked file, read at import time: the same file that was checked (same device
 * and inode, reached without following a link), else the run fails.
 */
function readChecked(c: Checked, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(c.path, OPEN_NOFOLLOW);
  } catch (e) {
    throw new Error(`line ${c.line}: ${c.entry.file}: ${openError(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.dev !== c.dev || st.ino !== c.ino) {
      throw new Error(
        `line ${c.line}: ${c.entry.file}: replaced by another file after it was checked: refused`,
      );
    }
    if (st.size > maxBytes)
      throw new Error(`line ${c.line}: ${c.entry.file}: ${tooLarge(st.size, maxBytes)}`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The run's batches: `count` documents at most, and at most `bytes` of files unless one file is larger. */
function* batches(checked: readonly Checked[], count: number, bytes: number): Generator<Checked[]> {
  let batch: Checked[] = [];
  let size = 0;
  for (const c of checked) {
    if (batch.length > 0 && (batch.length >= count || size + c.size > bytes)) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(c);
    size += c.size;
  }
  if (batch.length > 0) yield batch;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A document OID under the registrar's root with a random 63-bit serial (as the server mints),
 * the serial read at `at` from `random` (a batch draws its random bytes at once).
 */
function mintSetId(registrarOid: string, year: number, random: Buffer, at: number): string {
  const org = parseOid(registrarOid);
  if (!org.ok) throw new Error(`registrar OID ${registrarOid} is not an OID`);
  const serial = random.readBigUInt64BE(at) & ((1n << 63n) - 1n);
  const minted = mintDocumentOid(org.value, year, serial);
  if (!minted.ok) throw new Error(`minting failed: ${minted.error.message}`);
  return minted.value;
}

export async function importLegacy(store: Store, o: ImportLegacyOptions): Promise<ImportLegacyResult> {
  const started = performance.now();
  const codes = o.codes ?? builtinCodeRegistry();
  const today = o.today ?? todayUtc();
  const batchSize = o.batchSize ?? DEFAULT_BATCH;
  const maxFileBytes = o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxInFlightBytes = o.maxInFlightBytes ?? DEFAULT_MAX_IN_FLIGHT_BYTES;

  let text: string;
  let realDir: string;
  let manifestSha256: string;
  try {
    realDir = realpathSync(o.dir);
    const raw = readFileSync(join(realDir, MANIFEST));
    manifestSha256 = BlobStore.sha256(raw);
    text = raw.toString('utf8');
  } catch (e) {
    return {
      ok: false,
      kind: 'setup',
      message: `cannot read ${join(o.dir, MANIFEST)}: ${(e as Error).message}`,
    };
  }

  // Where the documents go: the registrar's register and a service unit of it.
  const setup = await store.transaction(
    async (tx) => {
      const org = await getOrganization(tx, o.registrarOid);
      if (!org) return `no organization ${o.registrarOid} is registered`;
      const registers = await listRegisters(tx, o.registrarOid);
      const register = o.registerId
        ? registers.find((r) => r.id === o.registerId)
        : registers.length === 1
          ? registers[0]
          : undefined;
      if (!register) {
        return o.registerId
          ? `register ${o.registerId} is not a register of ${o.registrarOid}`
          : `${o.registrarOid} has ${registers.length} registers: name one with --register (${registers.map((r) => r.id).join(', ')})`;
      }
      const units = await listServiceUnits(tx, o.registrarOid);
      const unit = o.serviceUnitOid
        ? units.find((u) => u.oid === o.serviceUnitOid)
        : units.length === 1
          ? units[0]
          : undefined;
      if (!unit) {
        return o.serviceUnitOid
          ? `service unit ${o.serviceUnitOid} is not a unit of ${o.registrarOid}`
          : `${o.registrarOid} has ${units.length} service units: name one with --unit`;
      }
      const previous = o.force ? undefined : await findLegacyImportRun(tx, o.registrarOid, manifestSha256);
      if (previous) return { previous };
      return { registerId: register.id, unitOid: unit.oid };
    },
    { readOnly: true },
  );
  if (typeof setup === 'string') return { ok: false, kind: 'setup', message: setup };
  // A manifest imported before is refused before any file is read (a rerun after a success).
  if (setup.previous !== undefined) return repeatRefusal(setup.previous);

  // 1. Every line: JSON, shape, code sets, file.
  const errors: LineError[] = [];
  let errorCount = 0;
  const fail = (line: number, path: string, message: string) => {
    errorCount++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, path, message });
  };
  const checked: Checked[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const lineNo = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      fail(lineNo, '', `not JSON: ${(e as Error).message}`);
      continue;
    }
    const shape = checkManifestLineShape(value);
    if (!shape.ok) {
      for (const e of shape.errors) fail(lineNo, e.path, e.message);
      // The code-set checks too, when the fields they read are there as text: one pass over the
      // manifest shows every problem of the line, not only its shape.
      const v = value as Record<string, unknown>;
      const reported = new Set(shape.errors.map((e) => e.path));
      if (v && typeof v === 'object' && REQUIRED.every((k) => typeof v[k] === 'string')) {
        for (const p of checkLegacyEntry(v as unknown as LegacyEntry, {
          codes,
          today,
          registrarOid: o.registrarOid,
        })) {
          if (!reported.has(p.path)) fail(lineNo, p.path, p.message);
        }
      }
      continue;
    }
    const entry = shape.line as LegacyEntry;
    const problems = checkLegacyEntry(entry, { codes, today, registrarOid: o.registrarOid });
    for (const p of problems) fail(lineNo, p.path, p.message);
    if (problems.length > 0) continue;
    const kind = legacyFileKind(entry.file)!;
    const probed = probe(realDir, entry.file, kind, maxFileBytes);
    if (typeof probed === 'string') {
      fail(lineNo, '/file', `${entry.file}: ${probed}`);
      continue;
    }
    const bad = checkLegacyFile(kind, probed.bytes);
    if (bad) {
      fail(lineNo, '/file', `${entry.file}: ${bad}`);
      continue;
    }
    const id = parseClientIdentifier(entry.client.trim(), entry.clientSystem);
    if (!id.ok) throw new Error('checked identifier failed to parse');
    const parts = clientIdentifierParts(id.value);
    checked.push({
      line: lineNo,
      entry,
      kind,
      path: probed.path,
      dev: probed.dev,
      ino: probed.ino,
      size: probed.size,
      idKey: `${parts.system}|${parts.value}`,
    });
  }

  // 2. Every client must already be in the repository (persons are not made from a manifest).
  if (checked.length > 0) {
    const keys = await store.transaction(
      (tx) =>
        findClientKeys(
          tx,
          [...new Set(checked.map((c) => c.idKey))].map((k) => {
            const [system, value] = k.split('|') as [string, string];
            return { system, value };
          }),
        ),
      { readOnly: true },
    );
    for (const c of checked) {
      c.clientKey = keys.get(c.idKey);
      if (c.clientKey === undefined)
        fail(c.line, '/client', 'no client with this identifier in the repository');
    }
  }
  if (errorCount > 0) return { ok: false, kind: 'manifest', errors, errorCount };
  const checkSeconds = (performance.now() - started) / 1000;

  const runId = randomUUID();
  let blobsCreated = 0;
  let blobsReused = 0;
  let bytes = 0;
  let auditEntries = 0;
  let readMs = 0;
  let blobWaitMs = 0;
  let rowMs = 0;
  let buildMs = 0;
  let insertMs = 0;
  let auditMs = 0;
  if (!o.dryRun && checked.length > 0) {
    const year = Number(today.slice(0, 4));
    const actor: AuditEntryInput['actor'] = { kind: 'system', name: o.importedBy };
    const reason = `legacy import ${runId} from ${join(o.dir, MANIFEST)}`;
    // One transaction for the run: an archivist's manifest is imported whole or not at all. Its
    // audit entries are appended last: appending locks the heads of the audit chains the entries
    // go to, and with only AUDIT_CHAINS chains a large import touches all of them — every audited
    // action of the server (reads, logins, stores) would wait for the whole run. Appended last,
    // the chains are locked for the append and the commit only.
    const written = await store
      .transaction(
        async (tx) => {
          blobsCreated = blobsReused = bytes = auditEntries = 0;
          // The blob lock, shared, before the first put and until COMMIT or ROLLBACK: a blob this
          // run stores or finds already stored is unreferenced until the run commits, and
          // `varanto blobs collect` deletes nothing while a run holds it (blob-references.ts).
          // What the blob store knew before it may have been collected since.
          await lockBlobsShared(tx);
          o.blobs.forgetKnown();
          // Again under a lock on the manifest: a concurrent run of it may have committed meanwhile.
          await lockLegacyManifest(tx, o.registrarOid, manifestSha256);
          const previous = await findLegacyImportRun(tx, o.registrarOid, manifestSha256);
          if (previous && !o.force) throw new RepeatedManifest(previous);
          // Blob writes under way, with the bytes they hold in memory until written.
          const inFlight: { writing: Promise<void>; bytes: number }[] = [];
          let inFlightBytes = 0;
          const audit: AuditEntryInput[] = [];
          let done = 0;
          try {
            for (const batch of batches(checked, batchSize, maxInFlightBytes / 2)) {
              const batchBytes = batch.reduce((n, c) => n + c.size, 0);
              // Memory is bounded by bytes, not only by batches: wait for earlier blob writes before
              // reading more than the budget (at most two batches being written in any case).
              let t = performance.now();
              while (
                inFlight.length > 0 &&
                (inFlight.length >= 2 || inFlightBytes + batchBytes > maxInFlightBytes)
              ) {
                const first = inFlight.shift()!;
                await first.writing;
                inFlightBytes -= first.bytes;
              }
              blobWaitMs += performance.now() - t;
              t = performance.now();
              const files = batch.map((c) => {
                const data = readChecked(c, maxFileBytes);
                // The file may have changed since it was checked: check the bytes that are stored.
                const bad = checkLegacyFile(c.kind, data);
                if (bad) throw new Error(`line ${c.line}: ${c.entry.file}: ${bad}`);
                return { bytes: data, sha256: BlobStore.sha256(data) };
              });
              readMs += performance.now() - t;
              // The blobs need to be durable only before the transaction commits: they are written
              // while this batch's rows go in, at most two batches and the byte budget ahead.
              const writing = o.blobs.putMany(files, { deferDirSync: true }).then((put) => {
                for (const p of put) {
                  if (p.created) blobsCreated++;
                  else blobsReused++;
                  bytes += p.bytes;
                }
              });
              // Handled here too, so a failure while the loop is elsewhere is not an unhandled rejection;
              // it still fails the run where the promise is awaited.
              writing.catch(() => {});
              inFlight.push({ writing, bytes: batchBytes });
              inFlightBytes += batchBytes;
              t = performance.now();
              const random = randomBytes(8 * batch.length);
              const rows: LegacyDocumentRow[] = batch.map((c, i) => {
                const f = files[i]!;
                const file = {
                  sha256: f.sha256,
                  mediaType: LEGACY_MEDIA_TYPES[c.kind],
                  bytes: f.bytes.byteLength,
                  name: c.entry.file.split('/').pop()!,
                };
                const language = c.entry.language ?? 'fi';
                const metadata: DocumentMetadata = {
                  registerId: setup.registerId,
                  registrarOid: o.registrarOid,
                  organizationOid: o.registrarOid,
                  serviceUnitOid: setup.unitOid,
                  authorId: LEGACY_AUTHOR_ID,
                  authorName:
                    c.entry.author ??
                    (language === 'sv' ? 'Okänd (äldre handling)' : 'Tuntematon (vanha asiakirja)'),
                  clients: [c.clientKey!],
                  serviceTask: c.entry.serviceTask,
                  documentGroup: LEGACY_DOCUMENT_GROUP,
                  documentType: c.entry.documentType,
                  structureOid: LEGACY_STRUCTURE[c.kind],
                  documentDate: c.entry.date,
                  language,
                  omakanta: {},
                };
                return {
                  clientKey: c.clientKey!,
                  setId: mintSetId(o.registrarOid, year, random, 8 * i),
                  metadata,
                  content: legacyContent(c.entry, file),
                  xhtml: legacyXhtml(c.entry, file, language),
                  file,
                  recordedBy: o.importedBy,
                };
              });
              const tBuilt = performance.now();
              await insertLegacyDocuments(tx, rows);
              const tRows = performance.now();
              buildMs += tBuilt - t;
              insertMs += tRows - tBuilt;
              // One entry per client of the batch, naming that client's documents: the client's access
              // log shows what was archived for them, and never another client's documents.
              const byClient = new Map<string, { setId: string; version: number }[]>();
              for (const r of rows) {
                const list = byClient.get(r.clientKey) ?? [];
                list.push({ setId: r.setId, version: 1 });
                byClient.set(r.clientKey, list);
              }
              for (const [clientKey, documents] of byClient) {
                audit.push({
                  actor,
                  action: LEGACY_IMPORT_ACTION,
                  clientKey,
                  documents,
                  outcome: 'allowed',
                  reason,
                  requestId: runId,
                });
              }
              rowMs += performance.now() - t;
              done += batch.length;
              o.onProgress?.(done, checked.length);
            }
          } catch (e) {
            // Let the blob writes under way finish before the error leaves (their blobs, unreferenced, stay).
            await Promise.allSettled(inFlight.map((f) => f.writing));
            throw e;
          }
          // Every blob durable before the rows that name them commit.
          let t = performance.now();
          // All settled before a failure leaves: the transaction (and the shared blob lock) must not
          // end while another put still writes.
          const written = await Promise.allSettled(inFlight.map((f) => f.writing));
          const failedWrite = written.find((w) => w.status === 'rejected');
          if (failedWrite) throw (failedWrite as PromiseRejectedResult).reason;
          await o.blobs.syncPending();
          blobWaitMs += performance.now() - t;
          // The audit entries last (see above): from here to COMMIT the chains are locked.
          t = performance.now();
          for (let from = 0; from < audit.length; from += AUDIT_APPEND_CHUNK) {
            await appendAuditBatch(tx, audit.slice(from, from + AUDIT_APPEND_CHUNK));
          }
          auditMs += performance.now() - t;
          rowMs += performance.now() - t;
          auditEntries = audit.length;
          await recordLegacyImportRun(tx, {
            runId,
            registrarOid: o.registrarOid,
            manifestSha256,
            manifestPath: join(realDir, MANIFEST),
            documents: checked.length,
            forced: previous !== undefined,
            importedBy: o.importedBy,
          });
          return undefined;
        },
        // Not retried: a run that failed is rerun whole by its operator (its blobs are reused).
        { retries: 0 },
      )
      .catch((e: unknown) => {
        if (e instanceof RepeatedManifest) return e.previous;
        throw e;
      });
    if (written) return repeatRefusal(written);
  }
  return {
    ok: true,
    dryRun: o.dryRun === true,
    documents: checked.length,
    blobsCreated,
    blobsReused,
    bytes,
    auditEntries,
    seconds: (performance.now() - started) / 1000,
    checkSeconds,
    readSeconds: readMs / 1000,
    blobWaitSeconds: blobWaitMs / 1000,
    rowSeconds: rowMs / 1000,
    rowParts: { buildSeconds: buildMs / 1000, insertSeconds: insertMs / 1000, auditSeconds: auditMs / 1000 },
    runId,
  };
}
