// `varanto start` (and `npm start`): database up, schema migrated, durability checked, demo world
// seeded on first start, then the API and the web UI on one port.
import { buildServer } from '@varanto/server';
import { checkDurability, migrate, openStore, type Store } from '@varanto/store';
import type { FastifyInstance } from 'fastify';
import { startCheckpointTimer } from './checkpoints.ts';
import type { StartConfig } from './config.ts';
import { openDatabase, sessionSecret } from './database.ts';
import { referenceData } from './imports.ts';
import { progressBar } from './progress.ts';
import { DEMO_PASSWORD, isEmpty, seedDemoWorld } from './seed/seed.ts';

export interface Running {
  url: string;
  app: FastifyInstance;
  store: Store;
  stop(): Promise<void>;
}

export async function startVaranto(
  config: StartConfig,
  log: (line: string) => void = console.log,
): Promise<Running> {
  const db = await openDatabase(config, log);
  let store: Store | undefined;
  try {
    const migrated = await migrate(db.url);
    if (migrated.applied.length > 0) log(`database schema: applied ${migrated.applied.join(', ')}`);
    store = await openStore({ url: db.url });
    const problems = await checkDurability(store);
    if (problems.length > 0) {
      const text = `PostgreSQL is not durable: ${problems.join('; ')}`;
      if (!config.allowUnsafeDurability) {
        throw new Error(`${text}. Refusing to start (set VARANTO_ALLOW_UNSAFE_DURABILITY=1 to override).`);
      }
      log(`WARNING: ${text}; acknowledged writes can be lost in a crash.`);
    }
    const secret = await sessionSecret(config);
    const { structures, codes } = await referenceData(store);
    let webRoot: string | undefined;
    if (config.serveWeb) {
      // Built on first start and whenever its sources changed; otherwise a hash check of ~10 ms.
      const { buildWeb } = await import('../../web/serve.ts');
      const web = await buildWeb({ quiet: true });
      if (web.built) log('web UI built');
      webRoot = web.dir;
    }
    const app = await buildServer({
      store,
      structures,
      codes,
      ...(webRoot ? { webRoot } : {}),
      config: {
        sessionSecret: secret,
        demoLogins: config.demoLogins,
        authCacheMs: config.authCacheMs,
        ...(config.blobDir !== undefined ? { blobDir: config.blobDir } : {}),
        ...(config.groupCommit ? { groupCommit: true } : {}),
        ...(config.demoLogins ? { demoPassword: DEMO_PASSWORD } : {}),
      },
    });
    if (config.seedOnFirstStart && (await isEmpty(store))) {
      log('first start: seeding the demo world');
      const bar = progressBar('seed |{bar}| {value}/{total} clients | {documents} documents');
      const seeded = await seedDemoWorld(app, store, {
        log,
        ...(config.seedSize ?? {}),
        ...(process.stderr.isTTY
          ? {
              progress: (done: number, total: number, documents: number) =>
                bar.update(done, total, { documents }),
            }
          : {}),
      });
      bar.stop();
      log(`seeded ${seeded.clients} clients and ${seeded.documents} documents`);
    }
    const checkpoints = await startCheckpointTimer(store, config, log);
    const address = await app.listen({ port: config.port, host: config.host });
    const running: Running = {
      url: address,
      app,
      store,
      async stop() {
        await checkpoints?.stop();
        await app.close();
        await store?.close();
        await db.stop();
      },
    };
    return running;
  } catch (e) {
    await store?.close().catch(() => {});
    await db.stop().catch(() => {});
    throw e;
  }
}
