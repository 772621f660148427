import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Actor, ROLES, type Role } from '../records/types.ts';
import { ACTIONS, type Action, decide, filterFor } from './policy.ts';
import { evaluate, type Target, toSql } from './predicate.ts';

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'professional',
  professionalId: 'p1',
  login: 'p1',
  name: 'P One',
  role: 'social_worker',
  organizationOid: '1.2.246.10.1',
  serviceUnitOids: ['1.2.246.10.1.10.1'],
  serviceTasks: ['24'],
  registrarOids: ['1.2.246.10.1'],
  strongAuth: true,
  ...over,
});

const target = (over: Partial<Target> = {}): Target => ({
  registrarOid: '1.2.246.10.1',
  serviceTask: '24',
  documentType: '19005',
  documentGroup: '5',
  organizationOid: '1.2.246.10.1',
  serviceUnitOid: '1.2.246.10.1.10.1',
  status: 'active',
  ...over,
});

describe('access policy', () => {
  test('own register and service task: allowed', () => {
    assert.equal(decide(actor(), 'document.read', target()).effect, 'allow');
  });

  test('each refusal names its rule', () => {
    const cases: [Partial<Actor>, Partial<Target>, Action, string][] = [
      [{}, { registrarOid: '1.2.246.10.2' }, 'document.read', 'registrar_boundary'],
      [{}, { serviceTask: '10' }, 'document.read', 'service_task'],
      [{ strongAuth: false }, {}, 'document.read', 'strong_authentication'],
      [{ role: 'admin' }, {}, 'document.read', 'role_action'],
      [{ role: 'practical_nurse' }, {}, 'document.invalidate', 'role_action'],
    ];
    for (const [a, t, action, rule] of cases) {
      const d = decide(actor(a), action, target(t));
      assert.equal(d.effect, 'deny');
      assert.equal(d.rule, rule);
    }
  });

  test('a weak login may still record (daily entries need no card)', () => {
    assert.equal(decide(actor({ strongAuth: false }), 'document.store', target()).effect, 'allow');
  });

  test('an archivist reads every service task of the own register only', () => {
    const a = actor({ role: 'archivist', serviceTasks: [] });
    assert.equal(decide(a, 'document.read', target({ serviceTask: '10' })).effect, 'allow');
    assert.equal(decide(a, 'document.read', target({ registrarOid: '9.9' })).rule, 'registrar_boundary');
  });

  test('property: the SQL filter and decide agree on every target', () => {
    const oids = ['1.2.246.10.1', '1.2.246.10.2', '1.2.246.10.3'];
    const tasks = ['10', '15', '20', '24'];
    const arbActor = fc.record({
      role: fc.constantFrom<Role>(...ROLES),
      serviceTasks: fc.subarray(tasks),
      registrarOids: fc.subarray(oids),
      strongAuth: fc.boolean(),
    });
    const arbTarget = fc.record({
      registrarOid: fc.constantFrom(...oids),
      serviceTask: fc.constantFrom(...tasks),
    });
    fc.assert(
      fc.property(arbActor, fc.constantFrom(...ACTIONS), arbTarget, (a, action, t) => {
        const act = actor(a);
        const tgt = target(t);
        const filter = filterFor(act, action);
        assert.equal(evaluate(filter, tgt), decide(act, action, tgt).effect === 'allow');
        // The compiled SQL never inlines a value.
        const params: unknown[] = [];
        const sql = toSql(filter, COLUMNS, params);
        for (const v of [...oids, ...tasks]) assert.ok(!sql.includes(`'${v}'`));
      }),
      { numRuns: 2000 },
    );
  });
});

const COLUMNS = {
  registrarOid: 'registrar_oid',
  serviceTask: 'service_task',
  documentType: 'document_type',
  documentGroup: 'document_group',
  organizationOid: 'organization_oid',
  serviceUnitOid: 'service_unit_oid',
  status: 'status',
} as const;
