// The three joining models served by one deployment. Who administers a producer's users differs:
// its own administrator (direct), the main joiner's (joint tenant), the organizer's (parallel).
// What a user may do does not: a worker of each producer gets the same answers under a register
// usage right, and each organization's own register stays its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, generateMinimalDocument } from '@varanto/domain/structures';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const COUNTY = '1.2.246.10.1212121';
const DIRECT = '1.2.246.10.1313131';
const MAIN = '1.2.246.10.1414141';
const TENANT = '1.2.246.10.1515151';
const PARALLEL = '1.2.246.10.1616161';
const ORGS = [COUNTY, DIRECT, MAIN, TENANT, PARALLEL];
const unit = (org: string) => `${org}.10.1`;
const register = (org: string) => `${org}.1264.1`;
const reg = (org: string) => `/registers/${encodeURIComponent(register(org))}`;
const content = (type: string) =>
  generateMinimalDocument(builtinStructures().find((d) => d.typeCode === type)!, 1);

for (const engine of await testEngines()) {
  describe(`joining models (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    let child = '';
    let ownClient = '';

    before(async () => {
      server = await startTestServer(
        engine,
        { authCacheMs: 60_000 },
        { now: () => new Date('2026-04-01T09:00:00Z') },
      );
      api = server.api;
      const world = await seedWorld(server.db.store, {
        organizations: ORGS.map((org) => ({
          oid: org,
          name: `Org ${org}`,
          kind: org === COUNTY ? 'wellbeing_county' : 'private_provider',
        })),
        serviceUnits: ORGS.map((org) => ({ oid: unit(org), organizationOid: org, nameFi: `Yksikkö ${org}` })),
        registers: ORGS.map((org) => ({ id: register(org), registrarOid: org, name: `Rekisteri ${org}` })),
        rightDefaults: { validFrom: '2020-01-01' },
        professionals: [
          ...ORGS.map((org) => ({
            login: `admin-${org}`,
            givenNames: 'A',
            familyName: 'Admin',
            rights: [
              {
                organizationOid: org,
                serviceUnitOids: [unit(org)],
                role: 'admin' as const,
                serviceTasks: [],
              },
            ],
          })),
          {
            login: 'county.worker',
            givenNames: 'C',
            familyName: 'Worker',
            rights: [
              {
                organizationOid: COUNTY,
                serviceUnitOids: [unit(COUNTY)],
                role: 'social_worker',
                serviceTasks: ['24'],
              },
            ],
          },
        ],
        persons: [
          { name: 'child', hetu: hetu('2015-03-03', 961), familyName: 'Lapsi', givenNames: 'Liisa' },
          { name: 'own', hetu: hetu('1950-01-01', 962), familyName: 'Oma', givenNames: 'Olga' },
        ],
      });
      child = world.clientKeys.child!;
      ownClient = world.clientKeys.own!;
    });
    after(() => server.close());

    /** An administrator creates a worker and grants her a right in `org`'s unit. */
    async function makeWorker(adminOrg: string, org: string, login: string) {
      const admin = await api.login(`admin-${adminOrg}`);
      const p = await api.post<{ id: string }>('/professionals', admin, {
        login,
        givenNames: 'W',
        familyName: login,
      });
      assert.equal(p.status, 201, p.text);
      return api.post<Problem>(`/professionals/${p.body.id}/rights`, admin, {
        organizationOid: org,
        serviceUnitOids: [unit(org)],
        role: 'social_worker',
        serviceTasks: ['24'],
        validFrom: '2020-01-01',
      });
    }

    test('the host administers a joint tenant or a parallel producer; nobody administers a direct one', async () => {
      // Before declaring, the main joiner may not manage the tenant's users.
      const early = await makeWorker(MAIN, TENANT, 'tenant.early');
      assert.equal(early.status, 403, early.text);
      assert.equal(early.body.rule, 'own_organization');
      // The tenant and the parallel producer hand over their users' administration.
      const joint = await api.call('PUT', `/organizations/${TENANT}/joining`, {
        token: await api.login(`admin-${TENANT}`),
        body: { model: 'joint', hostOrganizationOid: MAIN },
      });
      assert.equal(joint.status, 200, joint.text);
      const parallel = await api.call('PUT', `/organizations/${PARALLEL}/joining`, {
        token: await api.login(`admin-${PARALLEL}`),
        body: { model: 'parallel', hostOrganizationOid: COUNTY },
      });
      assert.equal(parallel.status, 200, parallel.text);
      // Another organization cannot declare itself host of someone else.
      const hijack = await api.call<Problem>('PUT', `/organizations/${DIRECT}/joining`, {
        token: await api.login(`admin-${MAIN}`),
        body: { model: 'joint', hostOrganizationOid: MAIN },
      });
      assert.equal(hijack.status, 403);
      assert.equal(hijack.body.rule, 'own_organization');

      assert.equal((await makeWorker(MAIN, TENANT, 'tenant.worker')).status, 201);
      assert.equal((await makeWorker(COUNTY, PARALLEL, 'parallel.worker')).status, 201);
      assert.equal((await makeWorker(DIRECT, DIRECT, 'direct.worker')).status, 201);
      const notHost = await makeWorker(COUNTY, DIRECT, 'direct.other');
      assert.equal(notHost.status, 403);
      assert.equal(notHost.body.rule, 'own_organization');
      const crossed = await makeWorker(MAIN, PARALLEL, 'parallel.other');
      assert.equal(crossed.status, 403);
      const view = await api.get<{ hosted: { organizationOid: string; model: string }[] }>(
        `/organizations/${COUNTY}/joining`,
        await api.login(`admin-${COUNTY}`),
      );
      assert.deepEqual(view.body.hosted, [{ organizationOid: PARALLEL, model: 'parallel' }]);
    });

    test("the same rules hold for every model's worker, and each register stays its own", async () => {
      const county = await api.login('county.worker');
      assert.equal(
        (
          await api.post(`${reg(COUNTY)}/clienthoods`, county, {
            clientKey: child,
            started: '2026-03-01',
            serviceTask: '24',
          })
        ).status,
        201,
      );
      const kase = await api.post<{ caseOid: string }>(`${reg(COUNTY)}/cases`, county, {
        serviceTask: '24',
        subject: { code: '1' },
        members: [child],
        opened: '2026-03-01',
      });
      const plan = await api.post<{ setId: string }>(`${reg(COUNTY)}/documents`, county, {
        metadata: { clients: [child], serviceTask: '24', documentType: '15008', documentDate: '2026-03-02' },
        content: content('15008'),
      });
      assert.equal(plan.status, 201, plan.text);
      for (const org of [DIRECT, TENANT, PARALLEL]) {
        const r = await api.post(`${reg(COUNTY)}/clienthoods/${child}/usage-rights`, county, {
          serviceTask: '24',
          serviceUnitOid: unit(org),
          start: '2026-03-15',
        });
        assert.equal(r.status, 201, r.text);
      }
      // The tenant keeps a private client of its own in its own register.
      const tenant = await api.login('tenant.worker');
      assert.equal(
        (
          await api.post(`${reg(TENANT)}/clienthoods`, tenant, {
            clientKey: ownClient,
            started: '2026-03-01',
            serviceTask: '24',
          })
        ).status,
        201,
      );
      const privateDoc = await api.post<{ setId: string }>(`${reg(TENANT)}/documents`, tenant, {
        metadata: {
          clients: [ownClient],
          serviceTask: '24',
          documentType: '19005',
          documentDate: '2026-03-05',
        },
        content: content('19005'),
      });
      assert.equal(privateDoc.status, 201, privateDoc.text);

      const answers: string[] = [];
      for (const login of ['direct.worker', 'tenant.worker', 'parallel.worker']) {
        const token = await api.login(login);
        const read = await api.get(`/documents/${plan.body.setId}`, token);
        const write = await api.post(`${reg(COUNTY)}/documents`, token, {
          metadata: {
            clients: [child],
            serviceTask: '24',
            documentType: '19005',
            documentDate: '2026-04-01',
          },
          content: content('19005'),
        });
        const close = await api.post<Problem>(`/cases/${kase.body.caseOid}/close`, token, {
          ended: '2026-04-01',
        });
        answers.push(`${read.status} ${write.status} ${close.status} ${close.body.rule}`);
        if (login !== 'tenant.worker') {
          assert.equal((await api.get(`/documents/${privateDoc.body.setId}`, token)).status, 404, `${login}`);
        }
      }
      assert.deepEqual(answers, Array(3).fill('200 201 403 organizer_records'));
      // The main joiner's own staff see nothing of its tenant's register.
      const mainWorker = await makeWorker(MAIN, MAIN, 'main.worker');
      assert.equal(mainWorker.status, 201);
      assert.equal(
        (await api.get(`/documents/${privateDoc.body.setId}`, await api.login('main.worker'))).status,
        404,
      );
    });
  });
}
