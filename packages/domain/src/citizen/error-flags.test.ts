import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor } from '../records/types.ts';
import {
  decideFlagStatusChange,
  decideNewFlag,
  ERROR_FLAG_STATUSES,
  type ErrorFlagStatus,
  MAX_FLAG_TEXT_LENGTH,
} from './error-flags.ts';

const UNIT = '1.2.246.10.1.10.1';
const worker: Actor = {
  kind: 'professional',
  professionalId: 'w1',
  login: 'w1',
  name: 'Työntekijä',
  role: 'social_instructor',
  organizationOid: '1.2.246.10.1',
  serviceUnitOids: [UNIT],
  serviceTasks: ['24'],
  registrarOids: ['1.2.246.10.1'],
  strongAuth: true,
};

describe('error flags', () => {
  test('a new flag needs a description within the limit', () => {
    assert.deepEqual(decideNewFlag('Syntymäaikani on väärin.'), { ok: true });
    for (const [text, rule] of [
      ['', 'description_required'],
      ['   ', 'description_required'],
      ['x'.repeat(MAX_FLAG_TEXT_LENGTH + 1), 'description_too_long'],
    ] as const) {
      const d = decideNewFlag(text);
      assert.ok(!d.ok && d.rule === rule, text.slice(0, 10));
    }
  });

  test('status transitions: the oracle by hand over every pair', () => {
    const closed = (s: ErrorFlagStatus) => s === 'corrected' || s === 'rejected';
    let n = 0;
    for (const from of ERROR_FLAG_STATUSES)
      for (const to of ERROR_FLAG_STATUSES)
        for (const response of [undefined, 'Korjattu.'])
          for (const currentVersion of [1, 2]) {
            const d = decideFlagStatusChange(
              worker,
              { status: from, serviceUnitOid: UNIT, documentVersion: 1 },
              { status: to, ...(response ? { response } : {}) },
              currentVersion,
            );
            const want = closed(from)
              ? 'flag_closed'
              : from === to
                ? 'status_unchanged'
                : closed(to) && !response
                  ? 'response_required'
                  : to === 'corrected' && currentVersion === 1
                    ? 'correction_missing'
                    : undefined;
            assert.equal(d.ok ? undefined : d.rule, want, `${from}→${to} ${response} v${currentVersion}`);
            n++;
          }
    assert.equal(n, 64);
  });

  test('only client-work roles of the recording unit handle a flag', () => {
    const flag = { status: 'open' as const, serviceUnitOid: UNIT, documentVersion: 1 };
    const change = { status: 'in_progress' as const };
    assert.equal(decideFlagStatusChange(worker, flag, change, 1).ok, true);
    const other = decideFlagStatusChange(
      { ...worker, serviceUnitOids: ['1.2.246.10.1.10.2'] },
      flag,
      change,
      1,
    );
    assert.ok(!other.ok && other.rule === 'flag_unit');
    const admin = decideFlagStatusChange({ ...worker, role: 'admin' }, flag, change, 1);
    assert.ok(!admin.ok && admin.rule === 'flag_role');
    const long = decideFlagStatusChange(
      worker,
      flag,
      { status: 'rejected', response: 'x'.repeat(MAX_FLAG_TEXT_LENGTH + 1) },
      1,
    );
    assert.ok(!long.ok && long.rule === 'response_too_long');
  });
});
