// Who may look at whose records in the citizen portal: the person themself, a guardian for a minor,
// or someone holding a recorded mandate (valtuutus) for an adult. The facts come from the population
// register (birth dates, guardianships), child welfare (bars on a guardian) and the mandate register;
// here they are plain data, and the decision takes the date so that a test can move the clock.
import { ageOn } from '../identity/hetu.ts';
import type { ClientKey } from '../records/types.ts';

/** A person known to the portal: a client, a guardian or a mandated person (all UUID keys). */
export type PersonKey = ClientKey;

export interface PersonFact {
  readonly key: PersonKey;
  /** ISO date; unknown (e.g. a temporary identifier without a date) denies anything age-dependent. */
  readonly birthDate?: string;
}

/** Guardianship (huoltajuus) as recorded in the population register. Periods are inclusive. */
export interface GuardianshipFact {
  readonly guardian: PersonKey;
  readonly child: PersonKey;
  readonly start: string;
  readonly end?: string;
}

/**
 * A bar on a guardian's access to the child's data, e.g. a child welfare restriction of contact
 * (yhteydenpidon rajoittaminen) that keeps the child's whereabouts from the guardian. While a bar is
 * in force the guardian sees nothing of the child, whatever the documents say.
 */
export interface GuardianBarFact {
  readonly guardian: PersonKey;
  readonly child: PersonKey;
  readonly start: string;
  /** Inclusive; absent while in force until further notice. */
  readonly end?: string;
  /** Why (e.g. `child_welfare_restriction`), for the worker and the log; never shown to the guardian. */
  readonly basis: string;
}

/**
 * Varanto's scope name for "read the principal's social welfare client data in the portal". The
 * Suomi.fi mandate register has its own identifiers for such scopes (valtuusasiat); the one for
 * social welfare data is not known here, so this name is ours and maps to it on import.
 */
export const MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS = 'social_welfare_records';

/** A recorded mandate (valtuutus) from an adult principal to an agent. */
export interface MandateFact {
  readonly principal: PersonKey;
  readonly agent: PersonKey;
  readonly scopes: readonly string[];
  /** Inclusive period. */
  readonly start: string;
  readonly end?: string;
  /** The mandate no longer holds from this date on. */
  readonly revokedOn?: string;
}

export interface Relations {
  readonly persons: readonly PersonFact[];
  readonly guardianships: readonly GuardianshipFact[];
  readonly guardianBars: readonly GuardianBarFact[];
  readonly mandates: readonly MandateFact[];
}

export const NO_RELATIONS: Relations = { persons: [], guardianships: [], guardianBars: [], mandates: [] };

export const AGE_OF_MAJORITY = 18;

/**
 * From this age a minor reads their own records themself. Neither the seed nor the research gives an
 * age for the social welfare side of OmaKanta; 15 follows the child welfare act (lastensuojelulaki
 * 417/2007, 21 §: a 15-year-old exercises their right to be heard alongside the guardian) and is
 * configurable (`VisibilityPolicy.selfViewMinAge`). A younger child's records are read by the guardian.
 */
export const DEFAULT_SELF_VIEW_MIN_AGE = 15;

export type OnBehalfBasis =
  | { readonly kind: 'self'; readonly age: number }
  | { readonly kind: 'guardian'; readonly guardianship: GuardianshipFact }
  | { readonly kind: 'mandate'; readonly mandate: MandateFact };

export type OnBehalfDecision =
  | { readonly allowed: true; readonly basis: OnBehalfBasis }
  | { readonly allowed: false; readonly rule: string; readonly reason: string; readonly reasonFi: string };

/** A period [start, end] (inclusive) holds on `today`; ISO dates compare as strings. */
export function periodHolds(p: { start: string; end?: string }, today: string): boolean {
  return p.start <= today && (p.end === undefined || today <= p.end);
}

/** Age in whole years, or undefined when the birth date is unknown or not a date before `today`. */
export function ageOf(relations: Relations, person: PersonKey, today: string): number | undefined {
  const birthDate = relations.persons.find((p) => p.key === person)?.birthDate;
  if (birthDate === undefined) return undefined;
  try {
    return ageOn({ birthDate }, today);
  } catch {
    return undefined;
  }
}

const REFUSALS = {
  person_unknown: [
    "the person's birth date is not known, so neither self-service nor acting on their behalf can be decided",
    'Henkilön syntymäaika ei ole tiedossa, joten omaa asiointia tai puolesta asiointia ei voida ratkaista',
  ],
  self_below_age: [
    'a child below the self-service age reads their records through a guardian',
    'Omaa asiointia nuorempi lapsi näkee tietonsa huoltajan kautta',
  ],
  not_guardian: [
    'acting for a minor requires guardianship in force on this date',
    'Alaikäisen puolesta asiointi edellyttää tänä päivänä voimassa olevaa huoltajuutta',
  ],
  guardian_barred: [
    "the guardian's access to the child's data is barred (e.g. a child welfare restriction)",
    'Huoltajan pääsy lapsen tietoihin on estetty (esim. lastensuojelun rajoitus)',
  ],
  no_mandate: [
    'acting for an adult requires a recorded mandate from that person',
    'Täysi-ikäisen puolesta asiointi edellyttää häneltä kirjattua valtuutusta',
  ],
  mandate_not_in_force: [
    'the mandate is not in force on this date (not started, ended or revoked)',
    'Valtuutus ei ole voimassa tänä päivänä (ei alkanut, päättynyt tai peruttu)',
  ],
  mandate_scope: [
    'the mandate does not cover reading social welfare client data',
    'Valtuutus ei kata sosiaalihuollon asiakastietojen katselua',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type OnBehalfRule = keyof typeof REFUSALS;

function refuse(rule: OnBehalfRule): OnBehalfDecision {
  const [reason, reasonFi] = REFUSALS[rule];
  return { allowed: false, rule, reason, reasonFi };
}

function mandateHolds(m: MandateFact, today: string): boolean {
  return periodHolds(m, today) && (m.revokedOn === undefined || today < m.revokedOn);
}

/**
 * May `person` view `target`'s records on `today`, and on what basis? Self from the self-service
 * age; a guardian only for a minor and never while barred; anyone else for an adult only with a
 * mandate in force that covers social welfare records. Deny by default.
 */
export function decideActingOnBehalf(
  person: PersonKey,
  target: PersonKey,
  relations: Relations,
  today: string,
  selfViewMinAge: number = DEFAULT_SELF_VIEW_MIN_AGE,
): OnBehalfDecision {
  const age = ageOf(relations, target, today);
  if (age === undefined) return refuse('person_unknown');
  if (person === target) {
    return age >= selfViewMinAge ? { allowed: true, basis: { kind: 'self', age } } : refuse('self_below_age');
  }
  if (age < AGE_OF_MAJORITY) {
    const guardianship = relations.guardianships.find(
      (g) => g.guardian === person && g.child === target && periodHolds(g, today),
    );
    if (!guardianship) return refuse('not_guardian');
    const barred = relations.guardianBars.some(
      (b) => b.guardian === person && b.child === target && periodHolds(b, today),
    );
    if (barred) return refuse('guardian_barred');
    return { allowed: true, basis: { kind: 'guardian', guardianship } };
  }
  // An adult: guardianship has ended at majority; only the person's own mandate counts.
  const mandates = relations.mandates.filter((m) => m.principal === target && m.agent === person);
  if (mandates.length === 0) return refuse('no_mandate');
  const inForce = mandates.filter((m) => mandateHolds(m, today));
  if (inForce.length === 0) return refuse('mandate_not_in_force');
  const mandate = inForce.find((m) => m.scopes.includes(MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS));
  if (!mandate) return refuse('mandate_scope');
  return { allowed: true, basis: { kind: 'mandate', mandate } };
}
