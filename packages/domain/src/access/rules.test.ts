import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Actor, ROLES, type Role } from '../records/types.ts';
import type { CareRelationFact, ClientFacts, ServiceTaskFact } from './facts.ts';
import { evaluate, type Target } from './predicate.ts';
import { ACCESS_ACTIONS, type AccessContext, accessFilter, decideAccess, explainAccess } from './rules.ts';

const COUNTY = '1.2.246.10.1';
const OTHER = '1.2.246.10.2';
const UNIT = `${COUNTY}.10.1`;
const OTHER_UNIT = `${COUNTY}.10.2`;
const TODAY = '2026-11-22';
const ctx: AccessContext = { today: TODAY, graceDays: 30 };

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'professional',
  professionalId: 'p-1',
  login: 'p1',
  name: 'P One',
  role: 'social_worker',
  organizationOid: COUNTY,
  serviceUnitOids: [UNIT],
  serviceTasks: ['24'],
  registrarOids: [COUNTY],
  strongAuth: true,
  ...over,
});

const doc = (over: Partial<Target> = {}): Target => ({
  registrarOid: COUNTY,
  serviceTask: '24',
  documentType: '19005',
  documentGroup: '5',
  organizationOid: COUNTY,
  serviceUnitOid: UNIT,
  status: 'active',
  ...over,
});

const openTask: ServiceTaskFact = { registrarOid: COUNTY, serviceTask: '24', start: '2025-01-01' };
const unitCase: CareRelationFact = {
  kind: 'case',
  registrarOid: COUNTY,
  serviceUnitOid: UNIT,
  start: '2025-01-01',
};
const facts = (over: Partial<ClientFacts> = {}): ClientFacts => ({
  serviceTasks: [openTask],
  careRelations: [unitCase],
  ...over,
});

/**
 * The access matrix: each actor kind with the facts of its situation, and the rule that must refuse
 * it for a read of a client narrative entry (undefined = allowed). Written out by hand, not derived
 * from the rules, so that a rule change shows up here as a wrongful allow or denial.
 */
interface Scenario {
  name: string;
  actor: Actor;
  facts: ClientFacts;
  target?: Partial<Target>;
  ctx?: Partial<AccessContext>;
  read: string | undefined;
  store: string | undefined;
}

const SCENARIOS: Scenario[] = [
  { name: 'own unit, open case', actor: actor(), facts: facts(), read: undefined, store: undefined },
  {
    name: 'personal worker from another unit',
    actor: actor({ serviceUnitOids: [OTHER_UNIT] }),
    facts: facts({
      careRelations: [
        { kind: 'personal_worker', registrarOid: COUNTY, professionalId: 'p-1', start: '2025-01-01' },
      ],
    }),
    read: undefined,
    store: undefined,
  },
  {
    name: 'other unit, no relation',
    actor: actor({ serviceUnitOids: [OTHER_UNIT] }),
    facts: facts(),
    read: 'care_relation',
    store: undefined,
  },
  {
    name: 'other registrar',
    actor: actor({ registrarOids: [OTHER], organizationOid: OTHER }),
    facts: facts(),
    read: 'registrar_boundary',
    store: 'registrar_boundary',
  },
  {
    name: 'wrong service task',
    actor: actor({ serviceTasks: ['10'] }),
    facts: facts(),
    read: 'service_task',
    store: 'service_task',
  },
  {
    name: 'task not open on clienthood',
    actor: actor(),
    facts: facts({ serviceTasks: [] }),
    read: 'service_task_open',
    store: 'service_task_open',
  },
  {
    name: 'task ended within grace',
    actor: actor(),
    facts: facts({ serviceTasks: [{ ...openTask, end: '2026-11-01' }] }),
    read: undefined,
    store: undefined,
  },
  {
    name: 'task ended beyond grace',
    actor: actor(),
    facts: facts({ serviceTasks: [{ ...openTask, end: '2026-09-01' }] }),
    read: 'service_task_open',
    store: 'service_task_open',
  },
  {
    name: 'no care relation',
    actor: actor(),
    facts: facts({ careRelations: [] }),
    read: 'care_relation',
    store: undefined,
  },
  {
    name: 'ended relation within grace',
    actor: actor(),
    facts: facts({ careRelations: [{ ...unitCase, end: '2026-11-10' }] }),
    read: undefined,
    store: undefined,
  },
  {
    name: 'ended relation beyond grace',
    actor: actor(),
    facts: facts({ careRelations: [{ ...unitCase, end: '2026-10-01' }] }),
    read: 'care_relation',
    store: undefined,
  },
  {
    name: 'relation of another registrar',
    actor: actor(),
    facts: facts({ careRelations: [{ ...unitCase, registrarOid: OTHER }] }),
    read: 'care_relation',
    store: undefined,
  },
  {
    name: 'recorded first-contact reason',
    actor: actor({ serviceUnitOids: [OTHER_UNIT] }),
    facts: facts({
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
    }),
    read: undefined,
    store: undefined,
  },
  {
    name: 'weak login',
    actor: actor({ strongAuth: false }),
    facts: facts(),
    read: 'strong_authentication',
    store: undefined,
  },
  {
    name: 'archivist with purpose',
    actor: actor({ role: 'archivist', serviceTasks: [] }),
    facts: facts({ careRelations: [], serviceTasks: [] }),
    ctx: { purpose: 'retention review' },
    read: undefined,
    store: 'role_regulation',
  },
  {
    name: 'archivist without purpose',
    actor: actor({ role: 'archivist', serviceTasks: [] }),
    facts: facts(),
    read: 'archivist_purpose',
    store: 'role_regulation',
  },
  {
    name: 'admin',
    actor: actor({ role: 'admin' }),
    facts: facts(),
    read: 'role_regulation',
    store: 'role_regulation',
  },
  {
    name: 'practical nurse on a decision',
    actor: actor({ role: 'practical_nurse' }),
    facts: facts(),
    target: { documentType: '11001' },
    read: 'role_regulation',
    store: 'role_regulation',
  },
  {
    name: 'social instructor on a decision',
    actor: actor({ role: 'social_instructor' }),
    facts: facts(),
    target: { documentType: '11001' },
    read: undefined,
    store: 'role_regulation',
  },
  {
    name: 'office worker reading',
    actor: actor({ role: 'office_worker' }),
    facts: facts(),
    read: 'role_regulation',
    store: undefined,
  },
  {
    name: 'clienthood document needs no open task',
    actor: actor(),
    facts: facts({ serviceTasks: [] }),
    target: { documentGroup: '1', documentType: '1505.1' },
    read: undefined,
    store: undefined,
  },
];

describe('access policy: the matrix', () => {
  test('every scenario × operation gets the decision written for it', (t) => {
    let checked = 0;
    let wrongfulAllows = 0;
    let wrongfulDenials = 0;
    for (const s of SCENARIOS) {
      const c = { ...ctx, ...s.ctx };
      const target = doc(s.target);
      for (const action of ACCESS_ACTIONS) {
        const expected = ['document.store', 'document.correct', 'document.invalidate'].includes(action)
          ? action === 'document.store'
            ? s.store
            : undefined
          : s.read;
        if (
          ![
            'document.store',
            'document.read',
            'document.search',
            'document.export',
            'document.render',
          ].includes(action)
        )
          continue;
        const d = decideAccess(s.actor, action, target, s.facts, c);
        const got = d.effect === 'allow' ? undefined : d.rule;
        if (expected === undefined && got !== undefined) wrongfulDenials++;
        if (expected !== undefined && got === undefined) wrongfulAllows++;
        assert.equal(got, expected, `${s.name} / ${action}`);
        checked++;
      }
    }
    t.diagnostic(
      `access matrix: ${checked} cases, ${wrongfulAllows} wrongful allows, ${wrongfulDenials} wrongful denials`,
    );
  });

  test('explain lists every refusing rule, the first of which decide names', () => {
    const a = actor({ strongAuth: false, serviceTasks: ['10'] });
    const rules = explainAccess(a, 'document.read', doc(), facts({ careRelations: [] }), ctx).map(
      (r) => r.rule,
    );
    assert.deepEqual(rules, ['strong_authentication', 'service_task', 'care_relation']);
    const d = decideAccess(a, 'document.read', doc(), facts({ careRelations: [] }), ctx);
    assert.equal(d.effect === 'deny' && d.rule, 'strong_authentication');
  });
});

describe('access policy: filter and decision agree', () => {
  test('property: for random actors, documents and facts, evaluating the filter equals the decision', (t) => {
    const registrars = [COUNTY, OTHER];
    const units = [UNIT, OTHER_UNIT];
    const tasks = ['10', '24'];
    const dates = ['2024-01-01', '2026-09-01', '2026-11-01', '2026-11-22', '2026-12-31'];
    const arbPeriod = fc.record({
      start: fc.constantFrom(...dates),
      end: fc.option(fc.constantFrom(...dates), { nil: undefined }),
    });
    const arbFacts = fc.record({
      serviceTasks: fc.array(
        fc
          .record({
            registrarOid: fc.constantFrom(...registrars),
            serviceTask: fc.constantFrom(...tasks),
            period: arbPeriod,
          })
          .map(({ period, ...r }) => ({
            ...r,
            ...period,
            ...(period.end === undefined ? {} : { end: period.end }),
          })),
        { maxLength: 3 },
      ),
      careRelations: fc.array(
        fc
          .record({
            kind: fc.constantFrom('case' as const, 'personal_worker' as const),
            registrarOid: fc.constantFrom(...registrars),
            holder: fc.oneof(
              fc.constantFrom('p-1', 'p-2').map((p) => ({ professionalId: p })),
              fc.constantFrom(...units).map((u) => ({ serviceUnitOid: u })),
            ),
            period: arbPeriod,
          })
          .map(({ holder, period, ...r }) => ({
            ...r,
            ...holder,
            start: period.start,
            ...(period.end === undefined ? {} : { end: period.end }),
          })),
        { maxLength: 3 },
      ),
      usageRights: fc.array(
        fc
          .record({
            registrarOid: fc.constantFrom(...registrars),
            serviceTask: fc.constantFrom(...tasks),
            serviceUnitOid: fc.constantFrom(...units),
            period: arbPeriod,
            broad: fc.boolean(),
          })
          .map(({ period, broad, ...r }) => ({
            ...r,
            start: period.start,
            ...(period.end === undefined ? {} : { end: period.end }),
            ...(broad ? { broad } : {}),
          })),
        { maxLength: 3 },
      ),
    });
    const arbActor = fc.record({
      role: fc.constantFrom<Role>(...ROLES),
      organizationOid: fc.constantFrom(...registrars),
      serviceTasks: fc.subarray(tasks),
      registrarOids: fc.subarray(registrars),
      serviceUnitOids: fc.subarray(units),
      strongAuth: fc.boolean(),
    });
    const arbTarget = fc.record({
      registrarOid: fc.constantFrom(...registrars),
      organizationOid: fc.constantFrom(...registrars),
      serviceTask: fc.constantFrom(...tasks),
      documentType: fc.constantFrom('19005', '11001', '1005', '4009', '15008', '1505.1'),
      documentGroup: fc.constantFrom('1', '2', '5'),
    });
    let runs = 0;
    fc.assert(
      fc.property(
        arbActor,
        fc.constantFrom(...ACCESS_ACTIONS),
        arbTarget,
        arbFacts,
        fc.option(fc.constant('audit'), { nil: undefined }),
        (a, action, t, f, purpose) => {
          const c: AccessContext = { ...ctx, ...(purpose ? { purpose } : {}) };
          const act = actor(a);
          const tgt = doc(t);
          assert.equal(
            evaluate(accessFilter(act, action, c), tgt, f),
            decideAccess(act, action, tgt, f, c).effect === 'allow',
          );
          runs++;
        },
      ),
      { numRuns: 5000 },
    );
    t.diagnostic(`filter/decision agreement: ${runs} random cases`);
  });
});
