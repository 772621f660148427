// Crash consistency of the real `varanto start` process. A writer stores documents over HTTP and
// remembers every acknowledged answer; the harness SIGKILLs the server (and, with the embedded
// engine, the whole PostgreSQL process tree, which is what a power cut leaves behind), restarts
// it on the same data, and checks that every acknowledged document is there, byte for byte, with
// its audit entry, and that the audit chains still verify.
//
// What this does not show: a SIGKILL keeps the operating system's page cache, so it tests that
// the server acknowledges only committed work and that PostgreSQL recovers from its WAL — not
// that the disk honours fsync. The fsync part is the durability check at start (also tested here).
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinCodeRegistry } from '@varanto/domain/codes';
import { builtinStructures, type StructureDefinition } from '@varanto/domain/structures';
import { openStore, verifyAudit } from '@varanto/store';
import { DEFAULT_AUTH_CACHE_MS } from '../../packages/cli/src/config.ts';
import { seededRng } from '../../packages/cli/src/seed/random.ts';
import { demoContent } from '../../packages/cli/src/seed/seed.ts';
import { COUNTY_REGISTER, type DemoClient, demoClients, TASK } from '../../packages/cli/src/seed/world.ts';
import { startVaranto } from '../../packages/cli/src/start.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
const MAIN = join(ROOT, 'packages/cli/src/main.ts');
/** The seed of the demo world (seed.ts's default): the harness recomputes its clients from it. */
const WORLD_SEED = 20261122;
const WORLD_CLIENTS = 6;
const WRITER = 'leena.laine';
/** Document types leena.laine writes in service task 24 (families), as the seed does. */
const WRITE_TYPES = ['19005', '19003', '19007', '1005', '16009'];

export interface CrashOptions {
  cycles: number;
  /** Parallel writers. */
  concurrency: number;
  /** SIGKILL this long after the writes begin: uniformly in [min, max] ms. */
  killAfterMs: [number, number];
  /** Embedded engine: the data directory (VARANTO_DATA). */
  dataDir: string;
  /** External engine: a database of its own (the harness migrates and seeds it). */
  databaseUrl?: string;
  /** Seed of the harness's own randomness (kill moments, contents). */
  seed: number;
  /** Send an Idempotency-Key with half the writes (default true). */
  idempotencyKeys?: boolean;
  log: (line: string) => void;
}

export interface AckedWrite {
  cycle: number;
  setId: string;
  version: number;
  versionOid: string;
  /** sha256 of the canonical JSON of the content sent. */
  sha256: string;
}

export interface Loss {
  write: AckedWrite;
  problem: string;
}

export interface CrashResult {
  cycles: number;
  acknowledged: number;
  lost: Loss[];
  /** Anything else that went wrong: a refused write before the kill, a broken audit chain, … */
  problems: string[];
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// --- the server as a child process ------------------------------------------------------------------

export interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  /** Everything it printed, for the report when something fails. */
  output(): string;
}

export interface ChildEnv {
  dataDir: string;
  databaseUrl?: string;
  sessionSecret: string;
  extra?: Record<string, string>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) killTree(c);
});

function childEnv(e: ChildEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    VARANTO_DATA: e.dataDir,
    VARANTO_SESSION_SECRET: e.sessionSecret,
    VARANTO_DEMO_LOGINS: '1',
    // The crash harness measures the API; building the web bundle would only slow each restart.
    VARANTO_WEB: '0',
    ...e.extra,
  };
  delete env.DATABASE_URL;
  delete env.NODE_TEST_CONTEXT;
  if (e.databaseUrl) env.DATABASE_URL = e.databaseUrl;
  return env;
}

/**
 * Runs `varanto start` in its own process group (so that a kill of the group takes the embedded
 * PostgreSQL with it) and waits for the line that names its URL. Rejects with the output when it
 * exits first.
 */
export async function startChild(e: ChildEnv, timeoutMs = 120_000): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], {
    cwd: ROOT,
    env: childEnv(e),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let out = '';
  const append = (b: Buffer) => {
    out += b.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      killTree(child);
      reject(new Error(`varanto start did not come up in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      const m = /Varanto is running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(m[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new ChildExit(code, signal, out));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
  return { process: child, url, output: () => out };
}

export class ChildExit extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: string | null,
    readonly output: string,
  ) {
    super(`varanto start exited (code ${code}, signal ${signal}):\n${output}`);
  }
}

/** SIGKILL to the child's whole process group (node, and the embedded PostgreSQL tree). */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process nobody has reaped yet (a zombie) holds no files, ports or shared memory.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // Gone between the two looks.
    return false;
  }
}

/** Processes whose parent is `pid` (Linux /proc), so orphans of a killed postmaster are found too. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the command in parentheses, which may itself contain spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[1]) === pid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(20);
    left = left.filter(alive);
  }
  return left;
}

/** The running postmaster of an embedded data directory, from its lock file. */
export function postmasterOf(dataDir: string): { pid: number; port: number } | undefined {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port };
}

/**
 * A machine crash: the node process and (embedded) the postmaster and every backend die at the
 * same instant by SIGKILL. With an external server only the node process dies.
 */
export async function crash(child: Child, embeddedDataDir: string | undefined): Promise<void> {
  const node = child.process.pid;
  if (node === undefined) return;
  const exited = new Promise<void>((r) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) r();
    else child.process.once('exit', () => r());
  });
  if (!embeddedDataDir) {
    child.process.kill('SIGKILL');
    await exited;
    return;
  }
  const pm = postmasterOf(embeddedDataDir);
  const tree = pm && alive(pm.pid) ? [pm.pid, ...childrenOf(pm.pid)] : [];
  killTree(child.process);
  // The group kill reaches them all; a postmaster that somehow left the group is killed by pid.
  for (const pid of tree) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await exited;
  const stuck = await waitGone(tree, 10_000);
  if (stuck.length > 0) throw new Error(`PostgreSQL processes ${stuck.join(', ')} survived SIGKILL`);
}

/**
 * The cluster state recorded in global/pg_control (ControlFileData.state, a 32-bit enum after the
 * 64-bit system identifier and two 32-bit versions). 6 is "in production": the server did not
 * shut down, so its next start must run crash recovery; 1 is a clean shutdown.
 */
export function clusterState(dataDir: string): number | undefined {
  const file = join(dataDir, 'pg', 'global', 'pg_control');
  if (!existsSync(file)) return undefined;
  return readFileSync(file).readInt32LE(16);
}

export const DB_IN_PRODUCTION = 6;

/** A graceful stop (SIGTERM), as an operator would. */
export async function stopChild(child: Child, timeoutMs = 30_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.process.once('exit', () => r()));
  child.process.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!done) {
    killTree(child.process);
    await exited;
  }
}

// --- HTTP ------------------------------------------------------------------------------------------

interface Http {
  status: number;
  body: unknown;
}

async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Http> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers: h,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

async function login(base: string, who: string): Promise<string> {
  const r = await call(base, 'POST', '/auth/login', undefined, {
    login: who,
    method: 'certificate-card-demo',
  });
  if (r.status !== 200) throw new Error(`login of ${who} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { token: string }).token;
}

// --- the world the writer writes into ----------------------------------------------------------------

interface Target {
  client: DemoClient;
  clientKey: string;
  caseOid?: string;
  /** The first date a document may carry in the case (the later of opening and joining). */
  earliest?: string;
  serviceUnitOid: string;
}

async function resolveTargets(base: string, token: string): Promise<Target[]> {
  const clients = demoClients(seededRng(WORLD_SEED), WORLD_CLIENTS).filter(
    (c) => c.worker === WRITER && c.serviceTask === TASK.families,
  );
  // The writer stores for its own unit; the clients' documents may come from other units and,
  // under register usage rights, from producers.
  const me = await call(base, 'GET', '/auth/me', token);
  const ownUnit = (me.body as { serviceUnitOids?: string[] } | undefined)?.serviceUnitOids?.[0];
  if (me.status !== 200 || !ownUnit) throw new Error(`the writer has no service unit: ${me.status}`);
  const targets: Target[] = [];
  for (const client of clients) {
    const p = await call(base, 'GET', `/persons?hetu=${encodeURIComponent(client.hetu)}`, token);
    const found = (p.body as { clientKey: string }[] | undefined)?.[0];
    if (p.status !== 200 || !found) throw new Error(`client ${client.hetu} not found: ${p.status}`);
    const docs = await call(base, 'GET', `/documents?client=${found.clientKey}&limit=5`, token);
    const items = (docs.body as { items?: { metadata: { caseOid?: string } }[] }).items;
    let caseOid = items?.find((d) => d.metadata.caseOid)?.metadata.caseOid;
    // A case document's client must be a member on its date: write into the case only while the
    // client is in it, from the day of joining.
    let earliest: string | undefined;
    if (caseOid) {
      const c = await call(base, 'GET', `/cases/${caseOid}`, token);
      const kase = c.body as
        | {
            opened: string;
            ended?: string;
            members: { clientKey: string; joinedAt: string; leftAt?: string }[];
          }
        | undefined;
      const member = kase?.members.find((m) => m.clientKey === found.clientKey);
      if (c.status !== 200 || !kase || kase.ended || !member || member.leftAt) caseOid = undefined;
      else earliest = [kase.opened, member.joinedAt.slice(0, 10)].sort().at(-1);
    }
    targets.push({
      client,
      clientKey: found.clientKey,
      serviceUnitOid: ownUnit,
      ...(caseOid ? { caseOid } : {}),
      ...(earliest ? { earliest } : {}),
    });
  }
  if (targets.length === 0) throw new Error('no client of the writer in the demo world');
  return targets;
}

interface Writer {
  next(): { body: unknown; sha256: string };
}

function makeWriter(targets: Target[], seed: number): Writer {
  const rng = seededRng(seed);
  const codes = builtinCodeRegistry();
  const byType = new Map<string, StructureDefinition>(builtinStructures().map((d) => [d.typeCode, d]));
  let n = 0;
  return {
    next() {
      n++;
      const t = targets[n % targets.length]!;
      const type = WRITE_TYPES[n % WRITE_TYPES.length]!;
      const def = byType.get(type);
      if (!def) throw new Error(`no built-in structure ${type}`);
      const day = 1 + Math.floor(rng() * 28);
      const drawn = `2025-0${1 + Math.floor(rng() * 9)}-${String(day).padStart(2, '0')}`;
      const date = t.earliest !== undefined && drawn < t.earliest ? t.earliest : drawn;
      const content = demoContent(def, rng, codes, {
        client: t.client,
        author: { givenNames: 'Leena', familyName: 'Laine' },
        serviceTask: TASK.families,
        date,
      });
      const body = {
        metadata: {
          clients: [t.clientKey],
          serviceTask: TASK.families,
          documentType: type,
          structureOid: def.oid,
          documentDate: date,
          serviceUnitOid: t.serviceUnitOid,
          ...(t.caseOid ? { caseOid: t.caseOid } : {}),
        },
        content,
      };
      return { body, sha256: sha256(canonicalJson(content)) };
    },
  };
}

// --- the run ---------------------------------------------------------------------------------------

function adminUrlOf(o: CrashOptions): string {
  if (o.databaseUrl) return o.databaseUrl;
  const pm = postmasterOf(o.dataDir);
  if (!pm) throw new Error(`no running PostgreSQL in ${o.dataDir}`);
  const secrets = JSON.parse(readFileSync(join(o.dataDir, 'secrets.json'), 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(secrets.password)}@127.0.0.1:${pm.port}/varanto`;
}

/** Seeds a small demo world with the real seed code (in this process), then stops. */
async function prepare(o: CrashOptions, sessionSecret: string): Promise<void> {
  const running = await startVaranto(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: o.dataDir,
      ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}),
      seedOnFirstStart: true,
      serveWeb: false,
      demoLogins: true,
      allowUnsafeDurability: false,
      authCacheMs: DEFAULT_AUTH_CACHE_MS,
      sessionSecret,
      seedSize: { clients: WORLD_CLIENTS, documentsPerClient: 2 },
    },
    () => {},
  );
  await running.stop();
}

/** Checks acknowledged writes against the restarted server and the database. */
async function verify(
  base: string,
  token: string,
  dbUrl: string,
  writes: AckedWrite[],
  concurrency: number,
): Promise<{ lost: Loss[]; problems: string[]; auditEntries: number }> {
  const lost: Loss[] = [];
  const problems: string[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < writes.length) {
        const w = writes[i++]!;
        const r = await call(base, 'GET', `/documents/${w.setId}`, token);
        if (r.status !== 200) {
          lost.push({ write: w, problem: `GET /documents/${w.setId} answered ${r.status}` });
          continue;
        }
        const doc = r.body as { version: number; versionOid: string; content: unknown };
        if (doc.version !== w.version || doc.versionOid !== w.versionOid) {
          lost.push({
            write: w,
            problem: `version ${doc.version} ${doc.versionOid} is not the acknowledged one`,
          });
        } else if (sha256(canonicalJson(doc.content)) !== w.sha256) {
          lost.push({ write: w, problem: 'content differs from what was sent' });
        }
      }
    }),
  );
  const store = await openStore({ url: dbUrl, applicationRole: false, max: 2 });
  try {
    const ids = writes.map((w) => w.setId);
    const audited = await store.pool.query<{ set_id: string }>(
      `SELECT DISTINCT d->>'setId' AS set_id
         FROM audit_entry, jsonb_array_elements(documents) d
        WHERE action = 'document.store' AND outcome = 'allowed' AND d->>'setId' = ANY($1)`,
      [ids],
    );
    const have = new Set(audited.rows.map((r) => r.set_id));
    for (const w of writes) {
      if (!have.has(w.setId)) lost.push({ write: w, problem: 'no document.store audit entry' });
    }
    // The other direction, over the whole database: no document without the audit entry of its store.
    const orphans = await store.pool.query<{ set_id: string }>(
      `SELECT v.set_id FROM document_version v
        WHERE v.version = 1 AND v.document_group = '5'
          AND NOT EXISTS (SELECT 1 FROM audit_entry a, jsonb_array_elements(a.documents) d
                           WHERE a.action = 'document.store' AND d->>'setId' = v.set_id)
        LIMIT 20`,
    );
    for (const r of orphans.rows)
      problems.push(`document ${r.set_id} is stored but its store is not audited`);
    const v = await verifyAudit(store);
    if (v.breaks.length > 0) problems.push(`audit chains broken: ${JSON.stringify(v.breaks)}`);
    return { lost, problems, auditEntries: v.entries };
  } finally {
    await store.close();
  }
}

export async function runCrashTest(o: CrashOptions): Promise<CrashResult> {
  const rng = seededRng(o.seed);
  const sessionSecret = randomBytes(32).toString('base64url');
  const env: ChildEnv = {
    dataDir: o.dataDir,
    sessionSecret,
    ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}),
  };
  const embedded = o.databaseUrl ? undefined : o.dataDir;
  await prepare(o, sessionSecret);

  const all: AckedWrite[] = [];
  const lost: Loss[] = [];
  const problems: string[] = [];
  let targets: Target[] | undefined;
  let pending: AckedWrite[] = [];

  for (let cycle = 1; cycle <= o.cycles + 1; cycle++) {
    const t0 = Date.now();
    const child = await startChild(env);
    const upMs = Date.now() - t0;
    try {
      const token = await login(child.url, WRITER);
      targets ??= await resolveTargets(child.url, token);
      const checked = await verify(child.url, token, adminUrlOf(o), pending, o.concurrency);
      lost.push(...checked.lost);
      problems.push(...checked.problems);
      const verified = `restart ${(upMs / 1000).toFixed(1)} s, verified ${pending.length} from the previous cycle, lost ${checked.lost.length}, audit ${checked.auditEntries} entries${checked.problems.length ? `, PROBLEMS ${checked.problems.length}` : ' verify'}`;
      if (checked.lost.length > 0 || checked.problems.length > 0) {
        o.log(`server output after the restart:\n${child.output().slice(-3000)}`);
      }
      pending = [];
      if (cycle > o.cycles) {
        // Last start: everything acknowledged over the whole run, once more, then a graceful stop.
        const final = await verify(child.url, token, adminUrlOf(o), all, o.concurrency);
        lost.push(...final.lost.filter((l) => !lost.some((x) => x.write.setId === l.write.setId)));
        problems.push(...final.problems);
        o.log(
          `final: ${verified}; all ${all.length} acknowledged writes re-verified, lost ${final.lost.length}`,
        );
        await stopChild(child);
        break;
      }

      const writer = makeWriter(targets, o.seed * 1000 + cycle);
      const killAt = o.killAfterMs[0] + rng() * (o.killAfterMs[1] - o.killAfterMs[0]);
      let killed = false;
      let attempted = 0;
      let inFlight = 0;
      const acked: AckedWrite[] = [];
      const refused: string[] = [];
      const loops = Array.from({ length: o.concurrency }, async (_, k) => {
        while (!killed) {
          const { body, sha256: hash } = writer.next();
          attempted++;
          inFlight++;
          // Half the writes carry an Idempotency-Key, so its table is part of what must recover.
          const headers: Record<string, string> =
            o.idempotencyKeys !== false && (attempted + k) % 2 === 0
              ? { 'idempotency-key': `crash-${o.seed}-${cycle}-${attempted}-${k}` }
              : {};
          try {
            const r = await call(
              child.url,
              'POST',
              `/registers/${encodeURIComponent(COUNTY_REGISTER)}/documents`,
              token,
              body,
              headers,
            );
            if (r.status === 201) {
              const d = r.body as { setId: string; version: number; versionOid: string };
              acked.push({
                cycle,
                setId: d.setId,
                version: d.version,
                versionOid: d.versionOid,
                sha256: hash,
              });
            } else if (!killed) {
              refused.push(
                `store${headers['idempotency-key'] ? ' with an Idempotency-Key' : ''} answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`,
              );
              // A refused write is a bug of its own; the writer goes on so the crash is still tested.
              if (refused.length > 200) return;
            }
          } catch (e) {
            if (!killed) {
              refused.push(`store failed before the kill: ${String(e)}`);
              return;
            }
          } finally {
            inFlight--;
          }
        }
      });
      await sleep(killAt);
      const inFlightAtKill = inFlight;
      killed = true;
      await crash(child, embedded);
      // The kill must leave what a power cut leaves: a cluster that was never shut down.
      const state = embedded ? clusterState(embedded) : undefined;
      if (embedded && state !== DB_IN_PRODUCTION)
        problems.push(`cycle ${cycle}: after the kill pg_control says state ${state}, not "in production"`);
      await Promise.all(loops);
      for (const [text, n] of tally(refused)) problems.push(`cycle ${cycle}: ${n}× ${text}`);
      all.push(...acked);
      pending = acked;
      o.log(
        `cycle ${cycle}/${o.cycles}: ${verified}; killed after ${Math.round(killAt)} ms with ${inFlightAtKill} in flight, ${acked.length} acknowledged${state === DB_IN_PRODUCTION ? ', PostgreSQL left unclean (crash recovery at next start)' : ''}`,
      );
    } catch (e) {
      await crash(child, embedded).catch(() => {});
      throw e;
    }
  }
  return { cycles: o.cycles, acknowledged: all.length, lost, problems };
}

function tally(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
