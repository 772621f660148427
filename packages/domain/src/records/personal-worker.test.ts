import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decidePersonalWorker,
  PERSONAL_WORKER_ROLES,
  type PersonalWorkerContext,
} from './personal-worker.ts';
import { ROLES } from './types.ts';

const COUNTY = '1.2.246.10.1';
const UNIT = '1.2.246.10.1.10.1';
const HOME = '1.2.246.10.9.10.1';
const worker = {
  organizationOid: COUNTY,
  role: 'social_worker' as const,
  serviceUnitOids: [UNIT],
  serviceTasks: ['24', '10'],
};
const ctx = (
  openServiceTasks: string[],
  over: Partial<PersonalWorkerContext> = {},
): PersonalWorkerContext => ({
  registrarOid: COUNTY,
  openServiceTasks,
  usageRights: [],
  broadRights: false,
  today: '2026-09-10',
  ...over,
});

describe('decidePersonalWorker', () => {
  test('a social welfare professional of the organizer in an open service task may be named', () => {
    assert.deepEqual(decidePersonalWorker(worker, ctx(['24'])), { ok: true });
    assert.deepEqual(decidePersonalWorker({ ...worker, role: 'practical_nurse' }, ctx(['10', '20'])), {
      ok: true,
    });
  });

  test('no right today and another organization look alike', () => {
    const none = decidePersonalWorker(undefined, ctx(['24']));
    const other = decidePersonalWorker({ ...worker, organizationOid: '1.2.246.10.2' }, ctx(['24']));
    assert.deepEqual(none, other);
    assert.equal(none.ok === false && none.rule, 'personal_worker_not_staff');
  });

  test('every role outside client work is refused by name', () => {
    for (const role of ROLES) {
      const d = decidePersonalWorker({ ...worker, role }, ctx(['24']));
      if (PERSONAL_WORKER_ROLES.includes(role)) assert.deepEqual(d, { ok: true }, role);
      else assert.equal(d.ok === false && d.rule, 'personal_worker_role', role);
    }
    assert.ok(!PERSONAL_WORKER_ROLES.includes('admin'));
  });

  test("a producer's worker only under a broad usage right of their unit in force today", () => {
    const producer = { ...worker, organizationOid: '1.2.246.10.9', serviceUnitOids: [HOME] };
    const right = { unitOid: HOME, serviceTask: '24', start: '2026-09-01' };
    assert.deepEqual(
      decidePersonalWorker(producer, ctx(['24'], { usageRights: [right], broadRights: true })),
      {
        ok: true,
      },
    );
    const refusedWhen = (over: Partial<PersonalWorkerContext>) => {
      const d = decidePersonalWorker(
        producer,
        ctx(['24'], { usageRights: [right], broadRights: true, ...over }),
      );
      return d.ok === false && d.rule;
    };
    assert.equal(refusedWhen({ broadRights: false }), 'personal_worker_not_staff', 'an ordinary right');
    assert.equal(
      refusedWhen({ usageRights: [{ ...right, end: '2026-09-09' }] }),
      'personal_worker_not_staff',
    );
    assert.equal(
      refusedWhen({ usageRights: [{ ...right, start: '2026-09-11' }] }),
      'personal_worker_not_staff',
    );
    assert.equal(refusedWhen({ usageRights: [{ ...right, unitOid: UNIT }] }), 'personal_worker_not_staff');
    assert.equal(
      refusedWhen({ usageRights: [{ ...right, serviceTask: '10' }] }),
      'personal_worker_not_staff',
    );
  });

  test('a worker of other service tasks, or of none, is refused', () => {
    const d = decidePersonalWorker(worker, ctx(['20']));
    assert.equal(d.ok === false && d.rule, 'personal_worker_service_task');
    const idle = decidePersonalWorker(worker, ctx([]));
    assert.equal(idle.ok === false && idle.rule, 'personal_worker_service_task');
  });
});
