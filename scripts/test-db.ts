// Helpers of scripts/test.ts for the database engines the suites run on.
import pg from 'pg';
import { startEmbedded } from '../packages/store/src/embedded.ts';

export async function startEmbeddedForTests(dir: string) {
  const server = await startEmbedded({ dataDir: dir });
  return { url: server.adminUrl, dir, stop: () => server.stop() };
}

/** Why the external server cannot be used, or undefined when it can. */
export async function checkExternal(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await c.end().catch(() => {});
  }
}
