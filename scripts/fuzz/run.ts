// `node --import tsx scripts/fuzz/run.ts [--cases 100000] [--seed N] [--concurrency 8]
//   [--database-url postgres://…] [--out DIR]`
//
// Fuzzes every endpoint of a real server (in this process, on a free port, over a fresh database
// with a small demo world) with bad input; see fuzz.ts. Without --database-url it starts an
// embedded PostgreSQL in a temporary directory. Failures are printed grouped, each with a request
// that reproduces it, and written in full to DIR/failures.jsonl. The last line is
// `cases N, 5xx F, crashes C`; the exit code is non-zero when any of them (or a limit) fails.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from '@varanto/store/embedded';
import { DEMO_PASSWORD } from '../../packages/cli/src/seed/seed.ts';
import { describe, discover, endpointsOf, groupFailures, runFuzz, statusLine } from './fuzz.ts';
import { startTarget } from './target.ts';

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

const cases = num('cases', 100_000);
const seed = num('seed', Date.now() % 1_000_000);
const concurrency = num('concurrency', 8);
const external = arg('database-url');
const work = mkdtempSync(join(tmpdir(), 'varanto-fuzz-'));
chmodSync(work, 0o711);
const out = arg('out');

const embedded = external ? undefined : await startEmbedded({ dataDir: join(work, 'pg') });
const target = await startTarget({ adminUrl: external ?? embedded!.adminUrl });
let code = 1;
try {
  const doc = await (await fetch(`${target.url}/openapi.json`)).json();
  const endpoints = endpointsOf(doc);
  const fixtures = await discover(target.url, DEMO_PASSWORD);
  console.log(
    `fuzz: ${cases} cases, seed ${seed}, ${endpoints.length} endpoints, ${Object.keys(fixtures.tokens).length} identities, ${fixtures.templates.length} valid request templates, server ${target.url}`,
  );
  const result = await runFuzz({
    base: target.url,
    fixtures,
    endpoints,
    bodyLimit: target.bodyLimit,
    cases,
    seed,
    concurrency,
    takeErrors: target.takeErrors,
    log: (l) => console.log(l),
    password: DEMO_PASSWORD,
  });
  console.log(`statuses: ${statusLine(result.byStatus)}`);
  console.log(
    `cases that ended sessions (the identities logged in again after each): ${result.sessionsEnded}`,
  );
  console.log(
    `kept-alive sockets the server had closed (answered on a fresh connection): ${result.staleConnections}`,
  );
  console.log(`generators: ${[...result.byKind.entries()].map(([k, n]) => `${k}:${n}`).join(' ')}`);
  for (const p of result.limitProblems) console.log(`LIMIT: ${p}`);
  for (const s of result.slow.slice(0, 10))
    console.log(`SLOW (${s.ms} ms): ${describe(s.request, fixtures, target.url)}`);
  const groups = groupFailures(result.failures);
  for (const g of groups) {
    console.log(`\nFAILURE ×${g.count}: ${g.key}`);
    console.log(`  generator: ${g.example.request.kind}; outcome: ${g.example.outcome}`);
    for (const e of g.example.serverErrors.slice(0, 2)) console.log(`  server: ${e}`);
    console.log(`  reproduce: ${describe(g.example.request, fixtures, target.url)}`);
  }
  if (result.failures.length > 0) {
    // The scratch directory goes at the end; failures are kept in --out or a directory of their own.
    const dir = out ?? mkdtempSync(join(tmpdir(), 'varanto-fuzz-failures-'));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'failures.jsonl');
    writeFileSync(
      file,
      result.failures
        .map((f) =>
          JSON.stringify({
            kind: f.request.kind,
            outcome: f.outcome,
            serverErrors: f.serverErrors,
            method: f.request.method,
            path: f.request.path,
            headers: f.request.headers,
            bodyBase64: f.request.body?.toString('base64'),
          }),
        )
        .join('\n'),
    );
    console.log(
      `\nall failures: ${file} (tokens in it expire; replay against a fresh server with new logins)`,
    );
  }
  const fiveXX = [...result.byStatus.entries()].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
  console.log(`cases ${result.cases}, 5xx ${fiveXX}, crashes ${result.crashes}`);
  code = fiveXX > 0 || result.crashes > 0 || result.limitProblems.length > 0 ? 1 : 0;
} finally {
  await target.close();
  await embedded?.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(code);
