import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { AuditEntry } from './api.ts';
import {
  AUDIT_CHAINS,
  appendAudit,
  canonicalEntry,
  chainOf,
  entryHash,
  listAudit,
  verifyAudit,
} from './audit.ts';
import { professionalActor } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

/** Client keys grouped so that each of `count` chains gets `perChain` clients. */
function clientsOnDistinctChains(count: number): string[] {
  const seen = new Map<number, string>();
  while (seen.size < count) {
    const k = randomUUID();
    const c = chainOf({ actor: { kind: 'anonymous' }, clientKey: k });
    if (!seen.has(c)) seen.set(c, k);
  }
  return [...seen.values()];
}

describe('audit hashing', () => {
  test('the chain depends on the client only, and spreads over all chains', () => {
    const k = randomUUID();
    assert.equal(
      chainOf({ actor: professionalActor(), clientKey: k }),
      chainOf({ actor: { kind: 'anonymous' }, clientKey: k.toUpperCase() }),
    );
    const used = new Set(
      Array.from({ length: 2000 }, () => chainOf({ actor: { kind: 'anonymous' }, clientKey: randomUUID() })),
    );
    assert.equal(used.size, AUDIT_CHAINS);
  });

  test('any change of any hashed field changes the hash', () => {
    const base: Omit<AuditEntry, 'seq' | 'hash'> = {
      chain: 3,
      recordedAt: '2025-01-01T10:00:00.000001Z',
      actorKind: 'professional',
      actorId: 'p1',
      action: 'document.read',
      documents: [{ setId: '1.2.3', version: 1 }],
      outcome: 'allowed',
      prevHash: '0'.repeat(64),
    };
    fc.assert(
      fc.property(
        fc.constantFrom<keyof typeof base>('chain', 'recordedAt', 'actorId', 'action', 'outcome', 'prevHash'),
        fc.string({ minLength: 1 }),
        (field, value) => {
          const changed = {
            ...base,
            [field]: field === 'chain' ? base.chain + 1 : `${String(base[field])}${value}`,
          };
          return entryHash(changed) !== entryHash(base);
        },
      ),
    );
    assert.notEqual(entryHash({ ...base, documents: [{ setId: '1.2.3', version: 2 }] }), entryHash(base));
    // Absent and empty are different facts.
    assert.notEqual(canonicalEntry({ ...base, reason: '' }), canonicalEntry(base));
  });
});

for (const engine of await testEngines()) {
  describe(`audit log (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('entries append to their chains, list back intact and verify', async () => {
      const actor = professionalActor();
      const client = randomUUID();
      const setId = '1.2.246.10.1.15.1';
      const e1 = await t.store.transaction((tx) =>
        appendAudit(tx, {
          actor,
          action: 'document.read',
          clientKey: client,
          documents: [{ setId, version: 1 }],
          outcome: 'allowed',
          rule: 'service_task',
          purpose: 'care',
          requestId: 'req-1',
        }),
      );
      const e2 = await t.store.transaction((tx) =>
        appendAudit(tx, {
          actor,
          action: 'document.read',
          clientKey: client,
          outcome: 'denied',
          reason: 'no right',
        }),
      );
      assert.equal(e1.chain, e2.chain);
      assert.equal(e2.seq, e1.seq + 1);
      assert.equal(e2.prevHash, e1.hash);
      assert.match(e1.recordedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      const listed = await t.store.transaction((tx) => listAudit(tx, { clientKey: client, limit: 10 }));
      assert.deepEqual(listed, [e2, e1]);
      assert.deepEqual(
        await t.store.transaction((tx) => listAudit(tx, { actorId: actor.professionalId, limit: 1 })),
        [e2],
      );
      const none = await t.store.transaction((tx) =>
        listAudit(tx, { clientKey: client, from: '2999-01-01T00:00:00Z', limit: 10 }),
      );
      assert.deepEqual(none, []);
      const v = await verifyAudit(t.store);
      assert.equal(v.entries, 2);
      assert.equal(v.chains, AUDIT_CHAINS);
      assert.deepEqual(v.breaks, []);
      assert.equal(v.firstBreak, undefined);
    });

    test('an entry of a rolled-back action does not exist, and the chain stays whole', async () => {
      const client = randomUUID();
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await appendAudit(tx, {
            actor: professionalActor(),
            action: 'document.store',
            clientKey: client,
            outcome: 'allowed',
          });
          throw new Error('the write failed after all');
        }),
      );
      assert.deepEqual(
        await t.store.transaction((tx) => listAudit(tx, { clientKey: client, limit: 10 })),
        [],
      );
      assert.deepEqual((await verifyAudit(t.store)).breaks, []);
    });

    test('concurrent writers on one chain keep it gap-free', async () => {
      const client = randomUUID();
      const entries = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.store.transaction((tx) =>
            appendAudit(tx, {
              actor: { kind: 'system', name: `w${i}` },
              action: 'probe',
              clientKey: client,
              outcome: 'allowed',
            }),
          ),
        ),
      );
      const seqs = entries.map((e) => e.seq).sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: 20 }, (_, i) => seqs[0]! + i),
      );
      assert.deepEqual((await verifyAudit(t.store, { batch: 7 })).breaks, []);
    });

    test('verification finds an edited, a deleted and a reordered entry', async () => {
      const [edited, deleted, reordered] = clientsOnDistinctChains(3) as [string, string, string];
      const written = new Map<string, AuditEntry[]>();
      for (const client of [edited, deleted, reordered]) {
        const list: AuditEntry[] = [];
        for (let i = 0; i < 4; i++) {
          list.push(
            await t.store.transaction((tx) =>
              appendAudit(tx, {
                actor: professionalActor(),
                action: 'document.read',
                clientKey: client,
                outcome: 'allowed',
              }),
            ),
          );
        }
        written.set(client, list);
      }
      const at = (client: string, i: number) => written.get(client)![i]!;
      // Tamper directly as a superuser, the way an attacker with database access would.
      const owner = await t.owner.pool.connect();
      try {
        await owner.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
        await owner.query("UPDATE audit_entry SET action = 'document.search' WHERE chain = $1 AND seq = $2", [
          at(edited, 1).chain,
          at(edited, 1).seq,
        ]);
        await owner.query('DELETE FROM audit_entry WHERE chain = $1 AND seq = $2', [
          at(deleted, 1).chain,
          at(deleted, 1).seq,
        ]);
        const r = at(reordered, 1);
        // Swap two neighbours through a free number (the primary key is checked row by row).
        await owner.query('UPDATE audit_entry SET seq = seq + 1000000 WHERE chain = $1 AND seq = $2', [
          r.chain,
          r.seq,
        ]);
        await owner.query('UPDATE audit_entry SET seq = $2 WHERE chain = $1 AND seq = $3', [
          r.chain,
          r.seq,
          r.seq + 1,
        ]);
        await owner.query('UPDATE audit_entry SET seq = $2 WHERE chain = $1 AND seq = $3', [
          r.chain,
          r.seq + 1,
          r.seq + 1000000,
        ]);
        await owner.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
      } finally {
        owner.release();
      }
      const v = await verifyAudit(t.store);
      const problemOf = (client: string) => v.breaks.find((b) => b.chain === at(client, 0).chain);
      assert.deepEqual([problemOf(edited)?.problem, problemOf(edited)?.seq], ['edited', at(edited, 1).seq]);
      assert.deepEqual(
        [problemOf(deleted)?.problem, problemOf(deleted)?.seq],
        ['deleted', at(deleted, 1).seq],
      );
      assert.deepEqual(
        [problemOf(reordered)?.problem, problemOf(reordered)?.seq],
        ['reordered', at(reordered, 1).seq],
      );
      assert.equal(v.breaks.length, 3, JSON.stringify(v.breaks));
      assert.deepEqual(v.firstBreak, v.breaks[0]);
    });

    test('removing the newest entries of a chain is found through its head', async () => {
      const broken = new Set((await verifyAudit(t.store)).breaks.map((b) => b.chain));
      let client = randomUUID();
      while (broken.has(chainOf({ actor: { kind: 'anonymous' }, clientKey: client }))) client = randomUUID();
      let last!: AuditEntry;
      for (let i = 0; i < 3; i++) {
        last = await t.store.transaction((tx) =>
          appendAudit(tx, {
            actor: { kind: 'anonymous' },
            action: 'probe',
            clientKey: client,
            outcome: 'error',
          }),
        );
      }
      assert.equal(
        (await verifyAudit(t.store)).breaks.find((b) => b.chain === last.chain),
        undefined,
      );
      const owner = await t.owner.pool.connect();
      try {
        await owner.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
        await owner.query('DELETE FROM audit_entry WHERE chain = $1 AND seq = $2', [last.chain, last.seq]);
        await owner.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
      } finally {
        owner.release();
      }
      const b = (await verifyAudit(t.store)).breaks.find((x) => x.chain === last.chain);
      assert.equal(b?.problem, 'deleted');
      assert.equal(b?.seq, last.seq);
    });
  });
}
