// Person relations and professionals' contact details through the API, over a real port and real
// PostgreSQL: an administrator records the father's guardianship from the population register and
// his citizen view reaches the child's documents shown to the guardian; the child's social worker
// in child welfare bars him and the view closes; every wrong user is refused as the rule says, bad
// input is a 422 at its field with nothing written, and every action is in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, generateMinimalDocument } from '@varanto/domain/structures';
import { MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS } from '@varanto/domain/visibility';
import { listAudit } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const COUNTY = '1.2.246.10.6666666';
const ADMIN_UNIT = `${COUNTY}.10.0`;
const CW_UNIT = `${COUNTY}.10.1`;
const REGISTER = `${COUNTY}.1264.1`;
const OTHER = '1.2.246.10.5555555';
const CHILD_WELFARE = '10';
const reg = `/registers/${encodeURIComponent(REGISTER)}`;
const STRUCTURES = new Map(builtinStructures().map((d) => [d.typeCode, d]));
const at = (day: string) => new Date(`${day}T09:00:00Z`);

interface Relation {
  clientKey: string;
  relationId: string;
  version: number;
  kind: string;
  holderKey: string;
  start: string;
  end?: string;
  revokedOn?: string;
  scopes?: string[];
  basis?: string;
  cancelled?: boolean;
  source: string;
  reason?: string;
  recordedBy: string;
}

for (const engine of await testEngines()) {
  describe(`person relations and contact details API (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    let now = at('2026-06-01');
    const ids: Record<string, string> = {};
    const p: Record<string, string> = {};
    const hetus: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    let childDoc = '';
    const rows = async (sql: string, params: unknown[] = []) =>
      (await server.db.store.transaction((tx) => tx.query<Record<string, unknown>>(sql, params))).rows;
    const relationCount = async () =>
      Number((await rows('SELECT count(*)::int AS n FROM person_relation'))[0]!.n);
    const audit = () => server.db.store.transaction((tx) => listAudit(tx, { limit: 10_000 }));

    before(async () => {
      server = await startTestServer(engine, { sessionTtlSeconds: 365 * 86_400 }, { now: () => now });
      api = server.api;
      const persons: [string, string, string, number][] = [
        ['father', 'Pekka', '1984-09-30', 921],
        ['child', 'Eetu', '2016-04-01', 922],
        ['grandma', 'Aune', '1948-02-02', 923],
        ['mother', 'Maija', '1986-04-12', 924],
      ];
      for (const [who, , birthDate, n] of persons) hetus[who] = hetu(birthDate, n);
      const world = await seedWorld(server.db.store, {
        organizations: [
          {
            oid: COUNTY,
            name: 'Kaksoisjärven hyvinvointialue',
            admin: { login: 'admin', unitOid: ADMIN_UNIT },
          },
          {
            oid: OTHER,
            name: 'Toinen hyvinvointialue',
            admin: { login: 'other-admin', unitOid: `${OTHER}.10.0` },
          },
        ],
        serviceUnits: [{ oid: CW_UNIT, organizationOid: COUNTY, nameFi: 'Lastensuojelu' }],
        registers: [{ id: REGISTER, registrarOid: COUNTY }],
        rightDefaults: {
          organizationOid: COUNTY,
          serviceUnitOids: [CW_UNIT],
          role: 'social_worker',
          serviceTasks: [CHILD_WELFARE],
          validFrom: '2020-01-01',
        },
        professionals: [
          { login: 'leena' },
          { login: 'sanna' },
          { login: 'pertti', rights: [{ role: 'practical_nurse' }] },
        ],
        persons: persons.map(([name, givenNames, birthDate]) => ({
          name,
          hetu: hetus[name],
          familyName: 'Mäkinen',
          givenNames,
          birthDate,
        })),
      });
      Object.assign(ids, world.ids, { otherAdmin: world.ids['other-admin'] });
      Object.assign(p, world.clientKeys);
      for (const who of ['leena', 'sanna', 'pertti', 'admin']) tokens[who] = await api.login(who);
      tokens.otherAdmin = await api.login('other-admin');
      tokens.adminWeak = await api.login('admin', 'password');
      tokens.leenaWeak = await api.login('leena', 'password');
      for (const who of ['child', 'grandma']) {
        const r = await api.post(`${reg}/clienthoods`, tokens.leena, {
          clientKey: p[who],
          started: '2026-01-10',
          serviceTask: CHILD_WELFARE,
          serviceUnitOid: CW_UNIT,
          ...(who === 'child' ? { personalWorkerId: ids.leena } : {}),
        });
        assert.equal(r.status, 201, r.text);
      }
      const d = STRUCTURES.get('19005');
      assert.ok(d);
      const stored = await api.post<{ setId: string }>(`${reg}/documents`, tokens.leena, {
        metadata: {
          clients: [p.child],
          serviceTask: CHILD_WELFARE,
          documentType: '19005',
          documentDate: '2026-05-20',
          serviceUnitOid: CW_UNIT,
          omakanta: { shownToGuardian: true },
        },
        content: generateMinimalDocument(d, 1),
      });
      assert.equal(stored.status, 201, stored.text);
      childDoc = stored.body.setId;
      for (const who of ['father', 'mother']) {
        const r = await api.post<{ token: string }>('/citizen/auth/login', undefined, { hetu: hetus[who] });
        assert.equal(r.status, 200, r.text);
        tokens[who] = r.body.token;
      }
    });
    after(() => server.close());

    const relations = (who: string, clientKey = p.child) =>
      api.get<Relation[]>(`/persons/${clientKey}/relations`, tokens[who]);
    const childView = () =>
      api.get<{ items: { setId: string }[] }>(`/citizen/documents?as=${p.child}`, tokens.father);

    test('a guardianship recorded through the API opens the child to the guardian; a bar closes it', async () => {
      assert.equal((await childView()).status, 404, 'no guardianship yet');
      const g = await api.post<Relation>(`/persons/${p.child}/relations`, tokens.admin, {
        kind: 'guardianship',
        holderKey: p.father,
        start: '2016-04-01',
        reason: 'Väestötietojärjestelmän ote 2026-06-01',
      });
      assert.equal(g.status, 201, g.text);
      assert.equal(g.body.version, 1);
      assert.equal(g.body.source, 'population_register');
      assert.equal(g.body.recordedBy, ids.admin);
      assert.equal(g.headers.get('location'), `/persons/${p.child}/relations/${g.body.relationId}/versions`);
      const view = await childView();
      assert.equal(view.status, 200, view.text);
      assert.deepEqual(
        view.body.items.map((i) => i.setId),
        [childDoc],
      );
      const me = await api.get<{ viewable: { clientKey: string; basis: string }[] }>(
        '/citizen/me',
        tokens.father,
      );
      assert.deepEqual(
        me.body.viewable.map((v) => [v.clientKey, v.basis]),
        [
          [p.father, 'self'],
          [p.child, 'guardian'],
        ],
      );

      // The child's social worker in child welfare bars the father.
      const bar = await api.post<Relation>(`/persons/${p.child}/relations`, tokens.leena, {
        kind: 'guardian_bar',
        holderKey: p.father,
        start: '2026-06-01',
        basis: 'child_welfare_restriction',
        reason: 'Lastensuojelulain mukainen rajoitus',
      });
      assert.equal(bar.status, 201, bar.text);
      assert.equal(bar.body.source, 'child_welfare');
      assert.equal((await childView()).status, 404, 'the bar closes the view');
      assert.equal(
        (await api.get(`/citizen/documents/${childDoc}?as=${p.child}`, tokens.father)).status,
        404,
      );

      // Listed for the child (subject) and for the father (holder), by the child's worker.
      const list = await relations('leena');
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.map((r) => r.kind).sort(), ['guardian_bar', 'guardianship']);
      const held = await relations('leena', p.father);
      assert.equal(
        held.status,
        404,
        'the father is no client of the worker: his relations are not hers to read',
      );
      assert.equal((await relations('admin')).status, 200, 'the recording administrator reads them');

      // The bar ends: the next version, and the view opens again the day after.
      const ended = await api.post<Relation>(
        `/persons/${p.child}/relations/${bar.body.relationId}/versions`,
        tokens.leena,
        { end: '2026-06-20', expectedVersion: 1, reason: 'Rajoitus päättyy' },
      );
      assert.equal(ended.status, 201, ended.text);
      assert.deepEqual(
        [ended.body.version, ended.body.end, ended.body.basis],
        [2, '2026-06-20', 'child_welfare_restriction'],
      );
      now = at('2026-06-21');
      assert.equal((await childView()).status, 200);
      now = at('2026-06-01');
      const history = await api.get<Relation[]>(
        `/persons/${p.child}/relations/${bar.body.relationId}/versions`,
        tokens.leena,
      );
      assert.deepEqual(
        history.body.map((r) => [r.version, r.end ?? null, r.reason]),
        [
          [1, null, 'Lastensuojelulain mukainen rajoitus'],
          [2, '2026-06-20', 'Rajoitus päättyy'],
        ],
      );

      // Audited in the same transaction: each write names the child, the rule and the actor.
      const entries = await audit();
      for (const [action, actor, rule] of [
        ['person_relation.record', ids.admin, 'relation_register_admin'],
        ['person_relation.record', ids.leena, 'relation_bar_child_welfare'],
        ['person_relation.change', ids.leena, 'relation_bar_child_welfare'],
        ['person_relation.list', ids.leena, 'relation_read_records'],
        ['person_relation.history', ids.leena, 'relation_read_records'],
      ] as const) {
        assert.ok(
          entries.some(
            (e) =>
              e.action === action &&
              e.actorId === actor &&
              e.clientKey === p.child &&
              e.outcome === 'allowed' &&
              e.rule === rule,
          ),
          `${action} by ${actor} (${rule})`,
        );
      }
    });

    test('a mandate: revoked by a next version; a withdrawal ends the history; a concurrent version is 409', async () => {
      const m = await api.post<Relation>(`/persons/${p.grandma}/relations`, tokens.admin, {
        kind: 'mandate',
        holderKey: p.mother,
        start: '2026-01-01',
        scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
        reason: 'Suomi.fi-valtuus',
      });
      assert.equal(m.status, 201, m.text);
      assert.equal(m.body.source, 'mandate_register');
      assert.deepEqual(m.body.scopes, [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS]);
      const motherView = () => api.get(`/citizen/documents?as=${p.grandma}`, tokens.mother);
      assert.equal((await motherView()).status, 200);
      const path = `/persons/${p.grandma}/relations/${m.body.relationId}/versions`;
      const stale = await api.post<Problem>(path, tokens.admin, {
        revokedOn: '2026-05-01',
        expectedVersion: 2,
        reason: 'x',
      });
      assert.equal(stale.status, 409);
      // Two administrators at once: one version wins, the other is told of the conflict.
      const both = await Promise.all(
        [1, 2].map(() =>
          api.post<Relation | Problem>(path, tokens.admin, {
            revokedOn: '2026-05-01',
            reason: 'Valtuus peruttu',
          }),
        ),
      );
      const statuses = both.map((r) => r.status).sort();
      assert.ok(statuses.includes(201), statuses.join());
      assert.ok(
        statuses.every((s) => s === 201 || s === 409),
        statuses.join(),
      );
      assert.equal((await motherView()).status, 404, 'the revoked mandate closes the view');
      const n = (await api.get<Relation[]>(path, tokens.admin)).body.length;
      const withdrawn = await api.post<Relation>(path, tokens.admin, {
        cancelled: true,
        reason: 'Kirjattu väärälle henkilölle',
      });
      assert.equal(withdrawn.status, 201, withdrawn.text);
      assert.equal(withdrawn.body.cancelled, true);
      const again = await api.post<Problem>(path, tokens.admin, { end: '2026-07-01', reason: 'x' });
      assert.equal(again.status, 409);
      assert.equal(again.body.rule, 'relation_cancelled');
      assert.equal((await api.get<Relation[]>(path, tokens.admin)).body.length, n + 1);
    });

    test('wrong users: another organization 404, no care relation 404, wrong role or weak login 403', async () => {
      const before = await relationCount();
      const guardianship = { kind: 'guardianship', holderKey: p.mother, start: '2016-04-01', reason: 'DVV' };
      const bar = {
        kind: 'guardian_bar',
        holderKey: p.mother,
        start: '2026-06-01',
        basis: 'child_welfare_restriction',
        reason: 'LsL',
      };
      const cases: [string, object, number, string][] = [
        ['otherAdmin', guardianship, 404, 'relation_not_organizer'],
        ['sanna', bar, 404, 'relation_bar_care_relation'],
        ['leena', guardianship, 403, 'relation_register_admin'],
        ['admin', bar, 403, 'relation_bar_role'],
        ['pertti', bar, 403, 'relation_bar_role'],
        ['adminWeak', guardianship, 403, 'strong_authentication'],
        ['leenaWeak', bar, 403, 'strong_authentication'],
      ];
      for (const [who, body, status, rule] of cases) {
        const r = await api.post<Problem>(`/persons/${p.child}/relations`, tokens[who], body);
        assert.equal(r.status, status, `${who}: ${r.text}`);
        if (status === 403) assert.equal(r.body.rule, rule, who);
      }
      // An unknown person looks the same as a forbidden one.
      const unknown = await api.post<Problem>(
        '/persons/00000000-0000-4000-8000-000000000000/relations',
        tokens.otherAdmin,
        guardianship,
      );
      assert.equal(unknown.status, 404);
      assert.equal(await relationCount(), before, 'nothing written');
      // Reading: another organization's administrator and a worker without a care relation.
      for (const who of ['otherAdmin', 'sanna']) assert.equal((await relations(who)).status, 404, who);
      const list = (await relations('leena')).body;
      const g = list.find((r) => r.kind === 'guardianship')!;
      const history = `/persons/${p.child}/relations/${g.relationId}/versions`;
      assert.equal((await api.get(history, tokens.otherAdmin)).status, 404);
      const change = await api.post(history, tokens.otherAdmin, { end: '2026-07-01', reason: 'x' });
      assert.equal(change.status, 404);
      assert.equal(await relationCount(), before);
      const denied = (await audit()).filter(
        (e) => e.outcome === 'denied' && e.action.startsWith('person_relation.'),
      );
      for (const [, , , rule] of cases)
        assert.ok(
          denied.some((e) => e.rule === rule),
          `denied ${rule} logged`,
        );
    });

    test('bad input: 422 at the field, nothing written', async () => {
      const before = await relationCount();
      const base = { kind: 'guardianship', holderKey: p.mother, start: '2016-04-01', reason: 'DVV' };
      const cases: [object, string[]][] = [
        [{ ...base, holderKey: p.child }, ['/holderKey holder_is_subject']],
        [{ ...base, end: '2016-03-31' }, ['/end end_before_start']],
        [{ ...base, holderKey: '00000000-0000-4000-8000-000000000001' }, ['/holderKey unknown_person']],
        [
          { ...base, scopes: ['social_welfare_records'], revokedOn: '2026-01-01' },
          ['/scopes scopes_mandate_only', '/revokedOn revocation_mandate_only'],
        ],
        [{ ...base, kind: 'mandate' }, ['/scopes scopes_required']],
      ];
      for (const [body, expected] of cases) {
        const r = await api.post<Problem & { errors: { path: string; code: string }[] }>(
          `/persons/${p.child}/relations`,
          tokens.admin,
          body,
        );
        assert.equal(r.status, 422, r.text);
        assert.deepEqual(
          r.body.errors.map((e) => `${e.path} ${e.code}`),
          expected,
        );
      }
      const noBasis = await api.post<{ errors: { path: string; code: string }[] }>(
        `/persons/${p.child}/relations`,
        tokens.leena,
        { kind: 'guardian_bar', holderKey: p.mother, start: '2026-06-01', reason: 'LsL' },
      );
      assert.equal(noBasis.status, 422, noBasis.text);
      assert.deepEqual(
        noBasis.body.errors.map((e) => `${e.path} ${e.code}`),
        ['/basis basis_required'],
      );
      const g = (await relations('admin')).body.find((r) => r.kind === 'guardianship')!;
      const path = `/persons/${p.child}/relations/${g.relationId}/versions`;
      const early = await api.post<{ errors: { path: string; code: string }[] }>(path, tokens.admin, {
        end: '2016-01-01',
        reason: 'x',
      });
      assert.equal(early.status, 422);
      assert.deepEqual(
        early.body.errors.map((e) => e.path),
        ['/end'],
      );
      const revoke = await api.post<{ errors: { path: string }[] }>(path, tokens.admin, {
        revokedOn: '2026-01-01',
        reason: 'x',
      });
      assert.deepEqual([revoke.status, revoke.body.errors.map((e) => e.path)], [422, ['/revokedOn']]);
      const nothing = await api.post(path, tokens.admin, { reason: 'x' });
      assert.equal(nothing.status, 422);
      const schema = await api.post(`/persons/${p.child}/relations`, tokens.admin, {
        ...base,
        kind: 'spouse',
      });
      assert.equal(schema.status, 400);
      assert.equal(await relationCount(), before, 'nothing written');
    });

    test("contact details: the professional or their organization's admin writes, colleagues read, versions kept", async () => {
      const path = `/professionals/${ids.leena}/contact`;
      assert.deepEqual((await api.get(path, tokens.sanna)).body, { professionalId: ids.leena, version: 0 });
      const own = await api.call<{ version: number; phone?: string }>('PUT', path, {
        token: tokens.leena,
        body: {
          phone: '029 123 4567',
          email: 'leena@example.fi',
          serviceAddress: 'Sairaalakatu 1, 70100 Kuopio',
        },
      });
      assert.equal(own.status, 200, own.text);
      assert.equal(own.body.version, 1);
      const byAdmin = await api.call('PUT', path, { token: tokens.admin, body: { phone: '029 765 4321' } });
      assert.equal(byAdmin.status, 200, byAdmin.text);
      const read = await api.get<{ version: number; phone?: string; email?: string; recordedBy: string }>(
        path,
        tokens.pertti,
      );
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(
        [read.body.version, read.body.phone, read.body.email, read.body.recordedBy],
        [2, '029 765 4321', undefined, ids.admin],
      );
      const versions = await api.get<{ version: number; serviceAddress?: string }[]>(
        `${path}/versions`,
        tokens.sanna,
      );
      assert.deepEqual(
        versions.body.map((v) => [v.version, v.serviceAddress ?? null]),
        [
          [1, 'Sairaalakatu 1, 70100 Kuopio'],
          [2, null],
        ],
      );
      const colleague = await api.call<Problem>('PUT', path, {
        token: tokens.sanna,
        body: { phone: '040 1' },
      });
      assert.equal(colleague.status, 403, colleague.text);
      assert.equal(colleague.body.rule, 'contact_admin_only');
      for (const method of ['PUT', 'GET']) {
        const r = await api.call(method, path, {
          token: tokens.otherAdmin,
          ...(method === 'PUT' ? { body: { phone: '040 123 4567' } } : {}),
        });
        assert.equal(r.status, 404, `${method} by another organization's admin`);
      }
      const bad = await api.call('PUT', path, { token: tokens.leena, body: { email: 'not an address' } });
      assert.equal(bad.status, 400);
      const n = await rows('SELECT count(*)::int AS n FROM professional_contact WHERE professional_id = $1', [
        ids.leena,
      ]);
      assert.equal(n[0]!.n, 2, 'refused writes wrote nothing');
      const entries = await audit();
      assert.ok(
        entries.some(
          (e) =>
            e.action === 'professional.contact.record' &&
            e.actorId === ids.admin &&
            e.rule === 'contact_admin',
        ),
      );
      assert.ok(
        entries.some(
          (e) =>
            e.action === 'professional.contact.record' &&
            e.outcome === 'denied' &&
            e.rule === 'contact_admin_only',
        ),
      );
      assert.ok(entries.some((e) => e.action === 'professional.contact.read' && e.actorId === ids.pertti));
    });
  });
}
