// The HTTP API of Varanto. `buildServer` makes the Fastify app over an open store (tests inject
// or listen on port 0); `startServer` opens the database, migrates it, checks durability and
// listens.
import { checkDurability, migrate, openStore, type Store } from '@varanto/store';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './context.ts';
import { type BuildServerOptions, buildServer } from './server.ts';

export type { RegistrarEntitlementSource, ServerConfig } from './context.ts';
export { ownOrganizationRegistrar } from './context.ts';
export {
  checkManifestLineShape,
  LegacyManifestLine,
  type ManifestLineError,
} from './legacy-manifest.ts';
export type { Problem, ProblemFieldError } from './problem.ts';
export { type BuildServerOptions, buildServer, DEFAULT_BODY_LIMIT } from './server.ts';
export { SESSION_COOKIE, sessionKey, signSession } from './session.ts';

export interface StartServerOptions extends Omit<Partial<ServerConfig>, 'sessionSecret'> {
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Default: VARANTO_SESSION_SECRET; the CLI passes the secret it keeps in the data directory. */
  sessionSecret?: string | Uint8Array;
  /** Run pending migrations first; default true. */
  migrate?: boolean;
  /** Start even when the database could lose acknowledged commits; default false. */
  acceptNonDurable?: boolean;
  extra?: Omit<BuildServerOptions, 'store' | 'config'>;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  /** Base URL, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const sessionSecret = options.sessionSecret ?? process.env.VARANTO_SESSION_SECRET;
  if (!sessionSecret) {
    throw new Error(
      'no session secret: pass sessionSecret or set VARANTO_SESSION_SECRET (at least 32 bytes)',
    );
  }
  if (options.migrate ?? true) await migrate(options.databaseUrl);
  const store = await openStore({ url: options.databaseUrl });
  try {
    const problems = await checkDurability(store);
    if (problems.length > 0 && !options.acceptNonDurable) {
      throw new Error(`the database is not durable: ${problems.join('; ')}`);
    }
    const { databaseUrl: _u, port, host, migrate: _m, acceptNonDurable: _a, extra, ...config } = options;
    const app = await buildServer({ store, config: { ...config, sessionSecret }, ...extra });
    const address = await app.listen({ port, host: host ?? '127.0.0.1' });
    return {
      app,
      store,
      url: address,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
