// The one access policy. A decision is the conjunction of named rules; each rule turns the
// actor and action into a predicate on the target. `decide` checks one target and names the
// first rule that refuses; `filterFor` gives the conjunction for SQL. Deny by default: an action
// no rule grants is refused by `no_grant`.
import type { Actor, Role } from '../records/types.ts';
import { and, evaluate, FALSE, isIn, type Predicate, type Target, TRUE } from './predicate.ts';

export const ACTIONS = [
  'document.read',
  'document.search',
  'document.store',
  'document.correct',
  'document.invalidate',
] as const;
export type Action = (typeof ACTIONS)[number];

export type Decision =
  | { readonly effect: 'allow'; readonly rule: string }
  | { readonly effect: 'deny'; readonly rule: string; readonly reason: string };

export interface Rule {
  readonly name: string;
  /** Why the rule exists, shown when it refuses. */
  readonly reason: string;
  appliesTo(action: Action): boolean;
  predicate(actor: Actor, action: Action): Predicate;
}

const READS: readonly Action[] = ['document.read', 'document.search'];
const WRITES: readonly Action[] = ['document.store', 'document.correct', 'document.invalidate'];

/** What each role may do at all; per document type rights arrive with the access-rights regulation. */
const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  social_worker: [...READS, ...WRITES],
  social_instructor: [...READS, ...WRITES],
  practical_nurse: [...READS, 'document.store', 'document.correct'],
  office_worker: ['document.store'],
  archivist: [...READS, 'document.correct', 'document.invalidate'],
  admin: [],
};

export const RULES: readonly Rule[] = [
  {
    name: 'role_action',
    reason: 'the professional role does not permit this action',
    appliesTo: () => true,
    predicate: (actor, action) => (ROLE_ACTIONS[actor.role].includes(action) ? TRUE : FALSE),
  },
  {
    name: 'strong_authentication',
    reason: 'retrieving documents from the repository requires a strong login (certificate card)',
    appliesTo: (action) => READS.includes(action),
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
    appliesTo: () => true,
    // Archivists manage their register as a whole; everyone else sees only their service tasks.
    predicate: (actor) => (actor.role === 'archivist' ? TRUE : isIn('serviceTask', actor.serviceTasks)),
  },
];

function applicable(action: Action): readonly Rule[] {
  return RULES.filter((r) => r.appliesTo(action));
}

export function decide(actor: Actor, action: Action, target: Target): Decision {
  const rules = applicable(action);
  if (rules.length === 0) return { effect: 'deny', rule: 'no_grant', reason: 'no rule grants this action' };
  for (const rule of rules) {
    if (!evaluate(rule.predicate(actor, action), target)) {
      return { effect: 'deny', rule: rule.name, reason: rule.reason };
    }
  }
  return { effect: 'allow', rule: rules.map((r) => r.name).join('+') };
}

/** The conjunction of every applicable rule: what a list or search may return. */
export function filterFor(actor: Actor, action: Action): Predicate {
  const rules = applicable(action);
  if (rules.length === 0) return FALSE;
  return and(...rules.map((r) => r.predicate(actor, action)));
}

/** Every rule that would refuse, for the explanation endpoint (never evaluated on hidden data). */
export function explain(actor: Actor, action: Action, target: Target): { rule: string; reason: string }[] {
  return applicable(action)
    .filter((r) => !evaluate(r.predicate(actor, action), target))
    .map((r) => ({ rule: r.name, reason: r.reason }));
}
