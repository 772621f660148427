// The relation a professional held to a client on the day of a logged access, in SQL: what the
// organization's misuse reports and the client's access log (audit-queries.ts) and the citizen's
// own log (citizen-log.ts) all name, so that they cannot disagree. The domain's `relationsHeld`
// (access/audit-log.ts) is the reference; audit-queries.test.ts compares the two on random worlds.

import { HELD_RELATION_ORDER } from '@varanto/domain/access';

/** The calendar day of an access, as relations and rights are dated: the Finnish date. */
export const ACCESS_DAY = (col: string) => `(${col} AT TIME ZONE 'Europe/Helsinki')::date`;

/**
 * The relations a professional held to a client on a day, as rows (kind, purpose, start_date): the
 * care relations held by them or by one of their service units, in force within the grace period,
 * and the register usage rights of those units as kind 'usage_right', in force that day with no
 * grace (the policy's `register_usage_right`: the end date is final).
 */
export const RELATIONS_HELD = (h: {
  client: string;
  actor: string;
  units: string;
  day: string;
  grace: string;
}) => `(
  SELECT r.kind, r.purpose, r.start_date FROM care_relation r
   WHERE r.client_key = ${h.client}
     AND (r.professional_id = ${h.actor} OR r.service_unit_oid = ANY(${h.units}))
     AND r.start_date <= ${h.day} AND (r.end_date IS NULL OR r.end_date >= ${h.day} - ${h.grace}::int)
  UNION ALL
  SELECT 'usage_right'::text, NULL::text, ur.start_date FROM register_usage_right ur
   WHERE ur.client_key = ${h.client} AND ur.service_unit_oid = ANY(${h.units})
     AND ur.start_date <= ${h.day} AND (ur.end_date IS NULL OR ur.end_date >= ${h.day}))`;

/**
 * A LATERAL subquery giving the strongest relation (kind, purpose; HELD_RELATION_ORDER, then the
 * latest) that the professional of audit entry `e` (an alias with audit_entry's columns) held to
 * the entry's client on the day of the entry; no row for other actors. `p` adds a parameter and
 * returns its placeholder.
 */
export function strongestRelationHeld(e: string, grace: string, p: (v: unknown) => string): string {
  const order = p([...HELD_RELATION_ORDER]);
  const day = ACCESS_DAY(`${e}.recorded_at`);
  return `(
         SELECT h.kind, h.purpose
           FROM ${RELATIONS_HELD({ client: `${e}.client_key`, actor: `${e}.actor_id`, units: `${e}.service_unit_oids`, day, grace })} h
          WHERE ${e}.actor_kind = 'professional'
          ORDER BY array_position(${order}::text[], h.kind), h.start_date DESC
          LIMIT 1)`;
}
