// Finnish business ID (Y-tunnus, yritys- ja yhteisötunnus): `NNNNNNN-T`, seven digits, a hyphen
// and a check digit. Organisations in Kanta are identified by OIDs derived from it
// (`1.2.246.10.<digits>`, JHS 159), and their service units by OIDs below that.
// Surrounding whitespace is trimmed, for the same reason as with personal identity codes.

import { arcsBelow, BUSINESS_ID_ROOT, mustParseOid, type Oid } from './oid.ts';
import { err, type IdentityError, ok, type Result } from './result.ts';

export type BusinessId = string & { readonly __brand: 'BusinessId' };

export type BusinessIdErrorCode = 'format' | 'check_digit';
export type BusinessIdError = IdentityError<BusinessIdErrorCode>;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

function businessIdError(code: BusinessIdErrorCode): BusinessIdError {
  return code === 'format'
    ? {
        code,
        message: 'A business ID has the form 1234567-8: seven digits, a hyphen and a check digit.',
        messageFi: 'Y-tunnuksen muoto on 1234567-8: seitsemän numeroa, yhdysmerkki ja tarkistusnumero.',
      }
    : {
        code,
        message: 'The check digit of the business ID does not match; it has probably been mistyped.',
        messageFi: 'Y-tunnuksen tarkistusnumero ei täsmää; tunnus on todennäköisesti kirjoitettu väärin.',
      };
}

/** Check digit of seven digits, or undefined for the remainder 1, which is never issued. */
function checkDigit(digits: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(digits[i]) * WEIGHTS[i]!;
  const r = sum % 11;
  if (r === 1) return undefined;
  return r === 0 ? 0 : 11 - r;
}

export function parseBusinessId(input: string): Result<BusinessId, BusinessIdError> {
  const s = input.trim();
  const m = /^(\d{7})-(\d)$/.exec(s);
  if (!m) return err(businessIdError('format'));
  if (checkDigit(m[1]!) !== Number(m[2])) return err(businessIdError('check_digit'));
  return ok(s as BusinessId);
}

/** `0204819-8` → `1.2.246.10.2048198`: the hyphen goes, and so do leading zeros, which OIDs forbid. */
export function organizationOid(businessId: BusinessId): Oid {
  const digits = businessId.replace('-', '').replace(/^0+(?=\d)/, '');
  return mustParseOid(`${BUSINESS_ID_ROOT}.${digits}`);
}

/**
 * The business ID behind an organisation OID or any OID under it (a service unit
 * `1.2.246.10.<digits>.10.<n>`, a minted document OID, …); undefined when there is none.
 */
export function businessIdOf(oid: Oid): BusinessId | undefined {
  const arc = arcsBelow(oid, BUSINESS_ID_ROOT)?.[0];
  if (!arc || arc.length > 8) return undefined;
  const padded = arc.padStart(8, '0');
  const r = parseBusinessId(`${padded.slice(0, 7)}-${padded[7]}`);
  return r.ok ? r.value : undefined;
}
