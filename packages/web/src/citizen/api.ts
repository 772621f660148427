// The citizen portal's side of the API (`/citizen/*`). The session is the httpOnly cookie the
// citizen login sets for `/citizen`: the page never holds the token. Every call may name whose
// records it reads (`as`); without it, the person's own.
import { type Query, request } from '../api/http.ts';
import type { Paths } from '../api/openapi.gen.ts';

type Ok<P extends keyof Paths, M extends keyof Paths[P], S extends number = 200> = Paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? R[S]
    : never
  : never;

export type CitizenLogin = Ok<'/citizen/auth/login', 'post'>;
export type Me = Ok<'/citizen/me', 'get'>;
export type Viewable = Me['viewable'][number];
export type DocumentPage = Ok<'/citizen/documents', 'get'>;
export type DocumentSummary = DocumentPage['items'][number];
export type Counts = Ok<'/citizen/documents/counts', 'get'>;
export type DocumentRead = Ok<'/citizen/documents/{setId}', 'get'>;
export type Clienthoods = Ok<'/citizen/clienthoods', 'get'>;
export type Cases = Ok<'/citizen/cases', 'get'>;
export type LogPage = Ok<'/citizen/access-log', 'get'>;
export type LogEntry = LogPage['items'][number];
export type LogQuery = Omit<Paths['/citizen/access-log']['get']['query'], 'as'>;
export type Flags = Ok<'/citizen/error-flags', 'get'>;
export type Flag = Flags['items'][number];

const enc = encodeURIComponent;
const quiet = { quiet401: true } as const;
const asQuery = (as: string | undefined): Query => (as ? { as } : {});

/** The URL of a download (the browser sends the cookie itself). */
export function logCsvUrl(as: string | undefined, q: LogQuery): string {
  const params = new URLSearchParams();
  if (as) params.set('as', as);
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return `/citizen/access-log.csv${s ? `?${s}` : ''}`;
}

export const citizenApi = {
  login: (hetu: string) => request<CitizenLogin>('POST', '/citizen/auth/login', { body: { hetu }, ...quiet }),
  logout: () => request<void>('POST', '/citizen/auth/logout', quiet),
  me: () => request<Me>('GET', '/citizen/me', quiet),
  documents: (as: string | undefined, q: { serviceTask?: string; limit?: number; offset?: number } = {}) =>
    request<DocumentPage>('GET', '/citizen/documents', { query: { ...asQuery(as), ...q }, ...quiet }),
  counts: (as: string | undefined) =>
    request<Counts>('GET', '/citizen/documents/counts', { query: asQuery(as), ...quiet }),
  document: (as: string | undefined, setId: string) =>
    request<DocumentRead>('GET', `/citizen/documents/${enc(setId)}`, { query: asQuery(as), ...quiet }),
  clienthoods: (as: string | undefined) =>
    request<Clienthoods>('GET', '/citizen/clienthoods', { query: asQuery(as), ...quiet }),
  cases: (as: string | undefined) =>
    request<Cases>('GET', '/citizen/cases', { query: asQuery(as), ...quiet }),
  log: (as: string | undefined, q: LogQuery) =>
    request<LogPage>('GET', '/citizen/access-log', { query: { ...asQuery(as), ...q }, ...quiet }),
  flags: (as: string | undefined) =>
    request<Flags>('GET', '/citizen/error-flags', { query: asQuery(as), ...quiet }),
  flag: (as: string | undefined, setId: string, description: string) =>
    request<Flag>('POST', `/citizen/documents/${enc(setId)}/error-flags`, {
      query: asQuery(as),
      body: { description },
      ...quiet,
    }),
  /** The stored XHTML rendering, as text (it is shown in a sandboxed frame). */
  xhtml: async (as: string | undefined, setId: string): Promise<string> => {
    const q = as ? `?as=${enc(as)}` : '';
    const r = await fetch(`/citizen/documents/${enc(setId)}/xhtml${q}`, { credentials: 'same-origin' });
    if (!r.ok) throw new Error(`rendering ${r.status}`);
    return r.text();
  },
};
