// The demo world shows a register usage right at work: the producer's logins see the clients the
// county has given them, read the county's documents of those clients and find their own entries
// in the county's register; the organizer's notices wait for them.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestDatabase, testEngines } from '@varanto/store/testing';
import { configFromEnv } from '../config.ts';
import { startVaranto } from '../start.ts';
import { COUNTY_OID, COUNTY_REGISTER, PRODUCER_OID, UNITS } from './world.ts';

for (const engine of await testEngines()) {
  describe(`register usage rights in the demo world (${engine.name})`, async () => {
    const db = await createTestDatabase(engine);
    const running = await startVaranto(
      {
        ...configFromEnv({}),
        port: 0,
        databaseUrl: db.url,
        demoLogins: true,
        serveWeb: false,
        sessionSecret: 's'.repeat(40),
        seedSize: { clients: 12, documentsPerClient: 2 },
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
      const r = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: r.status, body: (await r.json()) as T };
    };

    test("the producer's staff see their clients, the county's documents and their own entries", async () => {
      const elina = await login('elina.mattila');
      const rights = await get<
        { clientKey: string; registerId: string; serviceUnitOid: string; inForce: boolean; end?: string }[]
      >('/usage-rights?includeEnded=true', elina);
      assert.equal(rights.status, 200);
      const active = rights.body.filter((r) => r.inForce);
      assert.equal(active.length, 2, 'two clients in service');
      assert.equal(rights.body.filter((r) => !r.inForce).length, 1, 'one right ended last month');
      assert.ok(
        rights.body.every((r) => r.registerId === COUNTY_REGISTER && r.serviceUnitOid === UNITS.producerHome),
      );
      const notices = await get<{ kind: string }[]>('/usage-rights/notices', elina);
      assert.equal(notices.body.length, 3);
      for (const r of active) {
        const docs = await get<{ items: { metadata: { registrarOid: string; organizationOid: string } }[] }>(
          `/documents?client=${r.clientKey}`,
          elina,
        );
        const own = docs.body.items.filter((d) => d.metadata.organizationOid === PRODUCER_OID);
        const county = docs.body.items.filter((d) => d.metadata.organizationOid === COUNTY_OID);
        assert.ok(own.length >= 2, 'its own entries in the county register');
        assert.ok(county.length >= 1, "and the county's documents of the client");
        assert.ok(docs.body.items.every((d) => d.metadata.registrarOid === COUNTY_OID));
      }
      // A client whose right ended is out of reach.
      const gone = rights.body.find((r) => !r.inForce)!;
      assert.equal(
        (await get<{ total: number }>(`/documents?client=${gone.clientKey}`, elina)).body.total,
        0,
      );
    });
  });
}
