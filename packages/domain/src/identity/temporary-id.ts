// Temporary client identifier (tilapäinen yksilöintitunniste): given to a client whose personal
// identity code is not (yet) known, and later linked to the real one.
//
// In Kanta the value has hetu form with an individual number 900–999 (e.g. `010111A998F`), and
// its system is organisation specific: `<organisation OID>.22.<year>`. A value is therefore
// unique only together with its system; two organisations can hand out the same value.
//
// Varanto's choices where the Kanta material is silent:
// - the sequence number `seq` 0–99 becomes individual number 900 + seq, so one organisation can
//   issue at most 100 temporary ids per birth date per year — a limit of the format itself;
// - an unknown birth date is written as 1 January of the issuing year. The birth date and age of
//   a temporary id are therefore meaningless unless the caller passed a real or estimated date.

import {
  FIRST_TEMPORARY_INDIVIDUAL_NUMBER,
  type HetuErrorCode,
  hetuError,
  makeHetu,
  parseHetu,
} from './hetu.ts';
import { type Oid, parseOid } from './oid.ts';
import { err, type IdentityError, ok, type Result } from './result.ts';

export const TEMPORARY_ID_ARC = 22;
/** Sequence numbers 0–99 map onto individual numbers 900–999. */
export const MAX_TEMPORARY_SEQUENCE = 99;

export interface TemporaryId {
  /** `<organisation OID>.22.<year>` */
  readonly system: Oid;
  /** Normalized hetu-form value with an individual number 900–999. */
  readonly value: string;
}

export type TemporaryIdErrorCode = HetuErrorCode | 'not_temporary' | 'system' | 'sequence';
export type TemporaryIdError = IdentityError<TemporaryIdErrorCode>;

const MESSAGES: Readonly<Record<'not_temporary' | 'system' | 'sequence', readonly [string, string]>> = {
  not_temporary: [
    'A temporary identifier has an individual number between 900 and 999.',
    'Tilapäisen tunnisteen yksilönumero on välillä 900–999.',
  ],
  system: [
    'The system of a temporary identifier is the organisation OID followed by .22 and a four-digit year.',
    'Tilapäisen tunnisteen järjestelmätunnus on organisaation OID, jonka perässä on .22 ja nelinumeroinen vuosi.',
  ],
  sequence: [
    `The sequence number of a temporary identifier must be between 0 and ${MAX_TEMPORARY_SEQUENCE}.`,
    `Tilapäisen tunnisteen järjestysnumeron on oltava välillä 0–${MAX_TEMPORARY_SEQUENCE}.`,
  ],
};

export function temporaryIdError(code: TemporaryIdErrorCode): TemporaryIdError {
  if (code === 'not_temporary' || code === 'system' || code === 'sequence') {
    const [message, messageFi] = MESSAGES[code];
    return { code, message, messageFi };
  }
  return hetuError(code);
}

export function temporaryIdSystem(organization: Oid, year: number): Result<Oid, TemporaryIdError> {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return err(temporaryIdError('system'));
  const r = parseOid(`${organization}.${TEMPORARY_ID_ARC}.${year}`);
  return r.ok ? r : err(temporaryIdError('system'));
}

export interface TemporaryIdSystem {
  readonly organization: Oid;
  readonly year: number;
}

export function parseTemporaryIdSystem(system: string): Result<TemporaryIdSystem, TemporaryIdError> {
  const parsed = parseOid(system);
  if (!parsed.ok) return err(temporaryIdError('system'));
  const m = /^(.+)\.22\.(\d{4})$/.exec(parsed.value);
  if (!m) return err(temporaryIdError('system'));
  const organization = parseOid(m[1]!);
  if (!organization.ok) return err(temporaryIdError('system'));
  return ok({ organization: organization.value, year: Number(m[2]) });
}

/**
 * @param birthDate ISO `YYYY-MM-DD`, or null when unknown (then 1 January of `year` is written).
 * @param seq 0–99, unique per organisation, year and birth date; the caller keeps the counter.
 */
export function makeTemporaryId(
  organization: Oid,
  year: number,
  birthDate: string | null,
  seq: number,
): Result<TemporaryId, TemporaryIdError> {
  const system = temporaryIdSystem(organization, year);
  if (!system.ok) return system;
  if (!Number.isInteger(seq) || seq < 0 || seq > MAX_TEMPORARY_SEQUENCE)
    return err(temporaryIdError('sequence'));
  const hetu = makeHetu({
    birthDate: birthDate ?? `${year}-01-01`,
    individualNumber: FIRST_TEMPORARY_INDIVIDUAL_NUMBER + seq,
  });
  if (!hetu.ok) return hetu;
  return ok({ system: system.value, value: hetu.value.value });
}

export function parseTemporaryId(value: string, system: string): Result<TemporaryId, TemporaryIdError> {
  const s = parseTemporaryIdSystem(system);
  if (!s.ok) return s;
  const hetu = parseHetu(value);
  if (!hetu.ok) return hetu;
  if (!hetu.value.temporary) return err(temporaryIdError('not_temporary'));
  return ok({ system: system as Oid, value: hetu.value.value });
}
