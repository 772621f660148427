// Projections of clienthood and case documents, for access decisions and lists. The documents
// themselves are stored with insertDocumentVersion; these rows are derivable from them and are
// replaced whenever a newer version of the clienthood or case document is stored.
import type { ClientKey } from '@varanto/domain/records';
import type { Case, CaseMember, CaseWithOwner, Clienthood, Tx } from './api.ts';
import { projectCaseRelations, projectPersonalWorker } from './care-relations.ts';
import { isUuid, opt } from './sql.ts';

export interface ClienthoodRow {
  client_key: string;
  clienthood_oid: string;
  registrar_oid: string;
  register_id: string;
  set_id: string;
  version: number;
  started: string;
  ended: string | null;
  personal_worker_id: string | null;
  service_tasks: { serviceTask: string; start: string; end: string | null }[] | null;
}

export const CLIENTHOOD_SELECT = `
  SELECT h.*, (SELECT json_agg(json_build_object('serviceTask', t.service_task, 'start', t.start_date,
                                                 'end', t.end_date) ORDER BY t.start_date, t.service_task)
                 FROM clienthood_service_task t
                WHERE t.client_key = h.client_key AND t.clienthood_oid = h.clienthood_oid) AS service_tasks
    FROM clienthood h`;

export function clienthoodOf(r: ClienthoodRow): Clienthood {
  return {
    clientKey: r.client_key,
    clienthoodOid: r.clienthood_oid,
    registrarOid: r.registrar_oid,
    registerId: r.register_id,
    setId: r.set_id,
    version: r.version,
    started: r.started,
    ...opt('ended', r.ended),
    serviceTasks: (r.service_tasks ?? []).map((t) => ({
      serviceTask: t.serviceTask,
      start: t.start,
      ...opt('end', t.end),
    })),
    ...opt('personalWorkerId', r.personal_worker_id),
  };
}

/**
 * Replaces the projection of one clienthood. A version older than the one projected is ignored,
 * so replaying documents out of order cannot roll the projection back. `changedOn` dates a change
 * of personal worker (default: the database's current date).
 */
export async function recordClienthood(
  tx: Tx,
  c: Clienthood,
  opts: { changedOn?: string } = {},
): Promise<void> {
  const r = await tx.query(
    `INSERT INTO clienthood AS h (client_key, clienthood_oid, registrar_oid, register_id, set_id, version, started,
                                  ended, personal_worker_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (client_key, clienthood_oid) DO UPDATE SET
       registrar_oid = EXCLUDED.registrar_oid, register_id = EXCLUDED.register_id, set_id = EXCLUDED.set_id,
       version = EXCLUDED.version, started = EXCLUDED.started, ended = EXCLUDED.ended,
       personal_worker_id = EXCLUDED.personal_worker_id
     WHERE h.version <= EXCLUDED.version`,
    [
      c.clientKey,
      c.clienthoodOid,
      c.registrarOid,
      c.registerId,
      c.setId,
      c.version,
      c.started,
      c.ended ?? null,
      c.personalWorkerId ?? null,
    ],
  );
  if (r.rowCount === 0) return;
  await tx.query('DELETE FROM clienthood_service_task WHERE client_key = $1 AND clienthood_oid = $2', [
    c.clientKey,
    c.clienthoodOid,
  ]);
  if (c.serviceTasks.length) {
    await tx.query(
      `INSERT INTO clienthood_service_task (client_key, clienthood_oid, service_task, start_date, end_date)
       SELECT $1, $2, t.task, t.start_date, t.end_date
         FROM unnest($3::text[], $4::date[], $5::date[]) AS t(task, start_date, end_date)`,
      [
        c.clientKey,
        c.clienthoodOid,
        c.serviceTasks.map((t) => t.serviceTask),
        c.serviceTasks.map((t) => t.start),
        c.serviceTasks.map((t) => t.end ?? null),
      ],
    );
  }
  const changedOn =
    opts.changedOn ?? (await tx.query<{ d: string }>('SELECT current_date::text AS d')).rows[0]!.d;
  await projectPersonalWorker(tx, c, changedOn);
}

/** The client's clienthood with the registrar: the open one, else the latest started. */
export async function getClienthood(
  tx: Tx,
  clientKey: ClientKey,
  registrarOid: string,
): Promise<Clienthood | undefined> {
  if (!isUuid(clientKey)) return undefined;
  const r = await tx.query<ClienthoodRow>(
    `${CLIENTHOOD_SELECT}
      WHERE h.client_key = $1 AND h.registrar_oid = $2
      ORDER BY (h.ended IS NULL) DESC, h.started DESC LIMIT 1`,
    [clientKey, registrarOid],
  );
  return r.rows[0] && clienthoodOf(r.rows[0]);
}

export async function listClienthoods(tx: Tx, clientKey: ClientKey): Promise<Clienthood[]> {
  if (!isUuid(clientKey)) return [];
  const r = await tx.query<ClienthoodRow>(
    `${CLIENTHOOD_SELECT} WHERE h.client_key = $1 ORDER BY h.started DESC, h.clienthood_oid`,
    [clientKey],
  );
  return r.rows.map(clienthoodOf);
}

export interface CaseRow {
  client_key: string;
  case_oid: string;
  registrar_oid: string;
  service_task: string;
  state: string;
  opened: string;
  ended: string | null;
  shared: boolean;
  set_id: string;
  version: number;
  service_unit_oid: string | null;
  members: { clientKey: string; joinedAt: string; leftAt: string | null }[] | null;
}

export const CASE_SELECT = `
  SELECT cc.*, (SELECT json_agg(json_build_object('clientKey', m.client_key, 'joinedAt', m.joined_at,
                                                  'leftAt', m.left_at) ORDER BY m.joined_at, m.client_key)
                  FROM case_member m WHERE m.case_oid = cc.case_oid) AS members
    FROM care_case cc`;

export function caseOf(r: CaseRow): CaseWithOwner {
  return {
    ownerClientKey: r.client_key,
    caseOid: r.case_oid,
    registrarOid: r.registrar_oid,
    serviceTask: r.service_task,
    state: r.state,
    opened: r.opened,
    ...opt('ended', r.ended),
    shared: r.shared,
    members: (r.members ?? []).map(
      (m): CaseMember => ({ clientKey: m.clientKey, joinedAt: m.joinedAt, ...opt('leftAt', m.leftAt) }),
    ),
    setId: r.set_id,
    version: r.version,
    ...opt('serviceUnitOid', r.service_unit_oid),
  };
}

/**
 * Replaces the projection of a case and its members. The owner (whose rows hold the case) is
 * fixed when the case is first recorded: `ownerClientKey`, else the first member.
 */
export async function recordCase(tx: Tx, c: Case): Promise<CaseWithOwner> {
  const proposed = c.ownerClientKey ?? c.members[0]?.clientKey;
  if (!proposed || !isUuid(proposed)) throw new Error(`case ${c.caseOid} has no owner client`);
  await tx.query(
    'INSERT INTO case_locator (case_oid, owner_client_key) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [c.caseOid, proposed],
  );
  const owner = (
    await tx.query<{ owner_client_key: string }>(
      'SELECT owner_client_key FROM case_locator WHERE case_oid = $1',
      [c.caseOid],
    )
  ).rows[0]!.owner_client_key;
  const r = await tx.query(
    `INSERT INTO care_case AS cc (client_key, case_oid, registrar_oid, service_task, state, opened, ended, shared,
                                  set_id, version, service_unit_oid)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (client_key, case_oid) DO UPDATE SET
       registrar_oid = EXCLUDED.registrar_oid, service_task = EXCLUDED.service_task, state = EXCLUDED.state,
       opened = EXCLUDED.opened, ended = EXCLUDED.ended, shared = EXCLUDED.shared, set_id = EXCLUDED.set_id,
       version = EXCLUDED.version, service_unit_oid = COALESCE(EXCLUDED.service_unit_oid, cc.service_unit_oid)
     WHERE cc.version <= EXCLUDED.version`,
    [
      owner,
      c.caseOid,
      c.registrarOid,
      c.serviceTask,
      c.state,
      c.opened,
      c.ended ?? null,
      c.shared,
      c.setId,
      c.version,
      c.serviceUnitOid ?? null,
    ],
  );
  if (r.rowCount !== 0) {
    const keys = c.members.map((m) => m.clientKey);
    await tx.query('DELETE FROM case_member WHERE case_oid = $1 AND NOT (client_key = ANY($2::uuid[]))', [
      c.caseOid,
      keys,
    ]);
    if (keys.length) {
      await tx.query(
        `INSERT INTO case_member (client_key, case_oid, owner_client_key, joined_at, left_at)
         SELECT m.k, $2, $3, m.joined, m.left_at
           FROM unnest($1::uuid[], $4::date[], $5::date[]) AS m(k, joined, left_at)
         ON CONFLICT (client_key, case_oid) DO UPDATE SET joined_at = EXCLUDED.joined_at, left_at = EXCLUDED.left_at`,
        [keys, c.caseOid, owner, c.members.map((m) => m.joinedAt), c.members.map((m) => m.leftAt ?? null)],
      );
    }
    await projectCaseRelations(tx, c.caseOid);
  }
  return (await getCase(tx, c.caseOid))!;
}

export async function getCase(tx: Tx, caseOid: string): Promise<CaseWithOwner | undefined> {
  const r = await tx.query<CaseRow>(
    `${CASE_SELECT}
       JOIN case_locator l ON l.case_oid = $1 AND cc.client_key = l.owner_client_key
      WHERE cc.case_oid = $1`,
    [caseOid],
  );
  return r.rows[0] && caseOf(r.rows[0]);
}

/** Cases the client owns or is a member of (a shared case appears for every member). */
export async function listCases(tx: Tx, clientKey: ClientKey): Promise<CaseWithOwner[]> {
  if (!isUuid(clientKey)) return [];
  const r = await tx.query<CaseRow>(
    `${CASE_SELECT}
      WHERE (cc.client_key, cc.case_oid) IN (
              SELECT owner_client_key, case_oid FROM case_member WHERE client_key = $1
              UNION SELECT client_key, case_oid FROM care_case WHERE client_key = $1)
      ORDER BY cc.opened DESC, cc.case_oid`,
    [clientKey],
  );
  return r.rows.map(caseOf);
}
