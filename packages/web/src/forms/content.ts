// The state of a structure-driven form and how it becomes document content.
//
// The form edits a JSON tree of the same shape as the document content (`{ [rootKey]: {...} }`,
// see packages/domain/src/structures/model.ts), so a stored document can be loaded for correction
// as it is. Two things differ while a person types: empty inputs stay in the tree as '' (so that
// an emptied field keeps its place), and numbers stay as the typed text (so that "1," is not lost
// mid-edit). `toContent` removes the empties and turns number texts into numbers; what is left is
// what the server validates, and the server's error pointers address the same tree.

import type { Field, LocalizedText, StructureDefinition, ValueType } from '@varanto/domain/structures';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** Path of keys and array indices from the content root. */
export type Segments = readonly (string | number)[];

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 6901 pointer of a path: `~` and `/` inside keys are escaped. */
export function pointer(path: Segments): string {
  return path.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function getAt(tree: Json | undefined, path: Segments): Json | undefined {
  let node: Json | undefined = tree;
  for (const s of path) {
    if (typeof s === 'number') node = Array.isArray(node) ? node[s] : undefined;
    else node = isObject(node) ? node[s] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** A copy of `tree` with `value` at `path`; missing objects on the way are created. */
export function setAt(tree: Json | undefined, path: Segments, value: Json): Json {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === 'number') {
    const arr = Array.isArray(tree) ? [...tree] : [];
    arr[head] = setAt(arr[head], rest, value);
    return arr;
  }
  const obj = isObject(tree) ? { ...tree } : {};
  obj[head] = setAt(obj[head], rest, value);
  return obj;
}

/** A copy of `tree` without the array item at `path` (the last segment is the index). */
export function removeItemAt(tree: Json, path: Segments): Json {
  const index = path[path.length - 1];
  const arrayPath = path.slice(0, -1);
  const arr = getAt(tree, arrayPath);
  if (typeof index !== 'number' || !Array.isArray(arr)) return tree;
  return setAt(
    tree,
    arrayPath,
    arr.filter((_, i) => i !== index),
  );
}

/** The value a new, untouched input of this kind holds. */
export function emptyValue(value: ValueType): Json {
  switch (value.kind) {
    case 'group':
      return {};
    case 'code':
    case 'organization':
      return { code: '', display: '' };
    case 'identifier':
      return { value: '' };
    case 'quantity':
      return { value: '', code: value.units?.length === 1 ? value.units[0]! : '' };
    case 'boolean':
      return null;
    default:
      return '';
  }
}

/** The new form state of a definition: the root object with one item in every required repeatable. */
export function initialState(definition: StructureDefinition): JsonObject {
  return { [definition.rootKey]: initialGroup(definition.fields) };
}

function initialGroup(fields: readonly Field[]): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) {
    const v = f.value.kind === 'group' ? initialGroup(f.value.fields) : emptyValue(f.value);
    out[f.key] = f.repeatable ? (f.required ? [v] : []) : v;
  }
  return out;
}

/** The system string a coded value carries, when the definition fixes it. */
export function codeSystemOf(value: ValueType): string | undefined {
  if (value.kind === 'organization') return 'urn:oid:1.2.246.537.6.202';
  if (value.kind !== 'code') return undefined;
  if (value.system.kind === 'oid') return `urn:oid:${value.system.oid}`;
  if (value.system.kind === 'local') return value.system.system;
  return undefined;
}

function blank(v: Json | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * The document content of a form state: empty inputs removed, numbers parsed, fixed code systems
 * filled in. A number that does not parse is left as its text so that the server names the field.
 */
export function toContent(definition: StructureDefinition, state: Json): JsonObject {
  const root = getAt(state, [definition.rootKey]);
  return { [definition.rootKey]: groupContent(definition.fields, root) ?? {} };
}

function groupContent(fields: readonly Field[], node: Json | undefined): JsonObject | undefined {
  const out: JsonObject = {};
  for (const f of fields) {
    const v = isObject(node) ? node[f.key] : undefined;
    if (f.repeatable) {
      const items = (Array.isArray(v) ? v : []).map((item) => fieldContent(f, item));
      const kept = items.filter((item): item is Json => item !== undefined);
      if (kept.length > 0) out[f.key] = kept;
    } else {
      const c = fieldContent(f, v);
      if (c !== undefined) out[f.key] = c;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function fieldContent(f: Field, v: Json | undefined): Json | undefined {
  const value = f.value;
  switch (value.kind) {
    case 'group':
      return groupContent(value.fields, v);
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'number':
      if (blank(v)) return undefined;
      return toNumber(v);
    case 'code':
    case 'organization': {
      if (!isObject(v) || blank(v.code)) return undefined;
      // A loaded document keeps its own system string (it may carry version arcs); new input gets
      // the one the definition fixes.
      const system = nonEmpty(v.system) ?? codeSystemOf(value) ?? '';
      return {
        system,
        code: String(v.code).trim(),
        display: typeof v.display === 'string' ? v.display.trim() : '',
      };
    }
    case 'identifier': {
      if (!isObject(v) || blank(v.value)) return undefined;
      const id: JsonObject = { value: String(v.value).trim() };
      const system = nonEmpty(v.system) ?? value.system;
      if (system !== undefined) id.system = system;
      return id;
    }
    case 'quantity': {
      if (!isObject(v) || blank(v.value)) return undefined;
      return { value: toNumber(v.value), code: typeof v.code === 'string' ? v.code : '' };
    }
    default:
      return blank(v) ? undefined : typeof v === 'string' ? v.trim() : v;
  }
}

function nonEmpty(v: Json | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function toNumber(v: Json | undefined): Json {
  if (typeof v === 'number') return v;
  const text = String(v).trim().replace(',', '.');
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : String(v);
}

export type UiLanguage = 'fi' | 'sv' | 'en';

/** A structure's text in the UI language; THL gives Finnish always, Swedish mostly, English rarely. */
export function localized(text: LocalizedText | undefined, lang: UiLanguage): string {
  if (!text) return '';
  return (lang === 'sv' ? text.sv : lang === 'en' ? text.en : undefined) || text.fi;
}

/** Field errors of a problem document, keyed by the pointer into the content they concern. */
export function errorsByPointer(
  errors: readonly { path: string; message: string }[],
  contentPrefix = '/content',
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors) {
    const p =
      e.path === contentPrefix
        ? ''
        : e.path.startsWith(`${contentPrefix}/`)
          ? e.path.slice(contentPrefix.length)
          : e.path;
    const list = out.get(p) ?? [];
    list.push(e.message);
    out.set(p, list);
  }
  return out;
}
