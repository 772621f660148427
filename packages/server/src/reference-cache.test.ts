// The reference cache on real PostgreSQL: off (authCacheMs 0) it reads every time; on, it serves
// what it read until its window passes or an administrative action clears it, and it never keeps
// an absence (a register created a moment later is found at once).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrganization, createRegister } from '@varanto/store';
import { createTestStore, type TestStore, testEngines } from '@varanto/store/testing';
import { ReferenceCache } from './reference-cache.ts';

const ORG = '1.2.246.10.88001';

for (const engine of await testEngines()) {
  describe(`reference cache (${engine.name})`, () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
      await t.store.transaction((tx) =>
        createOrganization(tx, { oid: ORG, name: 'Vanha nimi', kind: 'wellbeing_county' }),
      );
    });
    after(() => t.close());

    const rename = (name: string) =>
      t.owner.pool.query('UPDATE organization SET name = $1 WHERE oid = $2', [name, ORG]);
    const nameVia = (c: ReferenceCache) =>
      t.store.transaction(async (tx) => (await c.organization(tx, ORG))?.name);

    test('off: every call reads the database', async () => {
      const c = new ReferenceCache(0);
      assert.equal(await nameVia(c), 'Vanha nimi');
      await rename('Uusi nimi');
      assert.equal(await nameVia(c), 'Uusi nimi');
      await rename('Vanha nimi');
    });

    test('on: served from memory until cleared or expired', async () => {
      const c = new ReferenceCache(400);
      assert.equal(await nameVia(c), 'Vanha nimi');
      await rename('Uusi nimi');
      assert.equal(await nameVia(c), 'Vanha nimi', 'within the window the cached row answers');
      c.clear();
      assert.equal(await nameVia(c), 'Uusi nimi', 'cleared: read again');
      await rename('Kolmas nimi');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await nameVia(c), 'Kolmas nimi', 'expired: read again');
    });

    test('an absence is never kept: a register created after a miss is found', async () => {
      const c = new ReferenceCache(60_000);
      const get = () => t.store.transaction((tx) => c.register(tx, 'reg-ref-cache'));
      assert.equal(await get(), undefined);
      await t.store.transaction((tx) =>
        createRegister(tx, {
          id: 'reg-ref-cache',
          registrarOid: ORG,
          registerType: '1',
          name: 'Sosiaalihuollon asiakasrekisteri',
        }),
      );
      assert.equal((await get())?.registrarOid, ORG);
    });
  });
}
