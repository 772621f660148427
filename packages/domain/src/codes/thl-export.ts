// Importer for code lists exported from THL's code server (koodistopalvelu.kanta.fi).
//
// The exact export formats could not be checked while this was written (no network access), so
// the parsers are inferred from what is known of the service and deliberately liberal:
// - CSV: one row per code; headers in English (CodeId, Abbreviation, LongName, ShortName,
//   BeginDate, ExpirationDate, HierarchyLevel, ParentCodeId) or Finnish (Koodi, Nimi, Lyhenne,
//   Alkupvm, Loppupvm, Yläkoodi, Hierarkiataso), any case and spacing; separator `;`, `,`, tab or
//   `|`, detected from the header line; an optional UTF-8 BOM; dates as ISO or Finnish d.m.yyyy.
// - XML: either a custom <classification><codes><code codeId="…" longName="…"/></codes> form
//   (fields as attributes or child elements, names optionally per language) or ClaML
//   (<Class code="…"><SuperClass code="…"/><Rubric kind="preferred"><Label xml:lang="fi">…).
// Whatever the form, every imported code is marked verified with the export as its source, and
// the result passes the same validation as a shipped code system file.

import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { loadCodeSystem } from './loader.ts';
import type { CodeEntry, CodeSystem, Language, LocalizedNames } from './model.ts';
import { stripOidUrn } from './oid.ts';
import { err, ok, type Result } from './result.ts';

export type CodeImportErrorCode =
  | 'empty_input'
  | 'invalid_oid'
  | 'oid_mismatch'
  | 'malformed_csv'
  | 'malformed_xml'
  | 'missing_columns'
  | 'no_codes'
  | 'invalid_row'
  | 'invalid_date'
  | 'duplicate_code'
  | 'invalid_result';

export interface CodeImportError {
  readonly code: CodeImportErrorCode;
  readonly message: string;
  /** CSV line number (1-based) of the offending row, when known. */
  readonly line?: number;
  /** The header columns (CSV) or field names (XML) found, for a missing-column error. */
  readonly columnsFound?: readonly string[];
  /** Every problem, when the assembled code system failed validation. */
  readonly issues?: readonly string[];
}

export interface CodeSystemExportOptions {
  readonly format: 'csv' | 'xml';
  /** The classification OID the file is the export of (a urn:oid: prefix is accepted). */
  readonly oid: string;
  /** Version arc, e.g. "201601"; taken from the XML when absent. */
  readonly version?: string;
  /** Name of the code system; taken from the XML when absent, else the OID is used. */
  readonly name?: string | LocalizedNames;
  /** Which export this is (file name and/or download date), cited in every code's provenance. */
  readonly exportLabel?: string;
}

/** The fields of a code row we understand, after matching header or attribute names. */
type Field =
  | 'code'
  | 'nameFi'
  | 'shortName'
  | 'abbreviation'
  | 'nameSv'
  | 'nameEn'
  | 'begin'
  | 'end'
  | 'parent'
  | 'level';

// Aliases are compared after normalizeKey (lower case, diacritics and non-alphanumerics removed),
// in priority order: the first alias present wins, so CodeId beats a generic Id column.
const FIELD_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  code: ['codeid', 'code', 'koodi', 'koodiarvo', 'codevalue', 'conceptcode', 'koodiid', 'tunniste', 'id'],
  nameFi: [
    'longname',
    'longnamefi',
    'longnamefin',
    'name',
    'namefi',
    'nimi',
    'nimifi',
    'pitkanimi',
    'suomenkielinennimi',
    'nimisuomeksi',
    'display',
    'displayname',
    'preferredname',
    'label',
    'selite',
    'termi',
  ],
  shortName: ['shortname', 'shortnamefi', 'lyhytnimi'],
  abbreviation: ['abbreviation', 'abbr', 'lyhenne'],
  nameSv: [
    'longnamesv',
    'longnameswe',
    'namesv',
    'nimisv',
    'ruotsinkielinennimi',
    'nimiruotsiksi',
    'swedishname',
    'swedish',
    'svenska',
    'svenskanamn',
    'ruotsiksi',
    'ruotsi',
    'shortnamesv',
  ],
  nameEn: [
    'longnameen',
    'longnameeng',
    'nameen',
    'nimien',
    'englanninkielinennimi',
    'nimienglanniksi',
    'englishname',
    'english',
    'englanniksi',
    'englanti',
    'shortnameen',
  ],
  begin: [
    'begindate',
    'beginningdate',
    'startdate',
    'validfrom',
    'effectivedate',
    'alkupvm',
    'alkupaiva',
    'alkupaivamaara',
    'voimassaoloalkaa',
    'voimassaalkaen',
    'alkaa',
  ],
  end: [
    'expirationdate',
    'expirydate',
    'enddate',
    'validto',
    'loppupvm',
    'loppupaiva',
    'loppupaivamaara',
    'voimassaololoppuu',
    'voimassaasti',
    'paattyy',
  ],
  parent: [
    'parentcodeid',
    'parentcode',
    'parentid',
    'parent',
    'ylakoodi',
    'ylakasite',
    'ylatasonkoodi',
    'ylataso',
    'ylaluokka',
    'superclass',
    'broader',
  ],
  level: ['hierarchylevel', 'hierarkiataso', 'level', 'taso', 'hierarchy'],
};

const FIELDS = Object.keys(FIELD_ALIASES) as Field[];

/** Header and attribute names compared without case, accents, spaces or punctuation. */
export function normalizeKey(key: string): string {
  return key
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** One code as read from the export, before validation. */
interface RawEntry {
  readonly fields: ReadonlyMap<Field, string>;
  /** Names given per language (XML lang attributes), taking precedence over plain fields. */
  readonly names: ReadonlyMap<Language, string>;
  /** Parent implied by nesting (XML). */
  readonly nestedParent?: string;
  /** Where the entry was found, for messages: "line 7" or "code element 3". */
  readonly where: string;
  readonly line?: number;
}

interface ExportMetadata {
  readonly oid?: string;
  readonly version?: string;
  readonly names?: LocalizedNames;
}

/**
 * Parses an export of one code system from THL's code server into our model. Every code is
 * marked verified with source "THL koodistopalvelu export <exportLabel>".
 */
export function parseCodeSystemExport(
  text: string,
  options: CodeSystemExportOptions,
): Result<CodeSystem, CodeImportError> {
  const oid = stripOidUrn(options.oid);
  if (oid === undefined) {
    return err({ code: 'invalid_oid', message: `Not a classification OID: ${JSON.stringify(options.oid)}` });
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return err({ code: 'empty_input', message: 'The export file is empty' });
  const parsed = options.format === 'csv' ? readCsv(body) : readXml(body);
  if (!parsed.ok) return parsed;
  const { entries } = parsed.value;
  let metadata = parsed.value.metadata;
  if (metadata.oid !== undefined && metadata.oid !== oid) {
    // An OID written with its version arc (…1221.201601) still names the requested system.
    if (!metadata.oid.startsWith(`${oid}.`)) {
      return err({
        code: 'oid_mismatch',
        message: `The export is of code system ${metadata.oid}, not of ${oid} as requested`,
      });
    }
    metadata = { ...metadata, version: metadata.version ?? metadata.oid.slice(oid.length + 1) };
  }
  return assemble(entries, metadata, { ...options, oid });
}

// ---------------------------------------------------------------------------------------------
// CSV

const DELIMITERS = [';', ',', '\t', '|'] as const;

/**
 * The separator that occurs most often outside quotes in the header line, taken as the line with
 * the most separators among the first few (a title line above the header has none).
 */
function detectDelimiter(body: string): string {
  let best: string = ';';
  let bestCount = 0;
  for (const line of body.split(/\r?\n/, 6)) {
    const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    for (const [d, n] of counts) {
      if (n > bestCount) {
        best = d;
        bestCount = n;
      }
    }
  }
  return best;
}

interface CsvRecord {
  readonly info: { readonly lines: number };
  readonly record: readonly string[];
}

function isCsvRecord(value: unknown): value is CsvRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { info?: { lines?: unknown }; record?: unknown };
  return typeof v.info?.lines === 'number' && Array.isArray(v.record);
}

/** Maps each field to the index of the column that carries it. */
function matchColumns(headers: readonly string[]): Map<Field, number> {
  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = normalizeKey(h);
    if (key !== '' && !byKey.has(key)) byKey.set(key, i);
  });
  const columns = new Map<Field, number>();
  for (const field of FIELDS) {
    for (const alias of FIELD_ALIASES[field]) {
      const index = byKey.get(alias);
      if (index !== undefined) {
        columns.set(field, index);
        break;
      }
    }
  }
  return columns;
}

function missingColumnsError(found: readonly string[], missing: string, format: string): CodeImportError {
  const shown = found.length === 0 ? '(none)' : found.map((c) => JSON.stringify(c)).join(', ');
  return {
    code: 'missing_columns',
    message: `The ${format} export has no ${missing}. Found: ${shown}`,
    columnsFound: found,
  };
}

const CODE_COLUMN_HINT = 'code column (looked for CodeId, Code, Koodi, Koodiarvo, Id)';
const NAME_COLUMN_HINT =
  'name column (looked for LongName, Name, Nimi, Display, Selite, ShortName, Lyhytnimi, Abbreviation, Lyhenne)';

function readCsv(body: string): Result<{ entries: RawEntry[]; metadata: ExportMetadata }, CodeImportError> {
  let rows: CsvRecord[];
  try {
    const parsed: unknown = parseCsv(body, {
      delimiter: detectDelimiter(body),
      bom: true,
      info: true,
      trim: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    });
    rows = Array.isArray(parsed) ? parsed.filter(isCsvRecord) : [];
  } catch (e) {
    return err({ code: 'malformed_csv', message: `The CSV export cannot be read: ${(e as Error).message}` });
  }
  const first = rows[0];
  if (first === undefined) return err({ code: 'empty_input', message: 'The CSV export has no header row' });
  // Some exports put a title line above the header: take the first of the leading rows that
  // names both a code and a name column.
  const hasName = (c: Map<Field, number>) => c.has('nameFi') || c.has('shortName') || c.has('abbreviation');
  const headerIndex = rows.slice(0, 5).findIndex((r) => {
    const c = matchColumns(r.record);
    return c.has('code') && hasName(c);
  });
  if (headerIndex < 0) {
    const found = first.record.filter((h) => h !== '');
    const columns = matchColumns(first.record);
    return err(missingColumnsError(found, columns.has('code') ? NAME_COLUMN_HINT : CODE_COLUMN_HINT, 'CSV'));
  }
  const columns = matchColumns(rows[headerIndex]?.record ?? []);
  const data = rows.slice(headerIndex + 1);
  const entries = data.map((row) => {
    const fields = new Map<Field, string>();
    for (const [field, index] of columns) {
      const value = row.record[index]?.trim();
      if (value) fields.set(field, value);
    }
    return {
      fields,
      names: new Map<Language, string>(),
      where: `line ${row.info.lines}`,
      line: row.info.lines,
    };
  });
  return ok({ entries, metadata: {} });
}

// ---------------------------------------------------------------------------------------------
// XML

type XmlValue = string | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}

const ATTR = '@_';
const TEXT = '#text';
const ENTRY_TAGS = new Set([
  'code',
  'class',
  'concept',
  'koodi',
  'item',
  'codeitem',
  'classificationitem',
  'row',
  'entry',
]);
const NAME_TAGS = new Set([
  'name',
  'longname',
  'nimi',
  'display',
  'label',
  'title',
  'preferredname',
  'shortname',
]);
const PREFERRED_RUBRICS = ['preferredlong', 'preferred', 'longname', 'name'];

function isXmlObject(value: XmlValue | undefined): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function textOf(value: XmlValue | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (isXmlObject(value)) {
    const t = value[TEXT];
    return typeof t === 'string' ? t.trim() || undefined : undefined;
  }
  return undefined;
}

function languageOf(tag: string): Language | undefined {
  const key = normalizeKey(tag);
  if (key === 'fi' || key === 'fin' || key === 'suomi') return 'fi';
  if (key === 'sv' || key === 'swe' || key === 'ruotsi') return 'sv';
  if (key === 'en' || key === 'eng' || key === 'englanti') return 'en';
  return undefined;
}

function langAttribute(obj: XmlObject): Language | undefined {
  const lang = obj[`${ATTR}lang`] ?? obj[`${ATTR}language`] ?? obj[`${ATTR}kieli`];
  return typeof lang === 'string' ? languageOf(lang.split('-')[0] ?? lang) : undefined;
}

/**
 * The flat view of one XML element: its attributes, its text-only children, its ClaML Meta
 * name/value pairs, SuperClass and Rubric labels, and names given per language.
 */
function readElement(obj: XmlObject): { values: Map<string, string>; names: Map<Language, string> } {
  const values = new Map<string, string>();
  const names = new Map<Language, string>();
  const rubricRank = new Map<Language, number>();
  const setValue = (name: string, value: string | undefined) => {
    if (value !== undefined && !values.has(name)) values.set(name, value);
  };
  for (const [key, raw] of Object.entries(obj)) {
    if (key.startsWith(ATTR)) {
      if (typeof raw === 'string') setValue(key.slice(ATTR.length), raw.trim() || undefined);
      continue;
    }
    const tag = normalizeKey(key);
    for (const child of asList(raw)) {
      if (typeof child === 'string') {
        setValue(key, child.trim() || undefined);
        continue;
      }
      if (!isXmlObject(child)) continue;
      if (tag === 'meta') {
        const name = child[`${ATTR}name`];
        const value = child[`${ATTR}value`];
        if (typeof name === 'string' && typeof value === 'string') setValue(name, value.trim() || undefined);
      } else if (tag === 'superclass' || tag === 'parent') {
        const code = child[`${ATTR}code`];
        setValue('parent', typeof code === 'string' ? code.trim() || undefined : textOf(child));
      } else if (tag === 'rubric') {
        const kind = child[`${ATTR}kind`];
        const rank = PREFERRED_RUBRICS.indexOf(typeof kind === 'string' ? normalizeKey(kind) : '');
        if (rank < 0) continue;
        for (const label of asList(child.Label ?? child.label)) {
          const text = textOf(label);
          const lang = isXmlObject(label) ? (langAttribute(label) ?? 'fi') : 'fi';
          // A long preferred name wins over a short one, whatever order they come in.
          const previous = rubricRank.get(lang);
          if (text !== undefined && (previous === undefined || rank < previous)) {
            names.set(lang, text);
            rubricRank.set(lang, rank);
          }
        }
      } else if (
        textOf(child) !== undefined &&
        Object.keys(child).every((k) => k === TEXT || k.startsWith(ATTR))
      ) {
        const lang = langAttribute(child);
        if (lang !== undefined && NAME_TAGS.has(tag)) {
          if (!names.has(lang)) names.set(lang, textOf(child) ?? '');
        } else {
          setValue(key, textOf(child));
        }
      }
    }
  }
  return { values, names };
}

function fieldsOf(values: ReadonlyMap<string, string>): Map<Field, string> {
  const fields = new Map<Field, string>();
  const candidates = new Map<Field, { rank: number; value: string }>();
  for (const [name, value] of values) {
    const key = normalizeKey(name);
    for (const field of FIELDS) {
      const rank = FIELD_ALIASES[field].indexOf(key);
      const best = candidates.get(field);
      if (rank >= 0 && (best === undefined || rank < best.rank)) candidates.set(field, { rank, value });
    }
  }
  for (const [field, { value }] of candidates) fields.set(field, value);
  return fields;
}

function readXml(body: string): Result<{ entries: RawEntry[]; metadata: ExportMetadata }, CodeImportError> {
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    return err({
      code: 'malformed_xml',
      message: `The XML export is not well-formed: ${valid.err.msg} (line ${valid.err.line})`,
      line: valid.err.line,
    });
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    textNodeName: TEXT,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  });
  const document = parser.parse(body) as XmlObject;
  const rootKey = Object.keys(document).find((k) => !k.startsWith('?') && !k.startsWith(ATTR));
  const root = rootKey === undefined ? undefined : document[rootKey];
  if (!isXmlObject(root))
    return err({ code: 'no_codes', message: 'The XML export has no root element with codes' });

  const entries: RawEntry[] = [];
  const seenFields = new Set<string>();
  const walk = (node: XmlValue, tag: string, enclosingCode: string | undefined) => {
    for (const item of asList(node)) {
      if (!isXmlObject(item)) continue;
      let code = enclosingCode;
      if (ENTRY_TAGS.has(normalizeKey(tag))) {
        const { values, names } = readElement(item);
        for (const name of values.keys()) seenFields.add(name);
        const fields = fieldsOf(values);
        if (fields.has('code')) {
          const entry: RawEntry = {
            fields,
            names,
            where: `<${tag}> element ${entries.length + 1}`,
            ...(enclosingCode === undefined ? {} : { nestedParent: enclosingCode }),
          };
          entries.push(entry);
          code = fields.get('code');
        }
      }
      for (const [childTag, child] of Object.entries(item)) {
        if (!childTag.startsWith(ATTR) && childTag !== TEXT) walk(child, childTag, code);
      }
    }
  };
  walk(root, rootKey ?? '', undefined);
  if (entries.length === 0) {
    return err({
      ...missingColumnsError(
        [...seenFields],
        'code elements (looked for <code codeId="…">, <Class code="…">, <concept>, <koodi>, <row>)',
        'XML',
      ),
      code: 'no_codes',
    });
  }
  return ok({ entries, metadata: readXmlMetadata(root) });
}

/** System OID, version and names from the root element (custom form) or ClaML Title/Identifier. */
function readXmlMetadata(root: XmlObject): ExportMetadata {
  const { values, names } = readElement(root);
  const lookup = (...keys: string[]) => {
    for (const [name, value] of values) if (keys.includes(normalizeKey(name))) return value;
    return undefined;
  };
  // The version attribute of a ClaML root is the version of the ClaML format, not of the codes.
  const claml = root.Title !== undefined && root.Class !== undefined;
  let oid = lookup('oid', 'classificationoid', 'luokitusoid');
  let version = claml ? undefined : lookup('version', 'versio', 'classificationversion');
  const nameMap = new Map(names);
  const plainName = lookup('name', 'nimi', 'title', 'classificationname');
  if (plainName !== undefined && !nameMap.has('fi')) nameMap.set('fi', plainName);
  for (const identifier of asList(root.Identifier)) {
    const uid = isXmlObject(identifier) ? identifier[`${ATTR}uid`] : undefined;
    if (oid === undefined && typeof uid === 'string') oid = uid;
  }
  for (const title of asList(root.Title)) {
    if (!isXmlObject(title)) continue;
    const v = title[`${ATTR}version`];
    if (version === undefined && typeof v === 'string') version = v;
    const t = textOf(title);
    if (t !== undefined && !nameMap.has('fi')) nameMap.set('fi', t);
  }
  const fi = nameMap.get('fi');
  const metadata: { oid?: string; version?: string; names?: LocalizedNames } = {};
  const bareOid = oid === undefined ? undefined : stripOidUrn(oid);
  if (bareOid !== undefined) metadata.oid = bareOid;
  if (version !== undefined) metadata.version = version;
  if (fi !== undefined) metadata.names = localized(fi, nameMap.get('sv'), nameMap.get('en'));
  return metadata;
}

// ---------------------------------------------------------------------------------------------
// Assembling the code system

function localized(fi: string, sv: string | undefined, en: string | undefined): LocalizedNames {
  const names: { fi: string; sv?: string; en?: string } = { fi };
  if (sv !== undefined) names.sv = sv;
  if (en !== undefined) names.en = en;
  return names;
}

/** ISO date from the date forms seen in Finnish exports: 2016-01-01[T…], 1.1.2016 [12:00], 20160101. */
export function parseExportDate(value: string): string | undefined {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  const finnish = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s.*)?$/.exec(v);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  const parts = iso
    ? [iso[1], iso[2], iso[3]]
    : finnish
      ? [finnish[3], finnish[2], finnish[1]]
      : compact
        ? [compact[1], compact[2], compact[3]]
        : undefined;
  if (parts === undefined) return undefined;
  const [y, m, d] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function assemble(
  entries: readonly RawEntry[],
  metadata: ExportMetadata,
  options: CodeSystemExportOptions & { oid: string },
): Result<CodeSystem, CodeImportError> {
  const version = options.version ?? metadata.version;
  const label = options.exportLabel ?? `${options.oid}${version === undefined ? '' : `.${version}`}`;
  const source = `THL koodistopalvelu export ${label}`;
  const codes: CodeEntry[] = [];
  const seen = new Map<string, string>();
  // Hierarchy levels give the parent implicitly: the last code one level up, in file order.
  const lastAtLevel = new Map<number, string>();
  for (const entry of entries) {
    const at = entry.line === undefined ? {} : { line: entry.line };
    const code = entry.fields.get('code');
    if (code === undefined) {
      return err({ code: 'invalid_row', message: `The code is empty on ${entry.where}`, ...at });
    }
    if (/\s/.test(code)) {
      return err({
        code: 'invalid_row',
        message: `Code ${JSON.stringify(code)} on ${entry.where} contains spaces`,
        ...at,
      });
    }
    const previous = seen.get(code);
    if (previous !== undefined) {
      return err({
        code: 'duplicate_code',
        message: `Code ${code} appears twice: on ${previous} and on ${entry.where}`,
        ...at,
      });
    }
    seen.set(code, entry.where);
    const fi =
      entry.names.get('fi') ??
      entry.fields.get('nameFi') ??
      entry.fields.get('shortName') ??
      entry.fields.get('abbreviation');
    if (fi === undefined) {
      return err({
        code: 'invalid_row',
        message: `Code ${code} on ${entry.where} has no Finnish name`,
        ...at,
      });
    }
    const dates: { validFrom?: string; validTo?: string } = {};
    for (const [field, key] of [
      ['begin', 'validFrom'],
      ['end', 'validTo'],
    ] as const) {
      const raw = entry.fields.get(field);
      if (raw === undefined) continue;
      const iso = parseExportDate(raw);
      if (iso === undefined) {
        return err({
          code: 'invalid_date',
          message: `Code ${code} on ${entry.where}: ${field === 'begin' ? 'begin' : 'expiration'} date ${JSON.stringify(raw)} is not a date (expected 2016-01-01 or 1.1.2016)`,
          ...at,
        });
      }
      dates[key] = iso;
    }
    const levelText = entry.fields.get('level');
    const level = levelText !== undefined && /^\d+$/.test(levelText) ? Number(levelText) : undefined;
    let parent = entry.fields.get('parent') ?? entry.nestedParent;
    if (parent === undefined && level !== undefined) parent = lastAtLevel.get(level - 1);
    if (level !== undefined) {
      lastAtLevel.set(level, code);
      for (const deeper of [...lastAtLevel.keys()]) if (deeper > level) lastAtLevel.delete(deeper);
    }
    const abbreviation = entry.fields.get('abbreviation');
    codes.push({
      code,
      names: localized(
        fi,
        entry.names.get('sv') ?? entry.fields.get('nameSv'),
        entry.names.get('en') ?? entry.fields.get('nameEn'),
      ),
      ...(abbreviation !== undefined && abbreviation !== fi ? { abbreviation } : {}),
      ...dates,
      ...(parent !== undefined && parent !== code ? { parent } : {}),
      provenance: { status: 'verified', source },
    });
  }
  if (codes.length === 0) return err({ code: 'no_codes', message: 'The export lists no codes' });
  const name = options.name ?? metadata.names ?? { fi: options.oid };
  const loaded = loadCodeSystem({
    oid: options.oid,
    ...(version === undefined ? {} : { version }),
    names: typeof name === 'string' ? { fi: name } : name,
    provenance: { status: 'verified', source },
    completeness: 'complete',
    codes,
  });
  if (!loaded.ok) {
    return err({
      code: 'invalid_result',
      message: `The export was read but does not form a valid code system: ${loaded.error.message}`,
      issues: loaded.error.issues,
    });
  }
  return loaded;
}
