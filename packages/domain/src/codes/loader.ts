// Code system files are data that people edit by hand and that importers produce from foreign
// exports, so the loader checks every field and reports all problems at once, each with the path
// of the offending value (codes[3].names.fi), instead of stopping at the first.

import {
  type CodeEntry,
  type CodeSystem,
  type Completeness,
  LANGUAGES,
  type LocalizedNames,
  type Provenance,
} from './model.ts';
import { isOid } from './oid.ts';
import { err, ok, type Result } from './result.ts';

export interface CodeSystemLoadError {
  readonly code: 'invalid_code_system';
  /** One line for people: which system and how many problems, with the first few listed. */
  readonly message: string;
  /** Every problem, each prefixed with the path of the value in the input. */
  readonly issues: readonly string[];
}

type Json = Record<string, unknown>;

const SYSTEM_KEYS = new Set([
  '$comment',
  'oid',
  'version',
  'names',
  'provenance',
  'completeness',
  'note',
  'codes',
]);
const CODE_KEYS = new Set([
  'code',
  'names',
  'abbreviation',
  'validFrom',
  'validTo',
  'parent',
  'provenance',
  'note',
]);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** True for an ISO calendar date that exists (2024-02-30 does not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function unknownKeys(obj: Json, allowed: Set<string>, path: string, issues: string[]): void {
  const extra = Object.keys(obj).filter((k) => !allowed.has(k));
  if (extra.length > 0) {
    issues.push(`${path}: unknown field(s) ${extra.join(', ')} (allowed: ${[...allowed].join(', ')})`);
  }
}

function readNames(value: unknown, path: string, issues: string[]): LocalizedNames | undefined {
  if (!isObject(value)) {
    issues.push(`${path}: must be an object with a Finnish name, e.g. {"fi": "…", "sv": "…"}`);
    return undefined;
  }
  unknownKeys(value, new Set(LANGUAGES), path, issues);
  let valid = true;
  if (!isNonEmptyString(value.fi)) {
    issues.push(`${path}.fi: the Finnish name is required and must be a non-empty string`);
    valid = false;
  }
  for (const lang of ['sv', 'en'] as const) {
    if (value[lang] !== undefined && !isNonEmptyString(value[lang])) {
      issues.push(`${path}.${lang}: must be a non-empty string when present`);
      valid = false;
    }
  }
  if (!valid) return undefined;
  const names: { fi: string; sv?: string; en?: string } = { fi: value.fi as string };
  if (typeof value.sv === 'string') names.sv = value.sv;
  if (typeof value.en === 'string') names.en = value.en;
  return Object.freeze(names);
}

function readProvenance(value: unknown, path: string, issues: string[]): Provenance | undefined {
  if (!isObject(value)) {
    issues.push(
      `${path}: must be {"status": "verified", "source": "…"} or {"status": "provisional", "note": "…"}`,
    );
    return undefined;
  }
  if (value.status === 'verified') {
    unknownKeys(value, new Set(['status', 'source']), path, issues);
    if (!isNonEmptyString(value.source)) {
      issues.push(`${path}.source: a verified code must cite its source`);
      return undefined;
    }
    return Object.freeze({ status: 'verified', source: value.source });
  }
  if (value.status === 'provisional') {
    unknownKeys(value, new Set(['status', 'note']), path, issues);
    if (!isNonEmptyString(value.note)) {
      issues.push(`${path}.note: a provisional code must say what is uncertain`);
      return undefined;
    }
    return Object.freeze({ status: 'provisional', note: value.note });
  }
  issues.push(`${path}.status: must be "verified" or "provisional", got ${JSON.stringify(value.status)}`);
  return undefined;
}

function readOptionalString(obj: Json, key: string, path: string, issues: string[]): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!isNonEmptyString(value)) {
    issues.push(`${path}.${key}: must be a non-empty string when present`);
    return undefined;
  }
  return value;
}

function readDate(obj: Json, key: string, path: string, issues: string[]): string | undefined {
  const value = readOptionalString(obj, key, path, issues);
  if (value !== undefined && !isIsoDate(value)) {
    issues.push(`${path}.${key}: must be an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

function readCode(value: unknown, path: string, issues: string[]): CodeEntry | undefined {
  if (!isObject(value)) {
    issues.push(`${path}: must be an object`);
    return undefined;
  }
  const before = issues.length;
  unknownKeys(value, CODE_KEYS, path, issues);
  if (!isNonEmptyString(value.code) || /\s/.test(value.code)) {
    issues.push(`${path}.code: must be a non-empty string without spaces, got ${JSON.stringify(value.code)}`);
  }
  const names = readNames(value.names, `${path}.names`, issues);
  const provenance = readProvenance(value.provenance, `${path}.provenance`, issues);
  const abbreviation = readOptionalString(value, 'abbreviation', path, issues);
  const validFrom = readDate(value, 'validFrom', path, issues);
  const validTo = readDate(value, 'validTo', path, issues);
  const parent = readOptionalString(value, 'parent', path, issues);
  const note = readOptionalString(value, 'note', path, issues);
  if (validFrom !== undefined && validTo !== undefined && validFrom > validTo) {
    issues.push(`${path}: validFrom ${validFrom} is after validTo ${validTo}`);
  }
  if (issues.length > before || names === undefined || provenance === undefined) return undefined;
  const entry: {
    code: string;
    names: LocalizedNames;
    provenance: Provenance;
    abbreviation?: string;
    validFrom?: string;
    validTo?: string;
    parent?: string;
    note?: string;
  } = { code: value.code as string, names, provenance };
  if (abbreviation !== undefined) entry.abbreviation = abbreviation;
  if (validFrom !== undefined) entry.validFrom = validFrom;
  if (validTo !== undefined) entry.validTo = validTo;
  if (parent !== undefined) entry.parent = parent;
  if (note !== undefined) entry.note = note;
  return Object.freeze(entry);
}

/** Parent references must name a code of the same system and must not loop. */
function checkHierarchy(codes: readonly CodeEntry[], issues: string[]): void {
  const byCode = new Map(codes.map((c) => [c.code, c]));
  codes.forEach((c, i) => {
    if (c.parent === undefined) return;
    if (!byCode.has(c.parent)) {
      issues.push(`codes[${i}].parent: code ${c.code} names parent ${c.parent}, which is not in this system`);
      return;
    }
    const seen = new Set([c.code]);
    let current: CodeEntry | undefined = byCode.get(c.parent);
    while (current !== undefined) {
      if (seen.has(current.code)) {
        issues.push(`codes[${i}].parent: the parent chain of code ${c.code} loops back to ${current.code}`);
        return;
      }
      seen.add(current.code);
      current = current.parent === undefined ? undefined : byCode.get(current.parent);
    }
  });
}

/**
 * Validates a code system read from JSON (a shipped file, an uploaded file or an importer's
 * output) and returns it deeply frozen.
 */
export function loadCodeSystem(json: unknown): Result<CodeSystem, CodeSystemLoadError> {
  const issues: string[] = [];
  if (!isObject(json)) {
    return err({
      code: 'invalid_code_system',
      message: 'A code system must be a JSON object with oid, names, provenance, completeness and codes',
      issues: ['(root): not an object'],
    });
  }
  unknownKeys(json, SYSTEM_KEYS, '(root)', issues);
  const oid = json.oid;
  if (typeof oid !== 'string' || !isOid(oid)) {
    issues.push(
      `oid: must be a classification OID without urn:oid: prefix, e.g. "1.2.246.537.6.1221", got ${JSON.stringify(oid)}`,
    );
  }
  const version = readOptionalString(json, 'version', '(root)', issues);
  if (version !== undefined && !/^\d+(\.\d+)*$/.test(version)) {
    issues.push(`version: must be the numeric version arc(s), e.g. "201601", got ${JSON.stringify(version)}`);
  }
  const names = readNames(json.names, 'names', issues);
  const provenance = readProvenance(json.provenance, 'provenance', issues);
  const completeness = json.completeness;
  if (completeness !== 'complete' && completeness !== 'partial') {
    issues.push(`completeness: must be "complete" or "partial", got ${JSON.stringify(completeness)}`);
  }
  const note = readOptionalString(json, 'note', '(root)', issues);
  const codes: CodeEntry[] = [];
  if (!Array.isArray(json.codes) || json.codes.length === 0) {
    issues.push('codes: must be a non-empty array');
  } else {
    const firstIndex = new Map<string, number>();
    json.codes.forEach((raw, i) => {
      const entry = readCode(raw, `codes[${i}]`, issues);
      if (entry === undefined) return;
      const previous = firstIndex.get(entry.code);
      if (previous !== undefined) {
        issues.push(`codes[${i}].code: duplicate code ${entry.code} (first at codes[${previous}])`);
        return;
      }
      firstIndex.set(entry.code, i);
      codes.push(entry);
    });
    checkHierarchy(codes, issues);
  }
  if (issues.length > 0 || names === undefined || provenance === undefined) {
    const label = typeof oid === 'string' ? oid : '(no oid)';
    const shown = issues.slice(0, 3).join('; ');
    const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
    return err({
      code: 'invalid_code_system',
      message: `Code system ${label} is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${shown}${more}`,
      issues,
    });
  }
  const system: {
    oid: string;
    names: LocalizedNames;
    provenance: Provenance;
    completeness: Completeness;
    codes: readonly CodeEntry[];
    version?: string;
    note?: string;
  } = {
    oid: oid as string,
    names,
    provenance,
    completeness: completeness as Completeness,
    codes: Object.freeze(codes),
  };
  if (version !== undefined) system.version = version;
  if (note !== undefined) system.note = note;
  return ok(Object.freeze(system));
}
