// Legacy documents (vanhat asiakirjat): client documents made before the organization joined the
// repository, archived as they were — a file (PDF, ideally PDF/A, or plain text) with minimal
// metadata. They carry the legacy document group, which OmaKanta never shows (visibility rule
// phase_or_legacy: the group is not among the shown ones), and they have no structured content
// that a correction could change: they are archived as received. One stored in error is
// invalidated with a reason, as any document (decideLegacyChange).
// Not the codes barrel: it re-exports the THL importer, whose CSV parser needs node's Buffer, and
// this module is in the web bundle (through records/index.ts).
import { CODE_SYSTEM_OIDS } from '../codes/model.ts';
import type { CodeRegistry } from '../codes/registry.ts';
import { parseIsoDate } from '../identity/calendar.ts';
import { parseClientIdentifier } from '../identity/client-identifier.ts';
import { DOCUMENT_GROUP } from './types.ts';

/** The placeholder group code of legacy documents (see DOCUMENT_GROUP.legacy). */
export const LEGACY_DOCUMENT_GROUP = DOCUMENT_GROUP.legacy;

/** What a legacy file may be, by its name's extension, and the media type it is served as. */
export const LEGACY_MEDIA_TYPES = {
  pdf: 'application/pdf',
  text: 'text/plain; charset=utf-8',
} as const;
export type LegacyFileKind = keyof typeof LEGACY_MEDIA_TYPES;

/**
 * The `structure_oid` of a legacy document: it follows no THL structure. Not an OID on purpose,
 * so that no structure registry lookup can ever mistake it for one.
 */
export const LEGACY_STRUCTURE: Readonly<Record<LegacyFileKind, string>> = {
  pdf: 'legacy:pdf',
  text: 'legacy:text',
};

export const MAX_LEGACY_TITLE = 500;

/** One manifest line, after its shape was checked (the schema lives with the importer). */
export interface LegacyEntry {
  /** Henkilötunnus, or a temporary identifier together with `clientSystem`. */
  readonly client: string;
  /** The temporary identifier's system `<organization OID>.22.<year>`; absent for a henkilötunnus. */
  readonly clientSystem?: string;
  readonly registrar: string;
  /** Palvelutehtävä, 1.2.246.537.6.1221. */
  readonly serviceTask: string;
  /** A code of 1.2.246.537.6.1506: a general type (11 Päätös) or a specific one (11001). */
  readonly documentType: string;
  readonly title: string;
  /** When the document was made (ISO date), years back as a rule. */
  readonly date: string;
  readonly author?: string;
  /** The document's id in the system it comes from, kept for tracing. */
  readonly originalId?: string;
  /** The file, relative to the manifest's directory. */
  readonly file: string;
  readonly language?: 'fi' | 'sv';
}

export interface LegacyEntryError {
  /** JSON Pointer into the line. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface LegacyCheckContext {
  readonly codes: CodeRegistry;
  /** The import's date (ISO): no legacy document is made after it. */
  readonly today: string;
  /** The registrar the import is for (`--registrar`): every line must name it. */
  readonly registrarOid: string;
}

/** The file's kind by its name, or undefined for anything but `.pdf` and `.txt`. */
export function legacyFileKind(name: string): LegacyFileKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdf')) return 'pdf';
  if (lower.endsWith('.txt')) return 'text';
  return undefined;
}

/**
 * Checks a line against the code sets and the import: client identifier, registrar, service task,
 * document type, date and file name. Every problem is reported, with its path.
 */
export function checkLegacyEntry(e: LegacyEntry, ctx: LegacyCheckContext): LegacyEntryError[] {
  const errors: LegacyEntryError[] = [];
  const client = parseClientIdentifier(e.client.trim(), e.clientSystem);
  if (!client.ok) {
    errors.push({
      path: e.clientSystem !== undefined && client.error.code === 'system' ? '/clientSystem' : '/client',
      code: 'client_identifier',
      message: client.error.message,
    });
  }
  if (e.registrar !== ctx.registrarOid) {
    errors.push({
      path: '/registrar',
      code: 'registrar',
      message: `the line names registrar ${e.registrar}, the import is for ${ctx.registrarOid}`,
    });
  }
  const task = ctx.codes.lookup(CODE_SYSTEM_OIDS.serviceTask, e.serviceTask);
  if (!task.ok) errors.push({ path: '/serviceTask', code: 'unknown_code', message: task.error.message });
  const type = ctx.codes.lookup(CODE_SYSTEM_OIDS.clientDocumentType, e.documentType);
  if (!type.ok) errors.push({ path: '/documentType', code: 'unknown_code', message: type.error.message });
  const date = parseIsoDate(e.date);
  if (!date) {
    errors.push({ path: '/date', code: 'date', message: `${e.date} is not a calendar date (YYYY-MM-DD)` });
  } else if (e.date > ctx.today) {
    errors.push({
      path: '/date',
      code: 'future',
      message: `${e.date} is after the import date ${ctx.today}`,
    });
  }
  if (e.title.trim() === '') errors.push({ path: '/title', code: 'empty', message: 'the title is empty' });
  const file = e.file;
  if (file.startsWith('/') || file.split(/[\\/]/).some((p) => p === '..' || p === '')) {
    errors.push({
      path: '/file',
      code: 'path',
      message: 'the file must be a relative path inside the manifest directory (no "..", not absolute)',
    });
  } else if (legacyFileKind(file) === undefined) {
    errors.push({
      path: '/file',
      code: 'kind',
      message: 'a legacy file is a PDF (.pdf) or plain text (.txt)',
    });
  }
  return errors;
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/**
 * Checks a file's bytes against its kind: a PDF starts with `%PDF-` (PDF/A conformance itself is
 * NOT verified: no validator is available here), a text is UTF-8 without NUL bytes. Returns the
 * problem, or undefined. For a PDF the first bytes suffice.
 */
export function checkLegacyFile(kind: LegacyFileKind, bytes: Uint8Array): string | undefined {
  if (kind === 'pdf') {
    const ok = PDF_MAGIC.every((b, i) => bytes[i] === b);
    return ok ? undefined : 'the file does not start with %PDF- (not a PDF)';
  }
  if (bytes.includes(0)) return 'the text file contains NUL bytes (not plain text)';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'the text file is not valid UTF-8';
  }
  return undefined;
}

/** The stored file of a legacy document, as its content names it. */
export interface LegacyFileRef {
  readonly sha256: string;
  readonly mediaType: string;
  readonly bytes: number;
  /** The file's name in the manifest, for the download. */
  readonly name: string;
}

/**
 * The content a legacy document version stores: what the manifest said and the file it names.
 * The content hash of the version therefore covers the file's SHA-256.
 */
export function legacyContent(e: LegacyEntry, file: LegacyFileRef) {
  return {
    vanha_asiakirja: {
      otsikko: e.title,
      laatimispaiva: e.date,
      ...(e.author !== undefined ? { laatija: e.author } : {}),
      ...(e.originalId !== undefined ? { alkuperainen_tunniste: e.originalId } : {}),
      tiedosto: { ...file },
    },
  };
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A minimal XHTML description: the document itself is the file, served as it was archived. */
export function legacyXhtml(e: LegacyEntry, file: LegacyFileRef, lang: 'fi' | 'sv'): string {
  const t =
    lang === 'sv'
      ? { kind: 'Äldre handling', date: 'Datum', author: 'Upprättad av', orig: 'Ursprunglig id', file: 'Fil' }
      : {
          kind: 'Vanha asiakirja',
          date: 'Päiväys',
          author: 'Laatija',
          orig: 'Alkuperäinen tunniste',
          file: 'Tiedosto',
        };
  const rows: [string, string][] = [[t.date, e.date]];
  if (e.author !== undefined) rows.push([t.author, e.author]);
  if (e.originalId !== undefined) rows.push([t.orig, e.originalId]);
  rows.push([
    t.file,
    `${file.name} (${file.mediaType.split(';')[0]}, ${file.bytes} B, SHA-256 ${file.sha256})`,
  ]);
  return (
    `<div xmlns="http://www.w3.org/1999/xhtml" class="soc-document soc-legacy" lang="${lang}">` +
    `<h1>${escapeXml(t.kind)}: ${escapeXml(e.title)}</h1><dl>` +
    rows.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('') +
    '</dl></div>'
  );
}

export function isLegacyDocument(m: { readonly documentGroup: string }): boolean {
  return m.documentGroup === LEGACY_DOCUMENT_GROUP;
}

/** The changes that give a document a new version after it was stored. */
export type LegacyChange = 'correct' | 'invalidate' | 'visibility';

export type LegacyChangeDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly rule: 'legacy_archived'; readonly reason: string };

const LEGACY_REFUSALS: Readonly<Record<Exclude<LegacyChange, 'invalidate'>, string>> = {
  correct:
    'a legacy document is archived as it was received: it has no structured content to correct (invalidate it if it was stored in error)',
  visibility:
    'a legacy document is never shown in OmaKanta (phase_or_legacy): its visibility settings are not changed',
};

/**
 * Whether `change` may give the document a new version, as far as its being a legacy document
 * goes (the access decision and the lifecycle rules apply as to any document). A legacy document
 * is archived as received, so it is never corrected, and OmaKanta never shows it whatever its
 * settings, so its visibility is not changed; but one stored in error — a file imported onto the
 * wrong client — is invalidated (mitätöinti) with a reason as any document: the new version keeps
 * the entry and its file, marked invalidated. Every other document: allowed.
 */
export function decideLegacyChange(
  m: { readonly documentGroup: string },
  change: LegacyChange,
): LegacyChangeDecision {
  if (!isLegacyDocument(m) || change === 'invalidate') return { allowed: true };
  return { allowed: false, rule: 'legacy_archived', reason: LEGACY_REFUSALS[change] };
}
