// Group commit of audit entries: a batch keeps every chain gap-free and verifiable, interleaves
// with single appends, and a waiter learns of its entry only once it is committed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AuditEntryInput } from './api.ts';
import { AuditGroupWriter, appendAudit, appendAuditBatch, chainOf, listAudit, verifyAudit } from './audit.ts';
import type { Store } from './db.ts';
import { professionalActor } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

const read = (clientKey: string, i = 0): AuditEntryInput => ({
  actor: professionalActor(),
  action: 'document.read',
  clientKey,
  documents: [{ setId: `1.2.246.10.1.15.${i}`, version: 1 }],
  outcome: 'allowed',
  rule: 'service_task',
  requestId: `req-${i}`,
});

/** The store with its transactions counted. */
function counting(store: Store): { store: Store; transactions: () => number } {
  let n = 0;
  return {
    store: {
      ...store,
      transaction: (fn, opts) => {
        n++;
        return store.transaction(fn, opts);
      },
    },
    transactions: () => n,
  };
}

for (const engine of await testEngines()) {
  describe(`audit group commit (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('a batch over several chains continues each chain in order and verifies', async () => {
      const a = randomUUID();
      let b = randomUUID();
      while (
        chainOf({ actor: { kind: 'anonymous' }, clientKey: b }) ===
        chainOf({ actor: { kind: 'anonymous' }, clientKey: a })
      )
        b = randomUUID();
      const before1 = await t.store.transaction((tx) => appendAudit(tx, read(a, 1)));
      const batch = await t.store.transaction((tx) =>
        appendAuditBatch(tx, [
          read(a, 2),
          read(b, 3),
          read(a, 4),
          { ...read(b, 5), outcome: 'denied', reason: 'no' },
        ]),
      );
      const after1 = await t.store.transaction((tx) => appendAudit(tx, read(a, 6)));
      const ofA = [before1, batch[0]!, batch[2]!, after1];
      for (let i = 1; i < ofA.length; i++) {
        assert.equal(ofA[i]!.seq, ofA[i - 1]!.seq + 1);
        assert.equal(ofA[i]!.prevHash, ofA[i - 1]!.hash);
        assert.ok(ofA[i]!.recordedAt >= ofA[i - 1]!.recordedAt);
      }
      assert.equal(batch[3]!.seq, batch[1]!.seq + 1);
      assert.equal(batch[3]!.prevHash, batch[1]!.hash);
      // What was returned is what was stored.
      const listed = await t.store.transaction((tx) => listAudit(tx, { clientKey: b, limit: 10 }));
      assert.deepEqual(listed, [batch[3], batch[1]]);
      assert.deepEqual((await verifyAudit(t.store)).breaks, []);
      assert.deepEqual(await t.store.transaction((tx) => appendAuditBatch(tx, [])), []);
    });

    test('concurrent appends share transactions, and each resolves once its entry is committed', async () => {
      const c = counting(t.store);
      const writer = new AuditGroupWriter(c.store);
      const clients = Array.from({ length: 12 }, () => randomUUID());
      const entries = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const e = await writer.append(read(clients[i % clients.length]!, i));
          // Visible to another connection the moment the caller hears of it.
          const seen = await t.owner.pool.query('SELECT 1 FROM audit_entry WHERE chain = $1 AND seq = $2', [
            e.chain,
            e.seq,
          ]);
          assert.equal(seen.rowCount, 1);
          return e;
        }),
      );
      assert.ok(c.transactions() < 60 / 4, `${c.transactions()} transactions for 60 entries`);
      assert.equal(new Set(entries.map((e) => `${e.chain}/${e.seq}`)).size, 60);
      assert.deepEqual(
        entries.map((e) => e.requestId),
        Array.from({ length: 60 }, (_, i) => `req-${i}`),
      );
      assert.deepEqual((await verifyAudit(t.store)).breaks, []);
    });

    test('a bad entry is refused alone; a failed batch fails every waiter and the next one succeeds', async () => {
      const writer = new AuditGroupWriter(t.store);
      assert.throws(() => writer.append(read('not-a-uuid')), /invalid client key/);
      let fail = true;
      const flaky: Store = {
        ...t.store,
        transaction: (fn, opts) =>
          fail ? Promise.reject(new Error('database went away')) : t.store.transaction(fn, opts),
      };
      const w = new AuditGroupWriter(flaky);
      const results = await Promise.allSettled([w.append(read(randomUUID())), w.append(read(randomUUID()))]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'rejected'],
      );
      fail = false;
      const e = await w.append(read(randomUUID()));
      assert.equal(e.action, 'document.read');
      assert.deepEqual((await verifyAudit(t.store)).breaks, []);
    });
  });
}
