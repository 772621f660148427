// Configuration of a Varanto process, from the environment only (twelve-factor): PORT,
// VARANTO_DATA (embedded data directory), DATABASE_URL (external server) and a few switches.
import { join, resolve } from 'node:path';

export interface StartConfig {
  port: number;
  host: string;
  /** Embedded deployment's data directory; unused with an external server. */
  dataDir: string;
  /** External PostgreSQL; when absent Varanto starts its embedded server. */
  databaseUrl?: string;
  /** Seed the demo world when the database holds no organization yet. */
  seedOnFirstStart: boolean;
  /** Demo logins (certificate-card stand-in, one demo password). On by default only when embedded. */
  demoLogins: boolean;
  /** Run even if PostgreSQL is configured without fsync or synchronous_commit. */
  allowUnsafeDurability: boolean;
  sessionSecret?: string;
  /** Build (when its sources changed) and serve the web UI at `/`. */
  serveWeb: boolean;
  /** Size of the demo world (tests seed a small one). */
  seedSize?: { clients: number; documentsPerClient: number };
  /** Minutes between signed audit checkpoints written by `start`; 0 or absent disables them. */
  checkpointMinutes?: number;
  /** Ed25519 private key (PEM file) signing audit checkpoints; default one in the data directory. */
  auditSigningKey?: string;
  /** How long rights and regulations read at authentication serve further requests (ms). */
  authCacheMs: number;
  /** Directory of the content-addressed blobs (legacy documents' files): VARANTO_BLOBS or <data>/blobs. */
  blobDir?: string;
  /** Group commit of concurrent single stores (VARANTO_GROUP_COMMIT; server store-group.ts). */
  groupCommit?: boolean;
}

export class ConfigError extends Error {}

/**
 * A right ended or a regulation changed outside this process takes effect within this time; one
 * changed through this process's API at once (packages/server/src/actor-cache.ts).
 */
export const DEFAULT_AUTH_CACHE_MS = 2000;

function flag(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1 or 0, got "${value}"`);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): StartConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  const minutes = env.VARANTO_CHECKPOINT_MINUTES ? Number(env.VARANTO_CHECKPOINT_MINUTES) : 60;
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new ConfigError(
      `VARANTO_CHECKPOINT_MINUTES must be a number of minutes (0 disables), got "${env.VARANTO_CHECKPOINT_MINUTES}"`,
    );
  }
  const authCacheMs = env.VARANTO_AUTH_CACHE_MS ? Number(env.VARANTO_AUTH_CACHE_MS) : DEFAULT_AUTH_CACHE_MS;
  if (!Number.isInteger(authCacheMs) || authCacheMs < 0 || authCacheMs > 60_000) {
    throw new ConfigError(
      `VARANTO_AUTH_CACHE_MS must be milliseconds from 0 (off) to 60000, got "${env.VARANTO_AUTH_CACHE_MS}"`,
    );
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.VARANTO_DATA || '.varanto'),
    blobDir: resolve(env.VARANTO_BLOBS || join(env.VARANTO_DATA || '.varanto', 'blobs')),
    ...(databaseUrl ? { databaseUrl } : {}),
    seedOnFirstStart: flag(env.VARANTO_SEED, true, 'VARANTO_SEED'),
    serveWeb: flag(env.VARANTO_WEB, true, 'VARANTO_WEB'),
    demoLogins: flag(env.VARANTO_DEMO_LOGINS, !databaseUrl, 'VARANTO_DEMO_LOGINS'),
    allowUnsafeDurability: flag(
      env.VARANTO_ALLOW_UNSAFE_DURABILITY,
      false,
      'VARANTO_ALLOW_UNSAFE_DURABILITY',
    ),
    ...(env.VARANTO_SESSION_SECRET ? { sessionSecret: env.VARANTO_SESSION_SECRET } : {}),
    checkpointMinutes: minutes,
    authCacheMs,
    groupCommit: flag(env.VARANTO_GROUP_COMMIT, false, 'VARANTO_GROUP_COMMIT'),
    ...(env.VARANTO_AUDIT_SIGNING_KEY ? { auditSigningKey: resolve(env.VARANTO_AUDIT_SIGNING_KEY) } : {}),
  };
}
