import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  arcsBelow,
  BUSINESS_ID_ROOT,
  compareOids,
  HETU_ROOT,
  isOid,
  isUnder,
  MINT_ARCS,
  type MintErrorCode,
  type MintKind,
  mintCaseOid,
  mintClienthoodOid,
  mintDocumentOid,
  mintOid,
  mustParseOid,
  OID_MAX_LENGTH,
  type Oid,
  type OidErrorCode,
  PROFESSIONAL_ROOT,
  parseMintedOid,
  parseOid,
  professionalOid,
  professionalRegistrationNumber,
} from './oid.ts';

const o = mustParseOid;

describe('parseOid', () => {
  const valid = [
    '1.2.246.21',
    '0.0',
    '1.39',
    '2.999',
    '2.25.329800735698586629295641978511506172918', // a UUID as one arc
    '1.2.246.537.6.1221.201601',
    '1.2.246.10.32213561.95777.2026.688883.2809773', // a real-format Kanta document OID
  ];
  for (const input of valid) {
    test(`accepts ${input}`, () => {
      const r = parseOid(input);
      assert.ok(r.ok);
      assert.equal(r.value, input);
    });
  }

  const invalid: ReadonlyArray<readonly [string, OidErrorCode]> = [
    ['', 'syntax'],
    ['1.', 'syntax'],
    ['.1', 'syntax'],
    ['1..2', 'syntax'],
    ['1.2a', 'syntax'],
    [' 1.2', 'syntax'],
    ['1.2\n', 'syntax'],
    ['1.-2', 'syntax'],
    ['1.２', 'syntax'],
    ['urn:oid:1.2', 'syntax'],
    ['1', 'arc_count'],
    ['1.02', 'leading_zero'],
    ['01.2', 'leading_zero'],
    ['1.2.246.021', 'leading_zero'],
    ['3.1', 'root_arc'],
    ['1.40', 'root_arc'],
    ['0.100', 'root_arc'],
    [`2.${'1'.repeat(OID_MAX_LENGTH - 1)}`, 'length'],
  ];
  for (const [input, code] of invalid) {
    test(`rejects ${JSON.stringify(input.length > 30 ? `${input.slice(0, 30)}…` : input)} → ${code}`, () => {
      const r = parseOid(input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, code);
        assert.ok(r.error.message && r.error.messageFi);
      }
    });
  }

  test('exactly OID_MAX_LENGTH characters is still accepted', () => {
    assert.equal(isOid(`2.${'1'.repeat(OID_MAX_LENGTH - 2)}`), true);
  });

  test('mustParseOid throws on invalid input', () => {
    assert.throws(() => mustParseOid('1.02'), TypeError);
  });

  test('known roots', () => {
    assert.equal(HETU_ROOT, '1.2.246.21');
    assert.equal(PROFESSIONAL_ROOT, '1.2.246.537.26');
    assert.equal(BUSINESS_ID_ROOT, '1.2.246.10');
  });
});

// OIDs made of few distinct small arcs, so that equal arcs and shared prefixes are common, plus
// some arcs beyond 2^53.
const arcArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 12 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String) },
);
const oidArb: fc.Arbitrary<Oid> = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(arcArb, { maxLength: 5 }))
  .map(([a, b, rest]) => [a, b, ...rest].join('.'))
  .filter((s) => s.length <= 80)
  .map(o);

/** Independent oracle: arcs as BigInt, compared one by one. */
function referenceCompare(a: Oid, b: Oid): number {
  const x = a.split('.').map(BigInt);
  const y = b.split('.').map(BigInt);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i]! !== y[i]!) return x[i]! < y[i]! ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

describe('compareOids', () => {
  test('orders arcs numerically, a prefix first', () => {
    const sorted = ['1.10', '1.2.0', '1.2', '2.25.99999999999999999999', '2.25.9999999999999999998', '0.9']
      .map(o)
      .sort(compareOids);
    assert.deepEqual(sorted, [
      '0.9',
      '1.2',
      '1.2.0',
      '1.10',
      '2.25.9999999999999999998',
      '2.25.99999999999999999999',
    ]);
    assert.equal(compareOids(o('1.2.246.21'), o('1.2.246.21')), 0);
  });

  test('property: agrees with a BigInt reference', () => {
    fc.assert(
      fc.property(oidArb, oidArb, (a, b) => {
        assert.equal(compareOids(a, b), referenceCompare(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  test('property: antisymmetric, and 0 exactly for equal OIDs', () => {
    fc.assert(
      fc.property(oidArb, oidArb, (a, b) => {
        assert.equal(compareOids(a, b), -compareOids(b, a) || 0);
        assert.equal(compareOids(a, b) === 0, a === b);
        assert.equal(compareOids(a, a), 0);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: transitive', () => {
    fc.assert(
      fc.property(oidArb, oidArb, oidArb, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(compareOids) as [Oid, Oid, Oid];
        assert.ok(compareOids(x, y) <= 0 && compareOids(y, z) <= 0);
        assert.ok(compareOids(x, z) <= 0);
        if (compareOids(x, y) < 0 || compareOids(y, z) < 0) assert.equal(compareOids(x, z), -1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isUnder', () => {
  test('strict descendants only, and no string-prefix trap', () => {
    assert.equal(isUnder(o('1.2.246.21.5'), HETU_ROOT), true);
    assert.equal(isUnder(HETU_ROOT, HETU_ROOT), false);
    assert.equal(isUnder(o('1.2.246.210'), HETU_ROOT), false);
    assert.equal(isUnder(o('1.2.246'), HETU_ROOT), false);
    assert.deepEqual(arcsBelow(o('1.2.246.21.5.6'), HETU_ROOT), ['5', '6']);
    assert.equal(arcsBelow(o('1.2.246.210'), HETU_ROOT), undefined);
  });

  test('property: a child is under its parent and sorts after it', () => {
    fc.assert(
      fc.property(
        oidArb,
        fc.array(fc.nat(10 ** 9).map(String), { minLength: 1, maxLength: 3 }),
        (root, arcs) => {
          const child = o(`${root}.${arcs.join('.')}`);
          assert.equal(isUnder(child, root), true);
          assert.equal(isUnder(root, child), false);
          assert.equal(compareOids(root, child), -1);
          assert.deepEqual(arcsBelow(child, root), arcs);
        },
      ),
    );
  });

  test('property: isUnder agrees with comparing arc lists', () => {
    fc.assert(
      fc.property(oidArb, oidArb, (a, b) => {
        const x = a.split('.');
        const y = b.split('.');
        const expected = x.length > y.length && y.every((arc, i) => x[i] === arc);
        assert.equal(isUnder(a, b), expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('professional OIDs', () => {
  test('built from and read back to the registration number', () => {
    const r = professionalOid('10100123456');
    assert.ok(r.ok);
    assert.equal(r.value, '1.2.246.537.26.10100123456');
    assert.equal(professionalRegistrationNumber(r.value), '10100123456');
    assert.equal(professionalRegistrationNumber(o('1.2.246.537.26.1.2')), undefined);
    assert.equal(professionalRegistrationNumber(HETU_ROOT), undefined);
  });

  test('rejects registration numbers that are not plain digits', () => {
    for (const [input, code] of [
      ['', 'syntax'],
      ['abc', 'syntax'],
      ['1.2', 'syntax'],
      ['0123', 'leading_zero'],
    ] as const) {
      const r = professionalOid(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, code);
    }
  });
});

describe('minting', () => {
  const org = o('1.2.246.10.2012566');

  test('document, case and clienthood OIDs use sub-arcs 95, 96 and 97', () => {
    const d = mintDocumentOid(org, 2026, 1);
    const c = mintCaseOid(org, 2026, 1);
    const k = mintClienthoodOid(org, 2026, 1);
    assert.ok(d.ok && c.ok && k.ok);
    assert.equal(d.value, '1.2.246.10.2012566.95.2026.1');
    assert.equal(c.value, '1.2.246.10.2012566.96.2026.1');
    assert.equal(k.value, '1.2.246.10.2012566.97.2026.1');
    assert.deepEqual(parseMintedOid(d.value, org), { kind: 'document', year: 2026, serial: '1' });
    assert.equal(new Set(Object.values(MINT_ARCS)).size, 3);
    assert.ok(!(Object.values(MINT_ARCS) as number[]).includes(22), 'must not collide with temporary ids');
    assert.ok(!(Object.values(MINT_ARCS) as number[]).includes(10), 'must not collide with service units');
  });

  test('a 128-bit random serial fits', () => {
    const r = mintDocumentOid(org, 2026, 2n ** 128n - 1n);
    assert.ok(r.ok);
    assert.equal(parseMintedOid(r.value, org)?.serial, (2n ** 128n - 1n).toString());
  });

  const bad: ReadonlyArray<readonly [number, number | bigint, MintErrorCode]> = [
    [999, 1, 'year'],
    [10000, 1, 'year'],
    [2026.5, 1, 'year'],
    [2026, -1, 'serial'],
    [2026, 1.5, 'serial'],
    [2026, Number.NaN, 'serial'],
    [2026, 2 ** 60, 'serial'],
    [2026, -1n, 'serial'],
    [2026, 10n ** 120n, 'length'],
  ];
  for (const [year, serial, code] of bad) {
    test(`year ${year}, serial ${serial} → ${code}`, () => {
      const r = mintOid('case', org, year, serial);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, code);
        assert.ok(r.error.message && r.error.messageFi);
      }
    });
  }

  test('parseMintedOid refuses OIDs of other shapes', () => {
    assert.equal(parseMintedOid(o('1.2.246.10.2012566.22.2026'), org), undefined);
    assert.equal(parseMintedOid(o('1.2.246.10.2012566.94.2026.1'), org), undefined);
    assert.equal(parseMintedOid(o('1.2.246.10.2012566.95.26.1'), org), undefined);
    assert.equal(parseMintedOid(o('1.2.246.10.2012566.95.2026.1.1'), org), undefined);
    assert.equal(parseMintedOid(o('1.2.246.10.2012567.95.2026.1'), org), undefined);
  });

  const kindArb = fc.constantFrom<MintKind>('document', 'case', 'clienthood');
  const serialArb = fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 2n ** 128n }));
  const shortOidArb = oidArb.filter((x) => x.length <= 60);

  test('property: minted OIDs are valid, under the organisation, and read back', () => {
    fc.assert(
      fc.property(
        kindArb,
        shortOidArb,
        fc.integer({ min: 1000, max: 9999 }),
        serialArb,
        (kind, root, year, serial) => {
          const r = mintOid(kind, root, year, serial);
          assert.ok(r.ok);
          assert.ok(isOid(r.value));
          assert.equal(isUnder(r.value, root), true);
          assert.deepEqual(parseMintedOid(r.value, root), { kind, year, serial: serial.toString() });
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('property: different inputs never mint the same OID under one organisation', () => {
    const inputArb = fc.tuple(
      kindArb,
      fc.integer({ min: 2000, max: 2003 }),
      fc.oneof(fc.nat(20), fc.bigInt(0n, 20n)),
    );
    fc.assert(
      fc.property(inputArb, inputArb, ([k1, y1, s1], [k2, y2, s2]) => {
        const a = mintOid(k1, org, y1, s1);
        const b = mintOid(k2, org, y2, s2);
        assert.ok(a.ok && b.ok);
        const same = k1 === k2 && y1 === y2 && BigInt(s1) === BigInt(s2);
        assert.equal(a.value === b.value, same);
      }),
      { numRuns: 2000 },
    );
  });
});
