// Who may see the staff list of an organization: the colleagues a professional can name as a
// client's personal worker (omatyöntekijä) and the like. The list holds names, roles, service units
// and service tasks only — no logins, no right history — so it is not client data and not the
// user register an administrator keeps; but it is still the organization's own business.
import type { Actor } from '../records/types.ts';
import type { ActorDecision } from './administration.ts';

/** Whoever asks: a professional (logged in with a right valid today), a citizen, or nobody. */
export type StaffRequester =
  | Actor
  | { readonly kind: 'citizen' }
  | { readonly kind: 'anonymous' }
  | undefined;

/**
 * Listing the staff of `organizationOid`: a professional whose right valid today is in that
 * organization may (an Actor exists only with such a right, and its organization is the one that
 * right is in); citizens and anonymous callers never; another organization's staff never, whatever
 * the role — an administrator included (their registry tools are the admin routes).
 *
 * A weak login (password) is enough. Strong authentication guards retrieving client data from the
 * repository; this list reveals only colleagues' names and work areas, which a weak login may need
 * for what it is allowed to do (naming a personal worker is a recording step), and which every
 * colleague could learn from the organization's own directory anyway.
 */
export function decideStaffList(who: StaffRequester, organizationOid: string): ActorDecision {
  if (who === undefined || who.kind !== 'professional') {
    return {
      effect: 'deny',
      rule: 'staff_list_professionals_only',
      reason: 'only a professional with a right valid today lists staff',
    };
  }
  if (who.organizationOid !== organizationOid) {
    return {
      effect: 'deny',
      rule: 'own_organization',
      reason: "a professional lists their own organization's staff only",
    };
  }
  return { effect: 'allow', rule: 'own_organization_staff' };
}
