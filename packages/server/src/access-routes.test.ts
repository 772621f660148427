// "Why can't I see it?", the organization's own access-rights regulation, and the recorded
// first-contact reason — over a real port and real PostgreSQL, each tried by the wrong user too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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

const ORG_A = '1.2.246.10.3333333';
const ORG_B = '1.2.246.10.4444444';
const UNIT_A = `${ORG_A}.10.1`;
const FAMILY = '24';
const CHILD_WELFARE = '10';

interface Explanation {
  allowed: boolean;
  rulesChecked: string[];
  refusals: { rule: string; reason: string }[];
  undetermined: { rule: string }[];
}
interface Page {
  total: number;
  items: unknown[];
}
interface Regulation {
  version: number;
  provisional: boolean;
  grants: { role: string; actions: string[]; documents: unknown }[];
}

const narrative = (text: string) => narrativeEntry(text, { author: 'Testinen' });

for (const engine of await testEngines()) {
  describe(`access routes (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const t = {
      adminA: '',
      adminB: '',
      sari: '',
      sariWeak: '',
      nina: '',
      ninaWeak: '',
      olli: '',
      olliWeak: '',
    };
    const ids = { sari: '', nina: '', olli: '' };
    let anna = '';
    let stranger = '';
    let docId = '';

    const explain = (token: string, q: Record<string, string>) =>
      api.get<Explanation>(`/access/explain?${new URLSearchParams(q)}`, token);
    const annaDocs = async (token: string) =>
      (await api.get<Page>(`/documents?client=${anna}&documentType=19005`, token)).body.total;
    const auditRows = async (action: string) =>
      (
        await server.db.owner.pool.query(
          'SELECT outcome, rule, reason, purpose, client_key FROM audit_entry WHERE action = $1 ORDER BY recorded_at, seq',
          [action],
        )
      ).rows;

    before(async () => {
      server = await startTestServer(engine, { authCacheMs: 60_000 });
      api = server.api;
      await bootstrapOrganization(server.db.store, {
        organizationOid: ORG_A,
        name: 'Keski-Uudenmaan hyvinvointialue',
        unitOid: `${ORG_A}.10.9`,
        adminLogin: 'admin.a',
      });
      await bootstrapOrganization(server.db.store, {
        organizationOid: ORG_B,
        name: 'Vantaan ja Keravan hyvinvointialue',
        unitOid: `${ORG_B}.10.9`,
        adminLogin: 'admin.b',
      });
      t.adminA = await api.login('admin.a');
      t.adminB = await api.login('admin.b');
      assert.equal(
        (
          await api.post(`/organizations/${ORG_A}/service-units`, t.adminA, {
            oid: UNIT_A,
            nameFi: 'Perhekeskus',
          })
        ).status,
        201,
      );
      assert.equal(
        (await api.post('/registers', t.adminA, { id: 'reg', registrarOid: ORG_A, name: 'Asiakasrekisteri' }))
          .status,
        201,
      );
      const people: ['sari' | 'nina' | 'olli', string, string[]][] = [
        ['sari', 'social_worker', [FAMILY, CHILD_WELFARE]],
        ['nina', 'practical_nurse', [FAMILY]],
        ['olli', 'office_worker', [FAMILY]],
      ];
      for (const [login, role, serviceTasks] of people) {
        ids[login] = await hireThroughApi(
          api,
          t.adminA,
          { login, givenNames: login, familyName: 'Testinen' },
          { organizationOid: ORG_A, serviceUnitOids: [UNIT_A], role, serviceTasks, validFrom: '2024-01-01' },
        );
        t[login] = await api.login(login);
        t[`${login}Weak` as const] = await api.login(login, 'password');
      }
      const a = await api.post<{ clientKey: string }>('/persons', t.sari, {
        hetu: hetu('1988-05-05', 911),
        familyName: 'Virtanen',
        givenNames: 'Anna',
      });
      anna = a.body.clientKey;
      const s = await api.post<{ clientKey: string }>('/persons', t.sari, {
        hetu: hetu('1970-02-02', 912),
        familyName: 'Vieras',
        givenNames: 'Ville',
      });
      stranger = s.body.clientKey;
      const ch = await api.post('/registers/reg/clienthoods', t.sari, {
        clientKey: anna,
        started: '2025-01-01',
        serviceTask: FAMILY,
      });
      assert.equal(ch.status, 201, ch.text);
      const pw = await api.call('PUT', `/registers/reg/clienthoods/${anna}/personal-worker`, {
        token: t.sari,
        body: { professionalId: ids.sari },
      });
      assert.equal(pw.status, 200, pw.text);
      const d = await api.post('/registers/reg/documents', t.sari, {
        metadata: { clients: [anna], serviceTask: FAMILY, documentType: '19005', documentDate: '2025-03-01' },
        content: narrative('Kotikäynti sovittu.'),
      });
      assert.equal(d.status, 201, d.text);
      docId = (d.body as { setId: string }).setId;
    });
    after(() => server.close());

    test('explain: the personal worker is allowed, and each failing rule is named', async () => {
      const ok = await explain(t.sari, { client: anna, documentType: '19005', serviceTask: FAMILY });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.allowed, true);
      assert.deepEqual(ok.body.refusals, []);
      assert.ok(ok.body.rulesChecked.includes('care_relation'));
      // Child welfare is not open on Anna's clienthood; Sari has a relation, so she is told.
      const closed = await explain(t.sari, {
        client: anna,
        documentType: '19005',
        serviceTask: CHILD_WELFARE,
      });
      assert.deepEqual(
        closed.body.refusals.map((r) => r.rule),
        ['service_task_open'],
      );
      const weak = await explain(t.sariWeak, { client: anna, documentType: '19005', serviceTask: FAMILY });
      assert.deepEqual(
        weak.body.refusals.map((r) => r.rule),
        ['strong_authentication'],
      );
      // Nina has no relation: what depends on Anna's records is withheld, not answered.
      const nina = await explain(t.nina, { client: anna, documentType: '19005', serviceTask: CHILD_WELFARE });
      assert.deepEqual(
        nina.body.refusals.map((r) => r.rule),
        ['service_task', 'care_relation'],
      );
      assert.deepEqual(
        nina.body.undetermined.map((r) => r.rule),
        ['service_task_open'],
      );
      // Anna's family services are open, but Nina cannot be told so either: still undetermined.
      const open = await explain(t.nina, { client: anna, documentType: '19005', serviceTask: FAMILY });
      assert.deepEqual(
        open.body.refusals.map((r) => r.rule),
        ['care_relation'],
      );
      assert.deepEqual(
        open.body.undetermined.map((r) => r.rule),
        ['service_task_open'],
      );
      // A decision type is outside a practical nurse's rights in the default regulation.
      const decision = await explain(t.nina, { client: anna, documentType: '11001', serviceTask: FAMILY });
      assert.ok(decision.body.refusals.some((r) => r.rule === 'role_regulation'));
      const bad = await api.get<Problem>(
        `/access/explain?client=nope&documentType=19005&serviceTask=${FAMILY}`,
        t.sari,
      );
      assert.equal(bad.status, 400);
      assert.equal((await auditRows('access.explain')).length >= 5, true);
    });

    test('the XHTML rendering is served as it was stored, under a no-script policy, to the allowed only', async () => {
      const r = await api.get(`/documents/${docId}/xhtml`, t.sari);
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type') ?? '', /^application\/xhtml\+xml/);
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'.*sandbox/);
      assert.match(r.text, /^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml"/);
      assert.match(r.text, /Kotikäynti sovittu\./);
      const other = await api.get<Problem>(`/documents/${docId}/xhtml`, t.olli);
      const missing = await api.get<Problem>('/documents/1.2.246.10.3333333.95.1/xhtml', t.olli);
      assert.equal(other.status, 404);
      assert.equal(other.body.detail, missing.body.detail);
    });

    test('explain for another user: their organization’s admin only; others get the answer for missing', async () => {
      const q = { client: anna, documentType: '19005', serviceTask: FAMILY, professional: ids.nina };
      const byAdmin = await explain(t.adminA, q);
      assert.equal(byAdmin.status, 200, byAdmin.text);
      assert.deepEqual(
        byAdmin.body.refusals.map((r) => r.rule),
        ['care_relation'],
      );
      const bySari = await explain(t.sari, q);
      const byOtherAdmin = await explain(t.adminB, q);
      const missing = await explain(t.adminB, { ...q, professional: '00000000-0000-4000-8000-000000000000' });
      for (const r of [bySari, byOtherAdmin, missing]) assert.equal(r.status, 404);
      const { instance: _a, ...sariBody } = bySari.body as unknown as Problem;
      const { instance: _b, ...missingBody } = missing.body as unknown as Problem;
      assert.deepEqual(sariBody, missingBody);
      const refused = (await auditRows('access.explain')).filter((r) => r.outcome === 'denied');
      assert.ok(refused.some((r) => r.rule === 'explain_others_admin_only'));
    });

    test('a first-contact reason opens today’s care relation, with its purpose in the log', async () => {
      assert.equal(await annaDocs(t.nina), 0, 'no relation, nothing listed');
      const purpose = 'Ensikäynti: kotihoidon tarpeen arviointi';
      const weak = await api.post<Problem>(`/clients/${anna}/care-relations`, t.ninaWeak, { purpose });
      assert.equal(weak.status, 403);
      assert.equal(weak.body.rule, 'strong_authentication');
      const short = await api.post<Problem>(`/clients/${anna}/care-relations`, t.nina, { purpose: 'koska' });
      assert.equal(short.status, 403);
      assert.equal(short.body.rule, 'care_reason_purpose');
      const office = await api.post<Problem>(`/clients/${anna}/care-relations`, t.olli, { purpose });
      assert.equal(office.status, 403);
      assert.equal(office.body.rule, 'care_reason_role');
      const nobody = await api.post<Problem>(
        `/clients/00000000-0000-4000-8000-000000000000/care-relations`,
        t.nina,
        {
          purpose,
        },
      );
      const foreign = await api.post<Problem>(`/clients/${anna}/care-relations`, t.nina, {
        purpose,
        registrarOid: ORG_B,
      });
      assert.equal(nobody.status, 404);
      assert.equal(foreign.status, 404);
      const badTask = await api.post<Problem>(`/clients/${anna}/care-relations`, t.nina, {
        purpose,
        serviceTask: '999',
      });
      assert.equal(badTask.status, 422);
      assert.equal(badTask.body.errors?.[0]?.path, '/serviceTask');
      const relations = async () =>
        (
          await server.db.owner.pool.query(
            "SELECT count(*)::int AS n FROM care_relation WHERE kind = 'recorded_reason'",
          )
        ).rows[0].n;
      assert.equal(await relations(), 0, 'no refused request wrote a relation');

      const ok = await api.post<{ kind: string; start: string; end: string; purpose: string }>(
        `/clients/${anna}/care-relations`,
        t.nina,
        { purpose, serviceTask: FAMILY },
      );
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.kind, 'recorded_reason');
      assert.equal(ok.body.start, ok.body.end);
      assert.equal(await relations(), 1);
      assert.equal(await annaDocs(t.nina), 1, 'the relation lets her read');
      assert.equal(await annaDocs(t.sari), 1);
      // The stranger is still out of reach: a relation is per client.
      assert.equal((await api.get<Page>(`/documents?client=${stranger}`, t.nina)).body.total, 0);
      const logged = (await auditRows('care_relation.record')).filter((r) => r.outcome === 'allowed');
      assert.equal(logged.length, 1);
      assert.equal(logged[0].purpose, purpose);
      assert.equal(logged[0].client_key, anna);
    });

    test('the regulation: staff read their own, the admin replaces it by versions; it takes effect at once', async () => {
      const current = await api.get<Regulation>(`/organizations/${ORG_A}/access-regulation`, t.sari);
      assert.equal(current.status, 200);
      assert.equal(current.body.version, 0);
      assert.equal(current.body.provisional, true);
      assert.equal((await api.get(`/organizations/${ORG_B}/access-regulation`, t.sari)).status, 404);
      const grants = current.body.grants.filter((g) => g.role !== 'practical_nurse');
      const body = {
        expectedVersion: 0,
        name: 'KUHA käyttöoikeusmääräys',
        grants,
        reason: 'Lähihoitajat eivät lue asiakirjoja',
      };

      const bySari = await api.call<Problem>('PUT', `/organizations/${ORG_A}/access-regulation`, {
        token: t.sari,
        body,
      });
      assert.equal(bySari.status, 403);
      assert.equal(bySari.body.rule, 'admin_only');
      const byOther = await api.call<Problem>('PUT', `/organizations/${ORG_A}/access-regulation`, {
        token: t.adminB,
        body,
      });
      assert.equal(byOther.status, 403);
      assert.equal(byOther.body.rule, 'own_organization');
      const invalid = await api.call<Problem>('PUT', `/organizations/${ORG_A}/access-regulation`, {
        token: t.adminA,
        body: { ...body, grants: [{ role: 'admin', actions: ['document.read'], documents: '*' }, ...grants] },
      });
      assert.equal(invalid.status, 422);
      assert.equal(invalid.body.errors?.[0]?.path, '/grants/0/role');
      const malformed = await api.call<Problem>('PUT', `/organizations/${ORG_A}/access-regulation`, {
        token: t.adminA,
        body: { ...body, grants: [{ role: 'social_worker', actions: ['document.fly'], documents: '*' }] },
      });
      assert.equal(malformed.status, 400);
      const rows = async () =>
        (await server.db.owner.pool.query('SELECT count(*)::int AS n FROM access_regulation')).rows[0].n;
      assert.equal(await rows(), 0, 'nothing written by a refused edit');

      assert.equal(await annaDocs(t.nina), 1);
      const put = await api.call<Regulation>('PUT', `/organizations/${ORG_A}/access-regulation`, {
        token: t.adminA,
        body,
      });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.version, 1);
      assert.equal(put.body.provisional, false);
      // The next request already works under it: a role with no read right at all is told so.
      const refused = await api.get<Problem>(`/documents?client=${anna}&documentType=19005`, t.nina);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.rule, 'role_regulation');
      assert.equal(await annaDocs(t.sari), 1);
      const why = await explain(t.nina, { client: anna, documentType: '19005', serviceTask: FAMILY });
      assert.deepEqual(
        why.body.refusals.map((r) => r.rule),
        ['role_regulation'],
      );
      const stale = await api.call<Problem>('PUT', `/organizations/${ORG_A}/access-regulation`, {
        token: t.adminA,
        body,
      });
      assert.equal(stale.status, 409);
      const versions = await api.get<Regulation[]>(
        `/organizations/${ORG_A}/access-regulation/versions`,
        t.adminA,
      );
      assert.deepEqual(
        versions.body.map((v) => v.version),
        [1],
      );
      assert.equal((await api.get(`/organizations/${ORG_A}/access-regulation/versions`, t.sari)).status, 403);
      // The other organization still works under the default.
      assert.equal(
        (await api.get<Regulation>(`/organizations/${ORG_B}/access-regulation`, t.adminB)).body.version,
        0,
      );
      const changes = await auditRows('access_regulation.change');
      assert.deepEqual(
        changes.map((c) => c.outcome),
        ['denied', 'denied', 'denied', 'allowed', 'denied'],
      );
    });
  });
}
