// Turns parsed JSON into a StructureDefinition after checking its shape. The built-in definitions are
// generated, but a hand edit or a half-finished regeneration must fail loudly at start-up rather than
// surface later as a renderer or validator crash on some rarely used field.

import type { LocalizedText, StructureDefinition, ValueKind } from '../model.ts';

export class DefinitionShapeError extends Error {
  override readonly name = 'DefinitionShapeError';
}

type Obj = Record<string, unknown>;

const VALUE_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>([
  'group',
  'text',
  'name',
  'signature',
  'date',
  'instant',
  'boolean',
  'number',
  'quantity',
  'code',
  'organization',
  'identifier',
  'phrase',
]);

// Definitions are shallow in practice (THL's deepest is under 10 levels); the bound keeps a corrupt
// or hostile file from exhausting the stack.
const MAX_DEPTH = 48;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(at: string, message: string): never {
  throw new DefinitionShapeError(`${at}: ${message}`);
}

function str(o: Obj, key: string, at: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(`${at}.${key}`, 'expected a non-empty string');
  return v;
}

function optStr(o: Obj, key: string, at: string): void {
  if (o[key] !== undefined && typeof o[key] !== 'string') fail(`${at}.${key}`, 'expected a string');
}

function bool(o: Obj, key: string, at: string, optional = false): void {
  const v = o[key];
  if (optional && v === undefined) return;
  if (typeof v !== 'boolean') fail(`${at}.${key}`, 'expected a boolean');
}

function strings(v: unknown, at: string): void {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) fail(at, 'expected an array of strings');
}

function localized(v: unknown, at: string, optional = false): void {
  if (optional && v === undefined) return;
  if (!isObject(v)) fail(at, 'expected localized text');
  const t = v as Partial<LocalizedText>;
  if (typeof t.fi !== 'string') fail(`${at}.fi`, 'expected a string');
  for (const lang of ['sv', 'en'] as const) {
    if (t[lang] !== undefined && typeof t[lang] !== 'string') fail(`${at}.${lang}`, 'expected a string');
  }
}

function checkValue(v: unknown, at: string, depth: number): void {
  if (!isObject(v)) fail(at, 'expected a value type');
  const kind = v.kind;
  if (typeof kind !== 'string' || !VALUE_KINDS.has(kind as ValueKind))
    fail(`${at}.kind`, `unknown kind ${String(kind)}`);
  switch (kind as ValueKind) {
    case 'group':
      bool(v, 'heading', at, true);
      checkFields(v.fields, `${at}.fields`, depth + 1);
      break;
    case 'instant':
      bool(v, 'allowPartialDate', at);
      break;
    case 'number':
      if (v.numberKind !== 'number' && v.numberKind !== 'count')
        fail(`${at}.numberKind`, 'expected number or count');
      break;
    case 'quantity':
      if (!['amount', 'measure', 'percent'].includes(String(v.quantityKind)))
        fail(`${at}.quantityKind`, 'unknown');
      if (v.units !== undefined) strings(v.units, `${at}.units`);
      break;
    case 'code': {
      const s = v.system;
      if (!isObject(s)) fail(`${at}.system`, 'expected a code system reference');
      if (s.kind === 'oid') str(s, 'oid', `${at}.system`);
      else if (s.kind === 'local') str(s, 'system', `${at}.system`);
      else if (s.kind !== 'unspecified') fail(`${at}.system.kind`, 'expected oid, local or unspecified');
      if (v.allowedCodes !== undefined) strings(v.allowedCodes, `${at}.allowedCodes`);
      break;
    }
    case 'identifier':
      if (!['hetu', 'oid', 'text'].includes(String(v.format)))
        fail(`${at}.format`, 'expected hetu, oid or text');
      optStr(v, 'system', at);
      break;
    case 'phrase':
      localized(v.text, `${at}.text`);
      strings(v.allowed, `${at}.allowed`);
      break;
    default:
      break;
  }
}

function checkFields(v: unknown, at: string, depth: number): void {
  if (depth > MAX_DEPTH) fail(at, 'nested too deeply');
  if (!Array.isArray(v)) fail(at, 'expected an array of fields');
  const keys = new Set<string>();
  v.forEach((f: unknown, i) => {
    const fat = `${at}[${i}]`;
    if (!isObject(f)) fail(fat, 'expected a field');
    const key = str(f, 'key', fat);
    if (keys.has(key)) fail(`${fat}.key`, `duplicate key ${key}`);
    keys.add(key);
    localized(f.name, `${fat}.name`);
    for (const k of ['title', 'description', 'example', 'implementationNote'])
      localized(f[k], `${fat}.${k}`, true);
    bool(f, 'repeatable', fat);
    bool(f, 'required', fat);
    bool(f, 'conditionallyRequired', fat);
    for (const k of ['hidden', 'hiddenTitle', 'nationwide']) bool(f, k, fat, true);
    checkValue(f.value, `${fat}.value`, depth);
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The definition in `raw` (parsed JSON), checked and deep-frozen, or a DefinitionShapeError naming
 * where `raw` departs from the model. `where` prefixes messages (a file name).
 */
export function loadDefinition(raw: unknown, where: string): StructureDefinition {
  if (!isObject(raw)) fail(where, 'expected a structure definition object');
  str(raw, 'oid', where);
  str(raw, 'typeCode', where);
  const version = str(raw, 'version', where);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) fail(`${where}.version`, 'expected YYYY-MM-DD');
  localized(raw.name, `${where}.name`);
  str(raw, 'documentType', where);
  for (const k of ['subject', 'author', 'status']) optStr(raw, k, where);
  str(raw, 'rootKey', where);
  if (raw.source !== undefined && raw.source !== 'sosmeta' && raw.source !== 'builtin') {
    fail(`${where}.source`, 'expected sosmeta or builtin');
  }
  checkFields(raw.fields, `${where}.fields`, 0);
  // The checks above establish the shape StructureDefinition describes.
  return deepFreeze(raw as unknown as StructureDefinition);
}
