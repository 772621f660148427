// Dates and names as people read them in each UI language. Dates in the data are ISO strings,
// some partial (YYYY, YYYY-MM), and are shown as dates without converting time zones: a document
// date is a calendar date in Finland, not a moment.
import type { LocalizedText } from '@varanto/domain/structures';
import type { Language } from './i18n/index.ts';

const LOCALE: Readonly<Record<Language, string>> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export function formatDate(iso: string | undefined, lang: Language): string {
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (mo === undefined) return y!;
  if (d === undefined) return lang === 'fi' ? `${Number(mo)}/${y}` : `${y}-${mo}`;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(date);
}

/** A recording time (an instant), in Finnish time. */
export function formatInstant(iso: string | undefined, lang: Language): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(t);
}

export function personName(p: { familyName: string; givenNames: string }): string {
  return `${p.familyName}, ${p.givenNames}`;
}

/** The identifier to show for a client: the identity code, else the temporary identifier. */
export function personIdentifier(p: { hetu?: string; temporaryId?: { value: string } }): string {
  return p.hetu ?? p.temporaryId?.value ?? '';
}

/** A name in the UI language, falling back to Finnish (code sets give fi always, sv and en mostly). */
export function nameIn(text: LocalizedText | undefined, lang: Language): string {
  if (!text) return '';
  return (lang === 'sv' ? text.sv : lang === 'en' ? text.en : undefined) || text.fi;
}
