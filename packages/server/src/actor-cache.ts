// What authentication reads on every request — the professional, the right valid today, the
// registers the organization may reach and its access regulation — changes rarely but costs four
// round trips per request. With `authCacheMs` set, one process keeps what it read for that long.
//
// Why this is safe enough to be the default of `varanto start`:
// - a change made through this process's API (a right granted or ended, a regulation, a usage
//   right, a joining model) clears the cache when it commits, so it takes effect on the next
//   request as before;
// - a session revoked through this process's API (a logout, an administrator revoking all of a
//   professional's sessions) forgets that professional's entries when it commits, and the facts
//   kept include the revocations, which every request's token is checked against;
// - a load that was under way when the cache was cleared is not kept (the generation check in
//   `set`), so a revocation committed meanwhile cannot be hidden behind facts read before it;
// - a change made elsewhere (another process, the CLI, SQL) takes effect within `authCacheMs`;
// - the registers reached through usage rights only let a request reach a register at all: each
//   document is still decided on the client's facts read in the action's own transaction, so a
//   usage right ended elsewhere refuses at once.
import type { AccessRightsRegulation, SessionRevocations } from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import { LRUCache } from 'lru-cache';

export interface AuthFacts {
  readonly actor: Actor;
  /** The access regulation of the actor's organization, read with the actor. */
  readonly regulation: AccessRightsRegulation;
  /** What of the professional's sessions is revoked, read with the actor. */
  readonly revocations: SessionRevocations;
}

/** Actions whose commit can change what authentication reads: the cache is cleared after them. */
const CHANGES_AUTH_FACTS = new Set([
  'professional.create',
  'right.grant',
  'organization.create',
  'register.create',
  'service_unit.create',
  'organization.joining.set',
  'organization.broad_usage_rights',
  'usage_right.open',
  'usage_right.end',
  'clienthood.end',
  'access_regulation.change',
]);

export function changesAuthFacts(action: string): boolean {
  return CHANGES_AUTH_FACTS.has(action);
}

export class AuthFactsCache {
  private readonly entries: LRUCache<string, AuthFacts> | undefined;
  private generationNumber = 0;

  constructor(ttlMs: number) {
    this.entries = ttlMs > 0 ? new LRUCache({ max: 50_000, ttl: ttlMs }) : undefined;
  }

  get enabled(): boolean {
    return this.entries !== undefined;
  }

  private static key(professionalId: string, strongAuth: boolean, onDate: string): string {
    return `${professionalId}|${strongAuth ? 's' : 'w'}|${onDate}`;
  }

  get(professionalId: string, strongAuth: boolean, onDate: string): AuthFacts | undefined {
    return this.entries?.get(AuthFactsCache.key(professionalId, strongAuth, onDate));
  }

  /** Changes at every clear or forget; take it before reading the facts and pass it to `set`. */
  get generation(): number {
    return this.generationNumber;
  }

  /**
   * Keeps facts read since `generation` was taken; facts whose reading overlapped a clear or a
   * forget are dropped, since they may predate the change that cleared the cache.
   */
  set(
    professionalId: string,
    strongAuth: boolean,
    onDate: string,
    facts: AuthFacts,
    generation: number = this.generationNumber,
  ): void {
    if (generation !== this.generationNumber) return;
    this.entries?.set(AuthFactsCache.key(professionalId, strongAuth, onDate), facts);
  }

  clear(): void {
    this.generationNumber++;
    this.entries?.clear();
  }

  /** Forgets one professional's facts (both login strengths) for `onDate`: after a revocation. */
  forget(professionalId: string, onDate: string): void {
    this.generationNumber++;
    this.entries?.delete(AuthFactsCache.key(professionalId, true, onDate));
    this.entries?.delete(AuthFactsCache.key(professionalId, false, onDate));
  }
}
