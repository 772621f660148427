import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, isIn, TRUE } from '@varanto/domain/access';
import {
  getCurrentState,
  getDocumentVersion,
  insertDocumentVersion,
  listDocumentVersions,
  locateDocument,
  searchDocuments,
  searchSql,
} from './documents.ts';
import { ConflictError, VersionConflictError } from './errors.ts';
import {
  metadata,
  newDocument,
  REGISTRAR_A,
  REGISTRAR_B,
  TASK_ADULT,
  TASK_CHILD_WELFARE,
  testOid,
} from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

for (const engine of await testEngines()) {
  describe(`documents (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('store, get, correct, invalidate: every version kept, the current state follows', async () => {
      const client = randomUUID();
      const first = newDocument({ metadata: metadata({ clients: [client] }), content: { b: 1, a: [1, 2] } });
      const v1 = await t.store.transaction((tx) => insertDocumentVersion(tx, first));
      assert.equal(v1.version, 1);
      assert.equal(v1.status, 'active');
      assert.match(v1.recordedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      assert.deepEqual(v1.content, { a: [1, 2], b: 1 });
      assert.deepEqual(v1.metadata.clients, [client]);
      assert.equal(v1.metadata.documentDate, '2025-03-01');

      const got = await t.store.transaction((tx) => getDocumentVersion(tx, first.setId));
      assert.deepEqual(got, v1);
      assert.equal(await t.store.transaction((tx) => locateDocument(tx, first.setId)), client);

      await t.store.transaction((tx) =>
        insertDocumentVersion(tx, {
          ...first,
          version: 2,
          versionOid: testOid(),
          content: { b: 2 },
          reason: 'typo',
          metadata: { ...first.metadata, documentDate: '2025-03-02' },
        }),
      );
      await t.store.transaction((tx) =>
        insertDocumentVersion(tx, {
          ...first,
          version: 3,
          versionOid: testOid(),
          status: 'invalidated',
          reason: 'wrong client',
        }),
      );
      const versions = await t.store.transaction((tx) => listDocumentVersions(tx, first.setId));
      assert.deepEqual(
        versions.map((v) => [v.version, v.status, v.reason ?? null]),
        [
          [1, 'active', null],
          [2, 'active', 'typo'],
          [3, 'invalidated', 'wrong client'],
        ],
      );
      assert.deepEqual(versions[1]?.content, { b: 2 });
      const cur = await t.store.transaction((tx) => getCurrentState(tx, first.setId));
      assert.equal(cur?.version, 3);
      assert.equal(cur?.status, 'invalidated');
      assert.equal(
        (await t.store.transaction((tx) => getDocumentVersion(tx, first.setId, 2)))?.metadata.documentDate,
        '2025-03-02',
      );
      assert.equal((await t.store.transaction((tx) => getDocumentVersion(tx, first.setId)))?.version, 3);
      // An invalidated document leaves the default list but stays findable on request.
      const listed = await t.store.transaction((tx) =>
        searchDocuments(tx, TRUE, { clientKey: client, limit: 10, offset: 0 }),
      );
      assert.equal(listed.total, 0);
      const all = await t.store.transaction((tx) =>
        searchDocuments(tx, TRUE, { clientKey: client, includeInvalidated: true, limit: 10, offset: 0 }),
      );
      assert.deepEqual(
        all.items.map((d) => [d.setId, d.version]),
        [[first.setId, 3]],
      );
    });

    test('a version must follow the current one; unknown documents and reused OIDs are refused', async () => {
      const client = randomUUID();
      const doc = newDocument({ metadata: metadata({ clients: [client] }) });
      await t.store.transaction((tx) => insertDocumentVersion(tx, doc));
      await assert.rejects(
        t.store.transaction((tx) => insertDocumentVersion(tx, { ...doc, version: 3, versionOid: testOid() })),
        (e) => e instanceof VersionConflictError && e.currentVersion === 1 && e.attemptedVersion === 3,
      );
      await assert.rejects(
        t.store.transaction((tx) => insertDocumentVersion(tx, doc)),
        (e) => e instanceof VersionConflictError && e.currentVersion === 1,
      );
      await assert.rejects(
        t.store.transaction((tx) => insertDocumentVersion(tx, { ...doc, setId: testOid(), version: 2 })),
        (e) => e instanceof VersionConflictError && e.currentVersion === 0,
      );
      await assert.rejects(
        t.store.transaction((tx) => insertDocumentVersion(tx, { ...doc, version: 2, versionOid: doc.setId })),
        (e) => e instanceof ConflictError && e.what === 'document.versionOid',
      );
      assert.equal(await t.store.transaction((tx) => getDocumentVersion(tx, testOid())), undefined);
      assert.deepEqual(await t.store.transaction((tx) => listDocumentVersions(tx, testOid())), []);
    });

    test('two concurrent corrections of version 1: exactly one wins, the other learns the current version', async () => {
      const client = randomUUID();
      const doc = newDocument({ metadata: metadata({ clients: [client] }) });
      await t.store.transaction((tx) => insertDocumentVersion(tx, doc));
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let firstLocked!: () => void;
      const locked = new Promise<void>((r) => {
        firstLocked = r;
      });
      // The first corrector holds its transaction open after writing, so the second must wait on
      // the row lock and then see the committed version 2.
      const one = t.store.transaction(async (tx) => {
        const v = await insertDocumentVersion(tx, {
          ...doc,
          version: 2,
          versionOid: testOid(),
          reason: 'one',
        });
        firstLocked();
        await gate;
        return v;
      });
      await locked;
      const two = t.store.transaction((tx) =>
        insertDocumentVersion(tx, { ...doc, version: 2, versionOid: testOid(), reason: 'two' }),
      );
      await new Promise((r) => setTimeout(r, 100));
      release();
      const [r1, r2] = await Promise.allSettled([one, two]);
      assert.equal(r1.status, 'fulfilled');
      assert.equal(r2.status, 'rejected');
      assert.ok(r2.status === 'rejected' && r2.reason instanceof VersionConflictError);
      assert.equal((r2 as PromiseRejectedResult).reason.currentVersion, 2);
      const versions = await t.store.transaction((tx) => listDocumentVersions(tx, doc.setId));
      assert.deepEqual(
        versions.map((v) => [v.version, v.reason ?? null]),
        [
          [1, null],
          [2, 'one'],
        ],
      );
    });

    test('many racing correctors without coordination: versions stay gap-free and unique', async () => {
      const doc = newDocument({ metadata: metadata({ clients: [randomUUID()] }) });
      await t.store.transaction((tx) => insertDocumentVersion(tx, doc));
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          t.store.transaction((tx) =>
            insertDocumentVersion(tx, { ...doc, version: 2, versionOid: testOid(), reason: `r${i}` }),
          ),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof VersionConflictError));
      const versions = await t.store.transaction((tx) => listDocumentVersions(tx, doc.setId));
      assert.deepEqual(
        versions.map((v) => v.version),
        [1, 2],
      );
    });

    test('the access filter restricts results and the total counts only allowed documents', async () => {
      const client = randomUUID();
      const combos = [
        [REGISTRAR_A, TASK_CHILD_WELFARE],
        [REGISTRAR_A, TASK_CHILD_WELFARE],
        [REGISTRAR_A, TASK_ADULT],
        [REGISTRAR_B, TASK_CHILD_WELFARE],
        [REGISTRAR_B, TASK_ADULT],
      ] as const;
      await t.store.transaction(async (tx) => {
        for (const [i, [registrarOid, serviceTask]] of combos.entries()) {
          await insertDocumentVersion(
            tx,
            newDocument({
              metadata: metadata({
                clients: [client],
                registrarOid,
                serviceTask,
                documentDate: `2025-01-0${i + 1}`,
              }),
            }),
          );
        }
      });
      const search = (filter: Parameters<typeof searchDocuments>[1], limit = 10, offset = 0) =>
        t.store.transaction((tx) => searchDocuments(tx, filter, { clientKey: client, limit, offset }));

      const everything = await search(TRUE);
      assert.equal(everything.total, 5);
      assert.deepEqual(
        everything.items.map((d) => d.metadata.documentDate),
        ['2025-01-05', '2025-01-04', '2025-01-03', '2025-01-02', '2025-01-01'],
      );
      const onlyA = await search(isIn('registrarOid', [REGISTRAR_A]));
      assert.equal(onlyA.total, 3);
      assert.ok(onlyA.items.every((d) => d.metadata.registrarOid === REGISTRAR_A));
      const aChild = await search(
        and(isIn('registrarOid', [REGISTRAR_A]), isIn('serviceTask', [TASK_CHILD_WELFARE])),
      );
      assert.equal(aChild.total, 2);
      assert.ok(aChild.items.every((d) => d.metadata.serviceTask === TASK_CHILD_WELFARE));
      // The total is of allowed rows, not of the page.
      const page = await search(isIn('serviceTask', [TASK_ADULT]), 1, 0);
      assert.equal(page.total, 2);
      assert.equal(page.items.length, 1);
      const page2 = await search(isIn('serviceTask', [TASK_ADULT]), 1, 1);
      assert.notEqual(page2.items[0]?.setId, page.items[0]?.setId);
      const none = await search(isIn('registrarOid', []));
      assert.deepEqual(none, { items: [], total: 0 });
      // Search parameters narrow further but never widen the filter.
      const narrowed = await t.store.transaction((tx) =>
        searchDocuments(tx, isIn('registrarOid', [REGISTRAR_B]), {
          clientKey: client,
          serviceTask: TASK_ADULT,
          limit: 10,
          offset: 0,
        }),
      );
      assert.equal(narrowed.total, 1);
      const dated = await t.store.transaction((tx) =>
        searchDocuments(tx, TRUE, {
          clientKey: client,
          from: '2025-01-02',
          to: '2025-01-03',
          limit: 10,
          offset: 0,
        }),
      );
      assert.equal(dated.total, 2);
    });

    test('filter values are parameters, never SQL', () => {
      const { where, params } = searchSql(isIn('registrarOid', ["x' OR TRUE --"]), {
        clientKey: randomUUID(),
      });
      assert.ok(!where.includes('OR TRUE'));
      assert.deepEqual(params[0], ["x' OR TRUE --"]);
    });

    test('a shared-case document is found from every client it concerns, owned by the first', async () => {
      const parent = randomUUID();
      const child = randomUUID();
      const caseOid = testOid();
      const doc = newDocument({ metadata: metadata({ clients: [parent, child], caseOid }) });
      await t.store.transaction((tx) => insertDocumentVersion(tx, doc));
      assert.equal(await t.store.transaction((tx) => locateDocument(tx, doc.setId)), parent);
      for (const client of [parent, child]) {
        const page = await t.store.transaction((tx) =>
          searchDocuments(tx, TRUE, { clientKey: client, limit: 10, offset: 0 }),
        );
        assert.deepEqual(
          page.items.map((d) => d.setId),
          [doc.setId],
        );
      }
      const byCase = await t.store.transaction((tx) =>
        searchDocuments(tx, TRUE, { caseOid, limit: 10, offset: 0 }),
      );
      assert.equal(byCase.total, 1);
      // A correction that removes the child also removes it from the child's list.
      await t.store.transaction((tx) =>
        insertDocumentVersion(tx, {
          ...doc,
          version: 2,
          versionOid: testOid(),
          metadata: { ...doc.metadata, clients: [parent] },
        }),
      );
      const childList = await t.store.transaction((tx) =>
        searchDocuments(tx, TRUE, { clientKey: child, limit: 10, offset: 0 }),
      );
      assert.equal(childList.total, 0);
      const parentList = await t.store.transaction((tx) =>
        searchDocuments(tx, TRUE, { clientKey: parent, limit: 10, offset: 0 }),
      );
      assert.equal(parentList.items[0]?.version, 2);
    });

    test("a client's document list uses indexes, not a sequential scan", async () => {
      const clients = Array.from({ length: 300 }, () => randomUUID());
      // Eight writers in parallel, as a busy server would, to keep the setup quick.
      await Promise.all(
        Array.from({ length: 8 }, (_, w) =>
          t.store.transaction(async (tx) => {
            for (let i = w; i < 2400; i += 8) {
              const client = clients[i % clients.length]!;
              const month = String((i % 12) + 1).padStart(2, '0');
              const day = String((i % 28) + 1).padStart(2, '0');
              await insertDocumentVersion(
                tx,
                newDocument({
                  metadata: metadata({ clients: [client], documentDate: `2024-${month}-${day}` }),
                }),
              );
            }
          }),
        ),
      );
      await t.owner.pool.query('ANALYZE document_current; ANALYZE document_client; ANALYZE document_version');
      const filter = and(isIn('registrarOid', [REGISTRAR_A]), isIn('serviceTask', [TASK_CHILD_WELFARE]));
      const { from, where, params } = searchSql(filter, { clientKey: clients[7]! });
      const n = params.length;
      const plan = await t.store.transaction(async (tx) => {
        const r = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT v.* FROM ${from}
             JOIN document_version v ON v.client_key = c.client_key AND v.set_id = c.set_id AND v.version = c.version
            WHERE ${where} ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC
            LIMIT $${n + 1} OFFSET $${n + 2}`,
          [...params, 20, 0],
        );
        return r.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.doesNotMatch(plan, /Seq Scan/, plan);
      assert.match(plan, /Index (Only )?Scan (using|on) document_client_pkey/, plan);
      const page = await t.store.transaction((tx) =>
        searchDocuments(tx, filter, { clientKey: clients[7]!, limit: 20, offset: 0 }),
      );
      assert.equal(page.total, 8);
    });
  });
}
