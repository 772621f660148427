// What the policy must know about a client besides the document itself: the service tasks open on
// the client's clienthood and the professionals' care relations (asiayhteys) to the client. The
// store keeps both as projections; here they are plain data so that one rule reads the same facts
// whether it checks one document or is compiled into a search.

/** A service task period on a clienthood document (asiakkuusasiakirja), per registrar. */
export interface ServiceTaskFact {
  readonly registrarOid: string;
  readonly serviceTask: string;
  /** ISO dates; `end` absent while the task is open. */
  readonly start: string;
  readonly end?: string;
}

export type CareRelationKind = 'case' | 'personal_worker' | 'recorded_reason';

/**
 * A care relation: the proof that someone works on this client's matter now. Held by one
 * professional (personal worker, a recorded first-contact reason) or by a service unit (an open
 * case handled by the unit).
 */
export interface CareRelationFact {
  readonly kind: CareRelationKind;
  readonly registrarOid: string;
  readonly professionalId?: string;
  readonly serviceUnitOid?: string;
  readonly start: string;
  readonly end?: string;
  /** Why a relation was recorded by hand (first contact); logged with every read it allows. */
  readonly purpose?: string;
}

/**
 * A register usage right (rekisterinkäyttöoikeus): the organizer recorded a producer's (or the
 * producer's subcontractor's) service unit with a start date, and perhaps an end date, for a
 * service task on the client's clienthood document. While it is in force the unit's staff use the
 * organizer's register for this client and service task; it has no grace period: the organizer
 * sets the end so that the producer can finish its documents, and after it the producer is out.
 */
export interface UsageRightFact {
  /** The organizer: registrar of the register the right opens. */
  readonly registrarOid: string;
  readonly serviceTask: string;
  /** The producer's or subcontractor's service unit that holds the right. */
  readonly serviceUnitOid: string;
  /** ISO dates, both inclusive; `end` absent while the organizer has set none. */
  readonly start: string;
  readonly end?: string;
  /**
   * A broad right (laaja rekisterinkäyttöoikeus): the organizer does not handle the case itself
   * (shelter homes organised by THL), so the producer also records case and clienthood documents.
   */
  readonly broad?: boolean;
}

export interface ClientFacts {
  readonly serviceTasks: readonly ServiceTaskFact[];
  readonly careRelations: readonly CareRelationFact[];
  /** Register usage rights on the client's clienthood documents (none when absent). */
  readonly usageRights?: readonly UsageRightFact[];
}

export const NO_FACTS: ClientFacts = { serviceTasks: [], careRelations: [] };

/** ISO date `days` before `isoDate` (pure calendar arithmetic, no time zones). */
export function daysBefore(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an ISO date: ${isoDate}`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/**
 * A period is in force on `today` if it has started and has not ended more than the grace period
 * ago: ended relations keep access for a while so that workers can finish their documents.
 * `cutoff` = today − grace days, precomputed so SQL and TypeScript compare the same two dates.
 */
export function inForce(p: { start: string; end?: string }, today: string, cutoff: string): boolean {
  return p.start <= today && (p.end === undefined || p.end >= cutoff);
}

/**
 * Whether a register usage right held by one of `serviceUnitOids` opens the organizer's register
 * `registrarOid` for the client in `serviceTask` on `today` (`broad`: only a broad right counts).
 */
export function usageRightInForce(
  rights: readonly UsageRightFact[] | undefined,
  q: {
    readonly registrarOid: string;
    readonly serviceTask: string;
    readonly serviceUnitOids: readonly string[];
    readonly today: string;
    readonly broad?: boolean;
  },
): boolean {
  return (rights ?? []).some(
    (r) =>
      r.registrarOid === q.registrarOid &&
      r.serviceTask === q.serviceTask &&
      q.serviceUnitOids.includes(r.serviceUnitOid) &&
      inForce(r, q.today, q.today) &&
      (!q.broad || r.broad === true),
  );
}
