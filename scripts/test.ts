// The one test command (`npm test`): typecheck, lint, then every test file in one run of
// node's test runner, so CI reads a single summary.
//
// Database suites run on an embedded PostgreSQL that this script starts once (not one per
// file: each file makes its own database in it), and also on an external server when
// TEST_DATABASE_URL is set. VARANTO_REQUIRE_EXTERNAL=1 (set by .ci/run) turns a missing or
// unreachable external server into a failure instead of a skipped suite.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const quick = args.includes('--no-static');
const filters = args.filter((a) => !a.startsWith('--'));

function step(name: string, cmd: string, cmdArgs: string[]) {
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${name} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`${name}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

function findTests(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

if (!quick) {
  step('typecheck', join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  // The web UI has its own compiler settings (JSX, DOM); it is checked as strictly as the rest.
  step('typecheck web', join(root, 'node_modules/.bin/tsc'), [
    '-p',
    'packages/web/tsconfig.json',
    '--noEmit',
  ]);
  step('lint', join(root, 'node_modules/.bin/biome'), ['check', '.']);
}

const { startEmbeddedForTests, checkExternal } = await import('./test-db.ts');
const env = { ...process.env };
const embedded = await startEmbeddedForTests(mkdtempSync(join(tmpdir(), 'varanto-test-pg-')));
env.VARANTO_TEST_EMBEDDED_URL = embedded.url;

const external = process.env.TEST_DATABASE_URL;
if (external) {
  const problem = await checkExternal(external);
  if (problem) {
    console.error(`external PostgreSQL at TEST_DATABASE_URL is unusable: ${problem}`);
    await embedded.stop();
    rmSync(embedded.dir, { recursive: true, force: true });
    process.exit(1);
  }
  console.log('database suites: embedded PostgreSQL and the external server at TEST_DATABASE_URL');
} else if (process.env.VARANTO_REQUIRE_EXTERNAL === '1') {
  console.error('VARANTO_REQUIRE_EXTERNAL=1 but TEST_DATABASE_URL is not set');
  await embedded.stop();
  rmSync(embedded.dir, { recursive: true, force: true });
  process.exit(1);
} else {
  console.log('external PostgreSQL suite not run: TEST_DATABASE_URL is not set (embedded suite runs)');
}

let files = [
  ...findTests(join(root, 'packages')),
  ...findTests(join(root, 'scripts')),
  ...findTests(join(root, 'e2e')),
];
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
files.sort();

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, env, stdio: 'inherit' },
);
const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await embedded.stop();
rmSync(embedded.dir, { recursive: true, force: true });
process.exit(code);
