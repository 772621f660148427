// The staff list (GET /staff): any professional of an organization lists the colleagues whose
// right is valid today — to name a personal worker, for one — with names, roles, units and service
// tasks only. Never another organization's staff, not even a hint that a unit or person exists.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { professional, seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const ORG_A = '1.2.246.10.2323231';
const ORG_B = '1.2.246.10.2424241';
const A_FAMILY = `${ORG_A}.10.1`;
const A_EMERGENCY = `${ORG_A}.10.2`;
const B_UNIT = `${ORG_B}.10.1`;
const FAMILY = '24';
const CHILD_WELFARE = '10';
const TODAY = '2026-04-01';

interface Member {
  id: string;
  name: string;
  role: string;
  serviceUnits: { oid: string; nameFi: string; nameSv?: string }[];
  serviceTasks: string[];
}

for (const engine of await testEngines()) {
  describe(`the staff list (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};

    const staff = (token: string, query = '') => api.get<Member[]>(`/staff${query}`, token);
    const names = async (token: string, query = '') => {
      const r = await staff(token, query);
      assert.equal(r.status, 200, r.text);
      return r.body.map((m) => m.name);
    };

    before(async () => {
      server = await startTestServer(engine, {}, { now: () => new Date(`${TODAY}T09:00:00Z`) });
      api = server.api;
      const a = { organizationOid: ORG_A, serviceUnitOids: [A_FAMILY] };
      const b = { organizationOid: ORG_B, serviceUnitOids: [B_UNIT] };
      const world = await seedWorld(server.db.store, {
        organizations: [
          { oid: ORG_A, name: 'Alue A', admin: { login: 'admin.a', unitOid: `${ORG_A}.10.9` } },
          { oid: ORG_B, name: 'Alue B', admin: { login: 'admin.b', unitOid: `${ORG_B}.10.9` } },
        ],
        serviceUnits: [
          { oid: A_FAMILY, organizationOid: ORG_A, nameFi: 'Perhekeskus', nameSv: 'Familjecentret' },
          { oid: A_EMERGENCY, organizationOid: ORG_A, nameFi: 'Sosiaalipäivystys' },
          { oid: B_UNIT, organizationOid: ORG_B, nameFi: 'Perheneuvola' },
        ],
        rightDefaults: { ...a, role: 'social_worker', serviceTasks: [FAMILY], validFrom: '2025-01-01' },
        professionals: [
          professional('sari', 'Sari Sosiaali', { serviceTasks: [FAMILY, CHILD_WELFARE] }),
          professional('pirjo', 'Pirjo Perälä', { role: 'practical_nurse' }),
          professional('pekka', 'Pekka Päivystäjä', {
            serviceUnitOids: [A_EMERGENCY],
            serviceTasks: [CHILD_WELFARE],
          }),
          // Ended yesterday (a new version with validTo), ends today, begins tomorrow.
          professional('ended', 'Eero Entinen', {}, { validTo: '2026-03-31' }),
          professional('lastday', 'Liisa Lähtevä', { validTo: TODAY }),
          professional('future', 'Fanni Tuleva', { validFrom: '2026-04-02' }),
          // Moved from A to B this year: B's now, not A's.
          professional('mover', 'Mauri Muuttaja', {}, { ...b, validFrom: '2026-01-01' }),
          professional('bea', 'Bea Bergström', b),
        ],
      });
      Object.assign(ids, world.ids);
      for (const login of ['sari', 'bea', 'admin.a']) tokens[login] = await api.login(login);
      tokens.sariWeak = await api.login('sari', 'password');
    });
    after(() => server.close());

    test('a worker lists the colleagues of their own organization, filtered by service task', async () => {
      assert.deepEqual(await names(tokens.sari!, `?serviceTask=${FAMILY}`), [
        'Liisa Lähtevä',
        'Pirjo Perälä',
        'Sari Sosiaali',
      ]);
      assert.deepEqual(await names(tokens.sari!, `?serviceTask=${CHILD_WELFARE}`), [
        'Pekka Päivystäjä',
        'Sari Sosiaali',
      ]);
      const r = await staff(tokens.sari!, `?serviceTask=${FAMILY}`);
      assert.deepEqual(
        r.body.find((m) => m.id === ids.pirjo),
        {
          id: ids.pirjo,
          name: 'Pirjo Perälä',
          role: 'practical_nurse',
          serviceUnits: [{ oid: A_FAMILY, nameFi: 'Perhekeskus', nameSv: 'Familjecentret' }],
          serviceTasks: [FAMILY],
        },
      );
      // No login names, no right history.
      for (const login of ['sari', 'pirjo', 'admin.a']) assert.ok(!r.text.includes(`"${login}"`), login);
      assert.ok(!/login|validFrom|grantedBy|version/.test(r.text), r.text);
    });

    test('by service unit, both filters together, and the whole organization without a filter', async () => {
      assert.deepEqual(await names(tokens.sari!, `?serviceUnit=${A_EMERGENCY}`), ['Pekka Päivystäjä']);
      assert.deepEqual(await names(tokens.sari!, `?serviceUnit=${A_FAMILY}&serviceTask=${CHILD_WELFARE}`), [
        'Sari Sosiaali',
      ]);
      assert.deepEqual(await names(tokens.sari!), [
        'Aapo Admin',
        'Liisa Lähtevä',
        'Pirjo Perälä',
        'Pekka Päivystäjä',
        'Sari Sosiaali',
      ]);
      // Any professional of the organization, an administrator too; a weak login is enough.
      assert.equal((await names(tokens['admin.a']!)).length, 5);
      assert.deepEqual(await names(tokens.sariWeak!), await names(tokens.sari!));
    });

    test('ended, not yet begun and moved-away rights are not listed', async () => {
      const listed = (await staff(tokens.sari!)).body.map((m) => m.id);
      for (const gone of ['ended', 'future', 'mover', 'bea']) assert.ok(!listed.includes(ids[gone]!), gone);
      assert.ok(listed.includes(ids.lastday!), 'a right ending today is valid today');
    });

    test("another organization's worker never sees them, and gets no hint of them", async () => {
      assert.deepEqual(await names(tokens.bea!), ['Aapo Admin', 'Bea Bergström', 'Mauri Muuttaja']);
      const theirs = (await staff(tokens.bea!)).body;
      for (const m of theirs)
        assert.ok(
          m.serviceUnits.every((u) => u.oid.startsWith(ORG_B)),
          m.name,
        );
      // A's unit and A's service task answer exactly as a unit that does not exist: an empty list.
      const foreignUnit = await staff(tokens.bea!, `?serviceUnit=${A_EMERGENCY}`);
      const noUnit = await staff(tokens.bea!, `?serviceUnit=${ORG_B}.10.77`);
      assert.equal(foreignUnit.status, 200);
      assert.deepEqual(foreignUnit.body, []);
      assert.equal(foreignUnit.text, noUnit.text);
      assert.deepEqual(await names(tokens.bea!, `?serviceTask=${CHILD_WELFARE}`), []);
      // And A's worker does not see B's.
      assert.deepEqual(await names(tokens.sari!, `?serviceUnit=${B_UNIT}`), []);
    });

    test('the listing is audited as a read (staff.list) with the rule that allowed it', async () => {
      const earlier = await server.db.owner.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_entry WHERE action = 'staff.list'",
      );
      const r = await staff(tokens.bea!, `?serviceTask=${FAMILY}`);
      assert.equal(r.status, 200);
      // The answer leaves only after its entry is durable: it is there now.
      const rows = (
        await server.db.owner.pool.query(
          `SELECT actor_login, outcome, rule, client_key FROM audit_entry
            WHERE action = 'staff.list' ORDER BY recorded_at, seq`,
        )
      ).rows;
      assert.equal(rows.length, earlier.rows[0]!.n + 1);
      assert.deepEqual(rows.at(-1), {
        actor_login: 'bea',
        outcome: 'allowed',
        rule: 'own_organization_staff',
        client_key: null,
      });
    });

    test('bad query values are 400 problem+json naming the parameter', async () => {
      const cases: [string, string][] = [
        ['?serviceTask=not%20a%20code', '/serviceTask'],
        ['?serviceTask=', '/serviceTask'],
        ['?serviceUnit=not-an-oid', '/serviceUnit'],
        ['?serviceUnit=1.2.3&serviceUnit=1.2.4', '/serviceUnit'],
        ['?organization=1.2.246.10.2424241', '/organization'],
      ];
      for (const [query, path] of cases) {
        const r = await api.get<Problem>(`/staff${query}`, tokens.sari!);
        assert.equal(r.status, 400, `${query}: ${r.text}`);
        assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.ok(
          r.body.errors?.some((e) => e.path === path && e.in === 'query'),
          `${query}: ${JSON.stringify(r.body.errors)}`,
        );
      }
    });

    test('without a professional session: 401 (anonymous, a citizen)', async () => {
      assert.equal((await api.get('/staff')).status, 401);
      const a = await api.post<{ clientKey: string }>('/persons', tokens.sari!, {
        hetu: hetu('1980-02-02', 921),
        familyName: 'Asiakas',
        givenNames: 'Aino',
      });
      assert.equal(a.status, 201, a.text);
      const citizen = await api.post<{ token: string }>('/citizen/auth/login', undefined, {
        hetu: hetu('1980-02-02', 921),
      });
      assert.equal(citizen.status, 200, citizen.text);
      const r = await api.get<Problem>('/staff', citizen.body.token);
      assert.equal(r.status, 401);
      assert.ok(!r.text.includes('Sosiaali'));
    });

    test('the endpoint and its schemas are in the OpenAPI document', async () => {
      const doc = (
        await api.get<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>(
          '/openapi.json',
        )
      ).body;
      const params = doc.paths['/staff']?.get?.parameters?.map((p) => p.name).sort();
      assert.deepEqual(params, ['serviceTask', 'serviceUnit']);
    });
  });
}
