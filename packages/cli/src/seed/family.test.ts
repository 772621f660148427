// The seeded family shows each OmaKanta rule, through the citizen API of a server whose clock the
// test holds: the shelter home's document never reaches the other parent (nor anyone in the portal),
// the delayed entry appears on its date, a guardian sees the 10-year-old's marked documents and not
// the unmarked ones, a 15-year-old reads her own, and a mandate opens the grandmother's records.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildServer } from '@varanto/server';
import { createTestStore, type TestStore, testEngines } from '@varanto/store/testing';
import type { FastifyInstance } from 'fastify';
import { citizenDemoLogins, FAMILY, familyHetu } from './family.ts';
import { DEMO_PASSWORD, seedDemoWorld } from './seed.ts';

const TODAY = '2026-11-22';
const at = (day: string) => new Date(`${day}T10:00:00Z`);

interface Doc {
  setId: string;
  metadata: { documentType: string; omakanta: { shownToGuardian?: boolean; delayUntil?: string } };
}

for (const engine of await testEngines()) {
  describe(`the seeded family in OmaKanta (${engine.name})`, () => {
    let t: TestStore;
    let app: FastifyInstance;
    let now = at(TODAY);
    const key: Record<string, string> = {};
    const token: Record<string, string> = {};

    const call = async <T>(who: string, url: string, method: 'GET' | 'POST' = 'GET') => {
      const r = await app.inject({ method, url, headers: { authorization: `Bearer ${token[who]}` } });
      const json = /json/.test(String(r.headers['content-type'] ?? ''));
      return { status: r.statusCode, body: (json ? r.json() : r.body) as T };
    };
    const listed = async (who: string, as?: string) => {
      const r = await call<{ items: { setId: string; documentType: string }[] }>(
        who,
        `/citizen/documents?limit=200${as ? `&as=${key[as]}` : ''}`,
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items;
    };
    /** What the family's worker sees of a child's documents (strong login, the professional API). */
    const recorded = async (who: string) =>
      (await call<{ items: Doc[] }>('leena', `/documents?client=${key[who]}&limit=200`)).body.items;

    before(async () => {
      t = await createTestStore(engine);
      app = await buildServer({
        store: t.store,
        config: {
          sessionSecret: 'family-test-secret-of-at-least-32-bytes',
          demoLogins: true,
          demoPassword: DEMO_PASSWORD,
          sessionTtlSeconds: 30 * 86_400,
          loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
        },
        now: () => now,
      });
      await seedDemoWorld(app, t.store, { clients: 4, documentsPerClient: 1, today: TODAY });
      for (const m of FAMILY) {
        const r = await app.inject({
          method: 'POST',
          url: '/citizen/auth/login',
          payload: { hetu: familyHetu(m) },
        });
        assert.equal(r.statusCode, 200, r.body);
        const body = r.json() as { token: string; person: { clientKey: string } };
        token[m.key] = body.token;
        key[m.key] = body.person.clientKey;
      }
      for (const [who, login] of [
        ['leena', 'leena.laine'],
        ['tuija', 'tuija.turva'],
      ] as const) {
        const r = await app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { login, method: 'certificate-card-demo' },
        });
        token[who] = (r.json() as { token: string }).token;
      }
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    test('the printed citizen logins are the family', () => {
      assert.deepEqual(
        citizenDemoLogins().map((l) => l.name),
        ['Sari Mäkinen', 'Janne Mäkinen', 'Eetu Mäkinen', 'Oona Mäkinen', 'Aune Rantanen'],
      );
    });

    test('a shelter home document never appears to the other parent, nor to anyone in the portal', async () => {
      const shelter = (
        await call<{ items: Doc[] }>('tuija', `/documents?client=${key.eetu}&documentType=1011`)
      ).body.items;
      assert.equal(shelter.length, 1, 'the shelter home recorded its initial assessment of Eetu and Sari');
      const setId = shelter[0]!.setId;
      assert.equal(shelter[0]!.metadata.omakanta.shownToGuardian, true, 'even marked shown to the guardian');
      for (const [who, as] of [
        ['janne', 'eetu'],
        ['janne', undefined],
        ['sari', 'eetu'],
        ['sari', undefined],
      ] as const) {
        const items = await listed(who, as);
        assert.ok(!items.some((d) => d.setId === setId || d.documentType === '1011'), `${who} as ${as}`);
        const q = as ? `?as=${key[as]}` : '';
        for (const path of [`/citizen/documents/${setId}${q}`, `/citizen/documents/${setId}/xhtml${q}`]) {
          assert.equal((await call(who, path)).status, 404, `${who} ${path}`);
        }
        const log = await app.inject({
          method: 'GET',
          url: `/citizen/access-log.csv${q}`,
          headers: { authorization: `Bearer ${token[who]}` },
        });
        assert.equal(log.statusCode, 200);
        assert.ok(!log.body.includes(setId), `${who}: the log does not identify it`);
        if (who === 'janne') assert.ok(!/Turva|Majakka/.test(log.body), 'nor the shelter home or its worker');
      }
    });

    test('a delayed document appears on its date', async () => {
      const delayed = (await recorded('sari')).find((d) => d.metadata.omakanta.delayUntil !== undefined);
      assert.ok(delayed, 'the family worker delayed one of her entries');
      const until = delayed.metadata.omakanta.delayUntil!;
      assert.ok(until > TODAY);
      assert.ok(!(await listed('sari')).some((d) => d.setId === delayed.setId));
      assert.equal((await call('sari', `/citizen/documents/${delayed.setId}`)).status, 404);
      now = at(until);
      assert.ok((await listed('sari')).some((d) => d.setId === delayed.setId));
      assert.equal((await call('sari', `/citizen/documents/${delayed.setId}/xhtml`)).status, 200);
      now = at(TODAY);
    });

    test("a guardian sees the 10-year-old's marked documents and not the unmarked ones", async () => {
      const all = await recorded('eetu');
      const marked = all.filter(
        (d) => d.metadata.omakanta.shownToGuardian === true && d.metadata.documentType !== '1011',
      );
      const unmarked = all.filter((d) => d.metadata.omakanta.shownToGuardian !== true);
      assert.ok(
        marked.length >= 2 && unmarked.length >= 3,
        `${marked.length} marked, ${unmarked.length} not`,
      );
      for (const parent of ['sari', 'janne']) {
        const seen = (await listed(parent, 'eetu')).map((d) => d.setId).sort();
        assert.deepEqual(
          seen,
          marked.map((d) => d.setId).sort(),
          `${parent}: ${JSON.stringify(marked.map((d) => [d.setId, d.metadata.documentType, d.metadata.omakanta]))}`,
        );
        for (const d of unmarked) {
          assert.equal((await call(parent, `/citizen/documents/${d.setId}?as=${key.eetu}`)).status, 404);
        }
      }
      assert.equal(
        (await call('eetu', '/citizen/documents')).status,
        404,
        'a 10-year-old reads through a guardian',
      );
      const ch = await call<{ items: { personalWorker?: { name: string; phone?: string } }[] }>(
        'janne',
        `/citizen/clienthoods?as=${key.eetu}`,
      );
      assert.deepEqual(ch.body.items[0]?.personalWorker?.name, 'Leena Laine');
      assert.ok(ch.body.items[0]?.personalWorker?.phone);
    });

    test('a 15-year-old reads her own records; a mandate opens the grandmother', async () => {
      const own = await listed('oona');
      const guardian = await listed('sari', 'oona');
      assert.ok(own.length > guardian.length, 'Oona sees her unmarked entry, her guardian does not');
      assert.ok(guardian.length > 0);
      const aune = await listed('sari', 'aune');
      assert.ok(aune.length > 0);
      assert.equal((await call('janne', `/citizen/documents?as=${key.aune}`)).status, 404, 'no mandate');
      const me = await call<{ viewable: { givenNames: string; basis: string }[] }>('sari', '/citizen/me');
      assert.deepEqual(
        me.body.viewable.map((v) => [v.givenNames, v.basis]),
        [
          ['Sari', 'self'],
          ['Oona', 'guardian'],
          ['Eetu', 'guardian'],
          ['Aune', 'mandate'],
        ],
      );
    });

    test("Sari's error report waits for the family unit", async () => {
      const flags = await call<{ items: { status: string; description: string }[] }>('leena', '/error-flags');
      assert.equal(flags.status, 200);
      assert.deepEqual(
        flags.body.items.map((f) => f.status),
        ['open'],
      );
      const mine = await call<{ items: { status: string }[] }>('sari', '/citizen/error-flags');
      assert.deepEqual(
        mine.body.items.map((f) => f.status),
        ['open'],
      );
    });
  });
}
