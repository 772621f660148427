// Versioned schema migrations: numbered SQL files applied in order, each in its own transaction,
// recorded in `schema_migration`. An advisory lock keeps two starting servers from racing.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';
import { APP_ROLE, connect } from './db.ts';
import { sqlState } from './errors.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Arbitrary constant naming Varanto's migration lock ("vara"). */
const MIGRATION_LOCK = 0x76617261;

/**
 * What the application role may do per table. Append-only tables get SELECT and INSERT only;
 * projections, which are derivable, may be updated. Every table must be listed (a test checks).
 */
export const TABLE_PRIVILEGES: Readonly<Record<string, readonly string[]>> = {
  schema_migration: ['SELECT'],
  organization: ['SELECT', 'INSERT', 'UPDATE'],
  service_unit: ['SELECT', 'INSERT', 'UPDATE'],
  register: ['SELECT', 'INSERT', 'UPDATE'],
  professional: ['SELECT', 'INSERT', 'UPDATE'],
  professional_right: ['SELECT', 'INSERT'],
  person: ['SELECT', 'INSERT'],
  person_current: ['SELECT', 'INSERT', 'UPDATE'],
  client_identifier: ['SELECT', 'INSERT'],
  document_version: ['SELECT', 'INSERT'],
  document_locator: ['SELECT', 'INSERT'],
  document_current: ['SELECT', 'INSERT', 'UPDATE'],
  document_client: ['SELECT', 'INSERT', 'DELETE'],
  clienthood: ['SELECT', 'INSERT', 'UPDATE'],
  clienthood_service_task: ['SELECT', 'INSERT', 'DELETE'],
  case_locator: ['SELECT', 'INSERT'],
  care_case: ['SELECT', 'INSERT', 'UPDATE'],
  case_member: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  care_relation: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  access_regulation: ['SELECT', 'INSERT'],
  audit_chain_head: ['SELECT', 'UPDATE'],
  audit_entry: ['SELECT', 'INSERT'],
  audit_checkpoint: ['SELECT', 'INSERT'],
  idempotency_key: ['SELECT', 'INSERT', 'DELETE'],
  imported_structure: ['SELECT', 'INSERT'],
  imported_code_system: ['SELECT', 'INSERT'],
  register_usage_right: ['SELECT', 'INSERT', 'DELETE'],
  usage_right_notice: ['SELECT', 'INSERT'],
  usage_right_notice_ack: ['SELECT', 'INSERT'],
  client_link: ['SELECT', 'INSERT'],
  client_link_member: ['SELECT', 'INSERT', 'DELETE'],
  person_relation: ['SELECT', 'INSERT'],
  error_flag: ['SELECT', 'INSERT'],
  professional_contact: ['SELECT', 'INSERT'],
  session_revocation: ['SELECT', 'INSERT'],
  document_file: ['SELECT', 'INSERT'],
  legacy_import_run: ['SELECT', 'INSERT'],
};

/** Tables whose rows are never updated or deleted, by anyone. */
export const APPEND_ONLY_TABLES = [
  'document_version',
  'person',
  'professional_right',
  'audit_entry',
  'imported_structure',
  'imported_code_system',
  'access_regulation',
  'usage_right_notice',
  'usage_right_notice_ack',
  'client_link',
  'person_relation',
  'error_flag',
  'professional_contact',
  'session_revocation',
  'document_file',
  'legacy_import_run',
] as const;

export interface Migration {
  id: string;
  name: string;
  sql: string;
  checksum: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const sql = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
    out.push({
      id: file.slice(0, 3),
      name: file.slice(4, -4),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  return out;
}

export interface MigrateResult {
  /** Migrations applied by this run, e.g. `003_documents`. */
  applied: string[];
  /** Whether `varanto_app` exists and has its grants. */
  appRole: boolean;
  /** What the operator must complete as a superuser for the server to run as `varanto_app`. */
  warnings: string[];
}

/**
 * Brings the database at `url` (a superuser or the schema owner) to the newest schema, then
 * creates the application role when permitted and (re)applies its grants. Safe to run at every
 * start and from several processes at once.
 */
export async function migrate(url: string): Promise<MigrateResult> {
  const client = connect(url);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      id          text PRIMARY KEY,
      name        text NOT NULL,
      checksum    text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Map(
      (
        await client.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migration')
      ).rows.map((r) => [r.id, r.checksum]),
    );
    const applied: string[] = [];
    for (const m of await loadMigrations()) {
      const prior = done.get(m.id);
      if (prior !== undefined) {
        // An applied migration that changed would leave databases with different schemas.
        if (prior !== m.checksum) throw new Error(`migration ${m.id}_${m.name} changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migration (id, name, checksum) VALUES ($1, $2, $3)', [
          m.id,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.id}_${m.name} failed: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
      applied.push(`${m.id}_${m.name}`);
    }
    const role = await ensureAppRole(client);
    if (role.exists) await grant(client);
    return { applied, appRole: role.exists, warnings: role.warnings };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

/** The privilege that lets a role SET ROLE to another: `SET` from PostgreSQL 16, `MEMBER` before. */
export async function setRolePrivilege(client: pg.ClientBase): Promise<'SET' | 'MEMBER'> {
  const r = await client.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
  return (r.rows[0]?.v ?? 0) >= 160000 ? 'SET' : 'MEMBER';
}

/**
 * Creates `varanto_app` when allowed and lets the current user assume it. Whatever cannot be done
 * with this user's rights is returned as a warning for the operator, not an error: the schema is
 * usable, only the privilege separation is missing until a superuser completes it.
 */
async function ensureAppRole(client: pg.Client): Promise<{ exists: boolean; warnings: string[] }> {
  const me = (
    await client.query<{ superuser: boolean; createrole: boolean; exists: boolean; who: string }>(
      `SELECT r.rolsuper AS superuser, r.rolcreaterole AS createrole, current_user AS who,
              EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists
         FROM pg_roles r WHERE r.rolname = current_user`,
      [APP_ROLE],
    )
  ).rows[0];
  if (!me) return { exists: false, warnings: ['could not read the current role'] };
  if (!me.exists) {
    if (!me.superuser && !me.createrole) {
      return {
        exists: false,
        warnings: [
          `role ${APP_ROLE} does not exist and ${me.who} may not create it: as a superuser run ` +
            `CREATE ROLE ${APP_ROLE} NOLOGIN; GRANT ${APP_ROLE} TO ${me.who}; then migrate again`,
        ],
      };
    }
    // The role is cluster-wide: another database's migration may create it at the same moment.
    await retryCatalogRace(() => client.query(`CREATE ROLE ${APP_ROLE} NOLOGIN`), ['42710']);
  }
  // A superuser may SET ROLE without membership; anyone else needs it.
  if (me.superuser) return { exists: true, warnings: [] };
  const privilege = await setRolePrivilege(client);
  const can = await client.query<{ ok: boolean }>(
    `SELECT pg_has_role(current_user, $1, '${privilege}') AS ok`,
    [APP_ROLE],
  );
  if (can.rows[0]?.ok) return { exists: true, warnings: [] };
  try {
    await retryCatalogRace(() => client.query(`GRANT ${APP_ROLE} TO CURRENT_USER`), []);
    return { exists: true, warnings: [] };
  } catch (e) {
    if (sqlState(e) !== '42501') throw e;
    return {
      exists: true,
      warnings: [`${me.who} may not assume ${APP_ROLE}: as a superuser run GRANT ${APP_ROLE} TO ${me.who}`],
    };
  }
}

/** Concurrent changes of shared catalogs fail with "tuple concurrently updated" or a duplicate. */
async function retryCatalogRace(op: () => Promise<unknown>, doneCodes: string[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await op();
      return;
    } catch (e) {
      const code = sqlState(e);
      if (code && doneCodes.includes(code)) return;
      if (code === '23505') return;
      if (code === 'XX000' && attempt < 5) {
        await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
}

async function grant(client: pg.Client): Promise<void> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
    )
  ).rows.map((r) => r.name);
  const unlisted = tables.filter((t) => !(t in TABLE_PRIVILEGES));
  if (unlisted.length) throw new Error(`tables without application-role privileges: ${unlisted.join(', ')}`);
  // Objects are created by migrations only; before PostgreSQL 15 everyone could create in public.
  const statements = [
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
    `GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`,
  ];
  for (const [table, privileges] of Object.entries(TABLE_PRIVILEGES)) {
    statements.push(`REVOKE ALL ON ${table} FROM ${APP_ROLE}`);
    statements.push(`GRANT ${privileges.join(', ')} ON ${table} TO ${APP_ROLE}`);
  }
  await client.query('BEGIN');
  try {
    for (const s of statements) await client.query(s);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}
