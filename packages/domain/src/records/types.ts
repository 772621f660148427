// The records of the repository as the domain sees them: what the store persists and the API
// carries. Identifiers of records are OIDs minted under the registrar's root (Kanta practice);
// a person is reached through an opaque client key, the distribution key of every client-owned row.

/** Opaque per-person key (UUID). Every client-owned row carries it in its primary key. */
export type ClientKey = string;

/** Professional roles; what each may do per document type is the access policy's data. */
export const ROLES = [
  'social_worker',
  'social_instructor',
  'practical_nurse',
  'office_worker',
  'archivist',
  'admin',
  // Reads the access log and misuse reports of the own organization; no rights to documents.
  'data_protection_officer',
] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: a professional logged in for one organization and its service units. */
export interface Actor {
  readonly kind: 'professional';
  readonly professionalId: string;
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  /** The organization the professional works for in this login (SOTE organization register OID). */
  readonly organizationOid: string;
  readonly serviceUnitOids: readonly string[];
  /** Service task codes (1.2.246.537.6.1221) the professional works in. */
  readonly serviceTasks: readonly string[];
  /** Registrars whose registers this organization may use as its own (itself, for a registrar). */
  readonly registrarOids: readonly string[];
  /** Certificate-card or equivalent strong login (required to retrieve from the repository). */
  readonly strongAuth: boolean;
}

export type DocumentStatus = 'active' | 'invalidated';

/** Code set 1.2.246.537.6.1505: which kind of record a document is. */
export const DOCUMENT_GROUP = {
  clienthood: '1',
  case: '2',
  clientDocument: '5',
  consent: '8',
  prohibition: '9',
  /**
   * Legacy documents (vanhat asiakirjat, made before the organization joined): a PLACEHOLDER code.
   * The official code is one of 3, 4, 6, 7 but which one is not known here, so a code outside 1–9
   * is used until the koodistopalvelu export settles it (records/legacy.ts).
   */
  legacy: '90',
} as const;
export type DocumentGroup = (typeof DOCUMENT_GROUP)[keyof typeof DOCUMENT_GROUP];

/** OmaKanta visibility settings a professional records on a document (rules: domain/visibility). */
export interface OmaKantaSettings {
  /** Not shown to the client before this date (ISO date). */
  readonly delayUntil?: string;
  /** Hidden permanently: special-content marking (erityissisältö). */
  readonly specialContent?: boolean;
  /** Coded reason, 1.2.246.537.6.1288. */
  readonly restrictionReason?: string;
  readonly restrictionText?: string;
  /** For a client under 18: shown to the guardian (1.2.246.537.6.1286). */
  readonly shownToGuardian?: boolean;
  /** A worker lifted the automatic hiding of a liftable kind (adoption counselling) for this document. */
  readonly automaticHidingLifted?: boolean;
  /** The organizer's responsible worker confirmed hiding from the guardian (professional id). */
  readonly guardianHidingConfirmedBy?: string;
  /** The professional who last decided this document's OmaKanta visibility (clears a prompt). */
  readonly visibilityDecidedBy?: string;
}

/** The national metadata of a document version (the CDA header's content, as data). */
export interface DocumentMetadata {
  readonly registerId: string;
  readonly registrarOid: string;
  /** Author's organization: the producer when written under a register usage right. */
  readonly organizationOid: string;
  readonly serviceUnitOid: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly caseOid?: string;
  readonly clienthoodOid?: string;
  /** Every client the document concerns; the first one owns the stored rows. */
  readonly clients: readonly ClientKey[];
  readonly serviceTask: string;
  readonly socialService?: string;
  readonly processPhase?: string;
  readonly documentGroup: DocumentGroup;
  /** Specific client document type, 1.2.246.537.6.1506. */
  readonly documentType: string;
  readonly structureOid: string;
  /** Date the document concerns (ISO date). */
  readonly documentDate: string;
  readonly retentionClass?: string;
  readonly language: 'fi' | 'sv';
  readonly omakanta: OmaKantaSettings;
}

/** One stored version. Versions are never changed; correction and invalidation add versions. */
export interface DocumentVersion {
  /** The document set id (setId): the OID of the first version, constant across versions. */
  readonly setId: string;
  readonly version: number;
  /** This version's own OID. */
  readonly versionOid: string;
  readonly status: DocumentStatus;
  readonly metadata: DocumentMetadata;
  readonly content: unknown;
  readonly xhtml: string;
  /** Why this version replaced the previous one (correction or invalidation). */
  readonly reason?: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}
