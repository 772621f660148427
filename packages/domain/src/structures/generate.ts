// Document generators for tests, benchmarks and form previews. They are pure: randomness comes in
// as a seed or an rng function, so the same input always yields the same document.

import {
  type CodeSystemRef,
  type Field,
  type FieldPath,
  HETU_SYSTEM_OID,
  ORGANIZATION_REGISTER_OID,
  type StructureDefinition,
  type ValueType,
} from './model.ts';
import type { ValidationErrorCode } from './validate.ts';
import { buildHetu, daysInMonth } from './values.ts';

/** Returns a number in [0, 1), like Math.random, but supplied by the caller. */
export type Rng = () => number;

/** A small deterministic generator (mulberry32), so callers can turn a seed into an Rng. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  readonly seed?: number;
  /** Organizer-required fields to fill as well (see ValidateOptions.extraRequired). */
  readonly extraRequired?: readonly FieldPath[];
  /** A real code of a THL classification, when the caller has the code sets at hand. */
  readonly codeFor?: (classificationOid: string) => { code: string; display: string } | undefined;
  /** Upper bound of items per repeatable field in full documents (default 2). */
  readonly maxItems?: number;
}

type JsonValue = string | number | boolean | JsonObject | JsonValue[];
interface JsonObject {
  [key: string]: JsonValue;
}

const SURNAMES = ['Virtanen', 'Korhonen', 'Nieminen', 'Mäkinen', 'Hämäläinen', "O'Connor", 'Åberg'];
const GIVEN = ['Aino', 'Eino Juhani', 'Maria', 'Väinö', 'Anna-Liisa', 'Ödön'];
const TEXTS = [
  'Asiakkaan tilanne arvioitiin yhdessä asiakkaan kanssa.',
  'Sovittiin seuraavasta tapaamisesta.',
  'Rivi yksi\nRivi kaksi',
  'Erikoismerkit: <b>&amp; "lainaus" \'heittomerkki\' € § ½',
  'Ääkköset: åäö ÅÄÖ',
];
const UNIT: Readonly<Record<'amount' | 'measure' | 'percent', string>> = {
  amount: 'EUR',
  measure: 'm2',
  percent: '%',
};
// Organization register codes are the units' OIDs; these follow the register's 1.2.246.10 arc.
const ORGANIZATIONS = [
  { code: '1.2.246.10.1234567.10.1', display: 'Testikunnan sosiaalipalvelut' },
  { code: '1.2.246.10.7654321.10.2', display: 'Esimerkkikaupungin perhepalvelut' },
];

class Gen {
  private readonly extra: ReadonlySet<string>;
  private readonly maxItems: number;

  constructor(
    private readonly rng: Rng,
    private readonly full: boolean,
    private readonly options: GenerateOptions,
    private readonly rootKey: string,
  ) {
    this.extra = new Set(options.extraRequired ?? []);
    this.maxItems = Math.max(1, options.maxItems ?? 2);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.min(xs.length - 1, Math.floor(this.rng() * xs.length))]!;
  }

  group(fields: readonly Field[], parent: FieldPath, arrayDepth: number): JsonObject {
    const out: JsonObject = {};
    for (const field of fields) {
      const path = parent === '' ? field.key : `${parent}.${field.key}`;
      const required = field.required || this.extra.has(path);
      if (!required && !this.full) continue;
      if (field.repeatable) {
        const n = this.full && arrayDepth < 3 ? this.int(1, this.maxItems) : 1;
        out[field.key] = Array.from({ length: n }, () => this.value(field, path, arrayDepth + 1));
      } else {
        out[field.key] = this.value(field, path, arrayDepth);
      }
    }
    return out;
  }

  private fullDate(): string {
    const year = this.int(1930, 2030);
    const month = this.int(1, 12);
    const day = this.int(1, daysInMonth(year, month));
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  /** Full documents also exercise THL's partial dates (year, year-month). */
  private date(): string {
    const iso = this.fullDate();
    if (!this.full) return iso;
    const r = this.rng();
    return r < 0.1 ? iso.slice(0, 4) : r < 0.2 ? iso.slice(0, 7) : iso;
  }

  private instant(): string {
    const date = this.fullDate();
    const hh = String(this.int(0, 23)).padStart(2, '0');
    const mm = String(this.int(0, 59)).padStart(2, '0');
    const ss = String(this.int(0, 59)).padStart(2, '0');
    const offset = this.pick(['Z', '+02:00', '+03:00', '-05:30', '+14:00']);
    return `${date}T${hh}:${mm}:${ss}${this.full && this.rng() < 0.3 ? '.123' : ''}${offset}`;
  }

  private codeOf(system: CodeSystemRef, allowed: readonly string[] | undefined, key: string): JsonObject {
    let systemUri: string;
    let pick: { code: string; display: string } | undefined;
    if (system.kind === 'oid') {
      systemUri = `urn:oid:${system.oid}`;
      pick = allowed === undefined ? this.options.codeFor?.(system.oid) : undefined;
    } else if (system.kind === 'local') {
      systemUri = system.system;
    } else {
      systemUri = `${this.rootKey}/${key}`;
    }
    const code = pick?.code ?? (allowed === undefined ? '1' : this.pick(allowed));
    return { system: systemUri, code, display: pick?.display ?? `Koodi ${code}` };
  }

  value(field: Field, path: FieldPath, arrayDepth: number): JsonValue {
    const v: ValueType = field.value;
    switch (v.kind) {
      case 'group':
        return this.group(v.fields, path, arrayDepth);
      case 'text':
        return this.pick(TEXTS);
      case 'name':
        return field.key.includes('etunim') ? this.pick(GIVEN) : this.pick(SURNAMES);
      case 'signature':
        return 'Allekirjoitettu sähköisesti';
      case 'date':
        return this.date();
      case 'instant':
        return this.instant();
      case 'boolean':
        return this.rng() < 0.5;
      case 'number':
        return v.numberKind === 'count'
          ? this.int(0, 12)
          : this.full
            ? Math.round(this.rng() * 100000) / 100
            : 1;
      case 'quantity':
        return {
          value: this.full ? Math.round(this.rng() * 1000000) / 100 : 100,
          code: v.units === undefined ? UNIT[v.quantityKind] : this.pick(v.units),
        };
      case 'code':
        return this.codeOf(v.system, v.allowedCodes, field.key);
      case 'organization': {
        const org = this.pick(ORGANIZATIONS);
        return { system: `urn:oid:${ORGANIZATION_REGISTER_OID}`, code: org.code, display: org.display };
      }
      case 'identifier': {
        const value =
          v.format === 'hetu'
            ? buildHetu(this.int(1930, 2020), this.int(1, 12), this.int(1, 28), this.int(900, 999))
            : v.format === 'oid'
              ? `1.2.246.10.1234567.${this.int(1, 99)}.${this.int(1, 99999)}`
              : `T-${this.int(1000, 9999)}`;
        const system = v.system ?? (v.format === 'hetu' ? HETU_SYSTEM_OID : undefined);
        return system === undefined ? { value } : { system: `urn:oid:${system}`, value };
      }
      case 'phrase':
        return this.pick(v.allowed);
    }
  }
}

function optionsOf(seedOrOptions: number | GenerateOptions | undefined): GenerateOptions {
  return typeof seedOrOptions === 'number' ? { seed: seedOrOptions } : (seedOrOptions ?? {});
}

/**
 * The smallest document that validates: only required (and organizer-required) fields, one item
 * per required repeatable field, representative values (real dates, valid test hetus, allowed codes).
 */
export function generateMinimalDocument(
  definition: StructureDefinition,
  seedOrOptions?: number | GenerateOptions,
): JsonObject {
  const options = optionsOf(seedOrOptions);
  const gen = new Gen(seededRng(options.seed ?? 1), false, options, definition.rootKey);
  return { [definition.rootKey]: gen.group(definition.fields, '', 0) };
}

/** A document with every field filled, optional ones too; repeatable fields get 1..maxItems items. */
export function generateFullDocument(
  definition: StructureDefinition,
  rng: Rng,
  options: GenerateOptions = {},
): JsonObject {
  const gen = new Gen(rng, true, options, definition.rootKey);
  return { [definition.rootKey]: gen.group(definition.fields, '', 0) };
}

export type MutationKind = 'missing_required' | 'wrong_type' | 'unknown_field' | 'wrong_code_system';

export interface Mutation {
  readonly kind: MutationKind;
  /** JSON Pointer where the validator must report the error. */
  readonly path: string;
  readonly fieldPath?: FieldPath;
  /** A deep copy of the input with this one change. */
  readonly document: unknown;
  readonly expectedErrorCode: ValidationErrorCode;
}

/** The key the unknown_field mutation adds; no THL structure uses it. */
export const UNKNOWN_FIELD_KEY = 'varanto_tuntematon_kentta';
const FOREIGN_SYSTEM = 'urn:oid:1.2.246.537.6.999999';

function escapeToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Step = string | number;

function mutate(
  doc: unknown,
  steps: readonly Step[],
  change: (parent: Record<string, unknown> | unknown[], last: Step) => void,
): unknown {
  const copy: unknown = structuredClone(doc);
  let node: unknown = copy;
  for (const s of steps.slice(0, -1)) {
    node = (node as Record<string, unknown>)[s as string];
  }
  change(node as Record<string, unknown>, steps[steps.length - 1]!);
  return copy;
}

function pointerOf(steps: readonly Step[]): string {
  return steps.map((s) => `/${typeof s === 'number' ? s : escapeToken(s)}`).join('');
}

/**
 * One mutation per place and class: every present required field removed, every present value
 * replaced by a value of the wrong type, an unknown field added to every object, every code's
 * system swapped for a foreign one. Each comes with the error code the validator must report.
 */
export function generateMutations(definition: StructureDefinition, doc: unknown): Mutation[] {
  const out: Mutation[] = [];
  if (!isObject(doc)) return out;
  const root = doc[definition.rootKey];
  out.push({
    kind: 'unknown_field',
    path: pointerOf([UNKNOWN_FIELD_KEY]),
    document: mutate(doc, [UNKNOWN_FIELD_KEY], (p) => {
      (p as Record<string, unknown>)[UNKNOWN_FIELD_KEY] = 'x';
    }),
    expectedErrorCode: 'unknown_field',
  });

  const visitGroup = (fields: readonly Field[], parent: FieldPath, value: unknown, steps: Step[]): void => {
    if (!isObject(value)) return;
    const unknownAt = [...steps, UNKNOWN_FIELD_KEY];
    out.push({
      kind: 'unknown_field',
      path: pointerOf(unknownAt),
      document: mutate(doc, unknownAt, (p, k) => {
        (p as Record<string, unknown>)[k as string] = 'x';
      }),
      expectedErrorCode: 'unknown_field',
    });
    for (const field of fields) {
      if (!Object.hasOwn(value, field.key)) continue;
      const path = parent === '' ? field.key : `${parent}.${field.key}`;
      const at = [...steps, field.key];
      const v = value[field.key];
      if (field.required) {
        out.push({
          kind: 'missing_required',
          path: pointerOf(at),
          fieldPath: path,
          document: mutate(doc, at, (p, k) => {
            delete (p as Record<string, unknown>)[k as string];
          }),
          expectedErrorCode: 'required',
        });
      }
      if (field.repeatable) {
        if (!Array.isArray(v)) continue;
        v.forEach((item, i) => {
          visitValue(field, path, item, [...at, i]);
        });
      } else {
        visitValue(field, path, v, at);
      }
    }
  };

  const visitValue = (field: Field, path: FieldPath, value: unknown, at: Step[]): void => {
    const kind = field.value.kind;
    const wrong: unknown = kind === 'boolean' || kind === 'number' ? 'x' : kind === 'group' ? 'x' : 12345;
    out.push({
      kind: 'wrong_type',
      path: pointerOf(at),
      fieldPath: path,
      document: mutate(doc, at, (p, k) => {
        (p as Record<string | number, unknown>)[k] = wrong;
      }),
      expectedErrorCode: 'type',
    });
    const v = field.value;
    if (v.kind === 'group') {
      visitGroup(v.fields, path, value, at);
      return;
    }
    const constrained = v.kind === 'organization' || (v.kind === 'code' && v.system.kind !== 'unspecified');
    if (constrained && isObject(value) && typeof value.system === 'string') {
      const sysAt = [...at, 'system'];
      out.push({
        kind: 'wrong_code_system',
        path: pointerOf(sysAt),
        fieldPath: path,
        document: mutate(doc, sysAt, (p, k) => {
          (p as Record<string, unknown>)[k as string] = FOREIGN_SYSTEM;
        }),
        expectedErrorCode: 'code_system',
      });
    }
  };

  visitGroup(definition.fields, '', root, [definition.rootKey]);
  return out;
}
