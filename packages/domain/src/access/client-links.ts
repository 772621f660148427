// Linking a client known only by a temporary identifier to the identity code that became known
// (and undoing a wrong link): who may, and when. A link changes which documents a search by either
// identifier finds, so it is a deliberate, logged act of the organizer that knows the client.
import type { Actor, Role } from '../records/types.ts';
import type { ActorDecision } from './administration.ts';

/** Roles that may link (and unlink) a temporary identifier: the case worker and the archivist. */
export const LINKING_ROLES: readonly Role[] = ['social_worker', 'archivist'];

export interface LinkRequest {
  readonly temporary: { readonly clientKey: string; readonly hetu?: string; readonly temporaryId?: unknown };
  readonly identified: { readonly clientKey: string; readonly hetu?: string };
  /** The actor's organization has a clienthood with the temporary client (it knows the client). */
  readonly organizerOfTemporary: boolean;
  /** The temporary client already has a link in force. */
  readonly temporaryLinked: boolean;
}

const allow = (rule: string): ActorDecision => ({ effect: 'allow', rule });
const deny = (rule: string, reason: string): ActorDecision => ({ effect: 'deny', rule, reason });

function standing(actor: Actor, organizerOfTemporary: boolean): ActorDecision | undefined {
  if (!LINKING_ROLES.includes(actor.role)) {
    return deny('link_role', 'only a social worker or an archivist links a temporary identifier');
  }
  if (!actor.strongAuth) {
    return deny(
      'strong_authentication',
      'linking a temporary identifier requires a strong login (certificate card)',
    );
  }
  if (!organizerOfTemporary) {
    return deny(
      'link_not_organizer',
      'only the organizer that has a clienthood with the client known by the temporary identifier links it',
    );
  }
  return undefined;
}

export function decideClientLink(actor: Actor, r: LinkRequest): ActorDecision {
  const refused = standing(actor, r.organizerOfTemporary);
  if (refused) return refused;
  if (r.temporary.clientKey === r.identified.clientKey) {
    return deny('link_same_person', 'a client cannot be linked to themselves');
  }
  if (r.temporary.hetu !== undefined || r.temporary.temporaryId === undefined) {
    return deny('link_not_temporary', 'the client to link is not known by a temporary identifier only');
  }
  if (r.identified.hetu === undefined) {
    return deny('link_not_identified', 'the client to link to has no identity code (henkilötunnus)');
  }
  if (r.temporaryLinked) {
    return deny('link_exists', 'the temporary identifier is already linked; undo that link first');
  }
  return allow('link');
}

/** Undoing a wrong link: the same standing as linking, on a link in force. */
export function decideClientUnlink(
  actor: Actor,
  r: { readonly organizerOfTemporary: boolean; readonly linked: boolean },
): ActorDecision {
  const refused = standing(actor, r.organizerOfTemporary);
  if (refused) return refused;
  if (!r.linked) return deny('link_not_in_force', 'the link has already been undone');
  return allow('unlink');
}
