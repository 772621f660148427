// The public API as the UI uses it: one typed function per endpoint (see /openapi.json), plus a
// small cache for reference data that does not change during a session (structures, code sets,
// organizations), so that lists can show names without asking again for every row.
import type { StructureDefinition } from '@varanto/domain/structures';
import { type Query, request } from './http.ts';
import type { Paths, Schemas } from './openapi.gen.ts';

export { ApiError, type FieldError, NetworkError, onUnauthenticated, type Problem } from './http.ts';

// The shapes of the API are the server's own: each type below names a request or answer of
// openapi.gen.ts, which is generated from /openapi.json (scripts/openapi-types.ts).
type Method<P extends keyof Paths> = keyof Paths[P];
/** The answer of a successful call (status 200 unless named). */
export type Ok<P extends keyof Paths, M extends Method<P>, S extends number = 200> = Paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? R[S]
    : never
  : never;
/** The JSON body a call sends. */
export type Body<P extends keyof Paths, M extends Method<P>> = Paths[P][M] extends { body: infer B }
  ? B
  : never;

export type ActorView = Ok<'/auth/me', 'get'>;
export type LoginResponse = Ok<'/auth/login', 'post'>;
export type LoginMethod = LoginResponse['method'];
export type Person = Ok<'/persons/{clientKey}', 'get'>;
export type Organization = Ok<'/organizations/{oid}', 'get'>;
export type ServiceUnit = Ok<'/organizations/{oid}/service-units', 'get'>[number];
export type Register = Ok<'/registers', 'get'>[number];
export type Professional = Ok<'/professionals/{id}', 'get'>;
export type StaffMember = Ok<'/staff', 'get'>[number];
export type StaffQuery = Paths['/staff']['get']['query'];
export type Clienthood = Ok<'/persons/{clientKey}/clienthoods', 'get'>[number];
export type Case = Ok<'/cases/{caseOid}', 'get'>;
export type DocumentPage = Ok<'/documents', 'get'>;
export type DocumentSummary = DocumentPage['items'][number];
export type DocumentVersion = Ok<'/documents/{setId}', 'get'>;
export type DocumentSearch = Paths['/documents']['get']['query'];
export type StructureSummary = Ok<'/structures', 'get'>[number];
export type CodeSet = Ok<'/code-sets/{oid}', 'get'>;
export type CodeEntry = CodeSet['codes'][number];
export type StoreDocumentBody = Body<'/registers/{registerId}/documents', 'post'>;
export type Explanation = Ok<'/access/explain', 'get'>;
export type ExplainQuery = Paths['/access/explain']['get']['query'];
export type AccessAction = NonNullable<ExplainQuery['action']>;
export type CareRelation = Ok<'/clients/{clientKey}/care-relations', 'post', 201>;
export type Visibility = Ok<'/documents/{setId}/visibility', 'get'>;
export type VisibilityChange = Body<'/documents/{setId}/visibility', 'put'>['change'];
export type VisibilityChanged = Ok<'/documents/{setId}/visibility', 'put'>;
export type ErrorFlag = Ok<'/error-flags', 'get'>['items'][number];
export type ErrorFlagStatus = ErrorFlag['status'];
export type ErrorFlagDetail = Ok<'/error-flags/{flagId}', 'get'>;
export type SessionRevocation = Ok<'/professionals/{id}/sessions/revoke', 'post', 201>;
export type ProfessionalContact = Ok<'/professionals/{id}/contact', 'get'>;
export type ContactBody = Body<'/professionals/{id}/contact', 'put'>;
export type PersonRelation = Schemas['PersonRelation'];
export type RecordRelationBody = Body<'/persons/{clientKey}/relations', 'post'>;
export type RelationVersionBody = Body<'/persons/{clientKey}/relations/{relationId}/versions', 'post'>;
export type UsageRight = Schemas['UsageRight'];
export type UsageRightNotice = Schemas['UsageRightNotice'];
export type UsageRightChange = Ok<
  '/registers/{registerId}/clienthoods/{clientKey}/usage-rights',
  'post',
  201
>;

/** The code sets the UI names things with. */
export const CODE_SETS = {
  serviceTask: '1.2.246.537.6.1221',
  processPhase: '1.2.246.537.6.1277',
  documentType: '1.2.246.537.6.1506',
  documentGroup: '1.2.246.537.6.1505',
  socialService: '1.2.246.537.6.1222',
} as const;

const enc = encodeURIComponent;

export const api = {
  login: (login: string, method: LoginMethod, password?: string) =>
    request<LoginResponse>('POST', '/auth/login', {
      body: { login, method, ...(password !== undefined ? { password } : {}) },
      quiet401: true,
    }),
  logout: () => request<void>('POST', '/auth/logout', { quiet401: true }),
  me: () => request<ActorView>('GET', '/auth/me', { quiet401: true }),

  findByHetu: (hetu: string) => request<Person[]>('GET', '/persons', { query: { hetu } }),
  findByText: (text: string) => request<Person[]>('GET', '/persons', { query: { text } }),
  person: (clientKey: string) => request<Person>('GET', `/persons/${enc(clientKey)}`),

  organization: (oid: string) => request<Organization>('GET', `/organizations/${enc(oid)}`),
  serviceUnits: (organizationOid: string) =>
    request<ServiceUnit[]>('GET', `/organizations/${enc(organizationOid)}/service-units`),
  registers: (registrarOid?: string) => request<Register[]>('GET', '/registers', { query: { registrarOid } }),
  professional: (id: string) => request<Professional>('GET', `/professionals/${enc(id)}`),
  /** The professionals the administrator's organization administers (admin only). */
  professionals: () => request<Professional[]>('GET', '/professionals'),
  /** Ends every session of the professional issued so far; one's own from this browser keeps it. */
  revokeSessions: (professionalId: string, reason: string) =>
    request<SessionRevocation>('POST', `/professionals/${enc(professionalId)}/sessions/revoke`, {
      body: { reason },
    }),
  contact: (professionalId: string) =>
    request<ProfessionalContact>('GET', `/professionals/${enc(professionalId)}/contact`),
  setContact: (professionalId: string, body: ContactBody) =>
    request<ProfessionalContact>('PUT', `/professionals/${enc(professionalId)}/contact`, { body }),
  relations: (clientKey: string) => request<PersonRelation[]>('GET', `/persons/${enc(clientKey)}/relations`),
  recordRelation: (clientKey: string, body: RecordRelationBody) =>
    request<PersonRelation>('POST', `/persons/${enc(clientKey)}/relations`, { body }),
  relationVersion: (clientKey: string, relationId: string, body: RelationVersionBody) =>
    request<PersonRelation>('POST', `/persons/${enc(clientKey)}/relations/${enc(relationId)}/versions`, {
      body,
    }),
  /** Colleagues of the own organization whose right is valid today (any professional may ask). */
  staff: (q: StaffQuery = {}) => request<StaffMember[]>('GET', '/staff', { query: q as Query }),

  clienthoodsOf: (clientKey: string) =>
    request<Clienthood[]>('GET', `/persons/${enc(clientKey)}/clienthoods`),
  casesOf: (clientKey: string) => request<Case[]>('GET', `/persons/${enc(clientKey)}/cases`),
  case: (caseOid: string) => request<Case>('GET', `/cases/${enc(caseOid)}`),

  documents: (q: DocumentSearch) => request<DocumentPage>('GET', '/documents', { query: q as Query }),
  document: (setId: string) => request<DocumentVersion>('GET', `/documents/${enc(setId)}`),
  documentVersion: (setId: string, version: number) =>
    request<DocumentVersion>('GET', `/documents/${enc(setId)}/versions/${version}`),
  documentVersions: (setId: string) => request<DocumentSummary[]>('GET', `/documents/${enc(setId)}/versions`),
  storeDocument: (registerId: string, body: StoreDocumentBody, idempotencyKey: string) =>
    request<DocumentVersion>('POST', `/registers/${enc(registerId)}/documents`, {
      body,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  correctDocument: (setId: string, body: { correctsVersion: number; reason: string; content: unknown }) =>
    request<DocumentVersion>('POST', `/documents/${enc(setId)}/versions`, { body }),
  invalidateDocument: (setId: string, body: { invalidatesVersion: number; reason: string }) =>
    request<DocumentVersion>('POST', `/documents/${enc(setId)}/invalidation`, { body }),
  visibility: (setId: string) => request<Visibility>('GET', `/documents/${enc(setId)}/visibility`),
  changeVisibility: (setId: string, version: number, change: VisibilityChange) =>
    request<VisibilityChanged>('PUT', `/documents/${enc(setId)}/visibility`, { body: { version, change } }),

  errorFlags: (statuses?: readonly ErrorFlagStatus[]) =>
    request<Ok<'/error-flags', 'get'>>('GET', '/error-flags', {
      query: { status: statuses && statuses.length > 0 ? statuses.join(',') : undefined },
    }),
  errorFlag: (flagId: string) => request<ErrorFlagDetail>('GET', `/error-flags/${enc(flagId)}`),
  setErrorFlagStatus: (
    flagId: string,
    body: { version: number; status: ErrorFlagStatus; response?: string },
  ) => request<ErrorFlag>('PUT', `/error-flags/${enc(flagId)}/status`, { body }),

  openClienthood: (
    registerId: string,
    body: {
      clientKey: string;
      started: string;
      serviceTask: string;
      serviceUnitOid?: string;
      personalWorkerId?: string;
    },
    idempotencyKey: string,
  ) =>
    request<Clienthood>('POST', `/registers/${enc(registerId)}/clienthoods`, {
      body,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  addServiceTask: (
    registerId: string,
    clientKey: string,
    body: { serviceTask: string; start: string; serviceUnitOid?: string },
  ) =>
    request<Clienthood>('POST', `/registers/${enc(registerId)}/clienthoods/${enc(clientKey)}/service-tasks`, {
      body,
    }),
  endServiceTask: (registerId: string, clientKey: string, serviceTask: string, end: string) =>
    request<Clienthood>(
      'POST',
      `/registers/${enc(registerId)}/clienthoods/${enc(clientKey)}/service-tasks/${enc(serviceTask)}/end`,
      { body: { end } },
    ),
  setPersonalWorker: (registerId: string, clientKey: string, professionalId: string | null) =>
    request<Clienthood>(
      'PUT',
      `/registers/${enc(registerId)}/clienthoods/${enc(clientKey)}/personal-worker`,
      {
        body: { professionalId },
      },
    ),
  openCase: (
    registerId: string,
    body: {
      serviceTask: string;
      subject: { code: string; display?: string };
      members: string[];
      opened: string;
      serviceUnitOid?: string;
    },
    idempotencyKey: string,
  ) =>
    request<Case>('POST', `/registers/${enc(registerId)}/cases`, {
      body,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  addCaseMember: (caseOid: string, clientKey: string) =>
    request<Case>('POST', `/cases/${enc(caseOid)}/members`, { body: { clientKey } }),
  leaveCase: (caseOid: string, clientKey: string, leftAt?: string) =>
    request<Case>('POST', `/cases/${enc(caseOid)}/members/${enc(clientKey)}/leave`, {
      body: leftAt !== undefined ? { leftAt } : {},
    }),
  closeCase: (caseOid: string, ended: string) =>
    request<Case>('POST', `/cases/${enc(caseOid)}/close`, { body: { ended } }),

  openUsageRight: (
    registerId: string,
    clientKey: string,
    body: {
      serviceTask: string;
      serviceUnitOid: string;
      socialServices?: string[];
      start: string;
      end?: string;
      caseOid?: string;
    },
  ) =>
    request<UsageRightChange>(
      'POST',
      `/registers/${enc(registerId)}/clienthoods/${enc(clientKey)}/usage-rights`,
      { body },
    ),
  endUsageRight: (
    registerId: string,
    clientKey: string,
    body: { serviceTask: string; serviceUnitOid: string; end: string },
  ) =>
    request<UsageRightChange>(
      'POST',
      `/registers/${enc(registerId)}/clienthoods/${enc(clientKey)}/usage-rights/end`,
      { body },
    ),
  clientUsageRights: (registerId: string, clientKey: string) =>
    request<UsageRight[]>('GET', `/registers/${enc(registerId)}/clienthoods/${enc(clientKey)}/usage-rights`),
  heldUsageRights: (includeEnded = false) =>
    request<UsageRight[]>('GET', '/usage-rights', { query: { includeEnded: includeEnded || undefined } }),
  usageRightNotices: (includeAcknowledged = false) =>
    request<UsageRightNotice[]>('GET', '/usage-rights/notices', {
      query: { includeAcknowledged: includeAcknowledged || undefined },
    }),
  acknowledgeNotice: (noticeId: string) =>
    request<UsageRightNotice>('POST', `/usage-rights/notices/${enc(noticeId)}/acknowledgement`, { body: {} }),
  organizations: () => request<Organization[]>('GET', '/organizations'),

  explain: (q: ExplainQuery) => request<Explanation>('GET', '/access/explain', { query: { ...q } }),
  recordCareReason: (
    clientKey: string,
    body: { purpose: string; serviceTask?: string; registrarOid?: string },
  ) => request<CareRelation>('POST', `/clients/${enc(clientKey)}/care-relations`, { body }),

  structures: (q?: string, lang?: 'fi' | 'sv') =>
    request<StructureSummary[]>('GET', '/structures', { query: { q, lang } }),
  structure: (oid: string) => request<StructureDefinition>('GET', `/structures/${enc(oid)}`),
  codeSet: (oid: string) => request<CodeSet>('GET', `/code-sets/${enc(oid)}`),
};

const cache = new Map<string, Promise<unknown>>();

/** Reference data, fetched once per page load; a failed fetch is forgotten so it can be retried. */
export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const p = load();
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  return p;
}

/** Forgets everything cached (on logout: the next user may see other organizations). */
export function clearCache(): void {
  cache.clear();
}

export const reference = {
  codeSet: (oid: string) => cached(`code-set:${oid}`, () => api.codeSet(oid)),
  structure: (oid: string) => cached(`structure:${oid}`, () => api.structure(oid)),
  structures: () => cached('structures', () => api.structures()),
  organization: (oid: string) => cached(`organization:${oid}`, () => api.organization(oid)),
  organizations: () => cached('organizations', () => api.organizations()),
  serviceUnits: (oid: string) => cached(`service-units:${oid}`, () => api.serviceUnits(oid)),
  professional: (id: string) => cached(`professional:${id}`, () => api.professional(id)),
};
