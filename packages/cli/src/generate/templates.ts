// Pre-rendered documents with holes. Building and rendering a document costs 0.2–5 ms, far too
// much for millions, so each structure is generated and rendered a few times with sentinel values
// in place of the client's name, identity code, the date, the author and the organization; a
// document is then its template with the holes filled, as canonical JSON (so its SHA-256 is the
// store's content hash) and XHTML. A test checks that filling gives exactly what rendering gives.
import { createHash } from 'node:crypto';
import type { CodeRegistry } from '@varanto/domain/codes';
import {
  type CaseFacts,
  type ClienthoodFacts,
  type ClientPerson,
  caseContent,
  clienthoodContent,
  openCase,
  openClienthood,
} from '@varanto/domain/records';
import {
  escapeXml,
  formatPartialDate,
  type RenderLanguage,
  renderXhtml,
  type StructureDefinition,
} from '@varanto/domain/structures';
import { canonicalJson } from '@varanto/store';
import { type Rng, seededRng } from '../seed/random.ts';
import { demoContent } from '../seed/seed.ts';

/** The holes a template may have; dates are filled as ISO in JSON and as d.M.yyyy in XHTML. */
export type Slot =
  | 'family'
  | 'given'
  | 'hetu'
  | 'tempSystem'
  | 'birthDate'
  | 'date'
  | 'authorFamily'
  | 'authorGiven'
  | 'author'
  | 'organization'
  | 'recordOid'
  | 'unitOid'
  | 'unitName'
  | 'workerFamily'
  | 'workerGiven'
  | 'workerRegistration'
  | `member${number}${'Family' | 'Given' | 'Hetu' | 'Birth'}`;

const DATE_SLOTS = new Set<string>(['date', 'birthDate']);

/** Sentinels: text that survives JSON and XML escaping unchanged and occurs nowhere else. */
function sentinel(slot: Slot): string {
  if (slot === 'date') return '1901-11-23';
  if (slot === 'birthDate') return '1902-10-22';
  const m = /^member(\d+)Birth$/.exec(slot);
  if (m) return `${1910 + Number(m[1])}-10-21`;
  if (slot === 'tempSystem') return '1.2.246.10.9999998.22.1901';
  return `Qz${slot}zQ`;
}

function isDateSlot(slot: Slot): boolean {
  return DATE_SLOTS.has(slot) || slot.endsWith('Birth');
}

/** A text split at its sentinels: literal pieces and the slots between them. */
class Holes {
  private constructor(private readonly parts: readonly { text: string; slot?: Slot }[]) {}

  static of(text: string, slots: readonly Slot[], form: 'json' | 'xhtml'): Holes {
    const found = slots
      .map((s) => ({
        slot: s,
        needle: form === 'xhtml' && isDateSlot(s) ? formatPartialDate(sentinel(s)) : sentinel(s),
      }))
      .filter((x) => text.includes(x.needle));
    if (found.length === 0) return new Holes([{ text }]);
    const re = new RegExp(found.map((x) => x.needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    const bySentinel = new Map(found.map((x) => [x.needle, x.slot]));
    const parts: { text: string; slot?: Slot }[] = [];
    let last = 0;
    for (const m of text.matchAll(re)) {
      parts.push({ text: text.slice(last, m.index) });
      parts.push({ text: '', slot: bySentinel.get(m[0])! });
      last = m.index + m[0].length;
    }
    parts.push({ text: text.slice(last) });
    return new Holes(parts);
  }

  fill(values: Readonly<Partial<Record<Slot, string>>>, form: 'json' | 'xhtml'): string {
    let out = '';
    for (const p of this.parts) {
      if (p.slot === undefined) {
        out += p.text;
        continue;
      }
      const v = values[p.slot];
      if (v === undefined) throw new Error(`generate: template slot ${p.slot} has no value`);
      if (form === 'json') out += JSON.stringify(v).slice(1, -1);
      else out += escapeXml(isDateSlot(p.slot) ? formatPartialDate(v) : v);
    }
    return out;
  }

  get slots(): Slot[] {
    return this.parts.flatMap((p) => (p.slot === undefined ? [] : [p.slot]));
  }
}

export interface Filled {
  /** Canonical JSON of the content (keys sorted): what jsonb stores and the hash covers. */
  json: string;
  xhtml: string;
  sha256: string;
}

export class Template {
  private readonly json: Holes;
  private readonly xhtml: Holes;
  constructor(
    readonly definition: StructureDefinition,
    readonly lang: RenderLanguage,
    content: unknown,
    slots: readonly Slot[],
  ) {
    const header = {
      documentName: definition.name[lang] ?? definition.name.fi,
      date: sentinel('date'),
      author: sentinel('author'),
      organization: sentinel('organization'),
    };
    this.json = Holes.of(canonicalJson(content), slots, 'json');
    this.xhtml = Holes.of(renderXhtml(definition, content, { lang, metadata: header }), slots, 'xhtml');
  }

  fill(values: Readonly<Partial<Record<Slot, string>>>): Filled {
    const json = this.json.fill(values, 'json');
    return {
      json,
      xhtml: this.xhtml.fill(values, 'xhtml'),
      sha256: createHash('sha256').update(json).digest('hex'),
    };
  }

  /** Slots the template has (for tests). */
  get slots(): Slot[] {
    return [...new Set([...this.json.slots, ...this.xhtml.slots])];
  }
}

const CLIENT_SLOTS: readonly Slot[] = [
  'family',
  'given',
  'hetu',
  'tempSystem',
  'date',
  'authorFamily',
  'authorGiven',
  'author',
  'organization',
];

/**
 * Puts a temporary identifier where the generated content has the henkilötunnus: a client
 * without one is named by the temporary identifier in every document.
 */
function useTemporaryId(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) useTemporaryId(x);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  const h = o.henkilotunnus as { value?: unknown } | undefined;
  if (h && h.value === sentinel('hetu')) {
    delete o.henkilotunnus;
    o.tilapainen_yksilointitunnus = { system: `urn:oid:${sentinel('tempSystem')}`, value: sentinel('hetu') };
  }
  for (const v of Object.values(o)) useTemporaryId(v);
}

/** A client document template: realistic content of the structure, the client's facts as holes. */
export function clientDocumentTemplate(
  def: StructureDefinition,
  rng: Rng,
  codes: CodeRegistry,
  serviceTask: string,
  lang: RenderLanguage,
  temporary: boolean,
): Template {
  const content = demoContent(def, rng, codes, {
    client: {
      hetu: sentinel('hetu'),
      givenNames: sentinel('given'),
      familyName: sentinel('family'),
      birthDate: '1980-01-01',
      sex: 'female',
      homeMunicipality: '091',
      turvakielto: false,
      address: { street: '', postalCode: '', postOffice: '' },
      serviceTask,
      worker: '',
    },
    author: { givenNames: sentinel('authorGiven'), familyName: sentinel('authorFamily') },
    serviceTask,
    date: sentinel('date'),
  });
  if (temporary) useTemporaryId(content);
  return new Template(def, lang, content, CLIENT_SLOTS);
}

function person(prefix: '' | `member${number}`, temporary: boolean, turvakielto: boolean): ClientPerson {
  const s = (slot: string) =>
    sentinel((prefix === '' ? slot : `${prefix}${slot[0]!.toUpperCase()}${slot.slice(1)}`) as Slot);
  const hetu = prefix === '' ? sentinel('hetu') : s('hetu');
  return {
    familyName: prefix === '' ? sentinel('family') : s('family'),
    givenNames: prefix === '' ? sentinel('given') : s('given'),
    identifier: temporary
      ? { kind: 'temporary', system: sentinel('tempSystem'), value: hetu }
      : { kind: 'hetu', value: hetu },
    birthDate: prefix === '' ? sentinel('birthDate') : s('birth'),
    turvakielto,
  };
}

/** The clienthood document (1505.1) as the clienthood endpoint builds it. */
export function clienthoodTemplate(
  def: StructureDefinition,
  task: { code: string; display: string },
  temporary: boolean,
  turvakielto: boolean,
): Template {
  const unit = { oid: sentinel('unitOid'), name: sentinel('unitName') };
  const facts: ClienthoodFacts = openClienthood({
    clienthoodOid: sentinel('recordOid'),
    client: person('', temporary, turvakielto),
    started: sentinel('date'),
    organizerUnit: unit,
    serviceTask: { task, unit },
    personalWorker: {
      familyName: sentinel('workerFamily'),
      givenNames: sentinel('workerGiven'),
      registrationNumber: sentinel('workerRegistration'),
    },
  });
  return new Template(def, 'fi', clienthoodContent(facts), [
    ...CLIENT_SLOTS,
    'birthDate',
    'recordOid',
    'unitOid',
    'unitName',
    'workerFamily',
    'workerGiven',
    'workerRegistration',
  ]);
}

/** The case document (1505.2) of a case opened with `members` clients. */
export function caseTemplate(
  def: StructureDefinition,
  task: { code: string; display: string },
  subject: { code: string; display: string },
  state: { code: string; display: string },
  members: number,
  temporary: boolean,
): Template {
  const slots: Slot[] = ['date', 'author', 'organization', 'recordOid', 'unitOid', 'unitName'];
  const people = Array.from({ length: members }, (_, k) => {
    slots.push(`member${k}Family`, `member${k}Given`, `member${k}Hetu`, `member${k}Birth`);
    if (temporary) slots.push('tempSystem');
    return person(`member${k}`, temporary, false);
  });
  const facts = openCase({
    caseOid: sentinel('recordOid'),
    organizerUnit: { oid: sentinel('unitOid'), name: sentinel('unitName') },
    subject,
    state,
    opened: sentinel('date'),
    serviceTask: task,
    members: people.map((p) => ({ person: p, joined: sentinel('date') })),
  });
  if (!facts.ok) throw new Error(`generate: case template: ${facts.reason}`);
  const f: CaseFacts = facts.value;
  return new Template(def, 'fi', caseContent(f), slots);
}

/** A pool of client document templates per (type, service task, language, identifier kind). */
export class TemplatePool {
  private readonly pools = new Map<string, Template[]>();
  constructor(
    private readonly codes: CodeRegistry,
    private readonly seed: number,
    private readonly variants: number,
  ) {}

  get(
    def: StructureDefinition,
    serviceTask: string,
    lang: RenderLanguage,
    temporary: boolean,
    pick: number,
  ): Template {
    const key = `${def.oid}|${serviceTask}|${lang}|${temporary}`;
    let pool = this.pools.get(key);
    if (!pool) {
      const rng = seededRng(this.seed ^ hashText(key));
      const n = lang === 'fi' && !temporary ? this.variants : Math.max(1, Math.ceil(this.variants / 4));
      pool = Array.from({ length: n }, () =>
        clientDocumentTemplate(def, rng, this.codes, serviceTask, lang, temporary),
      );
      this.pools.set(key, pool);
    }
    return pool[pick % pool.length]!;
  }

  get size(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.length;
    return n;
  }
}

function hashText(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
