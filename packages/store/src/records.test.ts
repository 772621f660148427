import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Case, Clienthood } from './api.ts';
import {
  getCase,
  getClienthood,
  listCases,
  listClienthoods,
  recordCase,
  recordClienthood,
} from './records.ts';
import { REGISTRAR_A, REGISTRAR_B, testOid } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

for (const engine of await testEngines()) {
  describe(`clienthood and case projections (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('a clienthood is replaced by newer versions only, with its service tasks', async () => {
      const client = randomUUID();
      const h: Clienthood = {
        clientKey: client,
        clienthoodOid: testOid(),
        registrarOid: REGISTRAR_A,
        registerId: `${REGISTRAR_A}.r`,
        setId: testOid(),
        version: 1,
        started: '2025-01-10',
        serviceTasks: [{ serviceTask: '2', start: '2025-01-10' }],
      };
      await t.store.transaction((tx) => recordClienthood(tx, h));
      const v2: Clienthood = {
        ...h,
        version: 2,
        personalWorkerId: 'worker-1',
        serviceTasks: [
          { serviceTask: '2', start: '2025-01-10', end: '2025-05-31' },
          { serviceTask: '5', start: '2025-06-01' },
        ],
      };
      await t.store.transaction((tx) => recordClienthood(tx, v2));
      // A replay of version 1 must not roll the projection back.
      await t.store.transaction((tx) => recordClienthood(tx, h));
      assert.deepEqual(await t.store.transaction((tx) => getClienthood(tx, client, REGISTRAR_A)), v2);
      assert.equal(await t.store.transaction((tx) => getClienthood(tx, client, REGISTRAR_B)), undefined);

      const other: Clienthood = {
        ...h,
        clienthoodOid: testOid(),
        registrarOid: REGISTRAR_B,
        started: '2024-01-01',
      };
      await t.store.transaction((tx) => recordClienthood(tx, other));
      assert.deepEqual(
        (await t.store.transaction((tx) => listClienthoods(tx, client))).map((x) => x.registrarOid),
        [REGISTRAR_A, REGISTRAR_B],
      );
    });

    test('a shared case is listed for every member; membership changes replace the members', async () => {
      const [parent, child, other] = [randomUUID(), randomUUID(), randomUUID()];
      const c: Case = {
        caseOid: testOid(),
        registrarOid: REGISTRAR_A,
        serviceTask: '2',
        state: 'open',
        opened: '2025-02-01',
        shared: true,
        members: [
          { clientKey: parent, joinedAt: '2025-02-01' },
          { clientKey: child, joinedAt: '2025-02-01' },
        ],
        setId: testOid(),
        version: 1,
      };
      const stored = await t.store.transaction((tx) => recordCase(tx, c));
      assert.equal(stored.ownerClientKey, parent);
      for (const k of [parent, child]) {
        assert.deepEqual(
          (await t.store.transaction((tx) => listCases(tx, k))).map((x) => x.caseOid),
          [c.caseOid],
        );
      }
      assert.deepEqual(await t.store.transaction((tx) => listCases(tx, other)), []);

      // Version 2: the child leaves, another client joins; the owner stays the parent.
      const v2: Case = {
        ...c,
        version: 2,
        ownerClientKey: other,
        members: [
          { clientKey: parent, joinedAt: '2025-02-01' },
          { clientKey: other, joinedAt: '2025-03-01' },
        ],
      };
      await t.store.transaction((tx) => recordCase(tx, v2));
      const got = await t.store.transaction((tx) => getCase(tx, c.caseOid));
      assert.equal(got?.ownerClientKey, parent);
      assert.equal(got?.version, 2);
      assert.deepEqual(
        got?.members.map((m) => m.clientKey),
        [parent, other],
      );
      assert.deepEqual(await t.store.transaction((tx) => listCases(tx, child)), []);
      assert.equal((await t.store.transaction((tx) => listCases(tx, other))).length, 1);
      // A stale version is ignored.
      await t.store.transaction((tx) => recordCase(tx, c));
      assert.equal((await t.store.transaction((tx) => getCase(tx, c.caseOid)))?.members.length, 2);
      assert.equal(await t.store.transaction((tx) => getCase(tx, testOid())), undefined);
    });
  });
}
