// What the overview and the record page need to know about one client, gathered from the public
// API: their clienthoods and open cases as the server lists them for this user. The names the
// projections leave out (personal worker, case subject, case members) are read from the
// clienthood and case documents themselves with the domain's own parsers.
import {
  type CaseFacts,
  type ClienthoodFacts,
  parseCaseContent,
  parseClienthoodContent,
} from '@varanto/domain/records';
import { type ActorView, api, type Case, type Clienthood, type Register } from './api/index.ts';

export interface ClienthoodWithFacts {
  clienthood: Clienthood;
  /** The clienthood document's facts; undefined when the document cannot be read (weak login). */
  facts?: ClienthoodFacts;
}

export interface OpenCase {
  case: Case;
  /** The case document's facts: subject and member names. */
  facts?: CaseFacts;
}

/** The registers of the registrars this login may use. */
export async function usableRegisters(actor: ActorView): Promise<Register[]> {
  const all = await api.registers();
  return all.filter((r) => actor.registrarOids.includes(r.registrarOid));
}

async function documentContent(setId: string): Promise<unknown> {
  try {
    return (await api.document(setId)).content;
  } catch {
    // The projection is enough to show the record; the names are a courtesy.
    return undefined;
  }
}

/** The client's clienthoods the user may read, each with the facts of its document. */
export async function clienthoodsOf(clientKey: string): Promise<ClienthoodWithFacts[]> {
  const clienthoods = await api.clienthoodsOf(clientKey);
  return Promise.all(
    clienthoods.map(async (clienthood) => {
      const parsed = parseClienthoodContent(await documentContent(clienthood.setId));
      return { clienthood, ...(parsed.ok ? { facts: parsed.value } : {}) };
    }),
  );
}

/** The client's open cases (shared family cases included) that the user may read, newest first. */
export async function openCasesOf(clientKey: string): Promise<OpenCase[]> {
  const open = (await api.casesOf(clientKey)).filter(
    (c) =>
      c.ended === undefined && c.members.some((m) => m.clientKey === clientKey && m.leftAt === undefined),
  );
  const withFacts = await Promise.all(
    open.map(async (kase) => {
      const parsed = parseCaseContent(await documentContent(kase.setId));
      return { case: kase, ...(parsed.ok ? { facts: parsed.value } : {}) };
    }),
  );
  return withFacts.sort((a, b) => b.case.opened.localeCompare(a.case.opened));
}

/** Today in Finland, ISO: the default date of a new document. */
export function finnishToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
