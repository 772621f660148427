// Before and after on one machine in one run: the same load against the code of several commits,
// alternating passes so that a change in the machine's load hits every side alike. Each commit is
// unpacked with `git archive` into a scratch directory beside this checkout's node_modules (its
// own @varanto packages linked in), so its server and store run exactly as committed.
//
//   node --import tsx bench/compare.ts <kind> <database-url> <commit> <commit>...
//
// kinds: list (GET /documents?client=…, the access-filtered client list), read (GET /documents/:id),
// store (POST a complete 19005 entry), mixed (70 % read, 20 % list, 10 % store), store-layer (the
// store layer and the raw INSERT baseline, bench/store-write.ts). list and read only read, so a
// pre-generated database (varanto_gen_1m) can be used as is; store, mixed and store-layer write
// into the database named, so give them a scratch database with a generated world.
// A commit may be written `<commit>+<patch-file>` to measure it with an uncommitted patch applied.
//
//   CMP_REQUESTS=2000 CMP_CONCURRENCY=8 CMP_PASSES=3 CMP_POOL=20
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { builtinCodeRegistry } from '@varanto/domain/codes';
import { builtinStructures } from '@varanto/domain/structures';
import pg from 'pg';
import { seededRng } from '../packages/cli/src/seed/random.ts';
import { demoContent } from '../packages/cli/src/seed/seed.ts';
import { demoClients } from '../packages/cli/src/seed/world.ts';
import { runConcurrent, type Summary } from './stats.ts';

const [kind, url, ...commits] = process.argv.slice(2);
if (!kind || !url || commits.length === 0) {
  throw new Error('usage: bench/compare.ts <list|read|store|mixed|store-layer> <database-url> <commit>...');
}
const REQUESTS = Number(process.env.CMP_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.CMP_CONCURRENCY ?? 8);
const PASSES = Number(process.env.CMP_PASSES ?? 3);
const POOL = Number(process.env.CMP_POOL ?? 20);
const ROOT = new URL('..', import.meta.url).pathname;
const TREES = '/tmp/varanto-compare';
const TODAY = '2026-11-22';

/** The commit's files in a directory of their own, resolving packages from this checkout. */
function tree(spec: string): string {
  const plus = spec.indexOf('+');
  const commit = plus < 0 ? spec : spec.slice(0, plus);
  const patch = plus < 0 ? undefined : spec.slice(plus + 1);
  const sha = execFileSync('git', ['rev-parse', '--short', commit], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(TREES, patch ? `${sha}+${patch.replace(/\W+/g, '_')}` : sha);
  if (!existsSync(dir)) {
    // Built beside and renamed when whole, so a patch that fails leaves no half tree behind.
    const building = `${dir}.building`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C ${building}`], { cwd: ROOT });
    if (patch) {
      execFileSync('git', ['apply', patch.startsWith('/') ? patch : join(ROOT, patch)], { cwd: building });
    }
    mkdirSync(join(building, 'node_modules', '@varanto'), { recursive: true });
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (name === '@varanto' || name === '.bin') continue;
      symlinkSync(join(ROOT, 'node_modules', name), join(building, 'node_modules', name));
    }
    for (const p of readdirSync(join(building, 'packages'))) {
      symlinkSync(join(dir, 'packages', p), join(building, 'node_modules', '@varanto', p));
    }
    renameSync(building, dir);
  }
  // The same load generator for every tree, whatever the commit had.
  for (const f of ['store-write.ts', 'stats.ts']) {
    execFileSync('cp', [join(ROOT, 'bench', f), join(dir, 'bench', f)]);
  }
  return dir;
}

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(dir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(dir, 'bench', 'server.ts'), url!, String(POOL)],
    { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server of ${dir} exited with ${code}`)));
  });
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

/** CPU time (user + system) of a process in ms, 0 when it is gone. */
function cpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (field 3).
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU spent by the server process and by the database backends serving it, per request: unlike
 * throughput, it barely moves when other work on the machine takes CPU away.
 */
async function cpuMeter(server: Server): Promise<() => Promise<{ server: number; db: number }>> {
  const backends = async () => {
    const r = await monitor.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return r.rows.map((x) => x.pid);
  };
  const s0 = cpuMs(server.child.pid!);
  const before = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]));
  return async () => {
    const s1 = cpuMs(server.child.pid!);
    let db = 0;
    for (const pid of await backends()) db += cpuMs(pid) - (before.get(pid) ?? 0);
    return { server: s1 - s0, db };
  };
}

async function stop(s: Server): Promise<void> {
  const exited = new Promise<void>((r) => s.child.once('exit', () => r()));
  s.child.kill('SIGTERM');
  await exited;
}

interface Subject {
  clientKey: string;
  login: string;
  registerId: string;
  caseOid: string;
  serviceTask: string;
  unitOid: string;
  setIds: string[];
}

/** Clients with their personal worker, a case and (for reads) documents the worker may read. */
async function subjects(limit: number): Promise<Subject[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{
      client_key: string;
      login: string;
      register_id: string;
      case_oid: string;
      service_task: string;
      unit: string;
      set_ids: string[];
    }>(
      `WITH s AS (
         SELECT h.client_key, p.login, h.register_id, m.case_oid, cc.service_task, r.service_unit_oids[1] AS unit,
                row_number() OVER (ORDER BY h.client_key) AS n, count(*) OVER () AS total
           FROM clienthood h
           JOIN professional p ON p.id::text = h.personal_worker_id
           JOIN LATERAL (SELECT service_unit_oids FROM professional_right WHERE professional_id = p.id ORDER BY version DESC LIMIT 1) r ON true
           JOIN case_member m ON m.client_key = h.client_key
           JOIN care_case cc ON cc.client_key = m.owner_client_key AND cc.case_oid = m.case_oid
          WHERE h.registrar_oid = cc.registrar_oid)
       SELECT s.*, ARRAY(SELECT set_id FROM document_current d WHERE d.client_key = s.client_key AND d.document_group = '5'
                           AND d.status = 'active' AND d.service_task = s.service_task AND d.register_id = s.register_id
                         LIMIT 5) AS set_ids
         FROM s WHERE n % greatest(1, total / $1) = 0 LIMIT $1`,
      [limit],
    );
    return r.rows.map((x) => ({
      clientKey: x.client_key,
      login: x.login,
      registerId: x.register_id,
      caseOid: x.case_oid,
      serviceTask: x.service_task,
      unitOid: x.unit,
      setIds: x.set_ids,
    }));
  } finally {
    await c.end();
  }
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

async function checked(r: Response, what: string): Promise<void> {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${(await r.text()).slice(0, 300)}`);
  await r.arrayBuffer();
}

const def = builtinStructures().find((d) => d.typeCode === '19005')!;
const codes = builtinCodeRegistry();
const contentRng = seededRng(7);
const person = demoClients(seededRng(1), 1)[0]!;
const contents = Array.from({ length: 50 }, () =>
  demoContent(def, contentRng, codes, {
    client: person,
    author: { givenNames: 'Leena', familyName: 'Laine' },
    serviceTask: '24',
    date: TODAY,
  }),
);

function request(base: string, token: string, s: Subject, what: string, i: number): Promise<Response> {
  const headers = { authorization: `Bearer ${token}` };
  if (what === 'list') return fetch(`${base}/documents?client=${s.clientKey}&limit=50`, { headers });
  if (what === 'read') return fetch(`${base}/documents/${s.setIds[i % s.setIds.length]}`, { headers });
  return fetch(`${base}/registers/${encodeURIComponent(s.registerId)}/documents`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      metadata: {
        clients: [s.clientKey],
        serviceTask: s.serviceTask,
        documentType: '19005',
        documentDate: TODAY,
        caseOid: s.caseOid,
        serviceUnitOid: s.unitOid,
      },
      content: contents[i % 50],
    }),
  });
}

const fmt = (s: Summary) =>
  `${s.perSecond.toFixed(0).padStart(6)}/s  p50 ${s.p50.toFixed(2).padStart(7)}  p95 ${s.p95.toFixed(2).padStart(7)}  p99 ${s.p99.toFixed(2).padStart(7)} ms`;
const load = () =>
  execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
const dirs = commits.map(tree);
const monitor = new pg.Client({ connectionString: url });
await monitor.connect();
console.log(
  `${kind}: ${commits.join(' vs ')}; ${REQUESTS} requests per pass, concurrency ${CONCURRENCY}, ${PASSES} passes; load ${load()}`,
);

if (kind === 'store-layer') {
  for (let p = 0; p < PASSES; p++) {
    for (const [i, dir] of dirs.entries()) {
      const out = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/store-write.ts',
          url,
          String(REQUESTS),
          String(CONCURRENCY),
          '1',
          commits[i]!,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      for (const line of out.trim().split('\n')) {
        const r = JSON.parse(line) as {
          raw: { perSecond: number; p50: number; p99: number };
          store: { perSecond: number; p50: number; p99: number };
          ratio: number;
        };
        console.log(
          `pass ${p} ${commits[i]!.padEnd(24)} raw ${r.raw.perSecond.toFixed(0).padStart(5)}/s  store ${r.store.perSecond.toFixed(0).padStart(5)}/s p50 ${r.store.p50.toFixed(2)} p99 ${r.store.p99.toFixed(2)} ms  ratio ${r.ratio.toFixed(2)}`,
        );
      }
    }
  }
} else {
  let list = await subjects(300);
  if (list.length === 0) throw new Error('no clients with a personal worker and a case in this database');
  const servers: Server[] = [];
  const tokens: Map<string, string>[] = [];
  try {
    for (const dir of dirs) {
      const s = await startServer(dir);
      servers.push(s);
      const t = new Map<string, string>();
      for (const x of list) if (!t.has(x.login)) t.set(x.login, await login(s.url, x.login));
      tokens.push(t);
    }
    if (kind === 'read' || kind === 'mixed') {
      // Only documents the worker may read (the organization's regulation may narrow the role),
      // as judged by the first tree; the same set for every tree.
      for (const s of list) {
        const ok: string[] = [];
        for (const id of s.setIds) {
          const r = await fetch(`${servers[0]!.url}/documents/${id}`, {
            headers: { authorization: `Bearer ${tokens[0]!.get(s.login)}` },
          });
          await r.arrayBuffer();
          if (r.status === 200) ok.push(id);
        }
        s.setIds = ok;
      }
      list = list.filter((s) => s.setIds.length > 0);
      console.log(`${list.length} clients with readable documents`);
    }
    const who = (i: number) => list[(i * 7919) % list.length]!;
    const kindOf = (i: number) => {
      if (kind !== 'mixed') return kind;
      const u = ((i * 2654435761) % 1000) / 1000;
      return u < 0.7 ? 'read' : u < 0.9 ? 'list' : 'store';
    };
    const task = (k: number) => async (i: number) => {
      const s = who(i);
      const what = kindOf(i);
      await checked(await request(servers[k]!.url, tokens[k]!.get(s.login)!, s, what, i), what);
    };
    // Warm-up of every side first: the first pass reads pages from disk, later ones the cache.
    for (const k of servers.keys()) await runConcurrent(Math.min(300, REQUESTS), CONCURRENCY, task(k));
    const all = servers.map(() => [] as Summary[]);
    const cpuPerRequest = servers.map(() => [] as { server: number; db: number }[]);
    for (let p = 0; p < PASSES; p++) {
      for (const k of servers.keys()) {
        const meter = await cpuMeter(servers[k]!);
        const s = await runConcurrent(REQUESTS, CONCURRENCY, task(k));
        const cpu = await meter();
        all[k]!.push(s);
        cpuPerRequest[k]!.push({ server: cpu.server / REQUESTS, db: cpu.db / REQUESTS });
        console.log(
          `pass ${p} ${commits[k]!.padEnd(24)} ${fmt(s)}  CPU/request: server ${(cpu.server / REQUESTS).toFixed(2)} ms, database ${(cpu.db / REQUESTS).toFixed(2)} ms`,
        );
      }
    }
    for (const k of servers.keys()) {
      const best = [...all[k]!].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(all[k]!.length / 2)]!;
      const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const cpu = cpuPerRequest[k]!;
      console.log(
        `median ${commits[k]!.padEnd(24)} ${fmt(best)}  CPU/request: server ${mid(cpu.map((c) => c.server)).toFixed(2)} ms, database ${mid(cpu.map((c) => c.db)).toFixed(2)} ms`,
      );
    }
  } finally {
    for (const s of servers) await stop(s);
  }
}
await monitor.end();
console.log(`load at the end ${load()}`);
