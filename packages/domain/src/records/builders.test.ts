import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { makeHetu } from '../identity/index.ts';
import { defaultRegistry, validate } from '../structures/index.ts';
import {
  activeMembers,
  addCaseMember,
  addServiceTask,
  type BuildResult,
  type CaseFacts,
  type ClienthoodFacts,
  type ClientPerson,
  caseContent,
  clienthoodContent,
  closeCase,
  endServiceTask,
  isSharedCase,
  leaveCase,
  openCase,
  openClienthood,
  openServiceTasks,
  parseCaseContent,
  parseClienthoodContent,
  setPersonalWorker,
} from './builders.ts';

function value<T>(r: BuildResult<T>): T {
  if (!r.ok) assert.fail(`refused: ${r.rule}: ${r.reason}`);
  return r.value;
}

function rule<T>(r: BuildResult<T>): string {
  assert.equal(r.ok, false);
  return r.ok ? '' : r.rule;
}

const unit = { oid: '1.2.246.10.1.10.1', name: 'Perhekeskus' };
const unit2 = { oid: '1.2.246.10.1.10.2', name: 'Aikuissosiaalityö' };
const familyServices = { code: '24', display: 'Lapsiperheiden palvelut' };
const childProtection = { code: '10', display: 'Lastensuojelu' };

const anna: ClientPerson = {
  familyName: 'Virtanen',
  givenNames: 'Anna',
  identifier: { kind: 'hetu', value: '010190-900P' },
  turvakielto: true,
};
const eero: ClientPerson = {
  familyName: 'Virtanen',
  givenNames: 'Eero',
  identifier: { kind: 'temporary', system: '1.2.246.10.1.22.2024', value: '010124A9010' },
  birthDate: '2024-01-01',
  turvakielto: false,
};

function opened(): ClienthoodFacts {
  return openClienthood({
    clienthoodOid: '1.2.246.10.1.97.2024.1',
    client: anna,
    started: '2024-03-01',
    organizerUnit: unit,
    serviceTask: { task: familyServices, unit },
  });
}

describe('clienthood document builder', () => {
  test('opening writes the 1505.1 shape with the clienthood, client and service task', () => {
    const c = clienthoodContent(opened());
    assert.deepEqual(c.asiakkuusasiakirja.asiakkuuden_yksilointitunnus, { value: '1.2.246.10.1.97.2024.1' });
    assert.deepEqual(c.asiakkuusasiakirja.asiakas, {
      sukunimi: 'Virtanen',
      etunimet: 'Anna',
      henkilotunnus: { system: '1.2.246.21', value: '010190-900P' },
      turvakielto: true,
    });
    assert.deepEqual(c.asiakkuusasiakirja.sosiaalihuollon_asiakkuus, {
      asiakkuuden_alkamispvm: '2024-03-01',
    });
    assert.deepEqual(c.asiakkuusasiakirja.sosiaalihuollon_palvelutehtava, [
      {
        palvelutehtava: {
          system: 'urn:oid:1.2.246.537.6.1221',
          code: '24',
          display: 'Lapsiperheiden palvelut',
        },
        palvelunjarjestajan_palveluyksikko: [
          {
            palveluyksikon_nimi: {
              system: 'urn:oid:1.2.246.537.6.202',
              code: '1.2.246.10.1.10.1',
              display: 'Perhekeskus',
            },
            asiakkuuden_alkamispvm: '2024-03-01',
          },
        ],
      },
    ]);
  });

  test('service tasks open, end and reopen as periods', () => {
    let f = value(addServiceTask(opened(), childProtection, unit2, '2024-04-01'));
    assert.deepEqual(openServiceTasks(f), ['24', '10']);
    assert.equal(rule(addServiceTask(f, childProtection, unit2, '2024-05-01')), 'service_task_open');
    f = value(endServiceTask(f, '10', '2024-06-30'));
    assert.deepEqual(openServiceTasks(f), ['24']);
    assert.equal(rule(endServiceTask(f, '10', '2024-07-01')), 'service_task_not_open');
    assert.equal(rule(addServiceTask(f, childProtection, unit2, '2024-06-01')), 'end_before_start');
    f = value(addServiceTask(f, childProtection, unit, '2024-08-01'));
    assert.deepEqual(openServiceTasks(f), ['24', '10']);
    const task = f.serviceTasks.find((t) => t.task.code === '10')!;
    assert.deepEqual(
      task.periods.map((p) => [p.unit.oid, p.start, p.end]),
      [
        [unit2.oid, '2024-04-01', '2024-06-30'],
        [unit.oid, '2024-08-01', undefined],
      ],
    );
  });

  test('refusals name their rule', () => {
    assert.equal(rule(addServiceTask(opened(), childProtection, unit, '2024-01-01')), 'end_before_start');
    assert.equal(rule(endServiceTask(opened(), '24', '2024-02-01')), 'end_before_start');
    assert.equal(rule(endServiceTask(opened(), '99', '2024-05-01')), 'service_task_not_open');
    const ended: ClienthoodFacts = { ...opened(), ended: '2024-12-31' };
    assert.equal(rule(addServiceTask(ended, childProtection, unit, '2025-01-01')), 'clienthood_ended');
    assert.equal(
      rule(setPersonalWorker(ended, { familyName: 'Sosiaali', givenNames: 'Sari' })),
      'clienthood_ended',
    );
  });

  test('the personal worker is set, replaced and removed', () => {
    const sari = { familyName: 'Sosiaali', givenNames: 'Sari', unit, registrationNumber: '123' };
    let f = value(setPersonalWorker(opened(), sari));
    assert.deepEqual(clienthoodContent(f).asiakkuusasiakirja.palveluista_vastaava_tyontekija, [
      {
        sukunimi: 'Sosiaali',
        etunimet: 'Sari',
        palveluyksikko: { system: 'urn:oid:1.2.246.537.6.202', code: unit.oid, display: unit.name },
        rekisterointitunnus: { value: '123' },
      },
    ]);
    f = value(setPersonalWorker(f, undefined));
    assert.equal('palveluista_vastaava_tyontekija' in clienthoodContent(f).asiakkuusasiakirja, false);
  });

  test('properties the facts do not model survive a new version', () => {
    const c = clienthoodContent(opened());
    const body = c.asiakkuusasiakirja;
    const edited = {
      asiakkuusasiakirja: {
        ...body,
        riskitieto: [{ riskin_kuvaus: 'Aggressiivinen koira' }],
        asiakas: { ...(body.asiakas as object), yhteystiedot: { puhelinnumero: '0401234567' } },
        sosiaalihuollon_asiakkuus: { ...(body.sosiaalihuollon_asiakkuus as object), vanha_asiakkuus: false },
      },
    };
    const next = value(
      addServiceTask(value(parseClienthoodContent(edited)), childProtection, unit, '2024-05-01'),
    );
    const out = clienthoodContent(next).asiakkuusasiakirja;
    assert.deepEqual(out.riskitieto, [{ riskin_kuvaus: 'Aggressiivinen koira' }]);
    assert.deepEqual((out.asiakas as { yhteystiedot: unknown }).yhteystiedot, {
      puhelinnumero: '0401234567',
    });
    assert.deepEqual(out.sosiaalihuollon_asiakkuus, {
      vanha_asiakkuus: false,
      asiakkuuden_alkamispvm: '2024-03-01',
    });
  });

  test('content that is not a clienthood document is refused', () => {
    for (const bad of [null, 1, {}, { asiakkuusasiakirja: {} }, { asia_asiakirja: {} }]) {
      assert.equal(rule(parseClienthoodContent(bad)), 'not_a_record_document');
    }
  });
});

// --- generators for the round-trip properties ---------------------------------------------------

const arbDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const arbText = fc.string({ minLength: 1, maxLength: 12 });
const arbUnit = fc.record({ oid: fc.constantFrom(unit.oid, unit2.oid), name: arbText });
const arbCoding = fc.record({ code: fc.constantFrom('10', '15', '20', '24'), display: arbText });
const arbIdentifier = fc.oneof(
  fc.record({ kind: fc.constant('hetu' as const), value: arbText }),
  fc.record({ kind: fc.constant('temporary' as const), system: arbText, value: arbText }),
);
const arbPerson = (turvakielto: fc.Arbitrary<boolean>) =>
  fc.record(
    {
      familyName: arbText,
      givenNames: arbText,
      identifier: arbIdentifier,
      birthDate: arbDate,
      turvakielto,
    },
    { requiredKeys: ['familyName', 'givenNames', 'identifier', 'turvakielto'] },
  );
const arbPeriod = fc.record(
  { unit: arbUnit, start: arbDate, end: arbDate },
  { requiredKeys: ['unit', 'start'] },
);

const arbClienthood: fc.Arbitrary<ClienthoodFacts> = fc.record(
  {
    clienthoodOid: arbText,
    client: arbPerson(fc.boolean()),
    started: arbDate,
    ended: arbDate,
    organizerUnit: arbUnit,
    serviceTasks: fc.array(fc.record({ task: arbCoding, periods: fc.array(arbPeriod, { maxLength: 3 }) }), {
      maxLength: 3,
    }),
    personalWorker: fc.record(
      { familyName: arbText, givenNames: arbText, unit: arbUnit, registrationNumber: arbText },
      { requiredKeys: ['familyName', 'givenNames'] },
    ),
    clientOther: fc.constant({}),
    other: fc.constant({}),
  },
  { requiredKeys: ['clienthoodOid', 'client', 'started', 'serviceTasks', 'clientOther', 'other'] },
);

const arbCase: fc.Arbitrary<CaseFacts> = fc.record(
  {
    caseOid: arbText,
    organizerUnit: arbUnit,
    subject: arbCoding,
    state: arbCoding,
    opened: arbDate,
    ended: arbDate,
    serviceTask: arbCoding,
    members: fc.array(
      fc.record(
        { person: arbPerson(fc.constant(false)), joined: arbDate, left: arbDate },
        { requiredKeys: ['person', 'joined'] },
      ),
      { minLength: 1, maxLength: 4 },
    ),
    other: fc.constant({}),
  },
  {
    requiredKeys: [
      'caseOid',
      'organizerUnit',
      'subject',
      'state',
      'opened',
      'serviceTask',
      'members',
      'other',
    ],
  },
);

/** fast-check builds null-prototype records; the facts the API builds are plain JSON objects. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('record document round trip', () => {
  test('property: clienthood facts → content → facts is the identity', () => {
    fc.assert(
      fc.property(arbClienthood.map(plain), (f) => {
        assert.deepEqual(value(parseClienthoodContent(clienthoodContent(f))), f);
      }),
      { numRuns: 300 },
    );
  });

  test('property: case facts → content → facts is the identity', () => {
    fc.assert(
      fc.property(arbCase.map(plain), (f) => {
        assert.deepEqual(value(parseCaseContent(caseContent(f))), f);
      }),
      { numRuns: 300 },
    );
  });

  test('property: content survives a JSON round trip (what the store keeps)', () => {
    fc.assert(
      fc.property(arbClienthood, arbCase, (c, k) => {
        assert.deepEqual(JSON.parse(JSON.stringify(clienthoodContent(c))), clienthoodContent(c));
        assert.deepEqual(JSON.parse(JSON.stringify(caseContent(k))), caseContent(k));
      }),
      { numRuns: 100 },
    );
  });
});

describe('case document builder', () => {
  const open = () =>
    value(
      openCase({
        caseOid: '1.2.246.10.1.96.2024.7',
        organizerUnit: unit,
        subject: { code: '1', display: 'Lastensuojeluasia' },
        state: { code: '1', display: 'Vireillä' },
        opened: '2024-03-01',
        serviceTask: childProtection,
        members: [{ person: anna, joined: '2024-03-01T09:00:00Z' }],
      }),
    );

  test('opening writes the 1505.2 shape', () => {
    const c = caseContent(open()).asia_asiakirja;
    assert.deepEqual(c.asiakas, [
      {
        sukunimi: 'Virtanen',
        etunimet: 'Anna',
        henkilotunnus: { system: '1.2.246.21', value: '010190-900P' },
        asiaan_liittymishetki: '2024-03-01T09:00:00Z',
      },
    ]);
    assert.deepEqual(c.asian_tiedot, {
      asiatunnus: { value: '1.2.246.10.1.96.2024.7' },
      nimi: { system: 'urn:oid:1.2.246.537.6.1265', code: '1', display: 'Lastensuojeluasia' },
      tila: { system: 'urn:oid:1.2.246.537.6.1501', code: '1', display: 'Vireillä' },
      avauspaiva: '2024-03-01',
      yhteinen_asia: false,
      palvelutehtava: { system: 'urn:oid:1.2.246.537.6.1221', code: '10', display: 'Lastensuojelu' },
    });
  });

  test('a second client makes the case shared; leaving keeps the history', () => {
    let f = value(addCaseMember(open(), eero, '2024-04-01T10:00:00Z'));
    assert.equal(isSharedCase(f), true);
    assert.equal(rule(addCaseMember(f, eero, '2024-04-02T10:00:00Z')), 'already_member');
    f = value(leaveCase(f, eero.identifier, '2024-05-01T10:00:00Z'));
    assert.deepEqual(
      activeMembers(f).map((m) => m.person.givenNames),
      ['Anna'],
    );
    const content = caseContent(f).asia_asiakirja;
    assert.equal((content.asian_tiedot as { yhteinen_asia: boolean }).yhteinen_asia, true);
    assert.equal(
      (content.asiakas as { asiasta_poistumishetki?: string }[])[1]?.asiasta_poistumishetki,
      '2024-05-01T10:00:00Z',
    );
    // Rejoining after leaving is a new membership, not a conflict.
    f = value(addCaseMember(f, eero, '2024-06-01T10:00:00Z'));
    assert.equal(activeMembers(f).length, 2);
  });

  test('refusals name their rule', () => {
    assert.equal(rule(leaveCase(open(), anna.identifier, '2024-04-01T00:00:00Z')), 'last_member');
    assert.equal(rule(leaveCase(open(), eero.identifier, '2024-04-01T00:00:00Z')), 'not_member');
    const closed = value(closeCase(open(), '2024-09-30', { code: '3', display: 'Päättynyt' }));
    assert.equal(rule(closeCase(closed, '2024-10-01', { code: '3', display: 'Päättynyt' })), 'case_closed');
    assert.equal(rule(addCaseMember(closed, eero, '2024-10-01T00:00:00Z')), 'case_closed');
    assert.equal(rule(closeCase(open(), '2024-01-01', { code: '3', display: 'x' })), 'end_before_start');
    const joinedLater = value(addCaseMember(open(), eero, '2024-06-01T10:00:00Z'));
    assert.equal(
      rule(closeCase(joinedLater, '2024-05-31', { code: '3', display: 'x' })),
      'end_before_member_joined',
    );
    assert.equal(closeCase(joinedLater, '2024-06-01', { code: '3', display: 'x' }).ok, true);
    const twice = openCase({
      caseOid: 'x',
      organizerUnit: unit,
      subject: childProtection,
      state: childProtection,
      opened: '2024-01-01',
      serviceTask: childProtection,
      members: [
        { person: anna, joined: '2024-01-01' },
        { person: { ...anna, givenNames: 'Other' }, joined: '2024-01-01' },
      ],
    });
    assert.equal(rule(twice), 'already_member');
    assert.equal(rule(openCase({ ...open(), members: [] })), 'no_members');
  });

  test('content that is not a case document is refused', () => {
    for (const bad of [undefined, 'x', {}, { asia_asiakirja: { asian_tiedot: {} } }]) {
      assert.equal(rule(parseCaseContent(bad)), 'not_a_record_document');
    }
  });
});

describe('built content follows the national structures', () => {
  const validHetu = (birthDate: string, n: number) => {
    const r = makeHetu({ birthDate, individualNumber: n });
    assert.ok(r.ok);
    return r.value.value;
  };
  const mother: ClientPerson = { ...anna, identifier: { kind: 'hetu', value: validHetu('1990-01-01', 902) } };
  const child: ClientPerson = {
    ...eero,
    identifier: { kind: 'temporary', system: '1.2.246.10.1.22.2024', value: validHetu('2024-01-01', 901) },
  };

  function assertValid(typeCode: string, content: unknown) {
    const definition = defaultRegistry().latestForType(typeCode);
    assert.ok(definition, `structure ${typeCode} is built in`);
    const r = validate(definition, content);
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => `${e.pointer}: ${e.message}`), []);
  }

  test('a clienthood through its steps validates against 1505.1', () => {
    let f = openClienthood({
      clienthoodOid: '1.2.246.10.1.97.2024.1',
      client: mother,
      started: '2024-03-01',
      organizerUnit: unit,
      serviceTask: { task: familyServices, unit },
    });
    assertValid('1505.1', clienthoodContent(f));
    f = value(addServiceTask(f, childProtection, unit2, '2024-04-01'));
    f = value(endServiceTask(f, '10', '2024-05-01'));
    f = value(
      setPersonalWorker(f, { familyName: 'Sosiaali', givenNames: 'Sari', unit, registrationNumber: '123' }),
    );
    assertValid('1505.1', clienthoodContent(f));
  });

  test('a shared case through its steps validates against 1505.2', () => {
    let f = value(
      openCase({
        caseOid: '1.2.246.10.1.96.2024.7',
        organizerUnit: unit,
        subject: { code: '1', display: 'Lastensuojeluasia' },
        state: { code: '1', display: 'Avoin' },
        opened: '2024-03-01',
        serviceTask: childProtection,
        members: [{ person: mother, joined: '2024-03-01' }],
      }),
    );
    assertValid('1505.2', caseContent(f));
    f = value(addCaseMember(f, child, '2024-04-01T10:00:00Z'));
    f = value(leaveCase(f, mother.identifier, '2024-05-01T10:00:00+03:00'));
    f = value(closeCase(f, '2024-09-30', { code: '2', display: 'Suljettu' }));
    assertValid('1505.2', caseContent(f));
  });
});
