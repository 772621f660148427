// Legacy documents in bulk: version 1 of many documents with their projections, client index and
// file references in one statement per batch (INSERT … SELECT FROM unnest: one parameter per
// column whatever the batch size), in the caller's transaction. The rows are those
// insertDocumentVersion writes for a first version, so every read path finds them as any other
// document; `document_file` adds the blob each one is.
import type { DocumentMetadata, LegacyFileRef } from '@varanto/domain/records';
import type { Tx } from './api.ts';
import { contentHash } from './documents.ts';
import { isUuid } from './sql.ts';

export interface LegacyDocumentRow {
  /** The one client the document concerns (legacy documents name one). */
  readonly clientKey: string;
  /** Set id and version 1 OID (the first version's OID is the set id, as the server mints). */
  readonly setId: string;
  readonly metadata: DocumentMetadata;
  readonly content: unknown;
  readonly xhtml: string;
  readonly file: LegacyFileRef;
  readonly recordedBy: string;
}

const META = [
  ['registrar_oid', 'text'],
  ['register_id', 'text'],
  ['organization_oid', 'text'],
  ['service_unit_oid', 'text'],
  ['author_id', 'text'],
  ['author_name', 'text'],
  ['service_task', 'text'],
  ['document_group', 'text'],
  ['document_type', 'text'],
  ['structure_oid', 'text'],
  ['document_date', 'date'],
  ['language', 'text'],
] as const;

const metaValue = (m: DocumentMetadata, col: (typeof META)[number][0]): string => {
  switch (col) {
    case 'registrar_oid':
      return m.registrarOid;
    case 'register_id':
      return m.registerId;
    case 'organization_oid':
      return m.organizationOid;
    case 'service_unit_oid':
      return m.serviceUnitOid;
    case 'author_id':
      return m.authorId;
    case 'author_name':
      return m.authorName;
    case 'service_task':
      return m.serviceTask;
    case 'document_group':
      return m.documentGroup;
    case 'document_type':
      return m.documentType;
    case 'structure_oid':
      return m.structureOid;
    case 'document_date':
      return m.documentDate;
    case 'language':
      return m.language;
  }
};

// $1 owner, $2 set id, $3 content (JSON array), $4 XHTML (JSON array), $5 content hash,
// $6.. metadata, then recorded by, file sha256, media type, size, name.
const N = META.length;
const FILE_AT = 6 + N + 1;
const metaCols = META.map(([c]) => c).join(', ');
const INSERT_LEGACY = `WITH t AS (
    SELECT * FROM ROWS FROM (
      unnest($1::uuid[]), unnest($2::text[]), json_array_elements($3::json), json_array_elements_text($4::json),
      unnest($5::text[]), ${META.map(([, type], i) => `unnest($${6 + i}::${type}[])`).join(', ')},
      unnest($${6 + N}::text[]), unnest($${FILE_AT}::text[]), unnest($${FILE_AT + 1}::text[]),
      unnest($${FILE_AT + 2}::bigint[]), unnest($${FILE_AT + 3}::text[])
    ) AS r(owner, set_id, content, xhtml, content_sha256, ${metaCols}, recorded_by, sha256, media_type, byte_size, file_name)),
  loc AS (
    INSERT INTO document_locator (set_id, owner_client_key) SELECT set_id, owner FROM t RETURNING set_id),
  v AS (
    INSERT INTO document_version (client_key, set_id, version, version_oid, status, content, xhtml, content_sha256,
                                  ${metaCols}, omakanta, clients, recorded_by)
    SELECT owner, set_id, 1, set_id, 'active', content::jsonb, xhtml, content_sha256, ${metaCols},
           '{}'::jsonb, ARRAY[owner], recorded_by FROM t
    RETURNING client_key, set_id, version, version_oid, status, ${metaCols}, omakanta, clients, recorded_at, recorded_by),
  cur AS (
    INSERT INTO document_current (client_key, set_id, version, version_oid, status, ${metaCols}, omakanta, clients,
                                  first_recorded_at, recorded_at, recorded_by)
    SELECT client_key, set_id, version, version_oid, status, ${metaCols}, omakanta, clients,
           recorded_at, recorded_at, recorded_by FROM v),
  cl AS (
    INSERT INTO document_client (client_key, set_id, owner_client_key) SELECT client_key, set_id, client_key FROM v),
  f AS (
    INSERT INTO document_file (client_key, set_id, version, sha256, media_type, byte_size, file_name)
    SELECT v.client_key, v.set_id, v.version, t.sha256, t.media_type, t.byte_size, t.file_name
      FROM v JOIN t ON t.set_id = v.set_id)
  SELECT (SELECT count(*) FROM loc)::int AS n`;

// A client linked to another (temporary identifier ↔ identity code) finds the document by both,
// as indexLinkedClients does for a single store.
const INDEX_LINKED = `INSERT INTO document_client (client_key, set_id, owner_client_key)
  SELECT DISTINCT m.linked_key, t.set_id, t.owner
    FROM unnest($1::uuid[], $2::text[]) AS t(owner, set_id)
    JOIN client_link_member m ON m.client_key = t.owner
   WHERE m.linked_key <> t.owner
  ON CONFLICT DO NOTHING`;

/** Writes version 1 of each legacy document with its projections and file reference. */
export async function insertLegacyDocuments(tx: Tx, rows: readonly LegacyDocumentRow[]): Promise<void> {
  if (rows.length === 0) return;
  const owners: string[] = [];
  const setIds: string[] = [];
  const contents: string[] = [];
  const xhtmls: string[] = [];
  const hashes: string[] = [];
  const meta: string[][] = META.map(() => []);
  const recordedBy: string[] = [];
  const sha: string[] = [];
  const media: string[] = [];
  const sizes: number[] = [];
  const names: string[] = [];
  for (const r of rows) {
    if (!isUuid(r.clientKey)) throw new Error(`invalid client key ${r.clientKey}`);
    owners.push(r.clientKey.toLowerCase());
    setIds.push(r.setId);
    contents.push(JSON.stringify(r.content));
    xhtmls.push(r.xhtml);
    hashes.push(contentHash(r.content));
    META.forEach(([c], i) => {
      meta[i]!.push(metaValue(r.metadata, c));
    });
    recordedBy.push(r.recordedBy);
    sha.push(r.file.sha256);
    media.push(r.file.mediaType);
    sizes.push(r.file.bytes);
    names.push(r.file.name);
  }
  const res = await tx.query<{ n: number }>({
    name: 'varanto_insert_legacy_documents',
    text: INSERT_LEGACY,
    values: [
      owners,
      setIds,
      `[${contents.join(',')}]`,
      JSON.stringify(xhtmls),
      hashes,
      ...meta,
      recordedBy,
      sha,
      media,
      sizes,
      names,
    ],
  });
  if (res.rows[0]?.n !== rows.length) throw new Error('legacy documents: not every row was written');
  await tx.query({ name: 'varanto_index_linked_legacy', text: INDEX_LINKED, values: [owners, setIds] });
}

export interface DocumentFile extends LegacyFileRef {
  readonly clientKey: string;
  readonly setId: string;
  readonly version: number;
}

/** The file of a document's version (by default the newest that has one), or undefined. */
export async function getDocumentFile(
  tx: Tx,
  setId: string,
  version?: number,
): Promise<DocumentFile | undefined> {
  const r = await tx.query<FileRow>({
    name: version === undefined ? 'varanto_document_file_newest' : 'varanto_document_file_version',
    text: `SELECT f.* FROM document_locator l
             JOIN document_file f ON f.client_key = l.owner_client_key AND f.set_id = l.set_id
            WHERE l.set_id = $1 ${version === undefined ? '' : 'AND f.version = $2'}
            ORDER BY f.version DESC LIMIT 1`,
    values: version === undefined ? [setId] : [setId, version],
  });
  return fileOf(r.rows[0]);
}

/** A `document_file` row. */
interface FileRow {
  client_key: string;
  set_id: string;
  version: number;
  sha256: string;
  media_type: string;
  byte_size: string;
  file_name: string;
}

function fileOf(row: FileRow | undefined): DocumentFile | undefined {
  if (!row) return undefined;
  return {
    clientKey: row.client_key,
    setId: row.set_id,
    version: row.version,
    sha256: row.sha256,
    mediaType: row.media_type,
    bytes: Number(row.byte_size),
    name: row.file_name,
  };
}

/**
 * The client keys of identifiers, in one query: `(system, value)` pairs as stored (a henkilötunnus
 * upper-cased under 1.2.246.21). Identifiers not found are absent from the map (`system|value`).
 */
export async function findClientKeys(
  tx: Tx,
  ids: readonly { system: string; value: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const r = await tx.query<{ system: string; value: string; client_key: string }>(
    `SELECT i.system, i.value, i.client_key FROM client_identifier i
       JOIN unnest($1::text[], $2::text[]) AS t(system, value) ON i.system = t.system AND i.value = t.value`,
    [ids.map((i) => i.system), ids.map((i) => i.value)],
  );
  for (const row of r.rows) out.set(`${row.system}|${row.value}`, row.client_key);
  return out;
}

/** A recorded run of the legacy importer (migration 025). */
export interface LegacyImportRun {
  readonly runId: string;
  readonly registrarOid: string;
  readonly manifestSha256: string;
  readonly manifestPath: string;
  readonly documents: number;
  readonly forced: boolean;
  readonly importedBy: string;
  readonly recordedAt?: Date;
}

/**
 * Serializes the runs of one manifest for one registrar until the transaction ends, so two
 * concurrent runs of it cannot both find no earlier run and both import.
 */
export async function lockLegacyManifest(
  tx: Tx,
  registrarOid: string,
  manifestSha256: string,
): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('legacy_import:' || $1 || ':' || $2, 0))", [
    registrarOid,
    manifestSha256,
  ]);
}

/** The latest run that imported this manifest for this registrar, or undefined. */
export async function findLegacyImportRun(
  tx: Tx,
  registrarOid: string,
  manifestSha256: string,
): Promise<LegacyImportRun | undefined> {
  const r = await tx.query<{
    run_id: string;
    manifest_path: string;
    documents: number;
    forced: boolean;
    imported_by: string;
    recorded_at: Date | string;
  }>(
    `SELECT run_id, manifest_path, documents, forced, imported_by, recorded_at FROM legacy_import_run
      WHERE registrar_oid = $1 AND manifest_sha256 = $2 ORDER BY recorded_at DESC LIMIT 1`,
    [registrarOid, manifestSha256],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    runId: row.run_id,
    registrarOid,
    manifestSha256,
    manifestPath: row.manifest_path,
    documents: row.documents,
    forced: row.forced,
    importedBy: row.imported_by,
    // A string or a Date, as the pool's type parsers have it.
    recordedAt: new Date(row.recorded_at),
  };
}

/** Records a run, in the run's transaction (append-only). */
export async function recordLegacyImportRun(tx: Tx, run: LegacyImportRun): Promise<void> {
  await tx.query(
    `INSERT INTO legacy_import_run (run_id, registrar_oid, manifest_sha256, manifest_path, documents, forced, imported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      run.runId,
      run.registrarOid,
      run.manifestSha256,
      run.manifestPath,
      run.documents,
      run.forced,
      run.importedBy,
    ],
  );
}

/**
 * Binds a new version of a document that is a file (an invalidated legacy document) to the file of
 * the version before it: that version's `document_file` row, copied for `toVersion`. The new
 * version's content names the same file, so its content hash covers the same SHA-256. Returns the
 * file, or undefined when `fromVersion` has none (nothing is written then).
 */
export async function carryDocumentFile(
  tx: Tx,
  setId: string,
  fromVersion: number,
  toVersion: number,
): Promise<DocumentFile | undefined> {
  const r = await tx.query<FileRow>({
    name: 'varanto_carry_document_file',
    text: `INSERT INTO document_file (client_key, set_id, version, sha256, media_type, byte_size, file_name)
           SELECT f.client_key, f.set_id, $3, f.sha256, f.media_type, f.byte_size, f.file_name
             FROM document_locator l
             JOIN document_file f ON f.client_key = l.owner_client_key AND f.set_id = l.set_id
            WHERE l.set_id = $1 AND f.version = $2
           RETURNING *`,
    values: [setId, fromVersion, toVersion],
  });
  return fileOf(r.rows[0]);
}
