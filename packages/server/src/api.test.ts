// The HTTP API driven over a real port against real PostgreSQL (embedded, and external when
// TEST_DATABASE_URL is set). The world is seeded through the API itself after the bootstrap of
// two administrators.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit, verifyAudit } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { hireThroughApi } from './test-world.ts';
import {
  type ApiClient,
  bootstrapOrganization,
  hetu,
  narrativeEntry,
  type RunningTestServer,
  startTestServer,
} from './testing.ts';

const ORG_A = '1.2.246.10.1111111';
const UNIT_A_ADMIN = '1.2.246.10.1111111.10.9';
const UNIT_A = '1.2.246.10.1111111.10.1';
const ORG_B = '1.2.246.10.2222222';
const UNIT_B_ADMIN = '1.2.246.10.2222222.10.9';
const UNIT_B = '1.2.246.10.2222222.10.1';
const FAMILY = '24'; // Lapsiperheiden palvelut
const CHILD_WELFARE = '10'; // Lastensuojelu
const DISABILITY = '20'; // Vammaispalvelut

interface Doc {
  setId: string;
  version: number;
  versionOid: string;
  status: string;
  metadata: Record<string, unknown> & { clients: string[]; serviceTask: string };
  content: unknown;
  xhtml: string;
  reason?: string;
}

/** A narrative entry of a visit or contact (19005) concerning one client. */
const entry = (text: string, task = FAMILY) => narrativeEntry(text, { task });

function storeBody(client: string, text: string, over: Record<string, unknown> = {}) {
  return {
    metadata: {
      clients: [client],
      serviceTask: FAMILY,
      documentType: '19005',
      documentDate: '2025-03-01',
      ...over,
    },
    content: entry(text),
  };
}

for (const engine of await testEngines()) {
  describe(`HTTP API (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};
    let anna = '';
    let eero = '';

    /** Rows of a table, read as the schema owner. */
    async function count(table: string): Promise<number> {
      const r = await server.db.owner.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return r.rows[0]!.n;
    }

    async function auditOf(clientKey: string) {
      return server.db.owner.transaction((tx) => listAudit(tx, { clientKey, limit: 1000 }));
    }

    before(async () => {
      server = await startTestServer(engine);
      api = server.api;
      await bootstrapOrganization(server.db.store, {
        organizationOid: ORG_A,
        name: 'Itä-Uudenmaan hyvinvointialue',
        unitOid: UNIT_A_ADMIN,
        adminLogin: 'admin.a',
      });
      await bootstrapOrganization(server.db.store, {
        organizationOid: ORG_B,
        name: 'Länsi-Uudenmaan hyvinvointialue',
        unitOid: UNIT_B_ADMIN,
        adminLogin: 'admin.b',
      });
      tokens.adminA = await api.login('admin.a', 'password');
      tokens.adminB = await api.login('admin.b', 'password');
    });
    after(() => server.close());

    test('health, OpenAPI 3.1 and unknown routes', async () => {
      const h = await api.get('/health');
      assert.equal(h.status, 200);
      assert.deepEqual(h.body, { status: 'ok', database: 'reachable' });
      assert.ok(h.headers.get('x-content-type-options'), 'helmet headers are set');
      const o = await api.get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
      assert.equal(o.status, 200);
      assert.equal(o.body.openapi, '3.1.0');
      for (const p of ['/registers/{registerId}/documents', '/documents/{setId}/versions', '/auth/login']) {
        assert.ok(p in o.body.paths, `${p} is documented`);
      }
      const nf = await api.get<Problem>('/no/such/route');
      assert.equal(nf.status, 404);
      assert.match(nf.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(nf.body.status, 404);
      assert.equal(nf.body.instance, '/no/such/route');
    });

    test('login: refusals are alike and logged; a session is needed', async () => {
      const wrong = await api.post<Problem>('/auth/login', undefined, {
        login: 'admin.a',
        method: 'password',
        password: 'x',
      });
      const unknown = await api.post<Problem>('/auth/login', undefined, {
        login: 'nobody',
        method: 'certificate-card-demo',
      });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.body.detail, unknown.body.detail);
      const none = await api.get<Problem>('/organizations');
      assert.equal(none.status, 401);
      assert.equal(none.body.type, 'https://varanto.fi/problems/unauthenticated');
      const forged = await api.get<Problem>('/organizations', `${tokens.adminA}x`);
      assert.equal(forged.status, 401);
      const ok = await api.post<{ strongAuth: boolean; demo: boolean }>('/auth/login', undefined, {
        login: 'admin.a',
        method: 'certificate-card-demo',
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.strongAuth, true);
      assert.equal(ok.body.demo, true);
      const cookie = ok.headers.get('set-cookie') ?? '';
      assert.match(cookie, /varanto_session=/);
      assert.match(cookie, /HttpOnly/i);
      const me = await api.call<{ login: string }>('GET', '/auth/me', {
        headers: { cookie: cookie.split(';')[0]! },
      });
      assert.equal(me.status, 200);
      assert.equal(me.body.login, 'admin.a');
      const denied = await server.db.owner.pool.query(
        "SELECT count(*)::int AS n FROM audit_entry WHERE action = 'auth.login' AND outcome = 'denied'",
      );
      assert.ok(denied.rows[0].n >= 2);
    });

    test('the world is seeded through the API; only an admin may, in their own organization', async () => {
      const unit = (oid: string, nameFi: string) => ({ oid, nameFi });
      assert.equal(
        (await api.post(`/organizations/${ORG_A}/service-units`, tokens.adminA, unit(UNIT_A, 'Perhekeskus')))
          .status,
        201,
      );
      assert.equal(
        (
          await api.post(
            `/organizations/${ORG_B}/service-units`,
            tokens.adminB,
            unit(UNIT_B, 'Perhepalvelut'),
          )
        ).status,
        201,
      );
      const other = await api.post<Problem>(
        `/organizations/${ORG_B}/service-units`,
        tokens.adminA,
        unit(`${ORG_B}.10.5`, 'X'),
      );
      assert.equal(other.status, 403);
      assert.equal(other.body.rule, 'own_organization');
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
      const people: [string, string, string, string, string, string[]][] = [
        // login, admin, organization, unit, role, service tasks
        ['sari', 'adminA', ORG_A, UNIT_A, 'social_worker', [FAMILY, CHILD_WELFARE]],
        ['tomi', 'adminA', ORG_A, UNIT_A, 'social_worker', [DISABILITY]],
        ['arja', 'adminA', ORG_A, UNIT_A, 'archivist', []],
        ['bert', 'adminB', ORG_B, UNIT_B, 'social_worker', [FAMILY, CHILD_WELFARE]],
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
      const notAdmin = await api.post<Problem>('/professionals', tokens.sari, {
        login: 'x',
        givenNames: 'X',
        familyName: 'Y',
      });
      assert.equal(notAdmin.status, 403);
      const history = await api.get<unknown[]>(`/professionals/${ids.sari}/rights`, tokens.adminA);
      assert.equal(history.status, 200);
      assert.equal(history.body.length, 1);
    });

    test('persons: created by henkilötunnus or temporary id; a bad code is 422 with its path and writes nothing', async () => {
      const before = await count('person');
      const bad = await api.post<Problem>('/persons', tokens.sari, {
        hetu: '010190-9001',
        familyName: 'Virtanen',
        givenNames: 'Anna',
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.errors?.[0]?.path, '/hetu');
      assert.equal(await count('person'), before);
      const a = await api.post<{ clientKey: string; birthDate: string }>('/persons', tokens.sari, {
        hetu: hetu('1990-01-01', 902),
        familyName: 'Virtanen',
        givenNames: 'Anna',
        turvakielto: true,
        address: { street: 'Salainen katu 1', postalCode: '00100', postOffice: 'Helsinki' },
      });
      assert.equal(a.status, 201, a.text);
      assert.equal(a.body.birthDate, '1990-01-01');
      assert.equal('address' in a.body, false, 'turvakielto hides the address');
      anna = a.body.clientKey;
      const e = await api.post<{ clientKey: string }>('/persons', tokens.sari, {
        temporaryId: { system: `${ORG_A}.22.2025`, value: hetu('2025-01-01', 901) },
        familyName: 'Virtanen',
        givenNames: 'Eero',
      });
      assert.equal(e.status, 201, e.text);
      eero = e.body.clientKey;
      const dup = await api.post<Problem>('/persons', tokens.sari, {
        hetu: hetu('1990-01-01', 902),
        familyName: 'X',
        givenNames: 'Y',
      });
      assert.equal(dup.status, 409);
      const found = await api.get<{ clientKey: string }[]>(
        `/persons?hetu=${hetu('1990-01-01', 902)}`,
        tokens.sari,
      );
      assert.deepEqual(
        found.body.map((p) => p.clientKey),
        [anna],
      );
    });

    test('clienthood: opened, service tasks added and ended, personal worker named — each a new version', async () => {
      const open = await api.post<{ setId: string; version: number; clienthoodOid: string }>(
        '/registers/reg-a/clienthoods',
        tokens.sari,
        { clientKey: anna, started: '2025-02-01', serviceTask: FAMILY },
      );
      assert.equal(open.status, 201, open.text);
      assert.equal(open.body.version, 1);
      assert.ok(open.body.clienthoodOid.startsWith(`${ORG_A}.97.`), 'minted under the registrar');
      const again = await api.post<Problem>('/registers/reg-a/clienthoods', tokens.sari, {
        clientKey: anna,
        started: '2025-02-01',
        serviceTask: FAMILY,
      });
      assert.equal(again.status, 409);
      const added = await api.post<{
        version: number;
        serviceTasks: { serviceTask: string; end?: string }[];
      }>(`/registers/reg-a/clienthoods/${anna}/service-tasks`, tokens.sari, {
        serviceTask: CHILD_WELFARE,
        start: '2025-03-01',
      });
      assert.equal(added.status, 201, added.text);
      assert.equal(added.body.version, 2);
      const twice = await api.post<Problem>(
        `/registers/reg-a/clienthoods/${anna}/service-tasks`,
        tokens.sari,
        {
          serviceTask: CHILD_WELFARE,
          start: '2025-03-02',
        },
      );
      assert.equal(twice.status, 409);
      assert.equal(twice.body.rule, 'service_task_open');
      // Tomi works in disability services only: the clienthood is not his to change.
      const tomi = await api.post<Problem>(
        `/registers/reg-a/clienthoods/${anna}/service-tasks/${CHILD_WELFARE}/end`,
        tokens.tomi,
        {
          end: '2025-04-01',
        },
      );
      assert.equal(tomi.status, 404);
      const ended = await api.post<{
        version: number;
        serviceTasks: { serviceTask: string; end?: string }[];
      }>(`/registers/reg-a/clienthoods/${anna}/service-tasks/${CHILD_WELFARE}/end`, tokens.sari, {
        end: '2025-04-01',
      });
      assert.equal(ended.status, 201, ended.text);
      assert.deepEqual(
        ended.body.serviceTasks.map((t) => [t.serviceTask, t.end]),
        [
          [FAMILY, undefined],
          [CHILD_WELFARE, '2025-04-01'],
        ],
      );
      // Only the organizer's own client workers in an open service task can be named; another
      // organization's worker looks like nobody at all.
      for (const [who, rule] of [
        ['bert', 'personal_worker_not_staff'],
        ['arja', 'personal_worker_role'],
        ['tomi', 'personal_worker_service_task'],
      ] as const) {
        const refused = await api.call<Problem>(
          'PUT',
          `/registers/reg-a/clienthoods/${anna}/personal-worker`,
          {
            token: tokens.sari,
            body: { professionalId: ids[who] },
          },
        );
        assert.equal(refused.status, 422, refused.text);
        assert.deepEqual(
          refused.body.errors?.map((e) => [e.path, e.code]),
          [['/professionalId', rule]],
        );
      }
      const nobody = await api.call<Problem>('PUT', `/registers/reg-a/clienthoods/${anna}/personal-worker`, {
        token: tokens.sari,
        body: { professionalId: '00000000-0000-4000-8000-000000000000' },
      });
      assert.deepEqual(
        nobody.body.errors?.map((e) => [e.code, e.message]),
        (
          await api.call<Problem>('PUT', `/registers/reg-a/clienthoods/${anna}/personal-worker`, {
            token: tokens.sari,
            body: { professionalId: ids.bert },
          })
        ).body.errors?.map((e) => [e.code, e.message]),
        'a stranger and another organization look alike',
      );
      const worker = await api.call<{ version: number; personalWorkerId: string }>(
        'PUT',
        `/registers/reg-a/clienthoods/${anna}/personal-worker`,
        { token: tokens.sari, body: { professionalId: ids.sari } },
      );
      assert.equal(worker.status, 200, worker.text);
      assert.equal(worker.body.version, 4);
      assert.equal(worker.body.personalWorkerId, ids.sari);
      const doc = await api.get<Doc>(`/documents/${open.body.setId}`, tokens.sari);
      assert.equal(doc.status, 200);
      const body = (doc.body.content as { asiakkuusasiakirja: Record<string, unknown> }).asiakkuusasiakirja;
      assert.deepEqual(body.palveluista_vastaava_tyontekija, [{ sukunimi: 'Testinen', etunimet: 'Sari' }]);
      assert.equal((body.asiakas as { turvakielto: boolean }).turvakielto, true);
      assert.match(doc.body.xhtml, /^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml" class="soc-document"/);
      const listed = await api.get<{ clienthoodOid: string }[]>(`/persons/${anna}/clienthoods`, tokens.sari);
      assert.deepEqual(
        listed.body.map((c) => c.clienthoodOid),
        [open.body.clienthoodOid],
      );
      assert.deepEqual((await api.get<unknown[]>(`/persons/${anna}/clienthoods`, tokens.bert)).body, []);
      const versions = await api.get<Doc[]>(`/documents/${open.body.setId}/versions`, tokens.sari);
      assert.deepEqual(
        versions.body.map((v) => [v.version, v.reason]),
        [
          [1, undefined],
          [2, `service task ${CHILD_WELFARE} added`],
          [3, `service task ${CHILD_WELFARE} ended`],
          [4, 'personal worker named'],
        ],
      );
    });

    test('case: opened for a family, a member joins and leaves, the case closes', async () => {
      const open = await api.post<{ caseOid: string; shared: boolean; version: number }>(
        '/registers/reg-a/cases',
        tokens.sari,
        {
          serviceTask: CHILD_WELFARE,
          subject: { code: '1', display: 'Lastensuojeluasia' },
          members: [anna],
          opened: '2025-03-01',
        },
      );
      assert.equal(open.status, 201, open.text);
      assert.equal(open.body.shared, false);
      ids.case = open.body.caseOid;
      const join = await api.post<{ shared: boolean; members: { clientKey: string; leftAt?: string }[] }>(
        `/cases/${open.body.caseOid}/members`,
        tokens.sari,
        { clientKey: eero, joinedAt: '2025-03-10T10:00:00Z' },
      );
      assert.equal(join.status, 201, join.text);
      assert.equal(join.body.shared, true);
      assert.deepEqual(join.body.members.map((m) => m.clientKey).sort(), [anna, eero].sort());
      const lastLeaves = await api.post<Problem>(
        `/cases/${open.body.caseOid}/members/${anna}/leave`,
        tokens.sari,
        {
          leftAt: '2025-03-11T10:00:00Z',
        },
      );
      assert.equal(lastLeaves.status, 201, lastLeaves.text);
      const eeroToo = await api.post<Problem>(
        `/cases/${open.body.caseOid}/members/${eero}/leave`,
        tokens.sari,
        {},
      );
      assert.equal(eeroToo.status, 409);
      assert.equal(eeroToo.body.rule, 'last_member');
      // While the case is open, its unit's workers have a care relation to every current member.
      const mine = await api.get<{ caseOid: string }[]>(`/persons/${eero}/cases`, tokens.sari);
      assert.deepEqual(
        mine.body.map((c) => c.caseOid),
        [open.body.caseOid],
        'a shared case is listed for every member',
      );
      const closed = await api.post<{ state: string; ended: string; version: number }>(
        `/cases/${open.body.caseOid}/close`,
        tokens.sari,
        { ended: '2025-06-30' },
      );
      assert.equal(closed.status, 201, closed.text);
      assert.deepEqual([closed.body.state, closed.body.ended, closed.body.version], ['2', '2025-06-30', 4]);
      const bert = await api.get<Problem>(`/cases/${open.body.caseOid}`, tokens.bert);
      assert.equal(bert.status, 404);
      // Closed long before today (beyond the grace period): the case no longer relates the unit to Eero.
      const after = await api.get<{ caseOid: string }[]>(`/persons/${eero}/cases`, tokens.sari);
      assert.deepEqual(after.body, []);
      assert.deepEqual((await api.get<unknown[]>(`/persons/${eero}/cases`, tokens.bert)).body, []);
    });

    test('store → get → correct → invalidate → versions, with the audit entries to prove it', async () => {
      const stored = await api.post<Doc>(
        '/registers/reg-a/documents',
        tokens.sari,
        storeBody(anna, 'Kotikäynti sovittu'),
      );
      assert.equal(stored.status, 201, stored.text);
      const setId = stored.body.setId;
      assert.equal(stored.headers.get('location'), `/documents/${setId}`);
      assert.ok(setId.startsWith(`${ORG_A}.95.`), 'document OID minted under the registrar');
      assert.equal(stored.body.versionOid, setId);
      assert.equal(stored.body.metadata.registrarOid, ORG_A);
      assert.equal(stored.body.metadata.documentGroup, '5');
      assert.ok(stored.body.metadata.clienthoodOid, 'linked to the clienthood');
      assert.match(stored.body.xhtml, /Kotikäynti sovittu/);

      const got = await api.get<Doc>(`/documents/${setId}`, tokens.sari);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.content, entry('Kotikäynti sovittu'));

      const noReason = await api.post<Problem>(`/documents/${setId}/versions`, tokens.sari, {
        correctsVersion: 1,
        reason: '   ',
        content: entry('x'),
      });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.body.errors?.[0]?.path, '/reason');

      // Visibility is not changed by a correction: that has its own endpoint and rules.
      const hiding = await api.post<Problem>(`/documents/${setId}/versions`, tokens.sari, {
        correctsVersion: 1,
        reason: 'Piilotus',
        content: entry('Kotikäynti sovittu'),
        metadata: { omakanta: { specialContent: true } },
      });
      assert.equal(hiding.status, 422, hiding.text);
      assert.equal(hiding.body.errors?.[0]?.path, '/metadata/omakanta');
      const corrected = await api.post<Doc>(`/documents/${setId}/versions`, tokens.sari, {
        correctsVersion: 1,
        reason: 'Päivämäärä korjattu',
        content: entry('Kotikäynti sovittu ensi viikolle'),
        metadata: { documentDate: '2025-03-02' },
      });
      assert.equal(corrected.status, 201, corrected.text);
      assert.equal(corrected.body.version, 2);
      assert.equal(corrected.body.setId, setId);
      assert.notEqual(corrected.body.versionOid, setId);
      assert.equal(corrected.body.metadata.documentDate, '2025-03-02');

      const stale = await api.post<Problem>(`/documents/${setId}/versions`, tokens.sari, {
        correctsVersion: 1,
        reason: 'myöhässä',
        content: entry('x'),
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.currentVersion, 2);

      const invalidated = await api.post<Doc>(`/documents/${setId}/invalidation`, tokens.sari, {
        invalidatesVersion: 2,
        reason: 'Kirjattu väärälle asiakkaalle',
      });
      assert.equal(invalidated.status, 201, invalidated.text);
      assert.equal(invalidated.body.status, 'invalidated');
      assert.deepEqual(invalidated.body.content, corrected.body.content, 'invalidation keeps the content');
      // Its rendering says first that it is invalidated, and why; what was invalidated follows.
      assert.match(
        invalidated.body.xhtml,
        /^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml" class="soc-document"[^>]*><div class="soc-invalidated"><p class="soc-invalidated-title">Mitätöity \d{1,2}\.\d{1,2}\.\d{4}<\/p><p>Syy: Kirjattu väärälle asiakkaalle<\/p><\/div>/,
      );
      assert.match(invalidated.body.xhtml, /Kotikäynti sovittu ensi viikolle/);
      assert.doesNotMatch(corrected.body.xhtml, /soc-invalidated/);
      const twice = await api.post<Problem>(`/documents/${setId}/invalidation`, tokens.sari, {
        invalidatesVersion: 3,
        reason: 'uudestaan',
      });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.rule, 'already_invalidated');

      const versions = await api.get<Doc[]>(`/documents/${setId}/versions`, tokens.sari);
      assert.deepEqual(
        versions.body.map((v) => [v.version, v.status, v.reason]),
        [
          [1, 'active', undefined],
          [2, 'active', 'Päivämäärä korjattu'],
          [3, 'invalidated', 'Kirjattu väärälle asiakkaalle'],
        ],
      );
      const v1 = await api.get<Doc>(`/documents/${setId}/versions/1`, tokens.sari);
      assert.deepEqual(v1.body.content, entry('Kotikäynti sovittu'), 'every earlier version stays');

      const log = (await auditOf(anna)).filter((e) => e.documents.some((d) => d.setId === setId));
      const trail = log.map((e) => [e.action, e.outcome, e.actorLogin]);
      for (const expected of [
        ['document.store', 'allowed', 'sari'],
        ['document.read', 'allowed', 'sari'],
        ['document.correct', 'denied', 'sari'],
        ['document.correct', 'allowed', 'sari'],
        ['document.invalidate', 'allowed', 'sari'],
        ['document.invalidate', 'denied', 'sari'],
        ['document.versions', 'allowed', 'sari'],
      ]) {
        assert.ok(
          trail.some((t) => JSON.stringify(t) === JSON.stringify(expected)),
          `audit has ${expected.join(' ')}`,
        );
      }
      const stale409 = log.find((e) => e.action === 'document.correct' && e.rule === 'version_conflict');
      assert.ok(stale409, 'the lost correction is logged with its rule');
      for (const e of log) {
        assert.equal(e.organizationOid, ORG_A);
        assert.equal(e.role, 'social_worker');
        assert.ok(e.recordedAt);
      }
    });

    test('malformed input answers 4xx problem+json with the path, and writes nothing', async () => {
      const tables = ['document_version', 'document_current', 'person', 'idempotency_key'];
      const before = await Promise.all(tables.map(count));
      const expectProblem = async (
        r: Promise<{ status: number; headers: Headers; body: unknown }>,
        status: number,
      ) => {
        const res = await r;
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
        const p = res.body as Problem;
        assert.equal(p.status, status);
        assert.ok(p.type && p.title && p.instance);
        return p;
      };
      const url = '/registers/reg-a/documents';
      // Unknown service task code: 422 pointing at the metadata field.
      const code = await expectProblem(
        api.post(url, tokens.sari, storeBody(anna, 'x', { serviceTask: '999' })),
        422,
      );
      assert.deepEqual(
        code.errors?.map((e) => [e.path, e.code]),
        [['/metadata/serviceTask', 'unknown_code']],
      );
      // Content that breaks its structure: pointers under /content.
      const broken = storeBody(anna, 'x');
      const root = broken.content.merkinta_tapaamisesta_tai_yhteydenotosta as Record<string, unknown>;
      delete root.laatija;
      root.paivamaara = '2025-02-30';
      const content = await expectProblem(api.post(url, tokens.sari, broken), 422);
      assert.deepEqual(content.errors?.map((e) => e.path).sort(), [
        '/content/merkinta_tapaamisesta_tai_yhteydenotosta/laatija',
        '/content/merkinta_tapaamisesta_tai_yhteydenotosta/paivamaara',
      ]);
      // A body that is not JSON at all, an empty one, and one that does not match the schema.
      await expectProblem(
        api.call('POST', url, {
          token: tokens.sari,
          raw: '{"metadata": ',
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
      const shape = await expectProblem(
        api.post(url, tokens.sari, {
          metadata: { clients: ['not-a-uuid'], serviceTask: FAMILY },
          content: {},
          extra: 1,
        }),
        400,
      );
      const paths = shape.errors?.map((e) => e.path) ?? [];
      for (const p of ['/extra', '/metadata/clients/0', '/metadata/documentType', '/metadata/documentDate']) {
        assert.ok(paths.includes(p), `schema error at ${p} in ${JSON.stringify(paths)}`);
      }
      // Oversized (over 2 MiB) and the wrong media type.
      const big = storeBody(anna, 'x'.repeat(3 * 1024 * 1024));
      await expectProblem(api.post(url, tokens.sari, big), 413);
      await expectProblem(
        api.call('POST', url, { token: tokens.sari, raw: 'a=b', headers: { 'content-type': 'text/plain' } }),
        415,
      );
      // Unknown client and a bad query parameter.
      const who = await expectProblem(
        api.post(url, tokens.sari, storeBody('00000000-0000-4000-8000-000000000000', 'x')),
        422,
      );
      assert.equal(who.errors?.[0]?.path, '/metadata/clients/0');
      // A case's documents share its service task; an unknown case is named as such.
      const inCase = await expectProblem(
        api.post(url, tokens.sari, storeBody(anna, 'x', { caseOid: ids.case })),
        422,
      );
      assert.deepEqual(
        inCase.errors?.map((e) => [e.path, e.code]),
        [['/metadata/serviceTask', 'case_service_task']],
      );
      const noCase = await expectProblem(
        api.post(url, tokens.sari, storeBody(anna, 'x', { caseOid: `${ORG_A}.96.1.2` })),
        422,
      );
      assert.deepEqual(
        noCase.errors?.map((e) => [e.path, e.code]),
        [['/metadata/caseOid', 'unknown_case']],
      );
      const year0 = await expectProblem(
        api.post(url, tokens.sari, storeBody(anna, 'x', { documentDate: '0000-01-01' })),
        400,
      );
      assert.equal(year0.errors?.[0]?.path, '/metadata/documentDate');
      // Text PostgreSQL cannot keep, and nesting deeper than any structure: 400, never a 500.
      const nul = await expectProblem(api.post(url, tokens.sari, storeBody(anna, 'a\u0000b')), 400);
      assert.deepEqual(
        nul.errors?.map((e) => [e.path, e.code]),
        [['/content/merkinta_tapaamisesta_tai_yhteydenotosta/sovitut_asiat', 'nul_or_surrogate']],
      );
      const lone = JSON.stringify(storeBody(anna, 'x')).replace('"x"', '"\\ud800"');
      await expectProblem(
        api.call('POST', url, {
          token: tokens.sari,
          raw: lone,
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
      const deep = `{"metadata":{},"content":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      await expectProblem(
        api.call('POST', url, {
          token: tokens.sari,
          raw: deep,
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
      await expectProblem(api.get('/persons?text=%00a', tokens.sari), 400);
      await expectProblem(api.get('/registers/%00x', tokens.sari), 400);
      const q = await expectProblem(api.get('/documents?limit=0', tokens.sari), 400);
      assert.deepEqual(
        q.errors?.map((e) => [e.path, e.in]),
        [['/limit', 'query']],
      );
      assert.deepEqual(await Promise.all(tables.map(count)), before, 'nothing was written');
    });

    test('a wrong registrar and a wrong service task see nothing, and the refusal is logged', async () => {
      const stored = await api.post<Doc>(
        '/registers/reg-a/documents',
        tokens.sari,
        storeBody(anna, 'Neuvottelu'),
      );
      assert.equal(stored.status, 201);
      const setId = stored.body.setId;
      const missing = await api.get<Problem>(`/documents/${ORG_A}.95.2025.1`, tokens.bert);
      for (const who of ['bert', 'tomi']) {
        const get = await api.get<Problem>(`/documents/${setId}`, tokens[who]);
        assert.equal(get.status, 404);
        const { instance: _i, ...body } = get.body;
        const { instance: _j, ...missingBody } = missing.body;
        assert.deepEqual(body, missingBody, 'forbidden looks exactly like missing');
        for (const path of [`/documents/${setId}/versions`, `/documents/${setId}/versions/1`]) {
          assert.equal((await api.get(path, tokens[who])).status, 404);
        }
        const search = await api.get<{ items: unknown[]; total: number }>(
          `/documents?client=${anna}`,
          tokens[who],
        );
        assert.equal(search.status, 200);
        assert.deepEqual([search.body.items.length, search.body.total], [0, 0]);
        const correct = await api.post(`/documents/${setId}/versions`, tokens[who], {
          correctsVersion: 1,
          reason: 'x',
          content: entry('x'),
        });
        assert.equal(correct.status, 404);
      }
      const own = await api.get<{ items: Doc[]; total: number }>(
        `/documents?client=${anna}&serviceTask=${FAMILY}`,
        tokens.sari,
      );
      assert.ok(own.body.items.some((d) => d.setId === setId));
      assert.equal(own.body.total, own.body.items.length);
      assert.equal('content' in own.body.items[0]!, false, 'a search returns metadata only');
      const log = await auditOf(anna);
      const denial = (login: string, rule: string) =>
        log.find(
          (e) =>
            e.actorLogin === login &&
            e.action === 'document.read' &&
            e.outcome === 'denied' &&
            e.rule === rule &&
            e.documents.some((d) => d.setId === setId),
        );
      assert.ok(denial('bert', 'registrar_boundary'), 'the wrong registrar is logged by rule');
      assert.ok(denial('tomi', 'service_task'), 'the wrong service task is logged by rule');
      assert.ok(
        log.some(
          (e) => e.actorLogin === 'bert' && e.action === 'document.search' && e.documents.length === 0,
        ),
      );
      // Storing into another organization's register looks like a missing register.
      const foreign = await api.post<Problem>(
        '/registers/reg-a/documents',
        tokens.bert,
        storeBody(anna, 'x'),
      );
      assert.equal(foreign.status, 404);
      // Storing in a service task one does not work in is explained.
      const task = await api.post<Problem>('/registers/reg-a/documents', tokens.tomi, storeBody(anna, 'x'));
      assert.equal(task.status, 403);
      assert.equal(task.body.rule, 'service_task');
    });

    test('an archivist reads the whole own register but not another', async () => {
      const stored = await api.post<Doc>(
        '/registers/reg-a/documents',
        tokens.sari,
        storeBody(anna, 'Arkistoon'),
      );
      const purpose = { 'x-purpose': 'archive inventory' };
      const read = (setId: string, headers: Record<string, string> = purpose) =>
        api.call('GET', `/documents/${setId}`, { token: tokens.arja, headers });
      assert.equal((await read(stored.body.setId)).status, 200);
      // Without a stated purpose, the archivist's register-wide read is refused (and looks missing).
      assert.equal((await read(stored.body.setId, {})).status, 404);
      // Anna is a client of organization B too, so B's worker may record about her there.
      const clienthoodB = await api.post('/registers/reg-b/clienthoods', tokens.bert, {
        clientKey: anna,
        started: '2025-02-01',
        serviceTask: FAMILY,
      });
      assert.equal(clienthoodB.status, 201, clienthoodB.text);
      const b = await api.post<Doc>(
        '/registers/reg-b/documents',
        tokens.bert,
        storeBody(anna, 'B:n merkintä'),
      );
      assert.equal(b.status, 201, b.text);
      assert.equal((await read(b.body.setId)).status, 404);
    });

    test('Idempotency-Key: a retried store returns the original answer, never a duplicate', async () => {
      const headers = { 'idempotency-key': 'retry-1' };
      const before = await count('document_version');
      const first = await api.post<Doc>(
        '/registers/reg-a/documents',
        tokens.sari,
        storeBody(anna, 'Kerran'),
        headers,
      );
      const retry = await api.post<Doc>(
        '/registers/reg-a/documents',
        tokens.sari,
        storeBody(anna, 'Kerran'),
        headers,
      );
      assert.equal(first.status, 201);
      assert.equal(retry.status, 201);
      assert.deepEqual(retry.body, first.body);
      assert.equal(await count('document_version'), before + 1);
      const reused = await api.post<Problem>(
        '/registers/reg-a/documents',
        tokens.sari,
        storeBody(anna, 'Toinen'),
        headers,
      );
      assert.equal(reused.status, 409);
      assert.equal(reused.body.rule, 'idempotency_key_reuse');
      // Concurrent retries of a new key still make one document.
      const h2 = { 'idempotency-key': 'retry-2' };
      const both = await Promise.all(
        [1, 2, 3].map(() =>
          api.post<Doc>('/registers/reg-a/documents', tokens.sari, storeBody(anna, 'Rinnakkain'), h2),
        ),
      );
      assert.deepEqual(
        both.map((r) => r.status),
        [201, 201, 201],
      );
      assert.equal(new Set(both.map((r) => r.body.setId)).size, 1);
      assert.equal(await count('document_version'), before + 2);
      const replays = (await auditOf(anna)).filter((e) => e.purpose === 'idempotent replay');
      assert.ok(replays.length >= 3, 'replays are audited');
    });

    test('concurrent corrections of one version: one 201, one 409 with the current version', async () => {
      const stored = await api.post<Doc>('/registers/reg-a/documents', tokens.sari, storeBody(anna, 'Alku'));
      const correct = (text: string) =>
        api.post<Doc & Problem>(`/documents/${stored.body.setId}/versions`, tokens.sari, {
          correctsVersion: 1,
          reason: text,
          content: entry(text),
        });
      const results = await Promise.all([correct('A'), correct('B')]);
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
      const lost = results.find((r) => r.status === 409)!;
      assert.equal(lost.body.currentVersion, 2);
      const versions = await api.get<Doc[]>(`/documents/${stored.body.setId}/versions`, tokens.sari);
      assert.equal(versions.body.length, 2);
    });

    test('a weak login may store but not retrieve; the search explains why', async () => {
      const weak = await api.login('sari', 'password');
      const stored = await api.post<Doc>(
        '/registers/reg-a/documents',
        weak,
        storeBody(anna, 'Päivittäinen merkintä'),
      );
      assert.equal(stored.status, 201, stored.text);
      const get = await api.get<Problem>(`/documents/${stored.body.setId}`, weak);
      assert.equal(get.status, 404);
      const search = await api.get<Problem>(`/documents?client=${anna}`, weak);
      assert.equal(search.status, 403);
      assert.equal(search.body.type, 'https://varanto.fi/problems/strong-authentication-required');
      assert.match(search.body.detail ?? '', /strong login/);
      const log = await auditOf(anna);
      assert.ok(
        log.some(
          (e) =>
            e.action === 'document.search' &&
            e.outcome === 'denied' &&
            e.rule === 'strong_authentication' &&
            e.strongAuth === false,
        ),
      );
      assert.equal((await api.get(`/documents/${stored.body.setId}`, tokens.sari)).status, 200);
    });

    test('a batch stores all its documents or none; each gets its own audit entry under its client', async () => {
      // A second client whose personal worker Sari is.
      const liisa = (
        await api.post<{ clientKey: string }>('/persons', tokens.sari, {
          hetu: hetu('1985-05-05', 903),
          familyName: 'Lahti',
          givenNames: 'Liisa',
        })
      ).body.clientKey;
      const opened = await api.post('/registers/reg-a/clienthoods', tokens.sari, {
        clientKey: liisa,
        started: '2025-02-01',
        serviceTask: FAMILY,
        personalWorkerId: ids.sari,
      });
      assert.equal(opened.status, 201, opened.text);
      const before = await count('document_version');
      const batch = (docs: unknown[], token = tokens.sari!) =>
        api.post<{ documents: Doc[] } & Problem>('/registers/reg-a/documents/batch', token, {
          documents: docs,
        });
      const ok = await batch([storeBody(anna, 'Erä 1'), storeBody(liisa, 'Erä 2'), storeBody(anna, 'Erä 3')]);
      assert.equal(ok.status, 201, ok.text);
      assert.deepEqual(
        ok.body.documents.map((d) => [d.version, d.metadata.clients[0], d.metadata.registrarOid]),
        [
          [1, anna, ORG_A],
          [1, liisa, ORG_A],
          [1, anna, ORG_A],
        ],
      );
      assert.equal(new Set(ok.body.documents.map((d) => d.setId)).size, 3);
      assert.equal(await count('document_version'), before + 3);
      for (const [i, d] of ok.body.documents.entries()) {
        const got = await api.get<Doc>(`/documents/${d.setId}`, tokens.sari);
        assert.equal(got.status, 200);
        assert.deepEqual(got.body.content, entry(`Erä ${i + 1}`));
      }
      // Each document is logged under its own client; no client's log names another's document.
      const [d1, d2, d3] = ok.body.documents.map((d) => d.setId);
      const inBatch = (log: Awaited<ReturnType<typeof auditOf>>) =>
        log
          .filter((e) => e.action === 'document.store' && e.reason?.endsWith('in a batch'))
          .flatMap((e) => e.documents.map((d) => d.setId))
          .sort();
      assert.deepEqual(inBatch(await auditOf(anna)), [d1, d3].sort());
      assert.deepEqual(inBatch(await auditOf(liisa)), [d2]);
      const whole = (await auditOf(anna)).filter(
        (e) => e.action === 'document.store_batch' && e.outcome === 'allowed',
      );
      assert.equal(whole.length, 1);
      assert.deepEqual(whole[0]!.documents.map((d) => d.setId).sort(), [d1, d3].sort());
      assert.ok(
        (await auditOf(liisa)).every((e) => e.documents.every((d) => d.setId !== d1 && d.setId !== d3)),
        "Liisa's log never names Anna's documents",
      );

      // One invalid document: nothing is stored and the problem points at it.
      const bad = await batch([
        storeBody(anna, 'Ei tallennu'),
        storeBody(anna, 'x', { documentType: '99999' }),
      ]);
      assert.equal(bad.status, 422, bad.text);
      assert.ok((bad.body.errors ?? []).length > 0, bad.text);
      assert.ok(
        bad.body.errors?.every((e) => e.path.startsWith('/documents/1/metadata/')),
        bad.text,
      );
      const badContent = await batch([
        storeBody(anna, 'Ei tallennu'),
        { ...storeBody(anna, 'x'), content: { merkinta_tapaamisesta_tai_yhteydenotosta: { tuntematon: 1 } } },
      ]);
      assert.equal(badContent.status, 422);
      assert.ok(badContent.body.errors?.[0]?.path.startsWith('/documents/1/content'), badContent.text);
      // A refused document (Tomi works in disability services only): nothing stored, the
      // document named.
      const refused = await batch([storeBody(anna, 'Ei tallennu')], tokens.tomi);
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.body.rule, 'service_task');
      assert.deepEqual(
        refused.body.errors?.map((e) => e.path),
        ['/documents/0'],
      );
      // Another organization's worker cannot reach the register at all.
      const other = await batch([storeBody(anna, 'Ei tallennu')], tokens.bert);
      assert.equal(other.status, 404);
      // Empty and oversized batches are malformed requests.
      assert.equal((await batch([])).status, 400);
      const tooMany = Array.from({ length: 101 }, (_, i) => storeBody(anna, `n${i}`));
      assert.equal((await batch(tooMany)).status, 400);
      assert.equal(await count('document_version'), before + 3, 'nothing of a refused batch was written');
      const denied = (await auditOf(anna)).filter(
        (e) => e.action === 'document.store_batch' && e.outcome === 'denied',
      );
      assert.ok(denied.length >= 3, 'refused batches are logged');
      assert.ok(
        denied.every((e) => e.documents.length === 0),
        'a refused batch names none of its rolled-back documents',
      );
    });

    test("an administrator cannot take another organization's professional by granting a right", async () => {
      const grab = await api.post<Problem>(`/professionals/${ids.sari}/rights`, tokens.adminB, {
        organizationOid: ORG_B,
        serviceUnitOids: [UNIT_B],
        role: 'social_worker',
        serviceTasks: [FAMILY],
        validFrom: '2024-01-01',
      });
      assert.equal(grab.status, 403, grab.text);
      assert.equal(grab.body.rule, 'own_organization');
      const history = await api.get<{ organizationOid: string }[]>(
        `/professionals/${ids.sari}/rights`,
        tokens.adminA,
      );
      assert.deepEqual(
        history.body.map((r) => r.organizationOid),
        [ORG_A],
        'her right in her own organization is untouched',
      );
      assert.equal((await api.get('/auth/me', tokens.sari)).status, 200);
      // Nor even see them: another organization's staff look like nobody.
      const listed = await api.get<{ id: string }[]>('/professionals', tokens.adminB);
      assert.equal(listed.status, 200);
      assert.ok(listed.body.some((p) => p.id === ids.bert));
      assert.ok(!listed.body.some((p) => p.id === ids.sari || p.id === ids.tomi));
      assert.ok(
        (await api.get<{ id: string }[]>('/professionals', tokens.adminA)).body.some(
          (p) => p.id === ids.sari,
        ),
      );
      const read = await api.get<Problem>(`/professionals/${ids.sari}`, tokens.adminB);
      const missing = await api.get<Problem>(
        '/professionals/00000000-0000-4000-8000-000000000000',
        tokens.adminB,
      );
      assert.equal(read.status, 404);
      assert.equal(read.body.detail, missing.body.detail);
      assert.equal((await api.get(`/professionals/${ids.sari}`, tokens.adminA)).status, 200);
    });

    test('ending a right takes effect on the next request', async () => {
      const before = await api.get('/auth/me', tokens.tomi);
      assert.equal(before.status, 200);
      const end = await api.post(`/professionals/${ids.tomi}/rights`, tokens.adminA, {
        serviceUnitOids: [UNIT_A],
        role: 'social_worker',
        serviceTasks: [DISABILITY],
        validFrom: '2024-01-01',
        validTo: '2024-12-31',
        reason: 'Työsuhde päättyi',
      });
      assert.equal(end.status, 201, end.text);
      assert.equal((await api.get('/auth/me', tokens.tomi)).status, 401);
      const history = await api.get<{ version: number; validTo?: string }[]>(
        `/professionals/${ids.tomi}/rights`,
        tokens.adminA,
      );
      assert.deepEqual(
        history.body.map((r) => [r.version, r.validTo]),
        [
          [1, undefined],
          [2, '2024-12-31'],
        ],
      );
    });

    test('reference data: structures and code sets', async () => {
      const list = await api.get<{ typeCode: string }[]>('/structures?q=tapaamisesta');
      assert.equal(list.status, 200);
      assert.ok(list.body.some((s) => s.typeCode === '19005'));
      const def = await api.get<{ rootKey: string }>('/structures/19005');
      assert.equal(def.body.rootKey, 'merkinta_tapaamisesta_tai_yhteydenotosta');
      const sets = await api.get<{ oid: string }[]>('/code-sets');
      assert.ok(sets.body.some((c) => c.oid === '1.2.246.537.6.1221'));
      const tasks = await api.get<{ codes: { code: string }[] }>('/code-sets/1.2.246.537.6.1221');
      assert.ok(tasks.body.codes.some((c) => c.code === FAMILY));
      assert.equal((await api.get('/code-sets/1.2.3.4')).status, 404);
    });

    test('every action above is in an unbroken audit chain', async () => {
      const v = await verifyAudit(server.db.owner);
      assert.equal(v.firstBreak, undefined);
      assert.ok(v.entries > 50);
    });
  });
}
