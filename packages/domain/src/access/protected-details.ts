// Turvakielto (non-disclosure for personal safety, set in the population register): the person's
// address and home municipality locate them, so they are shown only to those who strictly need
// them — the organizer's own case workers in a service task open for the person, while they work
// on the person's matter. Producers working under a register usage right, other registrars, other
// roles and anyone without a current care relation get the fields withheld, with a marker saying
// so. The rule is pure: the server hands it the person's facts, as it does for documents.
import type { Actor, Role } from '../records/types.ts';
import type { ClientFacts } from './facts.ts';
import { inForce } from './facts.ts';

/** The details turvakielto protects, as the person view names them. */
export const PROTECTED_DETAILS = ['address', 'homeMunicipality'] as const;
export type ProtectedDetail = (typeof PROTECTED_DETAILS)[number];

/** Roles that carry a client's matter (case workers); the others never need the protected address. */
export const CASE_WORKER_ROLES: readonly Role[] = ['social_worker', 'social_instructor'];

export type ProtectedDetailsDecision =
  | { readonly show: true; readonly rule: string }
  | {
      readonly show: false;
      readonly rule: string;
      readonly reason: string;
      readonly fields: readonly ProtectedDetail[];
    };

const withheld = (rule: string, reason: string): ProtectedDetailsDecision => ({
  show: false,
  rule,
  reason,
  fields: PROTECTED_DETAILS,
});

/**
 * Whether `actor` sees the protected details of a person. `today` is the Finnish date; there is
 * no grace period here: an ended relation or service task no longer needs the address.
 */
export function decideProtectedDetails(
  actor: Actor,
  person: { readonly turvakielto: boolean },
  facts: ClientFacts,
  today: string,
): ProtectedDetailsDecision {
  if (!person.turvakielto) return { show: true, rule: 'no_turvakielto' };
  if (!CASE_WORKER_ROLES.includes(actor.role)) {
    return withheld('turvakielto_role', 'under turvakielto the address is shown only to case workers');
  }
  const organizer = actor.organizationOid;
  // The organizer's own register: a producer (or another registrar) has no clienthood of its own here.
  const tasks = facts.serviceTasks.filter((t) => t.registrarOid === organizer);
  if (tasks.length === 0) {
    return withheld(
      'turvakielto_not_organizer',
      "under turvakielto the address is shown only to the organizer's own workers, not to producers or other registrars",
    );
  }
  if (!tasks.some((t) => actor.serviceTasks.includes(t.serviceTask) && inForce(t, today, today))) {
    return withheld(
      'turvakielto_service_task',
      'under turvakielto the address is shown only in a service task open for the person that the worker works in',
    );
  }
  const related = facts.careRelations.some(
    (r) =>
      r.registrarOid === organizer &&
      r.kind !== 'recorded_reason' &&
      inForce(r, today, today) &&
      ((r.professionalId !== undefined && r.professionalId === actor.professionalId) ||
        (r.serviceUnitOid !== undefined && actor.serviceUnitOids.includes(r.serviceUnitOid))),
  );
  if (!related) {
    return withheld(
      'turvakielto_care_relation',
      "under turvakielto the address is shown only to the person's personal worker or the unit handling an open case",
    );
  }
  return { show: true, rule: 'turvakielto_case_worker' };
}
