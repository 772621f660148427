import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { insertDocumentVersion, listDocumentVersions } from './documents.ts';
import { IdempotencyKeyReuseError } from './errors.ts';
import { getIdempotent, requestHash, saveIdempotent } from './idempotency.ts';
import { metadata, newDocument } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

test('the request hash ignores key order but not values', () => {
  assert.equal(requestHash({ a: 1, b: [1, { c: 2, d: 3 }] }), requestHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
  assert.notEqual(requestHash({ a: 1 }), requestHash({ a: 2 }));
  assert.notEqual(requestHash([1, 2]), requestHash([2, 1]));
});

for (const engine of await testEngines()) {
  describe(`idempotent writes (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    /** A write as the server does it: look up the key, write, save the response — one transaction. */
    function storeOnce(actorId: string, key: string, body: { setId: string; client: string }) {
      const k = { actorId, key, requestHash: requestHash(body) };
      return t.store.transaction(async (tx) => {
        const prior = await getIdempotent(tx, k);
        if (prior) return { replay: true, ...prior };
        const v = await insertDocumentVersion(
          tx,
          newDocument({ setId: body.setId, metadata: metadata({ clients: [body.client] }) }),
        );
        const response = { setId: v.setId, version: v.version };
        await saveIdempotent(tx, { ...k, statusCode: 201, response });
        return { replay: false, statusCode: 201, response };
      });
    }

    test('a retry with the same key and request gets the first response and writes nothing', async () => {
      const actor = randomUUID();
      const body = { setId: `1.2.246.10.1.15.${Date.now()}`, client: randomUUID() };
      const first = await storeOnce(actor, 'k1', body);
      const again = await storeOnce(actor, 'k1', body);
      assert.equal(first.replay, false);
      assert.equal(again.replay, true);
      assert.equal(again.statusCode, 201);
      assert.deepEqual(again.response, first.response);
      assert.equal((await t.store.transaction((tx) => listDocumentVersions(tx, body.setId))).length, 1);
    });

    test('the same key for a different request is refused; keys are per actor', async () => {
      const actor = randomUUID();
      const client = randomUUID();
      await storeOnce(actor, 'k2', { setId: `1.2.246.10.2.15.${Date.now()}`, client });
      await assert.rejects(
        storeOnce(actor, 'k2', { setId: `1.2.246.10.3.15.${Date.now()}`, client }),
        IdempotencyKeyReuseError,
      );
      const other = await storeOnce(randomUUID(), 'k2', { setId: `1.2.246.10.4.15.${Date.now()}`, client });
      assert.equal(other.replay, false);
    });

    test('two concurrent attempts with one key: one writes, the other waits and replays', async () => {
      const actor = randomUUID();
      const body = { setId: `1.2.246.10.5.15.${Date.now()}`, client: randomUUID() };
      const results = await Promise.all([storeOnce(actor, 'k3', body), storeOnce(actor, 'k3', body)]);
      assert.deepEqual(results.map((r) => r.replay).sort(), [false, true]);
      assert.equal((await t.store.transaction((tx) => listDocumentVersions(tx, body.setId))).length, 1);
    });

    test('a rolled-back write leaves no stored response', async () => {
      const k = { actorId: randomUUID(), key: 'k4', requestHash: requestHash({}) };
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await saveIdempotent(tx, { ...k, statusCode: 201, response: {} });
          throw new Error('failed');
        }),
      );
      assert.equal(await t.store.transaction((tx) => getIdempotent(tx, k)), undefined);
    });
  });
}
