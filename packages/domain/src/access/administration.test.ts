import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Actor, ROLES } from '../records/types.ts';
import {
  decideAdministration,
  decideExplainFor,
  decideJoiningChange,
  decideRecordCareReason,
  decideSessionRevocation,
  decideSessionStanding,
  MIN_PURPOSE_LENGTH,
  NO_REVOCATIONS,
} from './administration.ts';
import { checkRegulation, DEFAULT_REGULATION, DOCUMENT_ROLES } from './regulation.ts';

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

describe('administration', () => {
  test('only an administrator, and only in the own organization', () => {
    assert.deepEqual(decideAdministration(actor({ role: 'admin' }), COUNTY), {
      effect: 'allow',
      rule: 'admin',
    });
    assert.equal(decideAdministration(actor({ role: 'admin' })).effect, 'allow');
    const other = decideAdministration(actor({ role: 'admin' }), OTHER);
    assert.equal(other.effect === 'deny' && other.rule, 'own_organization');
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const d = decideAdministration(actor({ role }), COUNTY);
      assert.equal(d.effect === 'deny' && d.rule, 'admin_only', role);
    }
  });

  test('explaining: oneself always, another user only as their organization’s administrator', () => {
    assert.equal(
      decideExplainFor(actor(), { professionalId: 'p-1', organizationOid: COUNTY }).effect,
      'allow',
    );
    const colleague = { professionalId: 'p-2', organizationOid: COUNTY };
    const d = decideExplainFor(actor(), colleague);
    assert.equal(d.effect === 'deny' && d.rule, 'explain_others_admin_only');
    assert.equal(decideExplainFor(actor({ role: 'admin', professionalId: 'a' }), colleague).effect, 'allow');
    const foreign = decideExplainFor(actor({ role: 'admin', professionalId: 'a' }), {
      professionalId: 'p-9',
      organizationOid: OTHER,
    });
    assert.equal(foreign.effect === 'deny' && foreign.rule, 'explain_others_admin_only');
  });
});

describe('recording a first-contact reason', () => {
  const purpose = 'Yhteydenotto: lastensuojeluilmoituksen selvitys';
  const decide = (a: Actor, p = purpose, registrarOid = COUNTY) =>
    decideRecordCareReason(a, { purpose: p, registrarOid }, DEFAULT_REGULATION);
  const ruleOf = (d: ReturnType<typeof decide>) => (d.effect === 'deny' ? d.rule : 'allowed');

  test('a strongly logged-in reader of its own register with a purpose may', () => {
    assert.deepEqual(decide(actor()), { effect: 'allow', rule: 'recorded_reason' });
    assert.equal(ruleOf(decide(actor({ role: 'practical_nurse' }))), 'allowed');
  });

  test('each missing condition is refused by its own rule', () => {
    assert.equal(ruleOf(decide(actor({ strongAuth: false }))), 'strong_authentication');
    assert.equal(ruleOf(decide(actor(), purpose, OTHER)), 'registrar_boundary');
    assert.equal(ruleOf(decide(actor(), '   ')), 'care_reason_purpose');
    assert.equal(ruleOf(decide(actor(), 'x'.repeat(MIN_PURPOSE_LENGTH - 1))), 'care_reason_purpose');
    assert.equal(ruleOf(decide(actor(), 'x'.repeat(MIN_PURPOSE_LENGTH))), 'allowed');
    // Office workers store notifications but read nothing, so they cannot open a relation either.
    assert.equal(ruleOf(decide(actor({ role: 'office_worker' }))), 'care_reason_role');
    assert.equal(ruleOf(decide(actor({ role: 'admin' }))), 'care_reason_role');
    assert.equal(ruleOf(decide(actor({ role: 'archivist' }))), 'care_reason_role');
  });
});

describe('an edited access-rights regulation', () => {
  test('the shipped default passes its own check', () => {
    assert.deepEqual(checkRegulation(DEFAULT_REGULATION), []);
  });

  test('each fault is named at its path', () => {
    const errors = checkRegulation(
      {
        grants: [
          { role: 'admin', actions: ['document.read'], documents: '*' },
          { role: 'social_worker', actions: [], documents: '*' },
          { role: 'archivist', actions: ['document.store'], documents: '*' },
          { role: 'social_instructor', actions: ['document.read'], documents: {} },
          {
            role: 'practical_nurse',
            actions: ['document.read'],
            documents: { types: ['19005', 'abc', '99999'], generalTypes: ['x1'], groups: ['5'] },
          },
        ],
      },
      (code) => code !== '99999',
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      [
        '/grants/0/role',
        '/grants/1/actions',
        '/grants/2/actions',
        '/grants/3/documents',
        '/grants/4/documents/types/1',
        '/grants/4/documents/types/2',
        '/grants/4/documents/generalTypes/0',
      ],
    );
    assert.match(errors[0]!.message, /admin cannot hold rights/);
    assert.match(errors[5]!.message, /unknown document type 99999/);
  });

  test('every document role may be granted every right it can hold', () => {
    for (const role of DOCUMENT_ROLES) {
      const actions =
        role === 'archivist'
          ? (['document.read', 'document.correct'] as const)
          : (['document.read', 'document.store'] as const);
      assert.deepEqual(
        checkRegulation({ grants: [{ role, actions, documents: { groups: ['5'] } }] }),
        [],
        role,
      );
    }
  });
});

describe('joining models: who administers a producer', () => {
  const admin = (org: string): Actor => ({
    kind: 'professional',
    professionalId: `admin-${org}`,
    login: 'admin',
    name: 'Admin',
    role: 'admin',
    organizationOid: org,
    serviceUnitOids: [],
    serviceTasks: [],
    registrarOids: [org],
    strongAuth: true,
  });
  const TENANT = '1.2.246.10.50';
  const MAIN = '1.2.246.10.51';
  const COUNTY = '1.2.246.10.52';
  const rule = (d: ReturnType<typeof decideAdministration>) =>
    d.effect === 'deny' ? d.rule : `allow:${d.rule}`;

  test("the host's administrator manages a joint tenant's or a parallel producer's registry; nobody else", () => {
    const joint = { model: 'joint' as const, hostOrganizationOid: MAIN };
    const parallel = { model: 'parallel' as const, hostOrganizationOid: COUNTY };
    assert.equal(rule(decideAdministration(admin(MAIN), TENANT, joint)), 'allow:main_joiner_admin');
    assert.equal(
      rule(decideAdministration(admin(COUNTY), TENANT, parallel)),
      'allow:parallel_organizer_admin',
    );
    assert.equal(rule(decideAdministration(admin(COUNTY), TENANT, joint)), 'own_organization');
    assert.equal(rule(decideAdministration(admin(MAIN), TENANT, { model: 'direct' })), 'own_organization');
    assert.equal(rule(decideAdministration(admin(TENANT), TENANT, joint)), 'allow:admin');
    assert.equal(
      rule(decideAdministration({ ...admin(MAIN), role: 'social_worker' }, TENANT, joint)),
      'admin_only',
    );
  });

  test('an organization declares its own joining model, naming another known organization as host', () => {
    const d = (a: Actor, j: Parameters<typeof decideJoiningChange>[2], known = true) =>
      rule(decideJoiningChange(a, TENANT, j, known));
    assert.equal(d(admin(TENANT), { model: 'joint', hostOrganizationOid: MAIN }), 'allow:admin');
    assert.equal(d(admin(MAIN), { model: 'joint', hostOrganizationOid: MAIN }), 'own_organization');
    assert.equal(d(admin(TENANT), { model: 'joint' }), 'joining_host');
    assert.equal(d(admin(TENANT), { model: 'parallel', hostOrganizationOid: TENANT }), 'joining_host');
    assert.equal(d(admin(TENANT), { model: 'parallel', hostOrganizationOid: COUNTY }, false), 'joining_host');
    assert.equal(d(admin(TENANT), { model: 'direct', hostOrganizationOid: COUNTY }), 'joining_host');
    assert.equal(d(admin(TENANT), { model: 'direct' }), 'allow:admin');
  });
});

describe('sessions: who revokes them, and whether one still stands', () => {
  const rule = (d: ReturnType<typeof decideSessionRevocation>) =>
    d.effect === 'deny' ? d.rule : `allow:${d.rule}`;
  const sari = { professionalId: 'p-2', organizationOid: COUNTY };

  test("an administrator of the professional's organization, or the professional themself", () => {
    assert.equal(
      rule(decideSessionRevocation(actor({ role: 'admin', professionalId: 'a' }), sari)),
      'allow:admin',
    );
    assert.equal(rule(decideSessionRevocation(actor({ professionalId: 'p-2' }), sari)), 'allow:self');
    // Oneself even without any right (no organization): "log out everywhere".
    assert.equal(rule(decideSessionRevocation(actor(), { professionalId: 'p-1' })), 'allow:self');
  });

  test('a colleague, another organization’s administrator or anyone about a user without a right may not', () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      assert.equal(rule(decideSessionRevocation(actor({ role }), sari)), 'admin_only', role);
    }
    const foreign = actor({ role: 'admin', professionalId: 'a', organizationOid: OTHER });
    assert.equal(rule(decideSessionRevocation(foreign, sari)), 'own_organization');
    const d = decideSessionRevocation(actor({ role: 'admin', professionalId: 'a' }), {
      professionalId: 'p-9',
    });
    assert.equal(rule(d), 'own_organization');
    assert.match(d.effect === 'deny' ? d.reason : '', /own organization/);
  });

  test("the host's administrator revokes a joint tenant's users' sessions, as it manages their rights", () => {
    const host = actor({ role: 'admin', professionalId: 'h', organizationOid: OTHER });
    assert.equal(
      rule(decideSessionRevocation(host, sari, { model: 'joint', hostOrganizationOid: OTHER })),
      'allow:main_joiner_admin',
    );
    assert.equal(rule(decideSessionRevocation(host, sari, { model: 'direct' })), 'own_organization');
  });

  test('a session stands unless logged out or issued before a revocation of all', () => {
    const s = { sessionId: 's-1', issuedAt: 1_000 };
    const standing = (d: ReturnType<typeof decideSessionStanding>) =>
      d.effect === 'deny' ? d.rule : `allow:${d.rule}`;
    assert.equal(standing(decideSessionStanding(s, NO_REVOCATIONS)), 'allow:session_current');
    assert.equal(standing(decideSessionStanding(s, { sessionIds: new Set(['s-1']) })), 'session_logged_out');
    assert.equal(
      standing(decideSessionStanding(s, { sessionIds: new Set(['s-2']) })),
      'allow:session_current',
    );
    assert.equal(
      standing(decideSessionStanding(s, { issuedBefore: 1_001, sessionIds: new Set() })),
      'sessions_revoked',
    );
    // Issued at the moment of the revocation or after: a login right after revoking stands.
    assert.equal(
      standing(decideSessionStanding(s, { issuedBefore: 1_000, sessionIds: new Set() })),
      'allow:session_current',
    );
  });
});
