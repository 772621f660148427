// The client's access log as the client sees it ("who handled my data"): every entry about the
// client across all registrars — professionals', the system's, and people acting for the client in
// the portal — newest first. The organization's view (audit-queries.ts `clientAccessLog`) is one
// registrar's scope; this one is the person's, and carries for each entry the facts the domain's
// disclosure rule (citizen/access-log.ts) needs: which of the entry's documents the viewer may see
// (the same compiled visibility filter as the document list), and whether the actor's unit did
// work that is never shown, and the relation the actor held to the client that day (the same SQL
// as the organization's view: relations-held.ts).
import type { HeldRelationKind } from '@varanto/domain/access';
import type { ClientKey } from '@varanto/domain/records';
import { type VisibilityPredicate, visibilityToSql } from '@varanto/domain/visibility';
import type { Tx } from './api.ts';
import { visibilityColumnsOf } from './citizen.ts';
import { strongestRelationHeld } from './relations-held.ts';
import { isUuid, opt } from './sql.ts';

const TIME = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type LogActorKind = 'professional' | 'system' | 'anonymous' | 'citizen';

export interface CitizenLogQuery {
  subject: ClientKey;
  /** The viewer's visibility filter for today. */
  visible: VisibilityPredicate;
  /** Documents never shown in OmaKanta (citizen/access-log.ts `neverShownPredicate`). */
  neverShown: VisibilityPredicate;
  /** ISO instants, [from, to). */
  from?: string;
  to?: string;
  actorKinds?: readonly LogActorKind[];
  limit: number;
  offset: number;
  graceDays: number;
}

/** One entry with the facts for disclosure; nothing is withheld yet (the server applies the rule). */
export interface CitizenLogRow {
  chain: number;
  seq: number;
  at: string;
  actorKind: LogActorKind;
  actorId?: string;
  actorName?: string;
  role?: string;
  organization?: { oid: string; name?: string };
  serviceUnits: { oid: string; name?: string }[];
  action: string;
  outcome: 'allowed' | 'denied' | 'error';
  rule?: string;
  reason?: string;
  purpose?: string;
  /** The entry's documents the viewer may see now, with what identifies them. */
  shownDocuments: { setId: string; version: number; documentType: string; documentDate: string }[];
  /** How many of the entry's documents the viewer may not see. */
  hiddenDocuments: number;
  actorDidNeverShownWork: boolean;
  /**
   * The relation the professional held to the client that day, the strongest (HELD_RELATION_ORDER):
   * a care relation or a register usage right of their service unit.
   */
  careRelation?: { kind: HeldRelationKind; purpose?: string };
}

interface Row {
  chain: number;
  seq: string;
  at: string;
  actor_kind: LogActorKind;
  actor_id: string | null;
  actor_name: string | null;
  role: string | null;
  organization_oid: string | null;
  organization_name: string | null;
  units: { oid: string; name: string | null }[] | null;
  action: string;
  outcome: CitizenLogRow['outcome'];
  rule: string | null;
  reason: string | null;
  purpose: string | null;
  shown: { setId: string; version: number; documentType: string; documentDate: string }[];
  hidden: number;
  never_shown_work: boolean;
  relation_kind: HeldRelationKind | null;
  relation_purpose: string | null;
  total: number;
}

/** A page of the subject's log, newest first, with the total of the filtered entries. */
export async function citizenAccessLog(
  tx: Tx,
  q: CitizenLogQuery,
): Promise<{ items: CitizenLogRow[]; total: number }> {
  if (!isUuid(q.subject)) return { items: [], total: 0 };
  const params: unknown[] = [q.subject];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['e.client_key = $1::uuid'];
  if (q.from !== undefined) where.push(`e.recorded_at >= ${p(q.from)}::timestamptz`);
  if (q.to !== undefined) where.push(`e.recorded_at < ${p(q.to)}::timestamptz`);
  if (q.actorKinds !== undefined) where.push(`e.actor_kind = ANY(${p([...q.actorKinds])}::text[])`);
  const visible = visibilityToSql(q.visible, visibilityColumnsOf('c'), params);
  const never = visibilityToSql(q.neverShown, visibilityColumnsOf('c2'), params);
  const relation = strongestRelationHeld('e', p(q.graceDays), p);
  const limit = p(Math.max(0, Math.min(q.limit, 10_000)));
  const offset = p(Math.max(0, q.offset));
  const r = await tx.query<Row>(
    `WITH never_units AS (
       SELECT coalesce(array_agg(DISTINCT c2.service_unit_oid), '{}') AS units
         FROM document_client dc2
         JOIN document_current c2 ON c2.client_key = dc2.owner_client_key AND c2.set_id = dc2.set_id
        WHERE dc2.client_key = $1::uuid AND ${never}
     ), page AS (
       SELECT e.*, count(*) OVER ()::int AS total FROM audit_entry e
        WHERE ${where.join(' AND ')}
        ORDER BY e.recorded_at DESC, e.chain, e.seq DESC
        LIMIT ${limit} OFFSET ${offset}
     )
     SELECT e.chain, e.seq, ${TIME('e.recorded_at')} AS at, e.actor_kind, e.actor_id, e.actor_name, e.role,
            e.organization_oid, o.name AS organization_name,
            (SELECT jsonb_agg(jsonb_build_object('oid', u.oid, 'name', su.name_fi) ORDER BY u.n)
               FROM unnest(e.service_unit_oids) WITH ORDINALITY AS u(oid, n)
               LEFT JOIN service_unit su ON su.oid = u.oid) AS units,
            e.action, e.outcome, e.rule, e.reason, e.purpose, docs.shown, docs.hidden,
            (e.actor_kind = 'professional' AND coalesce(e.service_unit_oids && (SELECT units FROM never_units), false))
              AS never_shown_work,
            rel.kind AS relation_kind, rel.purpose AS relation_purpose, e.total
       FROM page e
       LEFT JOIN organization o ON o.oid = e.organization_oid
       LEFT JOIN LATERAL (
         SELECT coalesce(jsonb_agg(jsonb_build_object('setId', v.set_id, 'version', v.version,
                                                      'documentType', v.document_type, 'documentDate', v.document_date)
                                   ORDER BY v.ord) FILTER (WHERE v.visible), '[]') AS shown,
                count(*) FILTER (WHERE NOT v.visible)::int AS hidden
           FROM (SELECT x.ord, x.d->>'setId' AS set_id,
                        CASE WHEN jsonb_typeof(x.d->'version') = 'number' THEN (x.d->>'version')::int END AS version,
                        c.document_type, c.document_date::text AS document_date,
                        (c.set_id IS NOT NULL AND ${visible}) AS visible
                   FROM jsonb_array_elements(e.documents) WITH ORDINALITY AS x(d, ord)
                   -- Lateral with LIMIT (never flattened into a join), so that each named document is
                   -- one index lookup whatever the planner guesses of the array's length.
                   LEFT JOIN LATERAL (
                     SELECT c.* FROM document_locator l
                       JOIN document_current c ON c.client_key = l.owner_client_key AND c.set_id = l.set_id
                      WHERE l.set_id = x.d->>'setId' LIMIT 1) c ON true) v
       ) docs ON true
       LEFT JOIN LATERAL ${relation} rel ON true
      ORDER BY e.recorded_at DESC, e.chain, e.seq DESC`,
    params,
  );
  const first = r.rows[0];
  let total = first?.total ?? 0;
  if (!first && q.offset > 0) {
    const n = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entry e WHERE ${where.join(' AND ')}`,
      params.slice(
        0,
        1 + (q.from !== undefined ? 1 : 0) + (q.to !== undefined ? 1 : 0) + (q.actorKinds ? 1 : 0),
      ),
    );
    total = n.rows[0]?.n ?? 0;
  }
  return { items: r.rows.map(rowOf), total };
}

function rowOf(r: Row): CitizenLogRow {
  return {
    chain: r.chain,
    seq: Number(r.seq),
    at: r.at,
    actorKind: r.actor_kind,
    ...opt('actorId', r.actor_id),
    ...opt('actorName', r.actor_name),
    ...opt('role', r.role),
    ...(r.organization_oid !== null
      ? { organization: { oid: r.organization_oid, ...opt('name', r.organization_name) } }
      : {}),
    serviceUnits: (r.units ?? []).map((u) => ({ oid: u.oid, ...opt('name', u.name) })),
    action: r.action,
    outcome: r.outcome,
    ...opt('rule', r.rule),
    ...opt('reason', r.reason),
    ...opt('purpose', r.purpose),
    shownDocuments: r.shown.filter((d) => typeof d.version === 'number'),
    // A document named with a malformed version is not identified either.
    hiddenDocuments: r.hidden + r.shown.filter((d) => typeof d.version !== 'number').length,
    actorDidNeverShownWork: r.never_shown_work,
    ...(r.relation_kind !== null
      ? { careRelation: { kind: r.relation_kind, ...opt('purpose', r.relation_purpose) } }
      : {}),
  };
}
