// Rules about the actor rather than about a client document: who administers an organization's
// registry and access-rights regulation, who may ask why another user is refused, and who may
// record a first-contact reason (which opens a care relation and is therefore a right in itself).
// A refusal here concerns the actor's own standing, so it is explained (403), not hidden.
import type { Actor } from '../records/types.ts';
import type { AccessRightsRegulation } from './regulation.ts';

export type ActorDecision =
  | { readonly effect: 'allow'; readonly rule: string }
  | { readonly effect: 'deny'; readonly rule: string; readonly reason: string };

const allow = (rule: string): ActorDecision => ({ effect: 'allow', rule });
const deny = (rule: string, reason: string): ActorDecision => ({ effect: 'deny', rule, reason });

/**
 * Registry and regulation administration: the admin role, within the admin's own organization.
 * Without an organization (creating a new one) the role alone decides.
 */
export function decideAdministration(actor: Actor, organizationOid?: string): ActorDecision {
  if (actor.role !== 'admin') return deny('admin_only', 'only an administrator manages the registry');
  if (organizationOid !== undefined && organizationOid !== actor.organizationOid) {
    return deny('own_organization', "an administrator manages their own organization's registry only");
  }
  return allow('admin');
}

/**
 * "Why can't this user see it?": anyone about themselves; an administrator about the
 * professionals of their own organization (to sort out a colleague's rights).
 */
export function decideExplainFor(
  actor: Actor,
  subject: { readonly professionalId: string; readonly organizationOid: string },
): ActorDecision {
  if (subject.professionalId === actor.professionalId) return allow('self');
  const admin = decideAdministration(actor, subject.organizationOid);
  if (admin.effect === 'deny') {
    return deny(
      'explain_others_admin_only',
      "only an administrator of the user's own organization may ask about another user's access",
    );
  }
  return allow('admin');
}

/** Shortest purpose accepted for a first-contact reason: it must say something to the log reader. */
export const MIN_PURPOSE_LENGTH = 10;

/**
 * Recording a first-contact reason (asiayhteyden peruste) opens a one-day care relation to a
 * client; it is a deliberate, logged act of a professional who could read client documents at
 * all, with a strong login and a purpose someone can later judge.
 */
export function decideRecordCareReason(
  actor: Actor,
  request: { readonly purpose: string; readonly registrarOid: string },
  regulation: AccessRightsRegulation,
): ActorDecision {
  if (actor.role === 'archivist' || actor.role === 'admin') {
    return deny('care_reason_role', 'archivists and administrators do not enter care relations with clients');
  }
  if (!regulation.grants.some((g) => g.role === actor.role && g.actions.includes('document.read'))) {
    return deny('care_reason_role', 'the professional role may not read client documents at all');
  }
  if (!actor.strongAuth) {
    return deny(
      'strong_authentication',
      'recording a care relation requires a strong login (certificate card)',
    );
  }
  if (!actor.registrarOids.includes(request.registrarOid)) {
    return deny('registrar_boundary', 'the organization is not entitled to this register');
  }
  if (request.purpose.trim().length < MIN_PURPOSE_LENGTH) {
    return deny(
      'care_reason_purpose',
      `the purpose must be stated (at least ${MIN_PURPOSE_LENGTH} characters)`,
    );
  }
  return allow('recorded_reason');
}
