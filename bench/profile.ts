// Profiles the API server under one kind of load: the server runs in a child process with
// --cpu-prof; afterwards the self time is summed per function and per package.
//
//   node --import tsx bench/profile.ts <database-url> <list|read|store> [requests] [concurrency]
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinCodeRegistry } from '@varanto/domain/codes';
import { builtinStructures } from '@varanto/domain/structures';
import pg from 'pg';
import { seededRng } from '../packages/cli/src/seed/random.ts';
import { demoContent } from '../packages/cli/src/seed/seed.ts';
import { demoClients } from '../packages/cli/src/seed/world.ts';
import { startServerProcess } from './process.ts';
import { runConcurrent } from './stats.ts';

const [url, kind = 'list', n = '2000', conc = '8'] = process.argv.slice(2);
if (!url)
  throw new Error('usage: bench/profile.ts <database-url> <list|read|store> [requests] [concurrency]');
const dir = mkdtempSync(join(tmpdir(), 'varanto-prof-'));
const server = await startServerProcess(url, { cpuProfileDir: dir });
const c = new pg.Client({ connectionString: url });
await c.connect();
const sample = (
  await c.query<{
    client_key: string;
    login: string;
    set_id: string;
    register_id: string;
    case_oid: string | null;
    service_task: string | null;
    unit: string;
  }>(
    `SELECT h.client_key, p.login, h.register_id,
            (SELECT set_id FROM document_current d WHERE d.client_key = h.client_key
                AND d.document_group = '5' AND d.register_id = h.register_id AND d.status = 'active' LIMIT 1) AS set_id,
            (SELECT m.case_oid FROM case_member m JOIN care_case cc ON cc.client_key = m.owner_client_key
                AND cc.case_oid = m.case_oid AND cc.registrar_oid = h.registrar_oid
              WHERE m.client_key = h.client_key LIMIT 1) AS case_oid,
            (SELECT cc.service_task FROM case_member m JOIN care_case cc ON cc.client_key = m.owner_client_key
                AND cc.case_oid = m.case_oid AND cc.registrar_oid = h.registrar_oid
              WHERE m.client_key = h.client_key LIMIT 1) AS service_task,
            (SELECT service_unit_oids[1] FROM professional_right r WHERE r.professional_id = p.id
              ORDER BY version DESC LIMIT 1) AS unit
       FROM clienthood h JOIN professional p ON p.id::text = h.personal_worker_id
      WHERE h.client_key IN (SELECT client_key FROM person_current ORDER BY md5(client_key::text) LIMIT 300)`,
  )
).rows.filter((r) => (kind === 'store' ? r.case_oid : r.set_id));
const def = builtinStructures().find((d) => d.typeCode === '19005')!;
const content = demoContent(def, seededRng(7), builtinCodeRegistry(), {
  client: demoClients(seededRng(1), 1)[0]!,
  author: { givenNames: 'Leena', familyName: 'Laine' },
  serviceTask: '24',
  date: '2026-11-22',
});
await c.end();
const tokens = new Map<string, string>();
for (const s of sample) {
  if (tokens.has(s.login)) continue;
  const r = await fetch(`${server.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: s.login, method: 'certificate-card-demo' }),
  });
  tokens.set(s.login, ((await r.json()) as { token: string }).token);
}
let refused = 0;
let summary: Awaited<ReturnType<typeof runConcurrent>>;
// The load's window on the monotonic clock the child's profile also uses (microseconds): samples
// outside it (module loading, login, shutdown) are left out of the breakdown.
let loadStart = 0;
let loadEnd = 0;
// The server process's own CPU time (user + system, from /proc) over the load: unlike the samples,
// it leaves out the time the process waited for a core.
const cpuMs = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: (Number(f[11]) * 1000) / 100, system: (Number(f[12]) * 1000) / 100 };
};
let cpuStart = { user: 0, system: 0 };
let cpuEnd = { user: 0, system: 0 };
try {
  cpuStart = cpuMs();
  loadStart = Number(process.hrtime.bigint() / 1000n);
  summary = await runConcurrent(Number(n), Number(conc), async (i) => {
    const s = sample[i % sample.length]!;
    const auth = { authorization: `Bearer ${tokens.get(s.login)}` };
    const path =
      kind === 'read'
        ? `/documents/${s.set_id}`
        : kind === 'store'
          ? `/registers/${encodeURIComponent(s.register_id)}/documents`
          : `/documents?client=${s.client_key}&limit=50`;
    const r =
      kind === 'store'
        ? await fetch(`${server.url}${path}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({
              metadata: {
                clients: [s.client_key],
                serviceTask: s.service_task,
                documentType: '19005',
                documentDate: '2026-11-22',
                caseOid: s.case_oid,
                serviceUnitOid: s.unit,
              },
              content,
            }),
          })
        : await fetch(`${server.url}${path}`, { headers: auth });
    await r.arrayBuffer();
    // The organization's regulation may keep a role from a document type: counted, not fatal.
    if (r.status === 404) refused++;
    else if (r.status >= 300) throw new Error(`${path}: ${r.status}`);
  });
  loadEnd = Number(process.hrtime.bigint() / 1000n);
  cpuEnd = cpuMs();
} finally {
  await server.stop();
}
console.log(
  `${kind}: ${summary.perSecond.toFixed(0)} req/s p50 ${summary.p50.toFixed(1)} ms p99 ${summary.p99.toFixed(1)} ms (${refused} refused)`,
);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};
const nodes = new Map(prof.nodes.map((x) => [x.id, x]));
const parent = new Map<number, number>();
for (const x of prof.nodes) for (const ch of x.children ?? []) parent.set(ch, x.id);
const where = (f: Node['callFrame']) =>
  f.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '');
const fnName = (f: Node['callFrame']) =>
  `${f.functionName || '(anonymous)'} ${where(f).split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
const pkgName = (f: Node['callFrame']) =>
  f.url === '' ? f.functionName || '(native)' : (where(f).match(/^(@[^/]+\/[^/]+|[^/]+)/)?.[1] ?? where(f));
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
// Inclusive ("total") time: a sample counts once for every distinct function and package on its stack.
const totalFn = new Map<string, number>();
const totalPkg = new Map<string, number>();
let total = 0;
let idle = 0;
let t = prof.startTime;
const inWindow = loadEnd > loadStart && prof.startTime <= loadEnd;
prof.samples.forEach((id, i) => {
  const d = prof.timeDeltas[i] ?? 0;
  t += d;
  if (inWindow && (t < loadStart || t > loadEnd)) return;
  const f = nodes.get(id)!.callFrame;
  total += d;
  if (f.functionName === '(idle)') idle += d;
  byFn.set(fnName(f), (byFn.get(fnName(f)) ?? 0) + d);
  byPkg.set(pkgName(f), (byPkg.get(pkgName(f)) ?? 0) + d);
  const seenFn = new Set<string>();
  const seenPkg = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const cf = nodes.get(n)!.callFrame;
    if (cf.functionName === '(root)') break;
    seenFn.add(fnName(cf));
    seenPkg.add(pkgName(cf));
  }
  for (const k of seenFn) totalFn.set(k, (totalFn.get(k) ?? 0) + d);
  for (const k of seenPkg) totalPkg.set(k, (totalPkg.get(k) ?? 0) + d);
});
const top = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(
      ([name, us]) =>
        `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
    )
    .join('\n');
const busyMs = (total - idle) / 1000;
console.log(
  `server CPU profile (${(total / 1e6).toFixed(1)} s sampled${inWindow ? ' during the load' : ', whole run'}; ` +
    `busy ${(busyMs / 1000).toFixed(1)} s = ${(busyMs / Number(n)).toFixed(3)} ms per request; ` +
    `process CPU per request ${((cpuEnd.user - cpuStart.user) / Number(n)).toFixed(3)} ms user + ` +
    `${((cpuEnd.system - cpuStart.system) / Number(n)).toFixed(3)} ms system)\n\n` +
    `self time by package:\n${top(byPkg, 15)}\n\nself time by function:\n${top(byFn, 30)}\n\n` +
    `total time by package:\n${top(totalPkg, 15)}\n\ntotal time by function:\n${top(totalFn, 40)}`,
);
