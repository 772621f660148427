import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { listAudit } from '@varanto/store';
import { createTestDatabase, testEngines } from '@varanto/store/testing';
import { configFromEnv } from './config.ts';
import { ExportError, exportClient, resolveClient } from './export.ts';
import { seededRng } from './seed/random.ts';
import { demoClients } from './seed/world.ts';
import { startVaranto } from './start.ts';

for (const engine of await testEngines()) {
  describe(`varanto export on ${engine.name} PostgreSQL`, async () => {
    const db = await createTestDatabase(engine);
    const running = await startVaranto(
      {
        ...configFromEnv({}),
        port: 0,
        databaseUrl: db.url,
        demoLogins: true,
        serveWeb: false,
        sessionSecret: 'e'.repeat(40),
        seedSize: { clients: 6, documentsPerClient: 2 },
      },
      () => {},
    );
    after(async () => {
      await running.stop();
      await db.drop();
    });
    const mother = demoClients(seededRng(20261122), 6)[0]!;

    test('finds the client by identity code and exports every record with its versions, audited', async () => {
      const key = await resolveClient(running.store, mother.hetu);
      const data = await exportClient(running.store, key, { operator: 'test', purpose: 'right of access' });
      assert.equal(data.clientKey, key);
      assert.equal(data.person.length, 1);
      assert.equal(data.clienthoods.length, 1);
      // Her own two documents, the family's shared narrative entries of the other members, and the
      // clienthood and case documents.
      assert.ok(data.documents.length >= 4, `only ${data.documents.length} documents`);
      assert.ok(data.documents.every((d) => d.versions.length >= 1));
      const audit = await running.store.transaction((tx) => listAudit(tx, { clientKey: key, limit: 100 }));
      const entry = audit.find((e) => e.action === 'client.export');
      assert.ok(entry);
      assert.equal(entry.purpose, 'right of access');
    });

    test('an unknown or malformed identifier is a clear error, not a crash', async () => {
      await assert.rejects(() => resolveClient(running.store, '010101-123X'), ExportError);
      await assert.rejects(() => resolveClient(running.store, '131052-308T'), /no such client/);
    });
  });
}
