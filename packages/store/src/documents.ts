// Documents: append-only versions, their search projection and the lookups that find a
// document's owner (its shard) from its set id or from any client it concerns.
import { type ColumnMap, type Predicate, toSql } from '@varanto/domain/access';
import type {
  ClientKey,
  DocumentGroup,
  DocumentMetadata,
  DocumentStatus,
  DocumentVersion,
} from '@varanto/domain/records';
import type { CurrentState, DocumentPage, DocumentSearch, NewDocumentVersion, Tx } from './api.ts';
import { ConflictError, sqlState, VersionConflictError } from './errors.ts';
import { canonicalJson, isUuid, opt, sha256Hex } from './sql.ts';

/** Columns of `document_current` the access policy's target attributes compile to. */
export const DOCUMENT_COLUMNS: ColumnMap = {
  registrarOid: 'c.registrar_oid',
  serviceTask: 'c.service_task',
  documentType: 'c.document_type',
  documentGroup: 'c.document_group',
  organizationOid: 'c.organization_oid',
  serviceUnitOid: 'c.service_unit_oid',
  status: 'c.status',
  clientKey: 'c.client_key',
};

/** Metadata columns shared by `document_version` and `document_current`, in parameter order. */
const METADATA_COLUMNS = [
  'registrar_oid',
  'register_id',
  'organization_oid',
  'service_unit_oid',
  'author_id',
  'author_name',
  'case_oid',
  'clienthood_oid',
  'service_task',
  'social_service',
  'process_phase',
  'document_group',
  'document_type',
  'structure_oid',
  'document_date',
  'retention_class',
  'language',
  'omakanta',
  'clients',
] as const;

function metadataParams(m: DocumentMetadata): unknown[] {
  return [
    m.registrarOid,
    m.registerId,
    m.organizationOid,
    m.serviceUnitOid,
    m.authorId,
    m.authorName,
    m.caseOid ?? null,
    m.clienthoodOid ?? null,
    m.serviceTask,
    m.socialService ?? null,
    m.processPhase ?? null,
    m.documentGroup,
    m.documentType,
    m.structureOid,
    m.documentDate,
    m.retentionClass ?? null,
    m.language,
    m.omakanta,
    [...m.clients],
  ];
}

interface MetadataRow {
  registrar_oid: string;
  register_id: string;
  organization_oid: string;
  service_unit_oid: string;
  author_id: string;
  author_name: string;
  case_oid: string | null;
  clienthood_oid: string | null;
  service_task: string;
  social_service: string | null;
  process_phase: string | null;
  document_group: DocumentGroup;
  document_type: string;
  structure_oid: string;
  document_date: string;
  retention_class: string | null;
  language: 'fi' | 'sv';
  omakanta: DocumentMetadata['omakanta'];
  clients: string[];
}

interface VersionRow extends MetadataRow {
  client_key: string;
  set_id: string;
  version: number;
  version_oid: string;
  status: DocumentStatus;
  reason: string | null;
  content: unknown;
  xhtml: string;
  content_sha256: string;
  recorded_at: string;
  recorded_by: string;
}

interface CurrentRow extends MetadataRow {
  client_key: string;
  set_id: string;
  version: number;
  version_oid: string;
  status: DocumentStatus;
  recorded_at: string;
}

function metadataOf(r: MetadataRow): DocumentMetadata {
  return {
    registerId: r.register_id,
    registrarOid: r.registrar_oid,
    organizationOid: r.organization_oid,
    serviceUnitOid: r.service_unit_oid,
    authorId: r.author_id,
    authorName: r.author_name,
    ...opt('caseOid', r.case_oid),
    ...opt('clienthoodOid', r.clienthood_oid),
    clients: r.clients,
    serviceTask: r.service_task,
    ...opt('socialService', r.social_service),
    ...opt('processPhase', r.process_phase),
    documentGroup: r.document_group,
    documentType: r.document_type,
    structureOid: r.structure_oid,
    documentDate: r.document_date,
    ...opt('retentionClass', r.retention_class),
    language: r.language,
    omakanta: r.omakanta,
  };
}

function versionOf(r: VersionRow): DocumentVersion {
  return {
    setId: r.set_id,
    version: r.version,
    versionOid: r.version_oid,
    status: r.status,
    metadata: metadataOf(r),
    content: r.content,
    xhtml: r.xhtml,
    ...opt('reason', r.reason),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  };
}

/** SHA-256 of the content's canonical JSON; recomputable from the stored jsonb. */
export function contentHash(content: unknown): string {
  return sha256Hex(canonicalJson(content ?? null));
}

/**
 * Appends a version. Version 1 creates the document (owned by its first client); a later
 * version must be exactly the current one plus one. The current row is locked, so of two
 * concurrent correctors one wins and the other gets VersionConflictError with the version that
 * won. The search projection and the client index are updated in the same transaction.
 */
export async function insertDocumentVersion(tx: Tx, v: NewDocumentVersion): Promise<DocumentVersion> {
  const m = v.metadata;
  if (!Number.isInteger(v.version) || v.version < 1) throw new Error(`invalid version ${v.version}`);
  if (m.clients.length === 0) throw new Error('a document concerns at least one client');
  const bad = m.clients.find((k) => !isUuid(k));
  if (bad !== undefined) throw new Error(`invalid client key ${bad}`);
  const clients = [...new Set(m.clients.map((k) => k.toLowerCase()))];

  let owner: ClientKey;
  let previousClients: string[] = [];
  if (v.version === 1) {
    owner = clients[0]!;
    const claimed = await tx.query(
      'INSERT INTO document_locator (set_id, owner_client_key) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [v.setId, owner],
    );
    if (claimed.rowCount === 0) {
      const cur = await getCurrentState(tx, v.setId);
      throw new VersionConflictError(v.setId, cur?.version ?? 0, v.version);
    }
  } else {
    const cur = await getCurrentState(tx, v.setId, { forUpdate: true });
    if (!cur || cur.version !== v.version - 1) {
      throw new VersionConflictError(v.setId, cur?.version ?? 0, v.version);
    }
    owner = cur.clientKey;
    previousClients = [...cur.metadata.clients];
  }

  const cols = METADATA_COLUMNS.join(', ');
  const meta = metadataParams(m);
  meta[METADATA_COLUMNS.indexOf('clients')] = clients;
  const metaPlaceholders = meta.map((_, i) => `$${i + 10}`).join(', ');
  const added = clients.filter((k) => !previousClients.includes(k));
  const removed = previousClients.filter((k) => !clients.includes(k));
  const updates = METADATA_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const next = meta.length + 10;
  let row: VersionRow;
  try {
    // One statement writes the version, its projection and the new client index rows.
    const r = await tx.query<VersionRow>({
      // Prepared once per connection: planning this statement costs more than running it.
      name: 'varanto_insert_document_version',
      text: `WITH v AS (
         INSERT INTO document_version (client_key, set_id, version, version_oid, status, reason, content, xhtml,
                                       content_sha256, ${cols}, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${metaPlaceholders}, $${next})
         RETURNING *),
       cur AS (
         INSERT INTO document_current (client_key, set_id, version, version_oid, status, ${cols},
                                       first_recorded_at, recorded_at, recorded_by)
         SELECT client_key, set_id, version, version_oid, status, ${cols}, recorded_at, recorded_at, recorded_by FROM v
         ON CONFLICT (client_key, set_id) DO UPDATE SET
           version = EXCLUDED.version, version_oid = EXCLUDED.version_oid, status = EXCLUDED.status, ${updates},
           recorded_at = EXCLUDED.recorded_at, recorded_by = EXCLUDED.recorded_by),
       cl AS (
         INSERT INTO document_client (client_key, set_id, owner_client_key)
         SELECT k, $2, $1 FROM unnest($${next + 1}::uuid[]) AS k ON CONFLICT DO NOTHING)
       SELECT * FROM v`,
      values: [
        owner,
        v.setId,
        v.version,
        v.versionOid,
        v.status,
        v.reason ?? null,
        JSON.stringify(v.content ?? null),
        v.xhtml,
        contentHash(v.content),
        ...meta,
        v.recordedBy,
        added,
      ],
    });
    row = r.rows[0]!;
  } catch (e) {
    if (sqlState(e) === '23505') {
      throw new ConflictError(`version OID ${v.versionOid} is already used`, 'document.versionOid');
    }
    throw e;
  }
  if (removed.length) {
    // A correction that takes a client off the document also takes it off that client's lists.
    await tx.query('DELETE FROM document_client WHERE client_key = ANY($1::uuid[]) AND set_id = $2', [
      removed,
      v.setId,
    ]);
  }
  return versionOf(row);
}

/** The client whose rows hold the document, or undefined when no such document exists. */
export async function locateDocument(tx: Tx, setId: string): Promise<ClientKey | undefined> {
  const r = await tx.query<{ owner_client_key: string }>(
    'SELECT owner_client_key FROM document_locator WHERE set_id = $1',
    [setId],
  );
  return r.rows[0]?.owner_client_key;
}

/** The newest version's state; `forUpdate` locks it until the transaction ends. */
export async function getCurrentState(
  tx: Tx,
  setId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CurrentState | undefined> {
  const r = await tx.query<CurrentRow>(
    `SELECT c.* FROM document_locator l
       JOIN document_current c ON c.client_key = l.owner_client_key AND c.set_id = l.set_id
      WHERE l.set_id = $1${opts.forUpdate ? ' FOR UPDATE OF c' : ''}`,
    [setId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    clientKey: row.client_key,
    setId: row.set_id,
    version: row.version,
    versionOid: row.version_oid,
    status: row.status,
    metadata: metadataOf(row),
    recordedAt: row.recorded_at,
  };
}

/** One version, by default the newest. */
export async function getDocumentVersion(
  tx: Tx,
  setId: string,
  version?: number,
): Promise<DocumentVersion | undefined> {
  const owner = await locateDocument(tx, setId);
  if (!owner) return undefined;
  const r =
    version === undefined
      ? await tx.query<VersionRow>(
          'SELECT * FROM document_version WHERE client_key = $1 AND set_id = $2 ORDER BY version DESC LIMIT 1',
          [owner, setId],
        )
      : await tx.query<VersionRow>(
          'SELECT * FROM document_version WHERE client_key = $1 AND set_id = $2 AND version = $3',
          [owner, setId, version],
        );
  return r.rows[0] && versionOf(r.rows[0]);
}

export async function listDocumentVersions(tx: Tx, setId: string): Promise<DocumentVersion[]> {
  const owner = await locateDocument(tx, setId);
  if (!owner) return [];
  const r = await tx.query<VersionRow>(
    'SELECT * FROM document_version WHERE client_key = $1 AND set_id = $2 ORDER BY version',
    [owner, setId],
  );
  return r.rows.map(versionOf);
}

/** The FROM and WHERE of a search; `filter` is the access policy's predicate for the actor. */
export function searchSql(filter: Predicate, s: Omit<DocumentSearch, 'limit' | 'offset'>) {
  const params: unknown[] = [];
  // A document of several clients (a shared case) is allowed when the facts of any one of them
  // allow it — the rule a single get applies (server decideOnClients) — whichever client it is
  // found through. Most documents concern one client, the owner, and skip the unnest.
  const single = toSql(filter, DOCUMENT_COLUMNS, params);
  const anyClient = toSql(filter, { ...DOCUMENT_COLUMNS, clientKey: 'fk.client_key' }, params);
  const where = [
    `(CASE WHEN cardinality(c.clients) <= 1 THEN ${single}
           ELSE EXISTS (SELECT 1 FROM unnest(c.clients) AS fk(client_key) WHERE ${anyClient}) END)`,
  ];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let from = 'document_current c';
  if (s.clientKey !== undefined) {
    // Through the client index, so documents shared from another client's case are included.
    from = `document_client dc
            JOIN document_current c ON c.client_key = dc.owner_client_key AND c.set_id = dc.set_id`;
    where.push(`dc.client_key = ${p(s.clientKey)}::uuid`);
  }
  if (s.caseOid !== undefined) where.push(`c.case_oid = ${p(s.caseOid)}`);
  if (s.serviceTask !== undefined) where.push(`c.service_task = ${p(s.serviceTask)}`);
  if (s.documentType !== undefined) where.push(`c.document_type = ${p(s.documentType)}`);
  if (s.documentGroup !== undefined) where.push(`c.document_group = ${p(s.documentGroup)}`);
  if (s.from !== undefined) where.push(`c.document_date >= ${p(s.from)}::date`);
  if (s.to !== undefined) where.push(`c.document_date <= ${p(s.to)}::date`);
  if (!s.includeInvalidated) where.push(`c.status = 'active'`);
  return { from, where: where.join(' AND '), params };
}

/**
 * A page of current documents the filter allows, newest first (document date, then recording
 * time). `total` counts allowed documents only, so a count never reveals what the caller may
 * not see.
 */
export async function searchDocuments(
  tx: Tx,
  filter: Predicate,
  search: DocumentSearch,
): Promise<DocumentPage> {
  if (search.clientKey !== undefined && !isUuid(search.clientKey)) return { items: [], total: 0 };
  const { from, where, params } = searchSql(filter, search);
  const total = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`, params);
  const n = params.length;
  const items = await tx.query<VersionRow>(
    `SELECT v.* FROM ${from}
       JOIN document_version v ON v.client_key = c.client_key AND v.set_id = c.set_id AND v.version = c.version
      WHERE ${where}
      ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, Math.max(0, Math.min(search.limit, 1000)), Math.max(0, search.offset)],
  );
  return { items: items.rows.map(versionOf), total: total.rows[0]?.n ?? 0 };
}
