// The register usage right as the clienthood document records it (palveluntuottaja and
// palveluntoteuttaja with their dates), ending a clienthood, and the clients of a shared case's
// documents.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { makeHetu } from '../identity/index.ts';
import { defaultRegistry, validate } from '../structures/index.ts';
import {
  addServiceTask,
  type BuildResult,
  type ClienthoodFacts,
  caseDocumentClients,
  clienthoodContent,
  endClienthood,
  endUsageRight,
  openClienthood,
  openUsageRight,
  parseClienthoodContent,
  presentOn,
  usageRightsOf,
} from './builders.ts';

function value<T>(r: BuildResult<T>): T {
  if (!r.ok) assert.fail(`refused: ${r.rule}: ${r.reason}`);
  return r.value;
}
function rule<T>(r: BuildResult<T>): string {
  assert.equal(r.ok, false, 'expected a refusal');
  return r.ok ? '' : r.rule;
}

const county = { oid: '1.2.246.10.1.10.1', name: 'Lapsiperheiden sosiaalityö' };
const home = { oid: '1.2.246.10.2.10.1', name: 'Perhekoti Kuusela' };
const sub = { oid: '1.2.246.10.3.10.1', name: 'Tukiperhepalvelu Oy' };
const families = { code: '24', display: 'Lapsiperheiden palvelut' };
const childProtection = { code: '10', display: 'Lastensuojelu' };
const familyWork = { code: '15', display: 'Kasvatus- ja perheneuvonta' };

const made = makeHetu({ birthDate: '2014-02-07', individualNumber: 902 });
if (!made.ok) throw new Error('test hetu');
const AINO_HETU = made.value.value;

function opened(): ClienthoodFacts {
  return openClienthood({
    clienthoodOid: '1.2.246.10.1.97.2026.1',
    client: {
      familyName: 'Virtanen',
      givenNames: 'Aino',
      identifier: { kind: 'hetu', value: AINO_HETU },
      turvakielto: false,
    },
    started: '2026-01-10',
    organizerUnit: county,
    serviceTask: { task: families, unit: county },
  });
}

describe('register usage right on the clienthood document', () => {
  test('the producer unit with social service and dates is written where the structure has it', () => {
    const f = value(
      openUsageRight(opened(), '24', {
        unit: home,
        socialServices: [familyWork],
        start: '2026-02-01',
        end: '2026-08-31',
      }),
    );
    const task = clienthoodContent(f).asiakkuusasiakirja.sosiaalihuollon_palvelutehtava as Record<
      string,
      unknown
    >[];
    assert.deepEqual(task[0]!.palveluntuottaja, [
      {
        sosiaalipalvelu: [
          { system: 'urn:oid:1.2.246.537.6.1222', code: '15', display: 'Kasvatus- ja perheneuvonta' },
        ],
        palveluyksikon_nimi: { system: 'urn:oid:1.2.246.537.6.202', code: home.oid, display: home.name },
        asiakkuuden_alkamispvm: '2026-02-01',
        asiakkuuden_paattymispvm: '2026-08-31',
      },
    ]);
    assert.deepEqual(usageRightsOf(f), [
      { serviceTask: '24', unit: home, socialServices: [familyWork], start: '2026-02-01', end: '2026-08-31' },
    ]);
  });

  test("a subcontractor's unit is recorded under its producer and ends no later than it", () => {
    let f = value(openUsageRight(opened(), '24', { unit: home, socialServices: [], start: '2026-02-01' }));
    f = value(
      openUsageRight(f, '24', {
        unit: sub,
        socialServices: [familyWork],
        start: '2026-03-01',
        underProducerUnitOid: home.oid,
      }),
    );
    assert.deepEqual(
      usageRightsOf(f).map((r) => [r.unit.oid, r.producerUnitOid, r.start, r.end]),
      [
        [home.oid, undefined, '2026-02-01', undefined],
        [sub.oid, home.oid, '2026-03-01', undefined],
      ],
    );
    f = value(endUsageRight(f, '24', home.oid, '2026-06-30'));
    assert.deepEqual(
      usageRightsOf(f).map((r) => [r.unit.oid, r.end]),
      [
        [home.oid, '2026-06-30'],
        [sub.oid, '2026-06-30'],
      ],
    );
    // Ending only the subcontractor leaves the producer's right as it was.
    f = value(endUsageRight(f, '24', sub.oid, '2026-05-31'));
    assert.deepEqual(
      usageRightsOf(f).map((r) => [r.unit.oid, r.end]),
      [
        [home.oid, '2026-06-30'],
        [sub.oid, '2026-05-31'],
      ],
    );
  });

  test('refusals name their rule', () => {
    const f = opened();
    const right = { unit: home, socialServices: [], start: '2026-02-01' };
    assert.equal(rule(openUsageRight(f, '10', right)), 'service_task_not_open');
    assert.equal(rule(openUsageRight(f, '24', { ...right, start: '2025-12-31' })), 'clienthood_not_started');
    assert.equal(rule(openUsageRight(f, '24', { ...right, end: '2026-01-31' })), 'end_before_start');
    const once = value(openUsageRight(f, '24', right));
    assert.equal(rule(openUsageRight(once, '24', { ...right, start: '2026-05-01' })), 'usage_right_open');
    assert.equal(
      rule(openUsageRight(f, '24', { ...right, unit: sub, underProducerUnitOid: home.oid })),
      'producer_not_found',
    );
    assert.equal(rule(endUsageRight(f, '24', home.oid, '2026-03-01')), 'usage_right_not_found');
    assert.equal(rule(endUsageRight(once, '24', home.oid, '2026-01-31')), 'end_before_start');
    const ended = value(endClienthood(f, '2026-12-31'));
    assert.equal(rule(openUsageRight(ended, '24', right)), 'clienthood_ended');
    // A right that ended may follow with a new period for the same unit.
    const closed = value(endUsageRight(once, '24', home.oid, '2026-03-31'));
    const again = value(openUsageRight(closed, '24', { ...right, start: '2026-05-01' }));
    assert.equal(usageRightsOf(again).length, 2);
  });

  test('ending the clienthood ends open service tasks and rights without an end, not later ends', () => {
    let f = value(addServiceTask(opened(), childProtection, county, '2026-02-01'));
    f = value(openUsageRight(f, '24', { unit: home, socialServices: [], start: '2026-02-01' }));
    f = value(
      openUsageRight(f, '10', { unit: sub, socialServices: [], start: '2026-02-01', end: '2027-01-31' }),
    );
    const ended = value(endClienthood(f, '2026-12-31', 'Asiakkaalla ei enää palvelujen tarvetta.'));
    assert.equal(ended.ended, '2026-12-31');
    assert.ok(ended.serviceTasks.every((t) => t.periods.every((p) => p.end === '2026-12-31')));
    assert.deepEqual(
      usageRightsOf(ended).map((r) => [r.unit.oid, r.end]),
      [
        [home.oid, '2026-12-31'],
        [sub.oid, '2027-01-31'],
      ],
    );
    const body = clienthoodContent(ended).asiakkuusasiakirja;
    assert.deepEqual(body.sosiaalihuollon_asiakkuus, {
      asiakkuuden_paattymisen_perustelu: 'Asiakkaalla ei enää palvelujen tarvetta.',
      asiakkuuden_alkamispvm: '2026-01-10',
      asiakkuuden_paattymispvm: '2026-12-31',
    });
    assert.equal(rule(endClienthood(ended, '2027-01-01')), 'clienthood_ended');
    assert.equal(rule(endClienthood(f, '2025-01-01')), 'end_before_start');
  });

  test('the content validates against 1505.1 and reads back to the same facts', () => {
    let f = value(
      openUsageRight(opened(), '24', { unit: home, socialServices: [familyWork], start: '2026-02-01' }),
    );
    f = value(
      openUsageRight(f, '24', {
        unit: sub,
        socialServices: [familyWork],
        start: '2026-02-15',
        underProducerUnitOid: home.oid,
      }),
    );
    f = value(endUsageRight(f, '24', home.oid, '2026-09-30'));
    f = value(endClienthood(f, '2026-10-31', 'Palvelu päättyi.'));
    const content = clienthoodContent(f);
    const definition = defaultRegistry().latestForType('1505.1');
    assert.ok(definition);
    const r = validate(definition, content);
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => `${e.pointer}: ${e.message}`), []);
    assert.deepEqual(
      value(parseClienthoodContent(JSON.parse(JSON.stringify(content)))),
      JSON.parse(JSON.stringify(f)),
    );
  });

  test("a producer entry's contacts and a task's unknown properties survive the next version", () => {
    const f = value(openUsageRight(opened(), '24', { unit: home, socialServices: [], start: '2026-02-01' }));
    const content = clienthoodContent(f);
    const task = (content.asiakkuusasiakirja.sosiaalihuollon_palvelutehtava as Record<string, unknown>[])[0]!;
    (task.palveluntuottaja as Record<string, unknown>[])[0]!.yhteystiedot = { puhelinnumero: '0401234567' };
    const next = value(endUsageRight(value(parseClienthoodContent(content)), '24', home.oid, '2026-03-01'));
    const after = (
      clienthoodContent(next).asiakkuusasiakirja.sosiaalihuollon_palvelutehtava as Record<string, unknown>[]
    )[0]!;
    assert.deepEqual((after.palveluntuottaja as Record<string, unknown>[])[0]!.yhteystiedot, {
      puhelinnumero: '0401234567',
    });
  });

  test('property: any sequence of openings and endings round-trips through the content', () => {
    const units = [home, sub, { oid: '1.2.246.10.4.10.1', name: 'Kolmas' }];
    const arbStep = fc.oneof(
      fc.record({
        kind: fc.constant('open' as const),
        unit: fc.constantFrom(...units),
        start: fc.integer({ min: 0, max: 300 }),
        length: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        under: fc.option(fc.constantFrom(...units.map((u) => u.oid)), { nil: undefined }),
      }),
      fc.record({
        kind: fc.constant('end' as const),
        unit: fc.constantFrom(...units),
        at: fc.integer({ min: 0, max: 400 }),
      }),
    );
    const day = (n: number) => {
      const d = new Date('2026-01-10T00:00:00Z');
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    };
    let applied = 0;
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 8 }), (steps) => {
        let f = opened();
        for (const s of steps) {
          const r =
            s.kind === 'open'
              ? openUsageRight(f, '24', {
                  unit: s.unit,
                  socialServices: [],
                  start: day(s.start),
                  ...(s.length !== undefined ? { end: day(s.start + s.length) } : {}),
                  ...(s.under !== undefined && s.under !== s.unit.oid
                    ? { underProducerUnitOid: s.under }
                    : {}),
                })
              : endUsageRight(f, '24', s.unit.oid, day(s.at));
          if (r.ok) {
            f = r.value;
            applied++;
          }
          for (const right of usageRightsOf(f))
            assert.ok(right.end === undefined || right.end >= right.start);
        }
        const plain = JSON.parse(JSON.stringify(f));
        assert.deepEqual(
          value(parseClienthoodContent(JSON.parse(JSON.stringify(clienthoodContent(f))))),
          plain,
        );
      }),
      { numRuns: 300 },
    );
    assert.ok(applied > 100, `only ${applied} steps applied`);
  });
});

describe('documents of a shared case', () => {
  const members = [
    { joined: '2026-01-01T08:00:00Z' },
    { joined: '2026-01-01T08:00:00Z', left: '2026-03-15T12:00:00+02:00' },
    { joined: '2026-02-01' },
  ];
  const keys = ['mother', 'father', 'child'];

  test('a document belongs to each member present at its date', () => {
    assert.deepEqual(value(caseDocumentClients(members, keys, ['child'], '2026-02-10')), [
      'child',
      'mother',
      'father',
    ]);
    // The father left on 15 March: later documents are not his.
    assert.deepEqual(value(caseDocumentClients(members, keys, ['mother'], '2026-04-01')), [
      'mother',
      'child',
    ]);
    // The child had not yet joined in January.
    assert.deepEqual(value(caseDocumentClients(members, keys, ['mother'], '2026-01-20')), [
      'mother',
      'father',
    ]);
  });

  test('naming a client who was not a member on the date is refused with the index', () => {
    const r = caseDocumentClients(members, keys, ['mother', 'father'], '2026-04-01');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.rule, 'not_case_member_on_date');
    assert.equal(!r.ok && 'index' in r ? r.index : -1, 1);
  });

  test('present on a date: joined by then and not left before it (the leaving day counts)', () => {
    assert.equal(presentOn({ joined: '2026-01-01', left: '2026-03-15T23:00:00Z' }, '2026-03-15'), true);
    assert.equal(presentOn({ joined: '2026-01-01', left: '2026-03-15' }, '2026-03-16'), false);
    assert.equal(presentOn({ joined: '2026-01-02T00:00:00Z' }, '2026-01-01'), false);
  });
});
