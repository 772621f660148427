import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ageOn,
  CENTURY_SIGNS,
  type CenturySign,
  centuryOf,
  centurySignsFor,
  type Hetu,
  type HetuErrorCode,
  hetuError,
  isCenturySign,
  isValidHetu,
  makeHetu,
  parseHetu,
} from './hetu.ts';

function parsed(input: string): Hetu {
  const r = parseHetu(input);
  if (!r.ok) assert.fail(`expected ${JSON.stringify(input)} to parse, got ${r.error.code}`);
  return r.value;
}

function rejected(input: string): HetuErrorCode {
  const r = parseHetu(input);
  if (r.ok) assert.fail(`expected ${JSON.stringify(input)} to be rejected`);
  return r.error.code;
}

// Birth dates 1800-01-01 … 2099-12-31 as ISO strings.
const MIN_DAY = Date.UTC(1800, 0, 1) / 86_400_000;
const MAX_DAY = Date.UTC(2099, 11, 31) / 86_400_000;
const birthDateArb = fc
  .integer({ min: MIN_DAY, max: MAX_DAY })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

const partsArb = (individualNumber: fc.Arbitrary<number>) =>
  birthDateArb.chain((birthDate) =>
    fc.record({
      birthDate: fc.constant(birthDate),
      centurySign: fc.constantFrom(...centurySignsFor(Number(birthDate.slice(0, 4)))),
      individualNumber,
    }),
  );

const validHetuArb = partsArb(fc.integer({ min: 2, max: 899 })).map((parts) => {
  const r = makeHetu(parts);
  if (!r.ok) throw new Error(`makeHetu failed for ${JSON.stringify(parts)}`);
  return r.value;
});

describe('parseHetu: known codes', () => {
  test('131052-308T, the example in DVV material, is a woman born 13 October 1952', () => {
    assert.deepEqual(parsed('131052-308T'), {
      value: '131052-308T',
      birthDate: '1952-10-13',
      sex: 'female',
      individualNumber: 308,
      centurySign: '-',
      temporary: false,
    });
  });

  test('010101A123N is a man born 1 January 2001', () => {
    const h = parsed('010101A123N');
    assert.equal(h.birthDate, '2001-01-01');
    assert.equal(h.sex, 'male');
  });

  test('codes with the 2023 century signs and temporary-range numbers', () => {
    const a = parsed('010594Y9032');
    assert.equal(a.birthDate, '1994-05-01');
    assert.equal(a.individualNumber, 903);
    assert.equal(a.sex, 'male');
    assert.equal(a.temporary, true);
    const b = parsed('010594Y9021');
    assert.equal(b.sex, 'female');
    assert.equal(b.temporary, true);
  });

  test('29 February exists in 2000 and 1996', () => {
    assert.equal(parsed('290200A1239').birthDate, '2000-02-29');
    assert.equal(parsed('290296-1232').birthDate, '1996-02-29');
  });

  test('every one of the 13 century signs gives its century; the check character ignores the sign', () => {
    const expectedYear: Record<CenturySign, number> = {
      '+': 1801,
      '-': 1901,
      Y: 1901,
      X: 1901,
      W: 1901,
      V: 1901,
      U: 1901,
      A: 2001,
      B: 2001,
      C: 2001,
      D: 2001,
      E: 2001,
      F: 2001,
    };
    assert.equal(CENTURY_SIGNS.length, 13);
    for (const sign of CENTURY_SIGNS) {
      const h = parsed(`010101${sign}123N`);
      assert.equal(h.birthDate, `${expectedYear[sign]}-01-01`, sign);
      assert.equal(h.centurySign, sign);
      assert.equal(centuryOf(sign), expectedYear[sign] - 1);
    }
  });
});

describe('parseHetu: normalization', () => {
  test('surrounding whitespace is trimmed and lowercase letters are uppercased', () => {
    assert.equal(parsed('  131052-308t\n').value, '131052-308T');
    assert.equal(parsed('010101a123n').value, '010101A123N');
    assert.equal(parsed('010594y9032').centurySign, 'Y');
  });

  test('inner whitespace is rejected', () => {
    assert.equal(rejected('131052-308 T'), 'length');
    assert.equal(rejected('13105 -308T'), 'format');
    assert.equal(rejected('131052 308T'), 'century_sign');
  });

  test('non-ASCII digits and letters are not digits or check characters', () => {
    assert.equal(rejected('١٣١٠٥٢-٣٠٨T'), 'format');
    assert.equal(rejected('131052-308Ｔ'), 'format');
    assert.equal(rejected('131052-308ß'), 'format');
  });
});

describe('parseHetu: each error class', () => {
  const cases: ReadonlyArray<readonly [string, HetuErrorCode]> = [
    ['', 'length'],
    ['131052-308', 'length'],
    ['131052-308TT', 'length'],
    ['13105X-308T', 'format'],
    ['131052-3O8T', 'format'],
    ['131052-308!', 'format'],
    ['131052G308T', 'century_sign'],
    ['131052*308T', 'century_sign'],
    ['1310521308T', 'century_sign'],
    ['131052Z308T', 'century_sign'],
    // Check characters below are the correct ones, so only the named rule can fail.
    ['310299-1234', 'date'],
    ['290201A123J', 'date'],
    ['290200-1239', 'date'], // 1900 was not a leap year
    ['290200+1239', 'date'],
    ['000000-123Y', 'date'],
    ['320190-123M', 'date'],
    ['011390-123A', 'date'],
    ['010101A000P', 'individual_number'],
    ['010101A001R', 'individual_number'],
    ['131052-308U', 'check_character'],
    ['131052-308G', 'check_character'], // G is never a check character
  ];
  for (const [input, code] of cases) {
    test(`${JSON.stringify(input)} → ${code}`, () => assert.equal(rejected(input), code));
  }

  test('every error has an English and a Finnish message', () => {
    const codes: HetuErrorCode[] = [
      'length',
      'format',
      'century_sign',
      'date',
      'individual_number',
      'check_character',
    ];
    const seen = new Set<string>();
    for (const code of codes) {
      const e = hetuError(code);
      assert.equal(e.code, code);
      assert.ok(e.message.length > 10 && e.messageFi.length > 10);
      assert.notEqual(e.message, e.messageFi);
      seen.add(e.message);
    }
    assert.equal(seen.size, codes.length);
  });

  test('isValidHetu agrees with parseHetu', () => {
    assert.equal(isValidHetu('131052-308T'), true);
    assert.equal(isValidHetu('131052-308U'), false);
  });
});

describe('century signs', () => {
  test('centurySignsFor lists the pre-2023 sign first', () => {
    assert.deepEqual(centurySignsFor(1850), ['+']);
    assert.deepEqual(centurySignsFor(1952), ['-', 'Y', 'X', 'W', 'V', 'U']);
    assert.deepEqual(centurySignsFor(2024), ['A', 'B', 'C', 'D', 'E', 'F']);
    assert.deepEqual(centurySignsFor(1799), []);
    assert.deepEqual(centurySignsFor(2100), []);
  });

  test('isCenturySign', () => {
    assert.equal(isCenturySign('U'), true);
    assert.equal(isCenturySign('G'), false);
    assert.equal(isCenturySign('toString'), false);
  });
});

describe('makeHetu', () => {
  test('computes the check character and defaults to the pre-2023 sign', () => {
    const r = makeHetu({ birthDate: '1952-10-13', individualNumber: 308 });
    assert.ok(r.ok);
    assert.equal(r.value.value, '131052-308T');
    const y = makeHetu({ birthDate: '1994-05-01', individualNumber: 903, centurySign: 'Y' });
    assert.ok(y.ok);
    assert.equal(y.value.value, '010594Y9032');
    const old = makeHetu({ birthDate: '1801-01-01', individualNumber: 123 });
    assert.ok(old.ok);
    assert.equal(old.value.value, '010101+123N');
  });

  const bad: ReadonlyArray<readonly [Parameters<typeof makeHetu>[0], HetuErrorCode]> = [
    [{ birthDate: '1799-12-31', individualNumber: 2 }, 'date'],
    [{ birthDate: '2100-01-01', individualNumber: 2 }, 'date'],
    [{ birthDate: '2001-02-29', individualNumber: 2 }, 'date'],
    [{ birthDate: '1.1.2001', individualNumber: 2 }, 'date'],
    [{ birthDate: '2001-01-01', individualNumber: 2, centurySign: '-' }, 'century_sign'],
    [{ birthDate: '1901-01-01', individualNumber: 2, centurySign: 'A' }, 'century_sign'],
    [{ birthDate: '2001-01-01', individualNumber: 1 }, 'individual_number'],
    [{ birthDate: '2001-01-01', individualNumber: 1000 }, 'individual_number'],
    [{ birthDate: '2001-01-01', individualNumber: 2.5 }, 'individual_number'],
  ];
  for (const [parts, code] of bad) {
    test(`${JSON.stringify(parts)} → ${code}`, () => {
      const r = makeHetu(parts);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, code);
    });
  }
});

describe('properties', () => {
  test('make → parse round-trips birth date, sex, number and sign for real-person numbers', () => {
    fc.assert(
      fc.property(partsArb(fc.integer({ min: 2, max: 899 })), (parts) => {
        const made = makeHetu(parts);
        assert.ok(made.ok);
        const h = parsed(made.value.value);
        assert.equal(h.birthDate, parts.birthDate);
        assert.equal(h.individualNumber, parts.individualNumber);
        assert.equal(h.centurySign, parts.centurySign);
        assert.equal(h.sex, parts.individualNumber % 2 === 1 ? 'male' : 'female');
        assert.equal(h.temporary, false);
        assert.deepEqual(h, made.value);
      }),
      { numRuns: 2000 },
    );
  });

  test('numbers 900–999 round-trip and are flagged temporary', () => {
    fc.assert(
      fc.property(partsArb(fc.integer({ min: 900, max: 999 })), (parts) => {
        const made = makeHetu(parts);
        assert.ok(made.ok);
        assert.equal(made.value.temporary, true);
        assert.equal(parsed(made.value.value).individualNumber, parts.individualNumber);
      }),
    );
  });

  // Replacement characters: every century sign (so same-century swaps are common), digits,
  // letters in both cases, and characters that must never be accepted.
  const replacementArb = fc.oneof(
    fc.constantFrom(...CENTURY_SIGNS),
    fc.constantFrom(...'0123456789'),
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
    fc.constantFrom(' ', '.', '/', '*', '_', 'Ä', 'ö', '٣', '\u00a0'),
  );

  test('a single-character change is rejected, or is a case change, or is a consistent century change', () => {
    fc.assert(
      fc.property(validHetuArb, fc.integer({ min: 0, max: 10 }), replacementArb, (orig, pos, ch) => {
        fc.pre(orig.value[pos] !== ch);
        const mutated = orig.value.slice(0, pos) + ch + orig.value.slice(pos + 1);
        const r = parseHetu(mutated);
        const upper = ch.toUpperCase();

        if (pos === 6 && isCenturySign(upper) && centuryOf(upper) === centuryOf(orig.centurySign)) {
          // Same century, different sign: the same person's date, a different code.
          assert.ok(r.ok, mutated);
          assert.equal(r.value.birthDate, orig.birthDate);
          assert.equal(r.value.centurySign, upper);
        }
        if (!r.ok) return;

        // Whatever was accepted must be canonical: building it from its parts gives it back.
        const rebuilt = makeHetu(r.value);
        assert.ok(rebuilt.ok);
        assert.equal(rebuilt.value.value, r.value.value);

        if (r.value.value === orig.value) {
          assert.notEqual(ch, upper, 'only a lowercase letter may leave the code unchanged');
          return;
        }
        // Any digit change alters DDMMYYZZZ by d·10^k with 1 ≤ |d| ≤ 9, never a multiple of 31,
        // so the only accepted changes are of the century sign.
        assert.equal(pos, 6, `accepted change at position ${pos}: ${mutated}`);
        assert.equal(r.value.individualNumber, orig.individualNumber);
        assert.equal(r.value.sex, orig.sex);
        assert.equal(r.value.birthDate.slice(2), orig.birthDate.slice(2));
        assert.equal(
          Number(r.value.birthDate.slice(0, 4)),
          centuryOf(r.value.centurySign) + (Number(orig.birthDate.slice(0, 4)) % 100),
        );
      }),
      { numRuns: 5000 },
    );
  });

  test('arbitrary strings never throw, and whatever is accepted is canonical', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 14 }), (s) => {
        const r = parseHetu(s);
        if (r.ok) {
          const rebuilt = makeHetu(r.value);
          assert.ok(rebuilt.ok);
          assert.equal(rebuilt.value.value, r.value.value);
        }
      }),
    );
  });
});

describe('ageOn', () => {
  const h = parsed('131052-308T');

  test('counts whole years; the birthday itself completes the year', () => {
    assert.equal(ageOn(h, '1952-10-13'), 0);
    assert.equal(ageOn(h, '2024-10-12'), 71);
    assert.equal(ageOn(h, '2024-10-13'), 72);
    assert.equal(ageOn(h, '2025-01-01'), 72);
  });

  test('someone born on 29 February gains a year on 28 February in common years', () => {
    const leap = parsed('290200A1239');
    assert.equal(ageOn(leap, '2018-02-27'), 17);
    assert.equal(ageOn(leap, '2018-02-28'), 18);
    assert.equal(ageOn(leap, '2020-02-28'), 19);
    assert.equal(ageOn(leap, '2020-02-29'), 20);
  });

  test('rejects malformed dates and dates before birth', () => {
    assert.throws(() => ageOn(h, '2024-13-01'), RangeError);
    assert.throws(() => ageOn(h, '13.10.2024'), RangeError);
    assert.throws(() => ageOn(h, '1952-10-12'), RangeError);
  });

  test('property: n years after a birthday the age is n, and n − 1 the day before', () => {
    fc.assert(
      fc.property(validHetuArb, fc.integer({ min: 1, max: 120 }), (hetu, n) => {
        fc.pre(!hetu.birthDate.endsWith('-02-29'));
        const year = Number(hetu.birthDate.slice(0, 4)) + n;
        const on = `${year}${hetu.birthDate.slice(4)}`;
        const dayBefore = new Date(Date.parse(`${on}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        assert.equal(ageOn(hetu, hetu.birthDate), 0);
        assert.equal(ageOn(hetu, on), n);
        assert.equal(ageOn(hetu, dayBefore), n - 1);
      }),
    );
  });
});
