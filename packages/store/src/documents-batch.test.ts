// insertFirstVersions writes in one statement exactly the rows insertDocumentVersion (plus the
// linked clients' index, client-links.ts) writes one document at a time; a taken set id fails the
// whole group.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewDocumentVersion } from './api.ts';
import { indexLinkedClients, recordLink } from './client-links.ts';
import { getDocumentVersion, insertDocumentVersion, insertFirstVersions } from './documents.ts';
import { VersionConflictError } from './errors.ts';
import { metadata, newDocument, testOid } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

/** The same documents under fresh set ids. */
function twin(v: NewDocumentVersion): NewDocumentVersion {
  const setId = testOid();
  return { ...v, setId, versionOid: setId };
}

for (const engine of await testEngines()) {
  describe(`insertFirstVersions (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    async function rowsOf(setId: string) {
      const q = async (table: string, order: string) =>
        (
          await t.owner.pool.query(
            `SELECT to_jsonb(x) - 'set_id' - 'version_oid' - 'recorded_at' - 'first_recorded_at' AS r
               FROM ${table} x WHERE set_id = $1 ORDER BY ${order}`,
            [setId],
          )
        ).rows.map((r) => r.r);
      return {
        version: await q('document_version', 'version'),
        current: await q('document_current', 'client_key'),
        clients: await q('document_client', 'client_key'),
        locator: await q('document_locator', 'owner_client_key'),
      };
    }

    test('the same rows and answers as one insertDocumentVersion per document', async () => {
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      const docs = [
        newDocument({ metadata: metadata({ clients: [a] }), content: { z: 1, a: ['ä', { b: null }] } }),
        newDocument({
          metadata: metadata({
            clients: [b.toUpperCase(), c, b],
            caseOid: testOid(),
            socialService: '123',
            retentionClass: '2',
            language: 'sv',
            omakanta: { shownToGuardian: false, restrictionReason: '1' },
          }),
          content: null,
          xhtml: '<p>"quoted" \\ back\nslash</p>',
        }),
        newDocument({ metadata: metadata({ clients: [a] }), content: 'text content' }),
      ];
      const one = await t.store.transaction(async (tx) => {
        const out = [];
        for (const d of docs) {
          out.push(await insertDocumentVersion(tx, d));
          await indexLinkedClients(tx, d.setId, d.metadata.clients);
        }
        return out;
      });
      const twins = docs.map(twin);
      const many = await t.store.transaction((tx) => insertFirstVersions(tx, twins));
      assert.equal(many.length, docs.length);
      for (const [i, d] of docs.entries()) {
        const { setId: _s1, versionOid: _o1, recordedAt: _r1, ...single } = one[i]!;
        const { setId: _s2, versionOid: _o2, recordedAt: _r2, ...batched } = many[i]!;
        assert.deepEqual(batched, single, `answer of document ${i}`);
        assert.equal(many[i]!.setId, twins[i]!.setId);
        assert.deepEqual(await rowsOf(twins[i]!.setId), await rowsOf(d.setId), `rows of document ${i}`);
        // What the batch answered is what a read returns.
        const read = await t.store.transaction((tx) => getDocumentVersion(tx, twins[i]!.setId));
        assert.deepEqual(read, many[i]);
      }
      // One transaction: its versions share its start time.
      assert.equal(new Set(many.map((v) => v.recordedAt)).size, 1);
    });

    test("a linked client's index rows are written with the documents", async () => {
      const [temporary, identified] = [randomUUID(), randomUUID()];
      await t.store.transaction((tx) =>
        recordLink(tx, {
          temporaryClientKey: temporary,
          identifiedClientKey: identified,
          reason: 'tunnistettu',
          recordedBy: 'test',
        }),
      );
      const d = newDocument({ metadata: metadata({ clients: [temporary] }) });
      await t.store.transaction((tx) => insertFirstVersions(tx, [d]));
      const r = await t.owner.pool.query<{ client_key: string; owner_client_key: string }>(
        'SELECT client_key, owner_client_key FROM document_client WHERE set_id = $1 ORDER BY client_key',
        [d.setId],
      );
      assert.deepEqual(
        r.rows.map((x) => [x.client_key, x.owner_client_key]).sort(),
        [
          [identified, temporary],
          [temporary, temporary],
        ].sort(),
      );
    });

    test('a taken or repeated set id fails the whole group, which writes nothing', async () => {
      const client = randomUUID();
      const taken = newDocument({ metadata: metadata({ clients: [client] }) });
      await t.store.transaction((tx) => insertFirstVersions(tx, [taken]));
      const fresh = newDocument({ metadata: metadata({ clients: [client] }) });
      const again = { ...taken, versionOid: testOid() };
      await assert.rejects(
        t.store.transaction((tx) => insertFirstVersions(tx, [fresh, again])),
        VersionConflictError,
      );
      const twice = newDocument({ metadata: metadata({ clients: [client] }) });
      await assert.rejects(
        t.store.transaction((tx) => insertFirstVersions(tx, [twice, { ...twice, versionOid: testOid() }])),
        VersionConflictError,
      );
      const n = await t.owner.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM document_version WHERE client_key = $1',
        [client],
      );
      assert.equal(n.rows[0]!.n, 1, 'only the first document exists');
    });
  });
}
