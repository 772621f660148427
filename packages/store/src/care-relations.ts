// The care relation projection (asiayhteys) and the facts the access policy reads about a client.
// Relations derived from clienthoods and cases are rewritten in the same transaction as the
// document they come from, so a search's EXISTS and a single get's `decideAccess` see the same
// relations; recorded first-contact reasons are rows of their own.
import type { CareRelationFact, CareRelationKind, ClientFacts, UsageRightFact } from '@varanto/domain/access';
import type { ClientKey } from '@varanto/domain/records';
import type { Clienthood, Tx } from './api.ts';
import { isUuid, opt } from './sql.ts';

/**
 * Keeps the personal worker's relation in step with the clienthood. The worker's relation runs
 * from the clienthood's start (or from the day the worker was named) until the worker is replaced
 * or the clienthood ends, so a replaced worker keeps the ended relation's grace period.
 */
export async function projectPersonalWorker(tx: Tx, c: Clienthood, changedOn: string): Promise<void> {
  const open = (
    await tx.query<{ relation_id: string; professional_id: string; start_date: string }>(
      `SELECT relation_id, professional_id, start_date FROM care_relation
        WHERE client_key = $1 AND kind = 'personal_worker' AND source = $2 AND end_date IS NULL
        FOR UPDATE`,
      [c.clientKey, c.clienthoodOid],
    )
  ).rows[0];
  const ended = c.ended ?? null;
  if (open && open.professional_id === c.personalWorkerId) {
    await tx.query(
      'UPDATE care_relation SET end_date = $3, registrar_oid = $4 WHERE client_key = $1 AND relation_id = $2',
      [c.clientKey, open.relation_id, ended, c.registrarOid],
    );
    return;
  }
  let start = c.started;
  if (open) {
    // The change cannot predate the replaced worker's own start.
    const end = changedOn < open.start_date ? open.start_date : changedOn;
    await tx.query('UPDATE care_relation SET end_date = $3 WHERE client_key = $1 AND relation_id = $2', [
      c.clientKey,
      open.relation_id,
      end,
    ]);
    start = end;
  }
  if (c.personalWorkerId === undefined) return;
  await tx.query(
    `INSERT INTO care_relation (client_key, registrar_oid, kind, professional_id, start_date, end_date, source)
     VALUES ($1, $2, 'personal_worker', $3, $4, $5, $6)`,
    [
      c.clientKey,
      c.registrarOid,
      c.personalWorkerId,
      start,
      ended !== null && ended < start ? start : ended,
      c.clienthoodOid,
    ],
  );
}

/**
 * Rewrites the relations a case gives: every member (owner included) is related to the case's
 * service unit from joining until leaving or the case's end.
 */
export async function projectCaseRelations(tx: Tx, caseOid: string): Promise<void> {
  await tx.query("DELETE FROM care_relation WHERE source = $1 AND kind = 'case'", [caseOid]);
  await tx.query(
    `INSERT INTO care_relation (client_key, registrar_oid, kind, service_unit_oid, service_task, start_date, end_date,
                                source)
     SELECT m.client_key, cc.registrar_oid, 'case', cc.service_unit_oid, cc.service_task, m.joined_at,
            CASE WHEN m.left_at IS NULL THEN cc.ended
                 WHEN cc.ended IS NULL THEN m.left_at
                 ELSE LEAST(m.left_at, cc.ended) END,
            cc.case_oid
       FROM case_locator l
       JOIN care_case cc ON cc.client_key = l.owner_client_key AND cc.case_oid = l.case_oid
       JOIN case_member m ON m.case_oid = l.case_oid
      WHERE l.case_oid = $1 AND cc.service_unit_oid IS NOT NULL`,
    [caseOid],
  );
}

export interface RecordedReason {
  readonly clientKey: ClientKey;
  readonly registrarOid: string;
  readonly professionalId: string;
  readonly purpose: string;
  readonly serviceTask?: string;
  /** The day of the first contact; the relation holds that day (plus the grace period). */
  readonly date: string;
}

/** A first-contact reason: a relation held by the professional for one day, with its purpose. */
export async function recordCareReason(tx: Tx, r: RecordedReason): Promise<void> {
  if (r.purpose.trim() === '') throw new Error('a recorded care relation needs a purpose');
  await tx.query(
    `INSERT INTO care_relation (client_key, registrar_oid, kind, professional_id, start_date, end_date, purpose,
                                service_task)
     VALUES ($1, $2, 'recorded_reason', $3, $4, $4, $5, $6)`,
    [r.clientKey, r.registrarOid, r.professionalId, r.date, r.purpose, r.serviceTask ?? null],
  );
}

export interface TaskRow {
  registrar_oid: string;
  service_task: string;
  start_date: string;
  end_date: string | null;
}

export interface RightRow {
  registrar_oid: string;
  service_task: string;
  service_unit_oid: string;
  start_date: string;
  end_date: string | null;
  broad: boolean;
}

export interface RelationRow {
  kind: CareRelationKind;
  registrar_oid: string;
  professional_id: string | null;
  service_unit_oid: string | null;
  start_date: string;
  end_date: string | null;
  purpose: string | null;
}

/** Everything the access rules need to know about one client, from the same rows the SQL filter reads. */
export async function loadClientFacts(tx: Tx, clientKey: ClientKey): Promise<ClientFacts> {
  if (!isUuid(clientKey)) return { serviceTasks: [], careRelations: [], usageRights: [] };
  // One round trip for the three kinds of facts: every access decision on a document reads them.
  // Broadness is the organizer's (it does not handle the case itself), read where the SQL leaf reads it.
  const r = await tx.query<FactsRow>({
    name: 'varanto_load_client_facts',
    text: `SELECT ${clientFactsColumns('$1')}`,
    values: [clientKey],
  });
  return factsOf(r.rows[0]);
}

export interface FactsRow {
  tasks: TaskRow[] | null;
  relations: RelationRow[] | null;
  rights: RightRow[] | null;
}

/** The select list of a client's facts (`tasks`, `relations`, `rights`) for the client `key` (SQL). */
export function clientFactsColumns(key: string): string {
  return `
      (SELECT json_agg(json_build_object('registrar_oid', ch.registrar_oid, 'service_task', st.service_task,
                                         'start_date', st.start_date, 'end_date', st.end_date)
                       ORDER BY st.start_date, st.service_task)
         FROM clienthood_service_task st
         JOIN clienthood ch ON ch.client_key = st.client_key AND ch.clienthood_oid = st.clienthood_oid
        WHERE st.client_key = ${key}) AS tasks,
      (SELECT json_agg(json_build_object('kind', kind, 'registrar_oid', registrar_oid,
                                         'professional_id', professional_id, 'service_unit_oid', service_unit_oid,
                                         'start_date', start_date, 'end_date', end_date, 'purpose', purpose)
                       ORDER BY start_date, relation_id)
         FROM care_relation WHERE client_key = ${key}) AS relations,
      (SELECT json_agg(json_build_object('registrar_oid', ur.registrar_oid, 'service_task', ur.service_task,
                                         'service_unit_oid', ur.service_unit_oid, 'start_date', ur.start_date,
                                         'end_date', ur.end_date, 'broad', COALESCE(o.broad_usage_rights, false))
                       ORDER BY ur.start_date, ur.service_task, ur.service_unit_oid)
         FROM register_usage_right ur LEFT JOIN organization o ON o.oid = ur.registrar_oid
        WHERE ur.client_key = ${key}) AS rights`;
}

export function factsOf(row: FactsRow | undefined): ClientFacts {
  return {
    serviceTasks: (row?.tasks ?? []).map((t) => ({
      registrarOid: t.registrar_oid,
      serviceTask: t.service_task,
      start: t.start_date,
      ...opt('end', t.end_date),
    })),
    careRelations: (row?.relations ?? []).map(
      (x): CareRelationFact => ({
        kind: x.kind,
        registrarOid: x.registrar_oid,
        ...opt('professionalId', x.professional_id),
        ...opt('serviceUnitOid', x.service_unit_oid),
        start: x.start_date,
        ...opt('end', x.end_date),
        ...opt('purpose', x.purpose),
      }),
    ),
    usageRights: (row?.rights ?? []).map(
      (x): UsageRightFact => ({
        registrarOid: x.registrar_oid,
        serviceTask: x.service_task,
        serviceUnitOid: x.service_unit_oid,
        start: x.start_date,
        ...opt('end', x.end_date),
        ...(x.broad ? { broad: true } : {}),
      }),
    ),
  };
}
