import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseHetu } from './hetu.ts';
import { mustParseOid, type Oid } from './oid.ts';
import {
  makeTemporaryId,
  parseTemporaryId,
  parseTemporaryIdSystem,
  type TemporaryIdErrorCode,
  temporaryIdError,
  temporaryIdSystem,
} from './temporary-id.ts';

const org = mustParseOid('1.2.246.10.2012566');
const system = '1.2.246.10.2012566.22.2026';

function code(r: { ok: true } | { ok: false; error: { code: string } }): string {
  return r.ok ? 'ok' : r.error.code;
}

describe('makeTemporaryId', () => {
  test('hetu form with individual number 900 + seq under <org>.22.<year>', () => {
    const r = makeTemporaryId(org, 2026, '2011-01-01', 98);
    assert.ok(r.ok);
    assert.deepEqual(r.value, { system, value: '010111A998F' });
  });

  test('an unknown birth date is written as 1 January of the issuing year', () => {
    const r = makeTemporaryId(org, 2026, null, 0);
    assert.ok(r.ok);
    assert.equal(r.value.value, '010126A9006');
  });

  const bad: ReadonlyArray<readonly [number, string | null, number, TemporaryIdErrorCode]> = [
    [2026, '2011-01-01', -1, 'sequence'],
    [2026, '2011-01-01', 100, 'sequence'],
    [2026, '2011-01-01', 1.5, 'sequence'],
    [26, '2011-01-01', 0, 'system'],
    [20260, '2011-01-01', 0, 'system'],
    [2026, '2026-02-30', 0, 'date'],
    [2100, null, 0, 'date'], // the placeholder date 2100-01-01 is beyond hetu's range
  ];
  for (const [year, birthDate, seq, expected] of bad) {
    test(`year ${year}, birth date ${birthDate}, seq ${seq} → ${expected}`, () => {
      assert.equal(code(makeTemporaryId(org, year, birthDate, seq)), expected);
    });
  }

  test('every error has an English and a Finnish message', () => {
    for (const c of ['not_temporary', 'system', 'sequence', 'date'] as const) {
      const e = temporaryIdError(c);
      assert.equal(e.code, c);
      assert.ok(e.message.length > 10 && e.messageFi.length > 10 && e.message !== e.messageFi);
    }
  });
});

describe('parseTemporaryId', () => {
  test('normalizes the value and keeps the system', () => {
    const r = parseTemporaryId(' 010111a998f', system);
    assert.ok(r.ok);
    assert.deepEqual(r.value, { system, value: '010111A998F' });
  });

  test('the example 010111A998W of the Kanta notes has a wrong check character', () => {
    assert.equal(code(parseTemporaryId('010111A998W', system)), 'check_character');
  });

  test('a real-person code is not a temporary identifier', () => {
    assert.equal(code(parseTemporaryId('131052-308T', system)), 'not_temporary');
  });

  const badSystems = [
    '1.2.246.10.2012566.23.2026',
    '1.2.246.10.2012566.22.26',
    '1.2.246.10.2012566.22.02026',
    '1.2.246.10.2012566.22',
    '1.22.2026', // "1" alone is no organisation OID
    '22.2026',
    '1.2.246.10.2012566.22.2026.1',
    'urn:oid:1.2.246.10.2012566.22.2026',
    '',
  ];
  for (const s of badSystems) {
    test(`system ${JSON.stringify(s)} is rejected`, () => {
      assert.equal(code(parseTemporaryId('010111A998F', s)), 'system');
    });
  }
});

describe('systems', () => {
  test('build and read back', () => {
    const s = temporaryIdSystem(org, 2026);
    assert.ok(s.ok);
    assert.equal(s.value, system);
    const p = parseTemporaryIdSystem(system);
    assert.ok(p.ok);
    assert.deepEqual(p.value, { organization: org, year: 2026 });
  });
});

describe('properties', () => {
  const orgArb: fc.Arbitrary<Oid> = fc
    .array(fc.nat(99_999_999), { minLength: 1, maxLength: 4 })
    .map((arcs) => mustParseOid(`1.2.246.${arcs.join('.')}`));
  const yearArb = fc.integer({ min: 1800, max: 2099 });
  const MIN_DAY = Date.UTC(1800, 0, 1) / 86_400_000;
  const MAX_DAY = Date.UTC(2099, 11, 31) / 86_400_000;
  const birthDateArb = fc.option(
    fc
      .integer({ min: MIN_DAY, max: MAX_DAY })
      .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
  );

  test('make → parse round-trips, with individual number 900 + seq', () => {
    fc.assert(
      fc.property(
        orgArb,
        yearArb,
        birthDateArb,
        fc.integer({ min: 0, max: 99 }),
        (o, year, birthDate, seq) => {
          const made = makeTemporaryId(o, year, birthDate, seq);
          assert.ok(made.ok);
          const again = parseTemporaryId(made.value.value, made.value.system);
          assert.ok(again.ok);
          assert.deepEqual(again.value, made.value);
          const hetu = parseHetu(made.value.value);
          assert.ok(hetu.ok);
          assert.equal(hetu.value.individualNumber, 900 + seq);
          assert.equal(hetu.value.temporary, true);
          assert.equal(hetu.value.birthDate, birthDate ?? `${year}-01-01`);
          assert.deepEqual(parseTemporaryIdSystem(made.value.system), {
            ok: true,
            value: { organization: o, year },
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('different sequence numbers give different values', () => {
    fc.assert(
      fc.property(orgArb, yearArb, birthDateArb, fc.nat(99), fc.nat(99), (o, year, birthDate, a, b) => {
        fc.pre(a !== b);
        const x = makeTemporaryId(o, year, birthDate, a);
        const y = makeTemporaryId(o, year, birthDate, b);
        assert.ok(x.ok && y.ok);
        assert.notEqual(x.value.value, y.value.value);
      }),
    );
  });
});
