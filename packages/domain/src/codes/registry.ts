// The registry answers the two questions the rest of the domain asks about codes: "is this code
// acceptable here (on this date)?" and "what do we show for it?". It is immutable so that a
// request can hold one consistent view while an administrator imports a newer code list: the
// import builds a new registry with `withSystem` and swaps the reference.

import type { CodeEntry, CodeSystem, Language } from './model.ts';
import { type ResolvedSystemReference, resolveSystemReference } from './oid.ts';
import { err, ok, type Result } from './result.ts';

export type LookupFailure = 'unknown_system' | 'unknown_code' | 'not_valid_on_date';

export interface LookupError {
  readonly reason: LookupFailure;
  readonly message: string;
}

/** A code found in the registry, with the system it belongs to. */
export interface FoundCode {
  readonly system: CodeSystem;
  readonly entry: CodeEntry;
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|T)/;

/**
 * The calendar date to test validity against. A date-time is cut to its date as written, so
 * 2024-01-01T00:30:00+02:00 counts as 1 January: the local date of the writer is the one that
 * matters for a Finnish validity period.
 */
function dateOf(onDate: string): string {
  const m = DATE_PREFIX.exec(onDate);
  if (!m?.[1]) throw new RangeError(`Expected an ISO date or date-time, got ${JSON.stringify(onDate)}`);
  return m[1];
}

/** True when `entry` may be used on the ISO date `date` (validity bounds are inclusive). */
export function isValidOn(entry: CodeEntry, date: string): boolean {
  const day = dateOf(date);
  return (
    (entry.validFrom === undefined || entry.validFrom <= day) &&
    (entry.validTo === undefined || day <= entry.validTo)
  );
}

export class CodeRegistry {
  readonly #systems: ReadonlyMap<string, CodeSystem>;
  readonly #codes: ReadonlyMap<string, ReadonlyMap<string, CodeEntry>>;

  /** Later systems replace earlier ones with the same OID, as `withSystem` does. */
  constructor(systems: Iterable<CodeSystem> = []) {
    const bySystem = new Map<string, CodeSystem>();
    for (const system of systems) bySystem.set(system.oid, system);
    this.#systems = bySystem;
    this.#codes = new Map([...bySystem].map(([oid, s]) => [oid, new Map(s.codes.map((c) => [c.code, c]))]));
    Object.freeze(this);
  }

  /** A new registry with `system` added, or replacing the system with the same OID. */
  withSystem(system: CodeSystem): CodeRegistry {
    return new CodeRegistry([...this.#systems.values(), system]);
  }

  systems(): readonly CodeSystem[] {
    return [...this.#systems.values()];
  }

  /** Resolves `1.2.3`, `1.2.3.201601` and `urn:oid:1.2.3[.201601]` to a known classification. */
  resolve(systemReference: string): ResolvedSystemReference | undefined {
    return resolveSystemReference(systemReference, this.#systems.keys());
  }

  system(systemReference: string): CodeSystem | undefined {
    const resolved = this.resolve(systemReference);
    return resolved === undefined ? undefined : this.#systems.get(resolved.oid);
  }

  /**
   * Finds a code. With `onDate` (ISO date or date-time) the code must also be valid on that day.
   * Throws RangeError for a malformed `onDate`, which is a caller bug, not bad data.
   */
  lookup(systemReference: string, code: string, onDate?: string): Result<FoundCode, LookupError> {
    const system = this.system(systemReference);
    if (system === undefined) {
      return err({ reason: 'unknown_system', message: `No code system is known for ${systemReference}` });
    }
    const entry = this.#codes.get(system.oid)?.get(code);
    if (entry === undefined) {
      return err({
        reason: 'unknown_code',
        message: `Code ${JSON.stringify(code)} is not in ${system.names.fi} (${system.oid})`,
      });
    }
    if (onDate !== undefined && !isValidOn(entry, onDate)) {
      const from = entry.validFrom ?? '…';
      const to = entry.validTo ?? '…';
      return err({
        reason: 'not_valid_on_date',
        message: `Code ${code} of ${system.oid} is valid ${from} – ${to}, not on ${dateOf(onDate)}`,
      });
    }
    return ok({ system, entry });
  }

  /** The name to show for a code, in `lang` or else in Finnish; undefined for an unknown code. */
  display(systemReference: string, code: string, lang: Language): string | undefined {
    const found = this.lookup(systemReference, code);
    if (!found.ok) return undefined;
    return found.value.entry.names[lang] ?? found.value.entry.names.fi;
  }

  /** The codes of a system, only those valid on `onDate` when given (for pick lists). */
  codes(systemReference: string, onDate?: string): readonly CodeEntry[] {
    const system = this.system(systemReference);
    if (system === undefined) return [];
    return onDate === undefined ? system.codes : system.codes.filter((c) => isValidOn(c, onDate));
  }

  /** The direct children of a code in a hierarchical system. */
  children(systemReference: string, parentCode: string): readonly CodeEntry[] {
    return this.codes(systemReference).filter((c) => c.parent === parentCode);
  }
}
