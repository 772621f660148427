// OmaKanta visibility: what a client, a guardian or a mandated person sees of the client's
// documents. First the viewer's basis is decided (self, guardian, mandate: relations.ts), then each
// rule below is a small named step that turns the basis into a predicate on the document; the
// first that refuses names the decision. `visibilityFilter` is their conjunction for SQL, so a list,
// a count and a single read apply the same rules. Deny by default: no basis, nothing visible.
import type { ClientKey } from '../records/types.ts';
import { HIDDEN_KINDS, type HiddenKind } from './kinds.ts';
import {
  evaluateVisibility,
  V_FALSE,
  V_TRUE,
  type VisibilityDocument,
  type VisibilityPredicate,
  vAnd,
  vIn,
  vNot,
  vOr,
} from './predicate.ts';
import {
  DEFAULT_SELF_VIEW_MIN_AGE,
  decideActingOnBehalf,
  type OnBehalfBasis,
  type PersonKey,
  type Relations,
} from './relations.ts';

/** Who looks (`person`, logged in) at whose records (`subject`). The same person for oneself. */
export interface Viewer {
  readonly person: PersonKey;
  readonly subject: ClientKey;
}

export interface VisibilityPolicy {
  readonly hiddenKinds: readonly HiddenKind[];
  /**
   * Document groups (1.2.246.537.6.1505) shown: clienthood 1, case 2, phase II+ client documents 5,
   * consent 8, prohibition 9. Phase I client documents and legacy documents (made before joining)
   * carry other group codes, unknown here (3, 4, 6, 7 exist officially), so any group not listed is
   * hidden rather than guessed.
   */
  readonly shownGroups: readonly string[];
  readonly selfViewMinAge: number;
}

export const DEFAULT_VISIBILITY_POLICY: VisibilityPolicy = {
  hiddenKinds: HIDDEN_KINDS,
  shownGroups: ['1', '2', '5', '8', '9'],
  selfViewMinAge: DEFAULT_SELF_VIEW_MIN_AGE,
};

export interface VisibilityContext {
  /** The Finnish calendar date of the view (ISO). */
  readonly today: string;
  readonly relations: Relations;
  readonly policy?: VisibilityPolicy;
}

export type VisibilityDecision =
  | { readonly visible: true; readonly basis: OnBehalfBasis['kind'] }
  | { readonly visible: false; readonly rule: string; readonly reason: string; readonly reasonFi: string };

interface VisibilityRule {
  readonly name: string;
  readonly reason: string;
  readonly reasonFi: string;
  appliesTo(basis: OnBehalfBasis): boolean;
  predicate(
    viewer: Viewer,
    basis: OnBehalfBasis,
    ctx: VisibilityContext,
    policy: VisibilityPolicy,
  ): VisibilityPredicate;
}

/** The document is of this kind: its type, general type or social service says so. */
export function kindPredicate(kind: HiddenKind): VisibilityPredicate {
  return vOr(
    vIn('documentType', kind.documentTypes),
    kind.generalTypes.length > 0 ? { op: 'general_type_in', values: kind.generalTypes } : V_FALSE,
    vIn('socialService', kind.socialServices),
  );
}

function hiddenKindRule(kind: HiddenKind): VisibilityRule {
  return {
    name: kind.rule,
    reason: kind.reason,
    reasonFi: kind.reasonFi,
    appliesTo: () => true,
    predicate: (_v, _b, _c, policy) => {
      // The policy's own definition of the kind wins, so imported social service codes take effect.
      const k = policy.hiddenKinds.find((x) => x.name === kind.name);
      if (!k) return V_TRUE;
      const ofKind = kindPredicate(k);
      return k.liftable
        ? vNot(vAnd(ofKind, vNot({ op: 'flag', flag: 'automaticHidingLifted' })))
        : vNot(ofKind);
    },
  };
}

export const VISIBILITY_RULES: readonly VisibilityRule[] = [
  {
    name: 'concerns_subject',
    reason: 'the document does not concern the person whose records are viewed',
    reasonFi: 'Asiakirja ei koske henkilöä, jonka tietoja katsotaan',
    appliesTo: () => true,
    predicate: (viewer) => ({ op: 'concerns', client: viewer.subject }),
  },
  {
    name: 'invalidated',
    reason: 'an invalidated document is not shown in OmaKanta',
    reasonFi: 'Mitätöityä asiakirjaa ei näytetä OmaKannassa',
    appliesTo: () => true,
    predicate: () => vIn('status', ['active']),
  },
  {
    name: 'phase_or_legacy',
    reason: 'documents made before joining the repository or in its first phase are not shown in OmaKanta',
    reasonFi:
      'Ennen Kanta-palveluiden käyttöönottoa tai sen ensimmäisessä vaiheessa laadittuja asiakirjoja ei näytetä OmaKannassa',
    appliesTo: () => true,
    predicate: (_v, _b, _c, policy) => vIn('documentGroup', policy.shownGroups),
  },
  ...HIDDEN_KINDS.map(hiddenKindRule),
  {
    name: 'special_content',
    reason: 'a professional marked the document as special content (erityissisältö): never shown in OmaKanta',
    reasonFi: 'Ammattilainen on merkinnyt asiakirjaan erityissisällön: sitä ei näytetä OmaKannassa',
    appliesTo: () => true,
    predicate: () => vNot({ op: 'flag', flag: 'specialContent' }),
  },
  {
    name: 'delayed',
    reason: 'a professional delayed showing the document until a later date',
    reasonFi: 'Ammattilainen on viivästyttänyt asiakirjan näyttämistä myöhempään päivään',
    appliesTo: () => true,
    predicate: (_v, _b, ctx) => ({ op: 'delay_over', today: ctx.today }),
  },
  {
    name: 'not_shown_to_guardian',
    reason: "the document is not marked as shown to the child's guardian",
    reasonFi: 'Asiakirjaa ei ole merkitty näytettäväksi lapsen huoltajalle',
    appliesTo: (basis) => basis.kind === 'guardian',
    predicate: () => ({ op: 'flag', flag: 'shownToGuardian' }),
  },
];

function policyOf(ctx: VisibilityContext): VisibilityPolicy {
  return ctx.policy ?? DEFAULT_VISIBILITY_POLICY;
}

function rulesFor(basis: OnBehalfBasis): readonly VisibilityRule[] {
  return VISIBILITY_RULES.filter((r) => r.appliesTo(basis));
}

/** The decision on one document, naming the first rule that refuses. */
export function decideVisibility(
  viewer: Viewer,
  document: VisibilityDocument,
  ctx: VisibilityContext,
): VisibilityDecision {
  const policy = policyOf(ctx);
  const onBehalf = decideActingOnBehalf(
    viewer.person,
    viewer.subject,
    ctx.relations,
    ctx.today,
    policy.selfViewMinAge,
  );
  if (!onBehalf.allowed) {
    return { visible: false, rule: onBehalf.rule, reason: onBehalf.reason, reasonFi: onBehalf.reasonFi };
  }
  for (const rule of rulesFor(onBehalf.basis)) {
    if (!evaluateVisibility(rule.predicate(viewer, onBehalf.basis, ctx, policy), document)) {
      return { visible: false, rule: rule.name, reason: rule.reason, reasonFi: rule.reasonFi };
    }
  }
  return { visible: true, basis: onBehalf.basis.kind };
}

/**
 * What the viewer's list, counts and searches may return: FALSE without a basis, else the
 * conjunction of every applicable rule. Combine with the subject's documents (the client index).
 */
export function visibilityFilter(viewer: Viewer, ctx: VisibilityContext): VisibilityPredicate {
  const policy = policyOf(ctx);
  const onBehalf = decideActingOnBehalf(
    viewer.person,
    viewer.subject,
    ctx.relations,
    ctx.today,
    policy.selfViewMinAge,
  );
  if (!onBehalf.allowed) return V_FALSE;
  return vAnd(...rulesFor(onBehalf.basis).map((r) => r.predicate(viewer, onBehalf.basis, ctx, policy)));
}

/** Every refusing rule, for a professional's "why does the client not see this?". */
export function explainVisibility(
  viewer: Viewer,
  document: VisibilityDocument,
  ctx: VisibilityContext,
): { rule: string; reason: string; reasonFi: string }[] {
  const policy = policyOf(ctx);
  const onBehalf = decideActingOnBehalf(
    viewer.person,
    viewer.subject,
    ctx.relations,
    ctx.today,
    policy.selfViewMinAge,
  );
  if (!onBehalf.allowed)
    return [{ rule: onBehalf.rule, reason: onBehalf.reason, reasonFi: onBehalf.reasonFi }];
  return rulesFor(onBehalf.basis)
    .filter((r) => !evaluateVisibility(r.predicate(viewer, onBehalf.basis, ctx, policy), document))
    .map((r) => ({ rule: r.name, reason: r.reason, reasonFi: r.reasonFi }));
}

/** The automatically hidden kind a document is of, if any (for the worker's view and prompts). */
export function hiddenKindOf(
  document: VisibilityDocument,
  policy: VisibilityPolicy = DEFAULT_VISIBILITY_POLICY,
): HiddenKind | undefined {
  return policy.hiddenKinds.find((k) => evaluateVisibility(kindPredicate(k), document));
}
