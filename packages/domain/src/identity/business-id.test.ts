import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type BusinessId,
  type BusinessIdErrorCode,
  businessIdOf,
  organizationOid,
  parseBusinessId,
} from './business-id.ts';
import { HETU_ROOT, mustParseOid } from './oid.ts';

function valid(input: string): BusinessId {
  const r = parseBusinessId(input);
  if (!r.ok) assert.fail(`expected ${input} to be valid, got ${r.error.code}`);
  return r.value;
}

describe('parseBusinessId', () => {
  test('accepts real business IDs, trimming surrounding whitespace', () => {
    assert.equal(valid('0204819-8'), '0204819-8'); // City of Turku, the JHS 159 example
    assert.equal(valid('3221356-1'), '3221356-1');
    assert.equal(valid(' 0124610-9 '), '0124610-9');
  });

  const invalid: ReadonlyArray<readonly [string, BusinessIdErrorCode]> = [
    ['0204819-7', 'check_digit'],
    ['1234568-0', 'check_digit'], // remainder 1: no digit is ever valid
    ['1234568-1', 'check_digit'],
    ['204819-8', 'format'],
    ['02048198', 'format'],
    ['0204819 8', 'format'],
    ['FI02048198', 'format'],
    ['', 'format'],
  ];
  for (const [input, code] of invalid) {
    test(`${JSON.stringify(input)} → ${code}`, () => {
      const r = parseBusinessId(input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, code);
        assert.ok(r.error.message && r.error.messageFi);
      }
    });
  }

  test('property: at most one check digit is valid for any seven digits', () => {
    fc.assert(
      fc.property(fc.nat(9_999_999), (n) => {
        const digits = String(n).padStart(7, '0');
        const ok = [...'0123456789'].filter((d) => parseBusinessId(`${digits}-${d}`).ok);
        assert.ok(ok.length <= 1);
      }),
    );
  });
});

describe('organisation OIDs', () => {
  test('JHS 159: 0204819-8 becomes 1.2.246.10.2048198', () => {
    assert.equal(organizationOid(valid('0204819-8')), '1.2.246.10.2048198');
    assert.equal(organizationOid(valid('0000000-0')), '1.2.246.10.0'); // an arc keeps at least one digit
  });

  test('the business ID is read back from organisation, unit and minted OIDs', () => {
    assert.equal(businessIdOf(mustParseOid('1.2.246.10.2048198')), '0204819-8');
    assert.equal(businessIdOf(mustParseOid('1.2.246.10.32213561.10.0')), '3221356-1');
    assert.equal(businessIdOf(mustParseOid('1.2.246.10.1246109.10.2001213')), '0124610-9');
    assert.equal(businessIdOf(mustParseOid('1.2.246.10.32213561.95777.2026.688883.2809773')), '3221356-1');
  });

  test('OIDs without a valid business ID give undefined', () => {
    assert.equal(businessIdOf(HETU_ROOT), undefined);
    assert.equal(businessIdOf(mustParseOid('1.2.246.10')), undefined);
    assert.equal(businessIdOf(mustParseOid('1.2.246.10.2048197')), undefined); // wrong check digit
    assert.equal(businessIdOf(mustParseOid('1.2.246.10.123456789')), undefined); // too long
  });

  test('property: business ID → OID → business ID round-trips', () => {
    const idArb = fc
      .nat(9_999_999)
      .map((n) => String(n).padStart(7, '0'))
      .map((digits) => [...'0123456789'].map((d) => `${digits}-${d}`).find((s) => parseBusinessId(s).ok))
      .filter((s) => s !== undefined)
      .map(valid);
    fc.assert(
      fc.property(idArb, (id) => {
        assert.equal(businessIdOf(organizationOid(id)), id);
      }),
    );
  });
});
