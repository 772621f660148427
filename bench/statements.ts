// The database round trips of one API request: every statement the server sends while serving a
// list, a read and a store (after a warm-up request of each, so one-time work is not counted), in
// order, with the time until its answer. Runs the server in process on the database given (list
// and read only read; store writes one document and batch a batch of BATCH_N (default 50) through
// POST /registers/{id}/documents/batch, so use a scratch database with a generated world). The
// batch also prints its statements per document. group sends BATCH_N single stores at once to a
// server with group commit on (as VARANTO_GROUP_COMMIT=1 runs it) and prints statements per store.
//
//   node --import tsx bench/statements.ts <database-url> [list|read|store|batch|group]...

import { builtinCodeRegistry } from '@varanto/domain/codes';
import { builtinStructures } from '@varanto/domain/structures';
import { buildServer } from '@varanto/server';
import { openStore } from '@varanto/store';
import pg from 'pg';
import { DEFAULT_AUTH_CACHE_MS } from '../packages/cli/src/config.ts';
import { seededRng } from '../packages/cli/src/seed/random.ts';
import { DEMO_PASSWORD, demoContent } from '../packages/cli/src/seed/seed.ts';
import { demoClients } from '../packages/cli/src/seed/world.ts';

const [url, ...kinds] = process.argv.slice(2);
if (!url) throw new Error('usage: bench/statements.ts <database-url> [list|read|store|batch|group]...');
const BATCH_N = Number(process.env.BATCH_N ?? 50);

let log: { text: string; full: string; values: unknown[]; ms: number }[] | undefined;
const explain = process.env.EXPLAIN_SLOWEST === '1';
// Every statement of every connection passes through Client.prototype.query.
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const config = args[0] as string | { text?: string; name?: string; values?: unknown[] };
  const text = typeof config === 'string' ? config : (config.text ?? config.name ?? '?');
  const values = (typeof config === 'string' ? args[1] : config.values) as unknown[] | undefined;
  const t0 = performance.now();
  const result = (original as (...a: unknown[]) => unknown).apply(this, args);
  if (log && result instanceof Promise) {
    const entry = { text: text.replace(/\s+/g, ' ').slice(0, 110), full: text, values: values ?? [], ms: 0 };
    log.push(entry);
    result.then(
      () => {
        entry.ms = performance.now() - t0;
      },
      () => {
        entry.ms = performance.now() - t0;
      },
    );
  }
  return result;
} as typeof original;

const store = await openStore({ url, max: 4 });
const app = await buildServer({
  store,
  config: {
    sessionSecret: 'b'.repeat(48),
    demoLogins: true,
    demoPassword: DEMO_PASSWORD,
    // As `varanto start` runs it; VARANTO_AUTH_CACHE_MS=0 counts the statements without the cache.
    authCacheMs: Number(process.env.VARANTO_AUTH_CACHE_MS ?? DEFAULT_AUTH_CACHE_MS),
    groupCommit: kinds.includes('group'),
  },
});
const s = (
  await store.pool.query<{
    client_key: string;
    login: string;
    register_id: string;
    case_oid: string;
    service_task: string;
    unit: string;
    set_id: string | null;
  }>(
    `SELECT h.client_key, p.login, h.register_id, m.case_oid, cc.service_task, r.service_unit_oids[1] AS unit,
            (SELECT set_id FROM document_current d WHERE d.client_key = h.client_key AND d.document_group = '5'
                AND d.status = 'active' AND d.service_task = cc.service_task AND d.register_id = h.register_id LIMIT 1) AS set_id
       FROM clienthood h
       JOIN professional p ON p.id::text = h.personal_worker_id
       JOIN LATERAL (SELECT service_unit_oids FROM professional_right WHERE professional_id = p.id ORDER BY version DESC LIMIT 1) r ON true
       JOIN case_member m ON m.client_key = h.client_key
       JOIN care_case cc ON cc.client_key = m.owner_client_key AND cc.case_oid = m.case_oid
      WHERE h.registrar_oid = cc.registrar_oid
      LIMIT 1`,
  )
).rows[0];
if (!s) throw new Error('no client with a personal worker and a case');
const login = await app.inject({
  method: 'POST',
  url: '/auth/login',
  payload: { login: s.login, method: 'certificate-card-demo' },
});
const token = (login.json() as { token: string }).token;
const headers = { authorization: `Bearer ${token}` };

const content = demoContent(
  builtinStructures().find((d) => d.typeCode === '19005')!,
  seededRng(7),
  builtinCodeRegistry(),
  {
    client: demoClients(seededRng(1), 1)[0]!,
    author: { givenNames: 'Leena', familyName: 'Laine' },
    serviceTask: '24',
    date: '2026-11-22',
  },
);

function storeRequest() {
  return {
    metadata: {
      clients: [s!.client_key],
      serviceTask: s!.service_task,
      documentType: '19005',
      documentDate: '2026-11-22',
      caseOid: s!.case_oid,
      serviceUnitOid: s!.unit,
    },
    content,
  };
}

async function request(kind: string): Promise<{ statusCode: number; body: string }> {
  if (kind === 'group') {
    const all = await Promise.all(Array.from({ length: BATCH_N }, () => request('store')));
    return all.find((r) => r.statusCode >= 300) ?? all[0]!;
  }
  if (kind === 'list')
    return app.inject({ method: 'GET', url: `/documents?client=${s!.client_key}&limit=50`, headers });
  if (kind === 'read') return app.inject({ method: 'GET', url: `/documents/${s!.set_id}`, headers });
  if (kind === 'batch') {
    return app.inject({
      method: 'POST',
      url: `/registers/${encodeURIComponent(s!.register_id)}/documents/batch`,
      headers,
      payload: { documents: Array.from({ length: BATCH_N }, storeRequest) },
    });
  }
  return app.inject({
    method: 'POST',
    url: `/registers/${encodeURIComponent(s!.register_id)}/documents`,
    headers,
    payload: storeRequest(),
  });
}

for (const kind of kinds.length ? kinds : ['list', 'read']) {
  await request(kind);
  log = [];
  const t0 = performance.now();
  const r = await request(kind);
  const total = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 20));
  const statements = log;
  log = undefined;
  const perDoc =
    kind === 'batch' || kind === 'group'
      ? ` (${BATCH_N} documents: ${(statements.length / BATCH_N).toFixed(2)} statements per document)`
      : '';
  console.log(
    `\n${kind}: HTTP ${r.statusCode}, ${statements.length} statements${perDoc}, ${total.toFixed(1)} ms in all`,
  );
  if (r.statusCode >= 300) console.log(r.body.slice(0, 500));
  for (const e of statements) console.log(`  ${e.ms.toFixed(2).padStart(6)} ms  ${e.text}`);
  const slowest = [...statements]
    .filter((e) => /^\s*(SELECT|WITH)/i.test(e.full))
    .sort((a, b) => b.ms - a.ms)[0];
  if (explain && slowest) {
    // EXPLAIN_SLOWEST=1: the plan of the slowest query, run again as it was sent.
    const again = performance.now();
    for (let i = 0; i < 20; i++) await store.pool.query(slowest.full, slowest.values);
    console.log(
      `  the slowest again, alone: ${((performance.now() - again) / 20).toFixed(2)} ms each (${slowest.full.length} characters, ${slowest.values.length} parameters, ${JSON.stringify(slowest.values).length} characters of values)`,
    );
    const c = await store.pool.connect();
    try {
      const named = performance.now();
      for (let i = 0; i < 20; i++)
        await c.query({ name: 'slowest', text: slowest.full, values: slowest.values });
      console.log(
        `  the slowest as a prepared statement: ${((performance.now() - named) / 20).toFixed(2)} ms each`,
      );
    } finally {
      c.release();
    }
    const plan = await store.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.full}`, slowest.values);
    console.log(plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
  }
}
await app.close();
await store.close();
