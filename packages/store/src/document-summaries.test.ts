// The list path: summaries from the current-state projection must say exactly what the full
// versions say (minus content and rendering), count the same, and run on indexes under the real
// compiled access filter. The write path returns what a read returns.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { accessFilter, isIn, TRUE } from '@varanto/domain/access';
import {
  getDocumentVersion,
  insertDocumentVersion,
  listDocumentVersions,
  searchDocumentSummaries,
  searchDocuments,
  searchSql,
} from './documents.ts';
import {
  metadata,
  newDocument,
  professionalActor,
  REGISTRAR_A,
  REGISTRAR_B,
  TASK_ADULT,
  testOid,
} from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

for (const engine of await testEngines()) {
  describe(`document summaries (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('a stored version is returned as a read returns it', async () => {
      const client = randomUUID();
      const other = randomUUID();
      const doc = newDocument({
        metadata: metadata({
          clients: [client.toUpperCase(), other, client],
          caseOid: testOid(),
          socialService: '123',
          retentionClass: '1',
          omakanta: { specialContent: true, restrictionReason: '2', delayUntil: '2026-01-01' },
        }),
        content: { z: { y: [1, { b: 'x', a: null }] }, a: 'ä' },
      });
      const stored = await t.store.transaction((tx) => insertDocumentVersion(tx, doc));
      assert.deepEqual(stored, await t.store.transaction((tx) => getDocumentVersion(tx, doc.setId)));
      assert.deepEqual(stored.metadata.clients, [client, other]);
      const corrected = await t.store.transaction((tx) =>
        insertDocumentVersion(tx, {
          ...doc,
          version: 2,
          versionOid: testOid(),
          reason: 'typo',
          metadata: { ...doc.metadata, clients: [client] },
        }),
      );
      assert.deepEqual(corrected, await t.store.transaction((tx) => getDocumentVersion(tx, doc.setId)));
      assert.deepEqual(corrected, await t.store.transaction((tx) => getDocumentVersion(tx, doc.setId, 2)));
      assert.deepEqual(
        (await t.store.transaction((tx) => listDocumentVersions(tx, doc.setId))).map((v) => v.version),
        [1, 2],
      );
    });

    test('summaries are the full versions without content and XHTML, counted the same', async () => {
      const client = randomUUID();
      const setIds: string[] = [];
      for (let i = 0; i < 7; i++) {
        const d = newDocument({
          metadata: metadata({
            clients: [client],
            registrarOid: i % 3 === 0 ? REGISTRAR_B : REGISTRAR_A,
            serviceTask: i % 2 ? TASK_ADULT : '2',
            documentDate: `2025-02-0${i + 1}`,
          }),
        });
        await t.store.transaction((tx) => insertDocumentVersion(tx, d));
        setIds.push(d.setId);
      }
      // A corrected one (its reason shows in the list) and an invalidated one.
      const base = await t.store.transaction((tx) => getDocumentVersion(tx, setIds[1]!));
      await t.store.transaction((tx) =>
        insertDocumentVersion(tx, {
          ...base!,
          version: 2,
          versionOid: testOid(),
          reason: 'corrected date',
          recordedBy: base!.recordedBy,
        }),
      );
      const gone = await t.store.transaction((tx) => getDocumentVersion(tx, setIds[2]!));
      await t.store.transaction((tx) =>
        insertDocumentVersion(tx, {
          ...gone!,
          version: 2,
          versionOid: testOid(),
          status: 'invalidated',
          reason: 'wrong client',
          recordedBy: gone!.recordedBy,
        }),
      );
      for (const filter of [TRUE, isIn('registrarOid', [REGISTRAR_A]), isIn('serviceTask', [TASK_ADULT])]) {
        for (const includeInvalidated of [false, true]) {
          for (const [limit, offset] of [
            [10, 0],
            [2, 0],
            [2, 3],
            [3, 100],
            [0, 0],
          ] as const) {
            const search = { clientKey: client, includeInvalidated, limit, offset };
            const [full, summaries] = await t.store.transaction(async (tx) => [
              await searchDocuments(tx, filter, search),
              await searchDocumentSummaries(tx, filter, search),
            ]);
            assert.equal(summaries.total, full.total, JSON.stringify(search));
            assert.deepEqual(
              summaries.items,
              full.items.map(({ content: _c, xhtml: _x, ...rest }) => rest),
            );
          }
        }
      }
      const all = await t.store.transaction((tx) =>
        searchDocumentSummaries(tx, TRUE, {
          clientKey: client,
          includeInvalidated: true,
          limit: 10,
          offset: 0,
        }),
      );
      assert.equal(all.total, 7);
      assert.deepEqual(
        all.items.filter((d) => d.reason !== undefined).map((d) => [d.setId, d.status, d.reason]),
        [
          [setIds[2], 'invalidated', 'wrong client'],
          [setIds[1], 'active', 'corrected date'],
        ],
      );
      assert.ok(all.items.every((d) => !('content' in d) && !('xhtml' in d)));
      const past = await t.store.transaction((tx) =>
        searchDocumentSummaries(tx, TRUE, { clientKey: client, limit: 5, offset: 50 }),
      );
      assert.deepEqual(past, { items: [], total: 6 });
      assert.deepEqual(
        await t.store.transaction((tx) =>
          searchDocumentSummaries(tx, TRUE, { clientKey: 'not-a-uuid', limit: 5, offset: 0 }),
        ),
        { items: [], total: 0 },
      );
    });

    test("the access-filtered client list runs on indexes, the client's facts included", async () => {
      // Documents of ten registrars and four service tasks over 400 clients, and the facts of
      // 20,000 clients: a world where the filter is selective and the facts tables are not tiny,
      // as in production (a toy world makes a sequential scan the cheapest plan).
      const clients = Array.from({ length: 400 }, () => randomUUID());
      const registrars = [
        REGISTRAR_A,
        REGISTRAR_B,
        ...Array.from({ length: 8 }, (_, i) => `1.2.246.10.${i}.10.0`),
      ];
      await Promise.all(
        Array.from({ length: 8 }, (_, w) =>
          t.store.transaction(async (tx) => {
            for (let i = w; i < 4000; i += 8) {
              await insertDocumentVersion(
                tx,
                newDocument({
                  metadata: metadata({
                    clients: [clients[i % clients.length]!],
                    registrarOid: registrars[i % registrars.length]!,
                    serviceTask: ['2', '5', '7', '9'][Math.floor(i / 400) % 4]!,
                  }),
                }),
              );
            }
          }),
        ),
      );
      await t.owner.pool.query(
        `WITH k AS (
           SELECT k FROM unnest($1::uuid[]) AS k UNION ALL SELECT gen_random_uuid() FROM generate_series(1, 20000)),
         h AS (
           INSERT INTO clienthood (client_key, clienthood_oid, registrar_oid, register_id, set_id, version, started)
           SELECT k, 'h-' || k, $2, $2 || '.1', 'h-' || k, 1, '2024-01-01' FROM k),
         st AS (
           INSERT INTO clienthood_service_task (client_key, clienthood_oid, service_task, start_date)
           SELECT k, 'h-' || k, '2', '2024-01-01' FROM k)
         INSERT INTO care_relation (client_key, registrar_oid, kind, service_unit_oid, start_date)
         SELECT k, $2, 'personal_worker', '1.2.246.10.1111111.11.1', '2024-01-01' FROM k`,
        [clients, REGISTRAR_A],
      );
      await t.owner.pool.query(
        'ANALYZE document_current; ANALYZE document_client; ANALYZE document_version; ANALYZE clienthood; ANALYZE clienthood_service_task; ANALYZE care_relation',
      );
      const filter = accessFilter(professionalActor(), 'document.search', { today: '2025-06-01' });
      const { from, where, params } = searchSql(filter, { clientKey: clients[10]! });
      assert.match(where, /EXISTS/, 'the filter reads the client facts');
      const n = params.length;
      const plan = await t.store.transaction(async (tx) => {
        const r = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT c.*, count(*) OVER () FROM ${from} WHERE ${where}
            ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
          [...params, 50, 0],
        );
        return r.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.doesNotMatch(plan, /Seq Scan/, plan);
      assert.match(plan, /Index (Only )?Scan (Backward )?(using|on) document_client_pkey/, plan);
      assert.doesNotMatch(plan, /document_version/, plan);
      const page = await t.store.transaction((tx) =>
        searchDocumentSummaries(tx, filter, { clientKey: clients[10]!, limit: 50, offset: 0 }),
      );
      // Client 10's documents are of registrar A; three of its ten are of service task 2.
      assert.equal(page.total, 3);
    });
  });
}
