// What changed between two versions of a document's content: a structural diff of the JSON trees,
// one change per leaf value, so that a correction reads as "this field was X, is now Y" rather than
// as two renderings to compare by eye. Coded values, identifiers and quantities are leaves (their
// parts mean something only together); the caller says which paths hold one. Array items are
// compared by position: document content has no item identities, and a removed middle item then
// shows as changes in the items after it, which is what the stored versions literally say.
import type { Field } from '@varanto/domain/structures';
import { isObject, type Json, localized, type Segments, type UiLanguage } from './forms/content.ts';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface Change {
  path: Segments;
  kind: ChangeKind;
  before?: Json;
  after?: Json;
}

/** Whether the value at a path is one leaf even when it is an object (a coded value and the like). */
export type AtomicAt = (path: Segments) => boolean;

const isContainer = (v: Json | undefined): v is Json[] | { [k: string]: Json } =>
  Array.isArray(v) || isObject(v);

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

/** The leaves under a value, each with its path (a value that is itself a leaf is one). */
function leavesOf(v: Json, path: Segments, atomic: AtomicAt, out: [Segments, Json][]): void {
  if (isContainer(v) && !atomic(path)) {
    const entries: [string | number, Json][] = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : Object.entries(v).filter(([, x]) => x !== undefined);
    for (const [k, x] of entries) leavesOf(x, [...path, k], atomic, out);
    // An empty group or list is still something that appeared or went.
    if (entries.length > 0) return;
  }
  out.push([path, v]);
}

/**
 * The changes from `before` to `after`, in document order (the order of `after`, then what only
 * `before` had). A subtree present on one side only is listed leaf by leaf as added or removed.
 */
export function diffJson(
  before: Json | undefined,
  after: Json | undefined,
  atomic: AtomicAt = () => false,
  path: Segments = [],
): Change[] {
  if (sameJson(before, after)) return [];
  if (before === undefined && after !== undefined) {
    const out: [Segments, Json][] = [];
    leavesOf(after, path, atomic, out);
    return out.map(([p, v]) => ({ path: p, kind: 'added', after: v }));
  }
  if (after === undefined && before !== undefined) {
    const out: [Segments, Json][] = [];
    leavesOf(before, path, atomic, out);
    return out.map(([p, v]) => ({ path: p, kind: 'removed', before: v }));
  }
  if (!atomic(path) && Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    const changes: Change[] = [];
    for (let i = 0; i < n; i++) changes.push(...diffJson(before[i], after[i], atomic, [...path, i]));
    return changes;
  }
  if (!atomic(path) && isObject(before) && isObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
    return keys.flatMap((k) => diffJson(before[k], after[k], atomic, [...path, k]));
  }
  return [{ path, kind: 'changed', ...(before !== undefined ? { before } : {}), after: after as Json }];
}

/** The field a content path leads to (indices skipped), or undefined off the definition. */
export function fieldAt(fields: readonly Field[], path: Segments): Field | undefined {
  let list = fields;
  let found: Field | undefined;
  for (const s of path) {
    if (typeof s === 'number') continue;
    found = list.find((f) => f.key === s);
    if (!found) return undefined;
    list = found.value.kind === 'group' ? found.value.fields : [];
  }
  return found;
}

/** Leaf kinds stored as objects: compared and shown as one value. */
const OBJECT_LEAVES = new Set(['code', 'organization', 'identifier', 'quantity']);

/** For content of a structure (`{ [rootKey]: … }`): its coded and compound values are leaves. */
export function structureAtomic(rootKey: string, fields: readonly Field[]): AtomicAt {
  return (path) => {
    if (path[0] !== rootKey || path.length < 2) return false;
    // An item of a repeatable leaf is the leaf; the array holding the items is not.
    const last = path[path.length - 1];
    const f = fieldAt(fields, path.slice(1));
    if (!f || !OBJECT_LEAVES.has(f.value.kind)) return false;
    return !(f.repeatable && typeof last !== 'number');
  };
}

/** "Asiakkaan elämäntilanne 2 › Kuvaus": the field names along a path, items numbered from 1. */
export function pathLabel(
  rootKey: string,
  fields: readonly Field[],
  path: Segments,
  lang: UiLanguage,
): string {
  const parts: string[] = [];
  let list = fields;
  const rest = path[0] === rootKey ? path.slice(1) : path;
  for (const s of rest) {
    if (typeof s === 'number') {
      if (parts.length > 0) parts[parts.length - 1] = `${parts[parts.length - 1]} ${s + 1}`;
      else parts.push(String(s + 1));
      continue;
    }
    const f = list.find((x) => x.key === s);
    parts.push(f ? localized(f.name, lang) || s : s);
    list = f && f.value.kind === 'group' ? f.value.fields : [];
  }
  return parts.join(' › ');
}

/** A leaf value as a person reads it; booleans in the UI language through `yesNo`. */
export function valueText(v: Json | undefined, yesNo: (b: boolean) => string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return yesNo(v);
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => valueText(x, yesNo)).join(', ');
  if (Object.keys(v).length === 0) return '';
  if (typeof v.code === 'string' && 'display' in v) {
    const display = typeof v.display === 'string' ? v.display : '';
    return display ? `${display} (${v.code})` : v.code;
  }
  if ('value' in v && typeof v.code === 'string') return `${valueText(v.value, yesNo)} ${v.code}`.trim();
  if ('value' in v) return valueText(v.value, yesNo);
  return JSON.stringify(v);
}
