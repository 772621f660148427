// The client document list at the store level, as the store runs it today and as proposed: one
// query over document_current only (no join to document_version, so no content or XHTML is
// detoasted and sent only to be dropped by the summary) with the total as a window count.
// Same clients, same access filter, alternating passes in one run.
//
//   node --import tsx bench/list-query.ts <database-url> [requests] [concurrency]
import { accessFilter } from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import { openStore, searchDocuments, searchSql } from '@varanto/store';
import { runConcurrent, type Summary } from './stats.ts';

const [url, n = '2000', conc = '8'] = process.argv.slice(2);
if (!url) throw new Error('usage: bench/list-query.ts <database-url> [requests] [concurrency]');
const store = await openStore({ url, max: Number(conc) + 2 });
const sample = (
  await store.pool.query<{ client_key: string; registrar_oid: string; service_task: string }>(
    `SELECT client_key, registrar_oid, service_task FROM clienthood h
       JOIN clienthood_service_task t USING (client_key, clienthood_oid)
      WHERE client_key IN (SELECT client_key FROM person_current TABLESAMPLE SYSTEM (2) LIMIT 400)`,
  )
).rows;
const actorFor = (s: (typeof sample)[number]): Actor => ({
  kind: 'professional',
  professionalId: '00000000-0000-4000-8000-000000000001',
  login: 'bench',
  name: 'Bench',
  role: 'social_worker',
  organizationOid: s.registrar_oid,
  serviceUnitOids: [],
  serviceTasks: [s.service_task],
  registrarOids: [s.registrar_oid],
  strongAuth: true,
});
let rowsCurrent = 0;
let rowsProposed = 0;
const current = (i: number) =>
  store.transaction(
    async (tx) => {
      const s = sample[i % sample.length]!;
      const page = await searchDocuments(
        tx,
        accessFilter(actorFor(s), 'document.search', { today: new Date().toISOString().slice(0, 10) }),
        {
          clientKey: s.client_key,
          includeInvalidated: false,
          limit: 50,
          offset: 0,
        },
      );
      rowsCurrent += page.items.length;
    },
    { readOnly: true },
  );
const proposed = (i: number) =>
  store.transaction(
    async (tx) => {
      const s = sample[i % sample.length]!;
      const { from, where, params } = searchSql(
        accessFilter(actorFor(s), 'document.search', { today: new Date().toISOString().slice(0, 10) }),
        {
          clientKey: s.client_key,
          includeInvalidated: false,
        },
      );
      const r = await tx.query(
        `SELECT c.*, count(*) OVER () AS total FROM ${from} WHERE ${where}
          ORDER BY c.document_date DESC, c.recorded_at DESC, c.set_id DESC LIMIT 50`,
        params,
      );
      rowsProposed += r.rows.length;
    },
    { readOnly: true },
  );
const fmt = (name: string, s: Summary) =>
  `${name.padEnd(52)} ${s.perSecond.toFixed(0).padStart(6)}/s  p50 ${s.p50.toFixed(2)}  p95 ${s.p95.toFixed(2)}  p99 ${s.p99.toFixed(2)} ms`;
await runConcurrent(400, Number(conc), current);
await runConcurrent(400, Number(conc), proposed);
for (let pass = 0; pass < 2; pass++) {
  console.log(
    fmt(
      'searchDocuments today (count + items with v.*)',
      await runConcurrent(Number(n), Number(conc), current),
    ),
  );
  console.log(
    fmt(
      'proposed (document_current only, window count)',
      await runConcurrent(Number(n), Number(conc), proposed),
    ),
  );
}
console.log(`rows returned: ${rowsCurrent} today, ${rowsProposed} proposed (same clients and filter)`);
await store.close();
