// Errors the client reports (virheilmoitus): a client who sees an error in a document in OmaKanta
// flags it; the flag goes to the service unit that recorded the document, whose workers correct the
// document (a new version) or answer why not; the client follows the status. The flag's history is
// kept as versions, so a later answer never overwrites an earlier one.
import type { Actor, Role } from '../records/types.ts';

export const ERROR_FLAG_STATUSES = ['open', 'in_progress', 'corrected', 'rejected'] as const;
export type ErrorFlagStatus = (typeof ERROR_FLAG_STATUSES)[number];

export const MAX_FLAG_TEXT_LENGTH = 2000;

/** Roles of a unit's client work, who receive and answer its flags. */
export const FLAG_HANDLING_ROLES: readonly Role[] = [
  'social_worker',
  'social_instructor',
  'practical_nurse',
  'office_worker',
];

export type FlagDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly rule: FlagRule; readonly reason: string; readonly reasonFi: string };

const REFUSALS = {
  description_required: ['describe the error you found', 'Kuvaa löytämäsi virhe'],
  description_too_long: [
    `the description is longer than ${MAX_FLAG_TEXT_LENGTH} characters`,
    `Kuvaus on pidempi kuin ${MAX_FLAG_TEXT_LENGTH} merkkiä`,
  ],
  flag_role: [
    "only a worker of the unit's client work handles error reports",
    'Virheilmoituksia käsittelevät vain yksikön asiakastyötä tekevät',
  ],
  flag_unit: [
    'the error report is addressed to the service unit that recorded the document',
    'Virheilmoitus on osoitettu asiakirjan kirjanneelle palveluyksikölle',
  ],
  flag_closed: [
    'the error report has been answered and closed',
    'Virheilmoitukseen on vastattu ja se on suljettu',
  ],
  status_unchanged: ['the error report already has this status', 'Virheilmoituksella on jo tämä tila'],
  response_required: [
    'the client is told how the report was handled: write a response',
    'Asiakkaalle kerrotaan, miten ilmoitus käsiteltiin: kirjoita vastaus',
  ],
  response_too_long: [
    `the response is longer than ${MAX_FLAG_TEXT_LENGTH} characters`,
    `Vastaus on pidempi kuin ${MAX_FLAG_TEXT_LENGTH} merkkiä`,
  ],
  correction_missing: [
    'a report is corrected by a new version of the document (or its invalidation): none was stored after the report',
    'Virhe korjataan tallentamalla asiakirjasta uusi versio (tai mitätöimällä se): ilmoituksen jälkeen ei ole tallennettu uutta versiota',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type FlagRule = keyof typeof REFUSALS;

function refuse(rule: FlagRule): FlagDecision {
  const [reason, reasonFi] = REFUSALS[rule];
  return { ok: false, rule, reason, reasonFi };
}

function textProblem(
  text: string | undefined,
  missing: FlagRule,
  tooLong: FlagRule,
): FlagDecision | undefined {
  const t = text?.trim() ?? '';
  if (t.length === 0) return refuse(missing);
  if (t.length > MAX_FLAG_TEXT_LENGTH) return refuse(tooLong);
  return undefined;
}

/** A client's new flag. Whether the client may see the document is the visibility rules' call. */
export function decideNewFlag(description: string): FlagDecision {
  return textProblem(description, 'description_required', 'description_too_long') ?? { ok: true };
}

export interface FlagState {
  readonly status: ErrorFlagStatus;
  /** The unit that recorded the document: the flag is addressed to it. */
  readonly serviceUnitOid: string;
  /** The document version the client flagged. */
  readonly documentVersion: number;
}

export interface FlagStatusChange {
  readonly status: ErrorFlagStatus;
  readonly response?: string;
}

/**
 * A worker of the recording unit moves the flag on. A closed flag stays closed (the client files a
 * new one); closing needs a response the client reads; "corrected" needs a version of the document
 * stored after the flagged one. Access to the document itself is decided by the access policy.
 */
export function decideFlagStatusChange(
  actor: Actor,
  flag: FlagState,
  change: FlagStatusChange,
  currentDocumentVersion: number,
): FlagDecision {
  if (!FLAG_HANDLING_ROLES.includes(actor.role)) return refuse('flag_role');
  if (!actor.serviceUnitOids.includes(flag.serviceUnitOid)) return refuse('flag_unit');
  if (flag.status === 'corrected' || flag.status === 'rejected') return refuse('flag_closed');
  if (change.status === flag.status) return refuse('status_unchanged');
  if (change.status === 'corrected' || change.status === 'rejected') {
    const bad = textProblem(change.response, 'response_required', 'response_too_long');
    if (bad) return bad;
  } else if (change.response !== undefined && change.response.trim().length > MAX_FLAG_TEXT_LENGTH) {
    return refuse('response_too_long');
  }
  if (change.status === 'corrected' && currentDocumentVersion <= flag.documentVersion) {
    return refuse('correction_missing');
  }
  return { ok: true };
}
