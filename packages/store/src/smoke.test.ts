import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, testEngines } from './testing.ts';

for (const engine of await testEngines()) {
  describe(`PostgreSQL engine (${engine.name})`, async () => {
    const db = await createTestDatabase(engine);
    after(() => db.drop());
    test('is durable: fsync and synchronous_commit are on', async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const r = await c.query<{ f: string; s: string }>(
        "SELECT current_setting('fsync') AS f, current_setting('synchronous_commit') AS s",
      );
      await c.end();
      assert.deepEqual(r.rows[0], { f: 'on', s: 'on' });
    });
  });
}
