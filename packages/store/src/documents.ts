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

/** A version without its content and rendering: what lists and searches return. */
export type DocumentSummary = Omit<DocumentVersion, 'content' | 'xhtml'>;

export interface DocumentSummaryPage {
  items: DocumentSummary[];
  /** Only documents the access filter allows are counted. */
  total: number;
}

interface SummaryRow extends CurrentRow {
  reason: string | null;
  recorded_by: string;
  total: number;
}

function summaryOf(r: SummaryRow): DocumentSummary {
  return {
    setId: r.set_id,
    version: r.version,
    versionOid: r.version_oid,
    status: r.status,
    metadata: metadataOf(r),
    ...opt('reason', r.reason),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
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
  } else {
    const cur = await getCurrentState(tx, v.setId, { forUpdate: true });
    if (!cur || cur.version !== v.version - 1) {
      throw new VersionConflictError(v.setId, cur?.version ?? 0, v.version);
    }
    owner = cur.clientKey;
    previousClients = [...cur.metadata.clients];
  }

  const meta = metadataParams(m);
  meta[METADATA_COLUMNS.indexOf('clients')] = clients;
  const added = clients.filter((k) => !previousClients.includes(k));
  const removed = previousClients.filter((k) => !clients.includes(k));
  const content = JSON.stringify(v.content ?? null);
  let recordedAt: string;
  try {
    const r = await tx.query<{ recorded_at: string }>({
      // Prepared once per connection: planning this statement costs more than running it.
      name: v.version === 1 ? 'varanto_insert_document' : 'varanto_insert_document_version',
      text: v.version === 1 ? INSERT_FIRST_VERSION : INSERT_NEXT_VERSION,
      values: [
        owner,
        v.setId,
        v.version,
        v.versionOid,
        v.status,
        v.reason ?? null,
        content,
        v.xhtml,
        contentHash(v.content),
        ...meta,
        v.recordedBy,
        added,
      ],
    });
    const row = r.rows[0];
    if (!row) {
      // Version 1 of a set id that is already taken: the locator insert did nothing.
      const cur = await getCurrentState(tx, v.setId);
      throw new VersionConflictError(v.setId, cur?.version ?? 0, v.version);
    }
    recordedAt = row.recorded_at;
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
  // Built from what was written rather than read back: the content and rendering need not travel
  // back over the wire. The content is parsed from the JSON text stored, so it is what a read
  // returns (jsonb keeps the values; only the key order may differ).
  const stored: Record<string, unknown> = {};
  METADATA_COLUMNS.forEach((c, i) => {
    stored[c] = meta[i] ?? null;
  });
  const metaRow = stored as unknown as MetadataRow;
  metaRow.omakanta = JSON.parse(JSON.stringify(m.omakanta ?? null));
  return {
    setId: v.setId,
    version: v.version,
    versionOid: v.versionOid,
    status: v.status,
    metadata: metadataOf(metaRow),
    content: JSON.parse(content),
    xhtml: v.xhtml,
    ...opt('reason', v.reason),
    recordedAt,
    recordedBy: v.recordedBy,
  };
}

/** SQL types of the metadata columns where a parameter's type cannot be inferred (INSERT … SELECT). */
const METADATA_CASTS: Partial<Record<(typeof METADATA_COLUMNS)[number], string>> = {
  document_date: 'date',
  omakanta: 'jsonb',
  clients: 'uuid[]',
};

/**
 * One statement writes the version, its projection and the new client index rows; `$1`… are the
 * owner, set id, version, version OID, status, reason, content, XHTML, content hash, the metadata
 * columns, the recorder and the clients added. `locator` is the CTE that gates the version: for a
 * first version, the set id's locator row claimed here (no row when the set id is taken).
 */
function insertVersionSql(first: boolean): string {
  const cols = METADATA_COLUMNS.join(', ');
  const metaParams = METADATA_COLUMNS.map((c, i) => {
    const cast = METADATA_CASTS[c];
    return `$${i + 10}${cast ? `::${cast}` : ''}`;
  }).join(', ');
  const next = METADATA_COLUMNS.length + 10;
  const updates = METADATA_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const returned = `client_key, set_id, version, version_oid, status, ${cols}, recorded_at, recorded_by`;
  return `WITH ${
    first
      ? `loc AS (
         INSERT INTO document_locator (set_id, owner_client_key) VALUES ($2, $1)
         ON CONFLICT DO NOTHING RETURNING set_id),`
      : ''
  }
       v AS (
         INSERT INTO document_version (client_key, set_id, version, version_oid, status, reason, content, xhtml,
                                       content_sha256, ${cols}, recorded_by)
         SELECT $1::uuid, $2, $3::int, $4, $5, $6, $7::jsonb, $8, $9, ${metaParams}, $${next}
         ${first ? 'FROM loc' : ''}
         RETURNING ${returned}),
       cur AS (
         INSERT INTO document_current (client_key, set_id, version, version_oid, status, ${cols},
                                       first_recorded_at, recorded_at, recorded_by)
         SELECT client_key, set_id, version, version_oid, status, ${cols}, recorded_at, recorded_at, recorded_by FROM v
         ON CONFLICT (client_key, set_id) DO UPDATE SET
           version = EXCLUDED.version, version_oid = EXCLUDED.version_oid, status = EXCLUDED.status, ${updates},
           recorded_at = EXCLUDED.recorded_at, recorded_by = EXCLUDED.recorded_by),
       cl AS (
         INSERT INTO document_client (client_key, set_id, owner_client_key)
         SELECT k, v.set_id, v.client_key FROM v, unnest($${next + 1}::uuid[]) AS k ON CONFLICT DO NOTHING)
       SELECT recorded_at FROM v`;
}

const INSERT_FIRST_VERSION = insertVersionSql(true);
const INSERT_NEXT_VERSION = insertVersionSql(false);

/**
 * Writes version 1 of many documents with one statement, whatever their number: the rows of every
 * table travel as one array per column (large texts and JSON as one JSON array each, which V8
 * escapes natively), as the data generator writes (cli/src/generate/sql.ts). The same rows as
 * {@link insertDocumentVersion} writes one by one — the version, its projection, the client index
 * and the index rows of linked clients (client-links.ts) — so a batch or a group of concurrent
 * stores costs one round trip instead of two per document. A set id already taken is a
 * VersionConflictError; the caller's transaction then rolls back the whole group.
 */
export async function insertFirstVersions(
  tx: Tx,
  versions: readonly NewDocumentVersion[],
): Promise<DocumentVersion[]> {
  if (versions.length === 0) return [];
  // A set id named twice would be claimed once and written twice: refused before any write.
  const seen = new Set<string>();
  for (const v of versions) {
    if (seen.has(v.setId)) throw new VersionConflictError(v.setId, 1, 1);
    seen.add(v.setId);
  }
  const cols: unknown[][] = FIRST_COLUMNS.map(() => []);
  const contents: string[] = [];
  const xhtmls: string[] = [];
  const omakanta: string[] = [];
  const metas: unknown[][] = [];
  for (const v of versions) {
    const m = v.metadata;
    if (v.version !== 1) throw new Error(`insertFirstVersions writes version 1, got ${v.version}`);
    if (m.clients.length === 0) throw new Error('a document concerns at least one client');
    const bad = m.clients.find((k) => !isUuid(k));
    if (bad !== undefined) throw new Error(`invalid client key ${bad}`);
    const clients = [...new Set(m.clients.map((k) => k.toLowerCase()))];
    const meta = metadataParams(m);
    meta[METADATA_COLUMNS.indexOf('clients')] = clients;
    metas.push(meta);
    const content = JSON.stringify(v.content ?? null);
    contents.push(content);
    xhtmls.push(v.xhtml);
    omakanta.push(JSON.stringify(m.omakanta ?? {}));
    const row: unknown[] = [
      clients[0],
      v.setId,
      v.versionOid,
      v.status,
      v.reason ?? null,
      contentHash(v.content),
      v.recordedBy,
      ...METADATA_COLUMNS.filter((c) => c !== 'omakanta' && c !== 'clients').map(
        (c) => meta[METADATA_COLUMNS.indexOf(c)] ?? null,
      ),
      // uuid[] travels as its text literal: the keys were checked to be UUIDs above.
      `{${clients.join(',')}}`,
    ];
    for (const [i, x] of row.entries()) cols[i]!.push(x);
  }
  let rows: { set_id: string; recorded_at: string }[];
  try {
    const r = await tx.query<{ set_id: string; recorded_at: string }>({
      name: 'varanto_insert_first_versions',
      text: INSERT_FIRST_VERSIONS,
      values: [...cols, `[${contents.join(',')}]`, JSON.stringify(xhtmls), `[${omakanta.join(',')}]`],
    });
    rows = r.rows;
  } catch (e) {
    if (sqlState(e) === '23505') {
      throw new ConflictError('a version OID of the group is already used', 'document.versionOid');
    }
    throw e;
  }
  const recorded = new Map(rows.map((r) => [r.set_id, r.recorded_at]));
  return versions.map((v, i) => {
    const recordedAt = recorded.get(v.setId);
    // A set id that is already taken: its locator insert did nothing.
    if (recordedAt === undefined) throw new VersionConflictError(v.setId, 1, 1);
    const stored: Record<string, unknown> = {};
    METADATA_COLUMNS.forEach((c, j) => {
      stored[c] = metas[i]![j] ?? null;
    });
    const metaRow = stored as unknown as MetadataRow;
    metaRow.omakanta = JSON.parse(omakanta[i]!);
    return {
      setId: v.setId,
      version: 1,
      versionOid: v.versionOid,
      status: v.status,
      metadata: metadataOf(metaRow),
      content: JSON.parse(contents[i]!),
      xhtml: v.xhtml,
      ...opt('reason', v.reason),
      recordedAt,
      recordedBy: v.recordedBy,
    };
  });
}

/** The per-row parameters of {@link insertFirstVersions}, each an array, in parameter order. */
const FIRST_COLUMNS: readonly { name: string; type: string }[] = [
  { name: 'client_key', type: 'uuid' },
  { name: 'set_id', type: 'text' },
  { name: 'version_oid', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'reason', type: 'text' },
  { name: 'content_sha256', type: 'text' },
  { name: 'recorded_by', type: 'text' },
  ...METADATA_COLUMNS.filter((c) => c !== 'omakanta' && c !== 'clients').map((c) => ({
    name: c,
    type: c === 'document_date' ? 'date' : 'text',
  })),
  { name: 'clients_text', type: 'text' },
];

const INSERT_FIRST_VERSIONS = (() => {
  const n = FIRST_COLUMNS.length;
  const fns = [
    ...FIRST_COLUMNS.map((c, i) => `unnest($${i + 1}::${c.type}[])`),
    `json_array_elements($${n + 1}::json)`,
    `json_array_elements_text($${n + 2}::json)`,
    `json_array_elements($${n + 3}::json)`,
  ].join(', ');
  const aliases = [...FIRST_COLUMNS.map((c) => c.name), 'content_json', 'xhtml', 'omakanta_json'].join(', ');
  const cols = METADATA_COLUMNS.join(', ');
  const metaSelect = METADATA_COLUMNS.map((c) =>
    c === 'omakanta' ? 't.omakanta_json::jsonb' : c === 'clients' ? 't.clients_text::uuid[]' : `t.${c}`,
  ).join(', ');
  return `WITH t AS (SELECT * FROM ROWS FROM (${fns}) AS t(${aliases})),
       loc AS (
         INSERT INTO document_locator (set_id, owner_client_key) SELECT set_id, client_key FROM t
         ON CONFLICT DO NOTHING RETURNING set_id),
       v AS (
         INSERT INTO document_version (client_key, set_id, version, version_oid, status, reason, content, xhtml,
                                       content_sha256, ${cols}, recorded_by)
         SELECT t.client_key, t.set_id, 1, t.version_oid, t.status, t.reason, t.content_json::jsonb, t.xhtml,
                t.content_sha256, ${metaSelect}, t.recorded_by
           FROM t JOIN loc ON loc.set_id = t.set_id
         RETURNING client_key, set_id, version, version_oid, status, ${cols}, recorded_at, recorded_by),
       cur AS (
         INSERT INTO document_current (client_key, set_id, version, version_oid, status, ${cols},
                                       first_recorded_at, recorded_at, recorded_by)
         SELECT client_key, set_id, version, version_oid, status, ${cols}, recorded_at, recorded_at, recorded_by FROM v),
       cl AS (
         INSERT INTO document_client (client_key, set_id, owner_client_key)
         SELECT k, v.set_id, v.client_key FROM v, unnest(v.clients) AS k ON CONFLICT DO NOTHING),
       linked AS (
         INSERT INTO document_client (client_key, set_id, owner_client_key)
         SELECT DISTINCT m.linked_key, v.set_id, v.client_key
           FROM v JOIN client_link_member m ON m.client_key = ANY(v.clients)
          WHERE NOT (m.linked_key = ANY(v.clients))
         ON CONFLICT DO NOTHING)
       SELECT set_id, recorded_at FROM v`;
})();

/** The client whose rows hold the document, or undefined when no such document exists. */
export async function locateDocument(tx: Tx, setId: string): Promise<ClientKey | undefined> {
  const r = await tx.query<{ owner_client_key: string }>({
    name: 'varanto_locate_document',
    text: 'SELECT owner_client_key FROM document_locator WHERE set_id = $1',
    values: [setId],
  });
  return r.rows[0]?.owner_client_key;
}

/** The newest version's state; `forUpdate` locks it until the transaction ends. */
export async function getCurrentState(
  tx: Tx,
  setId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CurrentState | undefined> {
  // Prepared: every read, correction and access decision on a document starts here.
  const r = await tx.query<CurrentRow>({
    name: opts.forUpdate ? 'varanto_current_state_for_update' : 'varanto_current_state',
    text: `SELECT c.* FROM document_locator l
             JOIN document_current c ON c.client_key = l.owner_client_key AND c.set_id = l.set_id
            WHERE l.set_id = $1${opts.forUpdate ? ' FOR UPDATE OF c' : ''}`,
    values: [setId],
  });
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
  // The owner and the version in one query: the locator row leads to the owner's rows.
  const r =
    version === undefined
      ? await tx.query<VersionRow>({
          name: 'varanto_get_document_current_version',
          text: `SELECT v.* FROM document_locator l
                   JOIN document_version v ON v.client_key = l.owner_client_key AND v.set_id = l.set_id
                  WHERE l.set_id = $1 ORDER BY v.version DESC LIMIT 1`,
          values: [setId],
        })
      : await tx.query<VersionRow>({
          name: 'varanto_get_document_version',
          text: `SELECT v.* FROM document_locator l
                   JOIN document_version v ON v.client_key = l.owner_client_key AND v.set_id = l.set_id
                  WHERE l.set_id = $1 AND v.version = $2`,
          values: [setId, version],
        });
  return r.rows[0] && versionOf(r.rows[0]);
}

export async function listDocumentVersions(tx: Tx, setId: string): Promise<DocumentVersion[]> {
  const r = await tx.query<VersionRow>({
    name: 'varanto_list_document_versions',
    text: `SELECT v.* FROM document_locator l
             JOIN document_version v ON v.client_key = l.owner_client_key AND v.set_id = l.set_id
            WHERE l.set_id = $1 ORDER BY v.version`,
    values: [setId],
  });
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

const SEARCH_ORDER = 'ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC';

/**
 * Search statements are prepared by the hash of their text. Their text follows the shape of the
 * access filter and of the search (values are parameters), so a server meets few distinct ones,
 * and parsing and planning the filter's EXISTS cost more than running it (measured 3.3 ms
 * unprepared against 1.4 ms prepared for a client list). Every connection keeps what it
 * prepared, so past a bound new shapes run unprepared rather than grow every session.
 */
const PREPARED_SEARCH_LIMIT = 200;
const preparedSearches = new Set<string>();

function preparedName(text: string): { name?: string } {
  const name = `varanto_search_${sha256Hex(text).slice(0, 24)}`;
  if (!preparedSearches.has(name)) {
    if (preparedSearches.size >= PREPARED_SEARCH_LIMIT) return {};
    preparedSearches.add(name);
  }
  return { name };
}

function pageBounds(search: DocumentSearch): [number, number] {
  return [Math.max(0, Math.min(search.limit, 1000)), Math.max(0, search.offset)];
}

/**
 * A page of current documents the filter allows, newest first (document date, then recording
 * time), without content or rendering. `total` counts allowed documents only, so a count never
 * reveals what the caller may not see.
 *
 * One query over the current-state projection: the total is a window count over the same filtered
 * rows, and no version row is read except for the reason of a corrected document (a version 1 has
 * none to show).
 */
export async function searchDocumentSummaries(
  tx: Tx,
  filter: Predicate,
  search: DocumentSearch,
): Promise<DocumentSummaryPage> {
  if (search.clientKey !== undefined && !isUuid(search.clientKey)) return { items: [], total: 0 };
  const { from, where, params } = searchSql(filter, search);
  const n = params.length;
  const [limit, offset] = pageBounds(search);
  const text = `SELECT c.client_key, c.set_id, c.version, c.version_oid, c.status, ${METADATA_COLUMNS.map((x) => `c.${x}`).join(', ')},
            c.recorded_at, c.recorded_by,
            CASE WHEN c.version > 1 THEN (SELECT v.reason FROM document_version v
                                           WHERE v.client_key = c.client_key AND v.set_id = c.set_id
                                             AND v.version = c.version) END AS reason,
            count(*) OVER () AS total
       FROM ${from} WHERE ${where}
      ${SEARCH_ORDER}
      LIMIT $${n + 1} OFFSET $${n + 2}`;
  const r = await tx.query<SummaryRow>({ ...preparedName(text), text, values: [...params, limit, offset] });
  const first = r.rows[0];
  if (first) return { items: r.rows.map(summaryOf), total: first.total };
  // An empty page says nothing of the total when it lies past the end (or holds nothing).
  return { items: [], total: await countDocuments(tx, from, where, params) };
}

async function countDocuments(tx: Tx, from: string, where: string, params: unknown[]): Promise<number> {
  const total = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`, params);
  return total.rows[0]?.n ?? 0;
}

/**
 * As {@link searchDocumentSummaries}, with every version's content and rendering (exports).
 * Lists that show metadata only should use the summaries: this reads and sends each document.
 */
export async function searchDocuments(
  tx: Tx,
  filter: Predicate,
  search: DocumentSearch,
): Promise<DocumentPage> {
  if (search.clientKey !== undefined && !isUuid(search.clientKey)) return { items: [], total: 0 };
  const { from, where, params } = searchSql(filter, search);
  const n = params.length;
  const [limit, offset] = pageBounds(search);
  const items = await tx.query<VersionRow & { total: number }>(
    `SELECT v.*, count(*) OVER () AS total FROM ${from}
       JOIN document_version v ON v.client_key = c.client_key AND v.set_id = c.set_id AND v.version = c.version
      WHERE ${where}
      ${SEARCH_ORDER}
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, limit, offset],
  );
  const first = items.rows[0];
  if (first) return { items: items.rows.map(versionOf), total: first.total };
  return { items: [], total: await countDocuments(tx, from, where, params) };
}
