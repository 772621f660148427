// Every action writes its audit entry in the same transaction as the action, so the log cannot
// miss a committed change and cannot claim one that rolled back. A refusal commits nothing of the
// action, so its entry is written in a transaction of its own.
//
// Handlers run inside `act`: they note what the entry needs (the client, the documents) as they
// go, and refuse by throwing a Refusal (access, lifecycle) or a ProblemError (invalid input).
//
// Reads change nothing, so their transaction commits nothing a log entry could contradict: a read
// runs READ ONLY (a read that tried to write would fail loudly) and its entry goes to the group
// writer, which commits the entries of concurrent requests together — one WAL flush for many
// instead of one each. The rule stays: no answer leaves before its entry is durable, because
// `act` awaits the entry's commit before it returns the result.
import type { AccessContext } from '@varanto/domain/access';
import type { Actor, ClientKey } from '@varanto/domain/records';
import {
  type AuditEntryInput,
  AuditGroupWriter,
  appendAudit,
  appendAuditBatch,
  type Store,
  type Tx,
} from '@varanto/store';
import type { FastifyRequest } from 'fastify';
import { changesAuthFacts } from './actor-cache.ts';
import { accessContextOf, type ServerContext } from './context.ts';
import { preparing } from './prepared.ts';
import { type Problem, ProblemError } from './problem.ts';
import { referenceCache } from './reference-cache.ts';

/** What the audit entry of the running action will say; filled in by the handler. */
export interface AuditNote {
  clientKey?: ClientKey;
  documents: { setId: string; version: number }[];
  /** The rule that allowed the action, when one decided it. */
  rule?: string;
  purpose?: string;
  /** The context this request's access decisions are made in. */
  access: AccessContext;
  /**
   * Further entries the action writes (a batch's entry per document): appended with the action's
   * own entry in one batch, in the same transaction, their chains locked in chain order.
   */
  also?: AuditEntryInput[];
}

/** An action refused by a named rule; answered with `problem`, logged with the rule and reason. */
export class Refusal extends Error {
  constructor(
    readonly rule: string,
    readonly reason: string,
    readonly problem: Problem,
  ) {
    super(`${rule}: ${reason}`);
  }
}

type AuditActor = AuditEntryInput['actor'];

function actorOf(request: FastifyRequest): AuditActor {
  return request.actor ?? { kind: 'anonymous' };
}

/**
 * Actions that only look: named `<thing>.read`, `.list`, `.search`, `.versions`, `.history`,
 * `.render`, `.explain` or `.export`. A misnamed action that writes fails in its READ ONLY
 * transaction instead of writing without its entry.
 */
export function isReadAction(action: string): boolean {
  return /\.(read|list|search|versions|history|render|explain|export)$/.test(action);
}

const writers = new WeakMap<Store, AuditGroupWriter>();

/** The store's group writer: one per pool, so every request of the process shares its batches. */
export function auditWriter(store: Store): AuditGroupWriter {
  let w = writers.get(store);
  if (!w) {
    w = new AuditGroupWriter(store);
    writers.set(store, w);
  }
  return w;
}

/** An entry with no action to share a transaction with, durable when this resolves. */
async function writeOwn(ctx: ServerContext, entry: AuditEntryInput): Promise<void> {
  await auditWriter(ctx.store).append(entry);
}

/**
 * Runs `fn` as the audited action `action` in one transaction. The entry is appended last, so it
 * sees the action's whole note; a store retry after a serialization failure starts a fresh note.
 */
export async function act<T>(
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
  fn: (tx: Tx, note: AuditNote, actor: Actor) => Promise<T>,
): Promise<T> {
  const { actor, access } = actionContext(ctx, request, action);
  let note: AuditNote = { documents: [], access };
  try {
    if (isReadAction(action)) {
      const result = await ctx.store.transaction(
        async (tx) => {
          note = { documents: [], access };
          return fn(preparing(tx), note, actor);
        },
        { readOnly: true },
      );
      await writeOwn(ctx, entry(request, action, note, 'allowed', note.rule));
      return result;
    }
    const result = await ctx.store.transaction(async (tx) => {
      note = { documents: [], access };
      const result = await fn(preparing(tx), note, actor);
      const own = entry(request, action, note, 'allowed', note.rule);
      if (note.also && note.also.length > 0) await appendAuditBatch(tx, [...note.also, own]);
      else await appendAudit(tx, own);
      return result;
    });
    if (changesAuthFacts(action)) {
      ctx.authFacts.clear();
      referenceCache(ctx).clear();
    }
    return result;
  } catch (e) {
    throw await failed(ctx, request, action, note, e);
  }
}

/** The authenticated actor of an action and the access context its decisions are made in. */
export function actionContext(
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
): { actor: Actor; access: AccessContext } {
  const actor = request.actor;
  if (!actor) throw new Error(`action ${action} reached without an authenticated actor`);
  const header = request.headers['x-purpose'];
  const purposed = accessContextOf(ctx, typeof header === 'string' ? header : undefined);
  // The regulation authentication read with the actor (cached); otherwise read in the action.
  const access = request.regulation ? { ...purposed, regulation: request.regulation } : purposed;
  return { actor, access };
}

/**
 * Logs an action that failed with `e` — refused, invalid or an internal error — in a transaction of
 * its own (nothing of the action committed), and returns the error to answer with.
 */
export async function failed(
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
  note: AuditNote,
  e: unknown,
): Promise<unknown> {
  if (e instanceof Refusal) {
    await writeOwn(ctx, entry(request, action, note, 'denied', e.rule, e.reason));
    return new ProblemError(e.problem);
  }
  if (e instanceof ProblemError) {
    // Invalid input or a lost race: refused before anything was written.
    await writeOwn(
      ctx,
      entry(request, action, note, 'denied', e.problem.rule ?? problemRule(e.problem), e.problem.detail),
    );
    return e;
  }
  try {
    await writeOwn(ctx, entry(request, action, note, 'error', undefined, 'internal error'));
  } catch (logError) {
    request.log.error({ err: logError }, 'could not write the audit entry of a failed action');
  }
  return e;
}

/** The last path segment of a problem type: `…/problems/validation` → `validation`. */
function problemRule(p: Problem): string {
  return p.type.slice(p.type.lastIndexOf('/') + 1);
}

/** The audit entry of `action` as `note` describes it; exported for actions that log several. */
export function entry(
  request: FastifyRequest,
  action: string,
  note: AuditNote,
  outcome: AuditEntryInput['outcome'],
  rule?: string,
  reason?: string,
): AuditEntryInput {
  return {
    actor: actorOf(request),
    action,
    ...(note.clientKey !== undefined ? { clientKey: note.clientKey } : {}),
    documents: note.documents,
    outcome,
    ...(rule !== undefined ? { rule } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(note.purpose !== undefined ? { purpose: note.purpose } : {}),
    requestId: request.id,
  };
}

/** An audit entry outside an action (logins): written in its own transaction. */
export async function auditAlone(
  ctx: ServerContext,
  request: FastifyRequest,
  actor: AuditActor,
  action: string,
  outcome: AuditEntryInput['outcome'],
  rule?: string,
  reason?: string,
): Promise<void> {
  await writeOwn(ctx, {
    actor,
    action,
    documents: [],
    outcome,
    ...(rule !== undefined ? { rule } : {}),
    ...(reason !== undefined ? { reason } : {}),
    requestId: request.id,
  });
}
