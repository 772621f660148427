// Who may be named a client's personal worker (omatyöntekijä, sosiaalihuoltolaki 42 §): a social
// welfare professional of the organizer who works on the client's matter. The clienthood names the
// worker, and the name opens the client's records to them (the care relation `personal_worker`),
// so naming someone is itself an access decision and must not reach outside the organizer's staff
// — except where the organizer gives broad usage rights (laaja käyttöoikeus, e.g. THL's shelter
// homes), whose producers keep the clienthood documentation themselves.
import { usageRightInForceOn } from '../access/usage-rights.ts';
import type { Role } from './types.ts';

/** The right the candidate holds today, as authentication reads it; undefined when none. */
export interface PersonalWorkerCandidate {
  readonly organizationOid: string;
  readonly role: Role;
  readonly serviceUnitOids: readonly string[];
  readonly serviceTasks: readonly string[];
}

/** What the clienthood says about who may work on it. */
export interface PersonalWorkerContext {
  readonly registrarOid: string;
  readonly openServiceTasks: readonly string[];
  /** The register usage rights recorded on the clienthood (producer units, tasks, periods). */
  readonly usageRights: readonly {
    readonly unitOid: string;
    readonly serviceTask: string;
    readonly start: string;
    readonly end?: string;
  }[];
  /** Whether the organizer gives broad usage rights. */
  readonly broadRights: boolean;
  /** The Finnish date of the naming. */
  readonly today: string;
}

/** Roles that do client work; administrators, archivists and office staff are never named. */
export const PERSONAL_WORKER_ROLES: readonly Role[] = [
  'social_worker',
  'social_instructor',
  'practical_nurse',
];

export type PersonalWorkerDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly rule: string; readonly reason: string };

/**
 * Decides whether `candidate` may be the personal worker of a clienthood. An unknown professional,
 * one without a right today and one of another organization get the same answer, so a caller
 * learns nothing about other organizations' staff.
 */
export function decidePersonalWorker(
  candidate: PersonalWorkerCandidate | undefined,
  c: PersonalWorkerContext,
): PersonalWorkerDecision {
  const organizersOwn = candidate?.organizationOid === c.registrarOid;
  const broadProducer =
    candidate !== undefined &&
    c.broadRights &&
    c.usageRights.some(
      (r) =>
        candidate.serviceUnitOids.includes(r.unitOid) &&
        c.openServiceTasks.includes(r.serviceTask) &&
        usageRightInForceOn(r, c.today),
    );
  if (!candidate || (!organizersOwn && !broadProducer)) {
    return {
      ok: false,
      rule: 'personal_worker_not_staff',
      reason:
        "a personal worker is named from the organizer's own staff with a right valid today (or a producer's under a broad usage right)",
    };
  }
  if (!PERSONAL_WORKER_ROLES.includes(candidate.role)) {
    return {
      ok: false,
      rule: 'personal_worker_role',
      reason:
        'only a social welfare professional doing client work (social worker, social instructor, practical nurse) can be a personal worker',
    };
  }
  if (!candidate.serviceTasks.some((t) => c.openServiceTasks.includes(t))) {
    return {
      ok: false,
      rule: 'personal_worker_service_task',
      reason: "the professional does not work in any of the client's open service tasks",
    };
  }
  return { ok: true };
}
