// A shared case (yhteinen asia) of a family: members join and leave; a document of the case
// belongs to each member present at its date, a member who left is no client of later documents,
// and access through each member is decided on that member's own facts. Every step of the case
// and the clienthoods is a version in the documents' history.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, generateMinimalDocument } from '@varanto/domain/structures';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const COUNTY = '1.2.246.10.4545454';
const UNIT = `${COUNTY}.10.1`;
const OTHER_UNIT = `${COUNTY}.10.2`;
const REGISTER = `${COUNTY}.1264.1`;
const FAMILY = '24';
const reg = `/registers/${encodeURIComponent(REGISTER)}`;
const entry = generateMinimalDocument(builtinStructures().find((d) => d.typeCode === '19005')!, 1);

interface Doc {
  setId: string;
  version: number;
  metadata: { clients: string[]; documentDate: string };
}

for (const engine of await testEngines()) {
  describe(`shared case (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const ids: Record<string, string> = {};
    const who: Record<string, string> = {};

    before(async () => {
      server = await startTestServer(engine, {}, { now: () => new Date('2026-07-01T09:00:00Z') });
      api = server.api;
      const world = await seedWorld(server.db.store, {
        organizations: [{ oid: COUNTY, name: 'Hyvinvointialue' }],
        serviceUnits: [
          { oid: UNIT, organizationOid: COUNTY, nameFi: 'Perhesosiaalityö' },
          { oid: OTHER_UNIT, organizationOid: COUNTY, nameFi: 'Aikuissosiaalityö' },
        ],
        registers: [{ id: REGISTER, registrarOid: COUNTY, name: 'Rekisteri' }],
        rightDefaults: {
          organizationOid: COUNTY,
          role: 'social_worker',
          serviceTasks: [FAMILY],
          validFrom: '2020-01-01',
        },
        professionals: [
          { login: 'sari', rights: [{ serviceUnitOids: [UNIT] }] },
          { login: 'ville', rights: [{ serviceUnitOids: [OTHER_UNIT] }] },
        ],
        persons: (
          [
            ['mother', '1986-04-12', 911],
            ['father', '1984-09-30', 913],
            ['child', '2014-02-07', 915],
          ] as const
        ).map(([name, birth, n]) => ({
          name,
          hetu: hetu(birth, n),
          familyName: 'Virtanen',
          givenNames: name,
        })),
      });
      Object.assign(ids, world.ids);
      Object.assign(who, world.clientKeys);
    });
    after(() => server.close());

    test('documents belong to the members present at their date; access is per member', async () => {
      const sari = await api.login('sari');
      const ville = await api.login('ville');
      for (const [name, worker] of [
        ['mother', 'sari'],
        ['child', 'sari'],
        ['father', 'ville'],
      ] as const) {
        const r = await api.post(`${reg}/clienthoods`, sari, {
          clientKey: who[name],
          started: '2026-03-01',
          serviceTask: FAMILY,
          personalWorkerId: ids[worker],
        });
        assert.equal(r.status, 201, r.text);
      }
      const opened = await api.post<{ caseOid: string; setId: string }>(`${reg}/cases`, sari, {
        serviceTask: FAMILY,
        subject: { code: '1' },
        members: [who.mother, who.child],
        opened: '2026-03-01',
      });
      assert.equal(opened.status, 201, opened.text);
      const caseOid = opened.body.caseOid;
      const joined = await api.post(`/cases/${caseOid}/members`, sari, {
        clientKey: who.father,
        joinedAt: '2026-04-01T08:00:00Z',
      });
      assert.equal(joined.status, 201, joined.text);
      const left = await api.post(`/cases/${caseOid}/members/${who.mother}/leave`, sari, {
        leftAt: '2026-05-15T12:00:00Z',
      });
      assert.equal(left.status, 201, left.text);

      const store = (named: string[], documentDate: string) =>
        api.post<Doc & Problem>(`${reg}/documents`, sari, {
          metadata: { clients: named, serviceTask: FAMILY, documentType: '19005', documentDate, caseOid },
          content: entry,
        });
      const march = await store([who.child!], '2026-03-10');
      const april = await store([who.child!], '2026-04-10');
      const june = await store([who.child!], '2026-06-01');
      for (const d of [march, april, june]) assert.equal(d.status, 201, d.text);
      assert.deepEqual(march.body.metadata.clients, [who.child, who.mother]);
      assert.deepEqual(april.body.metadata.clients, [who.child, who.mother, who.father]);
      assert.deepEqual(june.body.metadata.clients, [who.child, who.father], 'the mother left in May');

      // Naming a client who was not a member on the date is refused at the name's path.
      const wrong = await store([who.mother!], '2026-06-01');
      assert.equal(wrong.status, 422, wrong.text);
      assert.deepEqual(
        wrong.body.errors?.map((e) => [e.path, e.code]),
        [['/metadata/clients/0', 'not_case_member_on_date']],
      );

      // The mother's documents are those of her membership.
      const mothers = await api.get<{ items: { setId: string }[] }>(`/documents?client=${who.mother}`, sari);
      const motherIds = new Set(mothers.body.items.map((i) => i.setId));
      assert.ok(motherIds.has(march.body.setId) && motherIds.has(april.body.setId));
      assert.ok(!motherIds.has(june.body.setId), 'a member who left does not get later documents');

      // Ville works with the father only (his personal worker, another unit): he reaches the case's
      // documents through the father, and only those the father belongs to.
      assert.equal((await api.get(`/documents/${april.body.setId}`, ville)).status, 200);
      assert.equal((await api.get(`/documents/${june.body.setId}`, ville)).status, 200);
      assert.equal((await api.get(`/documents/${march.body.setId}`, ville)).status, 404);

      // Moving the June entry into April makes the mother its client again (a new version).
      const moved = await api.post<Doc>(`/documents/${june.body.setId}/versions`, sari, {
        correctsVersion: 1,
        reason: 'Päivämäärä korjattu',
        content: entry,
        metadata: { documentDate: '2026-04-20' },
      });
      assert.equal(moved.status, 201, moved.text);
      assert.deepEqual(moved.body.metadata.clients, [who.child, who.mother, who.father]);

      // The case's history: opened, joined, left.
      const versions = await api.get<{ version: number; reason?: string }[]>(
        `/documents/${opened.body.setId}/versions`,
        sari,
      );
      assert.deepEqual(
        versions.body.map((v) => [v.version, v.reason]),
        [
          [1, undefined],
          [2, 'client joined the case'],
          [3, 'client left the case'],
        ],
      );
      // A clienthood cannot end while its client's cases are open; after closing the case it can,
      // and each step is a version of the clienthood document.
      const early = await api.post<Problem>(`${reg}/clienthoods/${who.father}/end`, sari, {
        ended: '2026-06-30',
      });
      assert.equal(early.status, 409, early.text);
      assert.equal(early.body.rule, 'cases_open');
      // The father joined on 1 April and is still in the case: it cannot have ended before that
      // (this was a 500 from the relation projection's date check before the rule existed).
      const beforeJoin = await api.post<Problem>(`/cases/${caseOid}/close`, sari, { ended: '2026-03-15' });
      assert.equal(beforeJoin.status, 422, beforeJoin.text);
      assert.equal(beforeJoin.body.rule, 'end_before_member_joined');
      assert.equal(beforeJoin.body.errors?.[0]?.path, '/ended');
      const closed = await api.post(`/cases/${caseOid}/close`, sari, { ended: '2026-06-30' });
      assert.equal(closed.status, 201, closed.text);
      const ended = await api.post<{ ended: string; version: number; setId: string }>(
        `${reg}/clienthoods/${who.father}/end`,
        sari,
        { ended: '2026-06-30', reason: 'Asiakkuus päättyi, asia suljettu.' },
      );
      assert.equal(ended.status, 201, ended.text);
      assert.equal(ended.body.ended, '2026-06-30');
      const chVersions = await api.get<{ version: number; reason?: string }[]>(
        `/documents/${ended.body.setId}/versions`,
        sari,
      );
      assert.deepEqual(
        chVersions.body.map((v) => v.reason),
        [undefined, 'clienthood ended'],
      );
    });
  });
}
