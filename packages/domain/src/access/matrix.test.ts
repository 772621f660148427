// The access matrix of issue 4: every operation × role × actor situation (own unit, other unit,
// personal worker, other registrar, wrong service task, no care relation, ended relation within
// and beyond the grace period, recorded reasons, service task not open or ended) × login strength
// × stated purpose × target (document kinds and statuses). The expected decision comes from an
// oracle written here by hand from the regulation's and the rules' text — not from rules.ts — so a
// rule change shows up as a wrongful allow or denial. The filter form is checked on every case too.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor, Role } from '../records/types.ts';
import type { CareRelationFact, ClientFacts, ServiceTaskFact, UsageRightFact } from './facts.ts';
import { evaluate, type Target } from './predicate.ts';
import { ACCESS_ACTIONS, type AccessAction, accessFilter, decideAccess } from './rules.ts';

const COUNTY = '1.2.246.10.1';
const OTHER = '1.2.246.10.2';
const UNIT = `${COUNTY}.10.1`;
const OTHER_UNIT = `${COUNTY}.10.2`;
const TODAY = '2026-11-22';
const DAYS_AGO = (n: number) => {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

const ROLES: Role[] = [
  'social_worker',
  'social_instructor',
  'practical_nurse',
  'office_worker',
  'archivist',
  'admin',
];

/** The targets: a kind of document and its group, in the actor's county and service task 24. */
const KINDS = [
  { kind: 'narrative entry', documentType: '19005', documentGroup: '5' },
  { kind: 'decision', documentType: '11001', documentGroup: '5' },
  { kind: 'plan', documentType: '15001', documentGroup: '5' },
  { kind: 'notification', documentType: '4006', documentGroup: '5' },
  { kind: 'clienthood document', documentType: '1505.1', documentGroup: '1' },
  { kind: 'case document', documentType: '1505.2', documentGroup: '2' },
] as const;
type Kind = (typeof KINDS)[number]['kind'];

/**
 * The oracle's reading of the shipped regulation: what each role may do to each kind.
 * read = every way of retrieving (read, search, export, render).
 */
const MAY: Record<Role, Record<'read' | 'store' | 'correct' | 'invalidate', readonly Kind[]>> = (() => {
  const all: Kind[] = KINDS.map((k) => k.kind);
  const none: Kind[] = [];
  const instructorWrites: Kind[] = [
    'narrative entry',
    'plan',
    'notification',
    'clienthood document',
    'case document',
  ];
  return {
    social_worker: { read: all, store: all, correct: all, invalidate: all },
    social_instructor: {
      read: all,
      store: instructorWrites,
      correct: instructorWrites,
      invalidate: instructorWrites,
    },
    practical_nurse: {
      read: ['narrative entry', 'plan'],
      store: ['narrative entry'],
      correct: ['narrative entry'],
      invalidate: none,
    },
    office_worker: {
      read: none,
      store: ['narrative entry', 'notification'],
      correct: none,
      invalidate: none,
    },
    archivist: { read: all, store: none, correct: all, invalidate: all },
    admin: { read: none, store: none, correct: none, invalidate: none },
    data_protection_officer: { read: none, store: none, correct: none, invalidate: none },
  };
})();

interface Situation {
  name: string;
  actor: Partial<Actor>;
  tasks: ServiceTaskFact[];
  relations: CareRelationFact[];
  /** Facts the oracle reads: does the client have service task 24 open, and does the actor relate? */
  taskOpen: boolean;
  related: boolean;
  otherRegistrar?: boolean;
  wrongTask?: boolean;
}

const open24: ServiceTaskFact = { registrarOid: COUNTY, serviceTask: '24', start: '2025-01-01' };
const unitCase: CareRelationFact = {
  kind: 'case',
  registrarOid: COUNTY,
  serviceUnitOid: UNIT,
  start: '2025-01-01',
};
const reason = (day: string): CareRelationFact => ({
  kind: 'recorded_reason',
  registrarOid: COUNTY,
  professionalId: 'p-1',
  start: day,
  end: day,
  purpose: 'first contact',
});

const SITUATIONS: Situation[] = [
  {
    name: 'own unit, open case',
    actor: {},
    tasks: [open24],
    relations: [unitCase],
    taskOpen: true,
    related: true,
  },
  {
    name: 'other unit, no relation',
    actor: { serviceUnitOids: [OTHER_UNIT] },
    tasks: [open24],
    relations: [unitCase],
    taskOpen: true,
    related: false,
  },
  {
    name: 'personal worker in another unit',
    actor: { serviceUnitOids: [OTHER_UNIT] },
    tasks: [open24],
    relations: [
      { kind: 'personal_worker', registrarOid: COUNTY, professionalId: 'p-1', start: '2025-01-01' },
    ],
    taskOpen: true,
    related: true,
  },
  {
    name: 'other registrar',
    actor: { organizationOid: OTHER, registrarOids: [OTHER], serviceUnitOids: [`${OTHER}.10.1`] },
    tasks: [open24],
    relations: [unitCase],
    taskOpen: true,
    related: false,
    otherRegistrar: true,
  },
  {
    name: 'wrong service task',
    actor: { serviceTasks: ['10'] },
    tasks: [open24],
    relations: [unitCase],
    taskOpen: true,
    related: true,
    wrongTask: true,
  },
  { name: 'no care relation', actor: {}, tasks: [open24], relations: [], taskOpen: true, related: false },
  {
    name: 'relation ended within grace',
    actor: {},
    tasks: [open24],
    relations: [{ ...unitCase, end: DAYS_AGO(12) }],
    taskOpen: true,
    related: true,
  },
  {
    name: 'relation ended beyond grace',
    actor: {},
    tasks: [open24],
    relations: [{ ...unitCase, end: DAYS_AGO(60) }],
    taskOpen: true,
    related: false,
  },
  {
    name: 'relation of another registrar',
    actor: {},
    tasks: [open24],
    relations: [{ ...unitCase, registrarOid: OTHER }],
    taskOpen: true,
    related: false,
  },
  {
    name: 'recorded reason today',
    actor: { serviceUnitOids: [OTHER_UNIT] },
    tasks: [open24],
    relations: [reason(TODAY)],
    taskOpen: true,
    related: true,
  },
  {
    name: 'recorded reason 40 days ago',
    actor: { serviceUnitOids: [OTHER_UNIT] },
    tasks: [open24],
    relations: [reason(DAYS_AGO(40))],
    taskOpen: true,
    related: false,
  },
  {
    name: 'service task not open',
    actor: {},
    tasks: [],
    relations: [unitCase],
    taskOpen: false,
    related: true,
  },
  {
    name: 'service task ended within grace',
    actor: {},
    tasks: [{ ...open24, end: DAYS_AGO(5) }],
    relations: [unitCase],
    taskOpen: true,
    related: true,
  },
  {
    name: 'service task ended beyond grace',
    actor: {},
    tasks: [{ ...open24, end: DAYS_AGO(90) }],
    relations: [unitCase],
    taskOpen: false,
    related: true,
  },
  {
    name: 'service task open in another registrar only',
    actor: {},
    tasks: [{ ...open24, registrarOid: OTHER }],
    relations: [unitCase],
    taskOpen: false,
    related: true,
  },
];

const READS: AccessAction[] = ['document.read', 'document.search', 'document.export', 'document.render'];

/** The oracle: the first rule, in the policy's documented order, that the case breaks. */
function expected(
  role: Role,
  s: Situation,
  strong: boolean,
  purpose: boolean,
  action: AccessAction,
  kind: (typeof KINDS)[number],
): string | undefined {
  const isRead = READS.includes(action);
  const right = isRead ? 'read' : (action.slice('document.'.length) as 'store' | 'correct' | 'invalidate');
  const archivist = role === 'archivist';
  if (!MAY[role][right].includes(kind.kind)) return 'role_regulation';
  if (isRead && !strong) return 'strong_authentication';
  if (s.otherRegistrar) return 'registrar_boundary';
  if (!archivist && s.wrongTask) return 'service_task';
  // Clienthood and case documents are what open a service task, so they need none open.
  if (!archivist && kind.documentGroup === '5' && !s.taskOpen) return 'service_task_open';
  if (!archivist && isRead && !s.related) return 'care_relation';
  if (archivist && (isRead || right === 'correct' || right === 'invalidate') && !purpose)
    return 'archivist_purpose';
  return undefined;
}

describe('access matrix: operation × role × situation × login × purpose × target', () => {
  test('every case gets the decision the oracle expects, and the filter agrees', (t) => {
    let checked = 0;
    let allowed = 0;
    let wrongfulAllows = 0;
    let wrongfulDenials = 0;
    let wrongRule = 0;
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const s of SITUATIONS) {
        for (const strong of [true, false]) {
          for (const purpose of [true, false]) {
            const actor: Actor = {
              kind: 'professional',
              professionalId: 'p-1',
              login: 'p1',
              name: 'P One',
              role,
              organizationOid: COUNTY,
              serviceUnitOids: [UNIT],
              serviceTasks: ['24'],
              registrarOids: [COUNTY],
              strongAuth: strong,
              ...s.actor,
            };
            const facts: ClientFacts = { serviceTasks: s.tasks, careRelations: s.relations };
            const ctx = { today: TODAY, graceDays: 30, ...(purpose ? { purpose: 'retention review' } : {}) };
            for (const action of ACCESS_ACTIONS) {
              const filter = accessFilter(actor, action, ctx);
              for (const kind of KINDS) {
                for (const status of ['active', 'invalidated']) {
                  const target: Target = {
                    registrarOid: COUNTY,
                    serviceTask: '24',
                    documentType: kind.documentType,
                    documentGroup: kind.documentGroup,
                    organizationOid: COUNTY,
                    serviceUnitOid: UNIT,
                    status,
                  };
                  const want = expected(role, s, strong, purpose, action, kind);
                  const d = decideAccess(actor, action, target, facts, ctx);
                  const got = d.effect === 'allow' ? undefined : d.rule;
                  checked++;
                  if (got === undefined) allowed++;
                  if (want === undefined && got !== undefined) wrongfulDenials++;
                  else if (want !== undefined && got === undefined) wrongfulAllows++;
                  else if (want !== got) wrongRule++;
                  if (want !== got || evaluate(filter, target, facts) !== (got === undefined)) {
                    failures.push(
                      `${role} / ${s.name} / ${strong ? 'strong' : 'weak'} / ${purpose ? 'purpose' : 'no purpose'} / ${action} / ${kind.kind} ${status}: expected ${want ?? 'allow'}, got ${got ?? 'allow'}`,
                    );
                  }
                }
              }
            }
          }
        }
      }
    }
    t.diagnostic(
      `access matrix: ${checked} cases checked (${allowed} allowed), ${wrongfulAllows} wrongful allows, ${wrongfulDenials} wrongful denials, ${wrongRule} refused by another rule than expected`,
    );
    assert.deepEqual(failures.slice(0, 15), []);
    assert.equal(
      checked,
      ROLES.length * SITUATIONS.length * 2 * 2 * ACCESS_ACTIONS.length * KINDS.length * 2,
    );
    assert.ok(allowed > 1000, 'the matrix must exercise allows as well as refusals');
  });
});

// --- producers: the register usage right ------------------------------------------------------------
//
// The same matrix for the organizations that work in the county's register through register usage
// rights, in every joining model: a producer joined directly with its own system, the producer's
// subcontractor, a small producer as a tenant in a main joiner's system (joint joining), a producer's
// staff as users in the county's own system (parallel joining), and a shelter home with a broad right
// of an organizer that does not handle cases itself. The joining model decides who administers the
// users, never what a user may do: each actor kind must get the very same decisions.

const TOMORROW = '2026-11-23';
const YESTERDAY = DAYS_AGO(1);
const SHELTER_ORGANIZER = '1.2.246.10.9';

interface ProducerActor {
  name: string;
  organizationOid: string;
  unit: string;
  /** The organizer whose register the rights open. */
  organizer: string;
}

const PRODUCER_ACTORS: ProducerActor[] = [
  {
    name: 'producer (direct)',
    organizationOid: '1.2.246.10.3',
    unit: '1.2.246.10.3.10.1',
    organizer: COUNTY,
  },
  { name: 'subcontractor', organizationOid: '1.2.246.10.4', unit: '1.2.246.10.4.10.1', organizer: COUNTY },
  { name: 'tenant (joint)', organizationOid: '1.2.246.10.5', unit: '1.2.246.10.5.10.1', organizer: COUNTY },
  { name: 'parallel user', organizationOid: '1.2.246.10.6', unit: '1.2.246.10.6.10.1', organizer: COUNTY },
  {
    name: 'shelter home (broad)',
    organizationOid: '1.2.246.10.7',
    unit: '1.2.246.10.7.10.1',
    organizer: SHELTER_ORGANIZER,
  },
];

interface ProducerSituation {
  name: string;
  /** The rights on the client's clienthood, built for the actor's unit and organizer. */
  rights: (a: ProducerActor) => UsageRightFact[];
  /** Whether the organization holds some right in force today anywhere (the registrar entitlement). */
  entitled: (a: ProducerActor) => string[];
  taskOpen: boolean;
  /** Oracle facts: a right of the actor's unit covers this client, task 24 and today. */
  covers: boolean;
  broad: boolean;
}

const right = (a: ProducerActor, over: Partial<UsageRightFact> = {}): UsageRightFact => ({
  registrarOid: a.organizer,
  serviceTask: '24',
  serviceUnitOid: a.unit,
  start: '2026-10-01',
  ...(a.organizer === SHELTER_ORGANIZER ? { broad: true } : {}),
  ...over,
});

const PRODUCER_SITUATIONS: ProducerSituation[] = [
  {
    name: 'right in force',
    rights: (a) => [right(a)],
    entitled: (a) => [a.organizer],
    taskOpen: true,
    covers: true,
    broad: true,
  },
  {
    name: 'right ends today',
    rights: (a) => [right(a, { end: TODAY })],
    entitled: (a) => [a.organizer],
    taskOpen: true,
    covers: true,
    broad: true,
  },
  {
    name: 'right opened ahead, starts tomorrow (no other right)',
    rights: (a) => [right(a, { start: TOMORROW })],
    entitled: () => [],
    taskOpen: true,
    covers: false,
    broad: true,
  },
  {
    name: 'right opened ahead, another client served today',
    rights: (a) => [right(a, { start: TOMORROW })],
    entitled: (a) => [a.organizer],
    taskOpen: true,
    covers: false,
    broad: true,
  },
  {
    name: 'right ended yesterday (no other right)',
    rights: (a) => [right(a, { end: YESTERDAY })],
    entitled: () => [],
    taskOpen: true,
    covers: false,
    broad: true,
  },
  {
    name: 'right ended yesterday, another client served today',
    rights: (a) => [right(a, { end: YESTERDAY })],
    entitled: (a) => [a.organizer],
    taskOpen: true,
    covers: false,
    broad: true,
  },
  {
    name: "another producer's unit holds the right",
    rights: (a) => [right(a, { serviceUnitOid: `${a.unit}9` })],
    entitled: (a) => [a.organizer],
    taskOpen: true,
    covers: false,
    broad: true,
  },
  {
    name: 'right in another service task',
    rights: (a) => [right(a, { serviceTask: '10' })],
    entitled: (a) => [a.organizer],
    taskOpen: true,
    covers: false,
    broad: true,
  },
  {
    name: "right in another organizer's register only",
    rights: (a) => [right(a, { registrarOid: OTHER })],
    entitled: () => [OTHER],
    taskOpen: true,
    covers: false,
    broad: true,
  },
  {
    name: 'right in force, service task not open on the clienthood',
    rights: (a) => [right(a)],
    entitled: (a) => [a.organizer],
    taskOpen: false,
    covers: true,
    broad: true,
  },
  {
    name: 'no right at all',
    rights: () => [],
    entitled: () => [],
    taskOpen: true,
    covers: false,
    broad: false,
  },
];

/** The oracle for an actor of another organization working in the organizer's register. */
function producerExpected(
  role: Role,
  a: ProducerActor,
  s: ProducerSituation,
  strong: boolean,
  purpose: boolean,
  action: AccessAction,
  kind: (typeof KINDS)[number],
  ownDocument: boolean,
): string | undefined {
  const isRead = READS.includes(action);
  const right = isRead ? 'read' : (action.slice('document.'.length) as 'store' | 'correct' | 'invalidate');
  const archivist = role === 'archivist';
  const isRecord = kind.documentGroup !== '5';
  if (!MAY[role][right].includes(kind.kind)) return 'role_regulation';
  if (isRead && !strong) return 'strong_authentication';
  if (!s.entitled(a).includes(a.organizer)) return 'registrar_boundary';
  if (!s.covers) return 'register_usage_right';
  // Only the organizer writes the clienthood and case documents, unless it gave a broad right.
  if (!isRead && isRecord && !(s.broad && a.organizer === SHELTER_ORGANIZER)) return 'organizer_records';
  // Client documents only: the record documents are versioned by whoever keeps the record.
  if ((right === 'correct' || right === 'invalidate') && !ownDocument && !isRecord)
    return 'producer_own_documents';
  if (!archivist && kind.documentGroup === '5' && !s.taskOpen) return 'service_task_open';
  // The right is the producer's care relation: nothing more is needed to read.
  if (archivist && (isRead || right === 'correct' || right === 'invalidate') && !purpose)
    return 'archivist_purpose';
  return undefined;
}

describe('access matrix: producers, subcontractors, tenants, parallel users and broad rights', () => {
  test('every case gets the decision the oracle expects, the filter agrees, and joining models do not differ', (t) => {
    let checked = 0;
    let allowed = 0;
    let wrongfulAllows = 0;
    let wrongfulDenials = 0;
    let wrongRule = 0;
    const failures: string[] = [];
    /** Per (role, situation, login, purpose, action, kind, author): the decision each actor kind got. */
    const byModel = new Map<string, Set<string>>();
    for (const a of PRODUCER_ACTORS) {
      for (const role of ROLES) {
        for (const s of PRODUCER_SITUATIONS) {
          for (const strong of [true, false]) {
            for (const purpose of [true, false]) {
              const actor: Actor = {
                kind: 'professional',
                professionalId: 'p-9',
                login: 'p9',
                name: 'P Nine',
                role,
                organizationOid: a.organizationOid,
                serviceUnitOids: [a.unit],
                serviceTasks: ['24'],
                registrarOids: [a.organizationOid, ...s.entitled(a)],
                strongAuth: strong,
              };
              const facts: ClientFacts = {
                serviceTasks: s.taskOpen ? [{ ...open24, registrarOid: a.organizer }] : [],
                // The organizer's own unit handles the case: no relation of the producer's own.
                careRelations: [{ ...unitCase, registrarOid: a.organizer }],
                usageRights: s.rights(a),
              };
              const ctx = {
                today: TODAY,
                graceDays: 30,
                ...(purpose ? { purpose: 'retention review' } : {}),
              };
              for (const action of ACCESS_ACTIONS) {
                const filter = accessFilter(actor, action, ctx);
                for (const kind of KINDS) {
                  for (const ownDocument of [true, false]) {
                    const target: Target = {
                      registrarOid: a.organizer,
                      serviceTask: '24',
                      documentType: kind.documentType,
                      documentGroup: kind.documentGroup,
                      organizationOid: ownDocument ? a.organizationOid : a.organizer,
                      serviceUnitOid: ownDocument ? a.unit : UNIT,
                      status: 'active',
                    };
                    const want = producerExpected(role, a, s, strong, purpose, action, kind, ownDocument);
                    const d = decideAccess(actor, action, target, facts, ctx);
                    const got = d.effect === 'allow' ? undefined : d.rule;
                    checked++;
                    if (got === undefined) allowed++;
                    if (want === undefined && got !== undefined) wrongfulDenials++;
                    else if (want !== undefined && got === undefined) wrongfulAllows++;
                    else if (want !== got) wrongRule++;
                    if (want !== got || evaluate(filter, target, facts) !== (got === undefined)) {
                      failures.push(
                        `${a.name} / ${role} / ${s.name} / ${strong ? 'strong' : 'weak'} / ${purpose ? 'purpose' : 'no purpose'} / ${action} / ${kind.kind} by ${ownDocument ? 'itself' : 'the organizer'}: expected ${want ?? 'allow'}, got ${got ?? 'allow'}`,
                      );
                    }
                    if (a.organizer === COUNTY) {
                      const key = `${role}|${s.name}|${strong}|${purpose}|${action}|${kind.kind}|${ownDocument}`;
                      const seen = byModel.get(key) ?? new Set<string>();
                      seen.add(got ?? 'allow');
                      byModel.set(key, seen);
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    const differing = [...byModel.entries()].filter(([, v]) => v.size > 1).map(([k]) => k);
    t.diagnostic(
      `producer matrix: ${checked} cases checked (${allowed} allowed), ${wrongfulAllows} wrongful allows, ${wrongfulDenials} wrongful denials, ${wrongRule} refused by another rule than expected; ${byModel.size} cases compared across direct, subcontractor, joint and parallel actors, ${differing.length} differ`,
    );
    assert.deepEqual(failures.slice(0, 15), []);
    assert.deepEqual(differing.slice(0, 5), []);
    assert.equal(
      checked,
      PRODUCER_ACTORS.length *
        ROLES.length *
        PRODUCER_SITUATIONS.length *
        2 *
        2 *
        ACCESS_ACTIONS.length *
        KINDS.length *
        2,
    );
    assert.ok(allowed > 1000, 'the producer matrix must exercise allows as well as refusals');
  });
});
