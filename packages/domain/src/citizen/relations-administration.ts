// Who records the relations that open a person's records in OmaKanta to another person, who reads
// them, and who keeps a professional's contact details shown to clients.
//
// Guardianships and mandates are facts of national registers (the population register of DVV,
// Suomi.fi mandates): the repository only copies them, so an administrator of an organization whose
// register holds the person (a clienthood with the organization as registrar) records them as the
// register says. A guardian bar is a decision of child welfare, not a register fact: the social
// worker who works on the child's matter in child welfare (service task 10) — a care relation in
// force in the own register — records it. Every write opens or closes someone's records to another
// person, so it needs a strong login. Refusals here concern the actor's standing (403); whether the
// person exists at all is the route's 404.
import type { CareRelationFact, ClientFacts } from '../access/facts.ts';
import { inForce } from '../access/facts.ts';
import type { Actor } from '../records/types.ts';

export type RelationDecision =
  | { readonly effect: 'allow'; readonly rule: string }
  | { readonly effect: 'deny'; readonly rule: string; readonly reason: string };

const allow = (rule: string): RelationDecision => ({ effect: 'allow', rule });
const deny = (rule: string, reason: string): RelationDecision => ({ effect: 'deny', rule, reason });

export type PersonRelationKindName = 'guardianship' | 'guardian_bar' | 'mandate';

/** Child welfare (lastensuojelu), service task code 1.2.246.537.6.1221. */
export const CHILD_WELFARE_SERVICE_TASK = '10';

/** What the rule must know of the person whose records the relation opens (the subject). */
export interface RelationSubjectFacts {
  /** Registrars with a clienthood of the subject (whose registers hold the person). */
  readonly clienthoodRegistrars: readonly string[];
  /** The subject's service tasks and care relations (access/facts.ts). */
  readonly facts: ClientFacts;
}

/** Whether the actor's organization's register holds the subject. */
export function registerHoldsSubject(actor: Actor, s: RelationSubjectFacts): boolean {
  return s.clienthoodRegistrars.some((r) => actor.registrarOids.includes(r));
}

/**
 * Whether the actor works on the subject's matter in child welfare today: a care relation in force
 * held by them or their unit in a register of their own organization where the child's clienthood
 * has child welfare open, and the actor's right covers child welfare. No grace period: a bar is a
 * decision taken now.
 */
export function childWelfareCareRelation(actor: Actor, s: RelationSubjectFacts, today: string): boolean {
  if (!actor.serviceTasks.includes(CHILD_WELFARE_SERVICE_TASK)) return false;
  const held = (c: CareRelationFact) =>
    c.professionalId === actor.professionalId ||
    (c.serviceUnitOid !== undefined && actor.serviceUnitOids.includes(c.serviceUnitOid));
  return s.facts.careRelations.some(
    (c) =>
      actor.registrarOids.includes(c.registrarOid) &&
      held(c) &&
      inForce(c, today, today) &&
      s.facts.serviceTasks.some(
        (t) =>
          t.registrarOid === c.registrarOid &&
          t.serviceTask === CHILD_WELFARE_SERVICE_TASK &&
          inForce(t, today, today),
      ),
  );
}

/**
 * Recording a relation, or its next version (an end date, a revocation, a withdrawal of one
 * recorded in error): the same standing for both, by the relation's kind.
 */
export function decidePersonRelationRecording(
  actor: Actor,
  kind: PersonRelationKindName,
  subject: RelationSubjectFacts,
  today: string,
): RelationDecision {
  if (kind === 'guardian_bar') {
    if (actor.role !== 'social_worker') {
      return deny('relation_bar_role', "only a social worker in child welfare bars a guardian's access");
    }
  } else if (actor.role !== 'admin') {
    return deny(
      'relation_register_admin',
      'guardianships and mandates are register facts (population register, Suomi.fi mandates) recorded by an administrator',
    );
  }
  if (!actor.strongAuth) {
    return deny(
      'strong_authentication',
      "recording a relation that opens a person's records requires a strong login (certificate card)",
    );
  }
  if (kind === 'guardian_bar') {
    return childWelfareCareRelation(actor, subject, today)
      ? allow('relation_bar_child_welfare')
      : deny(
          'relation_bar_care_relation',
          'a guardian bar is recorded by a social worker with a care relation with the child in child welfare in the own register',
        );
  }
  return registerHoldsSubject(actor, subject)
    ? allow('relation_register_admin')
    : deny(
        'relation_not_organizer',
        "an administrator records relations of persons held in their own organization's register only",
      );
}

/**
 * Reading a person's relations: whoever may read the person's records (decided by the access
 * policy on the person's facts, `readsRecords`), or whoever may record relations of the person.
 * Anyone else learns nothing, not even that the person has relations: the route answers 404.
 */
export function decidePersonRelationsReading(
  actor: Actor,
  subject: RelationSubjectFacts,
  today: string,
  readsRecords: boolean,
): RelationDecision {
  if (readsRecords) return allow('relation_read_records');
  for (const kind of ['guardianship', 'guardian_bar'] as const) {
    const d = decidePersonRelationRecording(actor, kind, subject, today);
    if (d.effect === 'allow') return allow(`relation_read_${d.rule}`);
  }
  return deny(
    'relation_read',
    "the relations of a person are read by those who may read the person's records",
  );
}

/** The professional whose contact details are concerned, with the organization they work in. */
export interface ContactSubject {
  readonly professionalId: string;
  /** The organization of the right valid today, else of the newest right; none if never granted. */
  readonly organizationOid?: string;
}

/**
 * Changing a professional's work contact details (shown to their clients): the professional
 * themself, or an administrator of their organization.
 */
export function decideProfessionalContactChange(actor: Actor, subject: ContactSubject): RelationDecision {
  if (subject.professionalId === actor.professionalId) return allow('contact_self');
  if (subject.organizationOid === undefined || subject.organizationOid !== actor.organizationOid) {
    return deny(
      'contact_own_organization',
      "contact details are kept within the professional's own organization",
    );
  }
  if (actor.role !== 'admin') {
    return deny(
      'contact_admin_only',
      "only the professional or an administrator changes a colleague's contact details",
    );
  }
  return allow('contact_admin');
}

/** Reading a professional's contact details: the professional and their colleagues in the organization. */
export function decideProfessionalContactReading(actor: Actor, subject: ContactSubject): RelationDecision {
  if (subject.professionalId === actor.professionalId) return allow('contact_self');
  if (subject.organizationOid !== undefined && subject.organizationOid === actor.organizationOid) {
    return allow('contact_colleague');
  }
  return deny(
    'contact_own_organization',
    "contact details are kept within the professional's own organization",
  );
}

export interface RelationPeriodInput {
  readonly kind: PersonRelationKindName;
  readonly subjectKey: string;
  readonly holderKey: string;
  readonly start: string;
  readonly end?: string;
  readonly revokedOn?: string;
  readonly scopes?: readonly string[];
  readonly basis?: string;
}

export interface RelationInputError {
  /** JSON pointer into the request body. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The consistency of a relation version, as the table's checks require it (so the database never
 * refuses what the API accepted): holder ≠ subject, end not before start, a bar has its basis,
 * scopes and revocation belong to mandates only (a mandate names at least one scope), and a
 * revocation not before the start.
 */
export function relationInputErrors(r: RelationPeriodInput): RelationInputError[] {
  const errors: RelationInputError[] = [];
  if (r.holderKey === r.subjectKey) {
    errors.push({
      path: '/holderKey',
      code: 'holder_is_subject',
      message: 'A person holds no relation over themselves.',
    });
  }
  if (r.end !== undefined && r.end < r.start) {
    errors.push({
      path: '/end',
      code: 'end_before_start',
      message: 'The end date is before the start date.',
    });
  }
  if (r.kind === 'guardian_bar' && (r.basis === undefined || r.basis.trim() === '')) {
    errors.push({ path: '/basis', code: 'basis_required', message: 'A guardian bar states its basis.' });
  }
  if (r.kind !== 'guardian_bar' && r.basis !== undefined) {
    errors.push({ path: '/basis', code: 'basis_bar_only', message: 'Only a guardian bar has a basis.' });
  }
  if (r.kind === 'mandate') {
    if ((r.scopes ?? []).length === 0) {
      errors.push({ path: '/scopes', code: 'scopes_required', message: 'A mandate names what it covers.' });
    }
    if (r.revokedOn !== undefined && r.revokedOn < r.start) {
      errors.push({
        path: '/revokedOn',
        code: 'revoked_before_start',
        message: 'The revocation is before the start date.',
      });
    }
  } else {
    if (r.scopes !== undefined && r.scopes.length > 0) {
      errors.push({ path: '/scopes', code: 'scopes_mandate_only', message: 'Only a mandate has scopes.' });
    }
    if (r.revokedOn !== undefined) {
      errors.push({
        path: '/revokedOn',
        code: 'revocation_mandate_only',
        message: 'Only a mandate is revoked.',
      });
    }
  }
  return errors;
}
