// The complete access policy: every read path (get, versions, search, export, render, counts)
// and every write is decided by these rules, in this order, each a small named step. A rule
// turns (actor, action, context) into a predicate on the target document and its client's facts;
// `decideAccess` evaluates them on one document and names the first rule that refuses,
// `accessFilter` is their conjunction for SQL. Deny by default: an action no rule set covers, or a
// role the regulation grants nothing, is refused.
import type { Actor } from '../records/types.ts';
import { type ClientFacts, daysBefore } from './facts.ts';
import { and, evaluate, FALSE, isIn, or, type Predicate, type Target, TRUE } from './predicate.ts';
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
    predicate: (actor, _action, ctx) => ({
      op: 'care_relation',
      professionalId: actor.professionalId,
      serviceUnitOids: actor.serviceUnitOids,
      today: ctx.today,
      cutoff: cutoff(ctx),
    }),
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
