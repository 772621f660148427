// The access log and the misuse reports against the seeded demo world, started as `varanto start`
// starts it: the county's data protection officer finds the two planted patterns with the default
// thresholds, and nobody else, and answers a client's question about who read their data.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestDatabase, testEngines } from '@varanto/store/testing';
import { configFromEnv } from '../config.ts';
import { startVaranto } from '../start.ts';
import { seededRng } from './random.ts';
import { LOG_PATTERNS } from './seed.ts';
import { COUNTY_OID, demoClients } from './world.ts';

const PURPOSE = 'asiakkaan lokitietopyyntö, demo';
const CLIENTS = 30;

for (const engine of await testEngines()) {
  describe(`the access log of the seeded demo world (${engine.name})`, async () => {
    const db = await createTestDatabase(engine);
    const running = await startVaranto(
      {
        ...configFromEnv({}),
        port: 0,
        databaseUrl: db.url,
        demoLogins: true,
        serveWeb: false,
        sessionSecret: 's'.repeat(40),
        seedSize: { clients: CLIENTS, documentsPerClient: 1 },
      },
      () => {},
    );
    after(async () => {
      await running.stop();
      await db.drop();
    });

    const login = async (who: string) => {
      const r = await fetch(`${running.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: who, method: 'certificate-card-demo' }),
      });
      assert.equal(r.status, 200, who);
      return ((await r.json()) as { token: string }).token;
    };
    const get = async <T>(path: string, token: string) => {
      const r = await fetch(`${running.url}${path}`, {
        headers: { authorization: `Bearer ${token}`, 'x-purpose': PURPOSE },
      });
      return { status: r.status, body: (await r.json()) as T };
    };
    const keyOf = async (token: string, hetu: string) => {
      const r = await get<{ clientKey: string }[]>(`/persons?hetu=${hetu}`, token);
      assert.equal(r.body.length, 1);
      return r.body[0]!.clientKey;
    };

    test('each misuse report shows its one planted finding with the default thresholds', async () => {
      const dpo = await login('sanna.suojanen');
      const r = await get<{
        clientsWithoutRelation: { user: { login: string; role: string }; count: number; reason: string }[];
        repeatedLookups: { user: { login: string }; clientKey: string; lookups: number }[];
      }>(`/organizations/${COUNTY_OID}/misuse-reports`, dpo);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.clientsWithoutRelation.map((f) => [f.user.login, f.user.role, f.count]),
        [[LOG_PATTERNS.browser, 'practical_nurse', LOG_PATTERNS.browsedClients]],
      );
      const child = demoClients(seededRng(20261122), CLIENTS).find(
        (c) => c.family === 0 && c.birthDate > '2010-01-01',
      )!;
      assert.deepEqual(
        r.body.repeatedLookups.map((f) => [f.user.login, f.clientKey, f.lookups]),
        [[LOG_PATTERNS.curious, await keyOf(dpo, child.hetu), LOG_PATTERNS.curiousLookups]],
      );
    });

    test("the officer answers a client's question: who handled my data, where, when and why", async () => {
      const dpo = await login('sanna.suojanen');
      const child = demoClients(seededRng(20261122), CLIENTS).find(
        (c) => c.family === 0 && c.birthDate > '2010-01-01',
      )!;
      const key = await keyOf(dpo, child.hetu);
      const r = await get<{
        total: number;
        items: {
          actor: { login?: string };
          organization?: { name?: string };
          action: string;
          careRelation?: { kind: string };
        }[];
      }>(`/clients/${key}/access-log?limit=500`, dpo);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const actions = (login: string) =>
        r.body.items.filter((e) => e.actor.login === login).map((e) => e.action);
      assert.ok(actions('leena.laine').includes('clienthood.open'), 'her worker opened the clienthood');
      assert.equal(actions('leena.laine').filter((a) => a === 'person.read').length, 2);
      assert.equal(actions(LOG_PATTERNS.curious).length, LOG_PATTERNS.curiousLookups);
      assert.ok(r.body.items.every((e) => e.organization?.name === 'Järvi-Suomen hyvinvointialue'));
      const leenaRead = r.body.items.find(
        (e) => e.actor.login === 'leena.laine' && e.action === 'person.read',
      );
      assert.equal(leenaRead?.careRelation?.kind, 'personal_worker');
      // A social worker, however close to the client, does not read the log.
      const leena = await get<{ status: number }>(`/clients/${key}/access-log`, await login('leena.laine'));
      assert.equal(leena.status, 404);
    });
  });
}
