// ISO object identifiers (OIDs), the identifier scheme of every Kanta document, case, clienthood,
// organisation, professional and code system.
//
// Syntax accepted (ITU-T X.660 dot notation):
// - arcs of decimal digits separated by single dots, at least two arcs;
// - no leading zeros ("0" itself is fine), since "1.02" and "1.2" would otherwise name the same
//   node and string equality would stop meaning OID equality;
// - the first arc is 0, 1 or 2, and under 0 and 1 the second arc is at most 39 (X.660 §A.3);
// - at most OID_MAX_LENGTH characters (see there).
// Arcs may be arbitrarily large (2.25.<128-bit UUID> is legal), so arcs are compared as digit
// strings, never converted to floating-point numbers.

import { err, type IdentityError, ok, type Result } from './result.ts';

export type Oid = string & { readonly __brand: 'Oid' };

/**
 * HL7 recommends OIDs of at most 64 characters and HL7 v3 / CDA `II.root` fields are commonly
 * stored in 64–128 character columns. 128 leaves room for minted OIDs with a long random serial
 * under a long organisation root (about 30 + 10 + 40 characters) while still bounding storage and
 * rejecting absurd input.
 */
export const OID_MAX_LENGTH = 128;

export type OidErrorCode = 'length' | 'syntax' | 'leading_zero' | 'arc_count' | 'root_arc';
export type OidError = IdentityError<OidErrorCode>;

const MESSAGES: Readonly<Record<OidErrorCode, readonly [string, string]>> = {
  length: [
    `An OID may be at most ${OID_MAX_LENGTH} characters long.`,
    `OID-tunnuksen enimmäispituus on ${OID_MAX_LENGTH} merkkiä.`,
  ],
  syntax: [
    'An OID consists of numbers separated by single dots, e.g. 1.2.246.21.',
    'OID-tunnus koostuu pisteillä erotetuista numeroista, esim. 1.2.246.21.',
  ],
  leading_zero: [
    'A number in an OID may not start with a zero (except 0 itself).',
    'OID-tunnuksen numero ei saa alkaa nollalla (paitsi pelkkä 0).',
  ],
  arc_count: ['An OID has at least two numbers.', 'OID-tunnuksessa on vähintään kaksi numeroa.'],
  root_arc: [
    'An OID starts with 0, 1 or 2, and after 0 or 1 the second number is at most 39.',
    'OID-tunnus alkaa numerolla 0, 1 tai 2, ja 0:n tai 1:n jälkeen toinen numero on enintään 39.',
  ],
};

export function oidError(code: OidErrorCode): OidError {
  const [message, messageFi] = MESSAGES[code];
  return { code, message, messageFi };
}

export function parseOid(input: string): Result<Oid, OidError> {
  if (input.length > OID_MAX_LENGTH) return err(oidError('length'));
  if (!/^\d+(\.\d+)*$/.test(input)) return err(oidError('syntax'));
  const arcs = input.split('.');
  if (arcs.some((a) => a.length > 1 && a.startsWith('0'))) return err(oidError('leading_zero'));
  if (arcs.length < 2) return err(oidError('arc_count'));
  const [first, second] = arcs as [string, string];
  if (first !== '0' && first !== '1' && first !== '2') return err(oidError('root_arc'));
  if (first !== '2' && (second.length > 2 || Number(second) > 39)) return err(oidError('root_arc'));
  return ok(input as Oid);
}

export function isOid(input: string): input is Oid {
  return parseOid(input).ok;
}

/** For constants and values already validated elsewhere. @throws TypeError when `input` is not an OID. */
export function mustParseOid(input: string): Oid {
  const r = parseOid(input);
  if (!r.ok) throw new TypeError(`Not an OID (${r.error.code}): ${input}`);
  return r.value;
}

/** Without leading zeros a longer digit string is a larger number, so no BigInt is needed. */
function compareArcs(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Arc-by-arc numeric order; a proper prefix sorts first (1.2 < 1.2.0 < 1.10). */
export function compareOids(a: Oid, b: Oid): -1 | 0 | 1 {
  const x = a.split('.');
  const y = b.split('.');
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = compareArcs(x[i]!, y[i]!);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** True when `oid` lies strictly below `root` in the tree (an OID is not under itself). */
export function isUnder(oid: Oid, root: Oid): boolean {
  return oid.startsWith(`${root}.`);
}

/** Arcs of `oid` below `root`, or undefined when `oid` is not strictly under `root`. */
export function arcsBelow(oid: Oid, root: Oid): readonly string[] | undefined {
  return isUnder(oid, root) ? oid.slice(root.length + 1).split('.') : undefined;
}

// --- Well-known roots ------------------------------------------------------------------------

/** Root of Finnish personal identity codes: `root="1.2.246.21" extension="<hetu>"`. */
export const HETU_ROOT = mustParseOid('1.2.246.21');
/** Root of social and health care professionals; the registration number is the next arc. */
export const PROFESSIONAL_ROOT = mustParseOid('1.2.246.537.26');
/** Root of organisations by business ID (Y-tunnus); see business-id.ts. */
export const BUSINESS_ID_ROOT = mustParseOid('1.2.246.10');

/** OID of a professional from their registration number (rekisteröintinumero, digits only). */
export function professionalOid(registrationNumber: string): Result<Oid, OidError> {
  if (!/^\d+$/.test(registrationNumber)) return err(oidError('syntax'));
  return parseOid(`${PROFESSIONAL_ROOT}.${registrationNumber}`);
}

/** The registration number of a professional OID, or undefined for any other OID. */
export function professionalRegistrationNumber(oid: Oid): string | undefined {
  const arcs = arcsBelow(oid, PROFESSIONAL_ROOT);
  return arcs?.length === 1 ? arcs[0] : undefined;
}

// --- Minting under an organisation's root ------------------------------------------------------
//
// Identifiers an organisation creates are minted under its own OID so that they are globally
// unique without coordination: `<org>.<kind arc>.<year>.<serial>`. Kanta practice puts documents
// under `<org>.95.`; Varanto keeps the neighbouring arcs for its other kinds. The year arc keeps
// serials short and lets a deployment restart its counters yearly.
//
//   document    <org>.95.<year>.<serial>   (asiakirja)
//   case        <org>.96.<year>.<serial>   (asia)
//   clienthood  <org>.97.<year>.<serial>   (asiakkuus)
//
// `<org>.22.<year>` is the system of temporary client identifiers (temporary-id.ts) and
// `<org>.10.<n>` are service units in the SOTE organisation register; minting never uses them.
// The serial is passed in (a sequence value or a random number) so that minting stays pure.

export const MINT_ARCS = { document: 95, case: 96, clienthood: 97 } as const;
export type MintKind = keyof typeof MINT_ARCS;

export type MintErrorCode = OidErrorCode | 'year' | 'serial';
export type MintError = IdentityError<MintErrorCode>;

function mintError(code: 'year' | 'serial'): MintError {
  return code === 'year'
    ? {
        code,
        message: 'The year of a minted OID must be a four-digit year.',
        messageFi: 'Muodostettavan OID-tunnuksen vuoden on oltava nelinumeroinen vuosiluku.',
      }
    : {
        code,
        message: 'The serial of a minted OID must be a non-negative integer.',
        messageFi: 'Muodostettavan OID-tunnuksen juoksevan osan on oltava ei-negatiivinen kokonaisluku.',
      };
}

export function mintOid(
  kind: MintKind,
  org: Oid,
  year: number,
  serial: number | bigint,
): Result<Oid, MintError> {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return err(mintError('year'));
  const serialOk = typeof serial === 'bigint' ? serial >= 0n : Number.isSafeInteger(serial) && serial >= 0;
  if (!serialOk) return err(mintError('serial'));
  return parseOid(`${org}.${MINT_ARCS[kind]}.${year}.${serial.toString()}`);
}

export function mintDocumentOid(org: Oid, year: number, serial: number | bigint): Result<Oid, MintError> {
  return mintOid('document', org, year, serial);
}

export function mintCaseOid(org: Oid, year: number, serial: number | bigint): Result<Oid, MintError> {
  return mintOid('case', org, year, serial);
}

export function mintClienthoodOid(org: Oid, year: number, serial: number | bigint): Result<Oid, MintError> {
  return mintOid('clienthood', org, year, serial);
}

export interface MintedOid {
  readonly kind: MintKind;
  readonly year: number;
  /** Decimal digits; may exceed Number.MAX_SAFE_INTEGER when the serial was random. */
  readonly serial: string;
}

/** Reads back what `mintOid` encoded, or undefined when `oid` was not minted under `org` in that shape. */
export function parseMintedOid(oid: Oid, org: Oid): MintedOid | undefined {
  const arcs = arcsBelow(oid, org);
  if (arcs?.length !== 3) return undefined;
  const [kindArc, yearArc, serial] = arcs as [string, string, string];
  const kind = (Object.keys(MINT_ARCS) as MintKind[]).find((k) => String(MINT_ARCS[k]) === kindArc);
  if (!kind || yearArc.length !== 4) return undefined;
  return { kind, year: Number(yearArc), serial };
}
