import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestDatabase, testEngines } from '@varanto/store/testing';
import { configFromEnv } from './config.ts';
import { DEMO_PASSWORD } from './seed/seed.ts';
import { startVaranto } from './start.ts';

describe('configuration from the environment', () => {
  test('defaults: port 8080, embedded data in ./.varanto, demo logins only without DATABASE_URL', () => {
    const c = configFromEnv({});
    assert.equal(c.port, 8080);
    assert.ok(c.dataDir.endsWith('.varanto'));
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.demoLogins, true);
    const ext = configFromEnv({ DATABASE_URL: 'postgres://x/y', PORT: '9000' });
    assert.equal(ext.port, 9000);
    assert.equal(ext.demoLogins, false);
  });
  test('bad values are refused with the variable named', () => {
    assert.throws(() => configFromEnv({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => configFromEnv({ VARANTO_SEED: 'maybe' }), /VARANTO_SEED/);
  });
});

for (const engine of await testEngines()) {
  describe(`varanto start on ${engine.name} PostgreSQL`, async () => {
    const db = await createTestDatabase(engine);
    const running = await startVaranto(
      {
        ...configFromEnv({}),
        port: 0,
        databaseUrl: db.url,
        demoLogins: true,
        serveWeb: false,
        sessionSecret: 's'.repeat(40),
        seedSize: { clients: 8, documentsPerClient: 3 },
      },
      () => {},
    );
    after(async () => {
      await running.stop();
      await db.drop();
    });

    test('migrates, seeds the demo world on first start and answers health and the contract', async () => {
      assert.equal((await fetch(`${running.url}/health`)).status, 200);
      const api = (await (await fetch(`${running.url}/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      assert.ok(Object.keys(api.paths).includes('/registers/{registerId}/documents'));
    });

    test('a seeded professional logs in and sees the seeded documents of her service tasks only', async () => {
      const login = async (who: string) => {
        const r = await fetch(`${running.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: who, password: DEMO_PASSWORD, method: 'password' }),
        });
        assert.equal(r.status, 200);
        return ((await r.json()) as { token: string }).token;
      };
      // A weak (password) login may record but not retrieve: searching needs the card.
      const weak = await login('leena.laine');
      const refused = await fetch(`${running.url}/documents`, {
        headers: { authorization: `Bearer ${weak}` },
      });
      assert.notEqual(refused.status, 200);
      const strong = await fetch(`${running.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'mikko.heikkinen', method: 'certificate-card-demo' }),
      });
      const token = ((await strong.json()) as { token: string }).token;
      const page = (await (
        await fetch(`${running.url}/documents?limit=200`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { total: number; items: { metadata: { serviceTask: string } }[] };
      assert.ok(page.total > 0);
      assert.ok(page.items.every((d) => d.metadata.serviceTask === '10'));
    });
  });
}
