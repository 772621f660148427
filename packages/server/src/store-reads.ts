// The facts a document store reads before it decides: which clients exist, the case, the client's
// clienthood in the register and the clients' access facts. A batch (or a group of concurrent
// stores) names the same client, case and register again and again; read through one StoreReads,
// the facts of every store of the transaction are read in one round trip (store loadStoreFacts),
// each once. Storing documents changes none of these facts, so a value read earlier in the same
// transaction is the value a re-read would see.
import type { ClientFacts } from '@varanto/domain/access';
import {
  type CaseWithOwner,
  type Clienthood,
  clienthoodKey,
  getCase,
  getClienthood,
  listPersons,
  loadClientFacts,
  loadStoreFacts,
  type Organization,
  type Register,
  type StoreFactsQuery,
  type Tx,
} from '@varanto/store';
import type { ServerContext } from './context.ts';
import { referenceCache } from './reference-cache.ts';

export class StoreReads {
  private readonly persons = new Map<string, boolean>();
  private readonly cases = new Map<string, Promise<CaseWithOwner | undefined>>();
  private readonly clienthoods = new Map<string, Promise<Clienthood | undefined>>();
  private readonly facts = new Map<string, Promise<ClientFacts>>();
  private readonly registers = new Map<string, Promise<Register | undefined>>();
  private readonly organizations = new Map<string, Promise<Organization | undefined>>();

  /** The register, through the server's reference cache, read at most once per transaction. */
  register(ctx: ServerContext, tx: Tx, id: string): Promise<Register | undefined> {
    return memo(this.registers, id, () => referenceCache(ctx).register(tx, id));
  }

  /** The organization (its name heads the XHTML), read at most once per transaction. */
  organization(ctx: ServerContext, tx: Tx, oid: string): Promise<Organization | undefined> {
    return memo(this.organizations, oid, () => referenceCache(ctx).organization(tx, oid));
  }

  /**
   * Reads in one query whatever of `q` is not known yet: the stores of a batch or group name their
   * facts here first, so each of them then finds everything it reads already read.
   */
  async prefetch(tx: Tx, q: StoreFactsQuery): Promise<void> {
    const want: StoreFactsQuery = {
      persons: [...new Set(q.persons.filter((k) => !this.persons.has(k)))],
      cases: [...new Set(q.cases.filter((c) => !this.cases.has(c)))],
      clienthoods: q.clienthoods.filter(
        (h) => !this.clienthoods.has(clienthoodKey(h.clientKey, h.registrarOid)),
      ),
      facts: [...new Set(q.facts.filter((k) => !this.facts.has(k.toLowerCase())))],
    };
    if (want.persons.length + want.cases.length + want.clienthoods.length + want.facts.length === 0) {
      return;
    }
    const f = await loadStoreFacts(tx, want);
    for (const k of want.persons) this.persons.set(k, f.persons.has(k));
    for (const c of want.cases) this.cases.set(c, Promise.resolve(f.cases.get(c)));
    for (const h of want.clienthoods) {
      const key = clienthoodKey(h.clientKey, h.registrarOid);
      this.clienthoods.set(key, Promise.resolve(f.clienthoods.get(key)));
    }
    for (const k of want.facts) {
      const facts = f.facts.get(k.toLowerCase());
      if (facts) this.facts.set(k.toLowerCase(), Promise.resolve(facts));
    }
  }

  /**
   * The keys of `keys` that name a person, as a single store has always matched them: exactly as
   * the database writes them (lower case).
   */
  async knownPersons(tx: Tx, keys: readonly string[]): Promise<Set<string>> {
    const missing = [...new Set(keys.filter((k) => !this.persons.has(k)))];
    if (missing.length > 0) {
      const found = new Set((await listPersons(tx, missing)).map((p) => p.clientKey));
      for (const k of missing) this.persons.set(k, found.has(k));
    }
    return new Set(keys.filter((k) => this.persons.get(k) === true));
  }

  case(tx: Tx, caseOid: string): Promise<CaseWithOwner | undefined> {
    return memo(this.cases, caseOid, () => getCase(tx, caseOid));
  }

  clienthood(tx: Tx, clientKey: string, registrarOid: string): Promise<Clienthood | undefined> {
    return memo(this.clienthoods, clienthoodKey(clientKey, registrarOid), () =>
      getClienthood(tx, clientKey, registrarOid),
    );
  }

  clientFacts(tx: Tx, clientKey: string): Promise<ClientFacts> {
    return memo(this.facts, clientKey.toLowerCase(), () => loadClientFacts(tx, clientKey));
  }
}

function memo<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = read();
    // A failed read is not remembered: the transaction is failing anyway, and a retry starts anew.
    p.catch(() => map.delete(key));
    map.set(key, p);
  }
  return p;
}
