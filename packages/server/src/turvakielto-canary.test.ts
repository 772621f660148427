// Turvakielto canary: persons under non-disclosure for personal safety get addresses and a home
// municipality made of unique strings; then every GET path of the API (from /openapi.json, filled
// with this world's identifiers) and the export are called as each actor that must not see them —
// a producer working for the client under a register usage right, another county, other roles and
// units, a worker without a care relation — and every response body is scanned for the strings.
// The organizer's own case worker is the control: the scan must find them in her answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, generateMinimalDocument } from '@varanto/domain/structures';
import { testEngines } from '@varanto/store/testing';
import { seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const COUNTY = '1.2.246.10.2323232';
const OTHER_COUNTY = '1.2.246.10.3434343';
const PRODUCER = '1.2.246.10.5656565';
const UNIT = `${COUNTY}.10.1`;
const UNIT_2 = `${COUNTY}.10.2`;
const OTHER_UNIT = `${OTHER_COUNTY}.10.1`;
const HOME = `${PRODUCER}.10.1`;
const REGISTER = `${COUNTY}.1264.1`;
const OTHER_REGISTER = `${OTHER_COUNTY}.1264.1`;
const reg = `/registers/${encodeURIComponent(REGISTER)}`;

/** The canaries: strings that occur nowhere but in the protected persons' records. */
const CANARIES = [
  { street: 'Kanarialinnunkuja 7 C 93', postalCode: '99871', postOffice: 'KANARIA7F3A', municipality: '978' },
  { street: 'Kirjosiipipolku 4 A 1', postalCode: '99872', postOffice: 'KANARIA9B21', municipality: '977' },
];
const needles = CANARIES.flatMap((c) => [
  c.street,
  c.postalCode,
  c.postOffice,
  `"homeMunicipality":"${c.municipality}"`,
]);

const entry = (type: string) =>
  generateMinimalDocument(builtinStructures().find((d) => d.typeCode === type)!, 1);

interface Actor {
  login: string;
  org: string;
  unit: string;
  role:
    | 'social_worker'
    | 'social_instructor'
    | 'practical_nurse'
    | 'office_worker'
    | 'archivist'
    | 'admin'
    | 'data_protection_officer';
  tasks: string[];
}

const AUTHORIZED: Actor = { login: 'leena', org: COUNTY, unit: UNIT, role: 'social_worker', tasks: ['24'] };
const UNAUTHORIZED: Actor[] = [
  { login: 'elina.producer', org: PRODUCER, unit: HOME, role: 'social_instructor', tasks: ['24'] },
  { login: 'jari.producer', org: PRODUCER, unit: HOME, role: 'social_worker', tasks: ['24'] },
  { login: 'olli.othercounty', org: OTHER_COUNTY, unit: OTHER_UNIT, role: 'social_worker', tasks: ['24'] },
  { login: 'pekka.nurse', org: COUNTY, unit: UNIT, role: 'practical_nurse', tasks: ['24'] },
  { login: 'ville.office', org: COUNTY, unit: UNIT, role: 'office_worker', tasks: ['24'] },
  { login: 'tuula.archivist', org: COUNTY, unit: UNIT, role: 'archivist', tasks: [] },
  { login: 'antti.admin', org: COUNTY, unit: UNIT, role: 'admin', tasks: [] },
  { login: 'sanna.dpo', org: COUNTY, unit: UNIT, role: 'data_protection_officer', tasks: [] },
  { login: 'mikko.childwelfare', org: COUNTY, unit: UNIT, role: 'social_worker', tasks: ['10'] },
  { login: 'riikka.otherunit', org: COUNTY, unit: UNIT_2, role: 'social_worker', tasks: ['24'] },
];

for (const engine of await testEngines()) {
  describe(`turvakielto canary (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const ids: Record<string, string> = {};
    const protectedKeys: string[] = [];
    const protectedHetus: string[] = [];
    const values: Record<string, string[]> = {};

    before(async () => {
      server = await startTestServer(engine, {}, { now: () => new Date('2026-05-04T09:00:00Z') });
      api = server.api;
      const persons = CANARIES.map((c, i) => ({
        name: `protected${i}`,
        hetu: hetu(i === 0 ? '1988-03-03' : '2016-06-06', 921 + i),
        familyName: 'Suojattu',
        givenNames: i === 0 ? 'Maria' : 'Emil',
        turvakielto: true,
        homeMunicipality: c.municipality,
        address: { street: c.street, postalCode: c.postalCode, postOffice: c.postOffice },
      }));
      const world = await seedWorld(server.db.store, {
        organizations: [
          { oid: COUNTY, name: 'Kanta-Hämeen hyvinvointialue' },
          { oid: OTHER_COUNTY, name: 'Toinen hyvinvointialue' },
          { oid: PRODUCER, name: 'Hoivapolku Oy', kind: 'private_provider' },
        ],
        serviceUnits: (
          [
            [UNIT, COUNTY],
            [UNIT_2, COUNTY],
            [OTHER_UNIT, OTHER_COUNTY],
            [HOME, PRODUCER],
          ] as const
        ).map(([oid, org]) => ({ oid, organizationOid: org, nameFi: `Yksikkö ${oid}`, municipality: '109' })),
        registers: [
          { id: REGISTER, registrarOid: COUNTY, name: 'Rekisteri' },
          { id: OTHER_REGISTER, registrarOid: OTHER_COUNTY, name: 'Toinen' },
        ],
        rightDefaults: { validFrom: '2020-01-01' },
        professionals: [AUTHORIZED, ...UNAUTHORIZED].map((a) => ({
          login: a.login,
          rights: [
            { organizationOid: a.org, serviceUnitOids: [a.unit], role: a.role, serviceTasks: a.tasks },
          ],
        })),
        persons,
      });
      Object.assign(ids, world.ids);
      for (const person of persons) {
        protectedHetus.push(person.hetu);
        protectedKeys.push(world.clientKeys[person.name]!);
      }
    });
    after(() => server.close());

    test('no response to an unauthorized actor carries a protected address; the case worker sees it', async (t) => {
      const leena = await api.login(AUTHORIZED.login);
      // The county's work: clienthoods (Leena the personal worker), a shared case, documents.
      for (const key of protectedKeys) {
        const r = await api.post<{ setId: string }>(`${reg}/clienthoods`, leena, {
          clientKey: key,
          started: '2026-04-01',
          serviceTask: '24',
          personalWorkerId: ids.leena,
        });
        assert.equal(r.status, 201, r.text);
        values.setId ??= [];
        values.setId.push(r.body.setId);
      }
      const kase = await api.post<{ caseOid: string; setId: string }>(`${reg}/cases`, leena, {
        serviceTask: '24',
        subject: { code: '1' },
        members: protectedKeys,
        opened: '2026-04-01',
      });
      assert.equal(kase.status, 201, kase.text);
      values.caseOid = [kase.body.caseOid];
      values.setId!.push(kase.body.setId);
      for (const type of ['15008', '19005']) {
        const d = await api.post<{ setId: string }>(`${reg}/documents`, leena, {
          metadata: {
            clients: [protectedKeys[0]],
            serviceTask: '24',
            documentType: type,
            documentDate: '2026-04-02',
            caseOid: kase.body.caseOid,
          },
          content: entry(type),
        });
        assert.equal(d.status, 201, d.text);
        values.setId!.push(d.body.setId);
      }
      // The producer works for both under a register usage right.
      for (const key of protectedKeys) {
        const r = await api.post<{ notices: { noticeId: string }[] }>(
          `${reg}/clienthoods/${key}/usage-rights`,
          leena,
          {
            serviceTask: '24',
            serviceUnitOid: HOME,
            start: '2026-04-15',
            caseOid: kase.body.caseOid,
          },
        );
        assert.equal(r.status, 201, r.text);
        values.noticeId ??= [];
        values.noticeId.push(r.body.notices[0]!.noticeId);
      }
      values.clientKey = protectedKeys;
      values.registerId = [REGISTER, OTHER_REGISTER];
      values.oid = [COUNTY, PRODUCER, OTHER_COUNTY];
      values.professionalId = Object.values(ids);
      values.version = ['1', '2'];
      values.serviceTask = ['24'];

      // Every GET path of the API, with each identifier of this world put in its parameters.
      const spec = await api.get<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json');
      const urls = new Set<string>();
      for (const [path, ops] of Object.entries(spec.body.paths)) {
        if (!('get' in ops) || path === '/openapi.json') continue;
        let expanded = [path];
        for (const param of path.match(/\{[^}]+\}/g) ?? []) {
          const name = param.slice(1, -1);
          const options = values[name] ?? ['1.2.246.537.6.1221'];
          expanded = expanded.flatMap((p) => options.map((v) => p.replace(param, encodeURIComponent(v))));
        }
        for (const u of expanded) urls.add(u);
      }
      for (const key of protectedKeys) {
        urls.add(`/documents?client=${key}&includeInvalidated=true`);
        urls.add(`/access/explain?client=${key}&serviceTask=24&documentType=19005`);
        urls.add(`/clients/${key}/access-log.csv`);
      }
      for (const h of protectedHetus) urls.add(`/persons?hetu=${h}`);
      urls.add('/persons?text=Suojattu');
      urls.add('/documents?includeInvalidated=true&limit=200');
      urls.add('/usage-rights/notices?includeAcknowledged=true');
      urls.add('/usage-rights?includeEnded=true');
      assert.ok(urls.size > 40, `only ${urls.size} urls`);

      const scan = async (token: string, label: string, archivist: boolean) => {
        const hits: string[] = [];
        let answered = 0;
        for (const url of urls) {
          const res = await api.call('GET', url, {
            token,
            ...(archivist ? { headers: { 'x-purpose': 'Arkistonhoito: tarkistus' } } : {}),
          });
          if (res.status === 200) answered++;
          for (const n of needles) if (res.text.includes(n)) hits.push(`${label} GET ${url}: ${n}`);
        }
        return { hits, answered };
      };

      // The control: the canary is found where the organizer's case worker looks.
      const control = await scan(leena, 'leena', false);
      assert.ok(control.hits.length >= 4, `the control must see the canaries: ${control.hits.join('; ')}`);

      // Writes of the unauthorized answer too: the producer records, and creates a protected person.
      const elina = await api.login('elina.producer');
      const producerWrite = await api.post(`${reg}/documents`, elina, {
        metadata: {
          clients: [protectedKeys[1]],
          serviceTask: '24',
          documentType: '19005',
          documentDate: '2026-05-04',
        },
        content: entry('19005'),
      });
      const office = await api.login('ville.office');
      const created = await api.post('/persons', office, {
        hetu: hetu('1979-09-09', 935),
        familyName: 'Uusi',
        givenNames: 'Suojattu',
        turvakielto: true,
        address: { street: 'Kanariapolku 1 canary-new', postalCode: '99873', postOffice: 'KANARIAUUSI' },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(producerWrite.status, 201, producerWrite.text);
      const writeHits = [producerWrite.text, created.text].filter((t) =>
        [...needles, 'canary-new', 'KANARIAUUSI', '99873'].some((n) => t.includes(n)),
      );

      let hits = writeHits.length;
      let responses = 2;
      let answered = 0;
      const found: string[] = [];
      for (const a of UNAUTHORIZED) {
        for (const method of ['certificate-card-demo', 'password'] as const) {
          const token = await api.login(a.login, method);
          const r = await scan(token, `${a.login} (${method})`, a.role === 'archivist');
          hits += r.hits.length;
          answered += r.answered;
          responses += urls.size;
          found.push(...r.hits);
        }
      }
      // The withheld marker tells the unauthorized reader that something is withheld, and why.
      const producerView = await api.get<{ withheld?: { fields: string[]; rule: string } }>(
        `/persons/${protectedKeys[0]}`,
        elina,
      );
      assert.deepEqual(producerView.body.withheld?.fields, ['address', 'homeMunicipality']);
      assert.equal(producerView.body.withheld?.rule, 'turvakielto_not_organizer');
      t.diagnostic(
        `turvakielto canary: ${responses} responses to ${UNAUTHORIZED.length} unauthorized actors (strong and weak logins; ${answered} answered 200) over ${urls.size} URLs scanned, ${hits} hits; control found ${control.hits.length}`,
      );
      assert.deepEqual(found.slice(0, 10), []);
      assert.equal(hits, 0);
      assert.ok(answered > 100, `only ${answered} answers: the scan must reach data, not only refusals`);
    });
  });
}
