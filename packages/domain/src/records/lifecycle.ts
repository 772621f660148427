// The document lifecycle as pure transitions. A completed document is archived at once as
// version 1; correction and invalidation each produce the next version and keep every earlier
// one. The store applies these decisions inside its transaction; it never invents its own.
import type { DocumentStatus } from './types.ts';

export type LifecycleAction = 'store' | 'correct' | 'invalidate';

export type LifecycleDecision =
  | { readonly ok: true; readonly nextVersion: number; readonly status: DocumentStatus }
  | {
      readonly ok: false;
      readonly rule: LifecycleRule;
      readonly reason: string;
      /** The version the caller should have named, for a 409 answer. */
      readonly currentVersion?: number;
    };

export type LifecycleRule =
  | 'version_conflict'
  | 'already_invalidated'
  | 'reason_required'
  | 'reason_too_long'
  | 'wrong_set';

export const MAX_REASON_LENGTH = 2000;

export interface CurrentState {
  readonly version: number;
  readonly status: DocumentStatus;
}

function checkReason(reason: string | undefined): LifecycleDecision | undefined {
  const r = reason?.trim() ?? '';
  if (r.length === 0) {
    return {
      ok: false,
      rule: 'reason_required',
      reason: 'a correction or invalidation must state its reason',
    };
  }
  if (r.length > MAX_REASON_LENGTH) {
    return {
      ok: false,
      rule: 'reason_too_long',
      reason: `the reason is longer than ${MAX_REASON_LENGTH} characters`,
    };
  }
  return undefined;
}

/**
 * The next version after `current`, if the caller named the current version and gave a reason.
 * Naming the version is what makes concurrent changes safe: of two correctors (or a corrector and
 * an invalidator) exactly one named a version that is still current.
 */
function decideNextVersion(
  current: CurrentState,
  namedVersion: number,
  reason: string | undefined,
  status: DocumentStatus,
  invalidatedReason: string,
): LifecycleDecision {
  const bad = checkReason(reason);
  if (bad) return bad;
  if (current.status === 'invalidated') {
    return {
      ok: false,
      rule: 'already_invalidated',
      reason: invalidatedReason,
      currentVersion: current.version,
    };
  }
  if (namedVersion !== current.version) {
    return {
      ok: false,
      rule: 'version_conflict',
      reason: `version ${namedVersion} is not the current version ${current.version}`,
      currentVersion: current.version,
    };
  }
  return { ok: true, nextVersion: current.version + 1, status };
}

/** Correcting stores the next version of the same document, active. */
export function decideCorrection(
  current: CurrentState,
  correctsVersion: number,
  reason: string | undefined,
): LifecycleDecision {
  return decideNextVersion(
    current,
    correctsVersion,
    reason,
    'active',
    'an invalidated document cannot be corrected',
  );
}

/** Invalidation (mitätöinti) is itself a version: marked, reasoned, never a deletion. */
export function decideInvalidation(
  current: CurrentState,
  invalidatesVersion: number,
  reason: string | undefined,
): LifecycleDecision {
  return decideNextVersion(
    current,
    invalidatesVersion,
    reason,
    'invalidated',
    'the document is already invalidated',
  );
}
