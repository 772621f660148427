// What a document store reads before it decides — which of its clients exist, its case, the
// client's clienthood in the register and the clients' access facts — for any number of stores in
// one round trip. Each part is the query its single-key function runs (listPersons, getCase,
// getClienthood, loadClientFacts), over arrays of keys, returned as JSON and parsed by the same
// functions; the answers are the same (store-facts.test.ts).
import type { ClientFacts } from '@varanto/domain/access';
import type { CaseWithOwner, Clienthood, Tx } from './api.ts';
import { clientFactsColumns, type FactsRow, factsOf } from './care-relations.ts';
import {
  CASE_SELECT,
  type CaseRow,
  CLIENTHOOD_SELECT,
  type ClienthoodRow,
  caseOf,
  clienthoodOf,
} from './records.ts';
import { isUuid } from './sql.ts';

export interface StoreFactsQuery {
  persons: readonly string[];
  cases: readonly string[];
  clienthoods: readonly { clientKey: string; registrarOid: string }[];
  facts: readonly string[];
}

export interface StoreFacts {
  /** The keys of `persons` (lower case) that name a person. */
  persons: Set<string>;
  cases: Map<string, CaseWithOwner>;
  /** By {@link clienthoodKey}. */
  clienthoods: Map<string, Clienthood>;
  /** By lower-case client key; a key that is no UUID has no facts. */
  facts: Map<string, ClientFacts>;
}

export function clienthoodKey(clientKey: string, registrarOid: string): string {
  return JSON.stringify([clientKey.toLowerCase(), registrarOid]);
}

const STORE_FACTS_SQL = `SELECT
  (SELECT json_agg(pc.client_key) FROM person_current pc
     JOIN person p ON p.client_key = pc.client_key AND p.version = pc.version
    WHERE pc.client_key = ANY($1::uuid[])) AS persons,
  (SELECT json_agg(c) FROM (${CASE_SELECT}
     JOIN case_locator l ON l.case_oid = cc.case_oid AND cc.client_key = l.owner_client_key
    WHERE l.case_oid = ANY($2::text[])) c) AS cases,
  (SELECT json_agg(h) FROM unnest($3::uuid[], $4::text[]) AS q(client_key, registrar_oid),
     LATERAL (${CLIENTHOOD_SELECT}
               WHERE h.client_key = q.client_key AND h.registrar_oid = q.registrar_oid
               ORDER BY (h.ended IS NULL) DESC, h.started DESC LIMIT 1) h) AS clienthoods,
  (SELECT json_agg(json_build_object('client_key', k.key, 'tasks', f.tasks, 'relations', f.relations,
                                     'rights', f.rights))
     FROM unnest($5::uuid[]) AS k(key), LATERAL (SELECT ${clientFactsColumns('k.key')}) f) AS facts`;

export async function loadStoreFacts(tx: Tx, q: StoreFactsQuery): Promise<StoreFacts> {
  const uuids = (keys: readonly string[]) => [...new Set(keys.filter(isUuid).map((k) => k.toLowerCase()))];
  const hoods = q.clienthoods.filter((h) => isUuid(h.clientKey));
  const r = await tx.query<{
    persons: string[] | null;
    cases: CaseRow[] | null;
    clienthoods: ClienthoodRow[] | null;
    facts: (FactsRow & { client_key: string })[] | null;
  }>({
    name: 'varanto_load_store_facts',
    text: STORE_FACTS_SQL,
    values: [
      uuids(q.persons),
      [...new Set(q.cases)],
      hoods.map((h) => h.clientKey),
      hoods.map((h) => h.registrarOid),
      uuids(q.facts),
    ],
  });
  const row = r.rows[0];
  const facts = new Map((row?.facts ?? []).map((f) => [f.client_key, factsOf(f)]));
  for (const k of q.facts) if (!isUuid(k)) facts.set(k.toLowerCase(), factsOf(undefined));
  return {
    persons: new Set(row?.persons ?? []),
    cases: new Map((row?.cases ?? []).map((c) => [c.case_oid, caseOf(c)])),
    clienthoods: new Map(
      (row?.clienthoods ?? []).map((h) => [clienthoodKey(h.client_key, h.registrar_oid), clienthoodOf(h)]),
    ),
    facts,
  };
}
