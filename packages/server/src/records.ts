// Shared steps of the clienthood and case endpoints: the facts the builders need from the store
// (persons, units, codes), and the write of a record document's next version.
import { mintCaseOid, mintClienthoodOid, parseOid } from '@varanto/domain/identity';
import type {
  Actor,
  BuildRefusal,
  ClientPerson,
  Coding,
  DocumentMetadata,
  DocumentVersion,
  UnitRef,
} from '@varanto/domain/records';
import type { StructureDefinition } from '@varanto/domain/structures';
import { type CurrentState, getCurrentState, getServiceUnit, type Person, type Tx } from '@varanto/store';
import type { AuditNote } from './audit.ts';
import type { ServerContext } from './context.ts';
import {
  checkContent,
  decideOnClients,
  explainRefusal,
  hide,
  randomSerial,
  targetOf,
  unprocessable,
  writeVersion,
} from './documents.ts';
import { ProblemError, problem } from './problem.ts';

/** How the person appears in a record document; a person without an identifier cannot be a client there. */
export function clientPerson(p: Person, path: string): ClientPerson {
  const identifier = p.hetu
    ? ({ kind: 'hetu', value: p.hetu } as const)
    : p.temporaryId
      ? ({ kind: 'temporary', system: p.temporaryId.system, value: p.temporaryId.value } as const)
      : undefined;
  if (!identifier) {
    throw unprocessable([
      {
        path,
        code: 'no_identifier',
        message: 'The person has neither a henkilötunnus nor a temporary identifier.',
      },
    ]);
  }
  return {
    familyName: p.familyName,
    givenNames: p.givenNames,
    identifier,
    ...(p.birthDate !== undefined ? { birthDate: p.birthDate } : {}),
    turvakielto: p.turvakielto,
  };
}

export async function unitRef(tx: Tx, oid: string): Promise<UnitRef> {
  const u = await getServiceUnit(tx, oid);
  return { oid, name: u?.nameFi ?? oid };
}

export function coding(ctx: ServerContext, system: string, code: string, fallback?: string): Coding {
  return { code, display: ctx.codes.display(system, code, 'fi') ?? fallback ?? code };
}

export function recordStructure(ctx: ServerContext, typeCode: '1505.1' | '1505.2'): StructureDefinition {
  const d = ctx.structures.latestForType(typeCode);
  if (!d) throw new Error(`the structure ${typeCode} is not available`);
  return d;
}

export function mintRecordOid(ctx: ServerContext, kind: 'case' | 'clienthood', registrarOid: string): string {
  const org = parseOid(registrarOid);
  if (!org.ok) throw new Error(`registrar OID ${registrarOid} is not an OID`);
  const year = Number(ctx.now().toISOString().slice(0, 4));
  const r = (kind === 'case' ? mintCaseOid : mintClienthoodOid)(org.value, year, randomSerial(ctx));
  if (!r.ok) throw new Error(`minting failed: ${r.error.message}`);
  return r.value;
}

/** Builder refusals: the record's state forbids the step (409), or the dates are inconsistent (422). */
export function buildProblem(r: BuildRefusal, path = ''): ProblemError {
  if (r.rule === 'end_before_start' || r.rule === 'end_before_member_joined') {
    return new ProblemError(
      problem('unprocessable', r.reason, {
        rule: r.rule,
        errors: [{ path, code: r.rule, message: r.reason }],
      }),
    );
  }
  return new ProblemError(problem('conflict', r.reason, { rule: r.rule }));
}

/**
 * Locks a record document for its next version and decides the step. The service task decided on
 * is the one the step concerns (a worker of child welfare adds child welfare to a clienthood opened
 * in another task), so the caller passes every task that would entitle the actor.
 */
export async function lockRecord(
  tx: Tx,
  actor: Actor,
  setId: string,
  serviceTasks: readonly string[],
  note: AuditNote,
): Promise<CurrentState> {
  const current = await getCurrentState(tx, setId, { forUpdate: true });
  if (!current) throw hide('not_found', 'no such record document');
  note.clientKey = current.clientKey;
  note.documents.push({ setId, version: current.version });
  let refusal: { rule: string; reason: string } | undefined;
  for (const task of serviceTasks) {
    const d = await decideOnClients(
      tx,
      actor,
      'document.correct',
      { ...targetOf(current.metadata, current.status), serviceTask: task },
      current.metadata.clients,
      note,
    );
    if (d.effect === 'allow') {
      note.rule = d.rules.join(',');
      return current;
    }
    refusal ??= { rule: d.rule, reason: d.reason };
  }
  const r = refusal ?? {
    rule: 'service_task',
    reason: 'the record has no service task the professional works in',
  };
  // Someone who may read the record learns nothing new from the rule that stops the change (a
  // producer trying to close the organizer's case); anyone else gets the one 404.
  const readable = await decideOnClients(
    tx,
    actor,
    'document.read',
    targetOf(current.metadata, current.status),
    current.metadata.clients,
    note,
  );
  throw readable.effect === 'allow' ? explainRefusal(r.rule, r.reason) : hide(r.rule, r.reason);
}

/** Writes the next version of a record document with content from a builder. */
export async function writeRecordVersion(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  note: AuditNote,
  current: CurrentState,
  definition: StructureDefinition,
  content: unknown,
  reason: string,
  changes: Partial<DocumentMetadata> = {},
): Promise<DocumentVersion> {
  checkContent(ctx, definition, content);
  return writeVersion(ctx, tx, actor, note, {
    setId: current.setId,
    version: current.version + 1,
    status: 'active',
    metadata: {
      ...current.metadata,
      ...changes,
      structureOid: definition.oid,
      authorId: actor.professionalId,
      authorName: actor.name,
    },
    content,
    definition,
    reason,
  });
}
