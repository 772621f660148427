import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor } from '../records/types.ts';
import {
  childWelfareCareRelation,
  decidePersonRelationRecording,
  decidePersonRelationsReading,
  decideProfessionalContactChange,
  decideProfessionalContactReading,
  type RelationSubjectFacts,
  relationInputErrors,
} from './relations-administration.ts';

const ORG = '1.2.246.10.1';
const OTHER = '1.2.246.10.2';
const UNIT = `${ORG}.10.1`;
const TODAY = '2026-06-01';

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'professional',
  professionalId: 'p1',
  login: 'p1',
  name: 'Sosiaalityöntekijä',
  role: 'social_worker',
  organizationOid: ORG,
  serviceUnitOids: [UNIT],
  serviceTasks: ['10'],
  registrarOids: [ORG],
  strongAuth: true,
  ...over,
});
const admin = (over: Partial<Actor> = {}) =>
  actor({ professionalId: 'a1', role: 'admin', serviceTasks: [], ...over });

const child = (
  over: Partial<RelationSubjectFacts['facts']> = {},
  registrars = [ORG],
): RelationSubjectFacts => ({
  clienthoodRegistrars: registrars,
  facts: {
    serviceTasks: [{ registrarOid: ORG, serviceTask: '10', start: '2026-01-01' }],
    careRelations: [
      { kind: 'personal_worker', registrarOid: ORG, professionalId: 'p1', start: '2026-01-01' },
    ],
    ...over,
  },
});

describe('recording person relations', () => {
  test('guardianships and mandates: an administrator of an organization whose register holds the person', () => {
    for (const kind of ['guardianship', 'mandate'] as const) {
      assert.deepEqual(decidePersonRelationRecording(admin(), kind, child(), TODAY), {
        effect: 'allow',
        rule: 'relation_register_admin',
      });
      const cases: [Actor, RelationSubjectFacts, string][] = [
        [actor(), child(), 'relation_register_admin'],
        [admin({ strongAuth: false }), child(), 'strong_authentication'],
        [admin(), child({}, [OTHER]), 'relation_not_organizer'],
        [admin({ organizationOid: OTHER, registrarOids: [OTHER] }), child(), 'relation_not_organizer'],
        [admin(), child({}, []), 'relation_not_organizer'],
      ];
      for (const [a, s, rule] of cases) {
        const d = decidePersonRelationRecording(a, kind, s, TODAY);
        assert.equal(d.effect, 'deny', `${kind} ${rule}`);
        assert.equal(d.rule, rule);
        assert.ok(d.effect === 'deny' && d.reason.length > 0);
      }
    }
  });

  test('a guardian bar: a social worker with a care relation with the child in child welfare, in the own register', () => {
    assert.deepEqual(decidePersonRelationRecording(actor(), 'guardian_bar', child(), TODAY), {
      effect: 'allow',
      rule: 'relation_bar_child_welfare',
    });
    const unitHeld = child({
      careRelations: [{ kind: 'case', registrarOid: ORG, serviceUnitOid: UNIT, start: '2026-01-01' }],
    });
    assert.equal(decidePersonRelationRecording(actor(), 'guardian_bar', unitHeld, TODAY).effect, 'allow');
    const cases: [Actor, RelationSubjectFacts, string][] = [
      [admin(), child(), 'relation_bar_role'],
      [actor({ role: 'practical_nurse' }), child(), 'relation_bar_role'],
      [actor({ strongAuth: false }), child(), 'strong_authentication'],
      // Working in family social work, not child welfare.
      [actor({ serviceTasks: ['24'] }), child(), 'relation_bar_care_relation'],
      // No care relation of the actor: another worker's.
      [actor({ professionalId: 'p2' }), child(), 'relation_bar_care_relation'],
      // The care relation ended yesterday: no grace for a decision.
      [
        actor(),
        child({
          careRelations: [
            {
              kind: 'personal_worker',
              registrarOid: ORG,
              professionalId: 'p1',
              start: '2026-01-01',
              end: '2026-05-31',
            },
          ],
        }),
        'relation_bar_care_relation',
      ],
      // Child welfare is not open on the child's clienthood.
      [
        actor(),
        child({ serviceTasks: [{ registrarOid: ORG, serviceTask: '24', start: '2026-01-01' }] }),
        'relation_bar_care_relation',
      ],
      // Another organization's register.
      [actor({ organizationOid: OTHER, registrarOids: [OTHER] }), child(), 'relation_bar_care_relation'],
    ];
    for (const [a, s, rule] of cases) {
      const d = decidePersonRelationRecording(a, 'guardian_bar', s, TODAY);
      assert.equal(d.rule, rule);
      assert.equal(d.effect, 'deny');
    }
    assert.equal(childWelfareCareRelation(actor(), child(), TODAY), true);
  });

  test('reading: who reads the records, or who may record; nobody else', () => {
    assert.equal(
      decidePersonRelationsReading(actor({ role: 'practical_nurse' }), child(), TODAY, true).rule,
      'relation_read_records',
    );
    assert.equal(decidePersonRelationsReading(admin(), child(), TODAY, false).effect, 'allow');
    assert.equal(decidePersonRelationsReading(actor(), child(), TODAY, false).effect, 'allow');
    const d = decidePersonRelationsReading(
      admin({ organizationOid: OTHER, registrarOids: [OTHER] }),
      child(),
      TODAY,
      false,
    );
    assert.equal(d.effect, 'deny');
    assert.equal(d.rule, 'relation_read');
  });
});

describe('relation input', () => {
  const base = { kind: 'guardianship', subjectKey: 'c', holderKey: 'h', start: '2020-01-01' } as const;
  const codes = (r: Parameters<typeof relationInputErrors>[0]) =>
    relationInputErrors(r).map((e) => `${e.path} ${e.code}`);
  test('mirrors the table checks, each error at its field', () => {
    assert.deepEqual(codes(base), []);
    assert.deepEqual(codes({ ...base, holderKey: 'c' }), ['/holderKey holder_is_subject']);
    assert.deepEqual(codes({ ...base, end: '2019-12-31' }), ['/end end_before_start']);
    assert.deepEqual(codes({ ...base, end: '2020-01-01' }), []);
    assert.deepEqual(codes({ ...base, kind: 'guardian_bar' }), ['/basis basis_required']);
    assert.deepEqual(codes({ ...base, kind: 'guardian_bar', basis: ' ' }), ['/basis basis_required']);
    assert.deepEqual(codes({ ...base, kind: 'guardian_bar', basis: 'child_welfare_restriction' }), []);
    assert.deepEqual(codes({ ...base, basis: 'x' }), ['/basis basis_bar_only']);
    assert.deepEqual(codes({ ...base, scopes: ['s'], revokedOn: '2021-01-01' }), [
      '/scopes scopes_mandate_only',
      '/revokedOn revocation_mandate_only',
    ]);
    assert.deepEqual(codes({ ...base, kind: 'mandate' }), ['/scopes scopes_required']);
    assert.deepEqual(codes({ ...base, kind: 'mandate', scopes: ['s'], revokedOn: '2019-01-01' }), [
      '/revokedOn revoked_before_start',
    ]);
    assert.deepEqual(codes({ ...base, kind: 'mandate', scopes: ['s'], revokedOn: '2021-01-01' }), []);
  });
});

describe('professional contact details', () => {
  const subject = { professionalId: 'p2', organizationOid: ORG };
  test('changed by the professional or an administrator of their organization', () => {
    assert.equal(
      decideProfessionalContactChange(actor({ professionalId: 'p2' }), subject).rule,
      'contact_self',
    );
    assert.equal(decideProfessionalContactChange(admin(), subject).rule, 'contact_admin');
    assert.equal(decideProfessionalContactChange(actor(), subject).rule, 'contact_admin_only');
    assert.equal(
      decideProfessionalContactChange(admin({ organizationOid: OTHER }), subject).rule,
      'contact_own_organization',
    );
    assert.equal(
      decideProfessionalContactChange(admin(), { professionalId: 'p2' }).rule,
      'contact_own_organization',
    );
  });
  test('read by colleagues in the organization', () => {
    assert.equal(decideProfessionalContactReading(actor(), subject).rule, 'contact_colleague');
    assert.equal(
      decideProfessionalContactReading(actor({ professionalId: 'p2', organizationOid: OTHER }), subject).rule,
      'contact_self',
    );
    assert.equal(decideProfessionalContactReading(actor({ organizationOid: OTHER }), subject).effect, 'deny');
  });
});
