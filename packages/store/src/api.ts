// The store's contract with the server and the CLI. Every operation that touches client data
// runs inside a transaction (`Store.transaction`) so that the audit entry of the action is
// committed with it or not at all.
import type {
  Actor,
  ClientKey,
  DocumentMetadata,
  DocumentStatus,
  DocumentVersion,
  Role,
} from '@varanto/domain/records';
import type { PoolClient } from 'pg';

export interface Organization {
  oid: string;
  name: string;
  kind: 'wellbeing_county' | 'municipality' | 'private_provider' | 'state';
  businessId?: string;
}

export interface ServiceUnit {
  oid: string;
  organizationOid: string;
  nameFi: string;
  nameSv?: string;
  municipality?: string;
}

/** A registrar's social welfare client register (register type 1.2.246.537.6.1264 code 1). */
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
  registrationNumber?: string;
}

/** One version of a professional's rights: the user register of asiakastietolaki 9 §. */
export interface ProfessionalRight {
  professionalId: string;
  version: number;
  organizationOid: string;
  serviceUnitOids: string[];
  role: Role;
  serviceTasks: string[];
  validFrom: string;
  validTo?: string;
  grantedBy: string;
  grantedAt: string;
  reason?: string;
}

export interface PersonInput {
  hetu?: string;
  temporaryId?: { system: string; value: string };
  familyName: string;
  givenNames: string;
  birthDate?: string;
  sex?: 'male' | 'female' | 'unknown';
  homeMunicipality?: string;
  turvakielto: boolean;
  address?: { street?: string; postalCode?: string; postOffice?: string };
}

export interface Person extends PersonInput {
  clientKey: ClientKey;
  version: number;
  recordedAt: string;
}

/** Projection of a clienthood document's service tasks, used by access and lists. */
export interface ClienthoodServiceTask {
  serviceTask: string;
  start: string;
  end?: string;
}

export interface Clienthood {
  clientKey: ClientKey;
  clienthoodOid: string;
  registrarOid: string;
  registerId: string;
  setId: string;
  version: number;
  started: string;
  ended?: string;
  serviceTasks: ClienthoodServiceTask[];
  personalWorkerId?: string;
}

export interface CaseMember {
  clientKey: ClientKey;
  joinedAt: string;
  leftAt?: string;
}

export interface Case {
  caseOid: string;
  registrarOid: string;
  serviceTask: string;
  state: string;
  opened: string;
  ended?: string;
  shared: boolean;
  members: CaseMember[];
  setId: string;
  version: number;
  /** The client whose rows hold the case; by default the first member. Fixed once recorded. */
  ownerClientKey?: ClientKey;
  /** The service unit handling the case; its members' care relations are held by it. Kept once known. */
  serviceUnitOid?: string;
}

/** A document version to store; the store adds recording time and writes it append-only. */
export interface NewDocumentVersion {
  setId: string;
  version: number;
  versionOid: string;
  status: DocumentStatus;
  metadata: DocumentMetadata;
  content: unknown;
  xhtml: string;
  reason?: string;
  recordedBy: string;
}

export interface DocumentSearch {
  clientKey?: ClientKey;
  caseOid?: string;
  serviceTask?: string;
  documentType?: string;
  documentGroup?: string;
  from?: string;
  to?: string;
  includeInvalidated?: boolean;
  limit: number;
  offset: number;
}

export interface DocumentPage {
  items: DocumentVersion[];
  /** Only documents the access filter allows are counted. */
  total: number;
}

/** A person logged in to the citizen portal (OmaKanta): the client or someone acting for them. */
export interface CitizenActor {
  kind: 'citizen';
  personKey: ClientKey;
  name: string;
  strongAuth: boolean;
}

export interface AuditEntryInput {
  actor: Actor | CitizenActor | { kind: 'system'; name: string } | { kind: 'anonymous' };
  action: string;
  clientKey?: ClientKey;
  documents?: { setId: string; version: number }[];
  outcome: 'allowed' | 'denied' | 'error';
  rule?: string;
  reason?: string;
  purpose?: string;
  requestId?: string;
}

// ---- Added by the store: types of the repository functions. ----

/** A connection inside an open transaction (see `Store.transaction`). */
export type Tx = PoolClient;

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  readOnly?: boolean;
  /** Retries after a serialization failure or deadlock; default 3. */
  retries?: number;
}

/** The newest version of a document set: what a correction or invalidation builds on. */
export interface CurrentState {
  /** The client whose rows hold the document (first client when stored). */
  clientKey: ClientKey;
  setId: string;
  version: number;
  versionOid: string;
  status: DocumentStatus;
  metadata: DocumentMetadata;
  recordedAt: string;
}

export interface CaseWithOwner extends Case {
  ownerClientKey: ClientKey;
}

export interface AuditEntry {
  chain: number;
  seq: number;
  /** Database clock, UTC, microseconds: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  recordedAt: string;
  actorKind: 'professional' | 'system' | 'anonymous' | 'citizen';
  actorId?: string;
  actorLogin?: string;
  actorName?: string;
  organizationOid?: string;
  serviceUnitOids?: string[];
  role?: string;
  strongAuth?: boolean;
  clientKey?: ClientKey;
  action: string;
  documents: { setId: string; version: number }[];
  outcome: 'allowed' | 'denied' | 'error';
  rule?: string;
  reason?: string;
  purpose?: string;
  requestId?: string;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  clientKey?: ClientKey;
  actorId?: string;
  /** Inclusive lower bound of the recording time (ISO timestamp). */
  from?: string;
  /** Exclusive upper bound of the recording time (ISO timestamp). */
  to?: string;
  limit: number;
}

export type AuditProblem = 'edited' | 'deleted' | 'reordered' | 'head_mismatch';

export interface AuditBreak {
  chain: number;
  /** Sequence number where the chain stops verifying. */
  seq: number;
  problem: AuditProblem;
  detail: string;
}

export interface AuditVerification {
  entries: number;
  chains: number;
  /** The first break of each broken chain, in chain order. */
  breaks: AuditBreak[];
  firstBreak?: AuditBreak;
}

export interface IdempotencyKey {
  actorId: string;
  key: string;
  /** SHA-256 of the request (see `requestHash`); a key reused for another request is refused. */
  requestHash: string;
}

export interface StoredResponse {
  statusCode: number;
  response: unknown;
  createdAt: string;
}
