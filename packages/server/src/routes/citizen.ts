// The citizen portal's API (OmaKanta): a person reads their own records, or those of someone they
// may act for (`?as=<clientKey>`: a guardian for a minor, an agent with a mandate for an adult).
// Every path applies the visibility rules of the domain (visibility/): lists and counts through the
// compiled filter in SQL, a single document through the evaluated decision — the same rules, checked
// against each other by the matrix tests. Every request is the citizen's audited action, and every
// view of another person's records is logged as on-behalf with its basis. A refusal, whatever its
// reason, is the one 404.
import { Type } from '@fastify/type-provider-typebox';
import { DEFAULT_GRACE_DAYS } from '@varanto/domain/access';
import {
  type CitizenViewBasis,
  citizenLogDisclosure,
  decideNewFlag,
  neverShownPredicate,
} from '@varanto/domain/citizen';
import { CODE_SYSTEM_OIDS } from '@varanto/domain/codes';
import {
  decideActingOnBehalf,
  decideVisibility,
  type VisibilityDocument,
  visibilityFilter,
} from '@varanto/domain/visibility';
import {
  type CitizenLogRow,
  type CurrentState,
  citizenAccessLog,
  citizenDocumentSummary,
  countCitizenDocuments,
  currentRight,
  type ErrorFlag,
  fileErrorFlag,
  findClientKey,
  getCurrentState,
  getDocumentVersion,
  getOrganization,
  getPerson,
  getProfessional,
  getProfessionalContact,
  getServiceUnit,
  HETU_SYSTEM,
  listCases,
  listCitizenDocuments,
  listCitizenErrorFlags,
  listClienthoods,
  listPersons,
  loadRelations,
  relationSubjects,
  type Tx,
} from '@varanto/store';
import { auditAlone } from '../audit.ts';
import {
  CITIZEN_COOKIE,
  type CitizenNote,
  citizenAct,
  citizenOf,
  endCitizenSession,
  isMinor,
  resolveViewing,
  setCitizenCookie,
  signCitizenSession,
  type Viewing,
} from '../citizen-auth.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import { hide } from '../documents.ts';
import { fail, ProblemError, problem } from '../problem.ts';
import { ClientKey as ClientKeySchema, Instant, IsoDate, Oid, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

// --- schemas ------------------------------------------------------------------------------------

const Basis = Type.Union([Type.Literal('self'), Type.Literal('guardian'), Type.Literal('mandate')]);
const AsQuery = {
  as: Type.Optional(
    Type.Unsafe<string>({
      ...ClientKeySchema,
      description: 'Whose records: a person you act for (default: yourself)',
    }),
  ),
};
const Localized = Type.Object({
  fi: Type.String(),
  sv: Type.Optional(Type.String()),
  en: Type.Optional(Type.String()),
});
const Named = Type.Object({
  oid: Type.String(),
  name: Type.Optional(Type.String()),
  nameSv: Type.Optional(Type.String()),
});

const DocumentSummary = Type.Object({
  setId: Type.String(),
  version: Type.Integer(),
  documentType: Type.String(),
  documentName: Localized,
  documentDate: Type.String(),
  serviceTask: Type.String(),
  serviceTaskName: Type.Optional(Localized),
  caseOid: Type.Optional(Type.String()),
  language: Type.Union([Type.Literal('fi'), Type.Literal('sv')]),
  registrar: Named,
  organization: Named,
  serviceUnit: Named,
  authorName: Type.String(),
  recordedAt: Type.String(),
  firstRecordedAt: Type.String(),
});

const Subject = {
  subject: Type.String({ description: 'Whose records were read' }),
  basis: Basis,
};

const DocumentPage = Type.Object({
  ...Subject,
  items: Type.Array(DocumentSummary),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

const Counts = Type.Object({
  ...Subject,
  total: Type.Integer(),
  byServiceTask: Type.Array(
    Type.Object({
      serviceTask: Type.String(),
      serviceTaskName: Type.Optional(Localized),
      count: Type.Integer(),
    }),
  ),
  byYear: Type.Array(Type.Object({ year: Type.Integer(), count: Type.Integer() })),
});

const Person = Type.Object({
  clientKey: Type.String(),
  givenNames: Type.String(),
  familyName: Type.String(),
});

const Me = Type.Object({
  person: Person,
  /** Yourself first when you may read your own records, then the persons you may act for today. */
  viewable: Type.Array(
    Type.Object({
      ...Person.properties,
      basis: Basis,
      minor: Type.Boolean(),
    }),
  ),
});

const LoginBody = Type.Object(
  {
    hetu: Type.String({
      minLength: 11,
      maxLength: 11,
      description: 'Henkilötunnus of a seeded person (demo stand-in for Suomi.fi identification)',
    }),
  },
  { additionalProperties: false },
);

const LoginAnswer = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  method: Type.Literal('suomi-fi-demo'),
  demo: Type.Boolean(),
  person: Person,
});

const Clienthood = Type.Object({
  registrar: Named,
  started: Type.String(),
  ended: Type.Optional(Type.String()),
  serviceTasks: Type.Array(
    Type.Object({
      serviceTask: Type.String(),
      serviceTaskName: Type.Optional(Localized),
      start: Type.String(),
      end: Type.Optional(Type.String()),
    }),
  ),
  personalWorker: Type.Optional(
    Type.Object({
      name: Type.String(),
      serviceUnit: Type.Optional(Named),
      phone: Type.Optional(Type.String()),
      email: Type.Optional(Type.String()),
      serviceAddress: Type.Optional(
        Type.String({
          description: "The worker's public service address (the office's, never a home address)",
        }),
      ),
    }),
  ),
});

const CaseView = Type.Object({
  caseOid: Type.String(),
  registrar: Named,
  serviceTask: Type.String(),
  serviceTaskName: Type.Optional(Localized),
  state: Type.String(),
  opened: Type.String(),
  ended: Type.Optional(Type.String()),
  shared: Type.Boolean(),
});

const LogQuery = Type.Object(
  {
    ...AsQuery,
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    actor: Type.Optional(
      Type.String({
        pattern: '^(professional|citizen|system)(,(professional|citizen|system))*$',
        description: 'Only these actors, comma-separated: professional, citizen, system',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

const LogEntry = Type.Object({
  id: Type.String({ description: "The entry's place in the audit hash chain (chain:seq)" }),
  at: Type.String(),
  actor: Type.Optional(
    Type.Object({
      kind: Type.Union([
        Type.Literal('professional'),
        Type.Literal('citizen'),
        Type.Literal('system'),
        Type.Literal('anonymous'),
      ]),
      name: Type.Optional(Type.String()),
      role: Type.Optional(Type.String()),
      you: Type.Optional(Type.Boolean({ description: 'You yourself acted' })),
    }),
  ),
  organization: Type.Optional(Named),
  serviceUnits: Type.Optional(Type.Array(Named)),
  action: Type.String(),
  outcome: Type.Union([Type.Literal('allowed'), Type.Literal('denied'), Type.Literal('error')]),
  purpose: Type.Optional(Type.String()),
  careRelation: Type.Optional(
    Type.Union(
      [
        Type.Literal('personal_worker'),
        Type.Literal('case'),
        Type.Literal('usage_right'),
        Type.Literal('recorded_reason'),
      ],
      {
        description:
          'The relation the professional held to you that day, the strongest: personal worker, open case, ' +
          "a register usage right of their service unit for you (a producer's worker) or a recorded reason",
      },
    ),
  ),
  documents: Type.Array(
    Type.Object({
      setId: Type.String(),
      version: Type.Integer(),
      documentName: Localized,
      documentDate: Type.String(),
    }),
  ),
  withheldDocuments: Type.Integer({
    description: 'Documents of the entry not shown to you (not identified)',
  }),
  withheld: Type.Optional(
    Type.Object({ rule: Type.String(), reason: Type.String(), reasonFi: Type.String() }),
  ),
});

const LogPage = Type.Object({
  ...Subject,
  items: Type.Array(LogEntry),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

const FlagStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('in_progress'),
  Type.Literal('corrected'),
  Type.Literal('rejected'),
]);

const FlagView = Type.Object({
  flagId: Type.String(),
  setId: Type.String(),
  documentVersion: Type.Integer(),
  status: FlagStatus,
  description: Type.String(),
  response: Type.Optional(Type.String()),
  flaggedAt: Type.String(),
  updatedAt: Type.String(),
  flaggedBasis: Basis,
  byYou: Type.Boolean(),
  serviceUnit: Named,
});

const FlagBody = Type.Object(
  { description: Type.String({ maxLength: 4000 }) },
  { additionalProperties: false },
);
const SetIdParams = Type.Object({ setId: Oid });

// --- helpers ------------------------------------------------------------------------------------

export function visibilityDocumentOf(s: CurrentState): VisibilityDocument {
  const m = s.metadata;
  return {
    status: s.status,
    registrarOid: m.registrarOid,
    organizationOid: m.organizationOid,
    clients: m.clients,
    documentGroup: m.documentGroup,
    documentType: m.documentType,
    ...(m.socialService !== undefined ? { socialService: m.socialService } : {}),
    omakanta: m.omakanta,
  };
}

function filterOf(v: Viewing) {
  return visibilityFilter(
    { person: v.viewer.personKey, subject: v.subject },
    { today: v.today, relations: v.relations },
  );
}

/**
 * The current state of a document the viewer may see, decided by the evaluated rules; otherwise the
 * one 404 whose audit entry names the refusing rule.
 */
/** The visibility rules on one document for this viewing (self or on behalf). */
function decideShown(v: Viewing, current: CurrentState) {
  return decideVisibility({ person: v.viewer.personKey, subject: v.subject }, visibilityDocumentOf(current), {
    today: v.today,
    relations: v.relations,
  });
}

async function visibleDocument(tx: Tx, v: Viewing, setId: string, note: CitizenNote): Promise<CurrentState> {
  const current = await getCurrentState(tx, setId);
  if (!current) throw hide('not_found', 'no such document');
  note.documents.push({ setId, version: current.version });
  const d = decideShown(v, current);
  if (!d.visible) throw hide(d.rule, d.reason);
  return current;
}

function localized(ctx: ServerContext, system: string, code: string) {
  const fi = ctx.codes.display(system, code, 'fi');
  if (fi === undefined) return undefined;
  const sv = ctx.codes.display(system, code, 'sv');
  const en = ctx.codes.display(system, code, 'en');
  return {
    fi,
    ...(sv !== undefined && sv !== fi ? { sv } : {}),
    ...(en !== undefined && en !== fi ? { en } : {}),
  };
}

function documentName(ctx: ServerContext, structureOid: string, documentType: string) {
  const def = ctx.structures.get(structureOid) ?? ctx.structures.latestForType(documentType);
  if (def) return { ...def.name };
  return localized(ctx, CODE_SYSTEM_OIDS.clientDocumentType, documentType) ?? { fi: documentType };
}

function taskName(ctx: ServerContext, code: string) {
  const n = localized(ctx, CODE_SYSTEM_OIDS.serviceTask, code);
  return n ? { serviceTaskName: n } : {};
}

function summaryView(ctx: ServerContext, s: NonNullable<Awaited<ReturnType<typeof citizenDocumentSummary>>>) {
  const { structureOid: _s, documentGroup: _g, socialService: _ss, processPhase: _p, ...rest } = s;
  return {
    ...rest,
    documentName: documentName(ctx, s.structureOid, s.documentType),
    ...taskName(ctx, s.serviceTask),
  };
}

async function named(tx: Tx, oid: string) {
  const o = await getOrganization(tx, oid);
  return { oid, ...(o ? { name: o.name } : {}) };
}

/** The CSV of the log as the client sees it; a leading formula character is defused. */
function csvCell(v: string | number | boolean | undefined): string {
  let s = v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type LogEntryView = ReturnType<typeof logEntryView>;

function logEntryView(ctx: ServerContext, v: Viewing, r: CitizenLogRow) {
  const disclosure = citizenLogDisclosure({
    basis: v.basis.kind as CitizenViewBasis,
    hiddenDocuments: r.hiddenDocuments,
    actorDidNeverShownWork: r.actorDidNeverShownWork,
  });
  return {
    id: `${r.chain}:${r.seq}`,
    at: r.at,
    ...(disclosure.actor
      ? {
          actor: {
            kind: r.actorKind,
            ...(r.actorName !== undefined ? { name: r.actorName } : {}),
            ...(r.role !== undefined ? { role: r.role } : {}),
            ...(r.actorKind === 'citizen' && r.actorId === v.viewer.personKey ? { you: true } : {}),
          },
          ...(r.organization ? { organization: r.organization } : {}),
          serviceUnits: r.serviceUnits,
        }
      : {}),
    action: r.action,
    outcome: r.outcome,
    ...(disclosure.details && r.actorKind === 'professional' && r.purpose !== undefined
      ? { purpose: r.purpose }
      : {}),
    ...(disclosure.details && r.careRelation ? { careRelation: r.careRelation.kind } : {}),
    documents: r.shownDocuments.map((d) => ({
      setId: d.setId,
      version: d.version,
      documentName: documentName(ctx, '', d.documentType),
      documentDate: d.documentDate,
    })),
    withheldDocuments: r.hiddenDocuments,
    ...(disclosure.rule
      ? { withheld: { rule: disclosure.rule, reason: disclosure.reason!, reasonFi: disclosure.reasonFi! } }
      : {}),
  };
}

const CSV_COLUMNS = [
  'time_utc',
  'actor_kind',
  'name',
  'role',
  'organization',
  'service_units',
  'action',
  'outcome',
  'purpose',
  'care_relation',
  'documents',
  'withheld_documents',
  'withheld_rule',
];

function logCsv(items: readonly LogEntryView[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of items) {
    lines.push(
      [
        e.at,
        e.actor?.kind,
        e.actor?.name,
        e.actor?.role,
        e.organization?.name ?? e.organization?.oid,
        (e.serviceUnits ?? []).map((u) => u.name ?? u.oid).join('; '),
        e.action,
        e.outcome,
        e.purpose,
        e.careRelation,
        e.documents.map((d) => `${d.documentName.fi} ${d.documentDate} (${d.setId})`).join('; '),
        e.withheldDocuments,
        e.withheld?.rule,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function readLog(
  ctx: ServerContext,
  tx: Tx,
  v: Viewing,
  q: { from?: string; to?: string; actor?: string; limit: number; offset: number },
) {
  const kinds = q.actor?.split(',') as ('professional' | 'citizen' | 'system')[] | undefined;
  const page = await citizenAccessLog(tx, {
    subject: v.subject,
    visible: filterOf(v),
    neverShown: neverShownPredicate(),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(kinds ? { actorKinds: kinds } : {}),
    limit: q.limit,
    offset: q.offset,
    graceDays: ctx.config.accessGraceDays ?? DEFAULT_GRACE_DAYS,
  });
  return { items: page.items.map((r) => logEntryView(ctx, v, r)), total: page.total };
}

async function flagView(tx: Tx, f: ErrorFlag, viewer: string) {
  const unit = await getServiceUnit(tx, f.serviceUnitOid);
  return {
    flagId: f.flagId,
    setId: f.setId,
    documentVersion: f.documentVersion,
    status: f.status,
    description: f.description,
    ...(f.response !== undefined ? { response: f.response } : {}),
    flaggedAt: f.flaggedAt,
    updatedAt: f.recordedAt,
    flaggedBasis: f.flaggedBasis,
    byYou: f.flaggedBy === viewer,
    serviceUnit: {
      oid: f.serviceUnitOid,
      ...(unit ? { name: unit.nameFi, ...(unit.nameSv ? { nameSv: unit.nameSv } : {}) } : {}),
    },
  };
}

// --- routes -------------------------------------------------------------------------------------

const PUBLIC = { public: true } as const;
// The session token as a Bearer token, or the `varanto_citizen` cookie the login sets.
const CITIZEN_SECURITY = [{ bearer: [] }];
const NOTE_404 =
  'Refused for any reason (not yours, not shown in OmaKanta, no basis to act for the person) is the one 404; the audit entry keeps the rule.';

export function citizenRoutes(app: TypedApp, ctx: ServerContext): void {
  const rate = ctx.config.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 };
  app.post(
    '/citizen/auth/login',
    {
      config: { public: true, rateLimit: { max: rate.max, timeWindow: rate.timeWindowMs } },
      schema: {
        tags: ['citizen'],
        summary: 'Log in to the citizen portal (demo stand-in for strong Suomi.fi identification)',
        description:
          'Exists only when demo logins are enabled: the henkilötunnus of a known person gives a strong ' +
          'citizen session (token, also an httpOnly cookie for `/citizen`). In production the portal ' +
          'identifies the person through Suomi.fi.',
        security: [],
        body: LoginBody,
        response: { 200: LoginAnswer, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const refuse = async (why: string): Promise<never> => {
        await auditAlone(
          ctx,
          request,
          { kind: 'anonymous' },
          'citizen.auth.login',
          'denied',
          'authentication',
          why,
        );
        fail('unauthenticated', 'Login failed.');
      };
      if (!ctx.config.demoLogins) await refuse('citizen demo login is not enabled');
      const person = await ctx.store.transaction(
        async (tx) => {
          const key = await findClientKey(tx, HETU_SYSTEM, request.body.hetu);
          return key ? getPerson(tx, key) : undefined;
        },
        { readOnly: true },
      );
      if (!person) return refuse('unknown henkilötunnus');
      const session = await signCitizenSession(ctx, person.clientKey);
      const actor = {
        kind: 'citizen' as const,
        personKey: person.clientKey,
        name: `${person.givenNames} ${person.familyName}`,
        strongAuth: true,
      };
      await citizenAct(ctx, request, actor, 'citizen.auth.login', 'write', async (_tx, note) => {
        note.clientKey = person.clientKey;
        note.rule = 'suomi-fi-demo';
      });
      setCitizenCookie(ctx, reply, session.token, session.expiresAt);
      return {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        method: 'suomi-fi-demo' as const,
        demo: true,
        person: { clientKey: person.clientKey, givenNames: person.givenNames, familyName: person.familyName },
      };
    },
  );

  app.post(
    '/citizen/auth/logout',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'End the citizen session: revoke it on the server and forget the cookie',
        security: [],
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await endCitizenSession(ctx, request);
      reply.clearCookie(CITIZEN_COOKIE, { path: '/citizen' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/citizen/me',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Who you are, and whose records you may view today (yourself, and persons you act for)',
        security: CITIZEN_SECURITY,
        response: { 200: Me, ...problemResponses(401) },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      return citizenAct(ctx, request, viewer, 'citizen.relations.read', 'read', async (tx, note) => {
        note.clientKey = viewer.personKey;
        const day = finnishDate(ctx.now());
        const candidates = [viewer.personKey, ...(await relationSubjects(tx, viewer.personKey))];
        const relations = await loadRelations(tx, viewer.personKey, candidates);
        const persons = new Map((await listPersons(tx, candidates)).map((p) => [p.clientKey, p]));
        const viewable = candidates.flatMap((key) => {
          const d = decideActingOnBehalf(viewer.personKey, key, relations, day);
          const p = persons.get(key);
          if (!d.allowed || !p) return [];
          return [
            {
              clientKey: key,
              givenNames: p.givenNames,
              familyName: p.familyName,
              basis: d.basis.kind,
              minor: isMinor(relations, key, day),
            },
          ];
        });
        const me = persons.get(viewer.personKey)!;
        return {
          person: { clientKey: me.clientKey, givenNames: me.givenNames, familyName: me.familyName },
          viewable,
        };
      });
    },
  );

  app.get(
    '/citizen/documents',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'The documents shown to you in OmaKanta (yours, or of a person you act for)',
        description: NOTE_404,
        security: CITIZEN_SECURITY,
        querystring: Type.Object(
          {
            ...AsQuery,
            from: Type.Optional(IsoDate),
            to: Type.Optional(IsoDate),
            serviceTask: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DocumentPage, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      const q = request.query;
      const limit = q.limit ?? 50;
      const offset = q.offset ?? 0;
      return citizenAct(ctx, request, viewer, 'citizen.document.list', 'read', async (tx, note) => {
        const v = await resolveViewing(ctx, tx, viewer, q.as, note);
        const page = await listCitizenDocuments(tx, {
          subject: v.subject,
          filter: filterOf(v),
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(q.serviceTask !== undefined ? { serviceTask: q.serviceTask } : {}),
          limit,
          offset,
        });
        note.documents.push(...page.items.map((d) => ({ setId: d.setId, version: d.version })));
        return {
          subject: v.subject,
          basis: v.basis.kind,
          items: page.items.map((s) => summaryView(ctx, s)),
          total: page.total,
          limit,
          offset,
        };
      });
    },
  );

  app.get(
    '/citizen/documents/counts',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'How many documents are shown to you, in all, by service task and by year',
        security: CITIZEN_SECURITY,
        querystring: Type.Object(AsQuery, { additionalProperties: false }),
        response: { 200: Counts, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      return citizenAct(ctx, request, viewer, 'citizen.document.counts', 'read', async (tx, note) => {
        const v = await resolveViewing(ctx, tx, viewer, request.query.as, note);
        const c = await countCitizenDocuments(tx, v.subject, filterOf(v));
        return {
          subject: v.subject,
          basis: v.basis.kind,
          total: c.total,
          byServiceTask: c.byServiceTask.map((x) => ({ ...x, ...taskName(ctx, x.serviceTask) })),
          byYear: c.byYear,
        };
      });
    },
  );

  app.get(
    '/citizen/documents/:setId',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'One document shown to you (its current version)',
        description: NOTE_404,
        security: CITIZEN_SECURITY,
        params: SetIdParams,
        querystring: Type.Object(AsQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({ ...Subject, document: DocumentSummary }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      return citizenAct(ctx, request, viewer, 'citizen.document.read', 'read', async (tx, note) => {
        const v = await resolveViewing(ctx, tx, viewer, request.query.as, note);
        await visibleDocument(tx, v, request.params.setId, note);
        const s = await citizenDocumentSummary(tx, request.params.setId);
        if (!s) throw hide('not_found', 'no such document');
        return { subject: v.subject, basis: v.basis.kind, document: summaryView(ctx, s) };
      });
    },
  );

  app.get(
    '/citizen/documents/:setId/xhtml',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'The XHTML rendering of a document shown to you (for display and print)',
        description: `Served as application/xhtml+xml under a CSP that allows no scripts. ${NOTE_404}`,
        security: CITIZEN_SECURITY,
        params: SetIdParams,
        querystring: Type.Object(AsQuery, { additionalProperties: false }),
        response: { 200: Type.String(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const viewer = await citizenOf(ctx, request);
      const xhtml = await citizenAct(
        ctx,
        request,
        viewer,
        'citizen.document.render',
        'read',
        async (tx, note) => {
          const v = await resolveViewing(ctx, tx, viewer, request.query.as, note);
          const current = await visibleDocument(tx, v, request.params.setId, note);
          const doc = await getDocumentVersion(tx, current.setId, current.version);
          if (!doc) throw hide('not_found', 'no such document');
          return doc.xhtml;
        },
      );
      return reply
        .header('content-type', 'application/xhtml+xml; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('cache-control', 'no-store')
        .send(xhtml);
    },
  );

  app.get(
    '/citizen/clienthoods',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Your clienthoods: where you are a client, in which service tasks, and your personal worker',
        description:
          'A clienthood is listed when its clienthood document is shown to you (the same visibility rules as ' +
          'any document); the personal worker with their work contact details.',
        security: CITIZEN_SECURITY,
        querystring: Type.Object(AsQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({ ...Subject, items: Type.Array(Clienthood) }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      return citizenAct(ctx, request, viewer, 'citizen.clienthood.list', 'read', async (tx, note) => {
        const v = await resolveViewing(ctx, tx, viewer, request.query.as, note);
        const items = [];
        for (const c of await listClienthoods(tx, v.subject)) {
          const state = await getCurrentState(tx, c.setId);
          if (!state) continue;
          if (!decideShown(v, state).visible) continue;
          note.documents.push({ setId: state.setId, version: state.version });
          let personalWorker: Record<string, unknown> | undefined;
          if (c.personalWorkerId !== undefined) {
            const p = await getProfessional(tx, c.personalWorkerId);
            if (p) {
              const contact = await getProfessionalContact(tx, p.id);
              const right = await currentRight(tx, p.id, v.today);
              const unitOid = right?.serviceUnitOids[0];
              const unit = unitOid ? await getServiceUnit(tx, unitOid) : undefined;
              personalWorker = {
                name: `${p.givenNames} ${p.familyName}`,
                ...(unit
                  ? {
                      serviceUnit: {
                        oid: unit.oid,
                        name: unit.nameFi,
                        ...(unit.nameSv ? { nameSv: unit.nameSv } : {}),
                      },
                    }
                  : {}),
                ...(contact?.phone ? { phone: contact.phone } : {}),
                ...(contact?.email ? { email: contact.email } : {}),
                ...(contact?.serviceAddress ? { serviceAddress: contact.serviceAddress } : {}),
              };
            }
          }
          items.push({
            registrar: await named(tx, c.registrarOid),
            started: c.started,
            ...(c.ended !== undefined ? { ended: c.ended } : {}),
            serviceTasks: c.serviceTasks.map((t) => ({
              serviceTask: t.serviceTask,
              ...taskName(ctx, t.serviceTask),
              start: t.start,
              ...(t.end !== undefined ? { end: t.end } : {}),
            })),
            ...(personalWorker ? { personalWorker: personalWorker as { name: string } } : {}),
          });
        }
        return { subject: v.subject, basis: v.basis.kind, items };
      });
    },
  );

  app.get(
    '/citizen/cases',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Your cases (asiat) whose case document is shown to you',
        security: CITIZEN_SECURITY,
        querystring: Type.Object(AsQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({ ...Subject, items: Type.Array(CaseView) }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      return citizenAct(ctx, request, viewer, 'citizen.case.list', 'read', async (tx, note) => {
        const v = await resolveViewing(ctx, tx, viewer, request.query.as, note);
        const items = [];
        for (const c of await listCases(tx, v.subject)) {
          const state = await getCurrentState(tx, c.setId);
          if (!state) continue;
          if (!decideShown(v, state).visible) continue;
          note.documents.push({ setId: state.setId, version: state.version });
          items.push({
            caseOid: c.caseOid,
            registrar: await named(tx, c.registrarOid),
            serviceTask: c.serviceTask,
            ...taskName(ctx, c.serviceTask),
            state: c.state,
            opened: c.opened,
            ...(c.ended !== undefined ? { ended: c.ended } : {}),
            shared: c.shared,
          });
        }
        return { subject: v.subject, basis: v.basis.kind, items };
      });
    },
  );

  app.get(
    '/citizen/access-log',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Who handled your data: who, in which organization, when and why',
        description:
          'Every entry about you, newest first. A document not shown to you is never identified (the entry ' +
          'counts it as withheld, without its free text); acting for another person, entries about documents ' +
          'hidden from you, or by units whose work is never shown, do not name who acted.',
        security: CITIZEN_SECURITY,
        querystring: LogQuery,
        response: { 200: LogPage, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      const q = request.query;
      const limit = q.limit ?? 100;
      const offset = q.offset ?? 0;
      return citizenAct(ctx, request, viewer, 'citizen.access_log.read', 'read', async (tx, note) => {
        const v = await resolveViewing(ctx, tx, viewer, q.as, note);
        const page = await readLog(ctx, tx, v, { ...q, limit, offset });
        return { subject: v.subject, basis: v.basis.kind, ...page, limit, offset };
      });
    },
  );

  app.get(
    '/citizen/access-log.csv',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Who handled your data, as a CSV file (RFC 4180, UTF-8), up to 10 000 entries',
        security: CITIZEN_SECURITY,
        querystring: Type.Object(
          {
            ...LogQuery.properties,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 10_000 })),
          },
          { additionalProperties: false },
        ),
        produces: ['text/csv'],
        response: { 200: Type.String(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const viewer = await citizenOf(ctx, request);
      const q = request.query;
      const page = await citizenAct(
        ctx,
        request,
        viewer,
        'citizen.access_log.read',
        'read',
        async (tx, note) => {
          const v = await resolveViewing(ctx, tx, viewer, q.as, note);
          return readLog(ctx, tx, v, { ...q, limit: q.limit ?? 10_000, offset: 0 });
        },
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="kuka-kasitteli-tietojani.csv"')
        .header('cache-control', 'no-store')
        .send(logCsv(page.items));
    },
  );

  app.post(
    '/citizen/documents/:setId/error-flags',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Report an error in a document shown to you; it goes to the unit that recorded it',
        description: NOTE_404,
        security: CITIZEN_SECURITY,
        params: SetIdParams,
        querystring: Type.Object(AsQuery, { additionalProperties: false }),
        body: FlagBody,
        response: { 201: FlagView, ...problemResponses(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const viewer = await citizenOf(ctx, request);
      const flag = await citizenAct(
        ctx,
        request,
        viewer,
        'citizen.error_flag.file',
        'write',
        async (tx, note) => {
          const v = await resolveViewing(ctx, tx, viewer, request.query.as, note);
          const current = await visibleDocument(tx, v, request.params.setId, note);
          const d = decideNewFlag(request.body.description);
          if (!d.ok) {
            throw new ProblemError(
              problem('unprocessable', d.reason, {
                rule: d.rule,
                errors: [{ path: '/description', code: d.rule, message: d.reason }],
              }),
            );
          }
          const f = await fileErrorFlag(tx, {
            clientKey: v.subject,
            setId: current.setId,
            documentVersion: current.version,
            registrarOid: current.metadata.registrarOid,
            serviceUnitOid: current.metadata.serviceUnitOid,
            description: request.body.description.trim(),
            flaggedBy: viewer.personKey,
            flaggedBasis: v.basis.kind,
            recordedBy: `citizen:${viewer.personKey}`,
          });
          return flagView(tx, f, viewer.personKey);
        },
      );
      return reply.code(201).send(flag);
    },
  );

  app.get(
    '/citizen/error-flags',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Your error reports and how the units have handled them',
        security: CITIZEN_SECURITY,
        querystring: Type.Object(AsQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({ ...Subject, items: Type.Array(FlagView) }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const viewer = await citizenOf(ctx, request);
      return citizenAct(ctx, request, viewer, 'citizen.error_flag.list', 'read', async (tx, note) => {
        const v = await resolveViewing(ctx, tx, viewer, request.query.as, note);
        const flags = await listCitizenErrorFlags(tx, v.subject, filterOf(v));
        const items = [];
        for (const f of flags) items.push(await flagView(tx, f, viewer.personKey));
        return { subject: v.subject, basis: v.basis.kind, items };
      });
    },
  );
}
