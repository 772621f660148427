// The story of the seed guide "Opas sosiaalihuollon tiedonhallinnan toimivaan yhteistyöhön"
// (4.1.1 and 4.1.2), over a real port and real PostgreSQL: a county opens a case and a clienthood
// for a child and records a private producer's unit with a start date (the register usage right);
// the producer is informed, reads the plan and writes narrative entries into the county's register;
// it cannot close the case, end the clienthood or touch the county's documents; the county ends the
// right, after which the producer can no longer read or write, and the county corrects the
// producer's entry. The audit trail is checked at the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, generateMinimalDocument } from '@varanto/domain/structures';
import { createPerson, listAudit, setBroadUsageRights } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const COUNTY = '1.2.246.10.7777777';
const PRODUCER = '1.2.246.10.8888888';
const OTHER_PRODUCER = '1.2.246.10.9999999';
const COUNTY_UNIT = `${COUNTY}.10.1`;
const HOME = `${PRODUCER}.10.1`;
const OTHER_HOME = `${OTHER_PRODUCER}.10.1`;
const REGISTER = `${COUNTY}.1264.1`;
const FAMILY = '24';
const reg = `/registers/${encodeURIComponent(REGISTER)}`;

const STRUCTURES = new Map(builtinStructures().map((d) => [d.typeCode, d]));

function content(type: string, seed = 1): unknown {
  const d = STRUCTURES.get(type);
  assert.ok(d, `structure ${type}`);
  return generateMinimalDocument(d, seed);
}

interface Doc {
  setId: string;
  version: number;
  metadata: { registrarOid: string; organizationOid: string; authorId: string; clients: string[] };
}
interface Change {
  clienthood: { setId: string; version: number };
  usageRights: { serviceUnitOid: string; start: string; end?: string; inForce: boolean }[];
  notices: {
    noticeId: string;
    kind: string;
    clientKey: string;
    caseOid?: string;
    start: string;
    end?: string;
  }[];
}
interface Notice {
  noticeId: string;
  kind: string;
  clientKey: string;
  caseOid?: string;
  start: string;
  end?: string;
  registerId: string;
  acknowledgedAt?: string;
}
interface Page {
  total: number;
  items: { setId: string }[];
}

for (const engine of await testEngines()) {
  describe(`register usage right: the seed guide's story (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    let now = new Date('2026-03-02T09:00:00Z');
    const ids: Record<string, string> = {};
    let child = '';
    const login = (who: string) => api.login(who);

    before(async () => {
      server = await startTestServer(engine, { authCacheMs: 60_000 }, { now: () => now });
      api = server.api;
      const world = await seedWorld(server.db.store, {
        organizations: [
          { oid: COUNTY, name: 'Järvi-Suomen hyvinvointialue' },
          { oid: PRODUCER, name: 'Hoivapolku Oy', kind: 'private_provider' },
          { oid: OTHER_PRODUCER, name: 'Toinen Koti Oy', kind: 'private_provider' },
        ],
        serviceUnits: [
          { oid: COUNTY_UNIT, organizationOid: COUNTY, nameFi: 'Lapsiperheiden sosiaalityö' },
          { oid: HOME, organizationOid: PRODUCER, nameFi: 'Perhekoti Kuusela' },
          { oid: OTHER_HOME, organizationOid: OTHER_PRODUCER, nameFi: 'Toinen koti' },
        ],
        registers: [{ id: REGISTER, registrarOid: COUNTY, name: 'Sosiaalihuollon asiakasrekisteri' }],
        rightDefaults: { role: 'social_worker', serviceTasks: [FAMILY], validFrom: '2020-01-01' },
        professionals: [
          { login: 'leena', rights: [{ organizationOid: COUNTY, serviceUnitOids: [COUNTY_UNIT] }] },
          {
            login: 'elina',
            rights: [{ organizationOid: PRODUCER, serviceUnitOids: [HOME], role: 'social_instructor' }],
          },
          { login: 'otto', rights: [{ organizationOid: OTHER_PRODUCER, serviceUnitOids: [OTHER_HOME] }] },
        ],
        persons: [
          { name: 'child', hetu: hetu('2014-02-07', 902), familyName: 'Virtanen', givenNames: 'Aino' },
        ],
      });
      Object.assign(ids, world.ids);
      child = world.clientKeys.child!;
    });
    after(() => server.close());

    test('the whole story, with the audit trail', async () => {
      let leena = await login('leena');
      let elina = await login('elina');

      // The county opens the clienthood and the case, and writes the plan.
      const ch = await api.post<{ setId: string }>(`${reg}/clienthoods`, leena, {
        clientKey: child,
        started: '2026-03-01',
        serviceTask: FAMILY,
        personalWorkerId: ids.leena,
      });
      assert.equal(ch.status, 201, ch.text);
      const kase = await api.post<{ caseOid: string }>(`${reg}/cases`, leena, {
        serviceTask: FAMILY,
        subject: { code: '1' },
        members: [child],
        opened: '2026-03-01',
      });
      assert.equal(kase.status, 201, kase.text);
      const caseOid = kase.body.caseOid;
      const plan = await api.post<Doc>(`${reg}/documents`, leena, {
        metadata: {
          clients: [child],
          serviceTask: FAMILY,
          documentType: '15008',
          documentDate: '2026-03-02',
          caseOid,
        },
        content: content('15008'),
      });
      assert.equal(plan.status, 201, plan.text);

      // Without a right the producer finds nothing and cannot write: the register looks missing.
      assert.equal((await api.get(`/documents/${plan.body.setId}`, elina)).status, 404);
      const early = await api.post<Problem>(`${reg}/documents`, elina, {
        metadata: {
          clients: [child],
          serviceTask: FAMILY,
          documentType: '19002',
          documentDate: '2026-03-02',
        },
        content: content('19002'),
      });
      assert.equal(early.status, 404, early.text);

      // The county records the producer's unit from 5 March: the right, opened ahead of the service.
      const opened = await api.post<Change>(`${reg}/clienthoods/${child}/usage-rights`, leena, {
        serviceTask: FAMILY,
        serviceUnitOid: HOME,
        socialServices: ['2'],
        start: '2026-03-05',
        caseOid,
      });
      assert.equal(opened.status, 201, opened.text);
      assert.equal(opened.body.clienthood.version, 2);
      assert.deepEqual(
        opened.body.usageRights.map((r) => [r.serviceUnitOid, r.start, r.end, r.inForce]),
        [[HOME, '2026-03-05', undefined, false]],
      );
      assert.deepEqual(
        opened.body.notices.map((n) => [n.kind, n.clientKey, n.caseOid, n.start]),
        [['opened', child, caseOid, '2026-03-05']],
      );

      // The producer is informed: its system polls the notice (which client, which case, from when).
      const polled = await api.get<Notice[]>('/usage-rights/notices', elina);
      assert.equal(polled.status, 200, polled.text);
      assert.deepEqual(
        polled.body.map((n) => [n.kind, n.clientKey, n.caseOid, n.start, n.registerId]),
        [['opened', child, caseOid, '2026-03-05', REGISTER]],
      );
      // Another producer is told nothing.
      const otto = await login('otto');
      assert.deepEqual((await api.get<Notice[]>('/usage-rights/notices', otto)).body, []);
      assert.equal(
        (await api.post(`/usage-rights/notices/${polled.body[0]!.noticeId}/acknowledgement`, otto, {}))
          .status,
        404,
      );
      const ack = await api.post<Notice>(
        `/usage-rights/notices/${polled.body[0]!.noticeId}/acknowledgement`,
        elina,
        {},
      );
      assert.equal(ack.status, 200, ack.text);
      assert.ok(ack.body.acknowledgedAt);
      assert.deepEqual((await api.get<Notice[]>('/usage-rights/notices', elina)).body, []);

      // Before the start date the right does not yet open the register.
      assert.equal((await api.get(`/documents/${plan.body.setId}`, elina)).status, 404);

      // 5 March: the producer prepares: it sees its client and reads the plan.
      now = new Date('2026-03-05T08:00:00Z');
      elina = await login('elina');
      leena = await login('leena');
      const held = await api.get<{ clientKey: string; registerId: string; inForce: boolean }[]>(
        '/usage-rights',
        elina,
      );
      assert.deepEqual(
        held.body.map((r) => [r.clientKey, r.registerId, r.inForce]),
        [[child, REGISTER, true]],
      );
      const readPlan = await api.get<Doc>(`/documents/${plan.body.setId}`, elina);
      assert.equal(readPlan.status, 200, readPlan.text);
      const found = await api.get<Page>(`/documents?client=${child}`, elina);
      assert.deepEqual(
        found.body.items.map((d) => d.setId).includes(plan.body.setId),
        true,
        'the plan is found in a search too',
      );
      // The clienthood document, where the producer checks its right, is readable too.
      assert.equal((await api.get(`${reg}/clienthoods/${child}`, elina)).status, 200);

      // It writes narrative entries straight into the county's register, as the producer.
      const start = await api.post<Doc>(`${reg}/documents`, elina, {
        metadata: {
          clients: [child],
          serviceTask: FAMILY,
          documentType: '19002',
          documentDate: '2026-03-05',
          caseOid,
          socialService: '2',
        },
        content: content('19002'),
      });
      assert.equal(start.status, 201, start.text);
      assert.equal(start.body.metadata.registrarOid, COUNTY, 'the registrar is the organizer');
      assert.equal(start.body.metadata.organizationOid, PRODUCER, 'the author organization is the producer');
      const entry = await api.post<Doc>(`${reg}/documents`, elina, {
        metadata: {
          clients: [child],
          serviceTask: FAMILY,
          documentType: '19005',
          documentDate: '2026-03-06',
          caseOid,
        },
        content: content('19005'),
      });
      assert.equal(entry.status, 201, entry.text);
      // It corrects its own entry while the right is valid...
      const fixed = await api.post<Doc>(`/documents/${entry.body.setId}/versions`, elina, {
        correctsVersion: 1,
        reason: 'Päivämäärä korjattu',
        content: content('19005', 2),
      });
      assert.equal(fixed.status, 201, fixed.text);
      // ...but not the county's plan, which it may read: refused with the rule's name.
      const notOwn = await api.post<Problem>(`/documents/${plan.body.setId}/versions`, elina, {
        correctsVersion: 1,
        reason: 'Muutos',
        content: content('15008', 3),
      });
      assert.equal(notOwn.status, 403, notOwn.text);
      assert.equal(notOwn.body.rule, 'producer_own_documents');

      // The producer cannot close the case, end the clienthood or update the clienthood document.
      const close = await api.post<Problem>(`/cases/${caseOid}/close`, elina, { ended: '2026-03-06' });
      assert.equal(close.status, 403, close.text);
      assert.equal(close.body.rule, 'organizer_records');
      const end = await api.post<Problem>(`${reg}/clienthoods/${child}/end`, elina, { ended: '2026-03-06' });
      assert.equal(end.status, 403, end.text);
      assert.equal(end.body.rule, 'organizer_records');
      const worker = await api.call<Problem>('PUT', `${reg}/clienthoods/${child}/personal-worker`, {
        token: elina,
        body: { professionalId: ids.elina },
      });
      assert.equal(worker.status, 403, worker.text);
      assert.equal(worker.body.rule, 'organizer_records');
      // Nor open a right for anyone (its own subcontractor included): that is the organizer's.
      const self = await api.post<Problem>(`${reg}/clienthoods/${child}/usage-rights`, elina, {
        serviceTask: FAMILY,
        serviceUnitOid: OTHER_HOME,
        start: '2026-03-06',
      });
      assert.equal(self.status, 403, self.text);
      assert.equal(self.body.rule, 'organizer_records');
      // The other producer, without a right, still sees nothing of the county.
      assert.equal((await api.get(`/documents/${plan.body.setId}`, await login('otto'))).status, 404);

      // 1 June: the county ends the right at the end of June, leaving time to finish the documents.
      now = new Date('2026-06-01T08:00:00Z');
      leena = await login('leena');
      const ended = await api.post<Change>(`${reg}/clienthoods/${child}/usage-rights/end`, leena, {
        serviceTask: FAMILY,
        serviceUnitOid: HOME,
        end: '2026-06-30',
      });
      assert.equal(ended.status, 201, ended.text);
      assert.deepEqual(
        ended.body.notices.map((n) => [n.kind, n.end]),
        [['ended', '2026-06-30']],
      );
      elina = await login('elina');
      assert.equal(
        (await api.get(`/documents/${plan.body.setId}`, elina)).status,
        200,
        'still in force in June',
      );

      // 1 July: the right has ended. The producer can no longer read, search, write or correct.
      now = new Date('2026-07-01T08:00:00Z');
      elina = await login('elina');
      leena = await login('leena');
      for (const setId of [plan.body.setId, entry.body.setId]) {
        assert.equal((await api.get(`/documents/${setId}`, elina)).status, 404);
      }
      const after = await api.get<Page>(`/documents?client=${child}`, elina);
      assert.equal(after.body.total, 0);
      const late = await api.post<Problem>(`${reg}/documents`, elina, {
        metadata: {
          clients: [child],
          serviceTask: FAMILY,
          documentType: '19005',
          documentDate: '2026-07-01',
        },
        content: content('19005'),
      });
      assert.equal(late.status, 404, late.text);
      const lateFix = await api.post<Problem>(`/documents/${entry.body.setId}/versions`, elina, {
        correctsVersion: 2,
        reason: 'Vielä yksi korjaus',
        content: content('19005', 4),
      });
      assert.equal(lateFix.status, 404, lateFix.text);
      assert.deepEqual((await api.get('/usage-rights', elina)).body, []);

      // Only the organizer versions the producer's documents now.
      const countyFix = await api.post<Doc>(`/documents/${entry.body.setId}/versions`, leena, {
        correctsVersion: 2,
        reason: 'Palveluntuottajan merkinnän korjaus oikeuden päätyttyä',
        content: content('19005', 5),
      });
      assert.equal(countyFix.status, 201, countyFix.text);
      assert.equal(countyFix.body.version, 3);
      assert.equal(countyFix.body.metadata.authorId, ids.leena);
      const history = await api.get<{ version: number; recordedBy: string }[]>(
        `/documents/${entry.body.setId}/versions`,
        leena,
      );
      assert.deepEqual(
        history.body.map((v) => [v.version, v.recordedBy]),
        [
          [1, ids.elina],
          [2, ids.elina],
          [3, ids.leena],
        ],
      );

      // Every change of the clienthood is a version in its history.
      const chVersions = await api.get<{ version: number; reason?: string }[]>(
        `/documents/${ch.body.setId}/versions`,
        leena,
      );
      assert.deepEqual(
        chVersions.body.map((v) => v.version),
        [1, 2, 3],
      );
      assert.match(chVersions.body[1]!.reason ?? '', /usage right opened/);
      assert.match(chVersions.body[2]!.reason ?? '', /ends 2026-06-30/);

      // The audit trail tells the story, refusals with their rules.
      const trail = await server.db.owner.transaction((tx) =>
        listAudit(tx, { clientKey: child, limit: 1000 }),
      );
      const line = (e: (typeof trail)[number]) =>
        `${e.actorLogin ?? e.actorKind} ${e.action} ${e.outcome}${e.outcome === 'denied' ? ` ${e.rule}` : ''}`;
      const lines = trail.map(line);
      for (const expected of [
        'leena usage_right.open allowed',
        'elina usage_right.notice.list allowed',
        'elina usage_right.notice.acknowledge allowed',
        'elina document.store allowed',
        'elina document.correct allowed',
        'elina document.correct denied producer_own_documents',
        'elina case.close denied organizer_records',
        'elina clienthood.end denied organizer_records',
        'leena usage_right.end allowed',
        'elina document.read denied registrar_boundary',
        'elina document.correct denied registrar_boundary',
        'leena document.correct allowed',
      ]) {
        assert.ok(lines.includes(expected), `audit has "${expected}"; it has:\n${lines.join('\n')}`);
      }
      const verified = await server.db.owner.pool.query('SELECT count(*)::int AS n FROM audit_entry');
      assert.ok(verified.rows[0].n > 20);
    });

    test('a subcontractor works under the producer, and ends with it', async () => {
      now = new Date('2026-08-01T08:00:00Z');
      const leena = await login('leena');
      const person = await server.db.store.transaction((tx) =>
        createPerson(tx, {
          hetu: hetu('2015-05-05', 903),
          familyName: 'Korhonen',
          givenNames: 'Eetu',
          turvakielto: false,
        }),
      );
      const ch = await api.post(`${reg}/clienthoods`, leena, {
        clientKey: person.clientKey,
        started: '2026-08-01',
        serviceTask: FAMILY,
      });
      assert.equal(ch.status, 201, ch.text);
      const producer = await api.post<Change>(`${reg}/clienthoods/${person.clientKey}/usage-rights`, leena, {
        serviceTask: FAMILY,
        serviceUnitOid: HOME,
        start: '2026-08-01',
      });
      assert.equal(producer.status, 201, producer.text);
      const subcontractor = await api.post<Change>(
        `${reg}/clienthoods/${person.clientKey}/usage-rights`,
        leena,
        {
          serviceTask: FAMILY,
          serviceUnitOid: OTHER_HOME,
          producerUnitOid: HOME,
          start: '2026-08-01',
        },
      );
      assert.equal(subcontractor.status, 201, subcontractor.text);
      const otto = await login('otto');
      const entry = await api.post<Doc>(`${reg}/documents`, otto, {
        metadata: {
          clients: [person.clientKey],
          serviceTask: FAMILY,
          documentType: '19005',
          documentDate: '2026-08-01',
        },
        content: content('19005'),
      });
      assert.equal(entry.status, 201, entry.text);
      assert.equal(entry.body.metadata.organizationOid, OTHER_PRODUCER);
      // The producer reads the subcontractor's entry (its own right) but may not correct it.
      const elina = await login('elina');
      assert.equal((await api.get(`/documents/${entry.body.setId}`, elina)).status, 200);
      const fix = await api.post<Problem>(`/documents/${entry.body.setId}/versions`, elina, {
        correctsVersion: 1,
        reason: 'x',
        content: content('19005', 9),
      });
      assert.equal(fix.status, 403);
      assert.equal(fix.body.rule, 'producer_own_documents');
      // Ending the producer's right ends the subcontractor's on the same day.
      const ended = await api.post<Change>(`${reg}/clienthoods/${person.clientKey}/usage-rights/end`, leena, {
        serviceTask: FAMILY,
        serviceUnitOid: HOME,
        end: '2026-08-15',
      });
      assert.equal(ended.status, 201, ended.text);
      assert.deepEqual(ended.body.notices.map((n) => n.kind).sort(), ['ended', 'ended']);
      now = new Date('2026-08-16T08:00:00Z');
      assert.equal((await api.get(`/documents/${entry.body.setId}`, await login('otto'))).status, 404);
      // Recording rights is the organizer's, and never for its own units.
      const own = await api.post<Problem>(
        `${reg}/clienthoods/${person.clientKey}/usage-rights`,
        await login('leena'),
        {
          serviceTask: FAMILY,
          serviceUnitOid: COUNTY_UNIT,
          start: '2026-08-16',
        },
      );
      assert.equal(own.status, 403, own.text);
      assert.equal(own.body.rule, 'producer_is_organizer');
    });

    test('a broad right: the shelter home also records the case and clienthood documents', async () => {
      const THL = '1.2.246.10.5050505';
      const THL_UNIT = `${THL}.10.1`;
      const THL_REGISTER = `${THL}.1264.1`;
      const thlReg = `/registers/${encodeURIComponent(THL_REGISTER)}`;
      now = new Date('2026-09-01T08:00:00Z');
      const thlWorld = await seedWorld(server.db.store, {
        organizations: [{ oid: THL, name: 'THL', kind: 'state' }],
        serviceUnits: [{ oid: THL_UNIT, organizationOid: THL, nameFi: 'Turvakotipalvelut' }],
        registers: [{ id: THL_REGISTER, registrarOid: THL, name: 'THL' }],
        rightDefaults: {
          organizationOid: THL,
          serviceUnitOids: [THL_UNIT],
          role: 'social_worker',
          serviceTasks: [FAMILY],
          validFrom: '2020-01-01',
        },
        professionals: [{ login: 'thl', givenNames: 'T', familyName: 'Hl' }],
        persons: [{ name: 'tiina', hetu: hetu('1990-10-10', 971), familyName: 'Turva', givenNames: 'Tiina' }],
      });
      ids.thl = thlWorld.ids.thl!;
      const tiina = thlWorld.clientKeys.tiina!;
      const thl = await login('thl');
      // Only an administrator of the organizer declares it gives broad rights.
      const notAdmin = await api.call<Problem>('PUT', `/organizations/${THL}/broad-usage-rights`, {
        token: thl,
        body: { broad: true },
      });
      assert.equal(notAdmin.status, 403);
      assert.equal(notAdmin.body.rule, 'admin_only');
      await server.db.store.transaction((tx) => setBroadUsageRights(tx, THL, true));
      assert.equal(
        (
          await api.post(`${thlReg}/clienthoods`, thl, {
            clientKey: tiina,
            started: '2026-09-01',
            serviceTask: FAMILY,
          })
        ).status,
        201,
      );
      const kase = await api.post<{ caseOid: string }>(`${thlReg}/cases`, thl, {
        serviceTask: FAMILY,
        subject: { code: '1' },
        members: [tiina],
        opened: '2026-09-01',
      });
      const right = await api.post<Change & { usageRights: { broad: boolean }[] }>(
        `${thlReg}/clienthoods/${tiina}/usage-rights`,
        thl,
        { serviceTask: FAMILY, serviceUnitOid: HOME, start: '2026-09-01', caseOid: kase.body.caseOid },
      );
      assert.equal(right.status, 201, right.text);
      assert.equal(right.body.usageRights[0]!.broad, true);
      const elina = await login('elina');
      // The producer names the personal worker and closes the case: clienthood and case documentation.
      const worker = await api.call('PUT', `${thlReg}/clienthoods/${tiina}/personal-worker`, {
        token: elina,
        body: { professionalId: ids.elina },
      });
      assert.equal(worker.status, 200, worker.text);
      const closed = await api.post(`/cases/${kase.body.caseOid}/close`, elina, { ended: '2026-09-01' });
      assert.equal(closed.status, 201, closed.text);
      // Opening rights stays the organizer's, even under a broad right.
      const own = await api.post<Problem>(`${thlReg}/clienthoods/${tiina}/usage-rights`, elina, {
        serviceTask: FAMILY,
        serviceUnitOid: OTHER_HOME,
        start: '2026-09-02',
      });
      assert.equal(own.status, 403, own.text);
      assert.equal(own.body.rule, 'organizer_opens_rights');
      // The county's rights are not broad: its case stays the county's (the first test's case is closed
      // by nobody but the county).
    });
  });
}
