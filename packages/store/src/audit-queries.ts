// Reading the access log outward: one client's log within one registrar's scope (asiakastietolaki
// 11 §), and the aggregations behind the misuse reports. Each is one SQL statement (two for a page
// and its total); what counts as opening a client, what justifies it and which rows make a finding
// are the domain's (access/audit-log.ts), passed in as parameters and applied to the rows returned.

import {
  CLIENT_DECLARATION_ACTIONS,
  CLIENT_LOOKUP_ACTIONS,
  CLIENT_READ_ACTIONS,
  CLIENT_WRITE_ACTIONS,
  DECLARED_RELATION_KINDS,
  type HeldRelationKind,
  type LookupsRow,
  type OpeningsRow,
  PURPOSE_EXEMPT_ROLES,
  type ReportedUser,
  WORK_RELATION_KINDS,
} from '@varanto/domain/access';
import type { Tx } from './api.ts';
import { ACCESS_DAY, RELATIONS_HELD, strongestRelationHeld } from './relations-held.ts';
import { isUuid, opt } from './sql.ts';

const TIME = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Whether an entry belongs to a registrar's log: its actor worked for the registrar, or it touched
 * a document of the registrar's register (a producer's staff working in the organizer's register).
 */
const IN_REGISTRAR_SCOPE = (
  e: string,
  registrar: string,
) => `(${e}.organization_oid = ${registrar} OR EXISTS (
  SELECT 1 FROM jsonb_array_elements(${e}.documents) d
    JOIN document_locator l ON l.set_id = d->>'setId'
    JOIN document_current c ON c.client_key = l.owner_client_key AND c.set_id = l.set_id
   WHERE c.registrar_oid = ${registrar}))`;

/** Is the client one of the registrar's: a clienthood, a document, or its staff's work in the log. */
export async function clientInRegistrarScope(
  tx: Tx,
  clientKey: string,
  registrarOid: string,
): Promise<boolean> {
  if (!isUuid(clientKey)) return false;
  const r = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM person_current WHERE client_key = $1)
        AND (EXISTS (SELECT 1 FROM clienthood WHERE client_key = $1 AND registrar_oid = $2)
          OR EXISTS (SELECT 1 FROM document_client dc
                       JOIN document_current c ON c.client_key = dc.owner_client_key AND c.set_id = dc.set_id
                      WHERE dc.client_key = $1 AND c.registrar_oid = $2)
          OR EXISTS (SELECT 1 FROM audit_entry
                      WHERE client_key = $1 AND organization_oid = $2 AND action = ANY($3))) AS found`,
    [
      clientKey,
      registrarOid,
      [...CLIENT_READ_ACTIONS, ...CLIENT_WRITE_ACTIONS, ...CLIENT_DECLARATION_ACTIONS],
    ],
  );
  return r.rows[0]?.found === true;
}

export interface AccessLogQuery {
  clientKey: string;
  registrarOid: string;
  /** ISO instants, [from, to). */
  from?: string;
  to?: string;
  /** Only these actions; all when absent. */
  actions?: readonly string[];
  limit: number;
  offset: number;
  /** Days an ended relation still counts (the access policy's grace period). */
  graceDays: number;
}

export interface AccessLogEntry {
  /** The entry's place in its hash chain, so it can be checked against `varanto verify`. */
  chain: number;
  seq: number;
  at: string;
  actor: {
    kind: 'professional' | 'system' | 'anonymous' | 'citizen';
    professionalId?: string;
    login?: string;
    name?: string;
    role?: string;
  };
  organization?: { oid: string; name?: string };
  serviceUnits: { oid: string; name?: string }[];
  strongAuth?: boolean;
  action: string;
  outcome: 'allowed' | 'denied' | 'error';
  rule?: string;
  reason?: string;
  purpose?: string;
  documents: { setId: string; version: number }[];
  /**
   * The relation the professional held to the client that day, the strongest (HELD_RELATION_ORDER):
   * a care relation or a register usage right of their service unit.
   */
  careRelation?: { kind: HeldRelationKind; purpose?: string };
}

interface LogRow {
  chain: number;
  seq: string;
  at: string;
  actor_kind: AccessLogEntry['actor']['kind'];
  actor_id: string | null;
  actor_login: string | null;
  actor_name: string | null;
  role: string | null;
  organization_oid: string | null;
  organization_name: string | null;
  units: { oid: string; name: string | null }[] | null;
  strong_auth: boolean | null;
  action: string;
  outcome: AccessLogEntry['outcome'];
  rule: string | null;
  reason: string | null;
  purpose: string | null;
  documents: { setId: string; version: number }[];
  relation_kind: HeldRelationKind | null;
  relation_purpose: string | null;
}

/** One page of a client's log within a registrar's scope, newest first, and the total. */
export async function clientAccessLog(
  tx: Tx,
  q: AccessLogQuery,
): Promise<{ items: AccessLogEntry[]; total: number }> {
  if (!isUuid(q.clientKey)) return { items: [], total: 0 };
  const params: unknown[] = [q.clientKey, q.registrarOid];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['e.client_key = $1::uuid', IN_REGISTRAR_SCOPE('e', '$2')];
  if (q.from !== undefined) where.push(`e.recorded_at >= ${p(q.from)}::timestamptz`);
  if (q.to !== undefined) where.push(`e.recorded_at < ${p(q.to)}::timestamptz`);
  if (q.actions !== undefined) where.push(`e.action = ANY(${p([...q.actions])}::text[])`);
  const filter = where.join(' AND ');
  const total = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_entry e WHERE ${filter}`,
    params,
  );
  const relation = strongestRelationHeld('e', p(q.graceDays), p);
  const limit = p(Math.max(0, Math.min(q.limit, 10_000)));
  const offset = p(Math.max(0, q.offset));
  const rows = await tx.query<LogRow>(
    `SELECT e.chain, e.seq, ${TIME('e.recorded_at')} AS at, e.actor_kind, e.actor_id, e.actor_login, e.actor_name,
            e.role, e.organization_oid, o.name AS organization_name,
            (SELECT jsonb_agg(jsonb_build_object('oid', u.oid, 'name', su.name_fi) ORDER BY u.n)
               FROM unnest(e.service_unit_oids) WITH ORDINALITY AS u(oid, n)
               LEFT JOIN service_unit su ON su.oid = u.oid) AS units,
            e.strong_auth, e.action, e.outcome, e.rule, e.reason, e.purpose, e.documents,
            rel.kind AS relation_kind, rel.purpose AS relation_purpose
       FROM audit_entry e
       LEFT JOIN organization o ON o.oid = e.organization_oid
       LEFT JOIN LATERAL ${relation} rel ON true
      WHERE ${filter}
      ORDER BY e.recorded_at DESC, e.chain, e.seq DESC
      LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return { items: rows.rows.map(logEntryOf), total: total.rows[0]?.n ?? 0 };
}

function logEntryOf(r: LogRow): AccessLogEntry {
  return {
    chain: r.chain,
    seq: Number(r.seq),
    at: r.at,
    actor: {
      kind: r.actor_kind,
      ...opt('professionalId', r.actor_id),
      ...opt('login', r.actor_login),
      ...opt('name', r.actor_name),
      ...opt('role', r.role),
    },
    ...(r.organization_oid !== null
      ? { organization: { oid: r.organization_oid, ...opt('name', r.organization_name) } }
      : {}),
    serviceUnits: (r.units ?? []).map((u) => ({ oid: u.oid, ...opt('name', u.name) })),
    ...opt('strongAuth', r.strong_auth),
    action: r.action,
    outcome: r.outcome,
    ...opt('rule', r.rule),
    ...opt('reason', r.reason),
    ...opt('purpose', r.purpose),
    documents: r.documents.map((d) => ({ setId: d.setId, version: d.version })),
    ...(r.relation_kind !== null
      ? { careRelation: { kind: r.relation_kind, ...opt('purpose', r.relation_purpose) } }
      : {}),
  };
}

export interface MisuseQuery {
  /** Whose staff: entries of professionals logged in for this organization. */
  organizationOid: string;
  /** ISO instants, [from, to); windows of `windowDays` are counted from `from`. */
  from: string;
  to: string;
  windowDays: number;
  graceDays: number;
}

interface UserCols {
  actor_id: string;
  actor_login: string | null;
  actor_name: string | null;
  role: string | null;
}

function userOf(r: UserCols): ReportedUser {
  return {
    professionalId: r.actor_id,
    ...opt('login', r.actor_login),
    ...opt('name', r.actor_name),
    ...opt('role', r.role),
  };
}

/** The window index of an entry, from the period start. */
const WINDOW = (col: string, from: string, days: string) =>
  `floor(extract(epoch FROM (${col} - ${from}::timestamptz)) / (${days}::int * 86400))::int`;

/** A user's name as of their last entry in the group. */
const LAST = (col: string) => `(array_agg(${col} ORDER BY recorded_at DESC))[1]`;

/**
 * (a) Per user and window: the distinct clients they opened, and those none of whose openings had
 * a work relation (or, for an archivist, a stated purpose). Only users with at least one such
 * client are returned; `findClientsWithoutRelation` decides which are findings.
 */
export async function openingsWithoutWorkRelation(
  tx: Tx,
  q: MisuseQuery & { sample?: number },
): Promise<OpeningsRow[]> {
  const r = await tx.query<
    UserCols & {
      win: number;
      clients: number;
      without_work: number;
      reason_only: number;
      denied: number;
      client_keys: string[];
    }
  >(
    `WITH opening AS (
       SELECT e.actor_id, e.actor_login, e.actor_name, e.role, e.client_key, e.outcome, e.recorded_at,
              e.service_unit_oids, ${WINDOW('e.recorded_at', '$2', '$4')} AS win, ${ACCESS_DAY('e.recorded_at')} AS day,
              (e.role = ANY($6) AND btrim(coalesce(e.purpose, '')) <> '') AS exempt
         FROM audit_entry e
        WHERE e.organization_oid = $1 AND e.actor_kind = 'professional' AND e.client_key IS NOT NULL
          AND e.recorded_at >= $2::timestamptz AND e.recorded_at < $3::timestamptz
          AND e.action = ANY($5) AND e.outcome IN ('allowed', 'denied')
     ), probe AS (
       -- A user opens the same client many times a day: the relations are looked up once per day.
       SELECT actor_id, win, client_key, day, service_unit_oids, bool_or(exempt) AS exempt,
              count(*) FILTER (WHERE outcome = 'denied') AS denied
         FROM opening GROUP BY actor_id, win, client_key, day, service_unit_oids
     ), basis AS (
       SELECT p.actor_id, p.win, p.client_key, p.denied, p.exempt OR rel.work AS justified, rel.declared
         FROM probe p
        CROSS JOIN LATERAL (
          SELECT coalesce(bool_or(h.kind = ANY($7)), false) AS work, coalesce(bool_or(h.kind = ANY($8)), false) AS declared
            FROM ${RELATIONS_HELD({ client: 'p.client_key', actor: 'p.actor_id', units: 'p.service_unit_oids', day: 'p.day', grace: '$9' })} h) rel
     ), pair AS (
       SELECT actor_id, win, client_key, bool_or(justified) AS justified, bool_or(declared) AS declared,
              sum(denied) AS denied
         FROM basis GROUP BY actor_id, win, client_key
     ), who AS (
       SELECT actor_id, win, ${LAST('actor_login')} AS actor_login, ${LAST('actor_name')} AS actor_name,
              ${LAST('role')} AS role
         FROM opening GROUP BY actor_id, win
     )
     SELECT p.actor_id, p.win, w.actor_login, w.actor_name, w.role,
            count(*)::int AS clients,
            count(*) FILTER (WHERE NOT p.justified)::int AS without_work,
            count(*) FILTER (WHERE NOT p.justified AND p.declared)::int AS reason_only,
            coalesce(sum(p.denied) FILTER (WHERE NOT p.justified), 0)::int AS denied,
            coalesce((array_agg(p.client_key::text ORDER BY p.client_key) FILTER (WHERE NOT p.justified))[1:$10::int],
                     '{}') AS client_keys
       FROM pair p JOIN who w ON w.actor_id = p.actor_id AND w.win = p.win
      GROUP BY p.actor_id, p.win, w.actor_login, w.actor_name, w.role
     HAVING count(*) FILTER (WHERE NOT p.justified) > 0
      ORDER BY without_work DESC, p.win, p.actor_id`,
    [
      q.organizationOid,
      q.from,
      q.to,
      q.windowDays,
      [...CLIENT_READ_ACTIONS],
      [...PURPOSE_EXEMPT_ROLES],
      [...WORK_RELATION_KINDS],
      [...DECLARED_RELATION_KINDS],
      q.graceDays,
      q.sample ?? 100,
    ],
  );
  return r.rows.map((x) => ({
    user: userOf(x),
    window: x.win,
    clients: x.clients,
    clientsWithoutWorkRelation: x.without_work,
    clientsWithRecordedReasonOnly: x.reason_only,
    deniedOpenings: x.denied,
    clientKeys: x.client_keys,
  }));
}

/**
 * (b) Per user, client and window: lookups of the client (merging those closer than `gapMinutes`),
 * all reads and the records written. Rows with fewer than `minLookups` lookups cannot be findings
 * and are left in the database; `findRepeatedLookups` decides on the rest.
 */
export async function repeatedClientLookups(
  tx: Tx,
  q: MisuseQuery & { gapMinutes: number; minLookups: number },
): Promise<LookupsRow[]> {
  const r = await tx.query<
    UserCols & {
      win: number;
      client_key: string;
      lookups: number;
      reads: number;
      writes: number;
      denied: number;
      first_at: string;
      last_at: string;
    }
  >(
    `WITH ev AS (
       SELECT e.actor_id, e.actor_login, e.actor_name, e.role, e.client_key, e.outcome, e.recorded_at,
              ${WINDOW('e.recorded_at', '$2', '$4')} AS win,
              e.action = ANY($5) AS lookup, e.action = ANY($6) AS is_read, e.action = ANY($7) AS is_write
         FROM audit_entry e
        WHERE e.organization_oid = $1 AND e.actor_kind = 'professional' AND e.client_key IS NOT NULL
          AND e.recorded_at >= $2::timestamptz AND e.recorded_at < $3::timestamptz
          AND (e.action = ANY($6) OR e.action = ANY($7)) AND e.outcome IN ('allowed', 'denied')
     ), marked AS (
       SELECT ev.*,
              lookup AND coalesce(recorded_at - lag(recorded_at) OVER (
                PARTITION BY actor_id, client_key, win, lookup ORDER BY recorded_at) >= make_interval(mins => $8::int),
                true) AS new_lookup
         FROM ev
     )
     SELECT actor_id, win, client_key::text AS client_key, ${LAST('actor_login')} AS actor_login,
            ${LAST('actor_name')} AS actor_name, ${LAST('role')} AS role,
            count(*) FILTER (WHERE new_lookup)::int AS lookups,
            count(*) FILTER (WHERE is_read)::int AS reads,
            count(*) FILTER (WHERE is_write AND outcome = 'allowed')::int AS writes,
            count(*) FILTER (WHERE is_read AND outcome = 'denied')::int AS denied,
            ${TIME('min(recorded_at) FILTER (WHERE is_read)')} AS first_at,
            ${TIME('max(recorded_at) FILTER (WHERE is_read)')} AS last_at
       FROM marked
      GROUP BY actor_id, win, client_key
     HAVING count(*) FILTER (WHERE new_lookup) >= $9
      ORDER BY lookups DESC, win, actor_id, client_key`,
    [
      q.organizationOid,
      q.from,
      q.to,
      q.windowDays,
      [...CLIENT_LOOKUP_ACTIONS],
      [...CLIENT_READ_ACTIONS],
      [...CLIENT_WRITE_ACTIONS],
      q.gapMinutes,
      q.minLookups,
    ],
  );
  return r.rows.map((x) => ({
    user: userOf(x),
    window: x.win,
    clientKey: x.client_key,
    lookups: x.lookups,
    reads: x.reads,
    writes: x.writes,
    denied: x.denied,
    firstAt: x.first_at,
    lastAt: x.last_at,
  }));
}
