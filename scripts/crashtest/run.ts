// `node --import tsx scripts/crashtest/run.ts [--cycles 100] [--concurrency 8] [--seed N]
//   [--database-url postgres://…] [--data DIR] [--keep] [--no-idempotency-key]`
//
// Kills `varanto start` with SIGKILL at random moments while it stores documents, restarts it on
// the same data and checks that no acknowledged write was lost (see harness.ts), then checks that
// the server refuses a PostgreSQL without durable commits. With --database-url (a superuser URL of
// an external server) the harness works in a new database there and kills only the Node process;
// otherwise it uses the embedded engine in a temporary data directory and kills PostgreSQL too.
// The last line is `cycles N, acknowledged writes W, lost L`; the exit code is non-zero on any loss
// or problem.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { checkRefusal, fsyncOffCluster, syncCommitOffDatabase } from './durability.ts';
import { runCrashTest } from './harness.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function num(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
}

const cycles = num('cycles', 100);
const concurrency = num('concurrency', 8);
const seed = num('seed', Date.now() % 1_000_000);
const external = arg('database-url');
const keep = process.argv.includes('--keep');
const work = arg('data') ?? mkdtempSync(join(tmpdir(), 'varanto-crash-'));
const log = (line: string) => console.log(line);
// The embedded PostgreSQL runs as the `postgres` user when we are root: it must reach the data.
chmodSync(work, 0o711);

let crashDb: { url: string; drop(): Promise<void> } | undefined;
if (external) {
  const name = `varanto_crash_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: external });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(external);
  u.pathname = `/${name}`;
  crashDb = {
    url: u.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: external });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

console.log(
  `crash test: ${cycles} cycles, ${concurrency} writers, seed ${seed}, ${external ? `external server (database ${new URL(crashDb!.url).pathname.slice(1)}; only Node is killed)` : `embedded PostgreSQL in ${work} (Node and PostgreSQL are killed)`}`,
);
const problems: string[] = [];
const result = await runCrashTest({
  cycles,
  concurrency,
  killAfterMs: [200, 2000],
  dataDir: join(work, 'data'),
  ...(crashDb ? { databaseUrl: crashDb.url } : {}),
  seed,
  idempotencyKeys: !process.argv.includes('--no-idempotency-key'),
  log,
});
problems.push(...result.problems);
for (const l of result.lost.slice(0, 50)) {
  console.log(`LOST: cycle ${l.write.cycle} ${l.write.setId} v${l.write.version}: ${l.problem}`);
}

// Refusal of non-durable settings: synchronous_commit=off per database on the server the crash
// test used (the embedded one is started again for it), and fsync=off on a cluster of its own.
console.log('durability check at start:');
const { startEmbedded } = await import('@varanto/store/embedded');
const server = external ? undefined : await startEmbedded({ dataDir: join(work, 'data') });
try {
  const adminUrl = external ?? server!.adminUrl;
  const sync = await syncCommitOffDatabase(adminUrl);
  try {
    const p = await checkRefusal(sync, join(work, 'refusal'));
    problems.push(...p);
    console.log(
      `  ${sync.label}: ${p.length === 0 ? 'refused, and started with the override' : p.join('; ')}`,
    );
  } finally {
    await sync.drop();
  }
} finally {
  await server?.stop();
}
const fsyncOff = await fsyncOffCluster(join(work, 'fsync-off'));
try {
  const p = await checkRefusal(fsyncOff, join(work, 'refusal'));
  problems.push(...p);
  console.log(
    `  ${fsyncOff.label}: ${p.length === 0 ? 'refused, and started with the override' : p.join('; ')}`,
  );
} finally {
  await fsyncOff.drop();
}

for (const p of problems) console.log(`PROBLEM: ${p}`);
if (!keep) {
  await crashDb?.drop();
  if (!arg('data')) rmSync(work, { recursive: true, force: true });
}
console.log(
  `cycles ${result.cycles}, acknowledged writes ${result.acknowledged}, lost ${result.lost.length}`,
);
process.exit(result.lost.length > 0 || problems.length > 0 || result.acknowledged === 0 ? 1 : 0);
