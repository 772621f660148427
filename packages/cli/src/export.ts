// `varanto export <client>`: every record of one client as one JSON document — the person's
// versions, clienthoods, cases and every version of every document — for the client's right of
// access and for moving a register. An operator's action at the database: audited like any read.
import { TRUE } from '@varanto/domain/access';
import { parseClientIdentifier } from '@varanto/domain/identity';
import {
  appendAudit,
  findClientKey,
  listCases,
  listClienthoods,
  listDocumentVersions,
  personHistory,
  type Store,
  searchDocuments,
} from '@varanto/store';
import cliProgress from 'cli-progress';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ExportError extends Error {}

/** The client key of a client given as a client key, a henkilötunnus or `<system>:<temporary id>`. */
export async function resolveClient(store: Store, who: string): Promise<string> {
  if (UUID.test(who)) return who.toLowerCase();
  const colon = who.lastIndexOf(':');
  const parsed =
    colon > 0 ? parseClientIdentifier(who.slice(colon + 1), who.slice(0, colon)) : parseClientIdentifier(who);
  if (!parsed.ok)
    throw new ExportError(
      `"${who}" is not a client key, identity code or temporary identifier: ${parsed.error.message}`,
    );
  const system = parsed.value.kind === 'hetu' ? '1.2.246.21' : parsed.value.id.system;
  const value = parsed.value.kind === 'hetu' ? parsed.value.hetu.value : parsed.value.id.value;
  const key = await store.transaction((tx) => findClientKey(tx, system, value), { readOnly: true });
  if (!key) throw new ExportError('no such client');
  return key;
}

export interface ClientExport {
  format: 'varanto-client-export/1';
  exportedAt: string;
  clientKey: string;
  person: unknown[];
  clienthoods: unknown[];
  cases: unknown[];
  documents: { setId: string; versions: unknown[] }[];
}

export async function exportClient(
  store: Store,
  clientKey: string,
  options: { operator: string; purpose: string; progress?: boolean },
): Promise<ClientExport> {
  return await store.transaction(async (tx) => {
    const person = await personHistory(tx, clientKey);
    if (person.length === 0) throw new ExportError('no such client');
    const clienthoods = await listClienthoods(tx, clientKey);
    const cases = await listCases(tx, clientKey);
    const setIds: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await searchDocuments(tx, TRUE, {
        clientKey,
        includeInvalidated: true,
        limit: 500,
        offset,
      });
      setIds.push(...page.items.map((d) => d.setId));
      if (page.items.length < 500) break;
    }
    const bar = options.progress
      ? new cliProgress.SingleBar(
          { format: 'export |{bar}| {value}/{total} documents', stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(setIds.length, 0);
    const documents: ClientExport['documents'] = [];
    for (const setId of setIds) {
      documents.push({ setId, versions: await listDocumentVersions(tx, setId) });
      bar?.increment();
    }
    bar?.stop();
    await appendAudit(tx, {
      actor: { kind: 'system', name: options.operator },
      action: 'client.export',
      clientKey,
      documents: documents.flatMap((d) =>
        (d.versions as { version: number }[]).map((v) => ({ setId: d.setId, version: v.version })),
      ),
      outcome: 'allowed',
      purpose: options.purpose,
    });
    return {
      format: 'varanto-client-export/1',
      exportedAt: new Date().toISOString(),
      clientKey,
      person,
      clienthoods,
      cases,
      documents,
    };
  });
}
