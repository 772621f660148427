// The log turned outward (asiakastietolaki 703/2023 11 §): for one client, who handled their data,
// when, in which organization and why; for the organization's data protection officer, the misuse
// reports. Who may read them is the domain's rule (access/audit-log.ts); every read, and every
// refusal, is itself an audit entry with its stated purpose. A refused reader gets the same 404 as
// a client or organization that does not exist.
import { Type } from '@fastify/type-provider-typebox';
import {
  type AuditLogView,
  checkMisuseQuery,
  DEFAULT_GRACE_DAYS,
  DEFAULT_MISUSE_THRESHOLDS,
  decideAuditLogRead,
  findClientsWithoutRelation,
  findRepeatedLookups,
  MISUSE_THRESHOLD_LIMITS,
  type MisuseThresholds,
  reportWindow,
} from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import {
  type AccessLogEntry,
  clientAccessLog,
  clientInRegistrarScope,
  openingsWithoutWorkRelation,
  repeatedClientLookups,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act, Refusal } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import { hide } from '../documents.ts';
import { ProblemError, problem } from '../problem.ts';
import { ClientKey, Instant, Oid, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

// --- schemas ------------------------------------------------------------------------------------

const ActionList = Type.String({
  pattern: '^[a-z_]+\\.[a-z_]+(,[a-z_]+\\.[a-z_]+)*$',
  maxLength: 1000,
  description: 'Only these actions, comma-separated (e.g. `document.read,person.read`)',
});

const AccessLogQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    action: Type.Optional(ActionList),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

const CsvQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    action: Type.Optional(ActionList),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 10_000 })),
  },
  { additionalProperties: false },
);

const Named = Type.Object({ oid: Type.String(), name: Type.Optional(Type.String()) });

const AccessLogEntrySchema = Type.Object({
  chain: Type.Integer({ description: 'Hash chain of the entry (see `varanto verify`)' }),
  seq: Type.Integer(),
  at: Type.String({ description: 'UTC time the entry was recorded' }),
  actor: Type.Object({
    kind: Type.Union([
      Type.Literal('professional'),
      Type.Literal('system'),
      Type.Literal('anonymous'),
      Type.Literal('citizen'),
    ]),
    professionalId: Type.Optional(Type.String()),
    login: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    role: Type.Optional(Type.String()),
  }),
  organization: Type.Optional(Named),
  serviceUnits: Type.Array(Named),
  strongAuth: Type.Optional(Type.Boolean()),
  action: Type.String(),
  outcome: Type.Union([Type.Literal('allowed'), Type.Literal('denied'), Type.Literal('error')]),
  rule: Type.Optional(Type.String({ description: 'The rules that allowed, or the rule that refused' })),
  reason: Type.Optional(Type.String()),
  purpose: Type.Optional(Type.String({ description: 'The purpose the professional stated' })),
  documents: Type.Array(Type.Object({ setId: Type.String(), version: Type.Integer() })),
  careRelation: Type.Optional(
    Type.Object(
      {
        kind: Type.Union([
          Type.Literal('case'),
          Type.Literal('personal_worker'),
          Type.Literal('usage_right'),
          Type.Literal('recorded_reason'),
        ]),
        purpose: Type.Optional(Type.String()),
      },
      {
        description:
          'The relation the professional held to the client that day, the strongest: a care relation ' +
          '(asiayhteys) or `usage_right`, a register usage right of their service unit for the client',
      },
    ),
  ),
});

const AccessLogPage = Type.Object({
  clientKey: Type.String(),
  registrarOid: Type.String(),
  items: Type.Array(AccessLogEntrySchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

const L = MISUSE_THRESHOLD_LIMITS;
const D = DEFAULT_MISUSE_THRESHOLDS;
const MisuseQuery = Type.Object(
  {
    from: Type.Optional(
      Type.Unsafe<string>({ ...Instant, description: 'Period start; default `to` − windowDays' }),
    ),
    to: Type.Optional(
      Type.Unsafe<string>({ ...Instant, description: 'Period end (exclusive); default now' }),
    ),
    windowDays: Type.Optional(
      Type.Integer({ minimum: L.windowDays[0], maximum: L.windowDays[1], default: D.windowDays }),
    ),
    clientsWithoutRelation: Type.Optional(
      Type.Integer({
        minimum: L.clientsWithoutRelation[0],
        maximum: L.clientsWithoutRelation[1],
        default: D.clientsWithoutRelation,
      }),
    ),
    repeatedLookups: Type.Optional(
      Type.Integer({
        minimum: L.repeatedLookups[0],
        maximum: L.repeatedLookups[1],
        default: D.repeatedLookups,
      }),
    ),
    lookupGapMinutes: Type.Optional(
      Type.Integer({
        minimum: L.lookupGapMinutes[0],
        maximum: L.lookupGapMinutes[1],
        default: D.lookupGapMinutes,
      }),
    ),
  },
  { additionalProperties: false },
);

const ReportedUser = Type.Object({
  professionalId: Type.String(),
  login: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
});
const Window = Type.Object({ index: Type.Integer(), start: Type.String(), end: Type.String() });
const FindingBase = {
  user: ReportedUser,
  window: Window,
  count: Type.Integer(),
  threshold: Type.Integer(),
  reason: Type.String(),
};

const MisuseReportSchema = Type.Object({
  organizationOid: Type.String(),
  from: Type.String(),
  to: Type.String(),
  thresholds: Type.Object({
    windowDays: Type.Integer(),
    clientsWithoutRelation: Type.Integer(),
    repeatedLookups: Type.Integer(),
    lookupGapMinutes: Type.Integer(),
  }),
  clientsWithoutRelation: Type.Array(
    Type.Object({
      ...FindingBase,
      clients: Type.Integer({ description: 'Distinct clients the user opened in the window' }),
      clientsWithoutWorkRelation: Type.Integer(),
      clientsWithRecordedReasonOnly: Type.Integer(),
      deniedOpenings: Type.Integer(),
      clientKeys: Type.Array(Type.String(), {
        description: 'The clients without a work relation (first 100)',
      }),
    }),
    {
      description:
        'Users who opened many clients without an open case, a register usage right of their unit or ' +
        'being their personal worker',
    },
  ),
  repeatedLookups: Type.Array(
    Type.Object({
      ...FindingBase,
      clientKey: Type.String(),
      lookups: Type.Integer(),
      reads: Type.Integer(),
      denied: Type.Integer(),
      firstAt: Type.String(),
      lastAt: Type.String(),
    }),
    { description: 'Users who looked up one client again and again and recorded nothing for them' },
  ),
});

// --- rules applied ------------------------------------------------------------------------------

/**
 * Applies the domain's reader rule. A reader who may not read this log learns nothing from the
 * answer (404, as for what does not exist); one who may, but stated no purpose, is told so.
 */
function requireLogReader(actor: Actor, view: AuditLogView, registrarOid: string, note: AuditNote): void {
  const purpose = note.access.purpose;
  if (purpose !== undefined) note.purpose = purpose;
  const d = decideAuditLogRead(actor, view, { registrarOid }, purpose);
  if (d.effect === 'allow') {
    note.rule = d.rule;
    return;
  }
  if (d.rule === 'audit_log_purpose') {
    throw new Refusal(
      d.rule,
      d.reason,
      problem('bad-request', d.reason, {
        rule: d.rule,
        errors: [{ path: '/x-purpose', in: 'header', code: 'purpose_required', message: d.reason }],
      }),
    );
  }
  throw hide(d.rule, d.reason);
}

function graceDays(ctx: ServerContext): number {
  return ctx.config.accessGraceDays ?? DEFAULT_GRACE_DAYS;
}

async function readClientLog(
  ctx: ServerContext,
  tx: Tx,
  note: AuditNote,
  actor: Actor,
  clientKey: string,
  q: { from?: string; to?: string; action?: string; limit: number; offset: number },
) {
  note.clientKey = clientKey;
  requireLogReader(actor, 'client_access_log', actor.organizationOid, note);
  if (!(await clientInRegistrarScope(tx, clientKey, actor.organizationOid))) {
    throw hide(
      'audit_log_client_scope',
      "the client has no clienthood, document or logged work in the registrar's register",
    );
  }
  return clientAccessLog(tx, {
    clientKey,
    registrarOid: actor.organizationOid,
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.action !== undefined ? { actions: q.action.split(',') } : {}),
    limit: q.limit,
    offset: q.offset,
    graceDays: graceDays(ctx),
  });
}

// --- CSV ----------------------------------------------------------------------------------------

const CSV_COLUMNS = [
  'time_utc',
  'actor_kind',
  'login',
  'name',
  'role',
  'organization_oid',
  'organization',
  'service_units',
  'strong_auth',
  'action',
  'outcome',
  'rule',
  'reason',
  'purpose',
  'care_relation',
  'care_relation_purpose',
  'documents',
  'chain',
  'seq',
];

/** RFC 4180 quoting; a leading formula character is defused so a spreadsheet shows, not runs, it. */
function csvCell(v: string | number | boolean | undefined): string {
  let s = v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function accessLogCsv(items: readonly AccessLogEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of items) {
    lines.push(
      [
        e.at,
        e.actor.kind,
        e.actor.login,
        e.actor.name,
        e.actor.role,
        e.organization?.oid,
        e.organization?.name,
        e.serviceUnits.map((u) => (u.name ? `${u.oid} ${u.name}` : u.oid)).join('; '),
        e.strongAuth,
        e.action,
        e.outcome,
        e.rule,
        e.reason,
        e.purpose,
        e.careRelation?.kind,
        e.careRelation?.purpose,
        e.documents.map((d) => `${d.setId}@${d.version}`).join('; '),
        e.chain,
        e.seq,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

// --- routes -------------------------------------------------------------------------------------

const PURPOSE_NOTE =
  'Only the data protection officer or administrator of the registrar, with a strong login and the ' +
  'purpose in the `X-Purpose` header (logged); anyone else gets the 404 of a client that does not exist.';

export function auditLogRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/clients/:clientKey/access-log',
    {
      schema: {
        tags: ['access log'],
        summary: "Who handled the client's data, when, where and why (asiakastietolaki 11 §)",
        description: `The entries of the caller's own registrar, newest first. ${PURPOSE_NOTE}`,
        params: Type.Object({ clientKey: ClientKey }),
        querystring: AccessLogQuery,
        response: { 200: AccessLogPage, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { clientKey } = request.params;
      const limit = request.query.limit ?? 100;
      const offset = request.query.offset ?? 0;
      return act(ctx, request, 'client_access_log.read', async (tx, note, actor) => {
        const page = await readClientLog(ctx, tx, note, actor, clientKey, {
          ...request.query,
          limit,
          offset,
        });
        return { clientKey, registrarOid: actor.organizationOid, ...page, limit, offset };
      });
    },
  );

  app.get(
    '/clients/:clientKey/access-log.csv',
    {
      schema: {
        tags: ['access log'],
        summary: "The client's access log as CSV (RFC 4180, UTF-8)",
        description: `Up to 10 000 entries, newest first. ${PURPOSE_NOTE}`,
        params: Type.Object({ clientKey: ClientKey }),
        querystring: CsvQuery,
        produces: ['text/csv'],
        response: {
          200: Type.String({ description: 'text/csv; one row per entry, columns as in the JSON form' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { clientKey } = request.params;
      const page = await act(ctx, request, 'client_access_log.read', (tx, note, actor) =>
        readClientLog(ctx, tx, note, actor, clientKey, {
          ...request.query,
          limit: request.query.limit ?? 10_000,
          offset: 0,
        }),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="access-log-${clientKey}.csv"`)
        .send(accessLogCsv(page.items));
    },
  );

  app.get(
    '/organizations/:oid/misuse-reports',
    {
      schema: {
        tags: ['access log'],
        summary: "Possible misuse by the organization's users, with configurable thresholds",
        description:
          'Two reports over the period, cut into windows of `windowDays` from `from`: users who opened ' +
          'at least `clientsWithoutRelation` clients without an open case, a register usage right of their ' +
          "service unit for the client (a producer's worker) or being their personal worker, a care relation " +
          'in force that day within the grace period, a usage right from its start to its end date with no ' +
          'grace, as the access policy (first-contact reasons they recorded themselves do not count ' +
          'as work), and users who looked up one client at least `repeatedLookups` times and recorded ' +
          'nothing for them (a recorded first-contact reason is not a record). ' +
          PURPOSE_NOTE,
        params: Type.Object({ oid: Oid }),
        querystring: MisuseQuery,
        response: { 200: MisuseReportSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const { oid } = request.params;
      return act(ctx, request, 'misuse_report.read', async (tx, note, actor) => {
        requireLogReader(actor, 'misuse_report', oid, note);
        const t: MisuseThresholds = {
          windowDays: q.windowDays ?? D.windowDays,
          clientsWithoutRelation: q.clientsWithoutRelation ?? D.clientsWithoutRelation,
          repeatedLookups: q.repeatedLookups ?? D.repeatedLookups,
          lookupGapMinutes: q.lookupGapMinutes ?? D.lookupGapMinutes,
        };
        const iso = (s: string) => (Number.isNaN(Date.parse(s)) ? s : new Date(s).toISOString());
        const to = iso(q.to ?? ctx.now().toISOString());
        const toMs = Date.parse(to);
        const from =
          q.from !== undefined
            ? iso(q.from)
            : Number.isNaN(toMs)
              ? to
              : new Date(toMs - t.windowDays * 86_400_000).toISOString();
        const errors = checkMisuseQuery(t, from, to);
        if (errors.length > 0) {
          throw new ProblemError(
            problem('bad-request', 'The report parameters are not valid.', {
              errors: errors.map((e) => ({ ...e, code: 'invalid', in: 'query' as const })),
            }),
          );
        }
        const period = {
          organizationOid: oid,
          from,
          to,
          windowDays: t.windowDays,
          graceDays: graceDays(ctx),
        };
        const openings = await openingsWithoutWorkRelation(tx, period);
        const lookups = await repeatedClientLookups(tx, {
          ...period,
          gapMinutes: t.lookupGapMinutes,
          // Fewer lookups can never be a finding, so those rows stay in the database.
          minLookups: t.repeatedLookups,
        });
        const window = (index: number) => ({ index, ...reportWindow(from, to, t.windowDays, index) });
        return {
          organizationOid: oid,
          from,
          to,
          thresholds: t,
          clientsWithoutRelation: findClientsWithoutRelation(openings, t).map(({ row, ...f }) => ({
            user: f.user,
            window: window(f.window),
            count: f.count,
            threshold: f.threshold,
            reason: f.reason,
            clients: row.clients,
            clientsWithoutWorkRelation: row.clientsWithoutWorkRelation,
            clientsWithRecordedReasonOnly: row.clientsWithRecordedReasonOnly,
            deniedOpenings: row.deniedOpenings,
            clientKeys: [...row.clientKeys],
          })),
          repeatedLookups: findRepeatedLookups(lookups, t).map(({ row, ...f }) => ({
            user: f.user,
            window: window(f.window),
            count: f.count,
            threshold: f.threshold,
            reason: f.reason,
            clientKey: row.clientKey,
            lookups: row.lookups,
            reads: row.reads,
            denied: row.denied,
            firstAt: row.firstAt,
            lastAt: row.lastAt,
          })),
        };
      });
    },
  );
}
