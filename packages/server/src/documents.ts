// The main job, step by step (architecture.md, "Data flow of the main job"): check the metadata
// codes and the structure, mint the OID, render the XHTML, decide access, write the version — all
// inside the caller's transaction, which also writes the audit entry. Clienthood and case
// documents go through the same steps; only the content comes from the builders.
import {
  ACCESS_RULES,
  type AccessAction,
  type AccessContext,
  type AccessDecision,
  decideAccess,
  isRead,
  NO_FACTS,
  type Target,
} from '@varanto/domain/access';
import { CODE_SYSTEM_OIDS, type CodeRegistry } from '@varanto/domain/codes';
import { mintDocumentOid, parseOid } from '@varanto/domain/identity';
import type {
  Actor,
  DocumentGroup,
  DocumentMetadata,
  DocumentStatus,
  DocumentVersion,
  OmaKantaSettings,
} from '@varanto/domain/records';
import { renderXhtml, type StructureDefinition, validate } from '@varanto/domain/structures';
import {
  type CurrentState,
  currentRegulation,
  type DocumentSummary,
  getCurrentState,
  indexLinkedClients,
  insertDocumentVersion,
  insertFirstVersions,
  loadClientFacts,
  type NewDocumentVersion,
  type Register,
  type Tx,
  VersionConflictError,
} from '@varanto/store';
import { type AuditNote, Refusal } from './audit.ts';
import type { ServerContext } from './context.ts';
import { notFound, ProblemError, type ProblemFieldError, problem } from './problem.ts';
import { referenceCache } from './reference-cache.ts';
import type { StoreReads } from './store-reads.ts';

/** The code systems the API checks, named as the server uses them; the OIDs are the codes module's. */
export const CODE_SYSTEM = {
  serviceTask: CODE_SYSTEM_OIDS.serviceTask,
  socialService: CODE_SYSTEM_OIDS.socialService,
  processPhase: CODE_SYSTEM_OIDS.serviceProcess,
  documentType: CODE_SYSTEM_OIDS.clientDocumentType,
  retentionClass: CODE_SYSTEM_OIDS.retentionClass,
  restrictionReason: CODE_SYSTEM_OIDS.omaKantaRestrictionReason,
  caseState: CODE_SYSTEM_OIDS.caseState,
  /** Sosiaalihuollon asia (kind of case); not shipped as a code set yet. */
  caseName: '1.2.246.537.6.1265',
} as const;

export function targetOf(m: DocumentMetadata, status: DocumentStatus): Target {
  return {
    registrarOid: m.registrarOid,
    serviceTask: m.serviceTask,
    documentType: m.documentType,
    documentGroup: m.documentGroup,
    organizationOid: m.organizationOid,
    serviceUnitOid: m.serviceUnitOid,
    status,
  };
}

/**
 * Refuses an action on a document the caller named by id. Forbidden and missing must look the
 * same, so the answer is the one 404; the audit entry keeps the real rule.
 */
export function hide(rule: string, reason: string): Refusal {
  return new Refusal(rule, reason, notFound().problem);
}

/**
 * Refuses a write whose target the caller described entirely themselves (a new document): naming
 * the rule reveals nothing they did not send, and tells them what to fix.
 */
export function explainRefusal(rule: string, reason: string): Refusal {
  return new Refusal(rule, reason, problem('forbidden', reason, { rule }));
}

const regulationLoaded = new WeakSet<AuditNote>();

/**
 * The request's access context with the regulation of the actor's own organization: each service
 * provider decides what its staff's roles may do (THL access-rights regulation), also when the
 * staff work in another registrar's register. Read once per action, inside its transaction, unless
 * authentication already read it with the actor (the auth-facts cache, actor-cache.ts).
 */
export async function regulatedAccess(tx: Tx, actor: Actor, note: AuditNote): Promise<AccessContext> {
  if (!regulationLoaded.has(note) && note.access.regulation === undefined) {
    const { regulation } = await currentRegulation(tx, actor.organizationOid);
    note.access = { ...note.access, regulation };
    regulationLoaded.add(note);
  }
  return note.access;
}

/**
 * Decides `action` on a document of `clients`. A document of several clients (a shared case) is
 * allowed when the facts of any one of them allow it; the audit entry names that client. Without
 * an allowing client, the first refusal is returned. `reads` shares the facts read between the
 * documents of a batch.
 */
export async function decideOnClients(
  tx: Tx,
  actor: Actor,
  action: AccessAction,
  target: Target,
  clients: readonly string[],
  note: AuditNote,
  reads?: StoreReads,
): Promise<AccessDecision & { clientKey?: string }> {
  const access = await regulatedAccess(tx, actor, note);
  let refusal: AccessDecision | undefined;
  for (const clientKey of clients.length > 0 ? clients : [undefined]) {
    const facts =
      clientKey === undefined
        ? NO_FACTS
        : reads
          ? await reads.clientFacts(tx, clientKey)
          : await loadClientFacts(tx, clientKey);
    const d = decideAccess(actor, action, target, facts, access);
    if (d.effect === 'allow') return clientKey === undefined ? d : { ...d, clientKey };
    refusal ??= d;
  }
  return refusal!;
}

function noteAllowed(note: AuditNote, d: AccessDecision & { clientKey?: string }): void {
  if (d.effect !== 'allow') return;
  note.rule = d.rules.join(',');
  if (d.clientKey !== undefined) note.clientKey = d.clientKey;
  if (note.access.purpose !== undefined) note.purpose = note.access.purpose;
}

/** Decides `action` on an existing document; a refusal answers 404. */
export async function requireAccess(
  tx: Tx,
  actor: Actor,
  action: AccessAction,
  target: Target,
  clients: readonly string[],
  note: AuditNote,
): Promise<void> {
  const d = await decideOnClients(tx, actor, action, target, clients, note);
  if (d.effect === 'deny') throw hide(d.rule, d.reason);
  noteAllowed(note, d);
}

/** Whether `clientKey`'s facts let the actor `action` the target (lists of one client's records). */
export async function allowedFor(
  tx: Tx,
  actor: Actor,
  action: AccessAction,
  target: Target,
  clientKey: string,
  note: AuditNote,
): Promise<boolean> {
  return (await decideOnClients(tx, actor, action, target, [clientKey], note)).effect === 'allow';
}

/**
 * A rule that refuses every target for this actor (a weak login searching, a role without the
 * action) is explained with 403: the explanation is about the actor alone, never about data.
 * Rules that depend on the target only narrow the result.
 */
export async function globalRefusal(
  tx: Tx,
  actor: Actor,
  action: AccessAction,
  note: AuditNote,
): Promise<{ rule: string; reason: string } | undefined> {
  const access = await regulatedAccess(tx, actor, note);
  for (const rule of ACCESS_RULES) {
    if (!rule.appliesTo(action, actor)) continue;
    const p = rule.predicate(actor, action, access);
    if (p.op === 'const' && !p.value) return { rule: rule.name, reason: rule.reason };
  }
  return undefined;
}

/** The current state of a document for an action, or the one 404 when it is missing or not allowed. */
export async function loadForAction(
  tx: Tx,
  actor: Actor,
  action: AccessAction,
  setId: string,
  note: AuditNote,
  forUpdate = false,
): Promise<CurrentState> {
  const current = await getCurrentState(tx, setId, { forUpdate });
  if (!current) throw hide('not_found', 'no such document');
  note.clientKey = current.clientKey;
  note.documents.push({ setId, version: current.version });
  const target = targetOf(current.metadata, current.status);
  const d = await decideOnClients(tx, actor, action, target, current.metadata.clients, note);
  if (d.effect === 'deny') {
    // Someone who may read the document learns nothing from the rule that stops a change of it (a
    // producer correcting the organizer's document): explained. Anyone else gets the one 404.
    if (!isRead(action)) {
      const read = await decideOnClients(tx, actor, 'document.read', target, current.metadata.clients, note);
      if (read.effect === 'allow') throw explainRefusal(d.rule, d.reason);
    }
    throw hide(d.rule, d.reason);
  }
  noteAllowed(note, d);
  return current;
}

// --- validation -----------------------------------------------------------------------------------

export function unprocessable(
  errors: ProblemFieldError[],
  detail = 'The request has invalid values.',
): ProblemError {
  return new ProblemError(problem('unprocessable', detail, { errors }));
}

/**
 * Whether a metadata code is known. The repository itself acts on these codes (access, search,
 * retention), so an unknown one is refused even where the shipped list is only partial; an operator
 * who needs more codes imports the official list.
 */
export function checkCode(
  codes: CodeRegistry,
  system: string,
  code: string | undefined,
  path: string,
  onDate: string,
  out: ProblemFieldError[],
): void {
  if (code === undefined) return;
  const r = codes.lookup(system, code, onDate);
  if (r.ok) return;
  if (r.error.reason === 'unknown_system') return;
  out.push({
    path,
    code: r.error.reason === 'not_valid_on_date' ? 'code_not_valid_on_date' : 'unknown_code',
    message: r.error.message,
  });
}

/**
 * Code lookup for content validation: a code missing from a partial list may still be valid
 * nationally, so only a complete list can say "no".
 */
export function contentCodeLookup(codes: CodeRegistry) {
  return (system: string, code: string): boolean | undefined => {
    const r = codes.lookup(system, code);
    if (r.ok) return true;
    if (r.error.reason !== 'unknown_code') return undefined;
    return codes.system(system)?.completeness === 'complete' ? false : undefined;
  };
}

/** Content against its structure; errors point into the request body under /content. */
export function checkContent(ctx: ServerContext, definition: StructureDefinition, content: unknown): void {
  const r = validate(definition, content, { codeExists: contentCodeLookup(ctx.codes) });
  if (r.ok) return;
  throw unprocessable(
    r.errors.map((e) => ({ path: `/content${e.pointer}`, message: e.message, code: e.code })),
    `The content does not follow the structure ${definition.oid}${r.truncated ? ' (first errors only)' : ''}.`,
  );
}

// --- writing --------------------------------------------------------------------------------------

/** A 63-bit random serial for a minted OID: unique without coordinating writers. */
export function randomSerial(ctx: ServerContext): bigint {
  let serial = 0n;
  for (const b of ctx.randomBytes(8)) serial = (serial << 8n) | BigInt(b);
  return serial & ((1n << 63n) - 1n);
}

/** A document OID under the registrar's root. */
export function mintOid(ctx: ServerContext, registrarOid: string): string {
  const org = parseOid(registrarOid);
  if (!org.ok) throw new Error(`registrar OID ${registrarOid} is not an OID`);
  const year = Number(ctx.now().toISOString().slice(0, 4));
  const minted = mintDocumentOid(org.value, year, randomSerial(ctx));
  if (!minted.ok) throw new Error(`minting failed: ${minted.error.message}`);
  return minted.value;
}

export interface VersionToWrite {
  readonly setId?: string;
  readonly version: number;
  readonly status: DocumentStatus;
  readonly metadata: DocumentMetadata;
  readonly content: unknown;
  /** The structure the XHTML is rendered by; absent only when the XHTML is given (kept as it was). */
  readonly definition?: StructureDefinition;
  readonly reason?: string;
}

/** Mints the version's OID and renders its XHTML: the version as it will be written. */
export async function prepareVersion(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  v: VersionToWrite,
  xhtml?: string,
  reads?: StoreReads,
): Promise<NewDocumentVersion> {
  const versionOid = mintOid(ctx, v.metadata.registrarOid);
  const setId = v.setId ?? versionOid;
  const org = reads
    ? await reads.organization(ctx, tx, v.metadata.organizationOid)
    : await referenceCache(ctx).organization(tx, v.metadata.organizationOid);
  let rendered = xhtml;
  if (rendered === undefined) {
    const definition = v.definition;
    if (!definition) throw new Error('a version without its XHTML needs its structure');
    rendered = renderXhtml(definition, v.content, {
      lang: v.metadata.language,
      metadata: {
        documentName: definition.name[v.metadata.language] ?? definition.name.fi,
        date: v.metadata.documentDate,
        author: v.metadata.authorName,
        ...(org ? { organization: org.name } : {}),
      },
    });
  }
  return {
    setId,
    version: v.version,
    versionOid,
    status: v.status,
    metadata: v.metadata,
    content: v.content,
    xhtml: rendered,
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    recordedBy: actor.professionalId,
  };
}

function conflictProblem(e: unknown): unknown {
  if (e instanceof VersionConflictError) {
    return new ProblemError(
      problem('version-conflict', `Version ${e.currentVersion} is now current; correct that version.`, {
        currentVersion: e.currentVersion,
        rule: 'version_conflict',
      }),
    );
  }
  return e;
}

function noteWritten(note: AuditNote, v: NewDocumentVersion): void {
  note.clientKey ??= v.metadata.clients[0];
  note.documents.push({ setId: v.setId, version: v.version });
}

/** Renders, writes and notes one version; a lost race on the version number answers 409. */
export async function writeVersion(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  note: AuditNote,
  v: VersionToWrite,
  xhtml?: string,
): Promise<DocumentVersion> {
  const version = await prepareVersion(ctx, tx, actor, v, xhtml);
  try {
    const stored = await insertDocumentVersion(tx, version);
    // A document of a client linked to another (temporary identifier ↔ identity code) is found by both.
    await indexLinkedClients(tx, version.setId, v.metadata.clients);
    noteWritten(note, version);
    return stored;
  } catch (e) {
    throw conflictProblem(e);
  }
}

/**
 * Writes version 1 of many prepared documents with one statement (a batch, or a group of
 * concurrent stores) and notes each in its own audit note.
 */
export async function writeFirstVersions(
  tx: Tx,
  items: readonly { note: AuditNote; version: NewDocumentVersion }[],
): Promise<DocumentVersion[]> {
  try {
    const stored = await insertFirstVersions(
      tx,
      items.map((i) => i.version),
    );
    for (const i of items) noteWritten(i.note, i.version);
    return stored;
  } catch (e) {
    throw conflictProblem(e);
  }
}

/** The metadata the server fills in for a version written by `actor` into `register`. */
export interface MetadataDraft {
  readonly clients: readonly string[];
  readonly serviceTask: string;
  readonly socialService?: string;
  readonly processPhase?: string;
  readonly documentGroup: DocumentGroup;
  readonly documentType: string;
  readonly documentDate: string;
  readonly caseOid?: string;
  readonly clienthoodOid?: string;
  readonly serviceUnitOid: string;
  readonly language: 'fi' | 'sv';
  readonly retentionClass?: string;
  readonly omakanta?: OmaKantaSettings;
}

export function metadataFor(
  actor: Actor,
  register: Register,
  definition: StructureDefinition,
  d: MetadataDraft,
): DocumentMetadata {
  return {
    registerId: register.id,
    registrarOid: register.registrarOid,
    organizationOid: actor.organizationOid,
    serviceUnitOid: d.serviceUnitOid,
    authorId: actor.professionalId,
    authorName: actor.name,
    ...(d.caseOid !== undefined ? { caseOid: d.caseOid } : {}),
    ...(d.clienthoodOid !== undefined ? { clienthoodOid: d.clienthoodOid } : {}),
    clients: [...d.clients],
    serviceTask: d.serviceTask,
    ...(d.socialService !== undefined ? { socialService: d.socialService } : {}),
    ...(d.processPhase !== undefined ? { processPhase: d.processPhase } : {}),
    documentGroup: d.documentGroup,
    documentType: d.documentType,
    structureOid: definition.oid,
    documentDate: d.documentDate,
    ...(d.retentionClass !== undefined ? { retentionClass: d.retentionClass } : {}),
    language: d.language,
    omakanta: d.omakanta ?? {},
  };
}

/** The service unit the actor writes for: one of their own, the first by default. */
export function actorUnit(actor: Actor, requested: string | undefined, path: string): string {
  if (requested !== undefined) {
    if (!actor.serviceUnitOids.includes(requested)) {
      throw unprocessable([{ path, code: 'not_own_unit', message: 'You do not work in this service unit.' }]);
    }
    return requested;
  }
  const first = actor.serviceUnitOids[0];
  if (first === undefined) {
    throw unprocessable([
      { path, code: 'no_unit', message: 'Your right names no service unit to write for.' },
    ]);
  }
  return first;
}

/** Decides a new write whose target the caller described; refusals are explained (403). */
export async function requireWrite(
  tx: Tx,
  actor: Actor,
  action: AccessAction,
  target: Target,
  clients: readonly string[],
  note: AuditNote,
  reads?: StoreReads,
): Promise<void> {
  const d = await decideOnClients(tx, actor, action, target, clients, note, reads);
  if (d.effect === 'deny') {
    // Writing into a register the organization may not use looks like the register is missing.
    if (d.rule === 'registrar_boundary') throw hide(d.rule, d.reason);
    throw explainRefusal(d.rule, d.reason);
  }
  noteAllowed(note, d);
}

/** A stored version as the API returns it. */
export function documentView(v: DocumentVersion) {
  return {
    ...v,
    metadata: { ...v.metadata, clients: [...v.metadata.clients], omakanta: { ...v.metadata.omakanta } },
  };
}

/** Strips content and rendering for lists: a search returns metadata, a get returns the document. */
export function summaryOf(v: DocumentSummary & { content?: unknown; xhtml?: string }) {
  const { content: _c, xhtml: _x, ...rest } = v;
  return {
    ...rest,
    metadata: {
      ...rest.metadata,
      clients: [...rest.metadata.clients],
      omakanta: { ...rest.metadata.omakanta },
    },
  };
}
