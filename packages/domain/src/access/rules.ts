// The complete access policy: every read path (get, versions, search, export, render, counts)
// and every write is decided by these rules, in this order, each a small named step. A rule
// turns (actor, action, context) into a predicate on the target document and its client's facts;
// `decideAccess` evaluates them on one document and names the first rule that refuses,
// `accessFilter` is their conjunction for SQL. Deny by default: an action no rule set covers, or a
// role the regulation grants nothing, is refused.
import type { Actor } from '../records/types.ts';
import { type ClientFacts, daysBefore } from './facts.ts';
import { and, evaluate, FALSE, isIn, not, or, type Predicate, type Target, TRUE } from './predicate.ts';
import {
  type AccessRightsRegulation,
  DEFAULT_REGULATION,
  type DocumentAction,
  type DocumentScope,
} from './regulation.ts';

export const ACCESS_ACTIONS = [
  'document.read',
  'document.search',
  'document.export',
  'document.render',
  'document.store',
  'document.correct',
  'document.invalidate',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

const READ_ACTIONS: readonly AccessAction[] = [
  'document.read',
  'document.search',
  'document.export',
  'document.render',
];
const LIFECYCLE_ACTIONS: readonly AccessAction[] = ['document.correct', 'document.invalidate'];

export function isRead(action: AccessAction): boolean {
  return READ_ACTIONS.includes(action);
}

/** Every way of retrieving is one regulated right: reading. */
function regulatedAction(action: AccessAction): DocumentAction {
  return isRead(action) ? 'document.read' : (action as DocumentAction);
}

export interface AccessContext {
  /** The decision date (ISO), Finnish calendar date of the request. */
  readonly today: string;
  /** How long an ended care relation or service task still gives access; default 30 days. */
  readonly graceDays?: number;
  /** The stated purpose of the action (archivists, first contact); logged. */
  readonly purpose?: string;
  /** The organization's access-rights regulation; default the shipped provisional one. */
  readonly regulation?: AccessRightsRegulation;
}

export const DEFAULT_GRACE_DAYS = 30;

export type AccessDecision =
  | { readonly effect: 'allow'; readonly rules: readonly string[] }
  | { readonly effect: 'deny'; readonly rule: string; readonly reason: string };

interface AccessRule {
  readonly name: string;
  readonly reason: string;
  appliesTo(action: AccessAction, actor: Actor): boolean;
  predicate(actor: Actor, action: AccessAction, ctx: AccessContext): Predicate;
}

function scopePredicate(scope: DocumentScope): Predicate {
  if (scope === '*') return TRUE;
  return or(
    isIn('documentType', scope.types ?? []),
    scope.generalTypes && scope.generalTypes.length > 0
      ? { op: 'general_type_in', values: scope.generalTypes }
      : FALSE,
    isIn('documentGroup', scope.groups ?? []),
  );
}

function cutoff(ctx: AccessContext): string {
  return daysBefore(ctx.today, ctx.graceDays ?? DEFAULT_GRACE_DAYS);
}

const isArchivist = (actor: Actor) => actor.role === 'archivist';

const WRITE_ACTIONS: readonly AccessAction[] = ['document.store', ...LIFECYCLE_ACTIONS];

/** The organization's own register: the one it is the registrar of. */
const ownRegister = (actor: Actor) => isIn('registrarOid', [actor.organizationOid]);

/** A register usage right of one of the actor's units for the client, in the target's task, today. */
function usageRight(actor: Actor, ctx: AccessContext, broad = false): Predicate {
  // Only registers the organization is entitled to use through some right today can be opened by
  // one (registrar_boundary), so an actor with none gets no subquery: the county's own staff's
  // searches stay as they were.
  const others = actor.registrarOids.some((r) => r !== actor.organizationOid);
  if (!others || actor.serviceUnitOids.length === 0) return FALSE;
  return { op: 'usage_right', serviceUnitOids: actor.serviceUnitOids, today: ctx.today, broad };
}

/** Clienthood and case documents: the organizer's record of the client's matters. */
const RECORD_GROUPS = ['1', '2'];

export const ACCESS_RULES: readonly AccessRule[] = [
  {
    name: 'role_regulation',
    reason: 'the access-rights regulation gives this professional role no such right to this document type',
    appliesTo: () => true,
    predicate: (actor, action, ctx) => {
      const wanted = regulatedAction(action);
      const grants = (ctx.regulation ?? DEFAULT_REGULATION).grants.filter(
        (g) => g.role === actor.role && g.actions.includes(wanted),
      );
      return or(...grants.map((g) => scopePredicate(g.documents)));
    },
  },
  {
    name: 'strong_authentication',
    reason: 'retrieving documents from the repository requires a strong login (certificate card)',
    appliesTo: (action) => isRead(action),
    predicate: (actor) => (actor.strongAuth ? TRUE : FALSE),
  },
  {
    name: 'registrar_boundary',
    reason: 'the document belongs to a register the organization is not entitled to',
    appliesTo: () => true,
    predicate: (actor) => isIn('registrarOid', actor.registrarOids),
  },
  {
    // Another organizer's register is used only through a register usage right recorded on the
    // client's clienthood document for one of the professional's service units: that client, that
    // service task, from its start to its end date (a producer serving several counties sees each
    // county's clients only through that county's rights).
    name: 'register_usage_right',
    reason:
      "the document is in another organizer's register and no register usage right of the professional's service unit covers this client and service task today",
    appliesTo: () => true,
    predicate: (actor, _action, ctx) => or(ownRegister(actor), usageRight(actor, ctx)),
  },
  {
    name: 'organizer_records',
    reason:
      'only the organizer records the clienthood and case documents: a producer cannot update the clienthood document, close a case or end a clienthood unless it holds a broad register usage right',
    appliesTo: (action) => WRITE_ACTIONS.includes(action),
    predicate: (actor, _action, ctx) =>
      or(ownRegister(actor), not(isIn('documentGroup', RECORD_GROUPS)), usageRight(actor, ctx, true)),
  },
  {
    name: 'producer_own_documents',
    reason:
      "under a register usage right a producer corrects and invalidates only its own documents; the organizer's are the organizer's",
    appliesTo: (action) => LIFECYCLE_ACTIONS.includes(action),
    // The clienthood and case documents are the organizer's record, versioned by whoever keeps it
    // (organizer_records decides that): this rule is about client documents.
    predicate: (actor) =>
      or(
        ownRegister(actor),
        isIn('organizationOid', [actor.organizationOid]),
        isIn('documentGroup', RECORD_GROUPS),
      ),
  },
  {
    name: 'service_task',
    reason: 'the professional does not work in the service task of the document',
    appliesTo: (_action, actor) => !isArchivist(actor),
    predicate: (actor) => isIn('serviceTask', actor.serviceTasks),
  },
  {
    name: 'service_task_open',
    reason: "the document's service task is not open on the client's clienthood",
    // Clienthood and case documents are what open service tasks; only client documents need one open.
    appliesTo: (_action, actor) => !isArchivist(actor),
    predicate: (_actor, _action, ctx) =>
      or(isIn('documentGroup', ['1', '2', '8', '9']), {
        op: 'service_task_open',
        today: ctx.today,
        cutoff: cutoff(ctx),
      }),
  },
  {
    name: 'care_relation',
    reason:
      'the professional has no active care relation to the client (open case, personal worker or a recorded reason)',
    appliesTo: (action, actor) => isRead(action) && !isArchivist(actor),
    // A producer's unit works on the client's matter through its register usage right.
    predicate: (actor, _action, ctx) =>
      or(
        {
          op: 'care_relation',
          professionalId: actor.professionalId,
          serviceUnitOids: actor.serviceUnitOids,
          today: ctx.today,
          cutoff: cutoff(ctx),
        },
        and(not(ownRegister(actor)), usageRight(actor, ctx)),
      ),
  },
  {
    name: 'archivist_purpose',
    reason: "an archivist's register-wide action must state its purpose",
    appliesTo: (action, actor) =>
      isArchivist(actor) && (isRead(action) || LIFECYCLE_ACTIONS.includes(action)),
    predicate: (_actor, _action, ctx) =>
      ctx.purpose !== undefined && ctx.purpose.trim() !== '' ? TRUE : FALSE,
  },
];

function applicableRules(actor: Actor, action: AccessAction): readonly AccessRule[] {
  return ACCESS_RULES.filter((r) => r.appliesTo(action, actor));
}

/** The names of the rules that decide `action` for this actor, in the order they are applied. */
export function accessRuleNames(actor: Actor, action: AccessAction): readonly string[] {
  return applicableRules(actor, action).map((r) => r.name);
}

/** The decision on one document, naming the first rule that refuses. */
export function decideAccess(
  actor: Actor,
  action: AccessAction,
  target: Target,
  facts: ClientFacts,
  ctx: AccessContext,
): AccessDecision {
  const rules = applicableRules(actor, action);
  for (const rule of rules) {
    if (!evaluate(rule.predicate(actor, action, ctx), target, facts)) {
      return { effect: 'deny', rule: rule.name, reason: rule.reason };
    }
  }
  return { effect: 'allow', rules: rules.map((r) => r.name) };
}

/** What a list or search may return: the conjunction of every applicable rule. */
export function accessFilter(actor: Actor, action: AccessAction, ctx: AccessContext): Predicate {
  return and(...applicableRules(actor, action).map((r) => r.predicate(actor, action, ctx)));
}

/** Every rule that refuses, for "why can't I see this?" — about a target the caller already names. */
export function explainAccess(
  actor: Actor,
  action: AccessAction,
  target: Target,
  facts: ClientFacts,
  ctx: AccessContext,
): { rule: string; reason: string }[] {
  return applicableRules(actor, action)
    .filter((r) => !evaluate(r.predicate(actor, action, ctx), target, facts))
    .map((r) => ({ rule: r.name, reason: r.reason }));
}
