import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { administeringOrganization, rightInForce } from './rights.ts';
import { ASKED_DATES, rightsHistory } from './rights-fixtures.ts';

describe('rightInForce', () => {
  const r = (version: number, organizationOid: string, validFrom: string, validTo?: string) => ({
    version,
    organizationOid,
    validFrom,
    ...(validTo === undefined ? {} : { validTo }),
  });
  // Granted in A, moved to B from July, then ended at the end of September (a version of its own).
  const history = [r(1, 'A', '2025-01-01'), r(2, 'B', '2025-07-01'), r(3, 'B', '2025-07-01', '2025-09-30')];
  test('the newest version begun by the date decides; the end date is the last day in force', () => {
    assert.equal(rightInForce(history, '2024-12-31'), undefined, 'not yet begun');
    assert.equal(rightInForce(history, '2025-03-01')?.organizationOid, 'A');
    assert.equal(rightInForce(history, '2025-08-01')?.version, 3, 'the ending version wins');
    assert.equal(rightInForce(history, '2025-09-30')?.organizationOid, 'B');
    assert.equal(rightInForce(history, '2025-10-01'), undefined, 'ended');
    assert.equal(rightInForce([], '2025-03-01'), undefined, 'never granted');
  });
  test('a transfer not yet begun leaves the current right in force; a timestamp counts by its date', () => {
    const moving = [r(1, 'A', '2026-01-01'), r(2, 'B', '2026-03-01')];
    assert.equal(rightInForce(moving, '2026-02-28')?.organizationOid, 'A');
    assert.equal(rightInForce(moving, '2026-03-01')?.organizationOid, 'B');
    assert.equal(rightInForce(moving, '2026-02-28T23:59:59+02:00')?.organizationOid, 'A');
  });
  test('an ended newest version is not overruled by an older open one', () => {
    assert.equal(
      rightInForce([r(1, 'A', '2026-01-01'), r(2, 'A', '2026-01-01', '2026-01-31')], '2026-02-01'),
      undefined,
    );
  });
  test('on random histories: the order they are read in does not matter, and it agrees with administeringOrganization', () => {
    fc.assert(
      fc.property(rightsHistory, fc.constantFrom(...ASKED_DATES), (rights, day) => {
        const inForce = rightInForce(rights, day);
        assert.deepEqual(rightInForce([...rights].reverse(), day), inForce);
        if (inForce) {
          assert.ok(inForce.validFrom <= day && (inForce.validTo ?? day) >= day);
          // Whoever has a right in force is administered by its organization.
          assert.equal(administeringOrganization(rights, day), inForce.organizationOid);
        }
        assert.equal(administeringOrganization(rights, day) === undefined, rights.length === 0);
      }),
      { numRuns: 2000, seed: 20261123 },
    );
  });
});

describe('administeringOrganization', () => {
  const r = (version: number, organizationOid: string, validFrom = '2025-01-01') => ({
    version,
    organizationOid,
    validFrom,
  });
  test('the newest started right places the professional, ended or not; none without rights', () => {
    assert.equal(administeringOrganization([], '2026-01-01'), undefined);
    assert.equal(administeringOrganization([r(2, 'B'), r(1, 'A')], '2026-01-01'), 'B');
    assert.equal(administeringOrganization([r(1, 'A'), r(3, 'A'), r(2, 'B')], '2026-01-01'), 'A');
  });
  test('a transfer not yet begun leaves them with the organization they work in today', () => {
    assert.equal(administeringOrganization([r(1, 'A'), r(2, 'B', '2026-02-01')], '2026-01-15'), 'A');
    assert.equal(administeringOrganization([r(1, 'A'), r(2, 'B', '2026-02-01')], '2026-02-01'), 'B');
    assert.equal(
      administeringOrganization([r(1, 'B', '2026-02-01')], '2026-01-15'),
      'B',
      'not yet begun at all',
    );
  });
});
