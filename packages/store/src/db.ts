// Connection pool and transactions. The server's connections act as the application role
// (`varanto_app`), whose privileges stop at INSERT and SELECT on the append-only tables, so a bug
// or an injection in the server cannot rewrite history.
import pg from 'pg';
import type { TransactionOptions, Tx } from './api.ts';
import { sqlState } from './errors.ts';

export const APP_ROLE = 'varanto_app';

export interface Store {
  readonly pool: pg.Pool;
  /** The role the pool's connections act as (`varanto_app`, or the login user when it is absent). */
  readonly role: string;
  /**
   * Runs `fn` in one transaction: committed when it returns, rolled back when it throws. A
   * serialization failure or deadlock re-runs `fn` from the start, so `fn` must not have effects
   * outside the database.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  url: string;
  /** Act as `varanto_app` when the role exists and the login user may assume it; default true. */
  applicationRole?: boolean;
  /** Pool size; default 10. */
  max?: number;
}

/**
 * Type parsers shared by every connection: dates stay ISO date strings (a date has no time zone),
 * timestamps become ISO strings in UTC, and 64-bit integers (counts, audit sequence numbers) numbers.
 */
export const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(1082, (v: string) => v);
pgTypes.setTypeParser(1184, (v: string) => isoTimestamp(v));
pgTypes.setTypeParser(20, (v: string) => Number(v));

/** PostgreSQL's ISO output with TimeZone=UTC (`2024-05-01 10:00:00.123456+00`) as ISO 8601. */
export function isoTimestamp(v: string): string {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)\+00$/.exec(v);
  if (m) return `${m[1]}T${m[2]}Z`;
  return new Date(v).toISOString();
}

/** Connection settings every Varanto connection uses: UTC and ISO output, whatever the server default. */
function connectionConfig(url: string, role?: string): pg.ClientConfig {
  const options = ['-c TimeZone=UTC', '-c DateStyle=ISO'];
  // Set at connection start so that a connection that cannot take the role fails instead of
  // silently running with the login user's wider privileges.
  if (role) options.push(`-c role=${role}`);
  return { connectionString: url, types: pgTypes, options: options.join(' ') };
}

export function connect(url: string): pg.Client {
  return new pg.Client(connectionConfig(url));
}

async function appRoleAvailable(url: string): Promise<boolean> {
  const c = connect(url);
  await c.connect();
  try {
    const v = await c.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
    // From PostgreSQL 16 membership and the right to SET ROLE are separate.
    const privilege = (v.rows[0]?.v ?? 0) >= 160000 ? 'SET' : 'MEMBER';
    const r = await c.query<{ ok: boolean }>(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                  THEN pg_has_role(current_user, $1, '${privilege}') ELSE false END AS ok`,
      [APP_ROLE],
    );
    return r.rows[0]?.ok === true;
  } finally {
    await c.end();
  }
}

const RETRYABLE = new Set(['40001', '40P01']);

export async function openStore(opts: OpenOptions): Promise<Store> {
  const useRole = (opts.applicationRole ?? true) && (await appRoleAvailable(opts.url));
  const pool = new pg.Pool({
    ...connectionConfig(opts.url, useRole ? APP_ROLE : undefined),
    max: opts.max ?? 10,
  });
  // An idle connection that breaks must not crash the process; the next checkout reconnects.
  pool.on('error', () => {});
  const probe = await pool.query<{ role: string }>('SELECT current_user AS role');
  const role = probe.rows[0]?.role ?? 'unknown';

  async function transaction<T>(fn: (tx: Tx) => Promise<T>, topts: TransactionOptions = {}): Promise<T> {
    const retries = topts.retries ?? 3;
    const begin = [
      'BEGIN',
      topts.isolation ? `ISOLATION LEVEL ${isolationSql(topts.isolation)}` : '',
      topts.readOnly ? 'READ ONLY' : '',
    ]
      .filter(Boolean)
      .join(' ');
    for (let attempt = 0; ; attempt++) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        const code = sqlState(e);
        if (code && RETRYABLE.has(code) && attempt < retries) {
          await sleep(5 * 2 ** attempt + Math.random() * 10);
          continue;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    }
  }

  return {
    pool,
    role,
    transaction,
    async close() {
      await pool.end();
    },
  };
}

function isolationSql(level: NonNullable<TransactionOptions['isolation']>): string {
  switch (level) {
    case 'read committed':
      return 'READ COMMITTED';
    case 'repeatable read':
      return 'REPEATABLE READ';
    case 'serializable':
      return 'SERIALIZABLE';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Why an acknowledged commit might not survive a crash on this server; empty when it would.
 * The server refuses to start on a non-empty list unless the operator explicitly accepts it.
 */
export async function checkDurability(store: Store): Promise<string[]> {
  const r = await store.pool.query<{ fsync: string; sync: string; fpw: string }>(
    `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync,
            current_setting('full_page_writes') AS fpw`,
  );
  const row = r.rows[0];
  const problems: string[] = [];
  if (!row) return ['could not read the durability settings'];
  if (row.fsync !== 'on') problems.push(`fsync is ${row.fsync}: a crash can corrupt the database`);
  if (row.sync === 'off') problems.push('synchronous_commit is off: a crash can lose acknowledged commits');
  if (row.fpw !== 'on') problems.push('full_page_writes is off: a crash can leave torn pages');
  return problems;
}
