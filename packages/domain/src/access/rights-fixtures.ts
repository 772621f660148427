// Random rights histories for the tests of rights.ts, in the function's form and the store's.
import fc from 'fast-check';

/** Version dates and the dates asked about: boundaries a day apart, month ends, a leap day's neighbours. */
export const RIGHT_DATES = [
  '2025-12-31',
  '2026-01-01',
  '2026-01-15',
  '2026-02-28',
  '2026-03-01',
  '2026-06-30',
  '2027-01-01',
] as const;

/** Every date a version may name, and some before, between and after them. */
export const ASKED_DATES = [...RIGHT_DATES, '2025-01-01', '2026-02-01', '2026-12-31', '2028-01-01'];

export const RIGHT_ORGANIZATIONS = ['A', 'B', 'C'] as const;

export interface ArbitraryRight {
  readonly version: number;
  readonly organizationOid: string;
  readonly validFrom: string;
  readonly validTo?: string;
}

const version = fc
  .record({
    organizationOid: fc.constantFrom(...RIGHT_ORGANIZATIONS),
    from: fc.constantFrom(...RIGHT_DATES),
    to: fc.option(fc.constantFrom(...RIGHT_DATES), { nil: undefined }),
  })
  // An end never precedes the start (the store's check); the two dates are ordered, not dropped.
  .map(({ organizationOid, from, to }) => {
    if (to === undefined) return { organizationOid, validFrom: from };
    const [validFrom, validTo] = [from, to].sort();
    return { organizationOid, validFrom: validFrom!, validTo: validTo! };
  });

/** One professional's versions, numbered 1… gap-free as the store grants them, in version order. */
export const rightsHistory: fc.Arbitrary<ArbitraryRight[]> = fc
  .array(version, { maxLength: 6 })
  .map((vs) => vs.map((v, i) => ({ ...v, version: i + 1 })));
