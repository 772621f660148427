// What the client, or a person acting for them, is shown of one entry of the client's access log
// ("who handled my data"). The client has the right to know who handled their data, when, where
// and why; but an entry must not reveal what the visibility rules keep from this viewer. The facts
// are computed in SQL (store/citizen-log.ts) with the same compiled visibility filter the document
// lists use; this module decides what of the entry is shown.
import {
  DEFAULT_VISIBILITY_POLICY,
  kindPredicate,
  type VisibilityPolicy,
  type VisibilityPredicate,
  vAnd,
  vNot,
  vOr,
} from '../visibility/index.ts';

/** How the viewer came to see the subject's records (visibility/relations.ts). */
export type CitizenViewBasis = 'self' | 'guardian' | 'mandate';

export interface LogEntryFacts {
  readonly basis: CitizenViewBasis;
  /** Documents the entry names that the viewer may not see now (hidden, other clients', unknown). */
  readonly hiddenDocuments: number;
  /**
   * The entry's professional works in a service unit that wrote a document of the subject that is
   * never shown in OmaKanta (an automatically hidden kind, or special content).
   */
  readonly actorDidNeverShownWork: boolean;
}

export interface LogDisclosure {
  /** Who acted: person, organization and service units. */
  readonly actor: boolean;
  /** Free text and rule names of the entry (purpose, reason, care relation), which may describe a document. */
  readonly details: boolean;
  /** The rule that withheld something, or undefined when the whole entry is shown. */
  readonly rule?: LogWithholdingRule;
  readonly reason?: string;
  readonly reasonFi?: string;
}

export type LogWithholdingRule = 'hidden_document' | 'on_behalf_hidden_work';

const RULES: Record<LogWithholdingRule, readonly [string, string]> = {
  hidden_document: [
    'the entry concerns a document not shown to you in OmaKanta: the document is not identified',
    'Merkintä koskee asiakirjaa, jota ei näytetä sinulle OmaKannassa: asiakirjaa ei yksilöidä',
  ],
  on_behalf_hidden_work: [
    'when acting on behalf of another person, entries about documents hidden from you do not name who handled them',
    'Toisen puolesta asioitaessa ei näytetä, kuka käsitteli sinulta piilotettuja tietoja',
  ],
};

/**
 * What of an entry the viewer sees. Documents the viewer may not see are never identified (the
 * caller lists only the visible ones and counts the rest), and the entry's free text goes with
 * them. Someone acting for another person also does not learn who handled such documents, nor who
 * did work that is never shown (a shelter home's staff): the person themself knows where they were,
 * the other parent reading the child's log must not.
 */
export function citizenLogDisclosure(f: LogEntryFacts): LogDisclosure {
  const hidden = f.hiddenDocuments > 0;
  if (f.basis !== 'self' && (hidden || f.actorDidNeverShownWork)) {
    return withheld('on_behalf_hidden_work', false);
  }
  if (hidden) return withheld('hidden_document', true);
  return { actor: true, details: true };
}

function withheld(rule: LogWithholdingRule, actor: boolean): LogDisclosure {
  const [reason, reasonFi] = RULES[rule];
  return { actor, details: false, rule, reason, reasonFi };
}

/**
 * Documents never shown in OmaKanta whoever looks: an automatically hidden kind (unless lifted) or
 * special content. Their authors' units are what `actorDidNeverShownWork` asks about.
 */
export function neverShownPredicate(
  policy: VisibilityPolicy = DEFAULT_VISIBILITY_POLICY,
): VisibilityPredicate {
  return vOr(
    { op: 'flag', flag: 'specialContent' },
    ...policy.hiddenKinds.map((k) =>
      k.liftable
        ? vAnd(kindPredicate(k), vNot({ op: 'flag', flag: 'automaticHidingLifted' }))
        : kindPredicate(k),
    ),
  );
}
