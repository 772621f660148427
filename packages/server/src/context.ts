// What every route needs: the store, the reference registries, the clock and randomness (passed
// in so that tests can fix them), the session key and the configuration.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { AccessContext } from '@varanto/domain/access';
import type { CodeRegistry } from '@varanto/domain/codes';
import type { StructureRegistry } from '@varanto/domain/structures';
import { type Store, type Tx, usageRightRegistrars } from '@varanto/store';
import type { AuthFactsCache } from './actor-cache.ts';

export interface ServerConfig {
  /** HS256 key of the session tokens (≥ 32 bytes); VARANTO_SESSION_SECRET or the CLI's data dir. */
  sessionSecret: string | Uint8Array;
  /** Lifetime of a session; default 8 hours (one working day). */
  sessionTtlSeconds?: number;
  /**
   * Enables the `certificate-card-demo` login: a stand-in for the X.509 certificate card that yields
   * a strong login without a card. Never on in production.
   */
  demoLogins?: boolean;
  /** The one password of the demo world; without it, password login is refused for everyone. */
  demoPassword?: string;
  /** Largest accepted request body in bytes; default 2 MiB. */
  bodyLimit?: number;
  /** Login attempts per client address and window; default 10 per minute. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Mark the session cookie Secure (HTTPS only); default true unless demoLogins is on. */
  secureCookies?: boolean;
  logger?: boolean;
  /** Directory of the content-addressed blobs (legacy documents' files); without it none are served. */
  blobDir?: string;
  /** Days an ended care relation or service task still gives access; default 30. */
  accessGraceDays?: number;
  /**
   * Milliseconds a professional's rights and organization's regulation, once read, serve further
   * requests of this process (see actor-cache.ts); default 0: read on every request.
   */
  authCacheMs?: number;
  /**
   * Group commit of concurrent single stores (store-group.ts): stores of new documents in flight
   * at once share one transaction and one WAL flush; default off.
   */
  groupCommit?: boolean;
  /** Stores waiting for a group beyond which a store is refused with a 503; default 512. */
  groupQueueLimit?: number;
}

/**
 * Where an organization's right to use a registrar's register comes from: its own register
 * ({@link ownOrganizationRegistrar}) and the organizers' registers its units hold register usage
 * rights in today ({@link registerUsageRightRegistrars}). The latter only lets the request reach
 * such a register at all; the access rule `register_usage_right` keeps each read and write to the
 * clients, service tasks and periods of the rights.
 */
export interface RegistrarEntitlementSource {
  readonly name: string;
  registrars(
    tx: Tx,
    who: { readonly professionalId: string; readonly organizationOid: string; readonly onDate: string },
  ): Promise<readonly string[]>;
}

export const ownOrganizationRegistrar: RegistrarEntitlementSource = {
  name: 'own_organization',
  registrars: async (_tx, who) => [who.organizationOid],
};

export const registerUsageRightRegistrars: RegistrarEntitlementSource = {
  name: 'register_usage_right',
  registrars: (tx, who) => usageRightRegistrars(tx, who.organizationOid, who.onDate),
};

/** The sources of a deployment that knows producers: own register and register usage rights. */
export const DEFAULT_REGISTRAR_SOURCES: readonly RegistrarEntitlementSource[] = [
  ownOrganizationRegistrar,
  registerUsageRightRegistrars,
];

export interface ServerContext {
  readonly store: Store;
  readonly config: ServerConfig;
  readonly codes: CodeRegistry;
  readonly structures: StructureRegistry;
  readonly now: () => Date;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly registrarSources: readonly RegistrarEntitlementSource[];
  readonly sessionKey: Uint8Array;
  readonly authFacts: AuthFactsCache;
}

export const defaultRandomBytes = (n: number): Uint8Array => new Uint8Array(nodeRandomBytes(n));

const HELSINKI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// Intl formatting costs tens of microseconds and every request asks for today two or three times
// (bench/profile.ts: among the top self-time functions of a store). Finland's offset has been a whole
// number of hours since 1921-05-01 (+2, +3 in summer) and changes on the hour, so the Finnish date is
// the same throughout any UTC hour: the last hour's answer is kept. Earlier instants (Helsinki mean
// time, +1:39:49) are formatted every time.
const HOUR_MS = 3_600_000;
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1921, 4, 1);
let lastHour = Number.NaN;
let lastDate = '';

/** The calendar date in Finland: rights and clienthoods start and end on Finnish dates. */
export function finnishDate(at: Date): string {
  const ms = at.getTime();
  const hour = Math.floor(ms / HOUR_MS);
  if (hour === lastHour) return lastDate;
  const date = HELSINKI_DATE.format(at);
  if (ms >= WHOLE_HOUR_OFFSETS_FROM) {
    lastHour = hour;
    lastDate = date;
  }
  return date;
}

/**
 * The context every access decision of one request is made in: the Finnish date of the request,
 * the configured grace period and the purpose the caller stated (`X-Purpose`), which is logged.
 */
export function accessContextOf(ctx: ServerContext, purpose: string | undefined): AccessContext {
  const trimmed = purpose?.trim();
  return {
    today: finnishDate(ctx.now()),
    ...(ctx.config.accessGraceDays !== undefined ? { graceDays: ctx.config.accessGraceDays } : {}),
    ...(trimmed ? { purpose: trimmed.slice(0, 500) } : {}),
  };
}
