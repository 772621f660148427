// Validates a document's JSON content against a structure definition. The walk follows the
// definition, never the input, so hostile input (cycles, deep nesting, odd prototypes) cannot make
// it recurse without bound; every problem becomes an error value and nothing is thrown.

import {
  type CodeSystemRef,
  type Field,
  type FieldPath,
  ORGANIZATION_REGISTER_OID,
  type StructureDefinition,
  type ValueType,
  walkFields,
} from './model.ts';
import {
  checkInstant,
  checkPartialDate,
  identifierSystemMatches,
  isOid,
  isValidHetu,
  systemMatchesOid,
} from './values.ts';

export type ValidationErrorCode =
  | 'required'
  | 'type'
  | 'unknown_field'
  | 'empty'
  | 'min_items'
  | 'pattern'
  | 'date'
  | 'enum'
  | 'code_system'
  | 'code_not_allowed'
  | 'code_unknown'
  | 'identifier_system'
  | 'hetu'
  | 'oid'
  | 'unit'
  | 'range'
  | 'invalid_input';

export interface ValidationError {
  readonly code: ValidationErrorCode;
  /** RFC 6901 JSON Pointer into the content, e.g. /merkinta/asiakas/0/sukunimi. */
  readonly pointer: string;
  /** The same place for people: merkinta.asiakas[0].sukunimi. */
  readonly path: string;
  /** Definition path of the field concerned (no root key, no indices), when there is one. */
  readonly fieldPath?: FieldPath;
  /** Finnish name of the field concerned, for display to professionals. */
  readonly fieldNameFi?: string;
  readonly message: string;
  readonly messageFi: string;
}

/**
 * Answers whether a code exists in a THL classification: true, false, or undefined when the
 * caller does not know the classification (then nothing is reported).
 */
export type CodeLookup = (classificationOid: string, code: string) => boolean | undefined;

export interface ValidateOptions {
  /** Extra fields the organizer requires for its own management, as definition paths. */
  readonly extraRequired?: readonly FieldPath[];
  readonly codeExists?: CodeLookup;
  /** Stop collecting after this many errors (default 200). */
  readonly maxErrors?: number;
}

export type ValidationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly errors: readonly ValidationError[]; readonly truncated: boolean };

export const DEFAULT_MAX_ERRORS = 200;

type Json = unknown;
type Obj = Record<string, unknown>;

function isObject(v: Json): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

const SAFE_KEY = /^[A-Za-z_$][\w$]*$/;

interface Loc {
  readonly pointer: string;
  readonly path: string;
}

function child(loc: Loc, key: string): Loc {
  const shown = SAFE_KEY.test(key) ? key : JSON.stringify(key);
  return {
    pointer: `${loc.pointer}/${escapePointer(key)}`,
    path: loc.path === '' ? shown : SAFE_KEY.test(key) ? `${loc.path}.${key}` : `${loc.path}[${shown}]`,
  };
}

function index(loc: Loc, i: number): Loc {
  return { pointer: `${loc.pointer}/${i}`, path: `${loc.path}[${i}]` };
}

function typeName(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const EXPECTED: Record<ValueType['kind'], { en: string; fi: string }> = {
  group: { en: 'an object', fi: 'objekti' },
  text: { en: 'a string', fi: 'merkkijono' },
  name: { en: 'a string', fi: 'merkkijono' },
  signature: { en: 'a string', fi: 'merkkijono' },
  date: { en: 'a date string', fi: 'päivämäärä merkkijonona' },
  instant: { en: 'a date-time string', fi: 'ajanhetki merkkijonona' },
  boolean: { en: 'a boolean', fi: 'totuusarvo (true/false)' },
  number: { en: 'a number', fi: 'luku' },
  quantity: { en: 'an object {value, code}', fi: 'objekti {value, code}' },
  code: { en: 'an object {system, code, display}', fi: 'objekti {system, code, display}' },
  organization: { en: 'an object {system, code, display}', fi: 'objekti {system, code, display}' },
  identifier: { en: 'an object {system?, value}', fi: 'objekti {system?, value}' },
  phrase: { en: 'a string', fi: 'merkkijono' },
};

class Collector {
  readonly errors: ValidationError[] = [];
  truncated = false;
  constructor(private readonly max: number) {}

  get full(): boolean {
    return this.errors.length >= this.max;
  }

  add(
    code: ValidationErrorCode,
    loc: Loc,
    field: { path: FieldPath; field: Field } | undefined,
    message: string,
    messageFi: string,
  ): void {
    if (this.full) {
      this.truncated = true;
      return;
    }
    this.errors.push({
      code,
      pointer: loc.pointer,
      path: loc.path,
      ...(field === undefined ? {} : { fieldPath: field.path, fieldNameFi: field.field.name.fi }),
      message,
      messageFi,
    });
  }
}

class Validator {
  private readonly extra: ReadonlySet<string>;
  readonly out: Collector;

  constructor(
    private readonly options: ValidateOptions,
    max: number,
  ) {
    this.extra = new Set(options.extraRequired ?? []);
    this.out = new Collector(max);
  }

  group(fields: readonly Field[], parentPath: FieldPath, value: Json, loc: Loc, owner?: FieldRef): void {
    if (!isObject(value)) {
      this.typeError(loc, owner, 'group', value);
      return;
    }
    const byKey = new Map<string, Field>();
    for (const f of fields) byKey.set(f.key, f);
    for (const key of Object.keys(value)) {
      if (byKey.has(key)) continue;
      this.out.add(
        'unknown_field',
        child(loc, key),
        owner,
        `Unknown field "${key}"`,
        `Tuntematon kenttä "${key}"`,
      );
    }
    for (const field of fields) {
      if (this.out.full) {
        this.out.truncated = true;
        return;
      }
      const path = parentPath === '' ? field.key : `${parentPath}.${field.key}`;
      const ref: FieldRef = { path, field };
      const at = child(loc, field.key);
      const required = field.required || this.extra.has(path);
      const present = Object.hasOwn(value, field.key) && value[field.key] !== undefined;
      if (!present) {
        if (required) {
          this.out.add(
            'required',
            at,
            ref,
            `Required field "${field.name.fi}" is missing`,
            `Pakollinen tieto "${field.name.fi}" puuttuu`,
          );
        }
        continue;
      }
      this.field(ref, value[field.key], at, required);
    }
  }

  private field(ref: FieldRef, value: Json, loc: Loc, required: boolean): void {
    const { field } = ref;
    if (!field.repeatable) {
      this.value(ref, value, loc, required);
      return;
    }
    if (!Array.isArray(value)) {
      this.out.add(
        'type',
        loc,
        ref,
        `Expected an array of values, got ${typeName(value)}`,
        `Odotettiin taulukkoa (toistuva tieto), saatiin ${typeName(value)}`,
      );
      return;
    }
    if (value.length === 0 && required) {
      this.out.add(
        'min_items',
        loc,
        ref,
        `Required field "${field.name.fi}" needs at least one value`,
        `Pakollisella tiedolla "${field.name.fi}" on oltava vähintään yksi arvo`,
      );
      return;
    }
    for (let i = 0; i < value.length; i++) {
      if (this.out.full) {
        this.out.truncated = true;
        return;
      }
      this.value(ref, value[i], index(loc, i), required);
    }
  }

  private typeError(loc: Loc, ref: FieldRef | undefined, kind: ValueType['kind'], value: Json): void {
    const e = EXPECTED[kind];
    this.out.add(
      'type',
      loc,
      ref,
      `Expected ${e.en}, got ${typeName(value)}`,
      `Odotettiin: ${e.fi}; saatiin ${typeName(value)}`,
    );
  }

  private value(ref: FieldRef, value: Json, loc: Loc, required: boolean): void {
    const v = ref.field.value;
    switch (v.kind) {
      case 'group':
        this.group(v.fields, ref.path, value, loc, ref);
        return;
      case 'text':
      case 'name':
      case 'signature':
        if (typeof value !== 'string') {
          this.typeError(loc, ref, v.kind, value);
          return;
        }
        if ((v.minLength !== undefined && value.length < v.minLength) || (required && value.trim() === '')) {
          this.out.add(
            'empty',
            loc,
            ref,
            `"${ref.field.name.fi}" must not be empty`,
            `"${ref.field.name.fi}" ei saa olla tyhjä`,
          );
        }
        return;
      case 'date': {
        if (typeof value !== 'string') {
          this.typeError(loc, ref, v.kind, value);
          return;
        }
        const r = checkPartialDate(value);
        if (r === 'pattern') {
          this.out.add(
            'pattern',
            loc,
            ref,
            `"${value.slice(0, 40)}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`,
            `"${value.slice(0, 40)}" ei ole päivämäärä muodossa VVVV, VVVV-KK tai VVVV-KK-PP`,
          );
        } else if (r === 'date') {
          this.out.add(
            'date',
            loc,
            ref,
            `${value} is not a real calendar date`,
            `${value} ei ole todellinen kalenteripäivä`,
          );
        }
        return;
      }
      case 'instant': {
        if (typeof value !== 'string') {
          this.typeError(loc, ref, v.kind, value);
          return;
        }
        const r = checkInstant(value, v.allowPartialDate);
        if (r === 'missing_offset') {
          this.out.add(
            'pattern',
            loc,
            ref,
            `${value.slice(0, 40)} needs seconds and a time zone offset (Z or ±hh:mm)`,
            `${value.slice(0, 40)}: ajanhetkestä puuttuu sekunnit tai aikavyöhyke (Z tai ±tt:mm)`,
          );
        } else if (r === 'pattern') {
          this.out.add(
            'pattern',
            loc,
            ref,
            `"${value.slice(0, 40)}" is not a date-time of the form YYYY-MM-DDThh:mm:ss±hh:mm`,
            `"${value.slice(0, 40)}" ei ole ajanhetki muodossa VVVV-KK-PPTtt:mm:ss±tt:mm`,
          );
        } else if (r === 'date') {
          this.out.add(
            'date',
            loc,
            ref,
            `${value} is not a real moment in time`,
            `${value} ei ole todellinen ajanhetki`,
          );
        }
        return;
      }
      case 'boolean':
        if (typeof value !== 'boolean') this.typeError(loc, ref, v.kind, value);
        return;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          this.typeError(loc, ref, v.kind, value);
          return;
        }
        // THL types counts (Lkm) as JSON numbers and uses them for amounts such as hours per month
        // (7.5), so only a negative count is refused.
        if (v.numberKind === 'count' && value < 0) {
          this.out.add(
            'range',
            loc,
            ref,
            `A count cannot be negative, got ${value}`,
            `Lukumäärä ei voi olla negatiivinen, saatiin ${value}`,
          );
        }
        return;
      case 'phrase':
        if (typeof value !== 'string') {
          this.typeError(loc, ref, v.kind, value);
          return;
        }
        if (!v.allowed.includes(value)) {
          this.out.add(
            'enum',
            loc,
            ref,
            `"${ref.field.name.fi}" must be the fixed text defined by THL`,
            `Kentän "${ref.field.name.fi}" on oltava THL:n määrittelemä vakioteksti`,
          );
        }
        return;
      case 'quantity':
        this.quantity(ref, v.units, value, loc);
        return;
      case 'code':
        this.code(ref, v.system, v.allowedCodes, value, loc);
        return;
      case 'organization':
        this.code(ref, { kind: 'oid', oid: ORGANIZATION_REGISTER_OID }, undefined, value, loc);
        return;
      case 'identifier':
        this.identifier(ref, v.system, v.format, value, loc);
        return;
    }
  }

  /** Checks the member layout of an object-valued leaf; false when it was not an object at all. */
  private members(
    ref: FieldRef,
    value: Json,
    loc: Loc,
    shape: Readonly<Record<string, { required: boolean; type: 'string' | 'number' }>>,
  ): value is Obj {
    if (!isObject(value)) {
      this.typeError(loc, ref, ref.field.value.kind, value);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) {
        this.out.add(
          'unknown_field',
          child(loc, key),
          ref,
          `Unknown field "${key}"`,
          `Tuntematon kenttä "${key}"`,
        );
      }
    }
    let sound = true;
    for (const [key, spec] of Object.entries(shape)) {
      const at = child(loc, key);
      const member = Object.hasOwn(value, key) ? value[key] : undefined;
      if (member === undefined) {
        if (spec.required) {
          sound = false;
          this.out.add(
            'required',
            at,
            ref,
            `"${ref.field.name.fi}" lacks "${key}"`,
            `Tiedosta "${ref.field.name.fi}" puuttuu "${key}"`,
          );
        }
        continue;
      }
      const ok =
        spec.type === 'number'
          ? typeof member === 'number' && Number.isFinite(member)
          : typeof member === 'string';
      if (!ok) {
        sound = false;
        this.out.add(
          'type',
          at,
          ref,
          `"${key}" must be a ${spec.type}, got ${typeName(member)}`,
          `"${key}": odotettiin ${spec.type === 'number' ? 'lukua' : 'merkkijonoa'}, saatiin ${typeName(member)}`,
        );
      }
    }
    return sound;
  }

  private quantity(ref: FieldRef, units: readonly string[] | undefined, value: Json, loc: Loc): void {
    const shape = {
      value: { required: true, type: 'number' },
      code: { required: true, type: 'string' },
    } as const;
    if (!this.members(ref, value, loc, shape)) return;
    const unit = value.code as string;
    if (unit.trim() === '') {
      this.out.add(
        'empty',
        child(loc, 'code'),
        ref,
        'The unit must not be empty',
        'Yksikkö ei saa olla tyhjä',
      );
    } else if (units !== undefined && !units.includes(unit)) {
      this.out.add(
        'unit',
        child(loc, 'code'),
        ref,
        `Unit "${unit}" is not allowed here (allowed: ${units.join(', ')})`,
        `Yksikkö "${unit}" ei ole sallittu (sallitut: ${units.join(', ')})`,
      );
    }
  }

  private code(
    ref: FieldRef,
    system: CodeSystemRef,
    allowed: readonly string[] | undefined,
    value: Json,
    loc: Loc,
  ): void {
    const shape = {
      system: { required: true, type: 'string' },
      code: { required: true, type: 'string' },
      display: { required: true, type: 'string' },
    } as const;
    if (!this.members(ref, value, loc, shape)) return;
    const sys = value.system as string;
    const code = value.code as string;
    const sysLoc = child(loc, 'system');
    const codeLoc = child(loc, 'code');
    if (system.kind === 'oid' && !systemMatchesOid(sys, system.oid)) {
      this.out.add(
        'code_system',
        sysLoc,
        ref,
        `Code system "${sys.slice(0, 80)}" is not urn:oid:${system.oid} (with optional version)`,
        `Koodisto "${sys.slice(0, 80)}" ei ole urn:oid:${system.oid} (versio sallittu)`,
      );
      return;
    }
    if (system.kind === 'local' && sys !== system.system) {
      this.out.add(
        'code_system',
        sysLoc,
        ref,
        `Code system must be "${system.system}"`,
        `Luokituksen on oltava "${system.system}"`,
      );
      return;
    }
    if (code === '') {
      this.out.add('empty', codeLoc, ref, 'The code must not be empty', 'Koodi ei saa olla tyhjä');
      return;
    }
    if (allowed !== undefined && !allowed.includes(code)) {
      this.out.add(
        'code_not_allowed',
        codeLoc,
        ref,
        `Code "${code.slice(0, 40)}" is not allowed here (allowed: ${allowed.join(', ')})`,
        `Koodi "${code.slice(0, 40)}" ei ole sallittu tässä (sallitut: ${allowed.join(', ')})`,
      );
      return;
    }
    const lookup = this.options.codeExists;
    if (system.kind === 'oid' && lookup !== undefined && lookup(system.oid, code) === false) {
      this.out.add(
        'code_unknown',
        codeLoc,
        ref,
        `Code "${code.slice(0, 40)}" does not exist in classification ${system.oid}`,
        `Koodia "${code.slice(0, 40)}" ei ole luokituksessa ${system.oid}`,
      );
    }
  }

  private identifier(
    ref: FieldRef,
    system: string | undefined,
    format: 'hetu' | 'oid' | 'text',
    value: Json,
    loc: Loc,
  ): void {
    const shape = {
      system: { required: false, type: 'string' },
      value: { required: true, type: 'string' },
    } as const;
    if (!this.members(ref, value, loc, shape)) return;
    const given = value.system;
    if (typeof given === 'string' && system !== undefined && !identifierSystemMatches(given, system)) {
      this.out.add(
        'identifier_system',
        child(loc, 'system'),
        ref,
        `Identifier system must be urn:oid:${system}`,
        `Tunnuksen järjestelmän on oltava urn:oid:${system}`,
      );
    }
    const id = value.value as string;
    const at = child(loc, 'value');
    if (id.trim() === '') {
      this.out.add('empty', at, ref, 'The identifier must not be empty', 'Tunnus ei saa olla tyhjä');
    } else if (format === 'hetu' && !isValidHetu(id)) {
      this.out.add(
        'hetu',
        at,
        ref,
        'Not a valid Finnish personal identity code',
        'Henkilötunnus ei ole kelvollinen',
      );
    } else if (format === 'oid' && !isOid(id)) {
      this.out.add('oid', at, ref, 'Not a valid OID', 'Tunnus ei ole kelvollinen OID');
    }
  }
}

interface FieldRef {
  readonly path: FieldPath;
  readonly field: Field;
}

/**
 * Validates `content` (the document JSON, `{ [rootKey]: {...} }`) against `definition`.
 * Collects every error up to `maxErrors`; conditionally required fields are not enforced.
 */
export function validate(
  definition: StructureDefinition,
  content: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  const max = Math.max(1, options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const v = new Validator(options, max);
  const root: Loc = { pointer: '', path: '' };
  try {
    if (!isObject(content)) {
      v.out.add(
        'type',
        root,
        undefined,
        `The document must be a JSON object, got ${typeName(content)}`,
        `Asiakirjan on oltava JSON-objekti, saatiin ${typeName(content)}`,
      );
    } else {
      for (const key of Object.keys(content)) {
        if (key !== definition.rootKey) {
          v.out.add(
            'unknown_field',
            child(root, key),
            undefined,
            `Unknown field "${key}"`,
            `Tuntematon kenttä "${key}"`,
          );
        }
      }
      const body = Object.hasOwn(content, definition.rootKey) ? content[definition.rootKey] : undefined;
      const at = child(root, definition.rootKey);
      if (body === undefined) {
        v.out.add(
          'required',
          at,
          undefined,
          `The document body "${definition.rootKey}" is missing`,
          `Asiakirjan runko "${definition.rootKey}" puuttuu`,
        );
      } else {
        v.group(definition.fields, '', body, at);
      }
    }
  } catch (e) {
    // Only exotic JS values (throwing getters, revoked proxies) get here; JSON input cannot.
    v.out.add(
      'invalid_input',
      root,
      undefined,
      `The document could not be read: ${e instanceof Error ? e.message : String(e)}`,
      'Asiakirjaa ei voitu lukea',
    );
  }
  if (v.out.errors.length === 0) return { ok: true };
  return { ok: false, errors: v.out.errors, truncated: v.out.truncated };
}

/** The extraRequired paths that name no field of the definition (a configuration mistake). */
export function unknownFieldPaths(definition: StructureDefinition, paths: readonly FieldPath[]): FieldPath[] {
  const known = new Set<string>();
  for (const { path } of walkFields(definition.fields)) known.add(path);
  return paths.filter((p) => !known.has(p));
}
