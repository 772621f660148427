// The citizen portal's API over a real port and real PostgreSQL, with the clock in the test's hand:
// a family where a mother and her 10-year-old stayed in a shelter home, the other parent is also the
// child's guardian, and the mother acts for her own mother under a mandate. The family shows each
// rule: a shelter home document never reaches the other parent on any path, a delayed document
// appears on its date, the guardian sees the child's marked documents only, a bar or a revoked
// mandate closes the view, every on-behalf view is logged as such; the client's access log withholds
// what would reveal a hidden document; an error report travels to the recording unit and back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, generateMinimalDocument } from '@varanto/domain/structures';
import { MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS } from '@varanto/domain/visibility';
import { listAudit, recordPersonRelation, recordProfessionalContact } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const COUNTY = '1.2.246.10.7777777';
const FAMILY_UNIT = `${COUNTY}.10.1`;
const SHELTER_UNIT = `${COUNTY}.10.7`;
const ADULT_UNIT = `${COUNTY}.10.4`;
const REGISTER = `${COUNTY}.1264.1`;
const FAMILY = '24';
const reg = `/registers/${encodeURIComponent(REGISTER)}`;
const STRUCTURES = new Map(builtinStructures().map((d) => [d.typeCode, d]));

function content(type: string, seed = 1): unknown {
  const d = STRUCTURES.get(type);
  assert.ok(d, `structure ${type}`);
  return generateMinimalDocument(d, seed);
}

const at = (day: string) => new Date(`${day}T09:00:00Z`);

interface Page {
  subject: string;
  basis: string;
  total: number;
  items: { setId: string; documentType: string; documentName: { fi: string } }[];
}
interface LogPage {
  basis: string;
  total: number;
  items: {
    at: string;
    actor?: { kind: string; name?: string; you?: boolean };
    organization?: { name?: string };
    serviceUnits?: { oid: string }[];
    action: string;
    outcome: string;
    purpose?: string;
    careRelation?: string;
    documents: { setId: string }[];
    withheldDocuments: number;
    withheld?: { rule: string };
  }[];
}

for (const engine of await testEngines()) {
  describe(`citizen portal API (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    let now = at('2026-06-01');
    const ids: Record<string, string> = {};
    const p: Record<string, string> = {};
    const hetus: Record<string, string> = {};
    const docs: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    const citizen = async (who: string) => {
      const r = await api.post<{ token: string }>('/citizen/auth/login', undefined, { hetu: hetus[who] });
      assert.equal(r.status, 200, r.text);
      return r.body.token;
    };
    const store = (
      token: string,
      type: string,
      clients: string[],
      omakanta: object,
      date = '2026-05-20',
      unit = FAMILY_UNIT,
    ) =>
      api.post<{ setId: string; version: number }>(`${reg}/documents`, token, {
        metadata: {
          clients,
          serviceTask: FAMILY,
          documentType: type,
          documentDate: date,
          serviceUnitOid: unit,
          omakanta,
        },
        content: content(type),
      });

    before(async () => {
      // The clock moves by weeks: sessions must outlive it.
      server = await startTestServer(engine, { sessionTtlSeconds: 365 * 86_400 }, { now: () => now });
      api = server.api;
      const persons: [string, string, string, number][] = [
        ['mother', 'Maija', '1986-04-12', 910],
        ['father', 'Pekka', '1984-09-30', 911],
        ['child', 'Eetu', '2016-04-01', 912],
        ['grandma', 'Aune', '1948-02-02', 913],
        ['stranger', 'Ville', '1990-01-01', 914],
      ];
      for (const [who, , birthDate, n] of persons) hetus[who] = hetu(birthDate, n);
      const worker = (login: string, unit: string, role: 'social_worker' | 'practical_nurse') => ({
        login,
        rights: [{ serviceUnitOids: [unit], role }],
      });
      const world = await seedWorld(server.db.store, {
        organizations: [{ oid: COUNTY, name: 'Järvi-Suomen hyvinvointialue' }],
        serviceUnits: [
          { oid: FAMILY_UNIT, organizationOid: COUNTY, nameFi: 'Lapsiperheiden sosiaalityö' },
          { oid: SHELTER_UNIT, organizationOid: COUNTY, nameFi: 'Turvakoti Majakka' },
          { oid: ADULT_UNIT, organizationOid: COUNTY, nameFi: 'Aikuissosiaalityö' },
        ],
        registers: [{ id: REGISTER, registrarOid: COUNTY }],
        rightDefaults: { organizationOid: COUNTY, serviceTasks: [FAMILY], validFrom: '2020-01-01' },
        professionals: [
          worker('leena', FAMILY_UNIT, 'social_worker'),
          worker('tuija', SHELTER_UNIT, 'social_worker'),
          worker('riikka', ADULT_UNIT, 'social_worker'),
          worker('pertti', FAMILY_UNIT, 'practical_nurse'),
        ],
        persons: persons.map(([name, givenNames, birthDate]) => ({
          name,
          hetu: hetus[name],
          familyName: name === 'grandma' ? 'Rantanen' : 'Mäkinen',
          givenNames,
          birthDate,
        })),
      });
      Object.assign(ids, world.ids);
      Object.assign(p, world.clientKeys);
      await server.db.store.transaction(async (tx) => {
        await recordProfessionalContact(tx, {
          professionalId: ids.leena!,
          phone: '029 123 4567',
          email: 'leena.testinen@example.fi',
          serviceAddress: 'Lapsiperheiden sosiaalityö, Kirkkokatu 1, 50100 Mikkeli',
          recordedBy: 'bootstrap',
        });
        for (const parent of ['mother', 'father']) {
          await recordPersonRelation(tx, {
            clientKey: p.child!,
            kind: 'guardianship',
            holderKey: p[parent]!,
            start: '2016-04-01',
            source: 'population_register',
            recordedBy: 'test',
          });
        }
        await recordPersonRelation(tx, {
          clientKey: p.grandma!,
          kind: 'mandate',
          holderKey: p.mother!,
          start: '2026-01-01',
          scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
          source: 'mandate_register',
          recordedBy: 'test',
        });
      });
      for (const who of ['leena', 'tuija', 'riikka', 'pertti']) tokens[who] = await api.login(who);
      for (const who of ['mother', 'child', 'grandma']) {
        const r = await api.post(`${reg}/clienthoods`, tokens[who === 'grandma' ? 'riikka' : 'leena'], {
          clientKey: p[who],
          started: '2026-01-10',
          serviceTask: FAMILY,
          serviceUnitOid: who === 'grandma' ? ADULT_UNIT : FAMILY_UNIT,
          personalWorkerId: ids[who === 'grandma' ? 'riikka' : 'leena'],
        });
        assert.equal(r.status, 201, r.text);
      }
      // The shelter home's own case of the mother and the child.
      const shelterCase = await api.post(`${reg}/cases`, tokens.tuija, {
        serviceTask: FAMILY,
        subject: { code: '1' },
        members: [p.mother, p.child],
        opened: '2026-02-01',
        serviceUnitOid: SHELTER_UNIT,
      });
      assert.equal(shelterCase.status, 201, shelterCase.text);
      const made: [string, string, string, string[], object, string?][] = [
        // The shelter home's initial assessment concerns the mother and the child; it is marked
        // shown to the guardian, and still must never reach the other parent.
        ['shelter', 'tuija', '1011', [p.mother!, p.child!], { shownToGuardian: true }],
        ['childMarked', 'leena', '19005', [p.child!], { shownToGuardian: true }],
        ['childUnmarked', 'leena', '19005', [p.child!], {}],
        ['childHidden', 'leena', '19005', [p.child!], { shownToGuardian: false, restrictionText: 'suojelu' }],
        ['motherDelayed', 'leena', '19005', [p.mother!], { delayUntil: '2026-06-15' }],
        ['motherShown', 'leena', '19005', [p.mother!], {}],
        ['motherSpecial', 'leena', '19005', [p.mother!], { specialContent: true }],
        ['grandmaShown', 'riikka', '19005', [p.grandma!], {}],
      ];
      for (const [name, who, type, clients, omakanta] of made) {
        const unit = who === 'tuija' ? SHELTER_UNIT : who === 'riikka' ? ADULT_UNIT : FAMILY_UNIT;
        const r = await store(tokens[who]!, type, clients, omakanta, '2026-05-20', unit);
        assert.equal(r.status, 201, `${name}: ${r.text}`);
        docs[name] = r.body.setId;
      }
      // The shelter home worker and the child's worker read the child's documents.
      assert.equal((await api.get(`/documents/${docs.shelter}`, tokens.tuija)).status, 200);
      assert.equal((await api.get(`/documents/${docs.childMarked}`, tokens.leena)).status, 200);
      assert.equal((await api.get(`/persons/${p.child}`, tokens.tuija)).status, 200);
      for (const who of ['mother', 'father', 'child', 'grandma', 'stranger'])
        tokens[who] = await citizen(who);
    });
    after(() => server.close());

    const list = (who: string, as?: string) =>
      api.get<Page>(`/citizen/documents${as ? `?as=${as}` : ''}`, tokens[who]);
    const setIds = (r: { body: Page }) => r.body.items.map((d) => d.setId).sort();

    test('login: a known henkilötunnus gives a strong citizen session; the two kinds of session never mix', async () => {
      const bad = await api.post<Problem>('/citizen/auth/login', undefined, {
        hetu: hetu('1999-01-01', 999),
      });
      assert.equal(bad.status, 401);
      const malformed = await api.post<Problem>('/citizen/auth/login', undefined, { hetu: 'x' });
      assert.equal(malformed.status, 400);
      assert.equal((await api.get('/citizen/me')).status, 401);
      assert.equal(
        (await api.get('/citizen/me', tokens.leena)).status,
        401,
        'a professional token is no citizen session',
      );
      assert.equal(
        (await api.get('/auth/me', tokens.mother)).status,
        401,
        'a citizen token is no professional session',
      );
      assert.equal((await api.get(`/documents/${docs.motherShown}`, tokens.mother)).status, 401);
      const refused = await server.db.store.transaction((tx) => listAudit(tx, { limit: 10_000 }));
      assert.ok(refused.some((e) => e.action === 'citizen.auth.login' && e.outcome === 'denied'));
      const ok = refused.find(
        (e) => e.action === 'citizen.auth.login' && e.outcome === 'allowed' && e.clientKey === p.mother,
      );
      assert.deepEqual([ok?.actorKind, ok?.actorId, ok?.strongAuth], ['citizen', p.mother, true]);
    });

    test('whose records: yourself from 15, a child as guardian, an adult under a mandate', async () => {
      const me = async (who: string) =>
        (
          await api.get<{ viewable: { clientKey: string; basis: string; minor: boolean }[] }>(
            '/citizen/me',
            tokens[who],
          )
        ).body.viewable.map((v) => [v.clientKey, v.basis, v.minor]);
      assert.deepEqual(await me('mother'), [
        [p.mother, 'self', false],
        [p.child, 'guardian', true],
        [p.grandma, 'mandate', false],
      ]);
      assert.deepEqual(await me('father'), [
        [p.father, 'self', false],
        [p.child, 'guardian', true],
      ]);
      assert.deepEqual(await me('child'), [], 'a 10-year-old reads through a guardian');
      assert.deepEqual(await me('stranger'), [[p.stranger, 'self', false]]);
      const notYours = await list('stranger', p.child);
      assert.equal(notYours.status, 404);
      assert.equal((await list('child')).status, 404);
    });

    test('a shelter home document never appears to the other parent — nor anywhere in OmaKanta', async () => {
      for (const [who, as] of [
        ['father', p.child],
        ['mother', p.child],
        ['mother', undefined],
      ] as const) {
        const page = await list(who, as);
        assert.equal(page.status, 200, page.text);
        assert.ok(!setIds(page).includes(docs.shelter!), `${who} as ${as}: list`);
        const q = as ? `?as=${as}` : '';
        for (const path of [
          `/citizen/documents/${docs.shelter}${q}`,
          `/citizen/documents/${docs.shelter}/xhtml${q}`,
        ]) {
          const r = await api.get<Problem>(path, tokens[who]);
          assert.equal(r.status, 404, `${who} ${path}`);
          assert.equal(r.body.detail, 'No such resource, or it is not available to you.');
        }
        const counts = await api.get<{ total: number }>(`/citizen/documents/counts${q}`, tokens[who]);
        assert.equal(counts.body.total, page.body.total);
        const flag = await api.post(`/citizen/documents/${docs.shelter}/error-flags${q}`, tokens[who], {
          description: 'Tämä on väärin.',
        });
        assert.equal(flag.status, 404);
      }
      // The father's view of the child's log names neither the document nor who worked on it.
      const log = await api.get<LogPage>(`/citizen/access-log?as=${p.child}`, tokens.father);
      assert.equal(log.status, 200, log.text);
      assert.ok(!log.text.includes(docs.shelter!), 'the shelter document is not identified');
      assert.ok(
        !log.text.includes('Majakka') && !log.text.includes('tuija'),
        'nor the shelter home or its worker',
      );
      const byShelterWorker = log.body.items.filter((e) => e.withheld?.rule === 'on_behalf_hidden_work');
      assert.ok(byShelterWorker.length >= 3, 'the shelter work is there, without who did it');
      assert.ok(byShelterWorker.every((e) => e.actor === undefined && e.organization === undefined));
      // The mother, reading her own log, sees who handled her data; the document stays unidentified.
      const own = await api.get<LogPage>('/citizen/access-log?actor=professional', tokens.mother);
      const tuijaStore = own.body.items.find(
        (e) => e.action === 'document.store' && e.actor?.name === 'tuija Testinen',
      );
      assert.ok(tuijaStore, own.text);
      assert.deepEqual(
        [tuijaStore.documents, tuijaStore.withheldDocuments, tuijaStore.withheld?.rule],
        [[], 1, 'hidden_document'],
      );
    });

    test('a delayed document appears on its date', async () => {
      now = at('2026-06-14');
      assert.ok(!setIds(await list('mother')).includes(docs.motherDelayed!));
      assert.equal((await api.get(`/citizen/documents/${docs.motherDelayed}`, tokens.mother)).status, 404);
      now = at('2026-06-15');
      assert.ok(setIds(await list('mother')).includes(docs.motherDelayed!));
      const read = await api.get<{ document: { documentName: { fi: string } } }>(
        `/citizen/documents/${docs.motherDelayed}`,
        tokens.mother,
      );
      assert.equal(read.status, 200, read.text);
      assert.equal(read.body.document.documentName.fi, STRUCTURES.get('19005')!.name.fi);
      const xhtml = await api.get(`/citizen/documents/${docs.motherDelayed}/xhtml`, tokens.mother);
      assert.equal(xhtml.status, 200);
      assert.match(xhtml.headers.get('content-type') ?? '', /application\/xhtml\+xml/);
      assert.match(xhtml.headers.get('content-security-policy') ?? '', /sandbox/);
      assert.ok(!setIds(await list('mother')).includes(docs.motherSpecial!), 'special content never');
      now = at('2026-06-01');
    });

    test("a guardian sees the 10-year-old's marked documents and not the unmarked ones; every view is logged on-behalf", async () => {
      for (const parent of ['mother', 'father']) {
        const page = await list(parent, p.child);
        assert.equal(page.status, 200, page.text);
        assert.deepEqual(setIds(page), [docs.childMarked].sort(), parent);
        assert.equal(page.body.basis, 'guardian');
        for (const hidden of ['childUnmarked', 'childHidden']) {
          assert.equal(
            (await api.get(`/citizen/documents/${docs[hidden]}?as=${p.child}`, tokens[parent])).status,
            404,
          );
        }
      }
      const read = await api.get(`/citizen/documents/${docs.childMarked}/xhtml?as=${p.child}`, tokens.father);
      assert.equal(read.status, 200);
      const entries = await server.db.store.transaction((tx) =>
        listAudit(tx, { clientKey: p.child!, limit: 10_000 }),
      );
      const render = entries.find((e) => e.action === 'citizen.document.render' && e.actorId === p.father);
      assert.deepEqual(
        [render?.actorKind, render?.outcome, render?.purpose, render?.rule, render?.documents[0]?.setId],
        ['citizen', 'allowed', 'on_behalf', 'guardian', docs.childMarked],
      );
      assert.match(render?.reason ?? '', /guardianship from 2016-04-01/);
      const refused = entries.find(
        (e) => e.action === 'citizen.document.read' && e.actorId === p.father && e.outcome === 'denied',
      );
      assert.equal(refused?.rule, 'not_shown_to_guardian');
    });

    test('a bar on the guardian closes the child; a revoked mandate closes the principal', async () => {
      const bar = await server.db.store.transaction((tx) =>
        recordPersonRelation(tx, {
          clientKey: p.child!,
          kind: 'guardian_bar',
          holderKey: p.father!,
          start: '2026-06-10',
          basis: 'child_welfare_restriction',
          source: 'child_welfare',
          recordedBy: 'test',
        }),
      );
      now = at('2026-06-10');
      assert.equal((await list('father', p.child)).status, 404);
      assert.equal(
        (await api.get(`/citizen/documents/${docs.childMarked}?as=${p.child}`, tokens.father)).status,
        404,
      );
      assert.equal((await api.get(`/citizen/access-log?as=${p.child}`, tokens.father)).status, 404);
      assert.equal((await list('mother', p.child)).status, 200, 'the other guardian is not barred');
      const me = await api.get<{ viewable: { clientKey: string }[] }>('/citizen/me', tokens.father);
      assert.deepEqual(
        me.body.viewable.map((v) => v.clientKey),
        [p.father],
      );
      const forGrandma = await list('mother', p.grandma);
      assert.ok(setIds(forGrandma).includes(docs.grandmaShown!), forGrandma.text);
      assert.ok(!setIds(forGrandma).some((s) => Object.values(docs).includes(s) && s !== docs.grandmaShown));
      const mandate = (
        await server.db.store.transaction((tx) =>
          tx.query<{ relation_id: string }>(`SELECT relation_id FROM person_relation WHERE kind = 'mandate'`),
        )
      ).rows[0]!.relation_id;
      await server.db.store.transaction((tx) =>
        recordPersonRelation(
          tx,
          {
            clientKey: p.grandma!,
            kind: 'mandate',
            holderKey: p.mother!,
            start: '2026-01-01',
            revokedOn: '2026-06-10',
            scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
            source: 'mandate_register',
            recordedBy: 'test',
          },
          mandate,
        ),
      );
      assert.equal((await list('mother', p.grandma)).status, 404);
      // The bar ends; the guardian sees the marked documents again.
      await server.db.store.transaction((tx) =>
        recordPersonRelation(tx, { ...bar, end: '2026-06-20', recordedBy: 'test' }, bar.relationId),
      );
      now = at('2026-06-21');
      assert.deepEqual(setIds(await list('father', p.child)), [docs.childMarked]);
      now = at('2026-06-01');
    });

    test('clienthood and personal worker with contact details (service address too); cases', async () => {
      const ch = await api.get<{
        items: {
          registrar: { name?: string };
          serviceTasks: { serviceTask: string }[];
          personalWorker?: Record<string, unknown>;
        }[];
      }>('/citizen/clienthoods', tokens.mother);
      assert.equal(ch.status, 200, ch.text);
      assert.equal(ch.body.items.length, 1);
      assert.equal(ch.body.items[0]!.registrar.name, 'Järvi-Suomen hyvinvointialue');
      assert.deepEqual(ch.body.items[0]!.personalWorker, {
        name: 'leena Testinen',
        serviceUnit: { oid: FAMILY_UNIT, name: 'Lapsiperheiden sosiaalityö' },
        phone: '029 123 4567',
        email: 'leena.testinen@example.fi',
        serviceAddress: 'Lapsiperheiden sosiaalityö, Kirkkokatu 1, 50100 Mikkeli',
      });
      // The child's clienthood document is not marked shown to the guardian.
      const childCh = await api.get<{ items: unknown[] }>(
        `/citizen/clienthoods?as=${p.child}`,
        tokens.mother,
      );
      assert.deepEqual(childCh.body.items, []);
      const cases = await api.get<{ items: { serviceTask: string; shared: boolean }[] }>(
        '/citizen/cases',
        tokens.mother,
      );
      assert.equal(cases.status, 200, cases.text);
      assert.deepEqual(
        cases.body.items.map((c) => [c.serviceTask, c.shared]),
        [[FAMILY, true]],
      );
    });

    test("the professional marks the child's clienthood shown to the guardian: a new version, and the guardian sees it", async () => {
      const chDoc = await api.get<{ items: { setId: string; documentType: string }[] }>(
        `/documents?client=${p.child}&documentGroup=1`,
        tokens.leena,
      );
      assert.equal(chDoc.status, 200, chDoc.text);
      const setId = chDoc.body.items[0]!.setId;
      const before = await api.get<{
        version: number;
        needs: { need: string }[];
        guardian: { rule: string }[];
      }>(`/documents/${setId}/visibility`, tokens.leena);
      assert.equal(before.status, 200, before.text);
      assert.ok(before.body.needs.some((n) => n.need === 'guardian_marking_missing'));
      assert.deepEqual(
        before.body.guardian.map((g) => g.rule),
        ['not_shown_to_guardian'],
      );
      const stale = await api.call<Problem>('PUT', `/documents/${setId}/visibility`, {
        token: tokens.leena,
        body: { version: before.body.version + 1, change: { kind: 'guardian', shown: true } },
      });
      assert.equal(stale.status, 409);
      const nurse = await api.call<Problem>('PUT', `/documents/${setId}/visibility`, {
        token: tokens.pertti,
        body: { version: before.body.version, change: { kind: 'guardian', shown: true } },
      });
      assert.ok(nurse.status === 403 || nurse.status === 404, nurse.text);
      const changed = await api.call<{
        version: number;
        omakanta: Record<string, unknown>;
        guardian: unknown[];
      }>('PUT', `/documents/${setId}/visibility`, {
        token: tokens.leena,
        body: { version: before.body.version, change: { kind: 'guardian', shown: true } },
      });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.body.version, before.body.version + 1);
      assert.deepEqual(changed.body.omakanta, { shownToGuardian: true, visibilityDecidedBy: ids.leena });
      assert.deepEqual(changed.body.guardian, []);
      const versions = await api.get<{ version: number; metadata: { omakanta: object } }[]>(
        `/documents/${setId}/versions`,
        tokens.leena,
      );
      assert.deepEqual(
        versions.body.map((v) => [v.version, v.metadata.omakanta]),
        [
          [1, {}],
          [2, { shownToGuardian: true, visibilityDecidedBy: ids.leena }],
        ],
        'the earlier settings stay in the earlier version',
      );
      const ch = await api.get<{ items: unknown[] }>(`/citizen/clienthoods?as=${p.child}`, tokens.father);
      assert.equal(ch.status, 200, ch.text);
      assert.equal(ch.body.items.length, 1);
      // Refusals name their rule.
      const past = await api.call<Problem>('PUT', `/documents/${setId}/visibility`, {
        token: tokens.leena,
        body: { version: 2, change: { kind: 'delay', until: '2026-01-01', reasonText: 'x' } },
      });
      assert.deepEqual(
        [past.status, past.body.rule, past.body.errors?.[0]?.path],
        [422, 'delay_not_future', '/change/until'],
      );
      const lift = await api.call<Problem>('PUT', `/documents/${setId}/visibility`, {
        token: tokens.leena,
        body: { version: 2, change: { kind: 'lift_automatic_hiding', reasonText: 'x' } },
      });
      assert.deepEqual([lift.status, lift.body.rule], [409, 'not_liftable']);
      const extra = await api.call<Problem>('PUT', `/documents/${setId}/visibility`, {
        token: tokens.leena,
        body: { version: 2, change: { kind: 'guardian', shown: true, guardianHidingConfirmedBy: ids.leena } },
      });
      assert.equal(extra.status, 400, 'the server-set fields cannot be sent');
    });

    test('an error report goes to the recording unit, is handled there, and the client follows it', async () => {
      const empty = await api.post<Problem>(
        `/citizen/documents/${docs.motherShown}/error-flags`,
        tokens.mother,
        {
          description: '   ',
        },
      );
      assert.deepEqual([empty.status, empty.body.errors?.[0]?.path], [422, '/description']);
      const filed = await api.post<{ flagId: string; status: string; serviceUnit: { name?: string } }>(
        `/citizen/documents/${docs.motherShown}/error-flags`,
        tokens.mother,
        { description: 'Tapaamisen päivämäärä on väärä.' },
      );
      assert.equal(filed.status, 201, filed.text);
      assert.deepEqual(
        [filed.body.status, filed.body.serviceUnit.name],
        ['open', 'Lapsiperheiden sosiaalityö'],
      );
      const forLeena = await api.get<{ items: { flagId: string; version: number }[] }>(
        '/error-flags',
        tokens.leena,
      );
      assert.deepEqual(
        forLeena.body.items.map((f) => f.flagId),
        [filed.body.flagId],
      );
      assert.deepEqual(
        (await api.get<{ items: unknown[] }>('/error-flags', tokens.tuija)).body.items,
        [],
        'another unit',
      );
      const put = (token: string, body: object) =>
        api.call<Problem & { status: string; version: number }>(
          'PUT',
          `/error-flags/${filed.body.flagId}/status`,
          {
            token,
            body,
          },
        );
      const notFixed = await put(tokens.leena!, { version: 1, status: 'corrected', response: 'Korjattu.' });
      assert.deepEqual([notFixed.status, notFixed.body.rule], [422, 'correction_missing']);
      // The shelter worker may read the mother's documents (her own case), but the report is not hers.
      const other = await put(tokens.tuija!, { version: 1, status: 'rejected', response: 'x' });
      assert.deepEqual([other.status, other.body.rule], [403, 'flag_unit']);
      const stranger = await put(tokens.riikka!, { version: 1, status: 'rejected', response: 'x' });
      assert.equal(stranger.status, 404, 'a worker who may not read the document learns nothing');
      const rejected = await put(tokens.leena!, {
        version: 1,
        status: 'rejected',
        response: 'Päivämäärä on tapaamismuistion mukainen.',
      });
      assert.equal(rejected.status, 200, rejected.text);
      const again = await put(tokens.leena!, { version: 2, status: 'open' });
      assert.deepEqual([again.status, again.body.rule], [409, 'flag_closed']);
      const mine = await api.get<{ items: { status: string; response?: string; byYou: boolean }[] }>(
        '/citizen/error-flags',
        tokens.mother,
      );
      assert.deepEqual(
        mine.body.items.map((f) => [f.status, f.response, f.byYou]),
        [['rejected', 'Päivämäärä on tapaamismuistion mukainen.', true]],
      );
    });

    test('who handled my data: filterable, with the basis of each on-behalf view, and as CSV', async () => {
      const log = await api.get<LogPage>(`/citizen/access-log?as=${p.child}&actor=citizen`, tokens.mother);
      assert.equal(log.status, 200, log.text);
      assert.ok(log.body.items.length > 0);
      // Views of documents hidden from the mother (the father's refused reads) do not name him.
      assert.ok(
        log.body.items.every((e) => (e.actor ? e.actor.kind === 'citizen' : e.withheldDocuments > 0)),
      );
      assert.ok(log.body.items.some((e) => e.actor === undefined));
      assert.ok(log.body.items.some((e) => e.actor?.you === true));
      assert.ok(
        log.body.items.some((e) => e.actor?.name === 'Pekka Mäkinen'),
        "the other guardian's views",
      );
      const pro = await api.get<LogPage>(
        `/citizen/access-log?as=${p.child}&actor=professional`,
        tokens.mother,
      );
      const leenaRead = pro.body.items.find(
        (e) => e.action === 'document.read' && e.actor?.name === 'leena Testinen',
      );
      assert.ok(leenaRead, pro.text.slice(0, 3000));
      assert.deepEqual(
        leenaRead.documents.map((d) => d.setId),
        [docs.childMarked],
      );
      assert.equal(leenaRead.organization?.name, 'Järvi-Suomen hyvinvointialue');
      const paged = await api.get<LogPage>(
        `/citizen/access-log?as=${p.child}&limit=2&offset=1`,
        tokens.mother,
      );
      assert.equal(paged.body.items.length, 2);
      assert.ok(paged.body.total > 2);
      const csv = await api.get(`/citizen/access-log.csv?as=${p.child}`, tokens.mother);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(csv.headers.get('content-disposition') ?? '', /attachment/);
      assert.ok(csv.text.startsWith('time_utc,actor_kind,name,role,organization'));
      assert.ok(!csv.text.includes(docs.shelter!));
      const bad = await api.get<Problem>('/citizen/access-log?actor=everyone', tokens.mother);
      assert.equal(bad.status, 400);
    });

    test("who handled my data names a producer's register usage right as the relation held; the withholding rules still apply", async () => {
      // A family home of a private producer, given a register usage right for the mother and the child.
      const PRODUCER = '1.2.246.10.8888887';
      const HOME = `${PRODUCER}.10.1`;
      const producer = await seedWorld(server.db.store, {
        organizations: [{ oid: PRODUCER, name: 'Hoivapolku Oy', kind: 'private_provider' }],
        serviceUnits: [{ oid: HOME, organizationOid: PRODUCER, nameFi: 'Perhekoti Kuusela' }],
        rightDefaults: { organizationOid: PRODUCER, serviceTasks: [FAMILY], validFrom: '2020-01-01' },
        professionals: [{ login: 'elina', rights: [{ serviceUnitOids: [HOME], role: 'social_instructor' }] }],
      });
      ids.elina = producer.ids.elina!;
      for (const who of ['mother', 'child']) {
        const right = await api.post(`${reg}/clienthoods/${p[who]}/usage-rights`, tokens.leena, {
          serviceTask: FAMILY,
          serviceUnitOid: HOME,
          start: '2026-01-10',
        });
        assert.equal(right.status, 201, right.text);
      }
      tokens.elina = await api.login('elina');
      for (const who of ['mother', 'child']) {
        assert.equal((await api.get(`/persons/${p[who]}`, tokens.elina!)).status, 200);
        const found: { status: number; text: string } = await api.get(
          `/documents?client=${p[who]}`,
          tokens.elina!,
        );
        assert.equal(found.status, 200, found.text);
      }
      const byElina = (page: { body: LogPage }) =>
        page.body.items
          .filter((e) => e.actor?.name === 'elina Testinen')
          .map((e) => [e.action, e.careRelation, e.withheld?.rule]);
      // The mother's own log: the read of her person data names the right; the search also named
      // documents not shown to her, so it names no document and no relation, only who searched.
      const own = await api.get<LogPage>('/citizen/access-log?actor=professional', tokens.mother);
      assert.equal(own.status, 200, own.text);
      assert.deepEqual(byElina(own), [
        ['document.search', undefined, 'hidden_document'],
        ['person.read', 'usage_right', undefined],
      ]);
      const csv = await api.get(`/citizen/access-log.csv?actor=professional`, tokens.mother);
      assert.equal(csv.status, 200);
      assert.ok(
        csv.text
          .split('\r\n')
          .some((l) => l.includes('elina Testinen') && l.includes(',person.read,allowed,,usage_right,')),
        csv.text,
      );
      // The father, for the child: the search of documents hidden from him does not name elina (nor
      // any relation); her read of the child's person data, naming no document, does.
      const child = await api.get<LogPage>(
        `/citizen/access-log?as=${p.child}&actor=professional`,
        tokens.father,
      );
      assert.equal(child.status, 200, child.text);
      assert.deepEqual(byElina(child), [['person.read', 'usage_right', undefined]]);
      const withheld = child.body.items.filter((e) => e.withheld?.rule === 'on_behalf_hidden_work');
      assert.ok(
        withheld.some((e) => e.action === 'document.search'),
        'her search is there, without who did it',
      );
      for (const page of [own, child]) {
        assert.ok(
          page.body.items.every((e) => e.withheld === undefined || e.careRelation === undefined),
          'a withheld entry names no relation',
        );
      }
      assert.ok(withheld.every((e) => e.actor === undefined && e.organization === undefined));
      // Someone with no basis for the mother's records gets the 404 of a log that does not exist.
      assert.equal((await api.get(`/citizen/access-log?as=${p.mother}`, tokens.stranger)).status, 404);
    });
  });
}
