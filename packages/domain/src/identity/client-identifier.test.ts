import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type ClientIdentifier,
  clientIdentifierParts,
  parseClientIdentifier,
  sameClientIdentifier,
} from './client-identifier.ts';
import { makeHetu } from './hetu.ts';
import { HETU_ROOT, mustParseOid } from './oid.ts';
import { makeTemporaryId } from './temporary-id.ts';

function parsed(value: string, system?: string): ClientIdentifier {
  const r = parseClientIdentifier(value, system);
  if (!r.ok) assert.fail(`expected ${value} (${system}) to parse, got ${r.error.code}`);
  return r.value;
}

function rejected(value: string, system?: string): string {
  const r = parseClientIdentifier(value, system);
  if (r.ok) assert.fail(`expected ${value} (${system}) to be rejected`);
  return r.error.code;
}

const tempSystem = '1.2.246.10.2012566.22.2026';

describe('parseClientIdentifier', () => {
  test('without a system, or under the hetu root, the value is a personal identity code', () => {
    for (const system of [undefined, HETU_ROOT]) {
      const c = parsed('131052-308t', system);
      assert.equal(c.kind, 'hetu');
      if (c.kind === 'hetu') assert.equal(c.hetu.value, '131052-308T');
    }
  });

  test('a Kanta test person (number 9xx under the hetu root) is a hetu flagged temporary', () => {
    const c = parsed('200111A904P', HETU_ROOT);
    assert.equal(c.kind, 'hetu');
    if (c.kind === 'hetu') {
      assert.equal(c.hetu.temporary, true);
      assert.equal(c.hetu.birthDate, '2011-01-20');
    }
  });

  test('under <org>.22.<year> the value is a temporary identifier', () => {
    const c = parsed('010111A998F', tempSystem);
    assert.deepEqual(c, { kind: 'temporary', id: { system: tempSystem, value: '010111A998F' } });
  });

  test('errors', () => {
    assert.equal(rejected('131052-308U'), 'check_character');
    assert.equal(rejected('131052-308T', tempSystem), 'not_temporary');
    assert.equal(rejected('131052-308T', '1.2.246.537.26'), 'system');
    assert.equal(rejected('131052-308T', 'hetu'), 'system');
    assert.equal(rejected('010111A998F', '1.2.246.21.22.2026'), 'system');
  });
});

describe('parts and sameness', () => {
  test('clientIdentifierParts gives the (system, value) pair', () => {
    assert.deepEqual(clientIdentifierParts(parsed('131052-308T')), {
      system: '1.2.246.21',
      value: '131052-308T',
    });
    assert.deepEqual(clientIdentifierParts(parsed('010111a998f', tempSystem)), {
      system: tempSystem,
      value: '010111A998F',
    });
  });

  test('the same value under two organisations is two different clients', () => {
    const a = parsed('010111A998F', tempSystem);
    const b = parsed('010111A998F', '1.2.246.10.1246109.22.2026');
    assert.equal(sameClientIdentifier(a, b), false);
    assert.equal(sameClientIdentifier(a, parsed('010111a998f ', tempSystem)), true);
    assert.equal(sameClientIdentifier(parsed('131052-308T'), parsed('131052-308t', HETU_ROOT)), true);
  });

  test('property: parts → parse round-trips for both kinds', () => {
    const hetuArb = fc
      .record({
        day: fc.integer({ min: Date.UTC(1800, 0, 1) / 86_400_000, max: Date.UTC(2099, 11, 31) / 86_400_000 }),
        n: fc.integer({ min: 2, max: 999 }),
      })
      .map(({ day, n }) => {
        const r = makeHetu({
          birthDate: new Date(day * 86_400_000).toISOString().slice(0, 10),
          individualNumber: n,
        });
        assert.ok(r.ok);
        return parsed(r.value.value);
      });
    const tempArb = fc
      .record({ org: fc.nat(9_999_999), year: fc.integer({ min: 1900, max: 2099 }), seq: fc.nat(99) })
      .map(({ org, year, seq }) => {
        const r = makeTemporaryId(mustParseOid(`1.2.246.10.${org}`), year, null, seq);
        assert.ok(r.ok);
        return parsed(r.value.value, r.value.system);
      });
    fc.assert(
      fc.property(fc.oneof(hetuArb, tempArb), (c) => {
        const { system, value } = clientIdentifierParts(c);
        const again = parsed(value, system);
        assert.deepEqual(again, c);
        assert.equal(sameClientIdentifier(again, c), true);
      }),
      { numRuns: 1000 },
    );
  });
});
