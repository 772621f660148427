// Registers and organizations are read by every stored document (the register's registrar, the
// organization's name in the XHTML header) and change only through a few administrative actions.
// With `authCacheMs` set they are kept as long as authentication's facts and cleared by the same
// actions (actor-cache.ts `changesAuthFacts`), so a change through this process's API applies at
// once and one made elsewhere within the same window.
import { getOrganization, getRegister, type Organization, type Register, type Tx } from '@varanto/store';
import { LRUCache } from 'lru-cache';
import type { ServerContext } from './context.ts';

export class ReferenceCache {
  private readonly registers: LRUCache<string, Register> | undefined;
  private readonly organizations: LRUCache<string, Organization> | undefined;

  constructor(ttlMs: number) {
    this.registers = ttlMs > 0 ? new LRUCache({ max: 10_000, ttl: ttlMs }) : undefined;
    this.organizations = ttlMs > 0 ? new LRUCache({ max: 10_000, ttl: ttlMs }) : undefined;
  }

  async register(tx: Tx, id: string): Promise<Register | undefined> {
    const hit = this.registers?.get(id);
    if (hit) return hit;
    const r = await getRegister(tx, id);
    // Only what exists is kept: a register created a moment later is found on the next request.
    if (r) this.registers?.set(id, r);
    return r;
  }

  async organization(tx: Tx, oid: string): Promise<Organization | undefined> {
    const hit = this.organizations?.get(oid);
    if (hit) return hit;
    const o = await getOrganization(tx, oid);
    if (o) this.organizations?.set(oid, o);
    return o;
  }

  clear(): void {
    this.registers?.clear();
    this.organizations?.clear();
  }
}

const caches = new WeakMap<ServerContext, ReferenceCache>();

/** The server's reference cache, made on first use with the configured `authCacheMs`. */
export function referenceCache(ctx: ServerContext): ReferenceCache {
  let c = caches.get(ctx);
  if (!c) {
    c = new ReferenceCache(ctx.config.authCacheMs ?? 0);
    caches.set(ctx, c);
  }
  return c;
}
