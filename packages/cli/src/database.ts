// Where the database is: the embedded server Varanto starts itself, or an external one.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbedded } from '@varanto/store/embedded';
import pg from 'pg';
import type { StartConfig } from './config.ts';

export interface Database {
  url: string;
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

const DATABASE_NAME = 'varanto';

export async function openDatabase(config: StartConfig, log: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, kind: 'external', stop: async () => {} };
  }
  log(`starting embedded PostgreSQL in ${config.dataDir}`);
  const server = await startEmbedded({ dataDir: config.dataDir });
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE_NAME}`);
    } finally {
      await admin.end();
    }
  } catch (e) {
    await server.stop();
    throw e;
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${DATABASE_NAME}`;
  return { url: url.toString(), kind: 'embedded', stop: () => server.stop() };
}

/**
 * The key that signs sessions: VARANTO_SESSION_SECRET, or one generated once and kept in the data
 * directory (mode 600) so that sessions survive a restart of a laptop deployment.
 */
export async function sessionSecret(config: StartConfig): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, 'session.key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
