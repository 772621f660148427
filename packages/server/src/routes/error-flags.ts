// Errors clients reported in OmaKanta, on the professionals' side: the reports addressed to the
// service units the professional works in, and their handling. A report is seen and handled only by
// workers of the recording unit who may also read the document (the access policy, compiled into the
// list query as in a search); a handling step is the report's next version, decided by the domain's
// `decideFlagStatusChange` ("corrected" needs a new version of the document after the reported one).
import { Type } from '@fastify/type-provider-typebox';
import { accessFilter } from '@varanto/domain/access';
import { decideFlagStatusChange, type ErrorFlagStatus } from '@varanto/domain/citizen';
import {
  ConflictError,
  type ErrorFlag,
  errorFlagHistory,
  getCurrentState,
  getErrorFlag,
  listUnitErrorFlags,
  recordErrorFlagStatus,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act, Refusal } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import { hide, loadForAction, regulatedAccess } from '../documents.ts';
import { ProblemError, problem } from '../problem.ts';
import { problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

const Status = Type.Union([
  Type.Literal('open'),
  Type.Literal('in_progress'),
  Type.Literal('corrected'),
  Type.Literal('rejected'),
]);

const Flag = Type.Object({
  flagId: Type.String(),
  version: Type.Integer(),
  clientKey: Type.String(),
  setId: Type.String(),
  documentVersion: Type.Integer(),
  currentDocumentVersion: Type.Optional(Type.Integer()),
  serviceUnitOid: Type.String(),
  status: Status,
  description: Type.String(),
  response: Type.Optional(Type.String()),
  flaggedBasis: Type.Union([Type.Literal('self'), Type.Literal('guardian'), Type.Literal('mandate')]),
  flaggedAt: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
});

const FlagParams = Type.Object({ flagId: Type.String({ format: 'uuid' }) });

function view(f: ErrorFlag, currentDocumentVersion?: number) {
  return {
    flagId: f.flagId,
    version: f.version,
    clientKey: f.clientKey,
    setId: f.setId,
    documentVersion: f.documentVersion,
    ...(currentDocumentVersion !== undefined ? { currentDocumentVersion } : {}),
    serviceUnitOid: f.serviceUnitOid,
    status: f.status,
    description: f.description,
    ...(f.response !== undefined ? { response: f.response } : {}),
    flaggedBasis: f.flaggedBasis,
    flaggedAt: f.flaggedAt,
    updatedAt: f.recordedAt,
    // The client's own version names the person by key only; a worker's version by their id.
    updatedBy: f.recordedBy,
  };
}

/** The report, when the professional works in its unit and may read its document; else the one 404. */
async function loadFlag(tx: Tx, flagId: string, note: AuditNote, actor: Parameters<typeof loadForAction>[1]) {
  const flag = await getErrorFlag(tx, flagId);
  if (!flag) throw hide('not_found', 'no such error report');
  note.clientKey = flag.clientKey;
  if (!actor.serviceUnitOids.includes(flag.serviceUnitOid)) {
    throw hide('flag_unit', 'the error report is addressed to another service unit');
  }
  const current = await loadForAction(tx, actor, 'document.read', flag.setId, note);
  return { flag, current };
}

export function errorFlagRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/error-flags',
    {
      schema: {
        tags: ['error reports'],
        summary: 'Errors clients reported in documents recorded by your service units',
        description: 'Only reports whose document you may read; newest first.',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.String({
                pattern: '^(open|in_progress|corrected|rejected)(,(open|in_progress|corrected|rejected))*$',
                description: 'Only these statuses, comma-separated',
              }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Flag) }), ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      act(ctx, request, 'error_flag.list', async (tx, note, actor) => {
        const access = accessFilter(actor, 'document.read', await regulatedAccess(tx, actor, note));
        const flags = await listUnitErrorFlags(tx, {
          unitOids: actor.serviceUnitOids,
          access,
          ...(request.query.status ? { statuses: request.query.status.split(',') as ErrorFlagStatus[] } : {}),
          limit: request.query.limit ?? 100,
        });
        note.documents.push(...flags.map((f) => ({ setId: f.setId, version: f.documentVersion })));
        return { items: flags.map((f) => view(f)) };
      }),
  );

  app.get(
    '/error-flags/:flagId',
    {
      schema: {
        tags: ['error reports'],
        summary: 'One error report with its handling history (oldest first)',
        params: FlagParams,
        response: {
          200: Type.Object({ flag: Flag, history: Type.Array(Flag) }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) =>
      act(ctx, request, 'error_flag.read', async (tx, note, actor) => {
        const { flag, current } = await loadFlag(tx, request.params.flagId, note, actor);
        const history = await errorFlagHistory(tx, flag.flagId);
        return { flag: view(flag, current.version), history: history.map((f) => view(f)) };
      }),
  );

  app.put(
    '/error-flags/:flagId/status',
    {
      schema: {
        tags: ['error reports'],
        summary:
          'Handle an error report: in progress, corrected (after a new version) or rejected, with a response',
        description:
          'The response is shown to the client. Refusals name their rule: 403 not your unit or role, 409 the ' +
          'report is closed or changed meanwhile (`version`), 422 a missing response or correction.',
        params: FlagParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1, description: 'The report version this step is decided on' }),
            status: Status,
            response: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Flag, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      act(ctx, request, 'error_flag.update', async (tx, note, actor) => {
        const flag = await getErrorFlag(tx, request.params.flagId);
        if (!flag) throw hide('not_found', 'no such error report');
        note.clientKey = flag.clientKey;
        // A worker who may read the document learns nothing from being told why they may not handle it.
        const current = await loadForAction(tx, actor, 'document.read', flag.setId, note);
        const body = request.body;
        if (flag.version !== body.version) {
          throw new ProblemError(
            problem('conflict', `Version ${flag.version} of the report is now current.`, {
              currentVersion: flag.version,
              rule: 'version_conflict',
            }),
          );
        }
        const state = await getCurrentState(tx, flag.setId);
        const d = decideFlagStatusChange(
          actor,
          flag,
          { status: body.status, ...(body.response !== undefined ? { response: body.response } : {}) },
          state?.status === 'invalidated' ? Number.MAX_SAFE_INTEGER : (state?.version ?? current.version),
        );
        if (!d.ok) {
          const kind =
            d.rule === 'flag_role' || d.rule === 'flag_unit'
              ? 'forbidden'
              : d.rule === 'flag_closed' || d.rule === 'status_unchanged'
                ? 'conflict'
                : 'unprocessable';
          throw new Refusal(
            d.rule,
            d.reason,
            problem(kind, d.reason, {
              rule: d.rule,
              ...(kind === 'unprocessable'
                ? {
                    errors: [
                      {
                        path: d.rule === 'correction_missing' ? '/status' : '/response',
                        code: d.rule,
                        message: d.reason,
                      },
                    ],
                  }
                : {}),
            }),
          );
        }
        note.rule = `${note.rule ?? ''},error_flag_${body.status}`;
        try {
          const next = await recordErrorFlagStatus(tx, flag, {
            status: body.status,
            ...(body.response !== undefined ? { response: body.response.trim() } : {}),
            recordedBy: actor.professionalId,
          });
          return view(next, state?.version);
        } catch (e) {
          if (e instanceof ConflictError) {
            throw new ProblemError(problem('conflict', e.message, { rule: 'version_conflict' }));
          }
          throw e;
        }
      }),
  );
}
