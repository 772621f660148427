// The server the fuzzer attacks: the real `buildServer` over a fresh migrated database with a
// small demo world, listening on a free port. Errors the server logs are collected, so that a
// 5xx can be shown with its cause.
import { Writable } from 'node:stream';
import { buildServer, DEFAULT_BODY_LIMIT } from '@varanto/server';
import { migrate, openStore, type Store } from '@varanto/store';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { DEMO_PASSWORD, seedDemoWorld } from '../../packages/cli/src/seed/seed.ts';

export interface Target {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly bodyLimit: number;
  /** Error lines the server logged since the last call (message and stack head). */
  takeErrors(): string[];
  close(): Promise<void>;
}

export interface TargetOptions {
  /** Superuser URL of the PostgreSQL server; a new database is made on it and dropped at close. */
  adminUrl: string;
  clients?: number;
  documentsPerClient?: number;
}

interface LogLine {
  level?: number;
  msg?: string;
  err?: { type?: string; message?: string; stack?: string };
}

export async function startTarget(o: TargetOptions): Promise<Target> {
  const name = `varanto_fuzz_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(o.adminUrl);
  u.pathname = `/${name}`;
  await migrate(u.toString());
  const store = await openStore({ url: u.toString(), max: 20 });

  const errors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (!text) continue;
        try {
          const l = JSON.parse(text) as LogLine;
          if ((l.level ?? 0) >= 50) {
            const where = l.err?.stack?.split('\n').slice(1, 3).join(' |').trim() ?? '';
            errors.push(
              `${l.msg ?? ''}: ${l.err?.type ?? ''} ${l.err?.message ?? ''} ${where}`.slice(0, 600),
            );
          }
        } catch {
          errors.push(text.slice(0, 600));
        }
      }
      done();
    },
  });
  const app = await buildServer({
    store,
    config: {
      sessionSecret: 'fuzz-session-secret-of-at-least-32-bytes',
      demoLogins: true,
      demoPassword: DEMO_PASSWORD,
      // The login limit would turn most login fuzzing into 429s before the body is even parsed.
      loginRateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
      // ServerConfig types `logger` as a switch; Fastify takes its options object, which lets the
      // harness read what the server logs about a 5xx.
      logger: { level: 'error', stream: sink } as unknown as boolean,
    },
  });
  await seedDemoWorld(app, store, { clients: o.clients ?? 8, documentsPerClient: o.documentsPerClient ?? 2 });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    store,
    bodyLimit: DEFAULT_BODY_LIMIT,
    takeErrors: () => errors.splice(0),
    async close() {
      await app.close();
      await store.close();
      const c = new pg.Client({ connectionString: o.adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
