import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor, Role } from '../records/types.ts';
import type { ClientFacts } from './facts.ts';
import { decideProtectedDetails } from './protected-details.ts';

const COUNTY = '1.2.246.10.1';
const PRODUCER = '1.2.246.10.3';
const TODAY = '2026-11-22';

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

const facts: ClientFacts = {
  serviceTasks: [{ registrarOid: COUNTY, serviceTask: '24', start: '2026-01-01' }],
  careRelations: [
    { kind: 'case', registrarOid: COUNTY, serviceUnitOid: `${COUNTY}.10.1`, start: '2026-01-01' },
  ],
  usageRights: [
    { registrarOid: COUNTY, serviceTask: '24', serviceUnitOid: `${PRODUCER}.10.1`, start: '2026-01-01' },
  ],
};
const protectedPerson = { turvakielto: true };

describe('turvakielto: who sees the protected address', () => {
  test("the organizer's case worker in the open service task with a care relation sees it", () => {
    assert.deepEqual(decideProtectedDetails(actor(), protectedPerson, facts, TODAY), {
      show: true,
      rule: 'turvakielto_case_worker',
    });
    // The personal worker in another unit too.
    const personal: ClientFacts = {
      ...facts,
      careRelations: [
        { kind: 'personal_worker', registrarOid: COUNTY, professionalId: 'p-9', start: '2026-01-01' },
      ],
    };
    assert.equal(
      decideProtectedDetails(
        actor({ professionalId: 'p-9', serviceUnitOids: [] }),
        protectedPerson,
        personal,
        TODAY,
      ).show,
      true,
    );
  });

  test('everyone else gets the fields withheld, each refusal named', () => {
    const cases: [string, Actor, ClientFacts, string][] = [
      ...(
        ['practical_nurse', 'office_worker', 'archivist', 'admin', 'data_protection_officer'] as Role[]
      ).map((role): [string, Actor, ClientFacts, string] => [
        role,
        actor({ role }),
        facts,
        'turvakielto_role',
      ]),
      [
        'producer under a register usage right',
        actor({
          organizationOid: PRODUCER,
          serviceUnitOids: [`${PRODUCER}.10.1`],
          registrarOids: [PRODUCER, COUNTY],
        }),
        facts,
        'turvakielto_not_organizer',
      ],
      [
        'another registrar',
        actor({ organizationOid: '1.2.246.10.2', registrarOids: ['1.2.246.10.2'] }),
        facts,
        'turvakielto_not_organizer',
      ],
      ['another service task', actor({ serviceTasks: ['10'] }), facts, 'turvakielto_service_task'],
      [
        'service task ended yesterday (no grace)',
        actor(),
        {
          ...facts,
          serviceTasks: [{ registrarOid: COUNTY, serviceTask: '24', start: '2026-01-01', end: '2026-11-21' }],
        },
        'turvakielto_service_task',
      ],
      [
        'no care relation',
        actor({ serviceUnitOids: [`${COUNTY}.10.2`] }),
        facts,
        'turvakielto_care_relation',
      ],
      [
        'only a recorded first-contact reason',
        actor({ serviceUnitOids: [] }),
        {
          ...facts,
          careRelations: [
            {
              kind: 'recorded_reason',
              registrarOid: COUNTY,
              professionalId: 'p-1',
              start: TODAY,
              end: TODAY,
              purpose: 'first contact',
            },
          ],
        },
        'turvakielto_care_relation',
      ],
      [
        'case relation ended last week (no grace)',
        actor(),
        {
          ...facts,
          careRelations: [{ ...facts.careRelations[0]!, end: '2026-11-15' }],
        },
        'turvakielto_care_relation',
      ],
    ];
    for (const [name, a, f, rule] of cases) {
      const d = decideProtectedDetails(a, protectedPerson, f, TODAY);
      assert.equal(d.show, false, name);
      assert.equal(d.rule, rule, name);
      assert.ok(!d.show && d.fields.includes('address') && d.fields.includes('homeMunicipality'), name);
    }
  });

  test('without turvakielto nothing is withheld', () => {
    assert.equal(
      decideProtectedDetails(actor({ role: 'office_worker' }), { turvakielto: false }, facts, TODAY).show,
      true,
    );
  });
});
