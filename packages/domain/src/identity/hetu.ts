// Finnish personal identity code (henkilötunnus, "hetu"): DDMMYYCZZZQ.
//
// Rules follow Väestötietoasetus 128/2010 §2 as amended for 1 January 2023 (extra century
// signs). Input handling, decided here once for every caller:
// - surrounding whitespace is trimmed, because codes are pasted from letters and spreadsheets;
// - lowercase letters are accepted and normalized to uppercase, because the century sign and the
//   check character are often typed in lowercase and there is no ambiguity;
// - anything else, inner whitespace included, is rejected: a code with a space inside is more
//   likely two fields run together than a typo worth repairing.
// The individual number range 900–999 is accepted and flagged `temporary`: DVV never issues it,
// so it marks temporary identifiers and test persons (Kanta's test persons use it too).
// Dates in the future are not rejected: this module has no clock.

import { type CalendarDate, formatIsoDate, isLeapYear, isRealDate, parseIsoDate } from './calendar.ts';
import { err, type IdentityError, ok, type Result } from './result.ts';

/** Century signs; `Y X W V U` and `B C D E F` were added on 1 January 2023. */
export const CENTURY_SIGNS = ['+', '-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F'] as const;
export type CenturySign = (typeof CENTURY_SIGNS)[number];

const CENTURY_OF: Readonly<Record<CenturySign, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

// The sign every code of the century carried before 2023; the natural default when generating.
const CLASSIC_SIGN: Readonly<Record<number, CenturySign>> = { 1800: '+', 1900: '-', 2000: 'A' };

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

export const MIN_HETU_YEAR = 1800;
export const MAX_HETU_YEAR = 2099;
/** 000 and 001 are never issued. */
export const MIN_INDIVIDUAL_NUMBER = 2;
/** 900–999 are left for temporary identifiers and test persons. */
export const FIRST_TEMPORARY_INDIVIDUAL_NUMBER = 900;

export type Sex = 'male' | 'female';

export interface Hetu {
  /** Normalized: trimmed, uppercase, 11 characters. */
  readonly value: string;
  /** ISO `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** As encoded by the individual number's parity (odd male, even female). */
  readonly sex: Sex;
  readonly individualNumber: number;
  readonly centurySign: CenturySign;
  /** Individual number 900–999: a temporary identifier or a test person, not issued by DVV. */
  readonly temporary: boolean;
}

export type HetuErrorCode =
  | 'length'
  | 'format'
  | 'century_sign'
  | 'date'
  | 'individual_number'
  | 'check_character';
export type HetuError = IdentityError<HetuErrorCode>;

const MESSAGES: Readonly<Record<HetuErrorCode, readonly [string, string]>> = {
  length: [
    'A personal identity code has exactly 11 characters.',
    'Henkilötunnuksessa on täsmälleen 11 merkkiä.',
  ],
  format: [
    'A personal identity code has the form DDMMYYCZZZQ: six digits, a century sign, three digits and a check character.',
    'Henkilötunnuksen muoto on PPKKVVXNNNT: kuusi numeroa, välimerkki, kolme numeroa ja tarkistusmerkki.',
  ],
  century_sign: [
    'Unknown century sign; the valid signs are + (1800s), - Y X W V U (1900s) and A B C D E F (2000s).',
    'Tuntematon välimerkki; sallitut välimerkit ovat + (1800-luku), - Y X W V U (1900-luku) ja A B C D E F (2000-luku).',
  ],
  date: [
    'The birth date in the personal identity code does not exist.',
    'Henkilötunnuksen syntymäaikaa ei ole olemassa.',
  ],
  individual_number: [
    'The individual number must be between 002 and 999.',
    'Yksilönumeron on oltava välillä 002–999.',
  ],
  check_character: [
    'The check character does not match the rest of the code; it has probably been mistyped.',
    'Tarkistusmerkki ei täsmää tunnuksen muihin osiin; tunnus on todennäköisesti kirjoitettu väärin.',
  ],
};

export function hetuError(code: HetuErrorCode): HetuError {
  const [message, messageFi] = MESSAGES[code];
  return { code, message, messageFi };
}

export function isCenturySign(value: string): value is CenturySign {
  return Object.hasOwn(CENTURY_OF, value);
}

/** First year of the century the sign stands for: 1800, 1900 or 2000. */
export function centuryOf(sign: CenturySign): number {
  return CENTURY_OF[sign];
}

/** Every sign valid for a birth year, the pre-2023 sign first; empty outside 1800–2099. */
export function centurySignsFor(year: number): readonly CenturySign[] {
  const century = Math.floor(year / 100) * 100;
  return CENTURY_SIGNS.filter((s) => CENTURY_OF[s] === century).sort((a, b) =>
    a === CLASSIC_SIGN[century] ? -1 : b === CLASSIC_SIGN[century] ? 1 : 0,
  );
}

function checkCharacter(ddmmyy: string, zzz: string): string {
  // Nine digits stay below 2^53, so plain numbers are exact here.
  return CHECK_CHARACTERS[Number(ddmmyy + zzz) % 31]!;
}

// Only ASCII is uppercased: `toUpperCase` would turn e.g. 'ß' into two characters.
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

export function parseHetu(input: string): Result<Hetu, HetuError> {
  const s = asciiUpper(input.trim());
  if (s.length !== 11) return err(hetuError('length'));
  if (!/^\d{6}.\d{3}[0-9A-Z]$/.test(s)) return err(hetuError('format'));

  const sign = s[6]!;
  if (!isCenturySign(sign)) return err(hetuError('century_sign'));

  const ddmmyy = s.slice(0, 6);
  const date: CalendarDate = {
    day: Number(s.slice(0, 2)),
    month: Number(s.slice(2, 4)),
    year: CENTURY_OF[sign] + Number(s.slice(4, 6)),
  };
  if (!isRealDate(date.year, date.month, date.day)) return err(hetuError('date'));

  const zzz = s.slice(7, 10);
  const individualNumber = Number(zzz);
  if (individualNumber < MIN_INDIVIDUAL_NUMBER) return err(hetuError('individual_number'));

  if (s[10] !== checkCharacter(ddmmyy, zzz)) return err(hetuError('check_character'));

  return ok({
    value: s,
    birthDate: formatIsoDate(date),
    sex: individualNumber % 2 === 1 ? 'male' : 'female',
    individualNumber,
    centurySign: sign,
    temporary: individualNumber >= FIRST_TEMPORARY_INDIVIDUAL_NUMBER,
  });
}

export function isValidHetu(input: string): boolean {
  return parseHetu(input).ok;
}

export interface HetuParts {
  /** ISO `YYYY-MM-DD`, 1800-01-01 … 2099-12-31. */
  readonly birthDate: string;
  /** 2–999; 900–999 gives a temporary-range code. */
  readonly individualNumber: number;
  /** Defaults to the pre-2023 sign of the century (`+`, `-` or `A`). */
  readonly centurySign?: CenturySign;
}

/** Builds a code, computing its check character (for generators, temporary ids and tests). */
export function makeHetu(parts: HetuParts): Result<Hetu, HetuError> {
  const date = parseIsoDate(parts.birthDate);
  if (!date || date.year < MIN_HETU_YEAR || date.year > MAX_HETU_YEAR) return err(hetuError('date'));
  const century = Math.floor(date.year / 100) * 100;
  const sign = parts.centurySign ?? CLASSIC_SIGN[century]!;
  if (!isCenturySign(sign) || CENTURY_OF[sign] !== century) return err(hetuError('century_sign'));
  const n = parts.individualNumber;
  if (!Number.isInteger(n) || n < MIN_INDIVIDUAL_NUMBER || n > 999)
    return err(hetuError('individual_number'));

  const ddmmyy =
    String(date.day).padStart(2, '0') +
    String(date.month).padStart(2, '0') +
    String(date.year % 100).padStart(2, '0');
  const zzz = String(n).padStart(3, '0');
  // Re-parsing keeps one definition of what a valid code is.
  return parseHetu(ddmmyy + sign + zzz + checkCharacter(ddmmyy, zzz));
}

/**
 * Age in whole years on `onDate` (ISO `YYYY-MM-DD`).
 *
 * Someone born on 29 February turns a year older on 28 February in common years: Finnish law
 * ends a period counted in years on the last day of the month when the month lacks the
 * corresponding day (laki säädettyjen määräaikain laskemisesta 150/1930).
 *
 * @throws RangeError if `onDate` is not a real ISO date or is before the birth date — both are
 *   programming errors, not user input.
 */
export function ageOn(hetu: Pick<Hetu, 'birthDate'>, onDate: string): number {
  const birth = parseIsoDate(hetu.birthDate);
  const on = parseIsoDate(onDate);
  if (!birth) throw new RangeError(`Invalid birth date: ${hetu.birthDate}`);
  if (!on) throw new RangeError(`Invalid date: ${onDate}`);
  const birthdayDay = birth.month === 2 && birth.day === 29 && !isLeapYear(on.year) ? 28 : birth.day;
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birthdayDay);
  const age = on.year - birth.year - (hadBirthday ? 0 : 1);
  if (age < 0) throw new RangeError(`${onDate} is before the birth date ${hetu.birthDate}`);
  return age;
}
