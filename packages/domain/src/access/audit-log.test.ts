import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Actor, ROLES } from '../records/types.ts';
import {
  AUDIT_LOG_ROLES,
  CLIENT_DECLARATION_ACTIONS,
  CLIENT_LOOKUP_ACTIONS,
  CLIENT_READ_ACTIONS,
  CLIENT_WRITE_ACTIONS,
  checkMisuseQuery,
  DECLARED_RELATION_KINDS,
  DEFAULT_MISUSE_THRESHOLDS,
  decideAuditLogRead,
  findClientsWithoutRelation,
  findRepeatedLookups,
  HELD_RELATION_ORDER,
  type LookupsRow,
  type OpeningsRow,
  openingBasis,
  relationsHeld,
  reportWindow,
  WORK_RELATION_KINDS,
} from './audit-log.ts';
import { DEFAULT_REGULATION } from './regulation.ts';
import { decideAccess } from './rules.ts';

const COUNTY = '1.2.246.10.1';
const OTHER = '1.2.246.10.2';
const UNIT = `${COUNTY}.10.1`;
const PURPOSE = 'client asked who has read their data';

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'professional',
  professionalId: 'p-1',
  login: 'p1',
  name: 'P One',
  role: 'data_protection_officer',
  organizationOid: COUNTY,
  serviceUnitOids: [UNIT],
  serviceTasks: [],
  registrarOids: [COUNTY],
  strongAuth: true,
  ...over,
});

describe('who reads the access log', () => {
  test('the data protection officer and the administrator of the registrar, with a strong login and a purpose', () => {
    for (const role of AUDIT_LOG_ROLES) {
      for (const view of ['client_access_log', 'misuse_report'] as const) {
        assert.deepEqual(decideAuditLogRead(actor({ role }), view, { registrarOid: COUNTY }, PURPOSE), {
          effect: 'allow',
          rule: 'audit_log_reader',
        });
      }
    }
  });

  test('every other role is refused by role, before anything else is looked at', () => {
    const others = ROLES.filter((r) => !AUDIT_LOG_ROLES.includes(r));
    assert.ok(others.includes('social_worker') && others.includes('archivist'));
    for (const role of others) {
      const d = decideAuditLogRead(
        actor({ role, strongAuth: false }),
        'client_access_log',
        { registrarOid: OTHER },
        '',
      );
      assert.equal(d.effect === 'deny' && d.rule, 'audit_log_role', role);
    }
  });

  test('a weak login, another registrar (even one the organization may use) and a missing purpose are refused in that order', () => {
    const weak = decideAuditLogRead(
      actor({ strongAuth: false }),
      'misuse_report',
      { registrarOid: OTHER },
      '',
    );
    assert.equal(weak.effect === 'deny' && weak.rule, 'strong_authentication');
    const other = decideAuditLogRead(
      actor({ registrarOids: [COUNTY, OTHER] }),
      'client_access_log',
      { registrarOid: OTHER },
      PURPOSE,
    );
    assert.equal(other.effect === 'deny' && other.rule, 'audit_log_own_registrar');
    for (const purpose of [undefined, '', '   ', 'why?']) {
      const d = decideAuditLogRead(actor(), 'client_access_log', { registrarOid: COUNTY }, purpose);
      assert.equal(d.effect === 'deny' && d.rule, 'audit_log_purpose', String(purpose));
      assert.ok(d.effect === 'deny' && d.reason.length > 0);
    }
  });

  test('the data protection officer gets no right to any client document from the regulation', () => {
    const dpo = actor({ serviceTasks: ['24'] });
    for (const action of [
      'document.read',
      'document.store',
      'document.correct',
      'document.invalidate',
    ] as const) {
      const d = decideAccess(
        dpo,
        action,
        {
          registrarOid: COUNTY,
          serviceTask: '24',
          documentType: '19005',
          documentGroup: '5',
          organizationOid: COUNTY,
          serviceUnitOid: UNIT,
          status: 'active',
        },
        {
          serviceTasks: [{ registrarOid: COUNTY, serviceTask: '24', start: '2020-01-01' }],
          careRelations: [
            { kind: 'personal_worker', registrarOid: COUNTY, professionalId: 'p-1', start: '2020-01-01' },
          ],
        },
        { today: '2026-11-22', purpose: PURPOSE },
      );
      assert.equal(d.effect === 'deny' && d.rule, 'role_regulation', action);
    }
    assert.equal(
      DEFAULT_REGULATION.grants.some((g) => g.role === 'data_protection_officer'),
      false,
    );
  });
});

describe('what the log actions mean', () => {
  test('lookups are reads; reads, writes and declarations are disjoint', () => {
    for (const a of CLIENT_LOOKUP_ACTIONS) assert.ok((CLIENT_READ_ACTIONS as readonly string[]).includes(a));
    for (const a of CLIENT_WRITE_ACTIONS)
      assert.equal((CLIENT_READ_ACTIONS as readonly string[]).includes(a), false);
    // Recording a first-contact reason opens nothing and records nothing for the client: it
    // neither counts as an opening nor silences the repeated-lookups finding.
    for (const a of CLIENT_DECLARATION_ACTIONS) {
      assert.equal((CLIENT_READ_ACTIONS as readonly string[]).includes(a), false, a);
      assert.equal((CLIENT_WRITE_ACTIONS as readonly string[]).includes(a), false, a);
    }
    assert.deepEqual([...CLIENT_DECLARATION_ACTIONS], ['care_relation.record']);
  });

  test('relation kinds: a usage right is work, a recorded reason is declared, and each is ordered', () => {
    assert.ok(WORK_RELATION_KINDS.includes('usage_right'));
    for (const k of DECLARED_RELATION_KINDS) assert.equal(WORK_RELATION_KINDS.includes(k), false, k);
    assert.deepEqual(
      [...HELD_RELATION_ORDER].sort(),
      [...new Set([...WORK_RELATION_KINDS, ...DECLARED_RELATION_KINDS])].sort(),
      'the log orders every kind it can name',
    );
    assert.ok(
      HELD_RELATION_ORDER.indexOf('usage_right') < HELD_RELATION_ORDER.indexOf('recorded_reason'),
      'a work relation is named before a declared one',
    );
  });

  const CLIENT = 'c-1';
  const opening = {
    clientKey: CLIENT,
    professionalId: 'p-9',
    serviceUnitOids: [UNIT],
    role: 'social_worker',
    day: '2026-11-20',
  };
  const cutoff = '2026-10-21';

  test('the basis of an opening: work relation, else archivist purpose, else a recorded reason, else none', () => {
    assert.equal(openingBasis(opening, [], cutoff), 'none');
    const reason = {
      clientKey: CLIENT,
      kind: 'recorded_reason' as const,
      professionalId: 'p-9',
      start: '2026-11-20',
      end: '2026-11-20',
    };
    assert.equal(openingBasis(opening, [reason], cutoff), 'recorded_reason');
    const unitCase = { clientKey: CLIENT, kind: 'case' as const, serviceUnitOid: UNIT, start: '2026-01-01' };
    assert.equal(openingBasis(opening, [reason, unitCase], cutoff), 'work_relation');
    const worker = {
      clientKey: CLIENT,
      kind: 'personal_worker' as const,
      professionalId: 'p-9',
      start: '2026-01-01',
    };
    assert.equal(openingBasis(opening, [worker], cutoff), 'work_relation');
    assert.equal(
      openingBasis({ ...opening, role: 'archivist', purpose: 'retention review' }, [], cutoff),
      'stated_purpose',
    );
    assert.equal(openingBasis({ ...opening, role: 'archivist', purpose: '  ' }, [], cutoff), 'none');
    assert.equal(openingBasis({ ...opening, purpose: 'curious' }, [], cutoff), 'none', 'only archivists');
    assert.deepEqual(relationsHeld(opening, [reason, unitCase, worker], cutoff), [
      'personal_worker',
      'case',
      'recorded_reason',
    ]);
  });

  test('relations of others, of other clients, not yet started or ended beyond the grace period do not count', () => {
    const none = (relation: Parameters<typeof openingBasis>[1][number], why: string) =>
      assert.equal(openingBasis(opening, [relation], cutoff), 'none', why);
    none(
      { clientKey: CLIENT, kind: 'personal_worker', professionalId: 'p-1', start: '2026-01-01' },
      'another',
    );
    none({ clientKey: CLIENT, kind: 'case', serviceUnitOid: `${COUNTY}.10.2`, start: '2026-01-01' }, 'unit');
    none({ clientKey: 'c-2', kind: 'case', serviceUnitOid: UNIT, start: '2026-01-01' }, 'another client');
    none({ clientKey: CLIENT, kind: 'case', serviceUnitOid: UNIT, start: '2026-11-21' }, 'not yet started');
    none(
      { clientKey: CLIENT, kind: 'case', serviceUnitOid: UNIT, start: '2026-01-01', end: '2026-10-20' },
      'ended beyond the grace period',
    );
    assert.equal(
      openingBasis(
        opening,
        [{ clientKey: CLIENT, kind: 'case', serviceUnitOid: UNIT, start: '2026-01-01', end: '2026-10-21' }],
        cutoff,
      ),
      'work_relation',
      'the grace period still counts',
    );
  });

  test("a register usage right of the user's unit for the client is a work relation (a producer's worker), within its own dates only", () => {
    const PRODUCER_UNIT = `${OTHER}.10.1`;
    const producer = { ...opening, serviceUnitOids: [PRODUCER_UNIT], role: 'social_instructor' };
    const right = { clientKey: CLIENT, serviceUnitOid: PRODUCER_UNIT, start: '2026-03-05' };
    assert.equal(openingBasis(producer, [], cutoff, [right]), 'work_relation', 'in force');
    assert.deepEqual(relationsHeld(producer, [], cutoff, [right]), ['usage_right']);
    assert.equal(
      openingBasis(producer, [], cutoff, [{ ...right, end: '2026-11-20' }]),
      'work_relation',
      'its last day',
    );
    // The policy gives a right no grace period (rule register_usage_right): the end date is final.
    assert.equal(
      openingBasis(producer, [], cutoff, [{ ...right, end: '2026-11-19' }]),
      'none',
      'ended the day before: no grace, unlike a care relation',
    );
    assert.equal(
      openingBasis(producer, [], cutoff, [{ ...right, end: '2026-10-21' }]),
      'none',
      'ended within what would be the grace period of a care relation',
    );
    assert.equal(
      openingBasis(producer, [], cutoff, [{ ...right, end: '2026-10-20' }]),
      'none',
      'ended before the day, beyond the grace period',
    );
    assert.deepEqual(relationsHeld(producer, [], cutoff, [{ ...right, end: '2026-11-19' }]), []);
    assert.equal(
      openingBasis(producer, [], cutoff, [{ ...right, start: '2026-11-21' }]),
      'none',
      'not yet started',
    );
    assert.equal(
      openingBasis(producer, [], cutoff, [{ ...right, serviceUnitOid: `${OTHER}.10.2` }]),
      'none',
      "another unit's right",
    );
    assert.equal(
      openingBasis(producer, [], cutoff, [{ ...right, clientKey: 'c-2' }]),
      'none',
      'a right for another client',
    );
    // The worker's own recorded reason stays a declaration next to a right that does not count…
    const reason = {
      clientKey: CLIENT,
      kind: 'recorded_reason' as const,
      professionalId: 'p-9',
      start: '2026-11-20',
      end: '2026-11-20',
    };
    assert.equal(
      openingBasis(producer, [reason], cutoff, [{ ...right, clientKey: 'c-2' }]),
      'recorded_reason',
    );
    // …and is named after the right when both hold.
    assert.deepEqual(relationsHeld(producer, [reason], cutoff, [right]), ['usage_right', 'recorded_reason']);
    // The organizer's own worker in the county unit gains nothing from the producer's right.
    assert.equal(openingBasis(opening, [], cutoff, [right]), 'none');
  });
});

describe('misuse reports', () => {
  const user = (n: number) => ({ professionalId: `p-${n}`, login: `user${n}`, role: 'social_worker' });
  const openings = (n: number, without: number, reasonOnly = 0): OpeningsRow => ({
    user: user(n),
    window: 0,
    clients: without + 3,
    clientsWithoutWorkRelation: without,
    clientsWithRecordedReasonOnly: reasonOnly,
    deniedOpenings: 0,
    clientKeys: [],
  });
  const lookups = (n: number, count: number, writes: number): LookupsRow => ({
    user: user(n),
    window: 0,
    clientKey: '00000000-0000-4000-8000-000000000001',
    lookups: count,
    reads: count * 3,
    writes,
    denied: 0,
    firstAt: '2026-11-16T08:00:00.000Z',
    lastAt: '2026-11-20T08:00:00.000Z',
  });

  test('(a) many clients without a work relation: at the threshold a finding, below it none', () => {
    const t = DEFAULT_MISUSE_THRESHOLDS;
    const found = findClientsWithoutRelation(
      [openings(1, t.clientsWithoutRelation - 1), openings(2, t.clientsWithoutRelation, 12), openings(3, 40)],
      t,
    );
    assert.deepEqual(
      found.map((f) => [f.user.login, f.count]),
      [
        ['user3', 40],
        ['user2', t.clientsWithoutRelation],
      ],
    );
    assert.equal(found[1]!.kind, 'many_clients_without_relation');
    assert.match(found[1]!.reason, /12 with a self-recorded first-contact reason/);
    assert.equal(findClientsWithoutRelation([openings(1, 5)], { ...t, clientsWithoutRelation: 5 }).length, 1);
  });

  test('(b) repeated lookups count only when nothing was recorded for the client', () => {
    const t = DEFAULT_MISUSE_THRESHOLDS;
    const found = findRepeatedLookups(
      [
        lookups(1, t.repeatedLookups, 0),
        lookups(2, t.repeatedLookups + 10, 1),
        lookups(3, t.repeatedLookups - 1, 0),
      ],
      t,
    );
    assert.deepEqual(
      found.map((f) => f.user.login),
      ['user1'],
    );
    assert.equal(found[0]!.kind, 'repeated_lookups_without_records');
    assert.match(found[0]!.reason, /recorded nothing/);
  });

  test('thresholds and the period are checked with the parameter named', () => {
    const t = DEFAULT_MISUSE_THRESHOLDS;
    assert.deepEqual(checkMisuseQuery(t, '2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z'), []);
    assert.deepEqual(
      checkMisuseQuery(
        { ...t, windowDays: 0, repeatedLookups: 1.5 },
        '2026-11-08T00:00:00Z',
        '2026-11-01T00:00:00Z',
      ).map((e) => e.path),
      ['/windowDays', '/repeatedLookups', '/to'],
    );
    assert.deepEqual(
      checkMisuseQuery(t, '2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z').map((e) => e.path),
      ['/from'],
    );
    assert.deepEqual(
      checkMisuseQuery(t, 'yesterday', '2026-01-01T00:00:00Z').map((e) => e.path),
      ['/from'],
    );
  });

  test('windows cut the period from its start; the last one ends at the period end', () => {
    const from = '2026-11-01T00:00:00.000Z';
    const to = '2026-11-10T12:00:00.000Z';
    assert.deepEqual(reportWindow(from, to, 7, 0), { start: from, end: '2026-11-08T00:00:00.000Z' });
    assert.deepEqual(reportWindow(from, to, 7, 1), { start: '2026-11-08T00:00:00.000Z', end: to });
  });
});
