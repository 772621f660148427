// The public API as the UI uses it: one typed function per endpoint (see /openapi.json), plus a
// small cache for reference data that does not change during a session (structures, code sets,
// organizations), so that lists can show names without asking again for every row.
import type { DocumentMetadata, Role } from '@varanto/domain/records';
import type { LocalizedText, StructureDefinition } from '@varanto/domain/structures';
import { type Query, request } from './http.ts';

export { ApiError, type FieldError, NetworkError, onUnauthenticated, type Problem } from './http.ts';

export interface ActorView {
  professionalId: string;
  login: string;
  name: string;
  role: Role;
  organizationOid: string;
  serviceUnitOids: string[];
  serviceTasks: string[];
  registrarOids: string[];
  strongAuth: boolean;
}

export type LoginMethod = 'password' | 'certificate-card-demo';

export interface LoginResponse {
  token: string;
  expiresAt: string;
  method: LoginMethod;
  strongAuth: boolean;
  /** The certificate-card stand-in: strong for the rules, but not a real card. */
  demo: boolean;
  actor: ActorView;
}

export interface Person {
  clientKey: string;
  version: number;
  recordedAt: string;
  hetu?: string;
  temporaryId?: { system: string; value: string };
  familyName: string;
  givenNames: string;
  birthDate?: string;
  sex?: 'male' | 'female' | 'unknown';
  homeMunicipality?: string;
  /** Non-disclosure for personal safety: the server then never sends address or municipality. */
  turvakielto: boolean;
  address?: { street?: string; postalCode?: string; postOffice?: string };
  /** Under turvakielto, the fields this caller is not shown and the rule that withholds them. */
  withheld?: { fields: string[]; rule: string; reason: string };
}

export interface Organization {
  oid: string;
  name: string;
  kind: string;
  businessId?: string;
}

export interface ServiceUnit {
  oid: string;
  organizationOid: string;
  nameFi: string;
  nameSv?: string;
  municipality?: string;
}

export interface Register {
  id: string;
  registrarOid: string;
  registerType: string;
  name: string;
}

export interface Professional {
  id: string;
  login: string;
  givenNames: string;
  familyName: string;
}

export interface Clienthood {
  clientKey: string;
  clienthoodOid: string;
  registrarOid: string;
  registerId: string;
  setId: string;
  version: number;
  started: string;
  ended?: string;
  serviceTasks: { serviceTask: string; start: string; end?: string }[];
  personalWorkerId?: string;
}

export interface Case {
  caseOid: string;
  registrarOid: string;
  serviceTask: string;
  state: string;
  opened: string;
  ended?: string;
  shared: boolean;
  members: { clientKey: string; joinedAt: string; leftAt?: string }[];
  setId: string;
  version: number;
}

export interface DocumentSummary {
  setId: string;
  version: number;
  versionOid: string;
  status: 'active' | 'invalidated';
  metadata: DocumentMetadata;
  reason?: string;
  recordedAt: string;
  recordedBy: string;
}

export interface DocumentVersion extends DocumentSummary {
  content: unknown;
  xhtml: string;
}

export interface DocumentPage {
  items: DocumentSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface DocumentSearch {
  client?: string;
  case?: string;
  serviceTask?: string;
  documentType?: string;
  documentGroup?: string;
  from?: string;
  to?: string;
  includeInvalidated?: boolean;
  limit?: number;
  offset?: number;
}

export interface StructureSummary {
  oid: string;
  typeCode: string;
  version: string;
  name: LocalizedText;
  documentType: string;
  source?: string;
}

export interface CodeEntry {
  code: string;
  names: LocalizedText;
  validFrom?: string;
  validTo?: string;
  parent?: string;
  provisional: boolean;
}

export interface CodeSet {
  oid: string;
  version?: string;
  names: LocalizedText;
  completeness: string;
  provisional: boolean;
  size: number;
  codes: CodeEntry[];
}

export interface StoreDocumentBody {
  metadata: {
    clients: string[];
    serviceTask: string;
    socialService?: string;
    processPhase?: string;
    documentType: string;
    structureOid?: string;
    documentDate: string;
    caseOid?: string;
    serviceUnitOid?: string;
    language?: 'fi' | 'sv';
  };
  content: unknown;
}

export interface Explanation {
  allowed: boolean;
  action: string;
  professional: string;
  rulesChecked: string[];
  refusals: { rule: string; reason: string }[];
  /** Rules not answered because they depend on records the asker may not see. */
  undetermined: { rule: string; reason: string }[];
}

export type AccessAction =
  | 'document.read'
  | 'document.search'
  | 'document.export'
  | 'document.render'
  | 'document.store'
  | 'document.correct'
  | 'document.invalidate';

export interface ExplainQuery {
  client: string;
  documentType: string;
  serviceTask: string;
  action?: AccessAction;
  registrar?: string;
}

export interface CareRelation {
  clientKey: string;
  kind: 'recorded_reason';
  registrarOid: string;
  professionalId: string;
  start: string;
  end: string;
  purpose: string;
  serviceTask?: string;
}

export interface UsageRight {
  clientKey: string;
  clienthoodOid: string;
  /** The organizer, whose register the right opens. */
  registrarOid: string;
  registerId?: string;
  serviceTask: string;
  /** The unit holding the right. */
  serviceUnitOid: string;
  holderOrganizationOid: string;
  producerUnitOid?: string;
  socialServices: string[];
  start: string;
  end?: string;
  broad: boolean;
  inForce: boolean;
}

export interface UsageRightNotice {
  noticeId: string;
  kind: 'opened' | 'changed' | 'ended';
  clientKey: string;
  registrarOid: string;
  registerId: string;
  clienthoodOid: string;
  clienthoodSetId: string;
  clienthoodVersion: number;
  caseOid?: string;
  serviceTask: string;
  serviceUnitOid: string;
  holderOrganizationOid: string;
  producerUnitOid?: string;
  start: string;
  end?: string;
  recordedAt: string;
  recordedBy: string;
  acknowledgedAt?: string;
}

export interface UsageRightChange {
  clienthood: Clienthood;
  usageRights: UsageRight[];
  /** What the producer (and its subcontractors) are told. */
  notices: UsageRightNotice[];
}

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
  leaveCase: (caseOid: string, clientKey: string) =>
    request<Case>('POST', `/cases/${enc(caseOid)}/members/${enc(clientKey)}/leave`, { body: {} }),
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
