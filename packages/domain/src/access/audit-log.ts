// The log turned outward: for one client, who handled their data, when, where and why
// (asiakastietolaki 703/2023 11 §), and for the organization's data protection officer, patterns of
// possible misuse. Who may read these is decided here; so is what counts as opening a client, what
// justifies it and when a pattern becomes a finding. The store aggregates in SQL with the constants
// below as parameters and these functions decide on the aggregated rows, so the rule is testable
// without a database.
import type { Actor, Role } from '../records/types.ts';
import type { CareRelationKind } from './facts.ts';
import { usageRightInForceOn } from './usage-rights.ts';

// --- who reads the log -------------------------------------------------------------------------

export type AuditLogView = 'client_access_log' | 'misuse_report';

/** Roles that read an organization's log: its data protection officer and its administrator. */
export const AUDIT_LOG_ROLES: readonly Role[] = ['data_protection_officer', 'admin'];

/** Shortest purpose accepted for reading the log: it must tell a later reader why. */
export const MIN_LOG_PURPOSE_LENGTH = 10;

export type AuditLogDecision =
  | { readonly effect: 'allow'; readonly rule: 'audit_log_reader' }
  | { readonly effect: 'deny'; readonly rule: string; readonly reason: string };

const deny = (rule: string, reason: string): AuditLogDecision => ({ effect: 'deny', rule, reason });

/**
 * Reading the log of a registrar (the entries about its register, by its staff): the data
 * protection officer or administrator of that very organization, with a strong login and a stated
 * purpose, because the log itself names clients. A registrar the actor merely has a usage right to
 * is not theirs to monitor. Rules in order; the first refusal decides.
 */
export function decideAuditLogRead(
  actor: Actor,
  _view: AuditLogView,
  scope: { readonly registrarOid: string },
  purpose: string | undefined,
): AuditLogDecision {
  if (!AUDIT_LOG_ROLES.includes(actor.role)) {
    return deny(
      'audit_log_role',
      "only the organization's data protection officer or administrator reads its access log",
    );
  }
  if (!actor.strongAuth) {
    return deny('strong_authentication', 'reading the access log requires a strong login (certificate card)');
  }
  if (scope.registrarOid !== actor.organizationOid) {
    return deny('audit_log_own_registrar', "the access log of another registrar is that registrar's to read");
  }
  if ((purpose ?? '').trim().length < MIN_LOG_PURPOSE_LENGTH) {
    return deny(
      'audit_log_purpose',
      `reading the access log requires a stated purpose (at least ${MIN_LOG_PURPOSE_LENGTH} characters)`,
    );
  }
  return { effect: 'allow', rule: 'audit_log_reader' };
}

// --- what the log's actions mean -----------------------------------------------------------------

/** Audited actions that read a client's data (or try to): each one "opens" the client. */
export const CLIENT_READ_ACTIONS = [
  'person.read',
  'person.search',
  'document.read',
  'document.versions',
  'document.search',
  'document.export',
  'document.render',
  'clienthood.read',
  'clienthood.list',
  'case.read',
  'case.list',
] as const;

/**
 * The reads that look a client up: fetching the person or finding them by identity code or name.
 * The rest of a visit to the client (their documents, clienthoods, cases) follows from one
 * lookup, so counting every read would make one visit look like many.
 */
export const CLIENT_LOOKUP_ACTIONS = ['person.read', 'person.search'] as const;

/** Audited actions that record something for a client. */
export const CLIENT_WRITE_ACTIONS = [
  'person.create',
  'document.store',
  'document.correct',
  'document.invalidate',
  'clienthood.open',
  'clienthood.add_service_task',
  'clienthood.end_service_task',
  'clienthood.set_personal_worker',
  'case.open',
  'case.add_member',
  'case.leave',
  'case.close',
] as const;

/**
 * Audited actions that declare a relation to a client (a first-contact reason): neither an opening
 * nor a record for the client, but the user's own work concerning them, so it brings the client
 * into the registrar's log. A declared reason does not silence the repeated-lookups finding.
 */
export const CLIENT_DECLARATION_ACTIONS = ['care_relation.record'] as const;

/**
 * What a user may hold to a client on a day, as the log names it: a care relation, or a register
 * usage right of one of their service units (`usage_right`): the producer's relation to the
 * organizer's client, which the access policy already treats as the producer's care relation.
 */
export type HeldRelationKind = CareRelationKind | 'usage_right';

/**
 * Relations that show the user works on the client's matter: an open case, being the personal
 * worker, or a register usage right of their service unit for the client.
 */
export const WORK_RELATION_KINDS: readonly HeldRelationKind[] = ['case', 'personal_worker', 'usage_right'];
/** A first-contact reason the user recorded themselves: a relation, but one they declared. */
export const DECLARED_RELATION_KINDS: readonly HeldRelationKind[] = ['recorded_reason'];
/** The order in which the client's access log names the relation held that day: strongest first. */
export const HELD_RELATION_ORDER: readonly HeldRelationKind[] = [
  'personal_worker',
  'case',
  'usage_right',
  'recorded_reason',
];
/** Roles whose register-wide reads are their job when they state a purpose (archivists). */
export const PURPOSE_EXEMPT_ROLES: readonly Role[] = ['archivist'];

/** What justified one opening of a client, as of the day it happened. */
export type OpeningBasis = 'work_relation' | 'recorded_reason' | 'stated_purpose' | 'none';

/** One opening (or other entry) of a client by a professional, as the log recorded it. */
export interface LoggedOpening {
  readonly clientKey: string;
  readonly professionalId: string;
  readonly serviceUnitOids: readonly string[];
  readonly role: string;
  readonly purpose?: string;
  /** Finnish calendar day of the access (ISO). */
  readonly day: string;
}

/** A care relation to a client, as recorded (projection `care_relation`). */
export interface LoggedRelation {
  readonly clientKey: string;
  readonly kind: CareRelationKind;
  readonly professionalId?: string;
  readonly serviceUnitOid?: string;
  readonly start: string;
  readonly end?: string;
}

/** A register usage right of a service unit for a client (projection `register_usage_right`). */
export interface LoggedUsageRight {
  readonly clientKey: string;
  readonly serviceUnitOid: string;
  readonly start: string;
  readonly end?: string;
}

/**
 * The kinds of relation the user held to the opened client on the day of the opening, strongest
 * first (HELD_RELATION_ORDER): care relations held by them or by a service unit they worked in, in
 * force within the grace period (`cutoff` = day − grace days), and register usage rights of those
 * units in force that day, from their start to their end date and no later: the access policy
 * (rule `register_usage_right`) gives a right no grace, the end date the organizer set in the
 * clienthood is final, and the log must not call work what the policy no longer allowed. A
 * relation or right in any register and any service task counts.
 */
export function relationsHeld(
  opening: LoggedOpening,
  relations: readonly LoggedRelation[],
  cutoff: string,
  usageRights: readonly LoggedUsageRight[] = [],
): HeldRelationKind[] {
  const inForce = (p: { start: string; end?: string }) =>
    p.start <= opening.day && (p.end === undefined || p.end >= cutoff);
  const kinds = new Set<HeldRelationKind>();
  for (const r of relations) {
    if (
      r.clientKey === opening.clientKey &&
      ((r.professionalId !== undefined && r.professionalId === opening.professionalId) ||
        (r.serviceUnitOid !== undefined && opening.serviceUnitOids.includes(r.serviceUnitOid))) &&
      inForce(r)
    ) {
      kinds.add(r.kind);
    }
  }
  if (
    usageRights.some(
      (u) =>
        u.clientKey === opening.clientKey &&
        opening.serviceUnitOids.includes(u.serviceUnitOid) &&
        usageRightInForceOn(u, opening.day),
    )
  ) {
    kinds.add('usage_right');
  }
  return HELD_RELATION_ORDER.filter((k) => kinds.has(k));
}

/** The basis of one opening, from the relations and usage rights the user held that day (relationsHeld). */
export function openingBasis(
  opening: LoggedOpening,
  relations: readonly LoggedRelation[],
  cutoff: string,
  usageRights: readonly LoggedUsageRight[] = [],
): OpeningBasis {
  const held = relationsHeld(opening, relations, cutoff, usageRights);
  if (held.some((k) => WORK_RELATION_KINDS.includes(k))) return 'work_relation';
  if (
    (PURPOSE_EXEMPT_ROLES as readonly string[]).includes(opening.role) &&
    (opening.purpose ?? '').trim() !== ''
  ) {
    return 'stated_purpose';
  }
  if (held.some((k) => DECLARED_RELATION_KINDS.includes(k))) return 'recorded_reason';
  return 'none';
}

// --- misuse reports ------------------------------------------------------------------------------

export interface MisuseThresholds {
  /** Length of each report window in days; the report period is cut into windows from its start. */
  readonly windowDays: number;
  /** Distinct clients opened in one window without a work relation that make a finding. */
  readonly clientsWithoutRelation: number;
  /** Lookups of one client in one window, with nothing recorded for them, that make a finding. */
  readonly repeatedLookups: number;
  /** Lookups of the same client closer than this (minutes) count as one; 0 counts each. */
  readonly lookupGapMinutes: number;
}

export const DEFAULT_MISUSE_THRESHOLDS: MisuseThresholds = {
  windowDays: 7,
  clientsWithoutRelation: 20,
  repeatedLookups: 5,
  lookupGapMinutes: 0,
};

/** Accepted ranges, inclusive; the API schema publishes the same. */
export const MISUSE_THRESHOLD_LIMITS: Readonly<Record<keyof MisuseThresholds, readonly [number, number]>> = {
  windowDays: [1, 92],
  clientsWithoutRelation: [1, 100_000],
  repeatedLookups: [2, 100_000],
  lookupGapMinutes: [0, 1440],
};

/** Longest report period: a year of windows. */
export const MAX_REPORT_DAYS = 366;

export interface ReportError {
  /** The query parameter at fault. */
  readonly path: string;
  readonly message: string;
}

/** Checks thresholds and a report period [from, to) given as ISO instants. */
export function checkMisuseQuery(t: MisuseThresholds, from: string, to: string): ReportError[] {
  const errors: ReportError[] = [];
  for (const key of Object.keys(MISUSE_THRESHOLD_LIMITS) as (keyof MisuseThresholds)[]) {
    const [min, max] = MISUSE_THRESHOLD_LIMITS[key];
    const v = t[key];
    if (!Number.isInteger(v) || v < min || v > max) {
      errors.push({ path: `/${key}`, message: `${key} must be an integer from ${min} to ${max}` });
    }
  }
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a)) errors.push({ path: '/from', message: 'from must be an ISO date-time' });
  if (Number.isNaN(b)) errors.push({ path: '/to', message: 'to must be an ISO date-time' });
  if (!Number.isNaN(a) && !Number.isNaN(b)) {
    if (b <= a) errors.push({ path: '/to', message: 'to must be after from' });
    else if (b - a > MAX_REPORT_DAYS * 86_400_000) {
      errors.push({ path: '/from', message: `a report covers at most ${MAX_REPORT_DAYS} days` });
    }
  }
  return errors;
}

/** Window `index` of the period starting at `from`: [start, end), the last one cut at `to`. */
export function reportWindow(
  from: string,
  to: string,
  windowDays: number,
  index: number,
): { start: string; end: string } {
  const start = Date.parse(from) + index * windowDays * 86_400_000;
  const end = Math.min(start + windowDays * 86_400_000, Date.parse(to));
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

export interface ReportedUser {
  readonly professionalId: string;
  readonly login?: string;
  readonly name?: string;
  readonly role?: string;
}

/** One user's openings in one window, aggregated per client by the store. */
export interface OpeningsRow {
  readonly user: ReportedUser;
  readonly window: number;
  /** Distinct clients opened. */
  readonly clients: number;
  /** Distinct clients none of whose openings had a work relation or (archivist) a stated purpose. */
  readonly clientsWithoutWorkRelation: number;
  /** …of which the user had at least declared a first-contact reason. */
  readonly clientsWithRecordedReasonOnly: number;
  /** Openings of those clients the policy refused. */
  readonly deniedOpenings: number;
  /** Those clients' keys (at most the store's sample size). */
  readonly clientKeys: readonly string[];
}

/** One user's lookups of one client in one window. */
export interface LookupsRow {
  readonly user: ReportedUser;
  readonly window: number;
  readonly clientKey: string;
  /** Lookups after merging those closer than the gap. */
  readonly lookups: number;
  /** Every read of the client's data in the window (lookups and what followed them). */
  readonly reads: number;
  /** Records the user wrote for the client in the window. */
  readonly writes: number;
  readonly denied: number;
  readonly firstAt: string;
  readonly lastAt: string;
}

export type MisuseKind = 'many_clients_without_relation' | 'repeated_lookups_without_records';

export interface MisuseFinding {
  readonly kind: MisuseKind;
  readonly user: ReportedUser;
  readonly window: number;
  readonly count: number;
  readonly threshold: number;
  /** Why this is a finding, in words a data protection officer can check against the log. */
  readonly reason: string;
}

/** (a) A user opening many clients they had no work relation to. */
export function findClientsWithoutRelation(
  rows: readonly OpeningsRow[],
  t: MisuseThresholds,
): (MisuseFinding & { readonly row: OpeningsRow })[] {
  return rows
    .filter((r) => r.clientsWithoutWorkRelation >= t.clientsWithoutRelation)
    .map((r) => ({
      kind: 'many_clients_without_relation' as const,
      user: r.user,
      window: r.window,
      count: r.clientsWithoutWorkRelation,
      threshold: t.clientsWithoutRelation,
      reason:
        `opened ${r.clientsWithoutWorkRelation} clients without an open case, a register usage right of their unit ` +
        `or being their personal worker ` +
        `within ${t.windowDays} days (${r.clientsWithRecordedReasonOnly} with a self-recorded first-contact reason, ` +
        `${r.deniedOpenings} openings refused); threshold ${t.clientsWithoutRelation}`,
      row: r,
    }))
    .sort(byCountThenUser);
}

/** (b) A user looking up the same client again and again without recording anything for them. */
export function findRepeatedLookups(
  rows: readonly LookupsRow[],
  t: MisuseThresholds,
): (MisuseFinding & { readonly row: LookupsRow })[] {
  return rows
    .filter((r) => r.lookups >= t.repeatedLookups && r.writes === 0)
    .map((r) => ({
      kind: 'repeated_lookups_without_records' as const,
      user: r.user,
      window: r.window,
      count: r.lookups,
      threshold: t.repeatedLookups,
      reason:
        `looked up the same client ${r.lookups} times within ${t.windowDays} days (${r.reads} reads in all) ` +
        `and recorded nothing for them; threshold ${t.repeatedLookups}`,
      row: r,
    }))
    .sort(byCountThenUser);
}

function byCountThenUser(a: MisuseFinding, b: MisuseFinding): number {
  return (
    b.count - a.count ||
    a.window - b.window ||
    (a.user.login ?? a.user.professionalId).localeCompare(b.user.login ?? b.user.professionalId)
  );
}
