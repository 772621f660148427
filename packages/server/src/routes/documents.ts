// Client documents: store, read, list versions, correct, invalidate, search.
import { type Static, Type } from '@fastify/type-provider-typebox';
import { type AccessAction, accessFilter } from '@varanto/domain/access';
import {
  type Actor,
  caseDocumentClients,
  DOCUMENT_GROUP,
  type DocumentMetadata,
  type DocumentVersion,
  decideCorrection,
  decideInvalidation,
  isLegacyDocument,
  type LifecycleDecision,
} from '@varanto/domain/records';
import { markInvalidated, type StructureDefinition } from '@varanto/domain/structures';
import { visibilityUnchanged } from '@varanto/domain/visibility';
import {
  carryDocumentFile,
  getCase,
  getDocumentVersion,
  listDocumentVersions,
  type NewDocumentVersion,
  searchDocumentSummaries,
  searchDocuments,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act, entry, Refusal } from '../audit.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import {
  actorUnit,
  CODE_SYSTEM,
  checkCode,
  checkContent,
  documentView,
  globalRefusal,
  hide,
  loadForAction,
  metadataFor,
  prepareVersion,
  regulatedAccess,
  requireWrite,
  summaryOf,
  targetOf,
  unprocessable,
  writeFirstVersions,
  writeVersion,
} from '../documents.ts';
import { createOnce } from '../idempotency.ts';
import { type Problem, ProblemError, type ProblemFieldError, problem } from '../problem.ts';
import {
  ClientKey,
  COMMON_PROBLEMS,
  CorrectRequest,
  DocumentPageSchema,
  DocumentSearchQuery,
  DocumentSummarySchema,
  DocumentVersionSchema,
  InvalidateRequest,
  IsoDate,
  Oid,
  problemResponses,
  StoreDocumentRequest,
} from '../schemas.ts';
import { QueueFull, storeGroups } from '../store-group.ts';
import { StoreReads } from '../store-reads.ts';
import type { TypedApp } from '../typed.ts';
import { refuseLegacyChange } from './legacy.ts';

const SetIdParams = Type.Object({ setId: Oid });
const VersionParams = Type.Object({ setId: Oid, version: Type.Integer({ minimum: 1 }) });
/** Most documents one batch stores: a batch holds its audit chains locked until it commits. */
export const MAX_BATCH_DOCUMENTS = 100;

const StoreDocumentBatchRequest = Type.Object(
  {
    documents: Type.Array(StoreDocumentRequest, { minItems: 1, maxItems: MAX_BATCH_DOCUMENTS }),
  },
  { additionalProperties: false },
);

export const RegisterParams = Type.Object({ registerId: Type.String({ minLength: 1, maxLength: 100 }) });
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ description: 'Retry-safe key: a retried create returns the first answer' }),
  ),
});

/** Lifecycle refusals: a stale version or a closed document is a conflict, a missing reason is invalid input. */
function lifecycleProblem(d: Extract<LifecycleDecision, { ok: false }>): ProblemError {
  if (d.rule === 'reason_required' || d.rule === 'reason_too_long') {
    return new ProblemError(
      problem('unprocessable', d.reason, {
        rule: d.rule,
        errors: [{ path: '/reason', code: d.rule, message: d.reason }],
      }),
    );
  }
  const kind = d.rule === 'version_conflict' ? 'version-conflict' : 'conflict';
  return new ProblemError(
    problem(kind, d.reason, {
      rule: d.rule,
      ...(d.currentVersion !== undefined ? { currentVersion: d.currentVersion } : {}),
    }),
  );
}

interface CodedFields {
  serviceTask?: string;
  socialService?: string;
  processPhase?: string;
  retentionClass?: string;
  omakanta?: { restrictionReason?: string };
}

function checkMetadataCodes(
  ctx: ServerContext,
  m: CodedFields,
  onDate: string,
  out: ProblemFieldError[],
): void {
  checkCode(ctx.codes, CODE_SYSTEM.serviceTask, m.serviceTask, '/metadata/serviceTask', onDate, out);
  checkCode(ctx.codes, CODE_SYSTEM.socialService, m.socialService, '/metadata/socialService', onDate, out);
  checkCode(ctx.codes, CODE_SYSTEM.processPhase, m.processPhase, '/metadata/processPhase', onDate, out);
  checkCode(ctx.codes, CODE_SYSTEM.retentionClass, m.retentionClass, '/metadata/retentionClass', onDate, out);
  checkCode(
    ctx.codes,
    CODE_SYSTEM.restrictionReason,
    m.omakanta?.restrictionReason,
    '/metadata/omakanta/restrictionReason',
    onDate,
    out,
  );
}

/**
 * A document of a case belongs to the case's register and service task, and to every client who
 * was a member of the case on the document's date (yhteinen asia): those the writer named, which
 * must be such members, then the other members present. A client who left the case is not a client
 * of its later documents. Returns the clients, or `named` when there is no case (or it is invalid).
 */
async function checkCase(
  tx: Tx,
  caseOid: string | undefined,
  registrarOid: string,
  serviceTask: string,
  named: readonly string[],
  documentDate: string,
  errors: ProblemFieldError[],
  reads?: StoreReads,
): Promise<string[]> {
  if (caseOid === undefined) return [...named];
  const c = reads ? await reads.case(tx, caseOid) : await getCase(tx, caseOid);
  if (!c || c.registrarOid !== registrarOid) {
    errors.push({
      path: '/metadata/caseOid',
      code: 'unknown_case',
      message: 'No such case in this register.',
    });
    return [...named];
  }
  if (c.serviceTask !== serviceTask) {
    errors.push({
      path: '/metadata/serviceTask',
      code: 'case_service_task',
      message: `The case belongs to service task ${c.serviceTask}; its documents must too.`,
    });
  }
  const members = caseDocumentClients(
    c.members.map((m) => ({ joined: m.joinedAt, ...(m.leftAt !== undefined ? { left: m.leftAt } : {}) })),
    c.members.map((m) => m.clientKey),
    named,
    documentDate,
  );
  if (members.ok) return members.value;
  errors.push({
    path: 'index' in members ? `/metadata/clients/${members.index}` : '/metadata/clients',
    code: members.rule,
    message: members.reason,
  });
  return [...named];
}

/** The structure a client document follows: the one named, or the newest of its type. */
function structureFor(
  ctx: ServerContext,
  documentType: string,
  structureOid: string | undefined,
  out: ProblemFieldError[],
): StructureDefinition | undefined {
  if (structureOid !== undefined) {
    const d = ctx.structures.get(structureOid);
    if (!d || d.typeCode !== documentType) {
      out.push({
        path: '/metadata/structureOid',
        code: 'unknown_structure',
        message: `No structure ${structureOid} of document type ${documentType} is known.`,
      });
      return undefined;
    }
    return d;
  }
  const d = ctx.structures.latestForType(documentType);
  if (!d) {
    out.push({
      path: '/metadata/documentType',
      code: 'unknown_structure',
      message: `No structure is known for document type ${documentType}.`,
    });
    return undefined;
  }
  // Clienthood and case documents follow from their own actions (their endpoints build them).
  if (d.typeCode.startsWith('1505.')) {
    out.push({
      path: '/metadata/documentType',
      code: 'record_document',
      message: 'Clienthood, case, consent and prohibition documents have their own endpoints.',
    });
    return undefined;
  }
  return d;
}

/**
 * A rule that refuses every document to this actor (a weak login, a role without the right) is
 * explained with 403: it is about the actor, never about data.
 */
async function refuseWholly(tx: Tx, actor: Actor, action: AccessAction, note: AuditNote): Promise<void> {
  const refused = await globalRefusal(tx, actor, action, note);
  if (!refused) return;
  const kind = refused.rule === 'strong_authentication' ? 'strong-authentication-required' : 'forbidden';
  throw new Refusal(refused.rule, refused.reason, problem(kind, refused.reason, { rule: refused.rule }));
}

/**
 * Most documents one export answers — in one query, so the export is one consistent snapshot; a
 * client with more is exported in parts by date.
 */
const EXPORT_LIMIT = 1000;

/**
 * Reads in one round trip what the stores of `items` are going to read through `reads`: their
 * clients, cases, clienthoods and the clients' facts. A batch or group names them all first; a
 * single store names its own. What a store then reads beyond (the facts of a case's other members)
 * is read when needed.
 */
export async function prefetchStores(
  ctx: ServerContext,
  tx: Tx,
  reads: StoreReads,
  items: readonly { registerId: string; input: Static<typeof StoreDocumentRequest> }[],
): Promise<void> {
  const registrars = new Map<string, string | undefined>();
  for (const id of new Set(items.map((i) => i.registerId))) {
    registrars.set(id, (await reads.register(ctx, tx, id))?.registrarOid);
  }
  await reads.prefetch(tx, {
    persons: items.flatMap((i) => i.input.metadata.clients),
    cases: items.flatMap((i) => (i.input.metadata.caseOid !== undefined ? [i.input.metadata.caseOid] : [])),
    clienthoods: items.flatMap((i) => {
      const registrarOid = registrars.get(i.registerId);
      const clientKey = i.input.metadata.clients[0];
      return registrarOid !== undefined && clientKey !== undefined ? [{ clientKey, registrarOid }] : [];
    }),
    facts: items.flatMap((i) => i.input.metadata.clients),
  });
}

/**
 * Version 1 of a client document in a register, checked and decided but not yet written: codes,
 * clients, case and structure checked (problems point under /metadata and /content), the write
 * decided by the access policy, the OID minted and the XHTML rendered. One document of
 * `POST /registers/{id}/documents`, one item of a batch, or one member of a group of concurrent
 * stores; `reads` shares the facts read between the documents of one transaction.
 */
export async function checkClientDocument(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  note: AuditNote,
  registerId: string,
  input: Static<typeof StoreDocumentRequest>,
  reads: StoreReads,
): Promise<NewDocumentVersion> {
  const { metadata: m, content } = input;
  note.clientKey = m.clients[0];
  await prefetchStores(ctx, tx, reads, [{ registerId, input }]);
  const register = await reads.register(ctx, tx, registerId);
  if (!register) throw hide('not_found', 'no such register');
  const serviceUnitOid = actorUnit(actor, m.serviceUnitOid, '/metadata/serviceUnitOid');
  const errors: ProblemFieldError[] = [];
  checkCode(
    ctx.codes,
    CODE_SYSTEM.documentType,
    m.documentType,
    '/metadata/documentType',
    m.documentDate,
    errors,
  );
  checkMetadataCodes(ctx, m, m.documentDate, errors);
  const definition = structureFor(ctx, m.documentType, m.structureOid, errors);
  const known = await reads.knownPersons(tx, m.clients);
  m.clients.forEach((c, i) => {
    if (!known.has(c))
      errors.push({
        path: `/metadata/clients/${i}`,
        code: 'unknown_client',
        message: 'No such client.',
      });
  });
  if (new Set(m.clients).size !== m.clients.length) {
    errors.push({
      path: '/metadata/clients',
      code: 'duplicate_client',
      message: 'A client is named twice.',
    });
  }
  const clients = await checkCase(
    tx,
    m.caseOid,
    register.registrarOid,
    m.serviceTask,
    m.clients,
    m.documentDate,
    errors,
    reads,
  );
  if (errors.length > 0 || !definition) throw unprocessable(errors);
  const clienthood = await reads.clienthood(tx, m.clients[0]!, register.registrarOid);
  const metadata = metadataFor(actor, register, definition, {
    clients,
    serviceTask: m.serviceTask,
    ...(m.socialService !== undefined ? { socialService: m.socialService } : {}),
    ...(m.processPhase !== undefined ? { processPhase: m.processPhase } : {}),
    documentGroup: DOCUMENT_GROUP.clientDocument,
    documentType: m.documentType,
    documentDate: m.documentDate,
    ...(m.caseOid !== undefined ? { caseOid: m.caseOid } : {}),
    ...(clienthood ? { clienthoodOid: clienthood.clienthoodOid } : {}),
    serviceUnitOid,
    language: m.language ?? 'fi',
    ...(m.retentionClass !== undefined ? { retentionClass: m.retentionClass } : {}),
    ...(m.omakanta !== undefined ? { omakanta: m.omakanta } : {}),
  });
  await requireWrite(
    tx,
    actor,
    'document.store',
    targetOf(metadata, 'active'),
    metadata.clients,
    note,
    reads,
  );
  checkContent(ctx, definition, content);
  return prepareVersion(
    ctx,
    tx,
    actor,
    { version: 1, status: 'active', metadata, content, definition },
    undefined,
    reads,
  );
}

/** Stores version 1 of a client document: checked, decided and written (one statement). */
export async function storeClientDocument(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  note: AuditNote,
  registerId: string,
  input: Static<typeof StoreDocumentRequest>,
): Promise<DocumentVersion> {
  const version = await checkClientDocument(ctx, tx, actor, note, registerId, input, new StoreReads());
  const [stored] = await writeFirstVersions(tx, [{ note, version }]);
  return stored!;
}

/**
 * A problem of one document in a batch, pointing at it: field paths get the `/documents/{i}`
 * prefix; a problem without fields (a refusal, which looks like a missing register or client) names
 * the document itself, so the caller knows which one to look at.
 */
function atBatchItem(e: unknown, i: number): unknown {
  const at = (p: Problem): Problem => ({
    ...p,
    errors:
      p.errors && p.errors.length > 0
        ? p.errors.map((f) => ({ ...f, path: `/documents/${i}${f.path}` }))
        : [{ path: `/documents/${i}`, code: p.rule ?? 'refused', message: p.detail ?? p.title }],
  });
  if (e instanceof Refusal) return new Refusal(e.rule, e.reason, at(e.problem));
  if (e instanceof ProblemError) return new ProblemError(at(e.problem));
  return e;
}

export function documentRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/registers/:registerId/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Store a client document (version 1) in a register',
        description:
          'Content is validated against its structure (errors point under /content), metadata codes ' +
          'against the code registry (errors under /metadata). The document OID is minted under the ' +
          'registrar. A weak login may store.',
        params: RegisterParams,
        headers: IdempotencyHeaders,
        body: StoreDocumentRequest,
        response: {
          201: DocumentVersionSchema,
          ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const alone = () =>
        createOnce(ctx, request, 'document.store', async (tx, note, actor) => ({
          status: 201,
          body: documentView(
            await storeClientDocument(ctx, tx, actor, note, request.params.registerId, request.body),
          ),
        }));
      // With group commit on, concurrent stores share one transaction (store-group.ts).
      const created = ctx.config.groupCommit
        ? await storeGroups(ctx, { check: checkClientDocument, prefetch: prefetchStores })
            .store(request, request.params.registerId, request.body, alone)
            .catch((e: unknown) => {
              // A full queue says when to come back.
              if (e instanceof QueueFull) reply.header('retry-after', String(e.retryAfter));
              throw e;
            })
        : await alone();
      return reply
        .code(created.status as 201)
        .header('location', `/documents/${created.body.setId}`)
        .send(created.body);
    },
  );

  app.post(
    '/registers/:registerId/documents/batch',
    {
      schema: {
        tags: ['documents'],
        summary: 'Store up to 100 client documents in a register at once: all or none',
        description:
          "For client systems that send many documents (a day's entries, a migration): each document " +
          'is checked and decided exactly as `POST /registers/{registerId}/documents` would, and the ' +
          'batch is one transaction — if any document is invalid or refused, none is stored and the ' +
          'problem points at it (`/documents/3/metadata/...`). Each stored document gets its own audit ' +
          'entry under its client, beside the entry of the batch.',
        params: RegisterParams,
        headers: IdempotencyHeaders,
        body: StoreDocumentBatchRequest,
        response: {
          201: Type.Object({ documents: Type.Array(DocumentVersionSchema) }),
          ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const created = await createOnce(ctx, request, 'document.store_batch', async (tx, note, actor) => {
        const documents = request.body.documents;
        // The same client, case, clienthood and facts are read once for the whole batch, and the
        // clients of every document in one query.
        const reads = new StoreReads();
        await prefetchStores(
          ctx,
          tx,
          reads,
          documents.map((input) => ({ registerId: request.params.registerId, input })),
        );
        const items: { note: AuditNote; version: NewDocumentVersion }[] = [];
        for (const [i, input] of documents.entries()) {
          const item: AuditNote = { documents: [], access: note.access };
          try {
            const version = await checkClientDocument(
              ctx,
              tx,
              actor,
              item,
              request.params.registerId,
              input,
              reads,
            );
            items.push({ note: item, version });
          } catch (e) {
            // The refusal is logged under the client of the document it stopped, naming none of
            // the documents before it: they are rolled back with the batch.
            note.clientKey = item.clientKey ?? note.clientKey;
            note.documents = [];
            throw atBatchItem(e, i);
          }
          // The regulation read for the first document serves the rest.
          note.access = item.access;
        }
        // Every document of the batch in one statement; then each its own audit entry.
        const stored = await writeFirstVersions(tx, items);
        const entries = items.map(({ note: item }, i) =>
          entry(
            request,
            'document.store',
            item,
            'allowed',
            item.rule,
            `document ${i + 1} of ${documents.length} in a batch`,
          ),
        );
        // The batch's own entry is on the first document's client chain and names only that
        // client's documents: a client's log never lists another client's. `act` appends it with
        // the documents' entries in one batch, the chains locked in chain order, so concurrent
        // batches cannot deadlock.
        note.clientKey = entries[0]?.clientKey;
        note.documents = entries
          .filter((e) => e.clientKey === note.clientKey)
          .flatMap((e) => e.documents ?? []);
        note.also = entries;
        return { status: 201, body: { documents: stored.map(documentView) } };
      });
      return reply.code(created.status as 201).send(created.body);
    },
  );

  app.get(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Search documents by client, case, service task, type and time range',
        description:
          'Returns only what the access policy allows; `total` counts the same. A login that may not ' +
          'retrieve at all (a weak login) gets 403 with the reason.',
        querystring: DocumentSearchQuery,
        response: { 200: DocumentPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      return act(ctx, request, 'document.search', async (tx, note, actor) => {
        if (q.client !== undefined) note.clientKey = q.client;
        await refuseWholly(tx, actor, 'document.search', note);
        const limit = q.limit ?? 50;
        const offset = q.offset ?? 0;
        const access = await regulatedAccess(tx, actor, note);
        const page = await searchDocumentSummaries(tx, accessFilter(actor, 'document.search', access), {
          ...(q.client !== undefined ? { clientKey: q.client } : {}),
          ...(q.case !== undefined ? { caseOid: q.case } : {}),
          ...(q.serviceTask !== undefined ? { serviceTask: q.serviceTask } : {}),
          ...(q.documentType !== undefined ? { documentType: q.documentType } : {}),
          ...(q.documentGroup !== undefined ? { documentGroup: q.documentGroup } : {}),
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          includeInvalidated: q.includeInvalidated ?? false,
          limit,
          offset,
        });
        note.documents.push(...page.items.map((d) => ({ setId: d.setId, version: d.version })));
        return { items: page.items.map(summaryOf), total: page.total, limit, offset };
      });
    },
  );

  app.get(
    '/clients/:clientKey/export',
    {
      schema: {
        tags: ['documents'],
        summary: "Export a client's documents the caller may retrieve, with content and rendering",
        description:
          'Newline-delimited JSON (application/x-ndjson), one current version per line, newest first, ' +
          'invalidated documents included and marked. Decided by the same policy as every read ' +
          '(action document.export); every exported document is named in the audit entry. At most ' +
          `${EXPORT_LIMIT} documents per request: narrow with from/to beyond that.`,
        params: Type.Object({ clientKey: ClientKey }),
        querystring: Type.Object(
          { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
        response: { 200: Type.String(), ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const lines = await act(ctx, request, 'document.export', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        await refuseWholly(tx, actor, 'document.export', note);
        const filter = accessFilter(actor, 'document.export', await regulatedAccess(tx, actor, note));
        const page = await searchDocuments(tx, filter, {
          clientKey: request.params.clientKey,
          ...(request.query.from !== undefined ? { from: request.query.from } : {}),
          ...(request.query.to !== undefined ? { to: request.query.to } : {}),
          includeInvalidated: true,
          limit: EXPORT_LIMIT,
          offset: 0,
        });
        if (page.total > EXPORT_LIMIT) {
          throw unprocessable(
            [
              {
                path: '/from',
                code: 'too_many',
                message: `Narrow the period: at most ${EXPORT_LIMIT} documents per export.`,
              },
            ],
            `${page.total} documents: export at most ${EXPORT_LIMIT} at a time`,
          );
        }
        const out = page.items.map((v) => JSON.stringify(documentView(v)));
        note.documents.push(...page.items.map((v) => ({ setId: v.setId, version: v.version })));
        return out;
      });
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="varanto-export-${request.params.clientKey}.ndjson"`,
        )
        .header('cache-control', 'no-store')
        .send(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    },
  );

  app.get(
    '/documents/:setId',
    {
      schema: {
        tags: ['documents'],
        summary: 'The current version of a document',
        params: SetIdParams,
        response: { 200: DocumentVersionSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'document.read', async (tx, note, actor) => {
        await loadForAction(tx, actor, 'document.read', request.params.setId, note);
        const v = await getDocumentVersion(tx, request.params.setId);
        if (!v) throw hide('not_found', 'no such document');
        return documentView(v);
      }),
  );

  app.get(
    '/documents/:setId/versions',
    {
      schema: {
        tags: ['documents'],
        summary: 'Every version of a document, oldest first (metadata only)',
        params: SetIdParams,
        response: { 200: Type.Array(DocumentSummarySchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'document.versions', async (tx, note, actor) => {
        await loadForAction(tx, actor, 'document.read', request.params.setId, note);
        const versions = await listDocumentVersions(tx, request.params.setId);
        note.documents = versions.map((v) => ({ setId: v.setId, version: v.version }));
        return versions.map(summaryOf);
      }),
  );

  app.get(
    '/documents/:setId/xhtml',
    {
      schema: {
        tags: ['documents'],
        summary: 'The stored XHTML rendering of the current version (for display and print)',
        description:
          'The human-readable form stored with the version, as application/xhtml+xml, under a ' +
          'content security policy that allows no scripts, frames or outside resources.',
        params: SetIdParams,
        response: { 200: Type.String(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const xhtml = await act(ctx, request, 'document.render', async (tx, note, actor) => {
        await loadForAction(tx, actor, 'document.render', request.params.setId, note);
        const v = await getDocumentVersion(tx, request.params.setId);
        if (!v) throw hide('not_found', 'no such document');
        return v.xhtml;
      });
      return reply
        .header('content-type', 'application/xhtml+xml; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('cache-control', 'no-store')
        .send(xhtml);
    },
  );

  app.get(
    '/documents/:setId/versions/:version',
    {
      schema: {
        tags: ['documents'],
        summary: 'One version of a document',
        params: VersionParams,
        response: { 200: DocumentVersionSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'document.read', async (tx, note, actor) => {
        const { setId, version } = request.params;
        await loadForAction(tx, actor, 'document.read', setId, note);
        note.documents = [{ setId, version }];
        const v = await getDocumentVersion(tx, setId, version);
        if (!v) throw hide('not_found', 'no such version');
        return documentView(v);
      }),
  );

  app.post(
    '/documents/:setId/versions',
    {
      schema: {
        tags: ['documents'],
        summary: 'Correct a document: store its next version',
        description:
          'Names the version it corrects; when another correction came first the answer is 409 with ' +
          '`currentVersion`. Every earlier version stays.',
        params: SetIdParams,
        body: CorrectRequest,
        response: { 201: DocumentVersionSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const stored = await act(ctx, request, 'document.correct', async (tx, note, actor) => {
        const current = await loadForAction(tx, actor, 'document.correct', request.params.setId, note, true);
        refuseLegacyChange(current.metadata, 'correct');
        const decision = decideCorrection(current, body.correctsVersion, body.reason);
        if (!decision.ok) throw lifecycleProblem(decision);
        const definition = ctx.structures.get(current.metadata.structureOid);
        if (!definition)
          throw new Error(`structure ${current.metadata.structureOid} of a stored document is unknown`);
        const changes = body.metadata ?? {};
        // OmaKanta visibility changes only through PUT /documents/{setId}/visibility, where
        // decideVisibilityChange applies (a producer cannot alone hide from a guardian, special
        // content is lifted only by the organizer…); a correction keeps the settings as they are.
        if (
          changes.omakanta !== undefined &&
          !visibilityUnchanged(changes.omakanta, current.metadata.omakanta)
        ) {
          throw unprocessable([
            {
              path: '/metadata/omakanta',
              code: 'visibility_via_endpoint',
              message: `Change the OmaKanta visibility with PUT /documents/${request.params.setId}/visibility.`,
            },
          ]);
        }
        let metadata: DocumentMetadata = {
          ...current.metadata,
          ...changes,
          omakanta: current.metadata.omakanta,
          authorId: actor.professionalId,
          authorName: actor.name,
        };
        const errors: ProblemFieldError[] = [];
        checkMetadataCodes(ctx, changes, metadata.documentDate, errors);
        if (
          changes.caseOid !== undefined ||
          changes.serviceTask !== undefined ||
          (changes.documentDate !== undefined && metadata.caseOid !== undefined)
        ) {
          // The clients follow the case's members on the (new) date; the owner stays the first.
          const clients = await checkCase(
            tx,
            metadata.caseOid,
            metadata.registrarOid,
            metadata.serviceTask,
            [current.clientKey],
            metadata.documentDate,
            errors,
          );
          metadata = { ...metadata, clients };
        }
        if (errors.length > 0) throw unprocessable(errors);
        await requireWrite(
          tx,
          actor,
          'document.correct',
          targetOf(metadata, 'active'),
          metadata.clients,
          note,
        );
        checkContent(ctx, definition, body.content);
        return writeVersion(ctx, tx, actor, note, {
          setId: current.setId,
          version: decision.nextVersion,
          status: decision.status,
          metadata,
          content: body.content,
          definition,
          reason: body.reason.trim(),
        });
      });
      return reply.code(201).send(documentView(stored));
    },
  );

  app.post(
    '/documents/:setId/invalidation',
    {
      schema: {
        tags: ['documents'],
        summary: 'Invalidate a document (mitätöinti) with a reason: a new, marked version',
        params: SetIdParams,
        body: InvalidateRequest,
        response: { 201: DocumentVersionSchema, ...problemResponses(...COMMON_PROBLEMS, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const stored = await act(ctx, request, 'document.invalidate', async (tx, note, actor) => {
        const current = await loadForAction(
          tx,
          actor,
          'document.invalidate',
          request.params.setId,
          note,
          true,
        );
        refuseLegacyChange(current.metadata, 'invalidate');
        const decision = decideInvalidation(current, body.invalidatesVersion, body.reason);
        if (!decision.ok) throw lifecycleProblem(decision);
        const previous = await getDocumentVersion(tx, current.setId, current.version);
        // A legacy document follows no structure (legacy:pdf, legacy:text): its XHTML was made by
        // the importer, and is marked as every invalidated version's is.
        const legacy = isLegacyDocument(current.metadata);
        const definition = legacy ? undefined : ctx.structures.get(current.metadata.structureOid);
        if (!previous || (!legacy && !definition))
          throw new Error(`document ${current.setId} cannot be read back`);
        // The invalidated version keeps the content as it was: the status, the reason, and the
        // notice they put first in its rendering (markInvalidated) are the change.
        const reason = body.reason.trim();
        const stored = await writeVersion(
          ctx,
          tx,
          actor,
          note,
          {
            setId: current.setId,
            version: decision.nextVersion,
            status: decision.status,
            metadata: current.metadata,
            content: previous.content,
            ...(definition ? { definition } : {}),
            reason,
          },
          markInvalidated(previous.xhtml, {
            lang: current.metadata.language,
            date: finnishDate(ctx.now()),
            reason,
          }),
        );
        // The legacy document's file stays its file: the new version is bound to the same blob
        // (document_file is keyed by version), so GET /documents/{id}/file serves it as before.
        if (legacy && !(await carryDocumentFile(tx, current.setId, current.version, stored.version)))
          throw new Error(`legacy document ${current.setId} version ${current.version} has no file`);
        return stored;
      });
      return reply.code(201).send(documentView(stored));
    },
  );
}
