// The client access log and the misuse reports over HTTP on real PostgreSQL (embedded, and external
// when TEST_DATABASE_URL is set). The world is made through the API; the patterns the reports must
// find are planted by professionals acting through the API, next to a normal worker they must not.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { hireThroughApi, seedWorld } from './test-world.ts';
import {
  type ApiClient,
  bootstrapOrganization,
  hetu,
  narrativeEntry,
  type RunningTestServer,
  startTestServer,
} from './testing.ts';

const ORG_A = '1.2.246.10.1111111';
const UNIT_A = `${ORG_A}.10.1`;
const UNIT_A2 = `${ORG_A}.10.2`;
const ORG_B = '1.2.246.10.2222222';
/** A private producer the county gives a register usage right to (a family home). */
const PRODUCER = '1.2.246.10.8888888';
const HOME = `${PRODUCER}.10.1`;
const FAMILY = '24';
const PURPOSE = 'asiakkaan lokitietopyyntö 2026/17';

interface LogPage {
  clientKey: string;
  registrarOid: string;
  total: number;
  items: {
    at: string;
    actor: { login?: string; role?: string; kind: string };
    organization?: { oid: string; name?: string };
    serviceUnits: { oid: string; name?: string }[];
    action: string;
    outcome: string;
    rule?: string;
    purpose?: string;
    documents: { setId: string }[];
    careRelation?: { kind: string };
  }[];
}

interface Report {
  from: string;
  to: string;
  thresholds: Record<string, number>;
  clientsWithoutRelation: { user: { login?: string }; count: number; clientKeys: string[]; reason: string }[];
  repeatedLookups: {
    user: { login?: string };
    clientKey: string;
    lookups: number;
    reads: number;
    reason: string;
  }[];
}

const narrative = (text: string) => narrativeEntry(text, { author: 'Testinen' });

for (const engine of await testEngines()) {
  describe(`access log and misuse reports over HTTP (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const clients: string[] = [];
    let setId = '';

    const withPurpose = (token: string | undefined, purpose = PURPOSE) => ({
      ...(token !== undefined ? { token } : {}),
      headers: { 'x-purpose': purpose },
    });
    const logOf = (client: string, token: string | undefined, query = '', purpose = PURPOSE) =>
      api.call<LogPage>('GET', `/clients/${client}/access-log${query}`, withPurpose(token, purpose));
    const reportOf = (oid: string, token: string | undefined, query = '') =>
      api.call<Report>('GET', `/organizations/${oid}/misuse-reports${query}`, withPurpose(token));

    before(async () => {
      server = await startTestServer(engine);
      api = server.api;
      await bootstrapOrganization(server.db.store, {
        organizationOid: ORG_A,
        name: 'Itä-Uudenmaan hyvinvointialue',
        unitOid: `${ORG_A}.10.9`,
        adminLogin: 'admin.a',
      });
      await bootstrapOrganization(server.db.store, {
        organizationOid: ORG_B,
        name: 'Länsi-Uudenmaan hyvinvointialue',
        unitOid: `${ORG_B}.10.9`,
        adminLogin: 'admin.b',
      });
      tokens.adminA = await api.login('admin.a');
      tokens.adminB = await api.login('admin.b');
      for (const [oid, name] of [
        [UNIT_A, 'Perhekeskus'],
        [UNIT_A2, 'Aikuissosiaalityö'],
      ] as const) {
        const r: { status: number; text: string } = await api.post(
          `/organizations/${ORG_A}/service-units`,
          tokens.adminA,
          {
            oid,
            nameFi: name,
          },
        );
        assert.equal(r.status, 201, r.text);
      }
      for (const [token, id, registrarOid] of [
        [tokens.adminA, 'reg-a', ORG_A],
        [tokens.adminB, 'reg-b', ORG_B],
      ] as const) {
        const r = await api.post('/registers', token, {
          id,
          registrarOid,
          name: 'Sosiaalihuollon asiakasrekisteri',
        });
        assert.equal(r.status, 201, r.text);
      }
      const people: [string, 'adminA' | 'adminB', string, string, string, string[]][] = [
        ['sari', 'adminA', ORG_A, UNIT_A, 'social_worker', [FAMILY]],
        ['pia', 'adminA', ORG_A, UNIT_A2, 'social_worker', [FAMILY]],
        ['lauri', 'adminA', ORG_A, UNIT_A, 'social_instructor', [FAMILY]],
        ['dora', 'adminA', ORG_A, `${ORG_A}.10.9`, 'data_protection_officer', []],
        ['bea', 'adminB', ORG_B, `${ORG_B}.10.9`, 'data_protection_officer', []],
      ];
      for (const [login, admin, organizationOid, unitOid, role, serviceTasks] of people) {
        ids[login] = await hireThroughApi(
          api,
          tokens[admin]!,
          { login, givenNames: login[0]!.toUpperCase() + login.slice(1), familyName: 'Testinen' },
          { organizationOid, serviceUnitOids: [unitOid], role, serviceTasks, validFrom: '2024-01-01' },
        );
        tokens[login] = await api.login(login);
      }
      tokens.doraWeak = await api.login('dora', 'password');
      tokens.sariWeak = await api.login('sari', 'password');
      // Sari's eight clients: she opened their clienthoods and is their personal worker.
      for (let i = 0; i < 8; i++) {
        const p = await api.post<{ clientKey: string }>('/persons', tokens.sari, {
          hetu: hetu(`1980-01-${String(i + 1).padStart(2, '0')}`, 950 + i),
          familyName: 'Asiakas',
          givenNames: `Numero ${i}`,
        });
        assert.equal(p.status, 201, p.text);
        clients.push(p.body.clientKey);
        const c = await api.post('/registers/reg-a/clienthoods', tokens.sari, {
          clientKey: p.body.clientKey,
          started: '2025-01-01',
          serviceTask: FAMILY,
          serviceUnitOid: UNIT_A,
          personalWorkerId: ids.sari,
        });
        assert.equal(c.status, 201, c.text);
      }
      const doc = await api.post<{ setId: string }>('/registers/reg-a/documents', tokens.sari, {
        metadata: {
          clients: [clients[0]],
          serviceTask: FAMILY,
          documentType: '19005',
          documentDate: '2025-03-01',
          serviceUnitOid: UNIT_A,
        },
        content: narrative('Sovittiin seuraavasta tapaamisesta.'),
      });
      assert.equal(doc.status, 201, doc.text);
      setId = doc.body.setId;
      // Normal work: Sari reads her own clients, again and again, and records for them.
      for (let round = 0; round < 6; round++) {
        for (const c of clients) assert.equal((await api.get(`/persons/${c}`, tokens.sari)).status, 200);
      }
      const read = await api.call('GET', `/documents/${setId}`, withPurpose(tokens.sari, '=HYPERLINK("x")'));
      assert.equal(read.status, 200, read.text);
      // Pia, in another unit, opens every one of Sari's clients and searches their documents.
      for (const c of clients) {
        assert.equal((await api.get(`/persons/${c}`, tokens.pia)).status, 200);
        assert.equal((await api.get(`/documents?client=${c}`, tokens.pia)).status, 200);
      }
      assert.equal((await api.get(`/documents/${setId}`, tokens.pia)).status, 404);
      // Lauri, in Sari's unit but not on the client's matter, looks one client up six times.
      for (let n = 0; n < 6; n++)
        assert.equal((await api.get(`/persons/${clients[3]}`, tokens.lauri)).status, 200);

      // A producer's family home: the county records a register usage right of the home for one
      // of Sari's clients on the clienthood; the home's worker opens that client, and one more.
      const producer = await seedWorld(server.db.store, {
        organizations: [{ oid: PRODUCER, name: 'Hoivapolku Oy', kind: 'private_provider' }],
        serviceUnits: [
          { oid: HOME, organizationOid: PRODUCER, nameFi: 'Perhekoti Kuusela' },
          { oid: `${PRODUCER}.10.9`, organizationOid: PRODUCER, nameFi: 'Hallinto' },
        ],
        rightDefaults: { organizationOid: PRODUCER, validFrom: '2024-01-01' },
        professionals: [
          {
            login: 'elina',
            rights: [{ serviceUnitOids: [HOME], role: 'social_instructor', serviceTasks: [FAMILY] }],
          },
          {
            login: 'pirjo',
            rights: [
              { serviceUnitOids: [`${PRODUCER}.10.9`], role: 'data_protection_officer', serviceTasks: [] },
            ],
          },
        ],
      });
      Object.assign(ids, producer.ids);
      const right = await api.post(`/registers/reg-a/clienthoods/${clients[5]}/usage-rights`, tokens.sari, {
        serviceTask: FAMILY,
        serviceUnitOid: HOME,
        start: '2025-01-01',
      });
      assert.equal(right.status, 201, right.text);
      tokens.elina = await api.login('elina');
      tokens.pirjo = await api.login('pirjo');
      for (const c of [clients[5], clients[6]]) {
        assert.equal((await api.get(`/persons/${c}`, tokens.elina)).status, 200);
        assert.equal((await api.get(`/documents?client=${c}`, tokens.elina)).status, 200);
      }
    });
    after(() => server.close());

    test("the registrar's data protection officer sees who handled the client's data, where, when and why", async () => {
      const r = await logOf(clients[0]!, tokens.dora);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.registrarOid, ORG_A);
      const by = (login: string, action: string) =>
        r.body.items.filter((e) => e.actor.login === login && e.action === action);
      const store = by('sari', 'document.store')[0]!;
      assert.ok(store, 'the record Sari wrote');
      assert.deepEqual(
        store.documents.map((d) => d.setId),
        [setId],
      );
      assert.deepEqual(store.organization, { oid: ORG_A, name: 'Itä-Uudenmaan hyvinvointialue' });
      assert.deepEqual(store.serviceUnits, [{ oid: UNIT_A, name: 'Perhekeskus' }]);
      const sariRead = by('sari', 'document.read')[0]!;
      assert.equal(sariRead.careRelation?.kind, 'personal_worker');
      assert.equal(sariRead.purpose, '=HYPERLINK("x")');
      assert.match(sariRead.rule ?? '', /care_relation/);
      assert.equal(by('sari', 'person.read').length, 6);
      const piaRead = by('pia', 'document.read')[0]!;
      assert.deepEqual(
        [piaRead.outcome, piaRead.rule, piaRead.careRelation],
        ['denied', 'care_relation', undefined],
      );
      assert.equal(by('pia', 'document.search').length, 1);
      assert.ok(
        r.body.items.every((e, i) => i === 0 || r.body.items[i - 1]!.at >= e.at),
        'newest first',
      );
      assert.equal(r.body.total, r.body.items.length);

      const paged = await logOf(
        clients[0]!,
        tokens.dora,
        '?limit=3&offset=3&action=person.read,document.read',
      );
      assert.equal(paged.status, 200, paged.text);
      assert.equal(paged.body.items.length, 3);
      assert.ok(paged.body.items.every((e) => e.action === 'person.read' || e.action === 'document.read'));
      assert.equal(
        paged.body.total,
        6 + 1 + 1 + 1,
        "Sari's six lookups and her read, Pia's lookup and her refused read",
      );

      // Reading the log was itself logged, with its purpose, in the client's own log.
      const again = await logOf(clients[0]!, tokens.adminA, '?action=client_access_log.read');
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(
        again.body.items.map((e) => [e.actor.login, e.outcome, e.purpose, e.rule]),
        [
          ['dora', 'allowed', PURPOSE, 'audit_log_reader'],
          ['dora', 'allowed', PURPOSE, 'audit_log_reader'],
        ],
      );
    });

    test('the CSV carries the same entries, quoted, with formulas defused', async () => {
      const json = await logOf(clients[0]!, tokens.dora, '?action=document.read,document.store');
      const csv = await api.call(
        'GET',
        `/clients/${clients[0]}/access-log.csv?action=document.read,document.store`,
        withPurpose(tokens.dora),
      );
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="access-log-/);
      const lines = csv.text.trimEnd().split('\r\n');
      assert.equal(lines[0]!.split(',')[0], 'time_utc');
      assert.equal(lines.length - 1, json.body.total);
      assert.ok(
        lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`)),
        'the purpose is a quoted text, not a formula',
      );
    });

    test('other users get the same 404 as a client that does not exist, and each refusal is logged', async () => {
      const missing = await logOf(randomUUID(), tokens.dora);
      assert.equal(missing.status, 404);
      const refusals: [string, string, string][] = [
        ['bea', tokens.bea!, 'audit_log_client_scope'],
        ['sari', tokens.sari!, 'audit_log_role'],
        ['doraWeak', tokens.doraWeak!, 'strong_authentication'],
        ['sariWeak', tokens.sariWeak!, 'audit_log_role'],
      ];
      for (const [who, token] of refusals) {
        for (const path of [`/clients/${clients[0]}/access-log`, `/clients/${clients[0]}/access-log.csv`]) {
          const r = await api.call<Problem>('GET', path, withPurpose(token));
          assert.equal(r.status, 404, `${who} ${path}`);
          const m = missing.body as unknown as Problem;
          assert.deepEqual(
            [r.body.type, r.body.title, r.body.detail, r.body.rule],
            [m.type, m.title, m.detail, undefined],
            who,
          );
        }
      }
      const logged = await server.db.owner.pool.query<{
        actor_login: string;
        rule: string;
        purpose: string | null;
      }>(
        `SELECT actor_login, rule, purpose FROM audit_entry
          WHERE action = 'client_access_log.read' AND outcome = 'denied' AND client_key = $1`,
        [clients[0]],
      );
      for (const [who, , rule] of refusals) {
        const login = who.replace(/Weak$/, '');
        assert.ok(
          logged.rows.some((x) => x.actor_login === login && x.rule === rule && x.purpose === PURPOSE),
          `${who} refused by ${rule}`,
        );
      }
    });

    test('without a stated purpose even the officer is refused, and told why', async () => {
      const r = await logOf(clients[0]!, tokens.dora, '', '');
      assert.equal(r.status, 400);
      const p = r.body as unknown as Problem;
      assert.equal(p.rule, 'audit_log_purpose');
      assert.deepEqual(
        p.errors?.map((e) => [e.in, e.path]),
        [['header', '/x-purpose']],
      );
      const bad = await logOf('not-a-key', tokens.dora);
      assert.equal(bad.status, 400);
    });

    test('the misuse reports find the planted patterns and not the normal worker', async () => {
      const r = await reportOf(ORG_A, tokens.dora, '?clientsWithoutRelation=6');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.thresholds.windowDays, 7);
      assert.deepEqual(
        r.body.clientsWithoutRelation.map((f) => [f.user.login, f.count]),
        [['pia', 8]],
      );
      assert.deepEqual([...r.body.clientsWithoutRelation[0]!.clientKeys].sort(), [...clients].sort());
      assert.match(r.body.clientsWithoutRelation[0]!.reason, /8 clients/);
      assert.deepEqual(
        r.body.repeatedLookups.map((f) => [f.user.login, f.clientKey, f.lookups]),
        [['lauri', clients[3], 6]],
        'Sari looked her clients up as often, but she records for them',
      );
      const defaults = await reportOf(ORG_A, tokens.adminA);
      assert.equal(defaults.status, 200, defaults.text);
      assert.deepEqual(defaults.body.clientsWithoutRelation, [], 'eight clients are below the default 20');
      assert.deepEqual(
        defaults.body.repeatedLookups.map((f) => f.user.login),
        ['lauri'],
      );
      const merged = await reportOf(ORG_A, tokens.dora, '?lookupGapMinutes=30');
      assert.deepEqual(
        merged.body.repeatedLookups,
        [],
        'six lookups within seconds are one with a 30-minute gap',
      );
      const past = await reportOf(ORG_A, tokens.dora, '?to=2025-01-01T00:00:00Z&clientsWithoutRelation=1');
      assert.equal(past.status, 200, past.text);
      assert.equal(past.body.from, '2024-12-25T00:00:00.000Z');
      assert.deepEqual([past.body.clientsWithoutRelation, past.body.repeatedLookups], [[], []]);
    });

    test("a producer's worker who opens a client through the home's register usage right is not reported; one without is", async () => {
      const r = await reportOf(PRODUCER, tokens.pirjo, '?clientsWithoutRelation=1');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(
        r.body.clientsWithoutRelation.map((f) => [f.user.login, f.count, f.clientKeys]),
        [['elina', 1, [clients[6]]]],
        'the client under the right is work; the other is opened without a relation',
      );
      assert.match(
        r.body.clientsWithoutRelation[0]!.reason,
        /1 clients without an open case, a register usage right/,
      );
      // The producer's officer sees the right named as the relation held in the client's log.
      const log = await logOf(clients[5]!, tokens.pirjo);
      assert.equal(log.status, 200, log.text);
      const elinas = log.body.items.filter((e) => e.actor.login === 'elina');
      assert.deepEqual(
        elinas.map((e) => [e.action, e.careRelation?.kind]),
        [
          ['document.search', 'usage_right'],
          ['person.read', 'usage_right'],
        ],
      );
      const without = await logOf(clients[6]!, tokens.pirjo);
      assert.equal(without.status, 200, without.text);
      assert.ok(
        without.body.items.length > 0 && without.body.items.every((e) => e.careRelation === undefined),
      );
      // The producer's report is its own officer's: the county's officer and the producer's worker
      // get the 404 of an organization that does not exist.
      assert.equal((await reportOf(PRODUCER, tokens.dora!)).status, 404, 'the county officer');
      assert.equal((await reportOf(PRODUCER, tokens.elina!)).status, 404, "the producer's worker");
      assert.equal((await logOf(clients[5]!, tokens.elina!)).status, 404, "the producer's worker");
    });

    test('misuse reports: other organizations, roles and weak logins get the 404 of an organization that does not exist', async () => {
      const missing = await reportOf('1.2.246.10.7777777', tokens.dora);
      assert.equal(missing.status, 404);
      for (const [who, oid, token] of [
        ['bea', ORG_A, tokens.bea],
        ['dora', ORG_B, tokens.dora],
        ['sari', ORG_A, tokens.sari],
        ['doraWeak', ORG_A, tokens.doraWeak],
      ] as const) {
        const r = await reportOf(oid, token!);
        assert.equal(r.status, 404, who);
        assert.equal((r.body as unknown as Problem).detail, (missing.body as unknown as Problem).detail, who);
      }
    });

    test('bad report parameters are 400 with the parameter named, never 5xx', async () => {
      for (const [query, path] of [
        ['?windowDays=0', '/windowDays'],
        ['?repeatedLookups=1', '/repeatedLookups'],
        ['?from=2026-01-10T00:00:00Z&to=2026-01-01T00:00:00Z', '/to'],
        ['?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/from'],
        ['?to=tomorrow', '/to'],
        ['?threshold=3', ''],
      ] as const) {
        const r = await reportOf(ORG_A, tokens.dora, query);
        assert.equal(r.status, 400, `${query}: ${r.text}`);
        const p = r.body as unknown as Problem;
        if (path)
          assert.ok(
            p.errors?.some((e) => e.path === path && e.in === 'query'),
            `${query}: ${r.text}`,
          );
      }
    });

    test('the routes are in the OpenAPI document', async () => {
      const o = await api.get<{ paths: Record<string, unknown> }>('/openapi.json');
      for (const p of [
        '/clients/{clientKey}/access-log',
        '/clients/{clientKey}/access-log.csv',
        '/organizations/{oid}/misuse-reports',
      ]) {
        assert.ok(p in o.body.paths, p);
      }
    });
  });
}
