// The API's request and response shapes. Each is a TypeBox schema: Fastify validates requests and
// (through the serializer) responses with it, handlers get their static types from it, and
// @fastify/swagger publishes it in /openapi.json. One declaration, three uses.
import { type Static, type TSchema, Type } from '@fastify/type-provider-typebox';
import type { Role } from '@varanto/domain/records';

const Str = (max = 200, min = 1) => Type.String({ minLength: min, maxLength: max });
export const Oid = Type.String({
  pattern: '^[0-2](\\.(0|[1-9][0-9]*))+$',
  maxLength: 128,
  description: 'ISO OID',
});
export const ClientKey = Type.String({ format: 'uuid', description: 'Opaque client key of a person' });
// Years 1000–9999: the calendar PostgreSQL and the OID minting share (there is no year 0).
export const IsoDate = Type.String({
  format: 'date',
  pattern: '^[1-9][0-9]{3}-',
  description: 'ISO date YYYY-MM-DD',
});
export const Instant = Type.String({ format: 'date-time', pattern: '^[1-9][0-9]{3}-' });
export const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const Lang = Type.Union([Type.Literal('fi'), Type.Literal('sv')]);
const RoleSchema = Type.Union([
  Type.Literal('social_worker'),
  Type.Literal('social_instructor'),
  Type.Literal('practical_nurse'),
  Type.Literal('office_worker'),
  Type.Literal('archivist'),
  Type.Literal('admin'),
  Type.Literal('data_protection_officer'),
]);
// The schema lists the domain's roles; this fails to compile when the two drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _rolesMatch: Same<Static<typeof RoleSchema>, Role> = true;
void _rolesMatch;

// --- problems -----------------------------------------------------------------------------------

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'JSON Pointer (RFC 6901) into the part named by `in`' }),
          message: Type.String(),
          code: Type.String(),
          in: Type.Optional(
            Type.Union([
              Type.Literal('body'),
              Type.Literal('query'),
              Type.Literal('path'),
              Type.Literal('header'),
            ]),
          ),
        }),
      ),
    ),
    currentVersion: Type.Optional(Type.Integer()),
    rule: Type.Optional(Type.String()),
  },
  { description: 'RFC 9457 problem details (application/problem+json)' },
);

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed request (JSON or schema)',
  401: 'No valid session',
  403: 'Refused by a rule that does not depend on hidden data',
  404: 'Not found, or not available to you (the two look the same)',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Content or codes not valid',
  429: 'Too many requests',
  503: 'Too busy for now, or the database unreachable; try again (Retry-After when given)',
};

/** Response entries for problem statuses, for the OpenAPI document and the response check. */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const s of statuses)
    out[s] = { ...ProblemSchema, description: PROBLEM_TEXT[s] ?? 'Problem' } as TSchema;
  return out;
}

/** The problems any authenticated JSON route may answer with. */
export const COMMON_PROBLEMS = [400, 401, 413, 415] as const;

// --- auth ---------------------------------------------------------------------------------------

export const LoginRequest = Type.Object(
  {
    login: Str(100),
    password: Type.Optional(Type.String({ maxLength: 200 })),
    method: Type.Union([Type.Literal('password'), Type.Literal('certificate-card-demo')]),
  },
  { additionalProperties: false },
);

export const ActorView = Type.Object({
  professionalId: Type.String(),
  login: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  organizationOid: Type.String(),
  serviceUnitOids: Type.Array(Type.String()),
  serviceTasks: Type.Array(Type.String()),
  registrarOids: Type.Array(Type.String()),
  strongAuth: Type.Boolean(),
});

export const LoginResponse = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  method: Type.String(),
  strongAuth: Type.Boolean(),
  demo: Type.Boolean({ description: 'True for the certificate-card stand-in: not a real strong login' }),
  actor: ActorView,
});

// --- registry -----------------------------------------------------------------------------------

const OrgKind = Type.Union([
  Type.Literal('wellbeing_county'),
  Type.Literal('municipality'),
  Type.Literal('private_provider'),
  Type.Literal('state'),
]);

export const OrganizationSchema = Type.Object(
  { oid: Oid, name: Str(), kind: OrgKind, businessId: Type.Optional(Str(20)) },
  { additionalProperties: false },
);

export const ServiceUnitInput = Type.Object(
  { oid: Oid, nameFi: Str(), nameSv: Type.Optional(Str()), municipality: Type.Optional(Str(3)) },
  { additionalProperties: false },
);
export const ServiceUnitSchema = Type.Object({
  oid: Type.String(),
  organizationOid: Type.String(),
  nameFi: Type.String(),
  nameSv: Type.Optional(Type.String()),
  municipality: Type.Optional(Type.String()),
});

export const RegisterInput = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' })),
    registrarOid: Oid,
    registerType: Type.Optional(Code),
    name: Str(),
  },
  { additionalProperties: false },
);
export const RegisterSchema = Type.Object({
  id: Type.String(),
  registrarOid: Type.String(),
  registerType: Type.String(),
  name: Type.String(),
});

export const ProfessionalInput = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }),
    givenNames: Str(),
    familyName: Str(),
    registrationNumber: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })),
  },
  { additionalProperties: false },
);
export const ProfessionalSchema = Type.Object({
  id: Type.String(),
  login: Type.String(),
  givenNames: Type.String(),
  familyName: Type.String(),
  registrationNumber: Type.Optional(Type.String()),
});

export const RightGrant = Type.Object(
  {
    organizationOid: Type.Optional(Oid),
    serviceUnitOids: Type.Array(Oid, { maxItems: 50 }),
    role: RoleSchema,
    serviceTasks: Type.Array(Code, { maxItems: 50 }),
    validFrom: IsoDate,
    validTo: Type.Optional(IsoDate),
    reason: Type.Optional(Str(2000)),
  },
  { additionalProperties: false },
);
export const RightSchema = Type.Object({
  professionalId: Type.String(),
  version: Type.Integer(),
  organizationOid: Type.String(),
  serviceUnitOids: Type.Array(Type.String()),
  role: RoleSchema,
  serviceTasks: Type.Array(Type.String()),
  validFrom: Type.String(),
  validTo: Type.Optional(Type.String()),
  grantedBy: Type.String(),
  grantedAt: Type.String(),
  reason: Type.Optional(Type.String()),
});

export const StaffQuery = Type.Object(
  {
    serviceTask: Type.Optional(Code),
    serviceUnit: Type.Optional(Oid),
  },
  {
    additionalProperties: false,
    description: 'Both filters narrow: only those whose right valid today includes the service task / unit',
  },
);
// A colleague as any professional of the organization may see them: no login, no right history.
// Closed (additionalProperties: false), so the response check refuses anything more leaking out.
export const StaffMemberSchema = Type.Object(
  {
    id: Type.String({ description: 'Professional id (what a personal worker is named by)' }),
    name: Type.String({ description: 'Given names and family name' }),
    role: RoleSchema,
    serviceUnits: Type.Array(
      Type.Object(
        { oid: Type.String(), nameFi: Type.String(), nameSv: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    serviceTasks: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

// --- persons ------------------------------------------------------------------------------------

const Address = Type.Object(
  {
    street: Type.Optional(Str()),
    postalCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
    postOffice: Type.Optional(Str()),
  },
  { additionalProperties: false },
);
const TemporaryIdSchema = Type.Object({ system: Oid, value: Str(20) }, { additionalProperties: false });
const Sex = Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('unknown')]);

export const PersonInput = Type.Object(
  {
    hetu: Type.Optional(Type.String({ maxLength: 20, description: 'Henkilötunnus' })),
    temporaryId: Type.Optional(TemporaryIdSchema),
    familyName: Str(),
    givenNames: Str(),
    birthDate: Type.Optional(IsoDate),
    sex: Type.Optional(Sex),
    homeMunicipality: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' })),
    turvakielto: Type.Optional(Type.Boolean({ description: 'Non-disclosure for personal safety' })),
    address: Type.Optional(Address),
  },
  { additionalProperties: false },
);
export const PersonSchema = Type.Object({
  clientKey: Type.String(),
  version: Type.Integer(),
  recordedAt: Type.String(),
  hetu: Type.Optional(Type.String()),
  temporaryId: Type.Optional(Type.Object({ system: Type.String(), value: Type.String() })),
  familyName: Type.String(),
  givenNames: Type.String(),
  birthDate: Type.Optional(Type.String()),
  sex: Type.Optional(Sex),
  homeMunicipality: Type.Optional(Type.String()),
  turvakielto: Type.Boolean(),
  address: Type.Optional(
    Type.Object({
      street: Type.Optional(Type.String()),
      postalCode: Type.Optional(Type.String()),
      postOffice: Type.Optional(Type.String()),
    }),
  ),
  linked: Type.Optional(
    Type.Array(
      Type.Object({
        clientKey: Type.String(),
        hetu: Type.Optional(Type.String()),
        temporaryId: Type.Optional(Type.Object({ system: Type.String(), value: Type.String() })),
      }),
      {
        description:
          'Persons linked to this one by a link in force (a temporary identifier and the identity code of ' +
          'the same client): their documents are found by either',
      },
    ),
  ),
  withheld: Type.Optional(
    Type.Object(
      {
        fields: Type.Array(Type.String(), {
          description: 'Fields left out of this view: address, homeMunicipality',
        }),
        rule: Type.String({ description: 'The rule that withholds them, e.g. turvakielto_not_organizer' }),
        reason: Type.String(),
      },
      {
        description:
          "Present when the person is under turvakielto and the caller is not one of the organizer's own " +
          'case workers in an open service task with a care relation: the protected fields are withheld.',
      },
    ),
  ),
});

export const LinkRequest = Type.Object(
  {
    identifiedClientKey: Type.String({ format: 'uuid', description: 'The person with the identity code' }),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why they are the same client' }),
  },
  { additionalProperties: false },
);
export const ClientLinkSchema = Type.Object({
  linkId: Type.String(),
  version: Type.Integer(),
  temporaryClientKey: Type.String(),
  identifiedClientKey: Type.String(),
  status: Type.Union([Type.Literal('linked'), Type.Literal('unlinked')]),
  reason: Type.String(),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});

// --- documents ----------------------------------------------------------------------------------

const OmaKanta = Type.Object(
  {
    delayUntil: Type.Optional(IsoDate),
    specialContent: Type.Optional(Type.Boolean()),
    restrictionReason: Type.Optional(Code),
    restrictionText: Type.Optional(Str(2000)),
    shownToGuardian: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DocumentMetadataInput = Type.Object(
  {
    clients: Type.Array(ClientKey, { minItems: 1, maxItems: 20 }),
    serviceTask: Code,
    socialService: Type.Optional(Code),
    processPhase: Type.Optional(Code),
    documentType: Type.String({
      minLength: 1,
      maxLength: 16,
      description: 'Specific type, 1.2.246.537.6.1506',
    }),
    structureOid: Type.Optional(Oid),
    documentDate: IsoDate,
    caseOid: Type.Optional(Oid),
    serviceUnitOid: Type.Optional(Oid),
    language: Type.Optional(Lang),
    retentionClass: Type.Optional(Code),
    omakanta: Type.Optional(OmaKanta),
  },
  { additionalProperties: false },
);

export const StoreDocumentRequest = Type.Object(
  {
    metadata: DocumentMetadataInput,
    content: Type.Unknown({ description: 'Document JSON as the structure defines it' }),
  },
  { additionalProperties: false },
);

export const MetadataChanges = Type.Object(
  {
    serviceTask: Type.Optional(Code),
    socialService: Type.Optional(Code),
    processPhase: Type.Optional(Code),
    documentDate: Type.Optional(IsoDate),
    caseOid: Type.Optional(Oid),
    language: Type.Optional(Lang),
    omakanta: Type.Optional(OmaKanta),
  },
  { additionalProperties: false },
);

export const CorrectRequest = Type.Object(
  {
    correctsVersion: Type.Integer({ minimum: 1, description: 'The version this correction replaces' }),
    reason: Str(2000),
    content: Type.Unknown(),
    metadata: Type.Optional(MetadataChanges),
  },
  { additionalProperties: false },
);

export const InvalidateRequest = Type.Object(
  { invalidatesVersion: Type.Integer({ minimum: 1 }), reason: Str(2000) },
  { additionalProperties: false },
);

export const DocumentMetadataSchema = Type.Object({
  registerId: Type.String(),
  registrarOid: Type.String(),
  organizationOid: Type.String(),
  serviceUnitOid: Type.String(),
  authorId: Type.String(),
  authorName: Type.String(),
  caseOid: Type.Optional(Type.String()),
  clienthoodOid: Type.Optional(Type.String()),
  clients: Type.Array(Type.String()),
  serviceTask: Type.String(),
  socialService: Type.Optional(Type.String()),
  processPhase: Type.Optional(Type.String()),
  documentGroup: Type.String(),
  documentType: Type.String(),
  structureOid: Type.String(),
  documentDate: Type.String(),
  retentionClass: Type.Optional(Type.String()),
  language: Lang,
  omakanta: Type.Object({
    delayUntil: Type.Optional(Type.String()),
    specialContent: Type.Optional(Type.Boolean()),
    restrictionReason: Type.Optional(Type.String()),
    restrictionText: Type.Optional(Type.String()),
    shownToGuardian: Type.Optional(Type.Boolean()),
  }),
});

const VersionFields = {
  setId: Type.String({ description: 'OID of the document set: its first version, constant across versions' }),
  version: Type.Integer(),
  versionOid: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('invalidated')]),
  metadata: DocumentMetadataSchema,
  reason: Type.Optional(Type.String()),
  recordedAt: Type.String(),
  recordedBy: Type.String(),
};

export const DocumentVersionSchema = Type.Object({
  ...VersionFields,
  content: Type.Unknown(),
  xhtml: Type.String(),
});
export const DocumentSummarySchema = Type.Object(VersionFields);

export const DocumentPageSchema = Type.Object({
  items: Type.Array(DocumentSummarySchema),
  total: Type.Integer({ description: 'Documents the access filter allows, over all pages' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const DocumentSearchQuery = Type.Object(
  {
    client: Type.Optional(ClientKey),
    case: Type.Optional(Oid),
    serviceTask: Type.Optional(Code),
    documentType: Type.Optional(Code),
    documentGroup: Type.Optional(Code),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    includeInvalidated: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);

// --- clienthoods and cases ------------------------------------------------------------------------

export const OpenClienthoodRequest = Type.Object(
  {
    clientKey: ClientKey,
    started: IsoDate,
    serviceTask: Code,
    serviceUnitOid: Type.Optional(Oid),
    personalWorkerId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export const AddServiceTaskRequest = Type.Object(
  { serviceTask: Code, start: IsoDate, serviceUnitOid: Type.Optional(Oid) },
  { additionalProperties: false },
);
export const EndServiceTaskRequest = Type.Object({ end: IsoDate }, { additionalProperties: false });
export const EndClienthoodRequest = Type.Object(
  {
    ended: IsoDate,
    reason: Type.Optional(Str(2000, 0)),
  },
  { additionalProperties: false, description: 'End date and reason (asiakkuuden päättymisen perustelu)' },
);
export const PersonalWorkerRequest = Type.Object(
  { professionalId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) },
  { additionalProperties: false },
);

export const ClienthoodSchema = Type.Object({
  clientKey: Type.String(),
  clienthoodOid: Type.String(),
  registrarOid: Type.String(),
  registerId: Type.String(),
  setId: Type.String(),
  version: Type.Integer(),
  started: Type.String(),
  ended: Type.Optional(Type.String()),
  serviceTasks: Type.Array(
    Type.Object({ serviceTask: Type.String(), start: Type.String(), end: Type.Optional(Type.String()) }),
  ),
  personalWorkerId: Type.Optional(Type.String()),
});

export const OpenCaseRequest = Type.Object(
  {
    serviceTask: Code,
    subject: Type.Object(
      { code: Code, display: Type.Optional(Str()) },
      { additionalProperties: false, description: 'Kind of case, 1.2.246.537.6.1265' },
    ),
    members: Type.Array(ClientKey, { minItems: 1, maxItems: 20 }),
    opened: IsoDate,
    serviceUnitOid: Type.Optional(Oid),
  },
  { additionalProperties: false },
);
export const AddMemberRequest = Type.Object(
  { clientKey: ClientKey, joinedAt: Type.Optional(Instant) },
  { additionalProperties: false },
);
export const LeaveRequest = Type.Object({ leftAt: Type.Optional(Instant) }, { additionalProperties: false });
export const CloseCaseRequest = Type.Object({ ended: IsoDate }, { additionalProperties: false });

export const CaseSchema = Type.Object({
  caseOid: Type.String(),
  registrarOid: Type.String(),
  serviceTask: Type.String(),
  state: Type.String(),
  opened: Type.String(),
  ended: Type.Optional(Type.String()),
  shared: Type.Boolean(),
  members: Type.Array(
    Type.Object({ clientKey: Type.String(), joinedAt: Type.String(), leftAt: Type.Optional(Type.String()) }),
  ),
  setId: Type.String(),
  version: Type.Integer(),
});

// --- reference data -------------------------------------------------------------------------------

const Localized = Type.Object({
  fi: Type.String(),
  sv: Type.Optional(Type.String()),
  en: Type.Optional(Type.String()),
});

export const StructureSummary = Type.Object({
  oid: Type.String(),
  typeCode: Type.String(),
  version: Type.String(),
  name: Localized,
  documentType: Type.String(),
  source: Type.Optional(Type.String()),
});
export const StructureDefinitionSchema = Type.Object({
  ...StructureSummary.properties,
  rootKey: Type.String(),
  fields: Type.Array(Type.Unknown(), { description: 'Field tree of the definition (see docs)' }),
});

export const CodeEntrySchema = Type.Object({
  code: Type.String(),
  names: Localized,
  validFrom: Type.Optional(Type.String()),
  validTo: Type.Optional(Type.String()),
  parent: Type.Optional(Type.String()),
  provisional: Type.Boolean({ description: 'Reconstructed, not read from an official export' }),
});
export const CodeSetSummary = Type.Object({
  oid: Type.String(),
  version: Type.Optional(Type.String()),
  names: Localized,
  completeness: Type.String(),
  provisional: Type.Boolean(),
  size: Type.Integer(),
});
export const CodeSetSchema = Type.Object({
  ...CodeSetSummary.properties,
  codes: Type.Array(CodeEntrySchema),
});

export const Paging = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);

export type StaticOf<T extends TSchema> = Static<T>;
