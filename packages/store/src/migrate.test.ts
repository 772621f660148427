import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { checkDurability, connect, openStore } from './db.ts';
import { sqlState } from './errors.ts';
import { APPEND_ONLY_TABLES, loadMigrations, migrate, TABLE_PRIVILEGES } from './migrate.ts';
import { createTestDatabase, testEngines } from './testing.ts';

for (const engine of await testEngines()) {
  describe(`migrations (${engine.name})`, async () => {
    const db = await createTestDatabase(engine);
    after(() => db.drop());

    test('two concurrent starters apply every migration exactly once; a third run is a no-op', async () => {
      const all = (await loadMigrations()).map((m) => `${m.id}_${m.name}`);
      assert.ok(all.length >= 6);
      const [a, b] = await Promise.all([migrate(db.url), migrate(db.url)]);
      assert.deepEqual([...a.applied, ...b.applied].sort(), all);
      assert.ok(a.appRole && b.appRole);
      const again = await migrate(db.url);
      assert.deepEqual(again.applied, []);
    });

    test('an applied migration that changed is refused', async () => {
      const c = connect(db.url);
      await c.connect();
      try {
        const r = await c.query<{ checksum: string }>(
          "SELECT checksum FROM schema_migration WHERE id = '001'",
        );
        await c.query("UPDATE schema_migration SET checksum = 'x' WHERE id = '001'");
        await assert.rejects(migrate(db.url), /changed after it was applied/);
        await c.query("UPDATE schema_migration SET checksum = $1 WHERE id = '001'", [r.rows[0]!.checksum]);
        assert.deepEqual((await migrate(db.url)).applied, []);
      } finally {
        await c.end();
      }
    });

    test('document content and XHTML are compressed with lz4 wherever the server offers it', async () => {
      const c = connect(db.url);
      await c.connect();
      try {
        await migrate(db.url);
        const offered = (
          await c.query<{ lz4: boolean }>(
            "SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'",
          )
        ).rows[0]!.lz4;
        const cols = await c.query<{ attname: string; method: string }>(
          `SELECT attname, attcompression::text AS method FROM pg_attribute
            WHERE attrelid = 'document_version'::regclass AND attname IN ('content', 'xhtml') ORDER BY attname`,
        );
        // 'l' is lz4; '' is the server default (pglz) on builds without lz4 (the embedded binaries).
        assert.deepEqual(
          cols.rows.map((r) => [r.attname, r.method]),
          [
            ['content', offered ? 'l' : ''],
            ['xhtml', offered ? 'l' : ''],
          ],
        );
        if (engine.name === 'external') assert.equal(offered, true, 'Debian PostgreSQL is built with lz4');
      } finally {
        await c.end();
      }
    });

    test('the application role may only read and insert the append-only tables', async () => {
      const c = connect(db.url);
      await c.connect();
      try {
        for (const table of APPEND_ONLY_TABLES) {
          const r = await c.query<{ sel: boolean; ins: boolean; upd: boolean; del: boolean; trunc: boolean }>(
            `SELECT has_table_privilege('varanto_app', $1, 'SELECT') AS sel,
                    has_table_privilege('varanto_app', $1, 'INSERT') AS ins,
                    has_table_privilege('varanto_app', $1, 'UPDATE') AS upd,
                    has_table_privilege('varanto_app', $1, 'DELETE') AS del,
                    has_table_privilege('varanto_app', $1, 'TRUNCATE') AS trunc`,
            [table],
          );
          assert.deepEqual(r.rows[0], { sel: true, ins: true, upd: false, del: false, trunc: false }, table);
          assert.deepEqual([...(TABLE_PRIVILEGES[table] ?? [])].sort(), ['INSERT', 'SELECT']);
        }
      } finally {
        await c.end();
      }
    });

    test('the store acts as the application role unless told otherwise; the server is durable', async () => {
      const app = await openStore({ url: db.url });
      const plain = await openStore({ url: db.url, applicationRole: false });
      try {
        assert.equal(app.role, 'varanto_app');
        assert.notEqual(plain.role, 'varanto_app');
        const r = await app.pool.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz");
        assert.equal(r.rows[0]?.tz, 'UTC');
        assert.deepEqual(await checkDurability(app), []);
      } finally {
        await app.close();
        await plain.close();
      }
    });

    test('transactions commit, roll back on error, and retry a serialization failure', async () => {
      const store = await openStore({ url: db.url, applicationRole: false });
      try {
        await store.pool.query('CREATE TABLE IF NOT EXISTS tx_probe (n integer)');
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.query('INSERT INTO tx_probe VALUES (1)');
            throw new Error('boom');
          }),
          /boom/,
        );
        let attempts = 0;
        await store.transaction(async (tx) => {
          attempts++;
          await tx.query('INSERT INTO tx_probe VALUES (2)');
          if (attempts === 1) {
            throw Object.assign(new Error('could not serialize access'), { code: '40001' });
          }
        });
        assert.equal(attempts, 2);
        const r = await store.pool.query<{ n: number }>('SELECT n FROM tx_probe ORDER BY n');
        assert.deepEqual(
          r.rows.map((x) => x.n),
          [2],
        );
      } finally {
        await store.pool.query('DROP TABLE tx_probe');
        await store.close();
      }
    });
  });
}

for (const engine of await testEngines()) {
  describe(`a schema owner that is not a superuser (${engine.name})`, async () => {
    const suffix = randomBytes(4).toString('hex');
    const ownerRole = `varanto_owner_${suffix}`;
    const password = randomBytes(12).toString('hex');
    const admin = connect(engine.adminUrl);
    await admin.connect();
    await admin.query(`CREATE ROLE ${ownerRole} LOGIN CREATEROLE PASSWORD '${password}'`);
    const dbName = `varanto_t_own_${suffix}`;
    await admin.query(`CREATE DATABASE ${dbName} OWNER ${ownerRole}`);
    const ownerUrl = new URL(engine.adminUrl);
    ownerUrl.username = ownerRole;
    ownerUrl.password = password;
    ownerUrl.pathname = `/${dbName}`;
    after(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${ownerRole}`);
      await admin.end();
    });

    test('migrates its own database and, once it may assume the role, serves as varanto_app', async () => {
      const result = await migrate(ownerUrl.toString());
      assert.ok(result.applied.length >= 6);
      assert.ok(result.appRole);
      if (result.warnings.length) {
        // PostgreSQL 16+: only a role's admin may grant it; the operator completes the setup.
        assert.match(result.warnings[0]!, /GRANT varanto_app TO/);
        const before = await openStore({ url: ownerUrl.toString() });
        assert.equal(before.role, ownerRole);
        await before.close();
        await admin.query(`GRANT varanto_app TO ${ownerRole}`);
        assert.deepEqual((await migrate(ownerUrl.toString())).warnings, []);
      }
      const store = await openStore({ url: ownerUrl.toString() });
      try {
        assert.equal(store.role, 'varanto_app');
        await assert.rejects(
          store.transaction((tx) => tx.query('DELETE FROM audit_entry')),
          (e) => sqlState(e) === '42501',
        );
      } finally {
        await store.close();
      }
    });
  });
}
