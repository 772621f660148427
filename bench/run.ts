// `npm run bench`: Varanto's benchmark suite (never part of `npm test`). Per engine — the embedded
// PostgreSQL always, the external server when BENCH_DATABASE_URL is set — it runs:
//
//   write   the same complete documents stored three ways in the same run, at each concurrency:
//           raw INSERTs of the identical document rows into a table with the same columns,
//           indexes and durability (the physical baseline), the store layer (version, projections
//           and hash-chained audit entry in one transaction), and the HTTP API (server in a child
//           process: authentication, validation, access decision, OID minting, rendering, store) —
//           single stores with group commit off and on (VARANTO_GROUP_COMMIT, same run), and batches.
//   read    a client's access-filtered document list and a single document read through the HTTP
//           API on a generated world (BENCH_READ_DB names a pre-generated database on the external
//           server, e.g. varanto_gen_1m; otherwise BENCH_READ_CLIENTS clients are generated).
//   mixed   70 % document reads, 20 % client list searches, 10 % document stores for
//           BENCH_MIXED_SECONDS at BENCH_MIXED_CONCURRENCY, with the server's resident memory.
//   import  bulk import rates into fresh databases: the legacy importer (`varanto import-legacy`,
//           synthetic PDFs and texts with a manifest; BENCH_LEGACY_DOCS) and, a different path,
//           the data generator (`varanto generate`); BENCH_IMPORT_PATHS=generator,legacy.
//
// Prints a table and appends it to bench/RESULTS.md with the date, commit, machine and settings.
//
//   BENCH_SECTIONS=write,read,mixed,import   BENCH_ENGINES=embedded,external
//   BENCH_DOCS=1000  BENCH_CONCURRENCY=1,2,4,8,16,32,64  BENCH_READ_REQUESTS=2000
import { execSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGULATION, generalTypeOf } from '@varanto/domain/access';
import { builtinCodeRegistry } from '@varanto/domain/codes';
import { DOCUMENT_GROUP } from '@varanto/domain/records';
import { builtinStructures, renderXhtml } from '@varanto/domain/structures';
import {
  appendAudit,
  BlobStore,
  insertDocumentVersion,
  migrate,
  openStore,
  type Store,
} from '@varanto/store';
import { startEmbedded } from '@varanto/store/embedded';
import pg from 'pg';
import { DEFAULT_AUTH_CACHE_MS } from '../packages/cli/src/config.ts';
import { generate } from '../packages/cli/src/generate/generate.ts';
import { importLegacy } from '../packages/cli/src/legacy/import.ts';
import { writeSyntheticManifest } from '../packages/cli/src/legacy/synthetic.ts';
import { seededRng } from '../packages/cli/src/seed/random.ts';
import { demoContent } from '../packages/cli/src/seed/seed.ts';
import { demoClients } from '../packages/cli/src/seed/world.ts';
import { type ServerProcess, startServerProcess } from './process.ts';
import { runConcurrent, runFor, type Summary } from './stats.ts';

const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'write,read,mixed,import').split(','));
const ENGINES = new Set((process.env.BENCH_ENGINES ?? 'embedded,external').split(','));
const DOCS = Number(process.env.BENCH_DOCS ?? 1000);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,2,4,8,16,32,64').split(',').map(Number);
const READ_REQUESTS = Number(process.env.BENCH_READ_REQUESTS ?? 2000);
const READ_CLIENTS = Number(process.env.BENCH_READ_CLIENTS ?? 10_000);
const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 20);
const MIXED_CONCURRENCY = Number(process.env.BENCH_MIXED_CONCURRENCY ?? 32);
const IMPORT_CLIENTS = Number(process.env.BENCH_IMPORT_CLIENTS ?? 5000);
const TODAY = '2026-11-22';

interface Row {
  engine: string;
  path: string;
  dataset: string;
  concurrency: number;
  s: Summary;
  ratio?: number;
  note?: string;
}

const rows: Row[] = [];
const loadAtStart = execSync('cat /proc/loadavg', { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
const notes: string[] = [];
let docBytes = 0;

function dbUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return dbUrl(adminUrl, name);
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function login(base: string, who: string): Promise<string> {
  const r = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: who, method: 'certificate-card-demo' }),
  });
  if (r.status !== 200) throw new Error(`login ${who}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** Clients with the professional who works with them (their personal worker) and their case. */
interface Subject {
  clientKey: string;
  login: string;
  registerId: string;
  caseOid: string;
  serviceTask: string;
  unitOid: string;
  setIds: string[];
}

function roleMayRead(role: string, documentType: string): boolean {
  return DEFAULT_REGULATION.grants.some((g) => {
    if (g.role !== role || !g.actions.includes('document.read')) return false;
    if (g.documents === '*') return true;
    const general = generalTypeOf(documentType);
    return (
      (g.documents.types ?? []).includes(documentType) ||
      (general !== undefined && (g.documents.generalTypes ?? []).includes(general)) ||
      (g.documents.groups ?? []).includes('5')
    );
  });
}

async function subjects(url: string, limit: number, withDocs: boolean): Promise<Subject[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // A spread sample (every n-th clienthood of the county registers), not the first rows written.
    const r = await c.query<{
      client_key: string;
      login: string;
      register_id: string;
      case_oid: string;
      service_task: string;
      unit: string;
      role: string;
    }>(
      `WITH s AS (
         SELECT h.client_key, p.login, h.register_id, m.case_oid, cc.service_task, r.service_unit_oids[1] AS unit, r.role,
                row_number() OVER (ORDER BY h.client_key) AS n, count(*) OVER () AS total
           FROM clienthood h
           JOIN professional p ON p.id::text = h.personal_worker_id
           JOIN LATERAL (SELECT service_unit_oids, role FROM professional_right WHERE professional_id = p.id ORDER BY version DESC LIMIT 1) r ON true
           JOIN case_member m ON m.client_key = h.client_key
           JOIN care_case cc ON cc.client_key = m.owner_client_key AND cc.case_oid = m.case_oid
          WHERE h.registrar_oid = cc.registrar_oid)
       SELECT * FROM s WHERE n % greatest(1, total / $1) = 0 LIMIT $1`,
      [limit],
    );
    const out: Subject[] = [];
    for (const x of r.rows) {
      // Only documents the worker's role may read under the default regulation (a practical nurse
      // reads plans and narrative entries, not assessments): the benchmark measures allowed reads.
      const docs = withDocs
        ? (
            await c.query<{ set_id: string; document_type: string }>(
              `SELECT set_id, document_type FROM document_current WHERE client_key = $1 AND document_group = '5' AND status = 'active'
                 AND service_task = $2 AND register_id = $3 LIMIT 40`,
              [x.client_key, x.service_task, x.register_id],
            )
          ).rows
            .filter((d) => roleMayRead(x.role, d.document_type))
            .slice(0, 20)
            .map((d) => d.set_id)
        : [];
      if (withDocs && docs.length === 0) continue;
      out.push({
        clientKey: x.client_key,
        login: x.login,
        registerId: x.register_id,
        caseOid: x.case_oid,
        serviceTask: x.service_task,
        unitOid: x.unit,
        setIds: docs,
      });
    }
    return out;
  } finally {
    await c.end();
  }
}

async function tokensFor(base: string, list: readonly Subject[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const s of list) if (!tokens.has(s.login)) tokens.set(s.login, await login(base, s.login));
  return tokens;
}

/** Valid narrative entries (19005) with their XHTML, for every write path alike. */
function contentPool() {
  const def = builtinStructures().find((d) => d.typeCode === '19005')!;
  const codes = builtinCodeRegistry();
  const rng = seededRng(7);
  const people = demoClients(seededRng(1), 1);
  const content = Array.from({ length: 50 }, () =>
    demoContent(def, rng, codes, {
      client: people[0]!,
      author: { givenNames: 'Leena', familyName: 'Laine' },
      serviceTask: '24',
      date: TODAY,
    }),
  );
  const xhtml = content.map((c) => renderXhtml(def, c, { lang: 'fi' }));
  docBytes =
    content.reduce<number>((a, c, i) => a + JSON.stringify(c).length + xhtml[i]!.length, 0) / content.length;
  return { def, content, xhtml };
}

async function checked(r: Response, what: string): Promise<void> {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
}

function storeDocument(base: string, token: string, s: Subject, content: unknown): Promise<Response> {
  return fetch(`${base}/registers/${encodeURIComponent(s.registerId)}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      metadata: {
        clients: [s.clientKey],
        serviceTask: s.serviceTask,
        documentType: '19005',
        documentDate: TODAY,
        caseOid: s.caseOid,
        serviceUnitOid: s.unitOid,
      },
      content,
    }),
  });
}

/** One worker's batch of documents about one client (e.g. a client system sending a day's entries). */
function storeBatch(
  base: string,
  token: string,
  s: Subject,
  contents: readonly unknown[],
): Promise<Response> {
  return fetch(`${base}/registers/${encodeURIComponent(s.registerId)}/documents/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      documents: contents.map((content) => ({
        metadata: {
          clients: [s.clientKey],
          serviceTask: s.serviceTask,
          documentType: '19005',
          documentDate: TODAY,
          caseOid: s.caseOid,
          serviceUnitOid: s.unitOid,
        },
        content,
      })),
    }),
  });
}

const BATCH_SIZE = 50;

// --- write ----------------------------------------------------------------------------------------

async function benchWrite(engine: string, adminUrl: string): Promise<void> {
  const name = `varanto_bench_write_${Date.now()}`;
  const url = await freshDatabase(adminUrl, name);
  await migrate(url);
  // A small generated world provides the registers, professionals, clients and their cases.
  await generate({ url, clients: 400, docsPerClient: 0, seed: 11, today: TODAY });
  const server = await startServerProcess(url, { poolSize: 20, env: { VARANTO_GROUP_COMMIT: '0' } });
  try {
    await admin(url, (c) =>
      c.query('CREATE TABLE bench_raw_document_version (LIKE document_version INCLUDING ALL)'),
    );
    const list = await subjects(url, 200, false);
    const tokens = await tokensFor(server.url, list);
    const { def, content, xhtml } = contentPool();
    let serial = 0;
    const who = (i: number) => list[i % list.length]!;
    const registrarOf = (s: Subject) => s.registerId.replace(/\.1264\.1$/, '');
    for (const c of CONCURRENCY) {
      const raw = new pg.Pool({ connectionString: url, max: c });
      // Another session's test suite on a shared server may terminate idle connections.
      raw.on('error', () => {});
      const store: Store = await openStore({ url, max: c });
      const rawSummary = await runConcurrent(DOCS, c, async (i) => {
        const s = who(i);
        const n = serial++;
        await raw.query(
          `INSERT INTO bench_raw_document_version (client_key, set_id, version, version_oid, status, registrar_oid, register_id,
             organization_oid, service_unit_oid, author_id, author_name, case_oid, service_task, document_group, document_type,
             structure_oid, document_date, language, omakanta, clients, content, xhtml, content_sha256, recorded_by)
           VALUES ($1,$2,1,$2,'active',$3,$4,$3,$5,'bench','Leena Laine',$6,$7,'5','19005',$8,$9,'fi','{}',ARRAY[$1]::uuid[],$10,$11,'x','bench')`,
          [
            s.clientKey,
            `${registrarOf(s)}.95.1.${n}`,
            registrarOf(s),
            s.registerId,
            s.unitOid,
            s.caseOid,
            s.serviceTask,
            def.oid,
            TODAY,
            JSON.stringify(content[n % 50]),
            xhtml[n % 50],
          ],
        );
      });
      // Closed before the next pass: a server with max_connections 100 cannot hold two pools of 64.
      await raw.end();
      rows.push({ engine, path: 'raw INSERT (baseline)', dataset: 'write', concurrency: c, s: rawSummary });

      const storeSummary = await runConcurrent(DOCS, c, async (i) => {
        const s = who(i);
        const n = serial++;
        await store.transaction(async (tx) => {
          const setId = `${registrarOf(s)}.95.2.${n}`;
          await insertDocumentVersion(tx, {
            setId,
            version: 1,
            versionOid: setId,
            status: 'active',
            metadata: {
              registerId: s.registerId,
              registrarOid: registrarOf(s),
              organizationOid: registrarOf(s),
              serviceUnitOid: s.unitOid,
              authorId: 'bench',
              authorName: 'Leena Laine',
              caseOid: s.caseOid,
              clients: [s.clientKey],
              serviceTask: s.serviceTask,
              documentGroup: DOCUMENT_GROUP.clientDocument,
              documentType: '19005',
              structureOid: def.oid,
              documentDate: TODAY,
              language: 'fi',
              omakanta: {},
            },
            content: content[n % 50],
            xhtml: xhtml[n % 50]!,
            recordedBy: 'bench',
          });
          await appendAudit(tx, {
            actor: { kind: 'system', name: 'bench' },
            action: 'document.store',
            clientKey: s.clientKey,
            documents: [{ setId, version: 1 }],
            outcome: 'allowed',
          });
        });
      });
      await store.close();
      rows.push({
        engine,
        path: 'store layer',
        dataset: 'write',
        concurrency: c,
        s: storeSummary,
        ratio: storeSummary.perSecond / rawSummary.perSecond,
      });

      const apiSummary = await runConcurrent(DOCS, c, async (i) => {
        const s = who(i);
        await checked(
          await storeDocument(server.url, tokens.get(s.login)!, s, content[serial++ % 50]),
          'API store',
        );
      });
      rows.push({
        engine,
        path: 'HTTP API store',
        dataset: 'write',
        concurrency: c,
        s: apiSummary,
        ratio: apiSummary.perSecond / rawSummary.perSecond,
      });
      // The same single stores with group commit on: concurrent stores share a transaction. Its
      // own server process, started for this pass only (two idle pools of 20 beside the store
      // layer's 64 connections would pass a server's max_connections of 100).
      const grouped = await startServerProcess(url, { poolSize: 20, env: { VARANTO_GROUP_COMMIT: '1' } });
      let groupSummary: Summary;
      try {
        const groupTokens = await tokensFor(grouped.url, list);
        groupSummary = await runConcurrent(DOCS, c, async (i) => {
          const s = who(i);
          await checked(
            await storeDocument(grouped.url, groupTokens.get(s.login)!, s, content[serial++ % 50]),
            'API store (group commit)',
          );
        });
      } finally {
        await grouped.stop();
      }
      rows.push({
        engine,
        path: 'HTTP API store, group commit',
        dataset: 'write',
        concurrency: c,
        s: groupSummary,
        ratio: groupSummary.perSecond / rawSummary.perSecond,
        note: 'VARANTO_GROUP_COMMIT=1',
      });
      // The same documents in batches: one request and one transaction per BATCH_SIZE documents.
      const batches = await runConcurrent(Math.ceil(DOCS / BATCH_SIZE), c, async (i) => {
        const s = who(i);
        const docs = Array.from({ length: BATCH_SIZE }, () => content[serial++ % 50]);
        await checked(await storeBatch(server.url, tokens.get(s.login)!, s, docs), 'API batch store');
      });
      const batchDocs = {
        ...batches,
        count: batches.count * BATCH_SIZE,
        perSecond: batches.perSecond * BATCH_SIZE,
      };
      rows.push({
        engine,
        path: `HTTP API batch store (${BATCH_SIZE} per request)`,
        dataset: 'write',
        concurrency: c,
        s: batchDocs,
        ratio: batchDocs.perSecond / rawSummary.perSecond,
        note: 'documents/s; latency per request',
      });
      console.error(`${engine} write c=${c}: batch ${batchDocs.perSecond.toFixed(0)} docs/s`);
      console.error(
        `${engine} write c=${c}: raw ${rawSummary.perSecond.toFixed(0)}/s, store ${storeSummary.perSecond.toFixed(0)}/s, API ${apiSummary.perSecond.toFixed(0)}/s, API group commit ${groupSummary.perSecond.toFixed(0)}/s`,
      );
    }
  } finally {
    await server.stop();
    await dropDatabase(adminUrl, name);
  }
}

// --- read and mixed -------------------------------------------------------------------------------

interface Dataset {
  url: string;
  label: string;
  drop(): Promise<void>;
}

async function readDataset(engine: string, adminUrl: string): Promise<Dataset> {
  const named = engine === 'external' ? process.env.BENCH_READ_DB : undefined;
  if (named) {
    const url = dbUrl(adminUrl, named);
    await migrate(url);
    return { url, label: await sizeLabel(url), drop: async () => {} };
  }
  const name = `varanto_bench_read_${Date.now()}`;
  const url = await freshDatabase(adminUrl, name);
  await migrate(url);
  const g = await generate({ url, clients: READ_CLIENTS, docsPerClient: 10, seed: 3, today: TODAY });
  notes.push(
    `${engine}: generated the read dataset (${g.clients} clients, ${g.documents} client documents) in ${g.seconds.toFixed(0)} s.`,
  );
  return { url, label: await sizeLabel(url), drop: () => dropDatabase(adminUrl, name) };
}

async function sizeLabel(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ docs: string; clients: string }>(
      'SELECT (SELECT count(*) FROM document_locator) AS docs, (SELECT count(*) FROM person_current) AS clients',
    );
    const row = r.rows[0]!;
    return `${Number(row.docs).toLocaleString('en')} docs / ${Number(row.clients).toLocaleString('en')} clients`;
  } finally {
    await c.end();
  }
}

async function benchRead(engine: string, ds: Dataset, server: ServerProcess): Promise<void> {
  const list = await subjects(ds.url, 300, true);
  const tokens = await tokensFor(server.url, list);
  const who = (i: number) => list[(i * 7919) % list.length]!;
  for (const c of [1, 8]) {
    // Warm-up: the first pass reads pages from disk; the measured pass is the steady state.
    await runConcurrent(Math.min(300, READ_REQUESTS), c, async (i) => {
      const s = who(i);
      await checked(
        await fetch(`${server.url}/documents?client=${s.clientKey}&limit=50`, {
          headers: { authorization: `Bearer ${tokens.get(s.login)}` },
        }),
        'list',
      );
    });
    const listSummary = await runConcurrent(READ_REQUESTS, c, async (i) => {
      const s = who(i);
      await checked(
        await fetch(`${server.url}/documents?client=${s.clientKey}&limit=50`, {
          headers: { authorization: `Bearer ${tokens.get(s.login)}` },
        }),
        'list',
      );
    });
    rows.push({
      engine,
      path: 'HTTP client document list (50 newest, access-filtered, with total)',
      dataset: ds.label,
      concurrency: c,
      s: listSummary,
    });
    const readSummary = await runConcurrent(READ_REQUESTS, c, async (i) => {
      const s = who(i);
      await checked(
        await fetch(`${server.url}/documents/${s.setIds[i % s.setIds.length]}`, {
          headers: { authorization: `Bearer ${tokens.get(s.login)}` },
        }),
        'read',
      );
    });
    rows.push({
      engine,
      path: 'HTTP single document read',
      dataset: ds.label,
      concurrency: c,
      s: readSummary,
    });
    console.error(
      `${engine} read c=${c}: list p50 ${listSummary.p50.toFixed(1)} ms p99 ${listSummary.p99.toFixed(1)} ms; read p50 ${readSummary.p50.toFixed(1)} ms`,
    );
  }
}

async function benchMixed(engine: string, ds: Dataset, server: ServerProcess): Promise<void> {
  const list = await subjects(ds.url, 300, true);
  const tokens = await tokensFor(server.url, list);
  const { content } = contentPool();
  const rng = seededRng(99);
  const before = server.rssMiB();
  server.resetPeak();
  const r = await runFor(MIXED_SECONDS, MIXED_CONCURRENCY, async (i) => {
    const s = list[Math.floor(rng() * list.length)]!;
    const auth = { authorization: `Bearer ${tokens.get(s.login)}` };
    const u = rng();
    if (u < 0.7) {
      await checked(
        await fetch(`${server.url}/documents/${s.setIds[i % s.setIds.length]}`, { headers: auth }),
        'read',
      );
      return 'read';
    }
    if (u < 0.9) {
      await checked(
        await fetch(`${server.url}/documents?client=${s.clientKey}&limit=50`, { headers: auth }),
        'search',
      );
      return 'search';
    }
    await checked(await storeDocument(server.url, tokens.get(s.login)!, s, content[i % 50]), 'write');
    return 'write';
  });
  const after = server.rssMiB();
  const rss = `server RSS ${before.toFixed(0)} MiB before, ${after.toFixed(0)} after, peak ${server.peakMiB().toFixed(0)}`;
  rows.push({
    engine,
    path: 'HTTP mixed load (70 % read, 20 % search, 10 % store)',
    dataset: ds.label,
    concurrency: MIXED_CONCURRENCY,
    s: r.all,
    note: rss,
  });
  for (const [kind, s] of r.byKind) {
    rows.push({ engine, path: `  mixed: ${kind}`, dataset: ds.label, concurrency: MIXED_CONCURRENCY, s });
  }
  console.error(`${engine} mixed: ${r.all.perSecond.toFixed(0)} req/s, ${rss}`);
}

// --- import ---------------------------------------------------------------------------------------

const LEGACY_DOCS = Number(process.env.BENCH_LEGACY_DOCS ?? 20_000);
const IMPORT_PATHS = new Set((process.env.BENCH_IMPORT_PATHS ?? 'generator,legacy').split(','));

async function benchImport(engine: string, adminUrl: string): Promise<void> {
  if (IMPORT_PATHS.has('generator')) await benchGeneratorImport(engine, adminUrl);
  if (IMPORT_PATHS.has('legacy')) {
    await benchLegacyImport(engine, adminUrl, true);
    // The same with every file identical (one blob each for PDFs and texts): the importer's rate
    // without one fsync per file, i.e. what the disk costs in the row above.
    await benchLegacyImport(engine, adminUrl, false);
  }
}

/** The data generator's bulk path (`varanto generate`): a different path from a real import. */
async function benchGeneratorImport(engine: string, adminUrl: string): Promise<void> {
  const name = `varanto_bench_import_${Date.now()}`;
  const url = await freshDatabase(adminUrl, name);
  try {
    await migrate(url);
    const g = await generate({ url, clients: IMPORT_CLIENTS, docsPerClient: 10, seed: 5, today: TODAY });
    const s: Summary = {
      count: g.documents,
      seconds: g.seconds,
      perSecond: g.documents / g.seconds,
      p50: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
    };
    rows.push({
      engine,
      path: 'bulk generation (generator path, unnest batches, audit on)',
      dataset: `${g.clients} clients`,
      concurrency: 2,
      s,
      note: `${g.versions} versions, ${g.auditEntries} audit entries; ${(g.versions / g.seconds).toFixed(0)} versions/s`,
    });
    console.error(`${engine} generator: ${s.perSecond.toFixed(0)} docs/s`);
  } finally {
    await dropDatabase(adminUrl, name);
  }
}

/**
 * The legacy importer (`varanto import-legacy`) end to end: N synthetic legacy documents (small
 * real PDFs from a template, one in five a text file) with their manifest in a temp directory,
 * imported into a fresh database whose persons come from a small generated world. Timed: the
 * whole run — reading and checking every line and file, writing the blobs durably (fsync each,
 * the directories once per batch) and the rows and audit entries in one transaction.
 */
async function benchLegacyImport(engine: string, adminUrl: string, distinctFiles: boolean): Promise<void> {
  const name = `varanto_bench_legacy_${Date.now()}`;
  const url = await freshDatabase(adminUrl, name);
  const dir = mkdtempSync(join(tmpdir(), 'varanto-bench-legacy-'));
  try {
    await migrate(url);
    await generate({ url, clients: 500, docsPerClient: 1, seed: 7, today: TODAY });
    const { registrar, unit, hetus } = await admin(url, async (c) => {
      const reg = (await c.query('SELECT registrar_oid FROM register ORDER BY id LIMIT 1')).rows[0]
        .registrar_oid;
      const u = (
        await c.query('SELECT oid FROM service_unit WHERE organization_oid = $1 ORDER BY oid LIMIT 1', [reg])
      ).rows[0].oid;
      const h = (
        await c.query(
          "SELECT value FROM client_identifier WHERE system = '1.2.246.21' ORDER BY value LIMIT 500",
        )
      ).rows.map((r: { value: string }) => r.value);
      return { registrar: reg as string, unit: u as string, hetus: h as string[] };
    });
    const m = writeSyntheticManifest(join(dir, 'in'), {
      count: LEGACY_DOCS,
      clients: hetus,
      registrarOid: registrar,
      serviceTask: '10',
      distinctFiles,
    });
    const store = await openStore({ url });
    try {
      const r = await importLegacy(store, {
        dir: m.dir,
        registrarOid: registrar,
        serviceUnitOid: unit,
        blobs: new BlobStore(join(dir, 'blobs')),
        importedBy: 'bench',
        today: TODAY,
      });
      if (!r.ok) throw new Error(`legacy import refused: ${JSON.stringify(r).slice(0, 500)}`);
      const mbps = r.bytes / 1e6 / r.seconds;
      rows.push({
        engine,
        path: distinctFiles
          ? 'legacy import (manifest → fsynced blobs + unnest rows, audit on, one transaction)'
          : '  same, every file identical (2 blobs: no fsync per file)',
        dataset: `${r.documents} docs, ${(m.bytes / 1e6).toFixed(1)} MB`,
        concurrency: 1,
        s: {
          count: r.documents,
          seconds: r.seconds,
          perSecond: r.documents / r.seconds,
          p50: Number.NaN,
          p95: Number.NaN,
          p99: Number.NaN,
        },
        note:
          `${mbps.toFixed(1)} MB/s; ${r.blobsCreated} blobs; checking ${r.checkSeconds.toFixed(1)} s, ` +
          `reading ${r.readSeconds.toFixed(1)} s, rows+audit ${r.rowSeconds.toFixed(1)} s (${(r.documents / r.rowSeconds).toFixed(0)} docs/s: build ${r.rowParts.buildSeconds.toFixed(2)}, insert ${r.rowParts.insertSeconds.toFixed(2)}, audit ${r.rowParts.auditSeconds.toFixed(2)}), waiting for blobs beyond that ${r.blobWaitSeconds.toFixed(1)} s; ${r.auditEntries} audit entries`,
      });
      console.error(
        `${engine} legacy import: ${(r.documents / r.seconds).toFixed(0)} docs/s, ${mbps.toFixed(1)} MB/s`,
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(adminUrl, name);
  }
}

// --- run ------------------------------------------------------------------------------------------

/** A failing section is noted in the results instead of losing the sections that worked. */
async function section(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const msg = `${name} failed: ${e instanceof Error ? e.message : String(e)}`;
    console.error(msg);
    notes.push(msg);
  }
}

async function benchEngine(engine: string, adminUrl: string): Promise<void> {
  if (SECTIONS.has('write')) await section(`${engine} write`, () => benchWrite(engine, adminUrl));
  if (SECTIONS.has('read') || SECTIONS.has('mixed')) {
    await section(`${engine} read/mixed`, async () => {
      const ds = await readDataset(engine, adminUrl);
      const server = await startServerProcess(ds.url, { poolSize: 20 });
      try {
        if (SECTIONS.has('read')) await section(`${engine} read`, () => benchRead(engine, ds, server));
        if (SECTIONS.has('mixed')) await section(`${engine} mixed`, () => benchMixed(engine, ds, server));
      } finally {
        await server.stop();
        await ds.drop();
      }
    });
  }
  if (SECTIONS.has('import')) await section(`${engine} import`, () => benchImport(engine, adminUrl));
}

const f = (n: number, d = 2) => (Number.isNaN(n) ? '' : n.toFixed(d));

function table(list: Row[]): string {
  const head =
    '| engine | path | dataset | conc. | ops | ops/s | p50 ms | p95 ms | p99 ms | ratio to raw | note |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|';
  const lines = list.map(
    (r) =>
      `| ${r.engine} | ${r.path} | ${r.dataset} | ${r.concurrency} | ${r.s.count} | ${r.s.perSecond.toFixed(0)} | ${f(r.s.p50)} | ${f(r.s.p95)} | ${f(r.s.p99)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${r.note ?? ''} |`,
  );
  return [head, ...lines].join('\n');
}

// Whatever happens later, the rows measured so far are printed (a crash must not lose a long run).
process.on('exit', () => {
  if (!recorded) console.log(`\n(incomplete run)\n${table(rows)}`);
});
let recorded = false;

if (ENGINES.has('embedded')) {
  const dir = mkdtempSync(join(tmpdir(), 'varanto-bench-'));
  const embedded = await startEmbedded({ dataDir: dir });
  try {
    await benchEngine('embedded', embedded.adminUrl);
  } finally {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (ENGINES.has('external') && process.env.BENCH_DATABASE_URL) {
  await benchEngine('external', process.env.BENCH_DATABASE_URL);
}

let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
} catch {}
const load = execSync('cat /proc/loadavg', { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
const settings = Object.entries(process.env)
  .filter(([k]) => (k.startsWith('BENCH_') && k !== 'BENCH_DATABASE_URL') || k === 'VARANTO_AUTH_CACHE_MS')
  .map(([k, v]) => `${k}=${v}`)
  .join(' ');
const header =
  `\n## ${new Date().toISOString()} — commit ${commit}\n\n` +
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at the end ${load}. ` +
  `Command: \`${settings}${process.env.BENCH_DATABASE_URL ? ' BENCH_DATABASE_URL=…' : ''} npm run bench\`. ` +
  `Writes store complete 19005 narrative entries (mean ${(docBytes / 1024).toFixed(1)} KiB of JSON + XHTML), one durable transaction each (fsync and synchronous_commit on); ` +
  'the HTTP API server runs in its own process with a pool of 20 connections ' +
  `and authentication's cache of rights and regulation at ${process.env.VARANTO_AUTH_CACHE_MS ?? DEFAULT_AUTH_CACHE_MS} ms (as \`varanto start\`); ` +
  'the load generator uses fetch (keep-alive) from this process. ' +
  `Load average at the start ${loadAtStart}. ` +
  'Latencies are exact percentiles over every request of the measured pass (a warm-up pass precedes the list measurements). ' +
  'The read datasets are generated worlds (`varanto generate`, seeded); the legacy import row runs `varanto import-legacy` end to end (blobs fsynced on this disk), the generation row is the generator itself.\n' +
  (notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : '') +
  '\n';
const out = `${header}${table(rows)}\n`;
recorded = true;
console.log(out);
if (process.env.BENCH_NO_RECORD !== '1') appendFileSync(new URL('./RESULTS.md', import.meta.url), out);
