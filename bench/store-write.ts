// Durable stores through the store layer (version, projections and hash-chained audit entry in one
// transaction, as bench/run.ts's write section does) and the raw INSERT baseline of the identical
// rows, alternating passes in one process. Prints one JSON line per pass. Used by bench/compare.ts
// to run the store layer of several source trees against one database; runs alone too.
//
//   node --import tsx bench/store-write.ts <database-url> [docs-per-pass] [concurrency] [passes] [label]
import { randomUUID } from 'node:crypto';
import { builtinCodeRegistry } from '@varanto/domain/codes';
import { DOCUMENT_GROUP } from '@varanto/domain/records';
import { builtinStructures, renderXhtml } from '@varanto/domain/structures';
import { appendAudit, insertDocumentVersion, openStore } from '@varanto/store';
import pg from 'pg';
import { seededRng } from '../packages/cli/src/seed/random.ts';
import { demoContent } from '../packages/cli/src/seed/seed.ts';
import { demoClients } from '../packages/cli/src/seed/world.ts';
import { runConcurrent } from './stats.ts';

const [url, docs = '1000', conc = '8', passes = '2', label = 'store'] = process.argv.slice(2);
if (!url) throw new Error('usage: bench/store-write.ts <database-url> [docs] [concurrency] [passes] [label]');
const TODAY = '2026-11-22';
const REGISTRAR = '1.2.246.10.88888888';
const def = builtinStructures().find((d) => d.typeCode === '19005')!;
const codes = builtinCodeRegistry();
const rng = seededRng(7);
const person = demoClients(seededRng(1), 1)[0]!;
const content = Array.from({ length: 50 }, () =>
  demoContent(def, rng, codes, {
    client: person,
    author: { givenNames: 'Leena', familyName: 'Laine' },
    serviceTask: '24',
    date: TODAY,
  }),
);
const xhtml = content.map((c) => renderXhtml(def, c, { lang: 'fi' }));
// 200 clients, as run.ts's write section spreads its writes.
const clients = Array.from({ length: 200 }, () => randomUUID());
const c = Number(conc);
const raw = new pg.Pool({ connectionString: url, max: c });
raw.on('error', () => {});
await raw.query(
  'CREATE TABLE IF NOT EXISTS bench_raw_document_version (LIKE document_version INCLUDING ALL)',
);
const store = await openStore({ url, max: c });
const run = `${Date.now()}${process.pid}`;
let serial = 0;

const rawWrite = async (i: number) => {
  const n = serial++;
  const client = clients[i % clients.length]!;
  await raw.query(
    `INSERT INTO bench_raw_document_version (client_key, set_id, version, version_oid, status, registrar_oid, register_id,
       organization_oid, service_unit_oid, author_id, author_name, service_task, document_group, document_type,
       structure_oid, document_date, language, omakanta, clients, content, xhtml, content_sha256, recorded_by)
     VALUES ($1,$2,1,$2,'active',$3,$4,$3,$5,'bench','Leena Laine','24','5','19005',$6,$7,'fi','{}',ARRAY[$1]::uuid[],$8,$9,'x','bench')`,
    [
      client,
      `${REGISTRAR}.95.1.${run}.${n}`,
      REGISTRAR,
      `${REGISTRAR}.1264.1`,
      `${REGISTRAR}.10.1`,
      def.oid,
      TODAY,
      JSON.stringify(content[n % 50]),
      xhtml[n % 50],
    ],
  );
};

const storeWrite = async (i: number) => {
  const n = serial++;
  const client = clients[i % clients.length]!;
  const setId = `${REGISTRAR}.95.2.${run}.${n}`;
  await store.transaction(async (tx) => {
    await insertDocumentVersion(tx, {
      setId,
      version: 1,
      versionOid: setId,
      status: 'active',
      metadata: {
        registerId: `${REGISTRAR}.1264.1`,
        registrarOid: REGISTRAR,
        organizationOid: REGISTRAR,
        serviceUnitOid: `${REGISTRAR}.10.1`,
        authorId: 'bench',
        authorName: 'Leena Laine',
        clients: [client],
        serviceTask: '24',
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
      clientKey: client,
      documents: [{ setId, version: 1 }],
      outcome: 'allowed',
    });
  });
};

await runConcurrent(100, c, storeWrite);
for (let p = 0; p < Number(passes); p++) {
  const r = await runConcurrent(Number(docs), c, rawWrite);
  const s = await runConcurrent(Number(docs), c, storeWrite);
  console.log(
    JSON.stringify({
      label,
      pass: p,
      concurrency: c,
      raw: { perSecond: r.perSecond, p50: r.p50, p99: r.p99 },
      store: { perSecond: s.perSecond, p50: s.p50, p99: s.p99 },
      ratio: s.perSecond / r.perSecond,
    }),
  );
}
await raw.end();
await store.close();
