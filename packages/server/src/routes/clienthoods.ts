// Clienthoods (asiakkuus): opening one for a client, adding and ending service tasks, naming the
// personal worker. Each step is a new version of the clienthood document (structure 1505.1),
// built from the previous version's content, plus the projection the access rules read.
import { Type } from '@fastify/type-provider-typebox';
import {
  addServiceTask,
  type ClienthoodFacts,
  clienthoodContent,
  DOCUMENT_GROUP,
  decidePersonalWorker,
  endClienthood,
  endServiceTask,
  openClienthood,
  type PersonalWorkerContext,
  parseClienthoodContent,
  setPersonalWorker,
  usageRightsOf,
} from '@varanto/domain/records';
import {
  broadUsageRights,
  type Clienthood,
  currentRight,
  getClienthood,
  getCurrentState,
  getDocumentVersion,
  getPerson,
  getProfessional,
  getRegister,
  getServiceUnit,
  listCases,
  listClienthoods,
  type Register,
  recordClienthood,
  recordUsageRights,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act } from '../audit.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import {
  actorUnit,
  allowedFor,
  CODE_SYSTEM,
  checkCode,
  checkContent,
  hide,
  loadForAction,
  metadataFor,
  requireWrite,
  targetOf,
  unprocessable,
  writeVersion,
} from '../documents.ts';
import { createOnce } from '../idempotency.ts';
import { ProblemError, type ProblemFieldError, problem } from '../problem.ts';
import {
  buildProblem,
  clientPerson,
  coding,
  lockRecord,
  mintRecordOid,
  recordStructure,
  unitRef,
  writeRecordVersion,
} from '../records.ts';
import {
  AddServiceTaskRequest,
  ClienthoodSchema,
  ClientKey,
  COMMON_PROBLEMS,
  Code,
  EndClienthoodRequest,
  EndServiceTaskRequest,
  OpenClienthoodRequest,
  PersonalWorkerRequest,
  problemResponses,
} from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

const RegisterParams = Type.Object({ registerId: Type.String({ minLength: 1, maxLength: 100 }) });
const ClienthoodParams = Type.Object({
  registerId: Type.String({ minLength: 1, maxLength: 100 }),
  clientKey: ClientKey,
});
const TaskParams = Type.Object({
  registerId: Type.String({ minLength: 1, maxLength: 100 }),
  clientKey: ClientKey,
  serviceTask: Code,
});

export function projection(
  register: Register,
  clientKey: string,
  facts: ClienthoodFacts,
  setId: string,
  version: number,
  personalWorkerId: string | undefined,
): Clienthood {
  return {
    clientKey,
    clienthoodOid: facts.clienthoodOid,
    registrarOid: register.registrarOid,
    registerId: register.id,
    setId,
    version,
    started: facts.started,
    ...(facts.ended !== undefined ? { ended: facts.ended } : {}),
    serviceTasks: facts.serviceTasks.flatMap((t) =>
      t.periods.map((p) => ({
        serviceTask: t.task.code,
        start: p.start,
        ...(p.end !== undefined ? { end: p.end } : {}),
      })),
    ),
    ...(personalWorkerId !== undefined ? { personalWorkerId } : {}),
  };
}

/**
 * Records the projections of a clienthood version: the clienthood with its service tasks (and the
 * personal worker's care relation), and the register usage rights its producer units hold.
 */
export async function recordClienthoodVersion(
  ctx: ServerContext,
  tx: Tx,
  c: Clienthood,
  facts: ClienthoodFacts,
): Promise<void> {
  await recordClienthood(tx, c, { changedOn: finnishDate(ctx.now()) });
  const orgOf = new Map<string, string>();
  const rights = [];
  for (const r of usageRightsOf(facts)) {
    let org = orgOf.get(r.unit.oid);
    if (org === undefined) {
      // A unit recorded on the document is in the registry (the API checks it when recording).
      org = (await getServiceUnit(tx, r.unit.oid))?.organizationOid ?? '';
      orgOf.set(r.unit.oid, org);
    }
    rights.push({
      serviceTask: r.serviceTask,
      serviceUnitOid: r.unit.oid,
      holderOrganizationOid: org,
      ...(r.producerUnitOid !== undefined ? { producerUnitOid: r.producerUnitOid } : {}),
      socialServices: r.socialServices.map((x) => x.code),
      start: r.start,
      ...(r.end !== undefined ? { end: r.end } : {}),
    });
  }
  await recordUsageRights(tx, c, rights);
}

/**
 * The professional to name as the personal worker, if `decidePersonalWorker` allows them: the
 * right they hold on `today` decides (organizer's staff, client work, an open service task).
 */
async function personalWorker(
  tx: Tx,
  professionalId: string,
  path: string,
  registrarOid: string,
  clienthood: Pick<PersonalWorkerContext, 'openServiceTasks' | 'usageRights' | 'today'>,
) {
  const p = await getProfessional(tx, professionalId);
  const right = p ? await currentRight(tx, p.id, clienthood.today) : undefined;
  // Whether the organizer gives broad rights matters only for another organization's worker.
  const broadRights =
    right !== undefined &&
    right.organizationOid !== registrarOid &&
    (await broadUsageRights(tx, registrarOid));
  const d = decidePersonalWorker(right, { ...clienthood, registrarOid, broadRights });
  if (!p || !d.ok) {
    const refusal = d.ok ? { rule: 'personal_worker_not_staff', reason: 'no such professional' } : d;
    throw unprocessable([{ path, code: refusal.rule, message: refusal.reason }]);
  }
  return {
    familyName: p.familyName,
    givenNames: p.givenNames,
    ...(p.registrationNumber !== undefined ? { registrationNumber: p.registrationNumber } : {}),
  };
}

export interface Loaded {
  register: Register;
  clienthood: Clienthood;
  facts: ClienthoodFacts;
}

/** The clienthood of a client in a register, locked for its next version, with the step decided. */
export async function loadClienthood(
  tx: Tx,
  note: AuditNote,
  actor: Parameters<typeof lockRecord>[1],
  registerId: string,
  clientKey: string,
  tasksForAccess: (c: Clienthood) => readonly string[],
): Promise<Loaded & { current: Awaited<ReturnType<typeof lockRecord>> }> {
  note.clientKey = clientKey;
  const register = await getRegister(tx, registerId);
  if (!register) throw hide('not_found', 'no such register');
  const clienthood = await getClienthood(tx, clientKey, register.registrarOid);
  if (!clienthood) throw hide('not_found', 'no clienthood with this registrar');
  const current = await lockRecord(tx, actor, clienthood.setId, tasksForAccess(clienthood), note);
  const prev = await getDocumentVersion(tx, current.setId, current.version);
  const facts = prev && parseClienthoodContent(prev.content);
  if (!facts?.ok) throw new Error(`clienthood document ${current.setId} cannot be read back`);
  // The document is the truth; the projection only finds it.
  return { register, clienthood, facts: facts.value, current };
}

export const openTasks = (c: Clienthood) =>
  c.serviceTasks.filter((t) => t.end === undefined).map((t) => t.serviceTask);

export function clienthoodRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/registers/:registerId/clienthoods',
    {
      schema: {
        tags: ['clienthoods'],
        summary: 'Open a clienthood for a client in a service task (clienthood document, version 1)',
        params: RegisterParams,
        body: OpenClienthoodRequest,
        response: { 201: ClienthoodSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await createOnce(ctx, request, 'clienthood.open', async (tx, note, actor) => {
        note.clientKey = b.clientKey;
        const register = await getRegister(tx, request.params.registerId);
        if (!register) throw hide('not_found', 'no such register');
        const unitOid = actorUnit(actor, b.serviceUnitOid, '/serviceUnitOid');
        const errors: ProblemFieldError[] = [];
        checkCode(ctx.codes, CODE_SYSTEM.serviceTask, b.serviceTask, '/serviceTask', b.started, errors);
        const person = await getPerson(tx, b.clientKey);
        if (!person) errors.push({ path: '/clientKey', code: 'unknown_client', message: 'No such client.' });
        if (errors.length > 0 || !person) throw unprocessable(errors);
        const definition = recordStructure(ctx, '1505.1');
        const clienthoodOid = mintRecordOid(ctx, 'clienthood', register.registrarOid);
        const metadata = metadataFor(actor, register, definition, {
          clients: [b.clientKey],
          serviceTask: b.serviceTask,
          documentGroup: DOCUMENT_GROUP.clienthood,
          documentType: definition.typeCode,
          documentDate: b.started,
          clienthoodOid,
          serviceUnitOid: unitOid,
          language: 'fi',
        });
        await requireWrite(tx, actor, 'document.store', targetOf(metadata, 'active'), metadata.clients, note);
        // One clienthood document per client and registrar (Kanta): a second open is a conflict.
        if (await getClienthood(tx, b.clientKey, register.registrarOid)) {
          throw new ProblemError(
            problem('conflict', 'The client already has a clienthood with this registrar.', {
              rule: 'clienthood_exists',
            }),
          );
        }
        const unit = await unitRef(tx, unitOid);
        const worker =
          b.personalWorkerId !== undefined
            ? await personalWorker(tx, b.personalWorkerId, '/personalWorkerId', register.registrarOid, {
                openServiceTasks: [b.serviceTask],
                usageRights: [],
                today: finnishDate(ctx.now()),
              })
            : undefined;
        const facts = openClienthood({
          clienthoodOid,
          client: clientPerson(person, '/clientKey'),
          started: b.started,
          organizerUnit: unit,
          serviceTask: { task: coding(ctx, CODE_SYSTEM.serviceTask, b.serviceTask), unit },
          ...(worker ? { personalWorker: worker } : {}),
        });
        const content = clienthoodContent(facts);
        checkContent(ctx, definition, content);
        const stored = await writeVersion(ctx, tx, actor, note, {
          version: 1,
          status: 'active',
          metadata,
          content,
          definition,
        });
        const c = projection(register, b.clientKey, facts, stored.setId, 1, b.personalWorkerId);
        await recordClienthoodVersion(ctx, tx, c, facts);
        return { status: 201, body: c };
      });
      return reply.code(created.status as 201).send(created.body);
    },
  );

  app.get(
    '/registers/:registerId/clienthoods/:clientKey',
    {
      schema: {
        tags: ['clienthoods'],
        summary: "The client's clienthood with the register's registrar",
        params: ClienthoodParams,
        response: { 200: ClienthoodSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'clienthood.read', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        const register = await getRegister(tx, request.params.registerId);
        if (!register) throw hide('not_found', 'no such register');
        const c = await getClienthood(tx, request.params.clientKey, register.registrarOid);
        if (!c) throw hide('not_found', 'no clienthood with this registrar');
        await loadForAction(tx, actor, 'document.read', c.setId, note);
        return c;
      }),
  );

  app.get(
    '/persons/:clientKey/clienthoods',
    {
      schema: {
        tags: ['clienthoods'],
        summary: "The client's clienthoods, with every registrar, that the professional may read",
        params: Type.Object({ clientKey: ClientKey }),
        response: { 200: Type.Array(ClienthoodSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      act(ctx, request, 'clienthood.list', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        const visible: Clienthood[] = [];
        for (const c of await listClienthoods(tx, request.params.clientKey)) {
          const current = await getCurrentState(tx, c.setId);
          if (
            current &&
            (await allowedFor(
              tx,
              actor,
              'document.read',
              targetOf(current.metadata, current.status),
              request.params.clientKey,
              note,
            ))
          ) {
            visible.push(c);
            note.documents.push({ setId: c.setId, version: current.version });
          }
        }
        return visible;
      }),
  );

  app.post(
    '/registers/:registerId/clienthoods/:clientKey/service-tasks',
    {
      schema: {
        tags: ['clienthoods'],
        summary: 'Add a service task to the clienthood (a new version of the clienthood document)',
        params: ClienthoodParams,
        body: AddServiceTaskRequest,
        response: { 201: ClienthoodSchema, ...problemResponses(...COMMON_PROBLEMS, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const c = await act(ctx, request, 'clienthood.add_service_task', async (tx, note, actor) => {
        const errors: ProblemFieldError[] = [];
        checkCode(ctx.codes, CODE_SYSTEM.serviceTask, b.serviceTask, '/serviceTask', b.start, errors);
        if (errors.length > 0) throw unprocessable(errors);
        const unitOid = actorUnit(actor, b.serviceUnitOid, '/serviceUnitOid');
        const { register, clienthood, facts, current } = await loadClienthood(
          tx,
          note,
          actor,
          request.params.registerId,
          request.params.clientKey,
          () => [b.serviceTask],
        );
        const next = addServiceTask(
          facts,
          coding(ctx, CODE_SYSTEM.serviceTask, b.serviceTask),
          await unitRef(tx, unitOid),
          b.start,
        );
        if (!next.ok) throw buildProblem(next, '/start');
        const definition = recordStructure(ctx, '1505.1');
        const stored = await writeRecordVersion(
          ctx,
          tx,
          actor,
          note,
          current,
          definition,
          clienthoodContent(next.value),
          `service task ${b.serviceTask} added`,
        );
        const p = projection(
          register,
          clienthood.clientKey,
          next.value,
          stored.setId,
          stored.version,
          clienthood.personalWorkerId,
        );
        await recordClienthoodVersion(ctx, tx, p, next.value);
        return p;
      });
      return reply.code(201).send(c);
    },
  );

  app.post(
    '/registers/:registerId/clienthoods/:clientKey/service-tasks/:serviceTask/end',
    {
      schema: {
        tags: ['clienthoods'],
        summary: 'End a service task of the clienthood',
        params: TaskParams,
        body: EndServiceTaskRequest,
        response: { 201: ClienthoodSchema, ...problemResponses(...COMMON_PROBLEMS, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const c = await act(ctx, request, 'clienthood.end_service_task', async (tx, note, actor) => {
        const { register, clienthood, facts, current } = await loadClienthood(
          tx,
          note,
          actor,
          request.params.registerId,
          request.params.clientKey,
          () => [request.params.serviceTask],
        );
        const next = endServiceTask(facts, request.params.serviceTask, request.body.end);
        if (!next.ok) throw buildProblem(next, '/end');
        const stored = await writeRecordVersion(
          ctx,
          tx,
          actor,
          note,
          current,
          recordStructure(ctx, '1505.1'),
          clienthoodContent(next.value),
          `service task ${request.params.serviceTask} ended`,
        );
        const p = projection(
          register,
          clienthood.clientKey,
          next.value,
          stored.setId,
          stored.version,
          clienthood.personalWorkerId,
        );
        await recordClienthoodVersion(ctx, tx, p, next.value);
        return p;
      });
      return reply.code(201).send(c);
    },
  );

  app.put(
    '/registers/:registerId/clienthoods/:clientKey/personal-worker',
    {
      schema: {
        tags: ['clienthoods'],
        summary: 'Name (or with null remove) the personal worker (omatyöntekijä)',
        params: ClienthoodParams,
        body: PersonalWorkerRequest,
        response: { 200: ClienthoodSchema, ...problemResponses(...COMMON_PROBLEMS, 404, 409, 422) },
      },
    },
    async (request) =>
      act(ctx, request, 'clienthood.set_personal_worker', async (tx, note, actor) => {
        const workerId = request.body.professionalId;
        const { register, clienthood, facts, current } = await loadClienthood(
          tx,
          note,
          actor,
          request.params.registerId,
          request.params.clientKey,
          openTasks,
        );
        const worker =
          workerId === null
            ? undefined
            : await personalWorker(tx, workerId, '/professionalId', register.registrarOid, {
                openServiceTasks: openTasks(clienthood),
                usageRights: usageRightsOf(facts).map((r) => ({
                  unitOid: r.unit.oid,
                  serviceTask: r.serviceTask,
                  start: r.start,
                  ...(r.end !== undefined ? { end: r.end } : {}),
                })),
                today: finnishDate(ctx.now()),
              });
        const next = setPersonalWorker(facts, worker);
        if (!next.ok) throw buildProblem(next);
        const stored = await writeRecordVersion(
          ctx,
          tx,
          actor,
          note,
          current,
          recordStructure(ctx, '1505.1'),
          clienthoodContent(next.value),
          workerId === null ? 'personal worker removed' : 'personal worker named',
        );
        const p = projection(
          register,
          clienthood.clientKey,
          next.value,
          stored.setId,
          stored.version,
          workerId ?? undefined,
        );
        await recordClienthoodVersion(ctx, tx, p, next.value);
        return p;
      }),
  );

  app.post(
    '/registers/:registerId/clienthoods/:clientKey/end',
    {
      schema: {
        tags: ['clienthoods'],
        summary: 'End the clienthood (a new version of the clienthood document)',
        description:
          'The client no longer needs services: every open service task ends with the clienthood, and ' +
          'so does every register usage right left without an end date. Refused (409 `cases_open`) ' +
          "while the client has open cases with the registrar; a producer's refusal names " +
          '`organizer_records`.',
        params: ClienthoodParams,
        body: EndClienthoodRequest,
        response: { 201: ClienthoodSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const c = await act(ctx, request, 'clienthood.end', async (tx, note, actor) => {
        const { register, clienthood, facts, current } = await loadClienthood(
          tx,
          note,
          actor,
          request.params.registerId,
          request.params.clientKey,
          openTasks,
        );
        const open = (await listCases(tx, clienthood.clientKey)).filter(
          (k) => k.registrarOid === register.registrarOid && k.ended === undefined,
        );
        if (open.length > 0) {
          throw new ProblemError(
            problem('conflict', 'The client still has open cases with this registrar; close them first.', {
              rule: 'cases_open',
            }),
          );
        }
        const next = endClienthood(facts, b.ended, b.reason);
        if (!next.ok) throw buildProblem(next, '/ended');
        const stored = await writeRecordVersion(
          ctx,
          tx,
          actor,
          note,
          current,
          recordStructure(ctx, '1505.1'),
          clienthoodContent(next.value),
          'clienthood ended',
        );
        const p = projection(
          register,
          clienthood.clientKey,
          next.value,
          stored.setId,
          stored.version,
          clienthood.personalWorkerId,
        );
        await recordClienthoodVersion(ctx, tx, p, next.value);
        return p;
      });
      return reply.code(201).send(c);
    },
  );
}
