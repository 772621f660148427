// What the server and the CLI need from the web package: where the built bundle is, and a way to
// build it. The build is skipped when nothing it is made from has changed since the last one (a
// hash of the sources is kept beside the output), so tests and `varanto start` can call it freely.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const HASH_FILE = '.build-hash';

/** Absolute path of the built bundle (index.html and assets/); serve it at `/`. */
export function webDistDir(): string {
  return join(webRoot, 'dist');
}

// The bundle is made of the web sources and the domain modules they import (identity, structures).
const SOURCES = [webRoot, join(webRoot, '../domain/src'), join(webRoot, '../domain/data')];
const SKIP = new Set(['node_modules', 'dist', '.vite']);

function listFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listFiles(p, out);
    else if (!name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Hash of every file the bundle is built from, with their paths. */
export function sourceHash(): string {
  const h = createHash('sha256');
  for (const dir of SOURCES) {
    if (!existsSync(dir)) continue;
    for (const file of listFiles(dir)) {
      h.update(relative(webRoot, file));
      h.update('\0');
      h.update(readFileSync(file));
      h.update('\0');
    }
  }
  return h.digest('hex');
}

export interface BuildResult {
  dir: string;
  /** False when the existing bundle was already built from the same sources. */
  built: boolean;
  hash: string;
}

/** Builds the bundle into webDistDir() with Vite, unless it is already up to date. */
export async function buildWeb(options: { force?: boolean; quiet?: boolean } = {}): Promise<BuildResult> {
  const dir = webDistDir();
  const hash = sourceHash();
  const hashPath = join(dir, HASH_FILE);
  if (
    !options.force &&
    existsSync(join(dir, 'index.html')) &&
    existsSync(hashPath) &&
    readFileSync(hashPath, 'utf8') === hash
  ) {
    return { dir, built: false, hash };
  }
  const { build } = await import('vite');
  // Built aside and moved into place, so that a server reading dist/ never sees half a bundle.
  const tmp = join(webRoot, '.tmp');
  mkdirSync(tmp, { recursive: true });
  const stamp = `${process.pid}.${Date.now()}`;
  const staging = join(tmp, `dist.${stamp}`);
  await build({
    configFile: join(webRoot, 'vite.config.ts'),
    root: webRoot,
    logLevel: options.quiet ? 'error' : 'warn',
    build: { outDir: staging, emptyOutDir: true },
  });
  writeFileSync(join(staging, HASH_FILE), hash);
  const old = join(tmp, `old.${stamp}`);
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(staging, dir);
  rmSync(old, { recursive: true, force: true });
  return { dir, built: true, hash };
}
