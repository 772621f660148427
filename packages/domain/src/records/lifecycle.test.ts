import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decideCorrection, decideInvalidation, MAX_REASON_LENGTH } from './lifecycle.ts';

describe('document lifecycle', () => {
  test('a correction of the current version yields the next version, active', () => {
    assert.deepEqual(decideCorrection({ version: 3, status: 'active' }, 3, 'typo in date'), {
      ok: true,
      nextVersion: 4,
      status: 'active',
    });
  });

  test('a correction naming an older version is a conflict that reports the current version', () => {
    const d = decideCorrection({ version: 3, status: 'active' }, 2, 'fix');
    assert.equal(d.ok, false);
    assert.equal(!d.ok && d.rule, 'version_conflict');
    assert.equal(!d.ok && d.currentVersion, 3);
  });

  test('correction and invalidation require a reason', () => {
    for (const reason of [undefined, '', '   ']) {
      const c = decideCorrection({ version: 1, status: 'active' }, 1, reason);
      const i = decideInvalidation({ version: 1, status: 'active' }, 1, reason);
      assert.equal(!c.ok && c.rule, 'reason_required');
      assert.equal(!i.ok && i.rule, 'reason_required');
    }
    const long = 'x'.repeat(MAX_REASON_LENGTH + 1);
    const c = decideCorrection({ version: 1, status: 'active' }, 1, long);
    assert.equal(!c.ok && c.rule, 'reason_too_long');
  });

  test('invalidation yields an invalidated version; nothing follows an invalidation', () => {
    assert.deepEqual(decideInvalidation({ version: 2, status: 'active' }, 2, 'wrong client'), {
      ok: true,
      nextVersion: 3,
      status: 'invalidated',
    });
    const again = decideInvalidation({ version: 3, status: 'invalidated' }, 3, 'again');
    assert.equal(!again.ok && again.rule, 'already_invalidated');
    const corr = decideCorrection({ version: 3, status: 'invalidated' }, 3, 'fix');
    assert.equal(!corr.ok && corr.rule, 'already_invalidated');
  });

  test('property: of any set of concurrent corrections of one state at most one is allowed per named version', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 1, max: 1000 })),
        (v, named) => {
          const allowed = named.filter((n) => decideCorrection({ version: v, status: 'active' }, n, 'r').ok);
          // Every allowed one named exactly the current version, and each yields v + 1.
          assert.ok(allowed.every((n) => n === v));
          for (const n of allowed) {
            const d = decideCorrection({ version: v, status: 'active' }, n, 'r');
            assert.equal(d.ok && d.nextVersion, v + 1);
          }
        },
      ),
    );
  });
});
