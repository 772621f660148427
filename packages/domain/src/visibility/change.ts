// Who may change a document's OmaKanta visibility, and what the change makes of its settings: a
// pure transition like the document lifecycle. A professional (of the organizer, or of a producer
// writing under a register usage right) may delay a document or hide it for good with a
// special-content marking, for a reason. Hiding a minor's document from the guardian is the
// organizer's call: a producer's (or another worker's) marking takes effect at once, protecting
// the child, but stays unconfirmed until the child's responsible worker at the organizer confirms
// it, and it cannot undo a confirmed one. The access policy decides separately whether the
// professional may touch the document at all; these rules come on top.
import { type ClientFacts, inForce } from '../access/facts.ts';
import { parseIsoDate } from '../identity/calendar.ts';
import { MAX_REASON_LENGTH } from '../records/lifecycle.ts';
import type { Actor, OmaKantaSettings } from '../records/types.ts';
import { CUSTODY_INVESTIGATION, NARRATIVE_ENTRY_GENERAL_TYPE } from './kinds.ts';
import { evaluateVisibility, type VisibilityDocument, type VisibilitySettings } from './predicate.ts';
import { AGE_OF_MAJORITY, ageOf, type Relations } from './relations.ts';
import { DEFAULT_VISIBILITY_POLICY, hiddenKindOf, kindPredicate, type VisibilityPolicy } from './rules.ts';

export type VisibilityChange =
  | {
      readonly kind: 'delay';
      readonly until: string;
      readonly reasonCode?: string;
      readonly reasonText: string;
    }
  | { readonly kind: 'end_delay'; readonly reasonText: string }
  | { readonly kind: 'mark_special_content'; readonly reasonCode?: string; readonly reasonText: string }
  | { readonly kind: 'remove_special_content'; readonly reasonText: string }
  | { readonly kind: 'guardian'; readonly shown: boolean; readonly reasonText?: string }
  | { readonly kind: 'confirm_guardian_hiding' }
  | { readonly kind: 'lift_automatic_hiding'; readonly reasonText: string }
  /** The worker looked at a flagged document and keeps it shown. */
  | { readonly kind: 'keep_shown' };

export interface VisibilityChangeContext {
  readonly today: string;
  /** The care relations of the document's client(s) (access facts), to find the responsible worker. */
  readonly facts: ClientFacts;
}

export type VisibilityChangeDecision =
  | {
      readonly allowed: true;
      readonly settings: VisibilitySettings;
      /** Hidden from the guardian pending the organizer's responsible worker's confirmation. */
      readonly needsConfirmation: boolean;
    }
  | { readonly allowed: false; readonly rule: string; readonly reason: string; readonly reasonFi: string };

/** Roles that do client work and may judge what the client is shown. */
const CHANGING_ROLES: readonly string[] = ['social_worker', 'social_instructor'];

const REFUSALS = {
  change_role: [
    'only a social worker or social instructor may change what the client is shown',
    'Vain sosiaalityöntekijä tai sosiaaliohjaaja voi muuttaa asiakirjan näkymistä asiakkaalle',
  ],
  change_registrar: [
    "the professional's organization has no right to the register of the document",
    'Ammattilaisen organisaatiolla ei ole oikeutta asiakirjan rekisteriin',
  ],
  change_invalidated: [
    'the visibility of an invalidated document cannot be changed',
    'Mitätöidyn asiakirjan näkymistä ei voi muuttaa',
  ],
  reason_required: [
    'a visibility change must state its reason',
    'Näkymisen muutokselle on kirjattava peruste',
  ],
  reason_too_long: [
    `the reason is longer than ${MAX_REASON_LENGTH} characters`,
    `Peruste on pidempi kuin ${MAX_REASON_LENGTH} merkkiä`,
  ],
  delay_date_invalid: [
    'the delay date is not a date (YYYY-MM-DD)',
    'Viivästyksen päivämäärä ei ole päivämäärä (VVVV-KK-PP)',
  ],
  delay_not_future: ['a delay must end after today', 'Viivästyksen on päätyttävä tämän päivän jälkeen'],
  no_delay: ['the document is not delayed', 'Asiakirjan näyttämistä ei ole viivästetty'],
  no_special_content: [
    'the document has no special-content marking',
    'Asiakirjassa ei ole erityissisältömerkintää',
  ],
  responsible_worker_required: [
    "only the child's responsible worker at the organizer may decide this",
    'Tästä voi päättää vain palvelunjärjestäjän vastuutyöntekijä (esim. lapsen omatyöntekijä)',
  ],
  guardian_hiding_confirmed: [
    "the organizer's responsible worker has confirmed hiding the document from the guardian",
    'Palvelunjärjestäjän vastuutyöntekijä on vahvistanut, ettei asiakirjaa näytetä huoltajalle',
  ],
  no_guardian_hiding: [
    'the document is not marked as hidden from the guardian',
    'Asiakirjaa ei ole merkitty huoltajalta piilotetuksi',
  ],
  not_liftable: [
    'only the automatic hiding of adoption counselling documents can be lifted',
    'Vain adoptioneuvonnan asiakirjojen automaattinen rajaus voidaan poistaa',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type VisibilityChangeRule = keyof typeof REFUSALS;

function refuse(rule: VisibilityChangeRule): VisibilityChangeDecision {
  const [reason, reasonFi] = REFUSALS[rule];
  return { allowed: false, rule, reason, reasonFi };
}

/**
 * The child's responsible worker at the organizer: works for the registrar itself (not a producer)
 * and, today, is the client's personal worker there, or is a social worker whose own relation or
 * service unit's open case ties them to the client there.
 */
export function isResponsibleWorker(
  actor: Actor,
  document: VisibilityDocument,
  ctx: VisibilityChangeContext,
): boolean {
  if (actor.organizationOid !== document.registrarOid) return false;
  return ctx.facts.careRelations.some(
    (r) =>
      r.registrarOid === document.registrarOid &&
      inForce(r, ctx.today, ctx.today) &&
      ((r.kind === 'personal_worker' && r.professionalId === actor.professionalId) ||
        (actor.role === 'social_worker' &&
          (r.professionalId === actor.professionalId ||
            (r.serviceUnitOid !== undefined && actor.serviceUnitOids.includes(r.serviceUnitOid))))),
  );
}

function checkReason(text: string | undefined): VisibilityChangeDecision | undefined {
  const r = text?.trim() ?? '';
  if (r.length === 0) return refuse('reason_required');
  if (r.length > MAX_REASON_LENGTH) return refuse('reason_too_long');
  return undefined;
}

function withRestriction(
  s: VisibilitySettings,
  reasonCode: string | undefined,
  reasonText: string,
): VisibilitySettings {
  return {
    ...s,
    ...(reasonCode === undefined ? {} : { restrictionReason: reasonCode }),
    restrictionText: reasonText.trim(),
  };
}

function without<K extends keyof VisibilitySettings>(s: VisibilitySettings, key: K): VisibilitySettings {
  const { [key]: _dropped, ...rest } = s;
  return rest;
}

/** May `actor` make `change` on `document`, and what are its settings afterwards? */
export function decideVisibilityChange(
  actor: Actor,
  change: VisibilityChange,
  document: VisibilityDocument,
  ctx: VisibilityChangeContext,
  policy: VisibilityPolicy = DEFAULT_VISIBILITY_POLICY,
): VisibilityChangeDecision {
  if (!CHANGING_ROLES.includes(actor.role)) return refuse('change_role');
  if (!actor.registrarOids.includes(document.registrarOid)) return refuse('change_registrar');
  if (document.status !== 'active') return refuse('change_invalidated');
  const s = document.omakanta;
  const responsible = isResponsibleWorker(actor, document, ctx);
  const decided = (settings: VisibilitySettings, needsConfirmation = false): VisibilityChangeDecision => ({
    allowed: true,
    settings: { ...settings, visibilityDecidedBy: actor.professionalId },
    needsConfirmation,
  });
  switch (change.kind) {
    case 'delay': {
      const bad = checkReason(change.reasonText);
      if (bad) return bad;
      if (!parseIsoDate(change.until)) return refuse('delay_date_invalid');
      if (change.until <= ctx.today) return refuse('delay_not_future');
      return decided({
        ...withRestriction(s, change.reasonCode, change.reasonText),
        delayUntil: change.until,
      });
    }
    case 'end_delay': {
      const bad = checkReason(change.reasonText);
      if (bad) return bad;
      if (s.delayUntil === undefined) return refuse('no_delay');
      return decided(without(s, 'delayUntil'));
    }
    case 'mark_special_content': {
      const bad = checkReason(change.reasonText);
      if (bad) return bad;
      return decided({ ...withRestriction(s, change.reasonCode, change.reasonText), specialContent: true });
    }
    case 'remove_special_content': {
      // "Permanently" hidden: only the organizer's responsible worker may undo a marking.
      const bad = checkReason(change.reasonText);
      if (bad) return bad;
      if (s.specialContent !== true) return refuse('no_special_content');
      if (!responsible) return refuse('responsible_worker_required');
      return decided(without(s, 'specialContent'));
    }
    case 'guardian': {
      if (!change.shown) {
        const bad = checkReason(change.reasonText);
        if (bad) return bad;
        const hidden = { ...s, shownToGuardian: false, restrictionText: change.reasonText!.trim() };
        return responsible
          ? decided({ ...hidden, guardianHidingConfirmedBy: actor.professionalId })
          : decided(without(hidden, 'guardianHidingConfirmedBy'), true);
      }
      if (s.shownToGuardian === false && s.guardianHidingConfirmedBy !== undefined && !responsible) {
        return refuse('guardian_hiding_confirmed');
      }
      return decided(without({ ...s, shownToGuardian: true }, 'guardianHidingConfirmedBy'));
    }
    case 'confirm_guardian_hiding': {
      if (s.shownToGuardian !== false) return refuse('no_guardian_hiding');
      if (!responsible) return refuse('responsible_worker_required');
      return decided({ ...s, guardianHidingConfirmedBy: actor.professionalId });
    }
    case 'lift_automatic_hiding': {
      const bad = checkReason(change.reasonText);
      if (bad) return bad;
      const kind = hiddenKindOf(document, policy);
      if (!kind?.liftable) return refuse('not_liftable');
      return decided({ ...s, automaticHidingLifted: true });
    }
    case 'keep_shown':
      return decided(s);
  }
}

export type VisibilityDecisionNeed =
  | 'custody_investigation_entry'
  | 'guardian_marking_missing'
  | 'guardian_hiding_unconfirmed';

export interface NeedsDecisionContext {
  readonly today: string;
  /** Birth dates of the document's clients (to know who is a minor). */
  readonly relations: Relations;
  /** Document types of the other documents of the same case (asia). */
  readonly caseDocumentTypes: readonly string[];
  readonly policy?: VisibilityPolicy;
}

const NEEDS: Record<VisibilityDecisionNeed, readonly [string, string]> = {
  custody_investigation_entry: [
    'a narrative entry written during a custody and visitation investigation is not hidden automatically: decide whether the client sees it',
    'Olosuhdeselvityksen aikana kirjattua asiakaskertomusmerkintää ei rajata automaattisesti: päätä, näkyykö se asiakkaalle',
  ],
  guardian_marking_missing: [
    "a minor's document must record whether it is shown to the guardian",
    'Alaikäisen asiakirjaan on merkittävä, näytetäänkö se huoltajalle',
  ],
  guardian_hiding_unconfirmed: [
    "hiding from the guardian awaits confirmation by the organizer's responsible worker",
    'Huoltajalta piilottaminen odottaa palvelunjärjestäjän vastuutyöntekijän vahvistusta',
  ],
};

/**
 * What a worker must still decide about a document's visibility (the UI prompts for each). A
 * custody-investigation narrative entry stays visible until the worker decides: the seed says such
 * entries are "not hidden automatically; the worker hides them".
 */
export function needsVisibilityDecision(
  document: VisibilityDocument,
  ctx: NeedsDecisionContext,
): { need: VisibilityDecisionNeed; reason: string; reasonFi: string }[] {
  const policy = ctx.policy ?? DEFAULT_VISIBILITY_POLICY;
  const s = document.omakanta;
  const out: VisibilityDecisionNeed[] = [];
  const custody =
    policy.hiddenKinds.find((k) => k.name === CUSTODY_INVESTIGATION.name) ?? CUSTODY_INVESTIGATION;
  const isEntry =
    /^[0-9]{4,5}$/.test(document.documentType) &&
    document.documentType.slice(0, -3) === NARRATIVE_ENTRY_GENERAL_TYPE;
  const inInvestigation =
    ctx.caseDocumentTypes.some((t) => custody.documentTypes.includes(t)) ||
    (document.socialService !== undefined && custody.socialServices.includes(document.socialService));
  if (isEntry && inInvestigation && s.visibilityDecidedBy === undefined && s.specialContent !== true) {
    out.push('custody_investigation_entry');
  }
  // Unknown birth date counts as a minor: asking once too often is cheaper than a wrongful show.
  const hasMinor = document.clients.some((c) => {
    const age = ageOf(ctx.relations, c, ctx.today);
    return age === undefined || age < AGE_OF_MAJORITY;
  });
  if (hasMinor && s.shownToGuardian === undefined) out.push('guardian_marking_missing');
  if (s.shownToGuardian === false && s.guardianHidingConfirmedBy === undefined)
    out.push('guardian_hiding_unconfirmed');
  return out.map((need) => ({ need, reason: NEEDS[need][0], reasonFi: NEEDS[need][1] }));
}

/** Whether the document is of a kind the policy hides automatically (unlifted). */
export function isAutomaticallyHidden(
  document: VisibilityDocument,
  policy: VisibilityPolicy = DEFAULT_VISIBILITY_POLICY,
): boolean {
  return policy.hiddenKinds.some(
    (k) =>
      evaluateVisibility(kindPredicate(k), document) &&
      !(k.liftable && document.omakanta.automaticHidingLifted === true),
  );
}

/** The settings a professional sets when storing a document; the rest are set by the rules above. */
const SETTABLE = [
  'delayUntil',
  'specialContent',
  'restrictionReason',
  'restrictionText',
  'shownToGuardian',
] as const;

/**
 * Whether settings sent with a correction leave the visibility as it is. A correction must not
 * change it: that goes through {@link decideVisibilityChange}, which a correction would bypass.
 */
export function visibilityUnchanged(
  given: Pick<OmaKantaSettings, (typeof SETTABLE)[number]>,
  current: Pick<OmaKantaSettings, (typeof SETTABLE)[number]>,
): boolean {
  return SETTABLE.every((k) => given[k] === current[k]);
}
