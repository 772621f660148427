// Value-level checks shared by the validator and the generators: dates, instants, OIDs, hetu.
// THL's JSON Schema patterns accept impossible dates (2023-02-30, day 00); Kanta's content must
// still describe real days, so these checks add calendar validity on top of the patterns.
import { makeHetu, parseHetu } from '../identity/index.ts';

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
// Any date-time-looking string, to tell "missing offset" apart from garbage in messages.
const INSTANT_NO_OFFSET_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const OID_RE = /^[0-2](?:\.(?:0|[1-9]\d*))+$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function realDate(year: number, month: number | undefined, day: number | undefined): boolean {
  if (year < 1) return false;
  if (month === undefined) return true;
  if (month < 1 || month > 12) return false;
  if (day === undefined) return true;
  return day >= 1 && day <= daysInMonth(year, month);
}

export type DateCheck = 'ok' | 'pattern' | 'date';

/** A partial date YYYY, YYYY-MM or YYYY-MM-DD that names a real year, month or day. */
export function checkPartialDate(s: string): DateCheck {
  const m = DATE_RE.exec(s);
  if (m === null) return 'pattern';
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  return realDate(Number(m[1]), month, day) ? 'ok' : 'date';
}

export type InstantCheck = 'ok' | 'pattern' | 'missing_offset' | 'date';

/** An ISO date-time with seconds and a Z or ±hh:mm offset (THL allows offsets up to ±14:00). */
export function checkInstant(s: string, allowPartialDate: boolean): InstantCheck {
  const m = INSTANT_RE.exec(s);
  if (m === null) {
    if (allowPartialDate && DATE_RE.test(s)) return checkPartialDate(s);
    return INSTANT_NO_OFFSET_RE.test(s) ? 'missing_offset' : 'pattern';
  }
  if (!realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return 'date';
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return 'date';
  if (m[7] !== 'Z') {
    const oh = Number(m[8]);
    const om = Number(m[9]);
    if (om > 59 || oh > 14 || (oh === 14 && om !== 0)) return 'date';
  }
  return 'ok';
}

export function isOid(s: string): boolean {
  return s.length <= 256 && OID_RE.test(s);
}

/** `urn:oid:<oid>` with optional version arcs after it, as THL's code `system` pattern states. */
export function systemMatchesOid(system: string, oid: string): boolean {
  const prefix = `urn:oid:${oid}`;
  if (!system.startsWith(prefix)) return false;
  const rest = system.slice(prefix.length);
  return rest === '' || /^(?:\.\d+)+$/.test(rest);
}

/** An identifier `system` naming the given OID, written either bare or as a urn:oid: URI. */
export function identifierSystemMatches(system: string, oid: string): boolean {
  return system === oid || system === `urn:oid:${oid}`;
}

/**
 * Finnish personal identity code, exactly as stored: the identity module's rules, and already in
 * normal form (the validator does not trim or upper-case what a client system sends).
 */
export function isValidHetu(s: string): boolean {
  const parsed = parseHetu(s);
  return parsed.ok && parsed.value.value === s;
}

/** Builds a valid hetu from parts; the generators need a test identity code that passes the checksum. */
export function buildHetu(year: number, month: number, day: number, individual: number): string {
  const birthDate = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const made = makeHetu({ birthDate, individualNumber: individual });
  if (!made.ok)
    throw new RangeError(`no identity code for ${birthDate}/${individual}: ${made.error.message}`);
  return made.value.value;
}
