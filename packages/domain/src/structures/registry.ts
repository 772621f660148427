// The structure definitions a running Varanto knows: the built-ins it ships, plus whatever an
// operator imported from Sosmeta. Documents name their definition by OID (contentSpecificationId),
// and an old document must keep rendering and validating against the version it was written in, so
// every version stays reachable by OID while new documents default to the newest version of a type.
//
// The registry is an immutable value: adding imports yields a new registry, so a request that
// looked a definition up never sees the set change under it.

import { builtinStructures } from './builtin/index.ts';
import type { LocalizedText, StructureDefinition } from './model.ts';

export type StructureSource = 'sosmeta' | 'builtin';

export interface StructureSummary {
  readonly oid: string;
  readonly typeCode: string;
  readonly name: LocalizedText;
  readonly documentType: string;
  readonly version: string;
  readonly source: StructureSource;
}

export type SearchLanguage = 'fi' | 'sv';

function sourceOf(def: StructureDefinition): StructureSource {
  return def.source ?? 'sosmeta';
}

/** Dotted numbers compared arc by arc numerically (1505.2 < 1505.10, 4006 < 11001). */
function compareDotted(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isInteger(nx) && Number.isInteger(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/**
 * Which of two definitions of one type is newer: the later version date; on a tie an imported one
 * (the operator's deliberate choice) over a built-in, then the greater OID, so the answer never
 * depends on insertion order.
 */
function newer(a: StructureDefinition, b: StructureDefinition): StructureDefinition {
  if (a.version !== b.version) return a.version > b.version ? a : b;
  if (sourceOf(a) !== sourceOf(b)) return sourceOf(a) === 'sosmeta' ? a : b;
  return compareDotted(a.oid, b.oid) >= 0 ? a : b;
}

/** Lower case without diacritics: "Päätös" and "paatos" compare equal, as do å and a. */
export function foldForSearch(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function summarize(def: StructureDefinition): StructureSummary {
  return Object.freeze({
    oid: def.oid,
    typeCode: def.typeCode,
    name: def.name,
    documentType: def.documentType,
    version: def.version,
    source: sourceOf(def),
  });
}

export class StructureRegistry {
  readonly #byOid: ReadonlyMap<string, StructureDefinition>;
  readonly #latest: ReadonlyMap<string, StructureDefinition>;
  readonly #summaries: readonly StructureSummary[];

  private constructor(byOid: ReadonlyMap<string, StructureDefinition>) {
    this.#byOid = byOid;
    const latest = new Map<string, StructureDefinition>();
    for (const def of byOid.values()) {
      const prev = latest.get(def.typeCode);
      latest.set(def.typeCode, prev === undefined ? def : newer(prev, def));
    }
    this.#latest = latest;
    const sorted = [...byOid.values()].sort(
      (a, b) =>
        compareDotted(a.typeCode, b.typeCode) ||
        (a.version === b.version ? 0 : a.version > b.version ? -1 : 1) ||
        compareDotted(a.oid, b.oid),
    );
    this.#summaries = Object.freeze(sorted.map(summarize));
    Object.freeze(this);
  }

  /** A registry of the given definitions; a later definition with an OID already seen replaces it. */
  static of(definitions: Iterable<StructureDefinition>): StructureRegistry {
    const byOid = new Map<string, StructureDefinition>();
    for (const def of definitions) byOid.set(def.oid, def);
    return new StructureRegistry(byOid);
  }

  get size(): number {
    return this.#byOid.size;
  }

  get(oid: string): StructureDefinition | undefined {
    return this.#byOid.get(oid);
  }

  /** The newest version (by version date) of a document type, e.g. "19005" or "1505.1". */
  latestForType(typeCode: string): StructureDefinition | undefined {
    return this.#latest.get(typeCode);
  }

  /** Every known version of a document type, newest first. */
  versionsOfType(typeCode: string): readonly StructureSummary[] {
    return this.#summaries.filter((s) => s.typeCode === typeCode);
  }

  /** All definitions, by type code (numerically), newest version first within a type. */
  list(): readonly StructureSummary[] {
    return this.#summaries;
  }

  /**
   * Definitions whose name (in `lang`, or Finnish), type code, document type or OID contains every
   * word of `text`, ignoring case and diacritics. An exact type code comes first, then names that
   * start with the text, then the rest in list order. Blank text lists everything.
   */
  search(text: string, lang: SearchLanguage): readonly StructureSummary[] {
    const query = foldForSearch(text);
    if (query === '') return this.#summaries;
    const words = query.split(' ');
    const hits: Array<{ summary: StructureSummary; rank: number; index: number }> = [];
    this.#summaries.forEach((summary, index) => {
      const sv = summary.name.sv;
      const name = foldForSearch(
        lang === 'sv' && sv !== undefined && sv.trim() !== '' ? sv : summary.name.fi,
      );
      const haystack = [
        name,
        foldForSearch(summary.name.fi),
        summary.typeCode,
        foldForSearch(summary.documentType),
        summary.oid,
      ].join('\n');
      if (!words.every((w) => haystack.includes(w))) return;
      const rank = summary.typeCode === query ? 0 : name.startsWith(query) ? 1 : 2;
      hits.push({ summary, rank, index });
    });
    hits.sort((a, b) => a.rank - b.rank || a.index - b.index);
    return hits.map((h) => h.summary);
  }

  /**
   * A new registry with `definitions` added. An imported definition whose OID is already known
   * replaces the known one (a re-import, or THL's own copy of a built-in); other versions of the
   * same type stay alongside.
   */
  withImported(definitions: Iterable<StructureDefinition>): StructureRegistry {
    const byOid = new Map(this.#byOid);
    for (const def of definitions) byOid.set(def.oid, def);
    return new StructureRegistry(byOid);
  }
}

let defaultInstance: StructureRegistry | undefined;

/** The registry of the built-in definitions. */
export function defaultRegistry(): StructureRegistry {
  defaultInstance ??= StructureRegistry.of(builtinStructures());
  return defaultInstance;
}
