// Imports THL's Sosmeta export (JSON Schema draft-07 with a `sosmeta` annotation on every node)
// into Varanto's definition model. The importer is strict on purpose: any keyword, shape or
// representation it cannot express becomes an ImportError with the schema path, because silently
// dropping a constraint would let the repository accept documents Kanta would reject.

import {
  type CodeSystemRef,
  type CodeValue,
  type Field,
  HETU_SYSTEM_OID,
  type LocalizedText,
  ORGANIZATION_REGISTER_OID,
  type StructureDefinition,
  type ValueType,
} from './model.ts';
import { isOid } from './values.ts';

export type ImportErrorCode =
  | 'not_object'
  | 'missing'
  | 'invalid'
  | 'unsupported_keyword'
  | 'unsupported_representation'
  | 'unsupported_shape'
  | 'too_deep';

export interface ImportError {
  readonly code: ImportErrorCode;
  /** JSON Pointer into the schema document, e.g. /properties/paatos/properties/asiakas/items. */
  readonly schemaPath: string;
  readonly message: string;
}

export type ImportResult =
  | { readonly ok: true; readonly definition: StructureDefinition }
  | { readonly ok: false; readonly errors: readonly ImportError[] };

/** THL's patterns, exactly as published: a partial date, and a partial date or date-time with offset. */
export const SOSMETA_DATE_PATTERN = '^-?[0-9]{4}(-(0[1-9]|1[0-2])(-(0[0-9]|[1-2][0-9]|3[0-1]))?)?$';
export const SOSMETA_INSTANT_PATTERN =
  '^-?[0-9]{4}(-(0[1-9]|1[0-2])(-(0[0-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$';

// Identifier fields whose value Kanta defines as an OID (asiatunnus, asiakkuuden yksilöintitunnus,
// references to documents); THL's schema types them only as strings.
const OID_IDENTIFIER_KEYS: ReadonlySet<string> = new Set([
  'oid_tunnus',
  'asiatunnus',
  'asiakkuuden_yksilointitunnus',
]);

const MAX_DEPTH = 48;

const NODE_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'minLength',
  'pattern',
  'enum',
  'sosmeta',
  'title',
  'description',
  '$schema',
]);

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ptr(base: string, ...keys: string[]): string {
  return base + keys.map((k) => `/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PLACEHOLDER = /^\s*-?\s*$/;

/** Sosmeta's `[{lang, value}]` lists; "-" is THL's placeholder for "nothing to say". */
function localized(v: unknown): LocalizedText | undefined {
  if (!Array.isArray(v)) return undefined;
  let fi: string | undefined;
  let sv: string | undefined;
  let en: string | undefined;
  let any: string | undefined;
  for (const item of v) {
    if (!isObject(item) || typeof item.value !== 'string' || PLACEHOLDER.test(item.value)) continue;
    const text = item.value;
    any ??= text;
    if (item.lang === 'fi') fi ??= text;
    else if (item.lang === 'sv') sv ??= text;
    else if (item.lang === 'en') en ??= text;
    else if (item.lang === '') fi ??= text;
  }
  fi ??= any;
  if (fi === undefined) return undefined;
  return { fi, ...(sv === undefined ? {} : { sv }), ...(en === undefined ? {} : { en }) };
}

/** Language-neutral Sosmeta lists (lang ""), e.g. classificationOid and acceptedValues. */
function plainValues(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const item of v) if (isObject(item) && typeof item.value === 'string') out.push(item.value.trim());
  return out;
}

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
  return v as string[];
}

class Importer {
  readonly errors: ImportError[] = [];

  error(code: ImportErrorCode, schemaPath: string, message: string): void {
    this.errors.push({ code, schemaPath, message });
  }

  checkKeywords(node: Obj, at: string, allowed: ReadonlySet<string> = NODE_KEYWORDS): void {
    for (const k of Object.keys(node)) {
      if (!allowed.has(k))
        this.error('unsupported_keyword', ptr(at, k), `JSON Schema keyword "${k}" is not supported`);
    }
  }

  /** The child fields of an object node (a group). */
  fields(node: Obj, at: string, depth: number): Field[] {
    if (depth > MAX_DEPTH) {
      this.error('too_deep', at, `Nesting deeper than ${MAX_DEPTH} levels`);
      return [];
    }
    if (node.additionalProperties !== false) {
      this.error(
        'unsupported_shape',
        ptr(at, 'additionalProperties'),
        'Objects must set additionalProperties: false (open objects cannot be validated field by field)',
      );
    }
    const props = node.properties ?? {};
    if (!isObject(props)) {
      this.error('invalid', ptr(at, 'properties'), '"properties" must be an object');
      return [];
    }
    const required = node.required ?? [];
    const requiredList = stringList(required);
    if (requiredList === undefined) {
      this.error('invalid', ptr(at, 'required'), '"required" must be a list of strings');
    }
    const req = new Set(requiredList ?? []);
    for (const r of req) {
      if (!Object.hasOwn(props, r))
        this.error('invalid', ptr(at, 'required'), `Required property "${r}" is not defined`);
    }
    const out: Field[] = [];
    for (const [key, child] of Object.entries(props)) {
      const f = this.field(key, child, ptr(at, 'properties', key), req.has(key), depth + 1);
      if (f !== undefined) out.push(f);
    }
    return out;
  }

  field(key: string, raw: unknown, at: string, required: boolean, depth: number): Field | undefined {
    if (!isObject(raw)) {
      this.error('not_object', at, `Schema of "${key}" is not an object`);
      return undefined;
    }
    let node = raw;
    let nodeAt = at;
    let repeatable = false;
    if (raw.type === 'array') {
      this.checkKeywords(raw, at, new Set(['type', 'items', 'minItems', 'sosmeta', 'title', 'description']));
      repeatable = true;
      if (!isObject(raw.items)) {
        this.error('missing', ptr(at, 'items'), `Array "${key}" has no item schema`);
        return undefined;
      }
      if (raw.items.type === 'array') {
        this.error('unsupported_shape', ptr(at, 'items'), `Arrays of arrays ("${key}") are not supported`);
        return undefined;
      }
      const minItems = raw.minItems ?? 0;
      if (minItems !== 0 && minItems !== 1) {
        this.error(
          'unsupported_keyword',
          ptr(at, 'minItems'),
          `minItems ${String(minItems)} is not supported (only 0 or 1)`,
        );
      } else if ((minItems === 1) !== required) {
        this.error(
          'unsupported_shape',
          ptr(at, 'minItems'),
          `minItems ${minItems} disagrees with "${key}" being ${required ? 'required' : 'optional'}`,
        );
      }
      node = raw.items;
      nodeAt = ptr(at, 'items');
    }
    // THL puts the annotations on the item schema of repeatable fields; accept them on the array too.
    const sm = isObject(node.sosmeta) ? node.sosmeta : isObject(raw.sosmeta) ? raw.sosmeta : undefined;
    if (sm === undefined) {
      this.error('missing', ptr(nodeAt, 'sosmeta'), `Field "${key}" has no sosmeta annotations`);
      return undefined;
    }
    const smAt = ptr(nodeAt, 'sosmeta');
    const name = localized(sm.name);
    if (name === undefined) {
      this.error('missing', ptr(smAt, 'name'), `Field "${key}" has no name`);
      return undefined;
    }
    const value = this.value(key, node, nodeAt, sm, smAt, depth);
    if (value === undefined) return undefined;
    const title = localized(sm.title);
    const description = localized(sm.description);
    const example = localized(sm.example);
    const implementationNote = localized(sm.implementationNote);
    return {
      key,
      name,
      ...(title === undefined ? {} : { title }),
      ...(description === undefined ? {} : { description }),
      ...(example === undefined ? {} : { example }),
      repeatable,
      required,
      conditionallyRequired: sm.conditionalRequired === true,
      ...(implementationNote === undefined ? {} : { implementationNote }),
      ...(sm.hiddenField === true ? { hidden: true } : {}),
      ...(sm.hiddenTitle === true ? { hiddenTitle: true } : {}),
      ...(sm.nationwideRecordedInformation === true ? { nationwide: true } : {}),
      value,
    };
  }

  value(key: string, node: Obj, at: string, sm: Obj, smAt: string, depth: number): ValueType | undefined {
    this.checkKeywords(node, at);
    const rep = localized(sm.representation)?.fi;
    const type = node.type;
    const expectType = (t: string | readonly string[]): boolean => {
      const ok = typeof t === 'string' ? type === t : t.includes(String(type));
      if (!ok) {
        this.error(
          'unsupported_shape',
          ptr(at, 'type'),
          `Representation ${rep ?? '(none)'} of "${key}" needs type ${String(t)}, schema has ${String(type)}`,
        );
      }
      return ok;
    };
    const noKeywords = (...ks: string[]): void => {
      for (const k of ks) {
        if (Object.hasOwn(node, k)) {
          this.error(
            'unsupported_keyword',
            ptr(at, k),
            `Keyword "${k}" is not supported for representation ${rep}`,
          );
        }
      }
    };
    const minLength = (): { minLength?: number } => {
      const m = node.minLength;
      if (m === undefined) return {};
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 0) {
        this.error('invalid', ptr(at, 'minLength'), 'minLength must be a non-negative integer');
        return {};
      }
      return { minLength: m };
    };
    switch (rep) {
      case undefined:
      case 'Otsikko': {
        if (!expectType('object')) return undefined;
        noKeywords('enum', 'pattern', 'minLength');
        const fields = this.fields(node, at, depth);
        return { kind: 'group', ...(rep === 'Otsikko' ? { heading: true } : {}), fields };
      }
      case 'Teksti':
      case 'Nimi':
      case 'Allekirjoitus': {
        if (!expectType('string')) return undefined;
        noKeywords('enum', 'pattern', 'properties');
        const kind = rep === 'Teksti' ? 'text' : rep === 'Nimi' ? 'name' : 'signature';
        return { kind, ...minLength() };
      }
      case 'Pvm':
        if (!expectType('string')) return undefined;
        noKeywords('enum', 'minLength');
        if (node.pattern !== undefined && node.pattern !== SOSMETA_DATE_PATTERN) {
          this.error(
            'unsupported_keyword',
            ptr(at, 'pattern'),
            `Unknown date pattern ${String(node.pattern)}`,
          );
        }
        return { kind: 'date' };
      case 'Hetki':
        if (!expectType('string')) return undefined;
        noKeywords('enum', 'minLength');
        if (node.pattern !== undefined && node.pattern !== SOSMETA_INSTANT_PATTERN) {
          this.error(
            'unsupported_keyword',
            ptr(at, 'pattern'),
            `Unknown instant pattern ${String(node.pattern)}`,
          );
        }
        return { kind: 'instant', allowPartialDate: node.pattern === SOSMETA_INSTANT_PATTERN };
      case 'Kytkin':
        if (!expectType('boolean')) return undefined;
        noKeywords('enum', 'pattern', 'minLength');
        return { kind: 'boolean' };
      case 'Numero':
      case 'Lkm':
        if (!expectType(['number', 'integer'])) return undefined;
        noKeywords('enum', 'pattern', 'minLength');
        return { kind: 'number', numberKind: rep === 'Lkm' ? 'count' : 'number' };
      case 'Määrä':
      case 'Mitta':
      case 'Prosentti': {
        if (!expectType('object')) return undefined;
        const members = this.members(key, node, at, { value: ['number', 'integer'], code: ['string'] }, [
          'value',
          'code',
        ]);
        if (members === undefined) return undefined;
        const units = stringList(members.code?.enum);
        return {
          kind: 'quantity',
          quantityKind: rep === 'Määrä' ? 'amount' : rep === 'Mitta' ? 'measure' : 'percent',
          ...(units === undefined ? {} : { units }),
        };
      }
      case 'Koodi':
        return this.code(key, node, at, sm, smAt);
      case 'Tunnus': {
        if (!expectType('object')) return undefined;
        const members = this.members(key, node, at, { system: ['string'], value: ['string'] }, ['value']);
        if (members === undefined) return undefined;
        const uris = plainValues(sm.systemUri) ?? [];
        if (uris.length > 1)
          this.error('unsupported_shape', ptr(smAt, 'systemUri'), 'More than one systemUri');
        const uri = uris[0];
        const system = uri === undefined ? undefined : uri.replace(/^urn:oid:/, '');
        if (system !== undefined && !isOid(system)) {
          this.error('invalid', ptr(smAt, 'systemUri'), `systemUri ${uri} is not an OID`);
          return undefined;
        }
        const format = system === HETU_SYSTEM_OID ? 'hetu' : OID_IDENTIFIER_KEYS.has(key) ? 'oid' : 'text';
        return { kind: 'identifier', ...(system === undefined ? {} : { system }), format };
      }
      case 'Fraasi': {
        if (!expectType('string')) return undefined;
        noKeywords('pattern', 'minLength');
        const allowed = stringList(node.enum);
        const text = localized(sm.phrase);
        if (allowed === undefined || allowed.length === 0) {
          this.error('missing', ptr(at, 'enum'), `Phrase "${key}" has no enum of fixed texts`);
          return undefined;
        }
        return { kind: 'phrase', text: text ?? { fi: allowed[0]! }, allowed };
      }
      default:
        this.error(
          'unsupported_representation',
          ptr(smAt, 'representation'),
          `Unknown representation "${rep}"`,
        );
        return undefined;
    }
  }

  /** Checks an object leaf's members; returns their schemas, or undefined when the shape is unusable. */
  members(
    key: string,
    node: Obj,
    at: string,
    allowed: Readonly<Record<string, readonly string[]>>,
    mustRequire: readonly string[],
  ): Record<string, Obj | undefined> | undefined {
    if (node.additionalProperties !== false) {
      this.error(
        'unsupported_shape',
        ptr(at, 'additionalProperties'),
        `"${key}" must set additionalProperties: false`,
      );
    }
    const props = node.properties;
    if (!isObject(props)) {
      this.error('missing', ptr(at, 'properties'), `"${key}" has no properties`);
      return undefined;
    }
    const out: Record<string, Obj | undefined> = {};
    let ok = true;
    for (const [name, schema] of Object.entries(props)) {
      const types = allowed[name];
      if (types === undefined) {
        this.error(
          'unsupported_shape',
          ptr(at, 'properties', name),
          `Unexpected member "${name}" in "${key}"`,
        );
        ok = false;
        continue;
      }
      if (!isObject(schema) || !types.includes(String(schema.type))) {
        this.error(
          'unsupported_shape',
          ptr(at, 'properties', name),
          `Member "${name}" of "${key}" must be ${types[0]}`,
        );
        ok = false;
        continue;
      }
      this.checkKeywords(schema, ptr(at, 'properties', name), new Set(['type', 'enum', 'pattern']));
      out[name] = schema;
    }
    const required = stringList(node.required ?? []) ?? [];
    for (const name of Object.keys(allowed)) {
      const isReq = required.includes(name);
      if (mustRequire.includes(name) && !isReq) {
        this.error('unsupported_shape', ptr(at, 'required'), `Member "${name}" of "${key}" must be required`);
        ok = false;
      } else if (!mustRequire.includes(name) && isReq) {
        this.error('unsupported_shape', ptr(at, 'required'), `Member "${name}" of "${key}" must be optional`);
        ok = false;
      }
      if (mustRequire.includes(name) && out[name] === undefined) {
        this.error('missing', ptr(at, 'properties', name), `"${key}" lacks member "${name}"`);
        ok = false;
      }
    }
    return ok ? out : undefined;
  }

  code(key: string, node: Obj, at: string, sm: Obj, smAt: string): ValueType | undefined {
    if (node.type !== 'object') {
      this.error('unsupported_shape', ptr(at, 'type'), `Code "${key}" must be an object`);
      return undefined;
    }
    const members = this.members(
      key,
      node,
      at,
      { system: ['string'], code: ['string'], display: ['string'] },
      ['system', 'code', 'display'],
    );
    if (members === undefined) return undefined;
    const systemSchema = members.system!;
    const codeSchema = members.code!;
    if (members.display?.enum !== undefined || members.display?.pattern !== undefined) {
      this.error(
        'unsupported_keyword',
        ptr(at, 'properties', 'display'),
        'Constraints on display are not supported',
      );
    }
    if (codeSchema.pattern !== undefined) {
      this.error(
        'unsupported_keyword',
        ptr(at, 'properties', 'code', 'pattern'),
        'Patterns on codes are not supported',
      );
    }
    const oids = plainValues(sm.classificationOid) ?? [];
    let system: CodeSystemRef;
    if (typeof systemSchema.pattern === 'string') {
      const m = /^\^urn:oid:((?:\d|\\\.)+)\(\\\.\\d\+\)\*\$$/.exec(systemSchema.pattern);
      const oid = m?.[1]?.replaceAll('\\.', '.');
      if (oid === undefined || !isOid(oid)) {
        this.error(
          'unsupported_keyword',
          ptr(at, 'properties', 'system', 'pattern'),
          `Unknown system pattern ${systemSchema.pattern}`,
        );
        return undefined;
      }
      if (oids.length > 0 && !oids.includes(oid)) {
        this.error(
          'invalid',
          ptr(smAt, 'classificationOid'),
          `classificationOid ${oids.join(', ')} disagrees with the system pattern's ${oid}`,
        );
      }
      if (`^urn:oid:${escapeRegExp(oid)}(\\.\\d+)*$` !== systemSchema.pattern) {
        this.error(
          'invalid',
          ptr(at, 'properties', 'system', 'pattern'),
          'System pattern is not in the expected form',
        );
      }
      system = { kind: 'oid', oid };
    } else if (systemSchema.enum !== undefined) {
      const values = stringList(systemSchema.enum);
      if (values === undefined || values.length !== 1) {
        this.error(
          'unsupported_keyword',
          ptr(at, 'properties', 'system', 'enum'),
          'A code system enum must hold exactly one system string',
        );
        return undefined;
      }
      const name = localized(sm.classificationOid);
      system = { kind: 'local', system: values[0]!, ...(name === undefined ? {} : { name }) };
    } else {
      system = { kind: 'unspecified' };
    }
    let allowedCodes: string[] | undefined;
    if (codeSchema.enum !== undefined) {
      allowedCodes = stringList(codeSchema.enum);
      if (allowedCodes === undefined || allowedCodes.length === 0) {
        this.error(
          'invalid',
          ptr(at, 'properties', 'code', 'enum'),
          'Code enum must be a non-empty list of strings',
        );
        return undefined;
      }
    }
    const accepted = plainValues(sm.acceptedValues);
    if (accepted !== undefined && allowedCodes === undefined) {
      // The annotation restricts codes but the schema does not; keep the restriction the annotation states.
      allowedCodes = accepted;
    } else if (
      accepted !== undefined &&
      allowedCodes !== undefined &&
      accepted.join('\n') !== allowedCodes.join('\n')
    ) {
      this.error('invalid', ptr(smAt, 'acceptedValues'), 'acceptedValues disagree with the code enum');
    }
    const classification = localized(sm.classification);
    const valueSet = localized(sm.valueSet);
    const link = plainValues(sm.classificationLink)?.[0];
    if (system.kind === 'oid' && system.oid === ORGANIZATION_REGISTER_OID && allowedCodes === undefined) {
      return { kind: 'organization', ...(classification === undefined ? {} : { classification }) };
    }
    const value: CodeValue = {
      kind: 'code',
      system,
      ...(allowedCodes === undefined ? {} : { allowedCodes }),
      ...(classification === undefined ? {} : { classification }),
      ...(valueSet === undefined ? {} : { valueSet }),
      ...(link === undefined || link === '' ? {} : { classificationLink: link }),
    };
    return value;
  }
}

/** Definition OID → specific type code: 1.2.246.537.6.1506.<type>.<y>.<m>.<d> or 1.2.246.537.6.1505.<group>.<y>.<m>.<d>. */
export function typeCodeOfOid(oid: string): string | undefined {
  const m = /^1\.2\.246\.537\.6\.(1505|1506)\.(\d+)\.\d{4}\.\d{1,2}\.\d{1,2}$/.exec(oid);
  if (m === null) return undefined;
  return m[1] === '1505' ? `1505.${m[2]}` : m[2];
}

/** Imports one Sosmeta JSON Schema export. Never throws; everything unmappable is an ImportError. */
export function importSosmeta(json: unknown): ImportResult {
  const im = new Importer();
  try {
    const definition = importRoot(im, json);
    if (im.errors.length === 0 && definition !== undefined) return { ok: true, definition };
  } catch (e) {
    im.error('invalid', '', `Could not read the schema: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (im.errors.length === 0) im.error('invalid', '', 'The schema could not be imported');
  return { ok: false, errors: im.errors };
}

function importRoot(im: Importer, json: unknown): StructureDefinition | undefined {
  if (!isObject(json)) {
    im.error('not_object', '', 'The schema must be a JSON object');
    return undefined;
  }
  im.checkKeywords(json, '', new Set([...NODE_KEYWORDS]));
  const meta = json.sosmeta;
  if (!isObject(meta)) {
    im.error('missing', '/sosmeta', 'The root has no sosmeta object');
    return undefined;
  }
  const oid = meta.oid;
  const typeCode = typeof oid === 'string' ? typeCodeOfOid(oid) : undefined;
  if (typeof oid !== 'string' || typeCode === undefined) {
    im.error('invalid', '/sosmeta/oid', `Not a Sosmeta definition OID: ${String(oid)}`);
  }
  const version = meta.documentDefinitionVersion;
  if (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    im.error('invalid', '/sosmeta/documentDefinitionVersion', `Not a version date: ${String(version)}`);
  }
  const documentType = meta.documentType;
  if (typeof documentType !== 'string' || documentType.trim() === '') {
    im.error('missing', '/sosmeta/documentType', 'The document type is missing');
  }
  if (json.type !== 'object') im.error('unsupported_shape', '/type', 'The root must be an object');
  const props = json.properties;
  if (!isObject(props) || Object.keys(props).length !== 1) {
    im.error('unsupported_shape', '/properties', 'The root must have exactly one property, the document');
    return undefined;
  }
  const [rootKey, body] = Object.entries(props)[0]!;
  const rootRequired = stringList(json.required);
  if (rootRequired === undefined || !rootRequired.includes(rootKey)) {
    im.error('unsupported_shape', '/required', `The document property "${rootKey}" must be required`);
  }
  const at = ptr('', 'properties', rootKey);
  if (!isObject(body) || body.type !== 'object') {
    im.error('unsupported_shape', at, 'The document must be an object');
    return undefined;
  }
  im.checkKeywords(body, at);
  const name = localized(isObject(body.sosmeta) ? body.sosmeta.name : undefined) ?? titleName(meta.title);
  if (name === undefined) im.error('missing', ptr(at, 'sosmeta', 'name'), 'The document has no name');
  const fields = im.fields(body, at, 0);
  if (
    typeof oid !== 'string' ||
    typeCode === undefined ||
    typeof version !== 'string' ||
    typeof documentType !== 'string' ||
    name === undefined
  ) {
    return undefined;
  }
  const optional = (k: string): string | undefined => {
    const v = meta[k];
    return typeof v === 'string' && v.trim() !== '' ? v.replace(/\s+/g, ' ').trim() : undefined;
  };
  const subject = optional('documentSubject');
  const author = optional('documentAuthor');
  const status = optional('status');
  return {
    oid,
    typeCode,
    version,
    name,
    documentType,
    ...(subject === undefined ? {} : { subject }),
    ...(author === undefined ? {} : { author }),
    ...(status === undefined ? {} : { status }),
    rootKey,
    fields,
    source: 'sosmeta',
  };
}

/** "'Merkintä tapaamisesta' JSON schema" → "Merkintä tapaamisesta". */
function titleName(title: unknown): LocalizedText | undefined {
  if (typeof title !== 'string') return undefined;
  const m = /^'(.+)' JSON schema$/.exec(title);
  return m?.[1] === undefined ? undefined : { fi: m[1] };
}
