// Register usage rights (rekisterinkäyttöoikeus). The organizer opens a right by recording a
// producer's (or the producer's subcontractor's) service unit with the social service and a start
// date for a service task on the client's clienthood document, and ends it by recording the end
// date: each is a new version of that document, audited, and a notice the producer's system polls.
// The producer lists the clients its units hold rights for, reads its notices and acknowledges
// them. What a right lets the producer read and write is the access policy's (rules.ts).
import { Type } from '@fastify/type-provider-typebox';
import {
  decideAdministration,
  decideHeldRightsListing,
  decideUsageRightRecording,
  usageRightInForceOn,
} from '@varanto/domain/access';
import {
  type Actor,
  type ClienthoodFacts,
  clienthoodContent,
  endUsageRight,
  openUsageRight,
  type UsageRight,
  usageRightsOf,
} from '@varanto/domain/records';
import {
  acknowledgeUsageRightNotice,
  appendUsageRightNotice,
  getCase,
  getClienthood,
  getOrganization,
  getRegister,
  getServiceUnit,
  getUsageRightNotice,
  listClientUsageRights,
  listHeldUsageRights,
  listUsageRightNotices,
  type ProjectedUsageRight,
  setBroadUsageRights,
  type Tx,
  type UsageRightNotice,
  type UsageRightNoticeKind,
} from '@varanto/store';
import { type AuditNote, act, Refusal } from '../audit.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import { CODE_SYSTEM, checkCode, explainRefusal, hide, loadForAction, unprocessable } from '../documents.ts';
import { type ProblemFieldError, problem } from '../problem.ts';
import { buildProblem, coding, recordStructure, unitRef, writeRecordVersion } from '../records.ts';
import {
  ClienthoodSchema,
  ClientKey,
  COMMON_PROBLEMS,
  Code,
  IsoDate,
  Oid,
  problemResponses,
} from '../schemas.ts';
import type { TypedApp } from '../typed.ts';
import { type Loaded, loadClienthood, projection, recordClienthoodVersion } from './clienthoods.ts';

const ClienthoodParams = Type.Object({
  registerId: Type.String({ minLength: 1, maxLength: 100 }),
  clientKey: ClientKey,
});

export const OpenUsageRightRequest = Type.Object(
  {
    serviceTask: Code,
    serviceUnitOid: Type.String({
      ...Oid,
      description:
        "The producer's (or, with producerUnitOid, the subcontractor's) service unit from the SOTE organization register",
    }),
    socialServices: Type.Optional(
      Type.Array(Code, {
        maxItems: 20,
        description: 'Social services (1.2.246.537.6.1222) the unit gives the client',
      }),
    ),
    start: Type.String({
      ...IsoDate,
      description: 'First day of the right; may lie before the service starts so the producer can prepare',
    }),
    end: Type.Optional(
      Type.String({ ...IsoDate, description: 'Last day of the right (inclusive); may be set later' }),
    ),
    producerUnitOid: Type.Optional(
      Type.String({
        ...Oid,
        description: 'Records the unit as a subcontractor (palveluntoteuttaja) under this producer unit',
      }),
    ),
    caseOid: Type.Optional(
      Type.String({
        ...Oid,
        description: 'The case the producer is informed the right concerns (asiatunnus)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EndUsageRightRequest = Type.Object(
  {
    serviceTask: Code,
    serviceUnitOid: Oid,
    end: Type.String({
      ...IsoDate,
      description:
        'Last day of the right (inclusive). Leave the producer time to finish its documents; ending a ' +
        "producer's right ends its subcontractors' rights no later",
    }),
  },
  { additionalProperties: false },
);

export const UsageRightSchema = Type.Object(
  {
    clientKey: Type.String(),
    clienthoodOid: Type.String(),
    registrarOid: Type.String({ description: 'The organizer, whose register the right opens' }),
    registerId: Type.Optional(Type.String()),
    serviceTask: Type.String(),
    serviceUnitOid: Type.String({ description: 'The unit holding the right' }),
    holderOrganizationOid: Type.String(),
    producerUnitOid: Type.Optional(
      Type.String({ description: "For a subcontractor's right: the producer unit it works under" }),
    ),
    socialServices: Type.Array(Type.String()),
    start: Type.String(),
    end: Type.Optional(Type.String()),
    broad: Type.Boolean({
      description:
        'A broad right (laaja): the organizer does not handle the case itself, so the producer also ' +
        'records the case and clienthood documents',
    }),
    inForce: Type.Boolean({ description: 'In force today (Finnish date)' }),
  },
  { $id: 'UsageRight' },
);

export const UsageRightNoticeSchema = Type.Object(
  {
    noticeId: Type.String({ format: 'uuid' }),
    kind: Type.Union([Type.Literal('opened'), Type.Literal('changed'), Type.Literal('ended')]),
    clientKey: Type.String(),
    registrarOid: Type.String(),
    registerId: Type.String(),
    clienthoodOid: Type.String(),
    clienthoodSetId: Type.String(),
    clienthoodVersion: Type.Integer(),
    caseOid: Type.Optional(Type.String()),
    serviceTask: Type.String(),
    serviceUnitOid: Type.String(),
    holderOrganizationOid: Type.String(),
    producerUnitOid: Type.Optional(Type.String()),
    start: Type.String(),
    end: Type.Optional(Type.String()),
    recordedAt: Type.String(),
    recordedBy: Type.String(),
    acknowledgedAt: Type.Optional(Type.String()),
  },
  { $id: 'UsageRightNotice' },
);

const UsageRightChange = Type.Object({
  clienthood: ClienthoodSchema,
  usageRights: Type.Array(UsageRightSchema),
  notices: Type.Array(UsageRightNoticeSchema, {
    description: 'What the producer (and subcontractors) are told',
  }),
});

function rightView(r: ProjectedUsageRight, today: string) {
  return { ...r, socialServices: [...r.socialServices], inForce: usageRightInForceOn(r, today) };
}

function noticeView(n: UsageRightNotice) {
  return { ...n };
}

/** The actor-standing refusals of this module are explained (403): they say nothing about data. */
function refuseActor(d: { rule: string; reason: string }): Refusal {
  return new Refusal(d.rule, d.reason, problem('forbidden', d.reason, { rule: d.rule }));
}

const sameRight = (a: UsageRight, b: UsageRight) =>
  a.serviceTask === b.serviceTask && a.unit.oid === b.unit.oid && a.start === b.start;

/** The rights whose period the step changed (or created), each with what the producer is told. */
function changedRights(
  before: ClienthoodFacts,
  after: ClienthoodFacts,
): { right: UsageRight; kind: UsageRightNoticeKind }[] {
  const old = usageRightsOf(before);
  return usageRightsOf(after).flatMap((r): { right: UsageRight; kind: UsageRightNoticeKind }[] => {
    const was = old.find((o) => sameRight(o, r));
    if (!was) return [{ right: r, kind: 'opened' }];
    if (was.end === r.end) return [];
    return [{ right: r, kind: was.end === undefined ? 'ended' : 'changed' }];
  });
}

export function usageRightRoutes(app: TypedApp, ctx: ServerContext): void {
  /** One step on the rights of a clienthood: the version, its projections and the notices. */
  async function step(
    tx: Tx,
    note: AuditNote,
    actor: Actor,
    loaded: Loaded & { current: Awaited<ReturnType<typeof loadClienthood>>['current'] },
    next: ClienthoodFacts,
    reason: string,
    caseOid: string | undefined,
  ) {
    const stored = await writeRecordVersion(
      ctx,
      tx,
      actor,
      note,
      loaded.current,
      recordStructure(ctx, '1505.1'),
      clienthoodContent(next),
      reason,
    );
    const c = projection(
      loaded.register,
      loaded.clienthood.clientKey,
      next,
      stored.setId,
      stored.version,
      loaded.clienthood.personalWorkerId,
    );
    await recordClienthoodVersion(ctx, tx, c, next);
    const notices: UsageRightNotice[] = [];
    for (const { right, kind } of changedRights(loaded.facts, next)) {
      const unit = await getServiceUnit(tx, right.unit.oid);
      notices.push(
        await appendUsageRightNotice(tx, {
          clientKey: c.clientKey,
          kind,
          registrarOid: c.registrarOid,
          registerId: c.registerId,
          clienthoodOid: c.clienthoodOid,
          clienthoodSetId: stored.setId,
          clienthoodVersion: stored.version,
          ...(caseOid !== undefined ? { caseOid } : {}),
          serviceTask: right.serviceTask,
          serviceUnitOid: right.unit.oid,
          holderOrganizationOid: unit?.organizationOid ?? '',
          ...(right.producerUnitOid !== undefined ? { producerUnitOid: right.producerUnitOid } : {}),
          start: right.start,
          ...(right.end !== undefined ? { end: right.end } : {}),
          recordedBy: actor.professionalId,
        }),
      );
    }
    const today = finnishDate(ctx.now());
    const rights = (await listClientUsageRights(tx, c.clientKey)).filter(
      (r) => r.clienthoodOid === c.clienthoodOid,
    );
    return {
      clienthood: c,
      usageRights: rights.map((r) => rightView(r, today)),
      notices: notices.map(noticeView),
    };
  }

  /** The organizer's standing to record this unit; the unit must be a known one of another organization. */
  async function checkRecording(tx: Tx, actor: Actor, registrarOid: string, unitOid: string, path: string) {
    const unit = await getServiceUnit(tx, unitOid);
    if (!unit) {
      throw unprocessable([{ path, code: 'unknown_unit', message: 'No such service unit in the registry.' }]);
    }
    const d = decideUsageRightRecording(actor, { registrarOid, unitOrganizationOid: unit.organizationOid });
    if (d.effect === 'deny') throw explainRefusal(d.rule, d.reason);
    return unit;
  }

  app.post(
    '/registers/:registerId/clienthoods/:clientKey/usage-rights',
    {
      schema: {
        tags: ['usage-rights'],
        summary: "Open a register usage right: record a producer's service unit on the clienthood",
        description:
          "The organizer records the producer's (or, with `producerUnitOid`, its subcontractor's) service " +
          'unit with the social service and a start date for a service task open on the clienthood: a new ' +
          'version of the clienthood document (`palveluntuottaja` / `palveluntoteuttaja`). From the start ' +
          "date the unit's staff with the service task read the client's documents in that task and " +
          "store documents into the organizer's register; until the end date (inclusive). The producer " +
          'is told by a notice (GET /usage-rights/notices). Only the organizer records rights (403 ' +
          '`organizer_opens_rights`); an overlapping right of the same unit is a conflict (409 ' +
          '`usage_right_open`).',
        params: ClienthoodParams,
        body: OpenUsageRightRequest,
        response: { 201: UsageRightChange, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await act(ctx, request, 'usage_right.open', async (tx, note, actor) => {
        const errors: ProblemFieldError[] = [];
        checkCode(ctx.codes, CODE_SYSTEM.serviceTask, b.serviceTask, '/serviceTask', b.start, errors);
        for (const [i, s] of (b.socialServices ?? []).entries()) {
          checkCode(ctx.codes, CODE_SYSTEM.socialService, s, `/socialServices/${i}`, b.start, errors);
        }
        if (errors.length > 0) throw unprocessable(errors);
        const loaded = await loadClienthood(
          tx,
          note,
          actor,
          request.params.registerId,
          request.params.clientKey,
          () => [b.serviceTask],
        );
        await checkRecording(tx, actor, loaded.register.registrarOid, b.serviceUnitOid, '/serviceUnitOid');
        if (b.caseOid !== undefined) {
          const k = await getCase(tx, b.caseOid);
          if (
            !k ||
            k.registrarOid !== loaded.register.registrarOid ||
            k.serviceTask !== b.serviceTask ||
            !k.members.some((m) => m.clientKey === loaded.clienthood.clientKey)
          ) {
            throw unprocessable([
              {
                path: '/caseOid',
                code: 'unknown_case',
                message: 'No such case of the client in this register and service task.',
              },
            ]);
          }
        }
        const next = openUsageRight(loaded.facts, b.serviceTask, {
          unit: await unitRef(tx, b.serviceUnitOid),
          socialServices: (b.socialServices ?? []).map((s) => coding(ctx, CODE_SYSTEM.socialService, s)),
          start: b.start,
          ...(b.end !== undefined ? { end: b.end } : {}),
          ...(b.producerUnitOid !== undefined ? { underProducerUnitOid: b.producerUnitOid } : {}),
        });
        if (!next.ok)
          throw buildProblem(next, next.rule === 'producer_not_found' ? '/producerUnitOid' : '/start');
        return step(
          tx,
          note,
          actor,
          loaded,
          next.value,
          `register usage right opened for unit ${b.serviceUnitOid} in service task ${b.serviceTask}`,
          b.caseOid,
        );
      });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/registers/:registerId/clienthoods/:clientKey/usage-rights/end',
    {
      schema: {
        tags: ['usage-rights'],
        summary: "End a register usage right: record the unit's end date on the clienthood",
        description:
          "Sets (or moves) the end date of the unit's latest right in the service task: a new version of " +
          "the clienthood document. After the end date the producer's staff can no longer read or write; " +
          "only the organizer versions or invalidates the producer's documents. The producer is told.",
        params: ClienthoodParams,
        body: EndUsageRightRequest,
        response: { 201: UsageRightChange, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await act(ctx, request, 'usage_right.end', async (tx, note, actor) => {
        const loaded = await loadClienthood(
          tx,
          note,
          actor,
          request.params.registerId,
          request.params.clientKey,
          () => [b.serviceTask],
        );
        await checkRecording(tx, actor, loaded.register.registrarOid, b.serviceUnitOid, '/serviceUnitOid');
        const next = endUsageRight(loaded.facts, b.serviceTask, b.serviceUnitOid, b.end);
        if (!next.ok) throw buildProblem(next, '/end');
        return step(
          tx,
          note,
          actor,
          loaded,
          next.value,
          `register usage right of unit ${b.serviceUnitOid} in service task ${b.serviceTask} ends ${b.end}`,
          undefined,
        );
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/registers/:registerId/clienthoods/:clientKey/usage-rights',
    {
      schema: {
        tags: ['usage-rights'],
        summary:
          'The register usage rights recorded on the client’s clienthood with the register’s registrar',
        description:
          'Whoever may read the clienthood document may read its rights (the producer checks its own here).',
        params: ClienthoodParams,
        response: { 200: Type.Array(UsageRightSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'usage_right.list', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        const register = await getRegister(tx, request.params.registerId);
        if (!register) throw hide('not_found', 'no such register');
        const c = await getClienthood(tx, request.params.clientKey, register.registrarOid);
        if (!c) throw hide('not_found', 'no clienthood with this registrar');
        await loadForAction(tx, actor, 'document.read', c.setId, note);
        const today = finnishDate(ctx.now());
        return (await listClientUsageRights(tx, c.clientKey))
          .filter((r) => r.clienthoodOid === c.clienthoodOid)
          .map((r) => rightView(r, today));
      }),
  );

  app.get(
    '/usage-rights',
    {
      schema: {
        tags: ['usage-rights'],
        summary: "The register usage rights held by the caller's service units (a producer's clients)",
        description:
          'Every organizer’s rights for the units the caller works in: the clients the producer serves, ' +
          'in force today or starting later; with `includeEnded`, ended ones too. Each names the register ' +
          'to store into (registerId).',
        querystring: Type.Object(
          { includeEnded: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(UsageRightSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      act(ctx, request, 'usage_right.held.list', async (tx, note, actor) => {
        const d = decideHeldRightsListing(actor);
        if (d.effect === 'deny') throw refuseActor(d);
        note.rule = d.rule;
        const today = finnishDate(ctx.now());
        const rights = await listHeldUsageRights(tx, {
          serviceUnitOids: actor.serviceUnitOids,
          onDate: today,
          includeEnded: request.query.includeEnded ?? false,
        });
        if (rights.length === 1) note.clientKey = rights[0]!.clientKey;
        return rights.map((r) => rightView(r, today));
      }),
  );

  app.get(
    '/usage-rights/notices',
    {
      schema: {
        tags: ['usage-rights'],
        summary: "Notices of opened, changed and ended rights for the caller's units (poll and acknowledge)",
        description:
          "The organizer's information to the producer: which client, which case, from when (and until " +
          "when). A producer's system polls the unacknowledged notices, oldest first, and acknowledges " +
          'each it has taken in (POST /usage-rights/notices/{noticeId}/acknowledgement).',
        querystring: Type.Object(
          {
            includeAcknowledged: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(UsageRightNoticeSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      act(ctx, request, 'usage_right.notice.list', async (tx, note, actor) => {
        const d = decideHeldRightsListing(actor);
        if (d.effect === 'deny') throw refuseActor(d);
        note.rule = d.rule;
        const notices = await listUsageRightNotices(tx, {
          serviceUnitOids: actor.serviceUnitOids,
          includeAcknowledged: request.query.includeAcknowledged ?? false,
          limit: request.query.limit ?? 100,
        });
        if (notices.length === 1) note.clientKey = notices[0]!.clientKey;
        return notices.map(noticeView);
      }),
  );

  app.post(
    '/usage-rights/notices/:noticeId/acknowledgement',
    {
      schema: {
        tags: ['usage-rights'],
        summary: 'Acknowledge a notice: the producer has taken it in (idempotent)',
        params: Type.Object({ noticeId: Type.String({ format: 'uuid' }) }),
        response: { 200: UsageRightNoticeSchema, ...problemResponses(...COMMON_PROBLEMS, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'usage_right.notice.acknowledge', async (tx, note, actor) => {
        const n = await getUsageRightNotice(tx, request.params.noticeId);
        // Another unit's notice looks like no notice.
        if (
          !n ||
          !actor.serviceUnitOids.includes(n.serviceUnitOid) ||
          decideHeldRightsListing(actor).effect === 'deny'
        )
          throw hide('notice_unit', "the notice is not about a right of the caller's units");
        note.clientKey = n.clientKey;
        note.rule = 'own_units';
        const acknowledgedAt = await acknowledgeUsageRightNotice(tx, n, actor.professionalId);
        return noticeView({ ...n, acknowledgedAt });
      }),
  );

  app.put(
    '/organizations/:oid/broad-usage-rights',
    {
      schema: {
        tags: ['usage-rights'],
        summary: 'Whether the organizer gives broad register usage rights (it does not handle cases itself)',
        description:
          'An organizer that does not handle its clients’ cases itself (today THL for shelter homes) gives ' +
          'broad rights: its producers also record the case and clienthood documents of the clients of ' +
          'their rights. Administrator of the organization.',
        params: Type.Object({ oid: Oid }),
        body: Type.Object({ broad: Type.Boolean() }, { additionalProperties: false }),
        response: {
          200: Type.Object({ oid: Type.String(), broadUsageRights: Type.Boolean() }),
          ...problemResponses(...COMMON_PROBLEMS, 403, 404),
        },
      },
    },
    async (request) =>
      act(ctx, request, 'organization.broad_usage_rights', async (tx, note, actor) => {
        const d = decideAdministration(actor, request.params.oid);
        if (d.effect === 'deny') throw refuseActor(d);
        note.rule = d.rule;
        if (!(await getOrganization(tx, request.params.oid))) throw hide('not_found', 'no such organization');
        await setBroadUsageRights(tx, request.params.oid, request.body.broad);
        return { oid: request.params.oid, broadUsageRights: request.body.broad };
      }),
  );
}
