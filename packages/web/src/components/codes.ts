import { CODE_SETS, type CodeSet, reference } from '../api/index.ts';
import type { OpenCase } from '../client-data.ts';
import { formatDate, nameIn } from '../format.ts';
import { useAsync, useLanguage } from '../hooks.ts';
import type { Language } from '../i18n/index.ts';

/** A code set's names by code; empty while loading or when the server does not know the set. */
export function useCodeSet(oid: string): ReadonlyMap<string, CodeSet['codes'][number]> {
  const set = useAsync(() => reference.codeSet(oid), [oid]);
  if (set.state !== 'done') return EMPTY;
  return new Map(set.value.codes.map((c) => [c.code, c]));
}

const EMPTY: ReadonlyMap<string, CodeSet['codes'][number]> = new Map();

/** "Lapsiperheiden palvelut (24)": a service task as choices name it, in the UI language. */
export function useTaskLabel(): (code: string) => string {
  const lang = useLanguage();
  const tasks = useCodeSet(CODE_SETS.serviceTask);
  return (code) => `${codeName(tasks, code, lang)} (${code})`;
}

/** "Lastensuojelu" for "10"; the bare code when its name is not known. */
export function codeName(
  set: ReadonlyMap<string, CodeSet['codes'][number]>,
  code: string | undefined,
  lang: Language,
): string {
  if (code === undefined) return '';
  const entry = set.get(code);
  return entry ? nameIn(entry.names, lang) : code;
}

/** A case as people name it: its subject when the case document gives one, with its opening date. */
export function caseLabel(
  c: OpenCase,
  tasks: ReadonlyMap<string, CodeSet['codes'][number]>,
  lang: Language,
): string {
  // A subject whose display is only its code (the case-name list is not shipped) says nothing:
  // the case is then named by its service task.
  const s = c.facts?.subject;
  const subject = s?.display && s.display !== s.code ? s.display : codeName(tasks, c.case.serviceTask, lang);
  return `${subject} (${formatDate(c.case.opened, lang)})`;
}

/**
 * What a document is called: its specific type's name for client documents; clienthood and case
 * documents (types "1505.1", "1505.2") are named by their document group.
 */
export function documentTitle(
  m: { documentType: string; documentGroup: string },
  types: ReadonlyMap<string, CodeSet['codes'][number]>,
  groups: ReadonlyMap<string, CodeSet['codes'][number]>,
  lang: Language,
): string {
  if (types.has(m.documentType) || m.documentGroup === '5') return codeName(types, m.documentType, lang);
  return codeName(groups, m.documentGroup, lang);
}
