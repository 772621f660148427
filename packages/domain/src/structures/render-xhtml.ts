// Renders a document's JSON content as the human-readable XHTML that Kanta stores beside the JSON
// (`<div class="soc-document">` with soc-header, soc-main-wrapper and soc-footer).
//
// The rendering is stored and shown to people, and the content is typed by professionals or comes
// from other systems, so it is treated as hostile: every text (labels from definitions included) is
// escaped, nothing from content becomes an element, attribute or URL, and characters XML 1.0 does not
// allow are dropped (a single stray NUL would make the whole stored document unparseable).
//
// The walk follows the definition, never the content, so content shape cannot make it recurse without
// bound, and unknown properties are simply not shown. Values of an unexpected JSON type are omitted
// rather than thrown on: validation is the validator's job, rendering must always produce something.
// Output is a pure function of the input (no clock, no locale of the host), so the same document
// always renders to the same bytes.

import type { Field, LocalizedText, StructureDefinition, ValueType } from './model.ts';

export type RenderLanguage = 'fi' | 'sv';

/** Document metadata shown in the header, supplied by the caller (it is not part of the content). */
export interface RenderMetadata {
  readonly documentName?: string;
  /** ISO date (YYYY, YYYY-MM, YYYY-MM-DD) or instant with offset. */
  readonly date?: string;
  readonly author?: string;
  readonly organization?: string;
}

export interface RenderOptions {
  readonly lang: RenderLanguage;
  /** Heading of the document; defaults to the structure's name. */
  readonly title?: string;
  readonly metadata?: RenderMetadata;
}

export const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

interface UiText {
  readonly yes: string;
  readonly no: string;
  readonly at: string;
  readonly documentName: string;
  readonly date: string;
  readonly author: string;
  readonly organization: string;
  readonly structure: string;
  readonly version: string;
  readonly invalidated: string;
  readonly reason: string;
}

const UI: Readonly<Record<RenderLanguage, UiText>> = {
  fi: {
    yes: 'Kyllä',
    no: 'Ei',
    at: 'klo',
    documentName: 'Asiakirja',
    date: 'Päivämäärä',
    author: 'Laatija',
    organization: 'Organisaatio',
    structure: 'Asiakirjarakenne',
    version: 'versio',
    invalidated: 'Mitätöity',
    reason: 'Syy',
  },
  sv: {
    yes: 'Ja',
    no: 'Nej',
    at: 'kl.',
    documentName: 'Handling',
    date: 'Datum',
    author: 'Upprättare',
    organization: 'Organisation',
    structure: 'Handlingsstruktur',
    version: 'version',
    invalidated: 'Ogiltigförklarad',
    reason: 'Orsak',
  },
};

// XML 1.0 Char production, minus C0/C1 controls and DEL: those are legal in XML 1.0 (C1, DEL) or not at
// all (C0), but never meaningful in a social welfare document and some XML tools reject them. With the
// `u` flag a lone surrogate is one code point outside every allowed range, so it is removed too.
const DISALLOWED_CHARS = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Removes characters that XML 1.0 does not allow (and other control characters except tab, LF, CR). */
export function stripDisallowedXmlChars(s: string): string {
  return s.replace(DISALLOWED_CHARS, '');
}

/** Text safe for both XML element content and attribute values. */
export function escapeXml(s: string): string {
  return stripDisallowedXmlChars(s).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped text with its line breaks kept as `<br />` (CRLF, CR and LF each count as one break). */
function escapeMultiline(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map((line) => escapeXml(line))
    .join('<br />');
}

function inLanguage(text: LocalizedText | undefined, lang: RenderLanguage): string | undefined {
  const s = text?.[lang];
  return s !== undefined && s.trim() !== '' ? s : undefined;
}

function localized(text: LocalizedText, lang: RenderLanguage): string {
  return inLanguage(text, lang) ?? text.fi;
}

/**
 * The label a reader sees. Sosmeta's `title` is the display wording where THL gives one, and it can
 * carry meaning the short name lacks ("Palvelun määrä tunteina kuukaudessa" vs "...tunteina"), so it
 * wins over the name; the requested language wins over Finnish.
 */
export function fieldLabel(field: Field, lang: RenderLanguage): string {
  return (
    inLanguage(field.title, lang) ??
    inLanguage(field.name, lang) ??
    inLanguage(field.title, 'fi') ??
    field.name.fi
  );
}

const PARTIAL_DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * Finnish date notation: `d.M.yyyy`, a year-month as `M/yyyy`, a year as `yyyy`. Strings that are not
 * ISO dates are returned unchanged (the caller still escapes them).
 */
export function formatPartialDate(iso: string): string {
  const m = PARTIAL_DATE_RE.exec(iso);
  if (m === null) return iso;
  const [, year, month, day] = m;
  if (month === undefined) return year!;
  if (day === undefined) return `${Number(month)}/${year}`;
  return `${Number(day)}.${Number(month)}.${year}`;
}

/**
 * The wall-clock time the instant states in its own offset, Finnish style: `2.3.2024 klo 14.05`
 * (sv `kl.`). Converting to Finnish local time would need time zone rules, which a pure function
 * cannot own; Kanta content carries the offset it was recorded in. A bare date is formatted as a date.
 */
export function formatInstant(iso: string, lang: RenderLanguage): string {
  const m = INSTANT_RE.exec(iso);
  if (m === null) return formatPartialDate(iso);
  const [, year, month, day, hour, minute] = m;
  return `${Number(day)}.${Number(month)}.${year} ${UI[lang].at} ${hour}.${minute}`;
}

/** Finnish and Swedish both write a decimal comma. */
export function formatNumber(n: number): string {
  return String(n).replace('.', ',');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function prop(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function nonEmptyString(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  return stripDisallowedXmlChars(v).trim() === '' ? undefined : v;
}

/** Markup for one leaf value, or undefined when there is nothing to show. */
function renderLeaf(value: ValueType, v: unknown, lang: RenderLanguage): string | undefined {
  switch (value.kind) {
    case 'phrase': {
      // The stored value is THL's Finnish fixed text; a Swedish rendering shows THL's Swedish wording.
      const s = nonEmptyString(v);
      if (s === undefined) return undefined;
      const sv = value.text.sv;
      const shown = lang === 'sv' && s === value.text.fi && sv !== undefined && sv.trim() !== '' ? sv : s;
      return escapeMultiline(shown.trim());
    }
    case 'text':
    case 'name':
    case 'signature': {
      if (typeof v === 'number' && Number.isFinite(v)) return formatNumber(v);
      const s = nonEmptyString(v);
      return s === undefined ? undefined : escapeMultiline(s.trim());
    }
    case 'date': {
      const s = nonEmptyString(v);
      return s === undefined ? undefined : escapeXml(formatPartialDate(s.trim()));
    }
    case 'instant': {
      const s = nonEmptyString(v);
      return s === undefined ? undefined : escapeXml(formatInstant(s.trim(), lang));
    }
    case 'boolean':
      return typeof v === 'boolean' ? escapeXml(v ? UI[lang].yes : UI[lang].no) : undefined;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : undefined;
    case 'quantity': {
      if (!isObject(v)) return undefined;
      const n = prop(v, 'value');
      if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
      const unit = nonEmptyString(prop(v, 'code'))?.trim();
      return escapeXml(unit === undefined ? formatNumber(n) : `${formatNumber(n)} ${unit}`);
    }
    case 'code':
    case 'organization': {
      if (!isObject(v)) return undefined;
      const shown = nonEmptyString(prop(v, 'display')) ?? nonEmptyString(prop(v, 'code'));
      return shown === undefined ? undefined : escapeXml(shown.trim());
    }
    case 'identifier': {
      if (!isObject(v)) return undefined;
      const id = nonEmptyString(prop(v, 'value'));
      return id === undefined ? undefined : escapeXml(id.trim());
    }
    case 'group':
      return undefined;
  }
}

/** A field's values as a list: repeatable fields hold arrays; a lone value is tolerated either way. */
function valuesOf(v: unknown): readonly unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function heading(level: number, text: string): string {
  const h = `h${Math.min(level, 6)}`;
  return `<${h}>${escapeXml(text)}</${h}>`;
}

/** Output under construction: finished blocks, and labelled leaves waiting to become one `dl`. */
class Blocks {
  readonly out: string[] = [];
  pairs: string[] = [];

  flush(): void {
    if (this.pairs.length > 0) this.out.push(`<dl class="soc-fields">${this.pairs.join('')}</dl>`);
    this.pairs = [];
  }

  block(markup: string): void {
    this.flush();
    this.out.push(markup);
  }

  done(): string {
    this.flush();
    return this.out.join('');
  }
}

/**
 * Children of a group. Consecutive labelled leaves share one definition list; groups become nested
 * `div.soc-section`s (XHTML 1.1 has no `section` element) with a heading one level deeper.
 */
function renderFields(
  fields: readonly Field[],
  obj: Record<string, unknown>,
  level: number,
  lang: RenderLanguage,
): string {
  const blocks = new Blocks();
  appendFields(blocks, fields, obj, level, lang);
  return blocks.done();
}

function appendFields(
  blocks: Blocks,
  fields: readonly Field[],
  obj: Record<string, unknown>,
  level: number,
  lang: RenderLanguage,
): void {
  for (const field of fields) {
    const values = valuesOf(prop(obj, field.key));
    const label = fieldLabel(field, lang);
    if (field.value.kind === 'group' && field.hidden === true) {
      // Sosmeta hides only groups, and only as a level of the form: THL wraps the substance of every
      // narrative entry in a hidden group, so its children are shown in place of the group.
      for (const item of values.filter(isObject)) appendFields(blocks, field.value.fields, item, level, lang);
      continue;
    }
    if (field.hidden === true) continue;
    if (field.value.kind === 'group') {
      const groupValue = field.value;
      const objects = values.filter(isObject);
      objects.forEach((item, i) => {
        const body = renderFields(groupValue.fields, item, level + 1, lang);
        // A heading without children (Sosmeta Otsikko used as a caption) is content in itself.
        if (body === '' && !(groupValue.heading === true && groupValue.fields.length === 0)) return;
        const numbered = objects.length > 1 ? `${label} (${i + 1}/${objects.length})` : label;
        const title = field.hiddenTitle === true ? '' : heading(level, numbered);
        blocks.block(`<div class="soc-section">${title}${body}</div>`);
      });
      continue;
    }
    const rendered: string[] = [];
    for (const v of values) {
      const r = renderLeaf(field.value, v, lang);
      if (r !== undefined) rendered.push(r);
    }
    if (rendered.length === 0) continue;
    const shown =
      rendered.length === 1
        ? rendered[0]!
        : `<ul class="soc-list">${rendered.map((r) => `<li>${r}</li>`).join('')}</ul>`;
    if (field.hiddenTitle === true) {
      blocks.block(
        rendered.length === 1 ? `<p class="soc-value">${shown}</p>` : `<div class="soc-value">${shown}</div>`,
      );
    } else {
      blocks.pairs.push(`<dt>${escapeXml(label)}</dt><dd>${shown}</dd>`);
    }
  }
}

function renderHeader(definition: StructureDefinition, options: RenderOptions): string {
  const ui = UI[options.lang];
  const title = nonEmptyString(options.title) ?? localized(definition.name, options.lang);
  const meta = options.metadata;
  const rows: string[] = [];
  const row = (label: string, value: string | undefined) => {
    const v = nonEmptyString(value);
    if (v !== undefined) rows.push(`<dt>${escapeXml(label)}</dt><dd>${escapeXml(v.trim())}</dd>`);
  };
  if (meta !== undefined) {
    row(ui.documentName, meta.documentName);
    const date = nonEmptyString(meta.date);
    row(ui.date, date === undefined ? undefined : formatInstant(date.trim(), options.lang));
    row(ui.author, meta.author);
    row(ui.organization, meta.organization);
  }
  const metaBlock = rows.length > 0 ? `<dl class="soc-metadata">${rows.join('')}</dl>` : '';
  return `<div class="soc-header"><h1>${escapeXml(title)}</h1>${metaBlock}</div>`;
}

function renderFooter(definition: StructureDefinition, lang: RenderLanguage): string {
  const ui = UI[lang];
  const text = `${ui.structure} ${definition.oid} (${ui.version} ${formatPartialDate(definition.version)})`;
  return `<div class="soc-footer"><p>${escapeXml(text)}</p></div>`;
}

/**
 * The XHTML 1.1 fragment for a document: a single `div.soc-document` in the XHTML namespace. Absent,
 * empty and hidden leaf fields are left out, a hidden group is shown as its children without a
 * section of its own; labels are in `options.lang`, falling back to Finnish.
 */
export function renderXhtml(
  definition: StructureDefinition,
  content: unknown,
  options: RenderOptions,
): string {
  // Callers outside TypeScript could pass anything; only the two languages Kanta renders are honoured.
  const lang: RenderLanguage = options.lang === 'sv' ? 'sv' : 'fi';
  const opts: RenderOptions = { ...options, lang };
  const root = isObject(content) ? prop(content, definition.rootKey) : undefined;
  const main = isObject(root) ? renderFields(definition.fields, root, 2, lang) : '';
  return (
    `<div xmlns="${XHTML_NAMESPACE}" class="soc-document" xml:lang="${lang}">` +
    renderHeader(definition, opts) +
    `<div class="soc-main-wrapper">${main}</div>` +
    renderFooter(definition, lang) +
    '</div>'
  );
}

export interface InvalidationMark {
  readonly lang: RenderLanguage;
  /** The day of the invalidation (ISO date). */
  readonly date: string;
  readonly reason: string;
}

const ROOT_START = /^<div\b[^>]*>/;

/**
 * The XHTML of an invalidated version: the previous version's rendering with a notice first in it
 * that says the document is invalidated, when, and why (paragraphs, not a heading: the document's
 * own h1 stays the first heading). The content stays below it as it was (a
 * reader may need to see what was invalidated), but a print or another system showing this version's
 * XHTML alone can no longer pass it off as valid. The notice goes inside the root `div` so the result
 * is still one element; XHTML that does not start with a `div` (none made here) is wrapped in one.
 */
export function markInvalidated(xhtml: string, mark: InvalidationMark): string {
  const lang: RenderLanguage = mark.lang === 'sv' ? 'sv' : 'fi';
  const ui = UI[lang];
  const notice =
    '<div class="soc-invalidated">' +
    `<p class="soc-invalidated-title">${escapeXml(ui.invalidated)} ${escapeXml(formatPartialDate(mark.date))}</p>` +
    `<p>${escapeXml(ui.reason)}: ${escapeXml(mark.reason.trim())}</p>` +
    '</div>';
  const root = ROOT_START.exec(xhtml);
  if (root) return root[0] + notice + xhtml.slice(root[0].length);
  return `<div xmlns="${XHTML_NAMESPACE}" class="soc-document" xml:lang="${lang}">${notice}${xhtml}</div>`;
}
