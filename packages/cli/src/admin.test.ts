import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestDatabase, testEngines } from '@varanto/store/testing';
import { ADMIN_CALLS, AdminError, callApiAs } from './admin.ts';
import { configFromEnv } from './config.ts';
import { startVaranto } from './start.ts';

const SECRET = 'a'.repeat(40);

for (const engine of await testEngines()) {
  describe(`varanto admin on ${engine.name} PostgreSQL`, async () => {
    const db = await createTestDatabase(engine);
    const running = await startVaranto(
      {
        ...configFromEnv({}),
        port: 0,
        databaseUrl: db.url,
        demoLogins: true,
        serveWeb: false,
        sessionSecret: SECRET,
        seedSize: { clients: 5, documentsPerClient: 0 },
      },
      () => {},
    );
    after(async () => {
      await running.stop();
      await db.drop();
    });
    const store = running.store;

    test('the administrator adds a professional and grants and ends rights; the history keeps every version', async () => {
      const added = await callApiAs(
        store,
        SECRET,
        'admin',
        ADMIN_CALLS.userAdd({ login: 'uusi.tyontekija', given: 'Uusi', family: 'Työntekijä' }),
      );
      assert.equal(added.status, 201);
      const id = (added.body as { id: string }).id;
      const org = (await callApiAs(store, SECRET, 'admin', ADMIN_CALLS.orgList())).body as {
        oid: string;
        kind: string;
      }[];
      const county = org.find((o) => o.kind === 'wellbeing_county')!.oid;
      const granted = await callApiAs(
        store,
        SECRET,
        'admin',
        ADMIN_CALLS.userGrant(id, {
          org: county,
          role: 'social_worker',
          from: '2026-01-01',
          tasks: '24',
          reason: 'new hire',
        }),
      );
      assert.equal(granted.status, 201, JSON.stringify(granted.body));
      const ended = await callApiAs(
        store,
        SECRET,
        'admin',
        ADMIN_CALLS.userGrant(id, {
          org: county,
          role: 'social_worker',
          from: '2026-01-01',
          to: '2026-06-30',
          tasks: '24',
          reason: 'left',
        }),
      );
      assert.equal(ended.status, 201);
      const history = (await callApiAs(store, SECRET, 'admin', ADMIN_CALLS.userRights(id))).body as {
        version: number;
        validTo?: string;
        grantedBy: string;
      }[];
      assert.deepEqual(history.map((r) => r.version).sort(), [1, 2]);
      assert.ok(history.some((r) => r.validTo === '2026-06-30'));
    });

    test('a professional who is not an administrator is refused with the rule, and an unknown login is an error', async () => {
      const r = await callApiAs(
        store,
        SECRET,
        'leena.laine',
        ADMIN_CALLS.userAdd({ login: 'x.y', given: 'X', family: 'Y' }),
      );
      assert.equal(r.status, 403);
      assert.equal((r.body as { rule: string }).rule, 'admin_only');
      await assert.rejects(() => callApiAs(store, SECRET, 'nobody', ADMIN_CALLS.orgList()), AdminError);
    });
  });
}
