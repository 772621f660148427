// Rules about recording register usage rights and reading what they hold, as opposed to the
// document rules in rules.ts that the rights feed. Only the organizer opens, moves and ends a
// right: it is the organizer's record of whom it has given the service to (seed guide 4.1.1).
import type { Actor } from '../records/types.ts';
import type { ActorDecision } from './administration.ts';
import { DOCUMENT_ROLES } from './regulation.ts';

const allow = (rule: string): ActorDecision => ({ effect: 'allow', rule });
const deny = (rule: string, reason: string): ActorDecision => ({ effect: 'deny', rule, reason });

/**
 * Recording a producer's unit on the clienthood (opening, moving or ending a register usage
 * right): a professional of the organizer, for a unit of another organization. The document rules
 * (role, service task, organizer_records) decide the clienthood version itself.
 */
export function decideUsageRightRecording(
  actor: Actor,
  request: { readonly registrarOid: string; readonly unitOrganizationOid: string },
): ActorDecision {
  if (actor.organizationOid !== request.registrarOid) {
    return deny('organizer_opens_rights', 'only the organizer opens, changes and ends register usage rights');
  }
  if (request.unitOrganizationOid === request.registrarOid) {
    return deny(
      'producer_is_organizer',
      "the organizer's own units work in its register without a register usage right",
    );
  }
  return allow('organizer');
}

/**
 * A producer's staff see which clients their units hold rights for (and the organizer's notices
 * about them): professionals whose role may hold rights to client documents at all.
 */
export function decideHeldRightsListing(actor: Actor): ActorDecision {
  if (!DOCUMENT_ROLES.includes(actor.role)) {
    return deny('held_rights_role', 'the role holds no rights to client documents');
  }
  if (actor.serviceUnitOids.length === 0) {
    return deny('held_rights_unit', 'register usage rights are held by service units; the right names none');
  }
  return allow('own_units');
}

/** Whether a right is in force on `date` (both ends inclusive, no grace). */
export function usageRightInForceOn(
  r: { readonly start: string; readonly end?: string },
  date: string,
): boolean {
  return r.start <= date && (r.end === undefined || r.end >= date);
}
