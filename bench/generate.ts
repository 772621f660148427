// Generates a world into a new database of a server and reports the rate: the bulk import path
// (`npm run bench:generate`, or node --import tsx bench/generate.ts).
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres   admin connection (required)
//   GEN_DB=varanto_gen_1m GEN_CLIENTS=100000 GEN_DOCS=10 GEN_AUDIT=1 GEN_CONNECTIONS=2
//   GEN_DROP=1 drops the database afterwards (by default it is kept for benchmarks)
import pg from 'pg';
import { runGenerate } from '../packages/cli/src/generate/command.ts';

const admin = process.env.BENCH_DATABASE_URL;
if (!admin) throw new Error('set BENCH_DATABASE_URL to an admin connection string');
const name = process.env.GEN_DB ?? `varanto_gen_${Date.now()}`;
if (!/^[a-z0-9_]+$/.test(name)) throw new Error('GEN_DB must be a plain lower-case name');
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await c.query(`CREATE DATABASE ${name}`);
await c.end();
const u = new URL(admin);
u.pathname = `/${name}`;
const result = await runGenerate({
  url: u.toString(),
  clients: Number(process.env.GEN_CLIENTS ?? 10_000),
  docsPerClient: Number(process.env.GEN_DOCS ?? 10),
  seed: Number(process.env.GEN_SEED ?? 1),
  today: process.env.GEN_TODAY ?? '2026-11-22',
  audit: process.env.GEN_AUDIT !== '0',
  connections: Number(process.env.GEN_CONNECTIONS ?? 2),
  progress: true,
});
const size = new pg.Client({ connectionString: u.toString() });
await size.connect();
const bytes = (await size.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b;
await size.end();
console.log(
  JSON.stringify({
    database: name,
    clients: result.clients,
    documents: result.documents,
    recordDocuments: result.recordDocuments,
    versions: result.versions,
    auditEntries: result.auditEntries,
    seconds: Number(result.seconds.toFixed(1)),
    documentsPerSecond: Math.round(result.documents / result.seconds),
    versionsPerSecond: Math.round(result.versions / result.seconds),
    databaseGiB: Number((Number(bytes) / 2 ** 30).toFixed(2)),
    buildSeconds: Number(result.timings.buildSeconds.toFixed(1)),
    insertSeconds: Object.fromEntries(
      Object.entries(result.timings.insertSeconds).map(([k, v]) => [k, Number(v.toFixed(1))]),
    ),
  }),
);
if (process.env.GEN_DROP === '1') {
  const d = new pg.Client({ connectionString: admin });
  await d.connect();
  await d.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await d.end();
}
