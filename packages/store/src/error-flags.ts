// Error reports a client files on a document (virheilmoitus), kept as versions: the client's report
// is version 1, each handling step of the recording unit the next. The newest version is the
// report's state; no answer overwrites an earlier one.
import type { Predicate } from '@varanto/domain/access';
import type { ErrorFlagStatus } from '@varanto/domain/citizen';
import type { ClientKey } from '@varanto/domain/records';
import { type VisibilityPredicate, visibilityToSql } from '@varanto/domain/visibility';
import type { Tx } from './api.ts';
import { CITIZEN_VISIBILITY_COLUMNS } from './citizen.ts';
import { searchSql } from './documents.ts';
import { ConflictError, sqlState } from './errors.ts';
import { isUuid, opt } from './sql.ts';

export interface ErrorFlag {
  clientKey: ClientKey;
  flagId: string;
  version: number;
  setId: string;
  documentVersion: number;
  registrarOid: string;
  serviceUnitOid: string;
  status: ErrorFlagStatus;
  description: string;
  response?: string;
  flaggedBy: ClientKey;
  flaggedBasis: 'self' | 'guardian' | 'mandate';
  /** When this version was recorded. */
  recordedAt: string;
  recordedBy: string;
  /** When the client filed the report (version 1). */
  flaggedAt: string;
}

interface FlagRow {
  client_key: string;
  flag_id: string;
  version: number;
  set_id: string;
  document_version: number;
  registrar_oid: string;
  service_unit_oid: string;
  status: ErrorFlagStatus;
  description: string;
  response: string | null;
  flagged_by: string;
  flagged_basis: ErrorFlag['flaggedBasis'];
  recorded_at: string;
  recorded_by: string;
  flagged_at: string;
}

function flagOf(r: FlagRow): ErrorFlag {
  return {
    clientKey: r.client_key,
    flagId: r.flag_id,
    version: r.version,
    setId: r.set_id,
    documentVersion: r.document_version,
    registrarOid: r.registrar_oid,
    serviceUnitOid: r.service_unit_oid,
    status: r.status,
    description: r.description,
    ...opt('response', r.response),
    flaggedBy: r.flagged_by,
    flaggedBasis: r.flagged_basis,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    flaggedAt: r.flagged_at,
  };
}

export type NewErrorFlag = Omit<ErrorFlag, 'flagId' | 'version' | 'recordedAt' | 'flaggedAt' | 'status'>;

const COLUMNS = `client_key, flag_id, version, set_id, document_version, registrar_oid, service_unit_oid, status,
  description, response, flagged_by, flagged_basis, recorded_by`;

/** The client's report: version 1, open. */
export async function fileErrorFlag(tx: Tx, f: NewErrorFlag): Promise<ErrorFlag> {
  const r = await tx.query<FlagRow>(
    `INSERT INTO error_flag (${COLUMNS})
     VALUES ($1::uuid, gen_random_uuid(), 1, $2, $3, $4, $5, 'open', $6, NULL, $7::uuid, $8, $9)
     RETURNING *, recorded_at AS flagged_at`,
    [
      f.clientKey,
      f.setId,
      f.documentVersion,
      f.registrarOid,
      f.serviceUnitOid,
      f.description,
      f.flaggedBy,
      f.flaggedBasis,
      f.recordedBy,
    ],
  );
  return flagOf(r.rows[0]!);
}

/**
 * The next version of a report with a new status (and the unit's response). `afterVersion` is the
 * version the change was decided on: a report changed meanwhile is a ConflictError.
 */
export async function recordErrorFlagStatus(
  tx: Tx,
  current: ErrorFlag,
  change: { status: ErrorFlagStatus; response?: string; recordedBy: string },
): Promise<ErrorFlag> {
  try {
    const r = await tx.query<FlagRow>(
      `INSERT INTO error_flag (${COLUMNS})
       SELECT client_key, flag_id, version + 1, set_id, document_version, registrar_oid, service_unit_oid, $4,
              description, coalesce($5, response), flagged_by, flagged_basis, $6
         FROM error_flag WHERE client_key = $1::uuid AND flag_id = $2::uuid AND version = $3
       RETURNING *, $7::timestamptz AS flagged_at`,
      [
        current.clientKey,
        current.flagId,
        current.version,
        change.status,
        change.response ?? null,
        change.recordedBy,
        current.flaggedAt,
      ],
    );
    return flagOf(r.rows[0]!);
  } catch (e) {
    if (sqlState(e) === '23505')
      throw new ConflictError('the error report changed meanwhile', 'flag.version');
    throw e;
  }
}

const LATEST = (where: string) => `
  SELECT f.*, first.recorded_at AS flagged_at FROM (
    SELECT DISTINCT ON (client_key, flag_id) * FROM error_flag WHERE ${where}
     ORDER BY client_key, flag_id, version DESC) f
  JOIN error_flag first ON first.client_key = f.client_key AND first.flag_id = f.flag_id AND first.version = 1`;

/** The newest version of a report (a concurrent next version loses on the primary key). */
export async function getErrorFlag(tx: Tx, flagId: string): Promise<ErrorFlag | undefined> {
  if (!isUuid(flagId)) return undefined;
  const r = await tx.query<FlagRow>(LATEST('flag_id = $1::uuid'), [flagId]);
  return r.rows[0] && flagOf(r.rows[0]);
}

/** Every version of a report, oldest first. */
export async function errorFlagHistory(tx: Tx, flagId: string): Promise<ErrorFlag[]> {
  if (!isUuid(flagId)) return [];
  const r = await tx.query<FlagRow>(
    `SELECT f.*, first.recorded_at AS flagged_at FROM error_flag f
       JOIN error_flag first ON first.client_key = f.client_key AND first.flag_id = f.flag_id AND first.version = 1
      WHERE f.flag_id = $1::uuid ORDER BY f.version`,
    [flagId],
  );
  return r.rows.map(flagOf);
}

/** The subject's reports on documents the viewer may see today (the visibility filter, in SQL). */
export async function listCitizenErrorFlags(
  tx: Tx,
  subject: ClientKey,
  visible: VisibilityPredicate,
): Promise<ErrorFlag[]> {
  if (!isUuid(subject)) return [];
  const params: unknown[] = [subject];
  const vis = visibilityToSql(visible, CITIZEN_VISIBILITY_COLUMNS, params);
  const r = await tx.query<FlagRow>(
    `SELECT x.* FROM (${LATEST('client_key = $1::uuid')}) x
       JOIN document_locator l ON l.set_id = x.set_id
       JOIN document_current c ON c.client_key = l.owner_client_key AND c.set_id = l.set_id
      WHERE ${vis}
      ORDER BY x.flagged_at DESC, x.flag_id`,
    params,
  );
  return r.rows.map(flagOf);
}

/**
 * Reports addressed to the given service units whose document the professional may read (the
 * access filter, compiled as in a search), newest first; optionally only those of some statuses.
 */
export async function listUnitErrorFlags(
  tx: Tx,
  q: { unitOids: readonly string[]; access: Predicate; statuses?: readonly ErrorFlagStatus[]; limit: number },
): Promise<ErrorFlag[]> {
  if (q.unitOids.length === 0) return [];
  // Without a client the search's FROM is `document_current c`; the report leads to it by locator.
  const { where, params } = searchSql(q.access, { includeInvalidated: true });
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const units = p([...q.unitOids]);
  const statuses = q.statuses ? ` AND x.status = ANY(${p([...q.statuses])}::text[])` : '';
  const limit = p(Math.max(0, Math.min(q.limit, 1000)));
  const r = await tx.query<FlagRow>(
    `SELECT x.* FROM (${LATEST(`service_unit_oid = ANY(${units}::text[])`)}) x
       JOIN document_locator l ON l.set_id = x.set_id
       JOIN document_current c ON c.client_key = l.owner_client_key AND c.set_id = l.set_id
      WHERE ${where}${statuses}
      ORDER BY x.flagged_at DESC, x.flag_id
      LIMIT ${limit}`,
    params,
  );
  return r.rows.map(flagOf);
}
