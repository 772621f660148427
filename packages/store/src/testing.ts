// Test support: the PostgreSQL engines a database suite runs on, and a fresh database per suite.
// `npm test` starts one embedded server for the whole run (VARANTO_TEST_EMBEDDED_URL) and adds the
// external server when TEST_DATABASE_URL is set; a test file run on its own starts its own.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { openStore, type Store } from './db.ts';
import { type EmbeddedServer, startEmbedded } from './embedded.ts';
import { migrate } from './migrate.ts';

export interface TestEngine {
  readonly name: 'embedded' | 'external';
  /** Superuser connection to an existing database of the server. */
  readonly adminUrl: string;
}

let ownEmbedded: Promise<EmbeddedServer> | undefined;

async function embeddedUrl(): Promise<string> {
  const fromRunner = process.env.VARANTO_TEST_EMBEDDED_URL;
  if (fromRunner) return fromRunner;
  if (!ownEmbedded) {
    const dir = mkdtempSync(join(tmpdir(), 'varanto-test-pg-'));
    ownEmbedded = startEmbedded({ dataDir: dir });
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const started = await ownEmbedded;
    // The server's child process keeps the event loop alive, so 'beforeExit' would never come:
    // stop it when the file's tests are done.
    after(() => started.stop());
  }
  return (await ownEmbedded).adminUrl;
}

/** The engines every database suite must pass on. */
export async function testEngines(): Promise<TestEngine[]> {
  const engines: TestEngine[] = [{ name: 'embedded', adminUrl: await embeddedUrl() }];
  const external = process.env.TEST_DATABASE_URL;
  if (external) engines.push({ name: 'external', adminUrl: external });
  return engines;
}

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A new empty database on the engine's server, so suites never see each other's rows. */
export async function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  const name = `varanto_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: engine.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(engine.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: engine.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestStore {
  readonly db: TestDatabase;
  /** Connections as the application role, as the server runs. */
  readonly store: Store;
  /** Connections as the login user (the schema owner, a superuser in tests). */
  readonly owner: Store;
  close(): Promise<void>;
}

/** A fresh, migrated database with a store acting as the application role. */
export async function createTestStore(engine: TestEngine): Promise<TestStore> {
  const db = await createTestDatabase(engine);
  await migrate(db.url);
  const store = await openStore({ url: db.url });
  const owner = await openStore({ url: db.url, applicationRole: false, max: 3 });
  return {
    db,
    store,
    owner,
    async close() {
      await store.close();
      await owner.close();
      await db.drop();
    },
  };
}

/**
 * Resolves once the backend `pid` waits on a lock, as seen from the owner's pool (the server role
 * may not read other sessions' activity, and a connection inside a
 * transaction would see one frozen snapshot of pg_stat_activity): a test of two
 * racing writers releases the first only when the second is really blocked (a timer races on a
 * loaded machine). Rejects after `timeoutMs`.
 */
export async function waitUntilBlocked(observer: pg.Pool, pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await observer.query<{ w: string | null }>(
      'SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    if (r.rows[0]?.w === 'Lock') return;
    if (Date.now() > deadline) throw new Error(`backend ${pid} never waited on a lock`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
