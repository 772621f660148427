// Cases (asia): opening one with its service task and clients, a client joining or leaving (a
// shared case, yhteinen asia, once a second client joins), closing. Each step is a new version of
// the case document (structure 1505.2) plus the projection lists and access read.
import { Type } from '@fastify/type-provider-typebox';
import {
  addCaseMember,
  type CaseFacts,
  caseContent,
  closeCase,
  DOCUMENT_GROUP,
  isSharedCase,
  leaveCase,
  openCase,
  parseCaseContent,
} from '@varanto/domain/records';
import {
  type Case,
  type CaseWithOwner,
  findClientKey,
  getCase,
  getCurrentState,
  getDocumentVersion,
  getPerson,
  getRegister,
  HETU_SYSTEM,
  listCases,
  listPersons,
  recordCase,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act } from '../audit.ts';
import type { ServerContext } from '../context.ts';
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
import type { ProblemFieldError } from '../problem.ts';
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
  AddMemberRequest,
  CaseSchema,
  ClientKey,
  CloseCaseRequest,
  COMMON_PROBLEMS,
  LeaveRequest,
  Oid,
  OpenCaseRequest,
  problemResponses,
} from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

/** Case state codes (1.2.246.537.6.1501, provisional in the shipped list). */
const CASE_OPEN = '1';
const CASE_CLOSED = '2';

const RegisterParams = Type.Object({ registerId: Type.String({ minLength: 1, maxLength: 100 }) });
const CaseParams = Type.Object({ caseOid: Oid });
const MemberParams = Type.Object({ caseOid: Oid, clientKey: ClientKey });

/** Member clients in the projection keep their client keys, which the document does not carry. */
function projection(
  c: Pick<Case, 'registrarOid' | 'setId' | 'version'> & { ownerClientKey?: string; serviceUnitOid?: string },
  facts: CaseFacts,
  clientKeys: readonly string[],
): Case {
  return {
    caseOid: facts.caseOid,
    registrarOid: c.registrarOid,
    serviceTask: facts.serviceTask.code,
    state: facts.state.code,
    opened: facts.opened,
    ...(facts.ended !== undefined ? { ended: facts.ended } : {}),
    shared: isSharedCase(facts),
    // A client who left and rejoined has one projected membership: the latest.
    members: facts.members
      .map((m, i) => ({
        clientKey: clientKeys[i]!,
        joinedAt: m.joined.slice(0, 10),
        ...(m.left !== undefined ? { leftAt: m.left.slice(0, 10) } : {}),
      }))
      .filter((m, i, all) => all.findLastIndex((x) => x.clientKey === m.clientKey) === i),
    setId: c.setId,
    version: c.version,
    ...(c.ownerClientKey !== undefined ? { ownerClientKey: c.ownerClientKey } : {}),
    ...(c.serviceUnitOid !== undefined ? { serviceUnitOid: c.serviceUnitOid } : {}),
  };
}

function view(c: CaseWithOwner) {
  const { ownerClientKey: _o, serviceUnitOid: _u, ...rest } = c;
  return rest;
}

interface LoadedCase {
  kase: CaseWithOwner;
  facts: CaseFacts;
  /** Client key of each membership in `facts.members`, in the same order. */
  memberKeys: string[];
  current: Awaited<ReturnType<typeof lockRecord>>;
}

async function loadCase(
  tx: Tx,
  note: AuditNote,
  actor: Parameters<typeof lockRecord>[1],
  caseOid: string,
): Promise<LoadedCase> {
  const kase = await getCase(tx, caseOid);
  if (!kase) throw hide('not_found', 'no such case');
  const current = await lockRecord(tx, actor, kase.setId, [kase.serviceTask], note);
  const prev = await getDocumentVersion(tx, current.setId, current.version);
  const facts = prev && parseCaseContent(prev.content);
  if (!facts?.ok) throw new Error(`case document ${current.setId} cannot be read back`);
  // The document names clients by identifier; the projection needs their client keys.
  const memberKeys: string[] = [];
  for (const m of facts.value.members) {
    const id = m.person.identifier;
    const key = await findClientKey(tx, id.kind === 'hetu' ? HETU_SYSTEM : id.system, id.value);
    if (!key) throw new Error(`a member of case ${caseOid} is not a known person`);
    memberKeys.push(key);
  }
  return { kase, facts: facts.value, memberKeys, current };
}

export function caseRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/registers/:registerId/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Open a case with its service task and clients (case document, version 1)',
        params: RegisterParams,
        body: OpenCaseRequest,
        response: { 201: CaseSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await createOnce(ctx, request, 'case.open', async (tx, note, actor) => {
        note.clientKey = b.members[0];
        const register = await getRegister(tx, request.params.registerId);
        if (!register) throw hide('not_found', 'no such register');
        const unitOid = actorUnit(actor, b.serviceUnitOid, '/serviceUnitOid');
        const errors: ProblemFieldError[] = [];
        checkCode(ctx.codes, CODE_SYSTEM.serviceTask, b.serviceTask, '/serviceTask', b.opened, errors);
        checkCode(ctx.codes, CODE_SYSTEM.caseName, b.subject.code, '/subject/code', b.opened, errors);
        const persons = new Map((await listPersons(tx, b.members)).map((p) => [p.clientKey, p]));
        b.members.forEach((k, i) => {
          if (!persons.has(k))
            errors.push({ path: `/members/${i}`, code: 'unknown_client', message: 'No such client.' });
        });
        if (errors.length > 0) throw unprocessable(errors);
        const definition = recordStructure(ctx, '1505.2');
        const caseOid = mintRecordOid(ctx, 'case', register.registrarOid);
        const metadata = metadataFor(actor, register, definition, {
          clients: b.members,
          serviceTask: b.serviceTask,
          documentGroup: DOCUMENT_GROUP.case,
          documentType: definition.typeCode,
          documentDate: b.opened,
          caseOid,
          serviceUnitOid: unitOid,
          language: 'fi',
        });
        await requireWrite(tx, actor, 'document.store', targetOf(metadata, 'active'), metadata.clients, note);
        const facts = openCase({
          caseOid,
          organizerUnit: await unitRef(tx, unitOid),
          subject: coding(ctx, CODE_SYSTEM.caseName, b.subject.code, b.subject.display),
          state: coding(ctx, CODE_SYSTEM.caseState, CASE_OPEN),
          opened: b.opened,
          serviceTask: coding(ctx, CODE_SYSTEM.serviceTask, b.serviceTask),
          members: b.members.map((k, i) => ({
            person: clientPerson(persons.get(k)!, `/members/${i}`),
            joined: b.opened,
          })),
        });
        if (!facts.ok) throw buildProblem(facts, '/members');
        const content = caseContent(facts.value);
        checkContent(ctx, definition, content);
        const stored = await writeVersion(ctx, tx, actor, note, {
          version: 1,
          status: 'active',
          metadata,
          content,
          definition,
        });
        const recorded = await recordCase(
          tx,
          projection(
            { registrarOid: register.registrarOid, setId: stored.setId, version: 1, serviceUnitOid: unitOid },
            facts.value,
            b.members,
          ),
        );
        return { status: 201, body: view(recorded) };
      });
      return reply
        .code(created.status as 201)
        .header('location', `/cases/${created.body.caseOid}`)
        .send(created.body);
    },
  );

  app.get(
    '/cases/:caseOid',
    {
      schema: {
        tags: ['cases'],
        summary: 'A case with its members',
        params: CaseParams,
        response: { 200: CaseSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'case.read', async (tx, note, actor) => {
        const kase = await getCase(tx, request.params.caseOid);
        if (!kase) throw hide('not_found', 'no such case');
        await loadForAction(tx, actor, 'document.read', kase.setId, note);
        return view(kase);
      }),
  );

  app.get(
    '/persons/:clientKey/cases',
    {
      schema: {
        tags: ['cases'],
        summary: "The client's cases (owned or shared) that the professional may read",
        params: Type.Object({ clientKey: ClientKey }),
        response: { 200: Type.Array(CaseSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      act(ctx, request, 'case.list', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        const visible: ReturnType<typeof view>[] = [];
        for (const c of await listCases(tx, request.params.clientKey)) {
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
            visible.push(view(c));
            note.documents.push({ setId: c.setId, version: current.version });
          }
        }
        return visible;
      }),
  );

  /** Runs one step on a case and records the new version and projection. */
  async function step(
    tx: Tx,
    note: AuditNote,
    actor: Parameters<typeof lockRecord>[1],
    loaded: LoadedCase,
    next: CaseFacts,
    memberKeys: readonly string[],
    reason: string,
  ) {
    const stored = await writeRecordVersion(
      ctx,
      tx,
      actor,
      note,
      loaded.current,
      recordStructure(ctx, '1505.2'),
      caseContent(next),
      reason,
      { clients: [...new Set(memberKeys)] },
    );
    const recorded = await recordCase(
      tx,
      projection({ ...loaded.kase, setId: stored.setId, version: stored.version }, next, memberKeys),
    );
    return view(recorded);
  }

  app.post(
    '/cases/:caseOid/members',
    {
      schema: {
        tags: ['cases'],
        summary: 'A client joins the case (it becomes a shared case)',
        params: CaseParams,
        body: AddMemberRequest,
        response: { 201: CaseSchema, ...problemResponses(...COMMON_PROBLEMS, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await act(ctx, request, 'case.add_member', async (tx, note, actor) => {
        const loaded = await loadCase(tx, note, actor, request.params.caseOid);
        const person = await getPerson(tx, b.clientKey);
        if (!person)
          throw unprocessable([{ path: '/clientKey', code: 'unknown_client', message: 'No such client.' }]);
        const joined = b.joinedAt ?? ctx.now().toISOString();
        const next = addCaseMember(loaded.facts, clientPerson(person, '/clientKey'), joined);
        if (!next.ok) throw buildProblem(next, '/joinedAt');
        return step(
          tx,
          note,
          actor,
          loaded,
          next.value,
          [...loaded.memberKeys, b.clientKey],
          'client joined the case',
        );
      });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/cases/:caseOid/members/:clientKey/leave',
    {
      schema: {
        tags: ['cases'],
        summary: 'A client leaves the case (the last client cannot: close the case instead)',
        params: MemberParams,
        body: LeaveRequest,
        response: { 201: CaseSchema, ...problemResponses(...COMMON_PROBLEMS, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await act(ctx, request, 'case.leave', async (tx, note, actor) => {
        const loaded = await loadCase(tx, note, actor, request.params.caseOid);
        const person = await getPerson(tx, request.params.clientKey);
        if (!person) throw hide('not_found', 'no such client');
        const left = request.body.leftAt ?? ctx.now().toISOString();
        const next = leaveCase(loaded.facts, clientPerson(person, '/clientKey').identifier, left);
        if (!next.ok) throw buildProblem(next, '/leftAt');
        return step(tx, note, actor, loaded, next.value, loaded.memberKeys, 'client left the case');
      });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/cases/:caseOid/close',
    {
      schema: {
        tags: ['cases'],
        summary: 'Close the case',
        params: CaseParams,
        body: CloseCaseRequest,
        response: { 201: CaseSchema, ...problemResponses(...COMMON_PROBLEMS, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await act(ctx, request, 'case.close', async (tx, note, actor) => {
        const loaded = await loadCase(tx, note, actor, request.params.caseOid);
        const next = closeCase(
          loaded.facts,
          request.body.ended,
          coding(ctx, CODE_SYSTEM.caseState, CASE_CLOSED),
        );
        if (!next.ok) throw buildProblem(next, '/ended');
        return step(tx, note, actor, loaded, next.value, loaded.memberKeys, 'case closed');
      });
      return reply.code(201).send(result);
    },
  );
}
