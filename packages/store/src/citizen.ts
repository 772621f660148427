// The client's own view (OmaKanta): who may act for whom, as versioned facts, and the documents a
// viewer may see, listed and counted with the visibility rules compiled into the query
// (visibility/predicate.ts `visibilityToSql`). What the filter is — whose basis, which date — is
// the domain's decision; this file only runs it against the tables.
import type { ClientKey } from '@varanto/domain/records';
import {
  type GuardianBarFact,
  type GuardianshipFact,
  type MandateFact,
  type PersonKey,
  type Relations,
  type VisibilityColumns,
  type VisibilityPredicate,
  visibilityToSql,
} from '@varanto/domain/visibility';
import type { Tx } from './api.ts';
import { ConflictError, sqlState } from './errors.ts';
import { isUuid, opt } from './sql.ts';

// --- relations ------------------------------------------------------------------------------------

export type PersonRelationKind = 'guardianship' | 'guardian_bar' | 'mandate';

export interface PersonRelationInput {
  /** The person whose records the relation opens: the child, or the mandate's principal. */
  clientKey: ClientKey;
  kind: PersonRelationKind;
  /** The guardian, or the mandate's agent. */
  holderKey: ClientKey;
  start: string;
  end?: string;
  /** Mandates only. */
  revokedOn?: string;
  /** Mandates only: what the mandate covers (visibility/relations.ts MANDATE_SCOPE_…). */
  scopes?: readonly string[];
  /** Guardian bars only: why (never shown to the guardian). */
  basis?: string;
  /** This version withdraws a relation recorded in error. */
  cancelled?: boolean;
  /** Where the fact comes from: population_register, child_welfare, mandate_register, seed… */
  source: string;
  reason?: string;
  recordedBy: string;
}

export interface PersonRelation extends PersonRelationInput {
  relationId: string;
  version: number;
  recordedAt: string;
}

interface RelationRow {
  client_key: string;
  relation_id: string;
  version: number;
  kind: PersonRelationKind;
  holder_key: string;
  start_date: string;
  end_date: string | null;
  revoked_on: string | null;
  scopes: string[];
  basis: string | null;
  cancelled: boolean;
  source: string;
  reason: string | null;
  recorded_at: string;
  recorded_by: string;
}

function relationOf(r: RelationRow): PersonRelation {
  return {
    clientKey: r.client_key,
    relationId: r.relation_id,
    version: r.version,
    kind: r.kind,
    holderKey: r.holder_key,
    start: r.start_date,
    ...opt('end', r.end_date),
    ...opt('revokedOn', r.revoked_on),
    ...(r.kind === 'mandate' ? { scopes: r.scopes } : {}),
    ...opt('basis', r.basis),
    ...(r.cancelled ? { cancelled: true } : {}),
    source: r.source,
    ...opt('reason', r.reason),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  };
}

/**
 * Records a relation, or with `relationId` its next version (an end date, a revocation, a
 * withdrawal). The versions are the history; the newest is the fact the portal decides on. Two
 * writers of the same next version: one wins, the other gets a ConflictError.
 */
export async function recordPersonRelation(
  tx: Tx,
  input: PersonRelationInput,
  relationId?: string,
): Promise<PersonRelation> {
  if (!isUuid(input.clientKey) || !isUuid(input.holderKey)) throw new Error('invalid person key');
  try {
    const r = await tx.query<RelationRow>(
      `INSERT INTO person_relation (client_key, relation_id, version, kind, holder_key, start_date, end_date,
                                    revoked_on, scopes, basis, cancelled, source, reason, recorded_by)
       SELECT $1::uuid, coalesce($2::uuid, gen_random_uuid()),
              coalesce((SELECT max(version) FROM person_relation WHERE client_key = $1::uuid AND relation_id = $2::uuid), 0) + 1,
              $3, $4::uuid, $5::date, $6::date, $7::date, $8::text[], $9, $10, $11, $12, $13
       RETURNING *`,
      [
        input.clientKey,
        relationId ?? null,
        input.kind,
        input.holderKey,
        input.start,
        input.end ?? null,
        input.revokedOn ?? null,
        [...(input.scopes ?? [])],
        input.basis ?? null,
        input.cancelled ?? false,
        input.source,
        input.reason ?? null,
        input.recordedBy,
      ],
    );
    return relationOf(r.rows[0]!);
  } catch (e) {
    if (sqlState(e) === '23505')
      throw new ConflictError('the relation changed meanwhile', 'relation.version');
    throw e;
  }
}

const CURRENT_RELATIONS = (where: string) => `
  SELECT * FROM (
    SELECT DISTINCT ON (client_key, relation_id) *
      FROM person_relation WHERE ${where}
     ORDER BY client_key, relation_id, version DESC) r
   ORDER BY kind, start_date, relation_id`;

/** The newest version of each relation of a person, as the subject or as the holder. */
export async function listPersonRelations(
  tx: Tx,
  q: { clientKey?: ClientKey; holderKey?: ClientKey },
): Promise<PersonRelation[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [col, v] of [
    ['client_key', q.clientKey],
    ['holder_key', q.holderKey],
  ] as const) {
    if (v === undefined) continue;
    if (!isUuid(v)) return [];
    params.push(v);
    where.push(`${col} = $${params.length}::uuid`);
  }
  if (where.length === 0) throw new Error('listPersonRelations needs a person');
  const r = await tx.query<RelationRow>(CURRENT_RELATIONS(where.join(' AND ')), params);
  return r.rows.map(relationOf);
}

/** The newest version of one relation of `clientKey` (the subject), if any. */
export async function getPersonRelation(
  tx: Tx,
  clientKey: ClientKey,
  relationId: string,
): Promise<PersonRelation | undefined> {
  if (!isUuid(clientKey) || !isUuid(relationId)) return undefined;
  const r = await tx.query<RelationRow>(
    `SELECT * FROM person_relation WHERE client_key = $1::uuid AND relation_id = $2::uuid
      ORDER BY version DESC LIMIT 1`,
    [clientKey, relationId],
  );
  return r.rows[0] && relationOf(r.rows[0]);
}

/** Every version of one relation of `clientKey` (the subject), oldest first: its history. */
export async function listPersonRelationVersions(
  tx: Tx,
  clientKey: ClientKey,
  relationId: string,
): Promise<PersonRelation[]> {
  if (!isUuid(clientKey) || !isUuid(relationId)) return [];
  const r = await tx.query<RelationRow>(
    `SELECT * FROM person_relation WHERE client_key = $1::uuid AND relation_id = $2::uuid ORDER BY version`,
    [clientKey, relationId],
  );
  return r.rows.map(relationOf);
}

/**
 * The facts `decideActingOnBehalf` needs about `viewer` and `subjects`: their birth dates and the
 * relations in force as recorded (withdrawn ones left out) that the viewer holds over them.
 */
export async function loadRelations(
  tx: Tx,
  viewer: PersonKey,
  subjects: readonly PersonKey[],
): Promise<Relations> {
  const keys = [...new Set([viewer, ...subjects])].filter(isUuid);
  if (keys.length === 0) return { persons: [], guardianships: [], guardianBars: [], mandates: [] };
  // Named: prepared once per connection, as every citizen request runs these two.
  const persons = await tx.query<{ client_key: string; birth_date: string | null }>({
    name: 'varanto_citizen_birth_dates',
    text: `SELECT p.client_key, p.birth_date::text AS birth_date FROM person_current pc
             JOIN person p ON p.client_key = pc.client_key AND p.version = pc.version
            WHERE pc.client_key = ANY($1::uuid[])`,
    values: [keys],
  });
  const held = isUuid(viewer)
    ? (
        await tx.query<RelationRow>({
          name: 'varanto_citizen_relations_held',
          text: CURRENT_RELATIONS('holder_key = $1::uuid AND client_key = ANY($2::uuid[])'),
          values: [viewer, keys],
        })
      ).rows.filter((r) => !r.cancelled)
    : [];
  const period = (r: RelationRow) => ({ start: r.start_date, ...opt('end', r.end_date) });
  return {
    persons: persons.rows.map((p) => ({ key: p.client_key, ...opt('birthDate', p.birth_date) })),
    guardianships: held
      .filter((r) => r.kind === 'guardianship')
      .map((r): GuardianshipFact => ({ guardian: r.holder_key, child: r.client_key, ...period(r) })),
    guardianBars: held
      .filter((r) => r.kind === 'guardian_bar')
      .map(
        (r): GuardianBarFact => ({
          guardian: r.holder_key,
          child: r.client_key,
          ...period(r),
          basis: r.basis ?? '',
        }),
      ),
    mandates: held
      .filter((r) => r.kind === 'mandate')
      .map(
        (r): MandateFact => ({
          principal: r.client_key,
          agent: r.holder_key,
          scopes: r.scopes,
          ...period(r),
          ...opt('revokedOn', r.revoked_on),
        }),
      ),
  };
}

/** Persons over whom `holder` holds a relation that is not withdrawn (candidates to act for). */
export async function relationSubjects(tx: Tx, holder: PersonKey): Promise<ClientKey[]> {
  if (!isUuid(holder)) return [];
  const r = await tx.query<RelationRow>(CURRENT_RELATIONS('holder_key = $1::uuid'), [holder]);
  return [...new Set(r.rows.filter((x) => !x.cancelled).map((x) => x.client_key))];
}

// --- professionals' contact details ------------------------------------------------------------------

export interface ProfessionalContact {
  professionalId: string;
  version: number;
  phone?: string;
  email?: string;
  /** A public service address (the office's, never a home address). */
  serviceAddress?: string;
  recordedAt: string;
  recordedBy: string;
}

interface ContactRow {
  version: number;
  phone: string | null;
  email: string | null;
  service_address: string | null;
  recorded_at: string;
  recorded_by: string;
}

function contactOf(professionalId: string, r: ContactRow): ProfessionalContact {
  return {
    professionalId,
    version: r.version,
    ...opt('phone', r.phone),
    ...opt('email', r.email),
    ...opt('serviceAddress', r.service_address),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
  };
}

/** Records the professional's work contact details as their next version. */
export async function recordProfessionalContact(
  tx: Tx,
  c: { professionalId: string; phone?: string; email?: string; serviceAddress?: string; recordedBy: string },
): Promise<ProfessionalContact> {
  if (!isUuid(c.professionalId)) throw new Error('invalid professional id');
  try {
    const r = await tx.query<ContactRow>(
      `INSERT INTO professional_contact (professional_id, version, phone, email, service_address, recorded_by)
       SELECT $1::uuid, coalesce((SELECT max(version) FROM professional_contact WHERE professional_id = $1::uuid), 0) + 1,
              $2, $3, $4, $5
       RETURNING version, phone, email, service_address, recorded_at, recorded_by`,
      [c.professionalId, c.phone ?? null, c.email ?? null, c.serviceAddress ?? null, c.recordedBy],
    );
    return contactOf(c.professionalId, r.rows[0]!);
  } catch (e) {
    if (sqlState(e) === '23505')
      throw new ConflictError('the contact details changed meanwhile', 'contact.version');
    throw e;
  }
}

export async function getProfessionalContact(
  tx: Tx,
  professionalId: string,
): Promise<ProfessionalContact | undefined> {
  if (!isUuid(professionalId)) return undefined;
  const r = await tx.query<ContactRow>(
    `SELECT version, phone, email, service_address, recorded_at, recorded_by FROM professional_contact
      WHERE professional_id = $1::uuid ORDER BY version DESC LIMIT 1`,
    [professionalId],
  );
  const row = r.rows[0];
  return row && contactOf(professionalId, row);
}

/** Every version of a professional's contact details, oldest first. */
export async function listProfessionalContactVersions(
  tx: Tx,
  professionalId: string,
): Promise<ProfessionalContact[]> {
  if (!isUuid(professionalId)) return [];
  const r = await tx.query<ContactRow>(
    `SELECT version, phone, email, service_address, recorded_at, recorded_by FROM professional_contact
      WHERE professional_id = $1::uuid ORDER BY version`,
    [professionalId],
  );
  return r.rows.map((row) => contactOf(professionalId, row));
}

// --- documents ---------------------------------------------------------------------------------------

/** The columns of `document_current c` the visibility rules read. */
export const CITIZEN_VISIBILITY_COLUMNS: VisibilityColumns = {
  documentType: 'c.document_type',
  documentGroup: 'c.document_group',
  socialService: 'c.social_service',
  status: 'c.status',
  clients: 'c.clients',
  omakanta: 'c.omakanta',
};

/** Visibility SQL over another alias of document_current. */
export function visibilityColumnsOf(alias: string): VisibilityColumns {
  return {
    documentType: `${alias}.document_type`,
    documentGroup: `${alias}.document_group`,
    socialService: `${alias}.social_service`,
    status: `${alias}.status`,
    clients: `${alias}.clients`,
    omakanta: `${alias}.omakanta`,
  };
}

/** What the portal shows of a document in a list: no worker-side markings, no other clients. */
export interface CitizenDocumentSummary {
  setId: string;
  version: number;
  documentType: string;
  documentGroup: string;
  structureOid: string;
  documentDate: string;
  serviceTask: string;
  socialService?: string;
  processPhase?: string;
  caseOid?: string;
  language: 'fi' | 'sv';
  registrar: { oid: string; name?: string };
  organization: { oid: string; name?: string };
  serviceUnit: { oid: string; name?: string; nameSv?: string };
  authorName: string;
  /** When the current version was stored. */
  recordedAt: string;
  /** When the first version was stored. */
  firstRecordedAt: string;
}

interface SummaryRow {
  set_id: string;
  version: number;
  document_type: string;
  document_group: string;
  structure_oid: string;
  document_date: string;
  service_task: string;
  social_service: string | null;
  process_phase: string | null;
  case_oid: string | null;
  language: 'fi' | 'sv';
  registrar_oid: string;
  registrar_name: string | null;
  organization_oid: string;
  organization_name: string | null;
  service_unit_oid: string;
  unit_name: string | null;
  unit_name_sv: string | null;
  author_name: string;
  recorded_at: string;
  first_recorded_at: string;
  total: number;
}

const TIME = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const SUMMARY_COLUMNS = `c.set_id, c.version, c.document_type, c.document_group, c.structure_oid,
  c.document_date::text AS document_date, c.service_task, c.social_service, c.process_phase, c.case_oid, c.language,
  c.registrar_oid, ro.name AS registrar_name, c.organization_oid, o.name AS organization_name, c.service_unit_oid,
  su.name_fi AS unit_name, su.name_sv AS unit_name_sv, c.author_name,
  ${TIME('c.recorded_at')} AS recorded_at, ${TIME('c.first_recorded_at')} AS first_recorded_at`;

const SUMMARY_JOINS = `LEFT JOIN organization ro ON ro.oid = c.registrar_oid
  LEFT JOIN organization o ON o.oid = c.organization_oid
  LEFT JOIN service_unit su ON su.oid = c.service_unit_oid`;

function summaryOf(r: SummaryRow): CitizenDocumentSummary {
  return {
    setId: r.set_id,
    version: r.version,
    documentType: r.document_type,
    documentGroup: r.document_group,
    structureOid: r.structure_oid,
    documentDate: r.document_date,
    serviceTask: r.service_task,
    ...opt('socialService', r.social_service),
    ...opt('processPhase', r.process_phase),
    ...opt('caseOid', r.case_oid),
    language: r.language,
    registrar: { oid: r.registrar_oid, ...opt('name', r.registrar_name) },
    organization: { oid: r.organization_oid, ...opt('name', r.organization_name) },
    serviceUnit: { oid: r.service_unit_oid, ...opt('name', r.unit_name), ...opt('nameSv', r.unit_name_sv) },
    authorName: r.author_name,
    recordedAt: r.recorded_at,
    firstRecordedAt: r.first_recorded_at,
  };
}

export interface CitizenDocumentQuery {
  /** Whose records: documents are found through this client's index (shared ones included). */
  subject: ClientKey;
  /** The viewer's visibility filter (`visibilityFilter` of the domain) for today. */
  filter: VisibilityPredicate;
  from?: string;
  to?: string;
  serviceTask?: string;
  documentType?: string;
  limit: number;
  offset: number;
}

/** FROM and WHERE of the subject's visible documents; the filter is applied in the query. */
function visibleSql(
  subject: ClientKey,
  filter: VisibilityPredicate,
  params: unknown[],
): { from: string; where: string } {
  params.push(subject);
  const subjectParam = `$${params.length}::uuid`;
  const visible = visibilityToSql(filter, CITIZEN_VISIBILITY_COLUMNS, params);
  return {
    from: `document_client dc JOIN document_current c ON c.client_key = dc.owner_client_key AND c.set_id = dc.set_id`,
    where: `dc.client_key = ${subjectParam} AND ${visible}`,
  };
}

/** A page of the documents the viewer may see, newest first, and how many there are in all. */
export async function listCitizenDocuments(
  tx: Tx,
  q: CitizenDocumentQuery,
): Promise<{ items: CitizenDocumentSummary[]; total: number }> {
  if (!isUuid(q.subject)) return { items: [], total: 0 };
  const params: unknown[] = [];
  const { from, where } = visibleSql(q.subject, q.filter, params);
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const more: string[] = [];
  if (q.from !== undefined) more.push(`c.document_date >= ${p(q.from)}::date`);
  if (q.to !== undefined) more.push(`c.document_date <= ${p(q.to)}::date`);
  if (q.serviceTask !== undefined) more.push(`c.service_task = ${p(q.serviceTask)}`);
  if (q.documentType !== undefined) more.push(`c.document_type = ${p(q.documentType)}`);
  const all = [where, ...more].join(' AND ');
  const limit = p(Math.max(0, Math.min(q.limit, 1000)));
  const offset = p(Math.max(0, q.offset));
  const r = await tx.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS}, count(*) OVER ()::int AS total
       FROM ${from} ${SUMMARY_JOINS}
      WHERE ${all}
      ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC
      LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  const first = r.rows[0];
  if (first) return { items: r.rows.map(summaryOf), total: first.total };
  const n = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${from} WHERE ${all}`,
    params.slice(0, params.length - 2),
  );
  return { items: [], total: n.rows[0]?.n ?? 0 };
}

export interface CitizenDocumentCounts {
  total: number;
  byServiceTask: { serviceTask: string; count: number }[];
  byYear: { year: number; count: number }[];
}

/** How many documents the viewer may see, in all, by service task and by year of the document. */
export async function countCitizenDocuments(
  tx: Tx,
  subject: ClientKey,
  filter: VisibilityPredicate,
): Promise<CitizenDocumentCounts> {
  if (!isUuid(subject)) return { total: 0, byServiceTask: [], byYear: [] };
  const params: unknown[] = [];
  const { from, where } = visibleSql(subject, filter, params);
  const r = await tx.query<{ service_task: string | null; year: number | null; n: number }>(
    `SELECT c.service_task, extract(year FROM c.document_date)::int AS year, count(*)::int AS n
       FROM ${from} WHERE ${where}
      GROUP BY GROUPING SETS ((c.service_task), (extract(year FROM c.document_date)), ())`,
    params,
  );
  const counts: CitizenDocumentCounts = { total: 0, byServiceTask: [], byYear: [] };
  for (const row of r.rows) {
    if (row.service_task !== null) counts.byServiceTask.push({ serviceTask: row.service_task, count: row.n });
    else if (row.year !== null) counts.byYear.push({ year: row.year, count: row.n });
    else counts.total = row.n;
  }
  counts.byServiceTask.sort((a, b) => b.count - a.count || a.serviceTask.localeCompare(b.serviceTask));
  counts.byYear.sort((a, b) => b.year - a.year);
  return counts;
}

/** One document's summary as the portal shows it (the caller has decided that it may). */
export async function citizenDocumentSummary(
  tx: Tx,
  setId: string,
): Promise<CitizenDocumentSummary | undefined> {
  const r = await tx.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS}, 1 AS total FROM document_locator l
       JOIN document_current c ON c.client_key = l.owner_client_key AND c.set_id = l.set_id
       ${SUMMARY_JOINS}
      WHERE l.set_id = $1`,
    [setId],
  );
  return r.rows[0] && summaryOf(r.rows[0]);
}

/**
 * Document types of the other current documents of a case (the visibility prompt asks whether a
 * narrative entry was written during a custody investigation of the same case).
 */
export async function caseDocumentTypes(tx: Tx, caseOid: string, exceptSetId?: string): Promise<string[]> {
  const r = await tx.query<{ document_type: string }>(
    `SELECT DISTINCT document_type FROM document_current
      WHERE case_oid = $1 AND status = 'active' AND ($2::text IS NULL OR set_id <> $2)`,
    [caseOid, exceptSetId ?? null],
  );
  return r.rows.map((x) => x.document_type).sort();
}
