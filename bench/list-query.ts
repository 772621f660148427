// The client document list at the store level: the query the store ran before (a count query,
// then the page joined to document_version, `SELECT v.*`, which detoasts and sends each
// document's content and XHTML only for the summary to drop them) against
// `searchDocumentSummaries` (one query over document_current, the total as a window count).
// Same clients, same compiled access filter (with its EXISTS over clienthood_service_task and
// care_relation), alternating passes in one run. With --explain, prints EXPLAIN (ANALYZE, BUFFERS)
// of the new query for the client with the most documents in the sample.
//
//   node --import tsx bench/list-query.ts <database-url> [requests] [concurrency] [--explain]
import { accessFilter } from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import { openStore, searchDocumentSummaries, searchSql } from '@varanto/store';
import { runConcurrent, type Summary } from './stats.ts';

const args = process.argv.slice(2);
const explain = args.includes('--explain');
const [url, n = '2000', conc = '8'] = args.filter((a) => !a.startsWith('--'));
if (!url) throw new Error('usage: bench/list-query.ts <database-url> [requests] [concurrency] [--explain]');
const store = await openStore({ url, max: Number(conc) + 2 });
// Clients with an open service task, and the personal worker who has the care relation, so the
// filter's fact leaves are true for them and the list is not empty.
const sample = (
  await store.pool.query<{
    client_key: string;
    registrar_oid: string;
    service_task: string;
    worker: string | null;
    unit: string | null;
    docs: number;
  }>(
    `SELECT h.client_key, h.registrar_oid, t.service_task, h.personal_worker_id AS worker,
            (SELECT service_unit_oid FROM care_relation r WHERE r.client_key = h.client_key LIMIT 1) AS unit,
            (SELECT count(*) FROM document_client d WHERE d.client_key = h.client_key)::int AS docs
       FROM clienthood h JOIN clienthood_service_task t USING (client_key, clienthood_oid)
      WHERE h.client_key IN (SELECT client_key FROM person_current TABLESAMPLE SYSTEM (2) LIMIT 400)`,
  )
).rows;
const today = new Date().toISOString().slice(0, 10);
const actorFor = (s: (typeof sample)[number]): Actor => ({
  kind: 'professional',
  professionalId: s.worker ?? '00000000-0000-4000-8000-000000000001',
  login: 'bench',
  name: 'Bench',
  role: 'social_worker',
  organizationOid: s.registrar_oid,
  serviceUnitOids: s.unit ? [s.unit] : [],
  serviceTasks: [s.service_task],
  registrarOids: [s.registrar_oid],
  strongAuth: true,
});
const filterFor = (s: (typeof sample)[number]) => accessFilter(actorFor(s), 'document.search', { today });
let rowsBefore = 0;
let rowsAfter = 0;
let totalBefore = 0;
let totalAfter = 0;
const before = (i: number) =>
  store.transaction(
    async (tx) => {
      const s = sample[i % sample.length]!;
      const { from, where, params } = searchSql(filterFor(s), { clientKey: s.client_key });
      const total = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`, params);
      const k = params.length;
      const items = await tx.query(
        `SELECT v.* FROM ${from}
           JOIN document_version v ON v.client_key = c.client_key AND v.set_id = c.set_id AND v.version = c.version
          WHERE ${where}
          ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC
          LIMIT $${k + 1} OFFSET $${k + 2}`,
        [...params, 50, 0],
      );
      rowsBefore += items.rows.length;
      totalBefore += total.rows[0]?.n ?? 0;
    },
    { readOnly: true },
  );
const after = (i: number) =>
  store.transaction(
    async (tx) => {
      const s = sample[i % sample.length]!;
      const page = await searchDocumentSummaries(tx, filterFor(s), {
        clientKey: s.client_key,
        limit: 50,
        offset: 0,
      });
      rowsAfter += page.items.length;
      totalAfter += page.total;
    },
    { readOnly: true },
  );
const fmt = (name: string, s: Summary) =>
  `${name.padEnd(58)} ${s.perSecond.toFixed(0).padStart(6)}/s  p50 ${s.p50.toFixed(2)}  p95 ${s.p95.toFixed(2)}  p99 ${s.p99.toFixed(2)} ms`;
console.log(
  `${sample.length} clients sampled, ${sample.reduce((a, s) => a + s.docs, 0) / sample.length} documents each on average, at most ${Math.max(...sample.map((s) => s.docs))}`,
);
await runConcurrent(400, Number(conc), before);
await runConcurrent(400, Number(conc), after);
rowsBefore = rowsAfter = totalBefore = totalAfter = 0;
for (let pass = 0; pass < 2; pass++) {
  console.log(
    fmt(
      'before: count query + page joined to versions (v.*)',
      await runConcurrent(Number(n), Number(conc), before),
    ),
  );
  console.log(
    fmt(
      'after: searchDocumentSummaries (current only, window count)',
      await runConcurrent(Number(n), Number(conc), after),
    ),
  );
}
console.log(
  `rows returned: ${rowsBefore} before, ${rowsAfter} after; totals ${totalBefore} before, ${totalAfter} after (same clients and filter)`,
);
if (explain) {
  const s = [...sample].sort((a, b) => b.docs - a.docs)[0]!;
  const { from, where, params } = searchSql(filterFor(s), { clientKey: s.client_key });
  const k = params.length;
  const plan = await store.pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT c.*, count(*) OVER () AS total FROM ${from} WHERE ${where}
      ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC LIMIT $${k + 1} OFFSET $${k + 2}`,
    [...params, 50, 0],
  );
  console.log(`\nEXPLAIN for client ${s.client_key} (${s.docs} documents):`);
  console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
}
await store.close();
