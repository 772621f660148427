import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Actor, ROLES } from '../records/types.ts';
import { decideStaffList } from './staff.ts';

const COUNTY = '1.2.246.10.1';
const OTHER = '1.2.246.10.2';

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'professional',
  professionalId: 'p-1',
  login: 'p1',
  name: 'P One',
  role: 'social_worker',
  organizationOid: COUNTY,
  serviceUnitOids: [`${COUNTY}.10.1`],
  serviceTasks: ['24'],
  registrarOids: [COUNTY],
  strongAuth: true,
  ...over,
});

const ruleOf = (d: ReturnType<typeof decideStaffList>) => (d.effect === 'deny' ? d.rule : 'allowed');

describe('listing staff', () => {
  test('every professional role lists the own organization, with a strong or a weak login', () => {
    for (const role of ROLES) {
      for (const strongAuth of [true, false]) {
        assert.deepEqual(
          decideStaffList(actor({ role, strongAuth }), COUNTY),
          { effect: 'allow', rule: 'own_organization_staff' },
          `${role} ${strongAuth ? 'strong' : 'weak'}`,
        );
      }
    }
  });

  test("another organization's staff never, an administrator included", () => {
    for (const role of ROLES)
      assert.equal(ruleOf(decideStaffList(actor({ role }), OTHER)), 'own_organization');
  });

  test('citizens and anonymous callers never, with a reason', () => {
    for (const who of [{ kind: 'citizen' } as const, { kind: 'anonymous' } as const, undefined]) {
      const d = decideStaffList(who, COUNTY);
      assert.equal(ruleOf(d), 'staff_list_professionals_only');
      assert.ok(d.effect === 'deny' && d.reason.length > 0);
    }
  });
});
