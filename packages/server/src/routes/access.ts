// Access as something people can ask about and manage: "why can't I see this?", the organization's
// access-rights regulation (edited by its administrator, kept as versions), and the recorded
// first-contact reason that opens a care relation. The rules themselves live in
// @varanto/domain/access; these handlers only load the facts and apply them.
import { Type } from '@fastify/type-provider-typebox';
import {
  ACCESS_ACTIONS,
  ACCESS_RULES,
  type AccessAction,
  accessRuleNames,
  checkRegulation,
  type DocumentScope,
  decideExplainFor,
  decideRecordCareReason,
  explainAccess,
  type Grant,
  NO_FACTS,
  type Target,
} from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import {
  ConflictError,
  currentRegulation,
  getPerson,
  getProfessional,
  loadClientFacts,
  recordCareReason,
  recordRegulation,
  regulationHistory,
  type StoredRegulation,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act, Refusal } from '../audit.ts';
import { buildActor } from '../auth.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import {
  CODE_SYSTEM,
  checkCode,
  contentCodeLookup,
  hide,
  regulatedAccess,
  unprocessable,
} from '../documents.ts';
import { ProblemError, type ProblemFieldError, problem } from '../problem.ts';
import { ClientKey, COMMON_PROBLEMS, Code, IsoDate, Oid, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';
import { requireAdmin } from './registry.ts';

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

const ExplainQuery = Type.Object(
  {
    client: ClientKey,
    documentType: Code,
    serviceTask: Code,
    action: Type.Optional(Type.Union(ACCESS_ACTIONS.map((a) => Type.Literal(a)))),
    registrar: Type.Optional(Oid),
    professional: Type.Optional(
      Type.String({ format: 'uuid', description: 'Ask about another user (admin)' }),
    ),
  },
  { additionalProperties: false },
);

const Explanation = Type.Object({
  allowed: Type.Boolean(),
  action: Type.String(),
  professional: Type.String(),
  rulesChecked: Type.Array(Type.String()),
  refusals: Type.Array(Type.Object({ rule: Type.String(), reason: Type.String() })),
  undetermined: Type.Array(Type.Object({ rule: Type.String(), reason: Type.String() }), {
    description: 'Rules not answered because they depend on records the asker may not see',
  }),
});

const DocumentScopeSchema = Type.Union([
  Type.Literal('*'),
  Type.Object(
    {
      types: Type.Optional(Type.Array(Code, { maxItems: 500 })),
      generalTypes: Type.Optional(Type.Array(Code, { maxItems: 100 })),
      groups: Type.Optional(Type.Array(Code, { maxItems: 20 })),
    },
    { additionalProperties: false },
  ),
]);
const DocumentActionSchema = Type.Union([
  Type.Literal('document.read'),
  Type.Literal('document.store'),
  Type.Literal('document.correct'),
  Type.Literal('document.invalidate'),
]);
const GrantSchema = Type.Object(
  {
    role: Str(64, 1),
    actions: Type.Array(DocumentActionSchema, { maxItems: 4 }),
    documents: DocumentScopeSchema,
  },
  { additionalProperties: false },
);
const RegulationSchema = Type.Object({
  organizationOid: Type.String(),
  version: Type.Integer({ description: '0 = the shipped default, not yet replaced' }),
  name: Type.String(),
  provisional: Type.Boolean(),
  grants: Type.Array(GrantSchema),
  recordedAt: Type.Optional(Type.String()),
  recordedBy: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});
const RegulationInput = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 0, description: 'The version the edit started from' }),
    name: Str(200, 1),
    grants: Type.Array(GrantSchema, { maxItems: 200 }),
    reason: Str(2000, 3),
  },
  { additionalProperties: false },
);

const CareReasonInput = Type.Object(
  {
    purpose: Str(500, 1),
    serviceTask: Type.Optional(Code),
    registrarOid: Type.Optional(Oid),
  },
  { additionalProperties: false },
);
const CareRelationSchema = Type.Object({
  clientKey: Type.String(),
  kind: Type.Literal('recorded_reason'),
  registrarOid: Type.String(),
  professionalId: Type.String(),
  start: IsoDate,
  end: IsoDate,
  purpose: Type.String(),
  serviceTask: Type.Optional(Type.String()),
});

function copyScope(d: Exclude<DocumentScope, '*'>) {
  return {
    ...(d.types ? { types: [...d.types] } : {}),
    ...(d.generalTypes ? { generalTypes: [...d.generalTypes] } : {}),
    ...(d.groups ? { groups: [...d.groups] } : {}),
  };
}

function regulationView(s: StoredRegulation) {
  return {
    organizationOid: s.organizationOid,
    version: s.version,
    name: s.regulation.name,
    provisional: s.regulation.provisional,
    grants: s.regulation.grants.map((g) => ({
      role: g.role as string,
      actions: [...g.actions],
      documents: g.documents === '*' ? ('*' as const) : copyScope(g.documents),
    })),
    ...(s.recordedAt !== undefined ? { recordedAt: s.recordedAt } : {}),
    ...(s.recordedBy !== undefined ? { recordedBy: s.recordedBy } : {}),
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
  };
}

/** Facts-dependent rules: what they would say is withheld while no care relation is shown. */
const FACT_RULES = new Set(['service_task_open']);

/** The user the question is about: the asker, or (for an administrator) another professional. */
async function subjectOf(
  ctx: ServerContext,
  tx: Tx,
  asker: Actor,
  professionalId: string | undefined,
  note: AuditNote,
): Promise<Actor> {
  if (professionalId === undefined || professionalId === asker.professionalId) return asker;
  const p = await getProfessional(tx, professionalId);
  // The subject's strength of login is the one they would have at their best (a card login).
  const subject = p ? await buildActor(ctx, tx, p.id, true) : undefined;
  const d = decideExplainFor(asker, {
    professionalId,
    organizationOid: subject?.organizationOid ?? '',
  });
  if (d.effect === 'deny') {
    // Whether such a user exists is not the asker's business: one answer for missing and forbidden.
    throw hide(d.rule, d.reason);
  }
  if (!subject) throw hide('not_found', 'no such professional with a valid right');
  note.rule = `explain_for_${d.rule}`;
  return subject;
}

export function accessRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/access/explain',
    {
      schema: {
        tags: ['access'],
        summary: "Why can't I (or, for an administrator, a user of my organization) see this?",
        description:
          'Evaluates every access rule for a document of the given type and service task of the client, ' +
          "in the asker's own register unless another is named, and names each rule that refuses. " +
          'It never reveals a document: the target is what the asker describes. Rules that depend on ' +
          "the client's records are reported as undetermined while the asker has no care relation.",
        querystring: ExplainQuery,
        response: { 200: Explanation, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'access.explain', async (tx, note, asker) => {
        const q = request.query;
        note.clientKey = q.client;
        const subject = await subjectOf(ctx, tx, asker, q.professional, note);
        const action: AccessAction = q.action ?? 'document.read';
        const registrarOid = q.registrar ?? subject.organizationOid;
        const target: Target = {
          registrarOid,
          serviceTask: q.serviceTask,
          documentType: q.documentType,
          documentGroup: q.documentType === '1505.1' ? '1' : q.documentType === '1505.2' ? '2' : '5',
          organizationOid: subject.organizationOid,
          serviceUnitOid: subject.serviceUnitOids[0] ?? '',
          status: 'active',
        };
        // Another registrar's records about the client are never consulted for the answer.
        const facts = subject.registrarOids.includes(registrarOid)
          ? await loadClientFacts(tx, q.client)
          : NO_FACTS;
        // The subject's own organization's regulation decides what the subject's role may do.
        const access =
          subject === asker
            ? await regulatedAccess(tx, asker, note)
            : {
                ...note.access,
                regulation: (await currentRegulation(tx, subject.organizationOid)).regulation,
              };
        const refusals = explainAccess(subject, action, target, facts, access);
        const withheld = refusals.some((r) => r.rule === 'care_relation');
        const shown = withheld ? refusals.filter((r) => !FACT_RULES.has(r.rule)) : refusals;
        // Withheld whether they pass or fail: a passing rule would tell as much as a failing one.
        const undetermined = withheld
          ? ACCESS_RULES.filter(
              (r) => FACT_RULES.has(r.name) && accessRuleNames(subject, action).includes(r.name),
            ).map((r) => ({ rule: r.name, reason: r.reason }))
          : [];
        note.rule ??= 'self';
        return {
          allowed: refusals.length === 0,
          action,
          professional: subject.professionalId,
          rulesChecked: [...accessRuleNames(subject, action)],
          refusals: shown,
          undetermined,
        };
      }),
  );

  app.get(
    '/organizations/:oid/access-regulation',
    {
      schema: {
        tags: ['access'],
        summary: "The organization's access-rights regulation in force (its own version or the default)",
        params: Type.Object({ oid: Oid }),
        response: { 200: RegulationSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'access_regulation.read', async (tx, _note, actor) => {
        // Staff read the rules they work under; other organizations' rules are not theirs to see.
        if (actor.organizationOid !== request.params.oid)
          throw hide('own_organization', 'not your organization');
        return regulationView(await currentRegulation(tx, request.params.oid));
      }),
  );

  app.get(
    '/organizations/:oid/access-regulation/versions',
    {
      schema: {
        tags: ['access'],
        summary: 'Every version of the organization’s access-rights regulation, oldest first (admin)',
        params: Type.Object({ oid: Oid }),
        response: { 200: Type.Array(RegulationSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      act(ctx, request, 'access_regulation.versions', async (tx, note, actor) => {
        requireAdmin(actor, note, request.params.oid);
        return (await regulationHistory(tx, request.params.oid)).map(regulationView);
      }),
  );

  app.put(
    '/organizations/:oid/access-regulation',
    {
      schema: {
        tags: ['access'],
        summary: 'Replace the access-rights regulation by a new version (admin of the organization)',
        description:
          'The whole regulation is sent; `expectedVersion` is the version the edit started from, so a ' +
          'concurrent edit is refused (409) instead of overwritten. Takes effect for the next request.',
        params: Type.Object({ oid: Oid }),
        body: RegulationInput,
        response: { 200: RegulationSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 409, 422) },
      },
    },
    async (request) =>
      act(ctx, request, 'access_regulation.change', async (tx, note, actor) => {
        requireAdmin(actor, note, request.params.oid);
        const body = request.body;
        const grants = body.grants as unknown as Grant[];
        // A type the shipped list does not know may still be national (a partial list): only
        // "unknown in a complete list" refuses, as for document metadata.
        const errors = checkRegulation(
          { grants },
          (code) => contentCodeLookup(ctx.codes)(CODE_SYSTEM.documentType, code) !== false,
        );
        if (errors.length > 0) {
          throw unprocessable(
            errors.map((e) => ({
              path: `/grants${e.path.slice('/grants'.length)}`,
              code: 'invalid',
              message: e.message,
            })),
          );
        }
        note.purpose = body.reason;
        try {
          const stored = await recordRegulation(tx, {
            organizationOid: request.params.oid,
            expectedVersion: body.expectedVersion,
            name: body.name,
            grants,
            recordedBy: actor.professionalId,
            reason: body.reason,
          });
          return regulationView(stored);
        } catch (e) {
          if (e instanceof ConflictError) {
            throw new ProblemError(problem('conflict', e.message, { rule: 'regulation_version' }));
          }
          throw e;
        }
      }),
  );

  app.post(
    '/clients/:clientKey/care-relations',
    {
      schema: {
        tags: ['access'],
        summary: 'Record a first-contact reason: a care relation for today, with its purpose (logged)',
        description:
          'For the first contact with a client before any case or personal worker relates the ' +
          'professional to them. The relation holds for the day (plus the grace period) and appears ' +
          "in the client's access log and the misuse reports with its purpose.",
        params: Type.Object({ clientKey: ClientKey }),
        body: CareReasonInput,
        response: { 201: CareRelationSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404) },
      },
    },
    async (request, reply) => {
      const created = await act(ctx, request, 'care_relation.record', async (tx, note, actor) => {
        const { clientKey } = request.params;
        const body = request.body;
        note.clientKey = clientKey;
        note.purpose = body.purpose;
        if (!(await getPerson(tx, clientKey))) throw hide('not_found', 'no such client');
        const codeErrors: ProblemFieldError[] = [];
        checkCode(
          ctx.codes,
          CODE_SYSTEM.serviceTask,
          body.serviceTask,
          '/serviceTask',
          finnishDate(ctx.now()),
          codeErrors,
        );
        if (codeErrors.length > 0) throw unprocessable(codeErrors);
        const registrarOid = body.registrarOid ?? actor.organizationOid;
        const access = await regulatedAccess(tx, actor, note);
        const d = decideRecordCareReason(
          actor,
          { purpose: body.purpose, registrarOid },
          access.regulation ?? (await currentRegulation(tx, actor.organizationOid)).regulation,
        );
        if (d.effect === 'deny') {
          if (d.rule === 'registrar_boundary') throw hide(d.rule, d.reason);
          throw new Refusal(d.rule, d.reason, problem('forbidden', d.reason, { rule: d.rule }));
        }
        note.rule = d.rule;
        const today = finnishDate(ctx.now());
        await recordCareReason(tx, {
          clientKey,
          registrarOid,
          professionalId: actor.professionalId,
          purpose: body.purpose.trim(),
          date: today,
          ...(body.serviceTask !== undefined ? { serviceTask: body.serviceTask } : {}),
        });
        return {
          clientKey,
          kind: 'recorded_reason' as const,
          registrarOid,
          professionalId: actor.professionalId,
          start: today,
          end: today,
          purpose: body.purpose.trim(),
          ...(body.serviceTask !== undefined ? { serviceTask: body.serviceTask } : {}),
        };
      });
      return reply.code(201).send(created);
    },
  );
}
