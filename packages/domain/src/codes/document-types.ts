// Builds the client document type code system (1.2.246.537.6.1506) from THL's Sosmeta
// structures. No official export of the code list was available, but every structure is named by
// its definition OID 1.2.246.537.6.1506.<type code>.<yyyy>.<m>.<d> and carries its Finnish and
// Swedish name, so the structures themselves are the best source of the specific type codes.
// Used by generate-document-types.ts (by hand) and by the test that checks the shipped file is
// up to date; kept free of I/O so the test can feed it the same input.

import { DOCUMENT_TYPE_NAMES_EN } from './document-type-names-en.ts';

/** One parsed Sosmeta JSON Schema file. */
export interface SosmetaFile {
  readonly fileName: string;
  readonly schema: unknown;
}

interface GeneralType {
  readonly code: string;
  readonly fi: string;
  readonly sv: string;
}

// The general types are codes of the same system (CDA `code` carries e.g. 15 Suunnitelma while
// the header's specificDocumentType carries 15007). Only 15 was seen in a real document; the other
// numbers are the leading digits shared by the specific types of that sosmeta documentType.
const GENERAL_TYPES: readonly GeneralType[] = [
  { code: '1', fi: 'Arvio', sv: 'Bedömning' },
  { code: '3', fi: 'Hakemus', sv: 'Ansökan' },
  { code: '4', fi: 'Ilmoitus', sv: 'Anmälan' },
  { code: '5', fi: 'Kuulemisasiakirja', sv: 'Handling över hörande' },
  { code: '6', fi: 'Laskelma', sv: 'Beräkning' },
  { code: '7', fi: 'Lausunto', sv: 'Utlåtande' },
  { code: '8', fi: 'Lähete', sv: 'Remiss' },
  { code: '9', fi: 'Maksusitoumus', sv: 'Betalningsförbindelse' },
  { code: '10', fi: 'Pyyntö', sv: 'Begäran' },
  { code: '11', fi: 'Päätös', sv: 'Beslut' },
  { code: '12', fi: 'Selvitys', sv: 'Utredning' },
  { code: '13', fi: 'Sopimus', sv: 'Avtal' },
  { code: '14', fi: 'Suostumus', sv: 'Samtycke' },
  { code: '15', fi: 'Suunnitelma', sv: 'Plan' },
  { code: '16', fi: 'Yhteenveto', sv: 'Sammanfattning' },
  { code: '19', fi: 'Asiakaskertomusmerkintä', sv: 'Anteckning i klientjournalen' },
];

const VERIFIED_GENERAL: Readonly<Record<string, string>> = {
  '15': 'kanta-spec §3 (CDA code 15 "Suunnitelma" with specificDocumentType 15007)',
};

// Codes known only from a valueSet whose Finnish label is evidently copied from another code:
// sosmeta gives "11049 = Päätös yhteydenpidon rajoittamisesta" (the name of 11050) but the Swedish
// label says "upphörande av begränsning" (ending the restriction), matching the pair 11031/11032.
const FINNISH_NAME_CORRECTIONS: Readonly<Record<string, string>> = {
  '11049': 'Päätös yhteydenpidon rajoittamisen lopettamisesta',
};

const DEFINITION_OID = /^1\.2\.246\.537\.6\.1506\.(\d+)\.(\d{4})\.(\d{1,2})\.(\d{1,2})$/;
const CLIENT_DOCUMENT_TYPE_OID = '1.2.246.537.6.1506';
const VALUE_SET_LINE = /^\s*(\d+)\s*=\s*(.+?)\s*,?\s*$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sosmeta's multilingual lists: [{ lang: 'fi', value: '…' }, …]. */
function langValue(list: unknown, lang: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const item of list) {
    if (isObject(item) && item.lang === lang && typeof item.value === 'string' && item.value.trim() !== '') {
      return item.value.trim();
    }
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

interface Structure {
  readonly code: string;
  readonly definitionOid: string;
  readonly dateKey: number;
  readonly fi: string;
  readonly sv?: string;
  readonly documentType: string;
}

function readStructure(file: SosmetaFile): Structure | undefined {
  const schema = file.schema;
  if (!isObject(schema) || !isObject(schema.sosmeta)) return undefined;
  const oid = schema.sosmeta.oid;
  if (typeof oid !== 'string') return undefined;
  const m = DEFINITION_OID.exec(oid);
  if (!m?.[1]) return undefined;
  const documentType = schema.sosmeta.documentType;
  if (typeof documentType !== 'string') {
    throw new Error(`${file.fileName}: sosmeta.documentType is missing`);
  }
  const properties = isObject(schema.properties) ? schema.properties : {};
  const root = Object.values(properties)[0];
  const rootMeta = isObject(root) && isObject(root.sosmeta) ? root.sosmeta : {};
  const title =
    typeof schema.title === 'string' ? schema.title.replace(/^'(.*)' JSON schema$/, '$1') : undefined;
  const fiName = langValue(rootMeta.name, 'fi') ?? title;
  if (fiName === undefined) throw new Error(`${file.fileName}: no Finnish name (root sosmeta.name or title)`);
  const fi = oneLine(fiName);
  const svName = langValue(rootMeta.name, 'sv');
  const sv = svName === undefined ? undefined : oneLine(svName);
  const dateKey = Number(m[2]) * 10000 + Number(m[3]) * 100 + Number(m[4]);
  const base = { code: m[1], definitionOid: oid, dateKey, fi, documentType };
  return sv === undefined ? base : { ...base, sv };
}

interface ValueSetMention {
  readonly code: string;
  readonly fi?: string;
  readonly sv?: string;
  readonly definitionOid: string;
}

function parseValueSet(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  // Entries are "code = name", one per line or separated by commas on one line.
  for (const line of (text ?? '').split(/\n|,\s*(?=\d+\s*=)/)) {
    const m = VALUE_SET_LINE.exec(line);
    if (m?.[1] && m[2]) out.set(m[1], oneLine(m[2]));
  }
  return out;
}

/** Document type codes listed in valueSets of fields coded with 1.2.246.537.6.1506. */
function valueSetMentions(file: SosmetaFile, definitionOid: string): ValueSetMention[] {
  const found: ValueSetMention[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!isObject(node)) return;
    const meta = node.sosmeta;
    if (isObject(meta) && langValue(meta.classificationOid, '') === CLIENT_DOCUMENT_TYPE_OID) {
      const fi = parseValueSet(langValue(meta.valueSet, 'fi'));
      const sv = parseValueSet(langValue(meta.valueSet, 'sv'));
      for (const code of new Set([...fi.keys(), ...sv.keys()])) {
        const mention: { code: string; definitionOid: string; fi?: string; sv?: string } = {
          code,
          definitionOid,
        };
        const fiName = fi.get(code);
        const svName = sv.get(code);
        if (fiName !== undefined) mention.fi = fiName;
        if (svName !== undefined) mention.sv = svName;
        found.push(mention);
      }
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(file.schema);
  return found;
}

interface GeneratedCode {
  code: string;
  names: { fi: string; sv?: string; en?: string };
  parent?: string;
  provenance: { status: 'verified'; source: string } | { status: 'provisional'; note: string };
  note?: string;
}

function withNames(fi: string, sv: string | undefined, code: string): GeneratedCode['names'] {
  const names: GeneratedCode['names'] = { fi };
  if (sv !== undefined) names.sv = sv;
  const en = DOCUMENT_TYPE_NAMES_EN[code];
  if (en !== undefined) names.en = en;
  return names;
}

/**
 * The code system JSON (as written to data/codes/client-document-type.json) for the given
 * Sosmeta files. Files that are not client document structures (1505.*) are ignored. Throws when
 * a structure has a documentType this builder does not know, so new general types are noticed.
 */
export function buildDocumentTypeSystem(files: readonly SosmetaFile[]): Record<string, unknown> {
  const structures = new Map<string, Structure>();
  const mentions: ValueSetMention[] = [];
  for (const file of files) {
    const structure = readStructure(file);
    if (structure === undefined) continue;
    const previous = structures.get(structure.code);
    if (previous === undefined || structure.dateKey > previous.dateKey)
      structures.set(structure.code, structure);
    mentions.push(...valueSetMentions(file, structure.definitionOid));
  }
  const generalByName = new Map(GENERAL_TYPES.map((g) => [g.fi, g]));
  const codes: GeneratedCode[] = GENERAL_TYPES.map((g) => {
    const source = VERIFIED_GENERAL[g.code];
    return {
      code: g.code,
      names: withNames(g.fi, g.sv, g.code),
      provenance:
        source !== undefined
          ? { status: 'verified', source }
          : {
              status: 'provisional',
              note: `General type code inferred from the leading digits of the specific types whose sosmeta documentType is ${g.fi} (kanta-spec §2.4 [I])`,
            },
      note: 'sv and en are our translations',
    };
  });
  const specific: GeneratedCode[] = [];
  for (const s of structures.values()) {
    const general = generalByName.get(s.documentType);
    if (general === undefined) {
      throw new Error(`${s.definitionOid}: unknown sosmeta documentType ${JSON.stringify(s.documentType)}`);
    }
    const entry: GeneratedCode = {
      code: s.code,
      names: withNames(s.fi, s.sv, s.code),
      parent: general.code,
      provenance: {
        status: 'verified',
        source: `sosmeta ${s.definitionOid} (definition OID, root name fi/sv)`,
      },
    };
    const notes: string[] = [];
    const leading = s.code.slice(0, -3);
    if (leading !== general.code) {
      notes.push(
        `sosmeta documentType is ${s.documentType} although the leading digits (${leading}) suggest another general type`,
      );
    }
    if (s.sv === undefined) notes.push('no Swedish name in sosmeta');
    if (notes.length > 0) entry.note = notes.join('; ');
    specific.push(entry);
  }
  const fiNames = new Map([...structures.values()].map((s) => [s.fi, s.code]));
  const mentioned = new Map<string, ValueSetMention>();
  for (const m of mentions) {
    if (!structures.has(m.code) && !mentioned.has(m.code)) mentioned.set(m.code, m);
  }
  for (const m of mentioned.values()) {
    const correction = FINNISH_NAME_CORRECTIONS[m.code];
    const fi = correction ?? m.fi;
    if (fi === undefined) continue;
    const clash = m.fi === undefined ? undefined : fiNames.get(m.fi);
    const parent = GENERAL_TYPES.find((g) => g.code === m.code.slice(0, -3));
    const where = `sosmeta ${m.definitionOid} (valueSet fi/sv)`;
    const entry: GeneratedCode = {
      code: m.code,
      names: withNames(fi, m.sv, m.code),
      ...(parent === undefined ? {} : { parent: parent.code }),
      provenance: { status: 'verified', source: where },
    };
    if (correction !== undefined || clash !== undefined) {
      const label = JSON.stringify(m.fi ?? null);
      entry.provenance = {
        status: 'provisional',
        note: [
          `Code seen in ${where}; no structure of this type is in the folder`,
          clash !== undefined ? `the Finnish label there (${label}) is the name of code ${clash}` : undefined,
          correction !== undefined
            ? 'the Finnish name here is our correction following the Swedish label'
            : 'the Finnish label is kept as is',
        ]
          .filter((part) => part !== undefined)
          .join('; '),
      };
    } else {
      entry.note = 'known only from a sosmeta valueSet: no structure of this type is in the folder';
    }
    specific.push(entry);
  }
  specific.sort((a, b) => Number(a.code) - Number(b.code));
  return {
    $comment: `Generated by packages/domain/src/codes/generate-document-types.ts from ${structures.size} Sosmeta client document structures; do not edit by hand. General types 1-19 are the parents of the specific types.`,
    oid: CLIENT_DOCUMENT_TYPE_OID,
    version: '201701',
    names: {
      fi: 'Sosiaalihuolto - Asiakasasiakirjatyyppi',
      sv: 'Socialvård - Typ av klienthandling',
      en: 'Social welfare - Client document type',
    },
    provenance: {
      status: 'verified',
      source:
        'kanta-spec §2.4, §3 (specificDocumentType 1.2.246.537.6.1506.201701); sosmeta classification label',
    },
    completeness: 'partial',
    codes: [...codes, ...specific],
  };
}

/** The file text the generator writes (stable formatting, so regeneration diffs cleanly). */
export function renderDocumentTypeFile(files: readonly SosmetaFile[]): string {
  return `${JSON.stringify(buildDocumentTypeSystem(files), null, 2)}\n`;
}
