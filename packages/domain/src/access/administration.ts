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

/** How a producer joined the repository (seed guide 3.2), and who hosts it in the latter two. */
export type JoiningModel = 'direct' | 'joint' | 'parallel';

export interface Joining {
  readonly model: JoiningModel;
  /** The main joiner (joint) or the organizer whose system the producer uses (parallel). */
  readonly hostOrganizationOid?: string;
}

/**
 * Registry and regulation administration: the admin role, within the admin's own organization —
 * or within an organization it hosts: a tenant of its system (joint joining: the main joiner's
 * administrator manages the tenants' users) or a producer working in its own system (parallel
 * joining: the organizer manages the producer's users). Without an organization (creating a new
 * one) the role alone decides.
 */
export function decideAdministration(
  actor: Actor,
  organizationOid?: string,
  joining?: Joining,
): ActorDecision {
  if (actor.role !== 'admin') return deny('admin_only', 'only an administrator manages the registry');
  if (organizationOid !== undefined && organizationOid !== actor.organizationOid) {
    if (joining && joining.model !== 'direct' && joining.hostOrganizationOid === actor.organizationOid) {
      return allow(joining.model === 'joint' ? 'main_joiner_admin' : 'parallel_organizer_admin');
    }
    return deny('own_organization', "an administrator manages their own organization's registry only");
  }
  return allow('admin');
}

/**
 * Declaring how an organization joined: its own administrator does it, since it hands the
 * administration of its users to the host. A host is another organization; direct needs none.
 */
export function decideJoiningChange(
  actor: Actor,
  organizationOid: string,
  joining: Joining,
  hostExists: boolean,
): ActorDecision {
  if (actor.role !== 'admin') return deny('admin_only', 'only an administrator manages the registry');
  if (organizationOid !== actor.organizationOid) {
    return deny('own_organization', 'an organization declares its own joining model');
  }
  if (joining.model === 'direct') {
    return joining.hostOrganizationOid === undefined
      ? allow('admin')
      : deny('joining_host', 'a directly joined organization has no host');
  }
  if (
    joining.hostOrganizationOid === undefined ||
    joining.hostOrganizationOid === organizationOid ||
    !hostExists
  ) {
    return deny('joining_host', 'joint and parallel joining name another, known organization as the host');
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

/** The professional whose sessions would be revoked, with the organization they work (last worked) in. */
export interface SessionSubject {
  readonly professionalId: string;
  /** The organization of the right valid today, else of the newest right; none if never granted. */
  readonly organizationOid?: string;
}

/**
 * Revoking every session of a professional issued so far (a lost certificate card, ended
 * employment, a suspected stolen session): the professional themself ("log out everywhere"), or an
 * administrator of the professional's organization — or of the organization hosting it, as for
 * the rest of its registry. A professional without any right belongs to no organization, so only
 * they may do it.
 */
export function decideSessionRevocation(
  actor: Actor,
  subject: SessionSubject,
  joining?: Joining,
): ActorDecision {
  if (subject.professionalId === actor.professionalId) return allow('self');
  if (actor.role !== 'admin') {
    return deny('admin_only', "only an administrator revokes another user's sessions");
  }
  const d =
    subject.organizationOid === undefined
      ? undefined
      : decideAdministration(actor, subject.organizationOid, joining);
  return d?.effect === 'allow'
    ? d
    : deny(
        'own_organization',
        "an administrator revokes the sessions of their own organization's users only",
      );
}

/** What has been revoked of one person's sessions: read with the actor, checked on every request. */
export interface SessionRevocations {
  /** Every session issued before this moment (epoch milliseconds) is revoked. */
  readonly issuedBefore?: number;
  /** Sessions ended one by one (logout), those not yet expired. */
  readonly sessionIds: ReadonlySet<string>;
}

export const NO_REVOCATIONS: SessionRevocations = { sessionIds: new Set() };

/**
 * Whether a signed, unexpired session still stands: not logged out, and not issued before a
 * revocation of all the person's sessions. A session issued at the very moment of the revocation
 * or later stands (a new login right after revoking works).
 */
export function decideSessionStanding(
  session: { readonly sessionId: string; readonly issuedAt: number },
  revoked: SessionRevocations,
): ActorDecision {
  if (revoked.sessionIds.has(session.sessionId)) {
    return deny('session_logged_out', 'the session was ended (logged out)');
  }
  if (revoked.issuedBefore !== undefined && session.issuedAt < revoked.issuedBefore) {
    return deny('sessions_revoked', 'every session issued before a revocation was revoked');
  }
  return allow('session_current');
}
