// Group commit of concurrent single stores (VARANTO_GROUP_COMMIT). A durable store is mostly
// waiting: a dozen round trips and one WAL flush, while Node and PostgreSQL share two cores. When
// several `POST /registers/{id}/documents` of new documents are in flight at once, the stores that
// arrived while the previous group was committing run together through the batch machinery: one
// transaction, the shared facts read once, every document in one statement, every audit entry in
// one batch, one WAL flush.
//
// Each request keeps everything a single store gives it: its own decision (made exactly as a
// single store's, in its own audit note, with its own actor, purpose and regulation), its own
// audit entry, its own answer or its own problem. A member refused or invalid is answered with its
// problem and logged as the single path logs it; the others are stored. If the group fails for a
// database reason (a conflict, a constraint, a lost connection) before its COMMIT, or its COMMIT
// is definitely refused, each member runs again alone through the single path, so one bad store
// never fails another. A COMMIT whose outcome is unknown is not run again (it may have stored the
// documents): its members are answered as a single store's failed commit. An answer leaves only
// after the group's commit returned: no answer is acknowledged before it is durable. An idle
// server commits a store at once: grouping comes only from concurrency, never from waiting.
import type { Static } from '@fastify/type-provider-typebox';
import type { AccessContext } from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import {
  appendAuditBatch,
  type IdempotencyKey,
  lockIdempotencyKeys,
  type NewDocumentVersion,
  saveIdempotent,
  sqlState,
} from '@varanto/store';
import type { FastifyRequest } from 'fastify';
import { type AuditNote, actionContext, entry, failed, Refusal } from './audit.ts';
import type { ServerContext } from './context.ts';
import { documentView, writeFirstVersions } from './documents.ts';
import { type Created, keyOf, keyReused, replayed, replayOf, requestHashOf } from './idempotency.ts';
import { preparing } from './prepared.ts';
import { ProblemError, problem } from './problem.ts';
import type { StoreDocumentRequest } from './schemas.ts';
import { StoreReads } from './store-reads.ts';

type View = ReturnType<typeof documentView>;
type Input = Static<typeof StoreDocumentRequest>;

/** Checks and decides one store inside the group's transaction, without writing (routes/documents.ts). */
export type CheckStore = (
  ctx: ServerContext,
  tx: Parameters<typeof writeFirstVersions>[0],
  actor: Actor,
  note: AuditNote,
  registerId: string,
  input: Input,
  reads: StoreReads,
) => Promise<NewDocumentVersion>;

/** Reads in one round trip what the stores of a group are going to read (routes/documents.ts). */
export type PrefetchStores = (
  ctx: ServerContext,
  tx: Parameters<typeof writeFirstVersions>[0],
  reads: StoreReads,
  items: readonly { registerId: string; input: Input }[],
) => Promise<void>;

/** How a store is checked and what it reads, from the route that owns them. */
export interface StoreSteps {
  check: CheckStore;
  prefetch: PrefetchStores;
}

/** Most stores one group commits: a group holds the audit chains it writes until it commits. */
export const MAX_GROUP = 64;
/**
 * Stores waiting for a group at most: beyond it the database is not keeping up, and a store is
 * refused at once (503, Retry-After) instead of waiting unboundedly with its body held in memory.
 * Eight full groups: far beyond what two groups in flight clear in a moment.
 */
export const MAX_QUEUED = 512;
/** Seconds a store refused for a full queue is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 1;
/** Groups in flight at once: one prepares while the other waits for its WAL flush. */
const GROUPS_IN_FLIGHT = 2;
const ACTION = 'document.store';

interface Member {
  request: FastifyRequest;
  registerId: string;
  input: Input;
  actor: Actor;
  access: AccessContext;
  key?: string;
  requestHash?: string;
  /** The single path, for a member of a group that failed. */
  alone: () => Promise<Created<View>>;
  resolve: (c: Created<View>) => void;
  reject: (e: unknown) => void;
}

interface Outcome {
  member: Member;
  note: AuditNote;
  version?: NewDocumentVersion;
  answer?: Created<View>;
  failure?: Refusal | ProblemError;
  /** The member of the group storing under this member's key: its answer is this one's too. */
  retryOf?: Outcome;
}

/** A store refused because the group queue is full; the route adds its Retry-After. */
export class QueueFull extends ProblemError {
  readonly retryAfter = RETRY_AFTER_SECONDS;
}

export class StoreGroups {
  private queue: Member[] = [];
  private running = 0;
  /** Groups committed and their sizes, for tests and the benchmark's notes. */
  readonly stats = { groups: 0, stores: 0, largest: 0, fallbacks: 0 };

  constructor(
    private readonly ctx: ServerContext,
    private readonly steps: StoreSteps,
  ) {}

  /**
   * Stores `input` as one member of the next group; resolves with the answer after the group's
   * commit. A malformed Idempotency-Key is refused before the store joins (as the single path).
   */
  store(
    request: FastifyRequest,
    registerId: string,
    input: Input,
    alone: () => Promise<Created<View>>,
  ): Promise<Created<View>> {
    const key = keyOf(request);
    const { actor, access } = actionContext(this.ctx, request, ACTION);
    const limit = this.ctx.config.groupQueueLimit ?? MAX_QUEUED;
    if (this.queue.length >= limit) {
      // Refused before anything ran: logged and audited as any refusal, answered 503.
      request.log.warn({ queued: this.queue.length, limit }, 'store group queue full; store refused');
      const full = new QueueFull(
        problem('unavailable', 'Too many stores are waiting; try again shortly.', {
          rule: 'store_queue_full',
        }),
      );
      return failed(this.ctx, request, ACTION, { documents: [], access }, full).then((e) => {
        throw e;
      });
    }
    return new Promise<Created<View>>((resolve, reject) => {
      this.queue.push({
        request,
        registerId,
        input,
        actor,
        access,
        ...(key !== undefined ? { key, requestHash: requestHashOf(request) } : {}),
        alone,
        resolve,
        reject,
      });
      if (this.running < GROUPS_IN_FLIGHT) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.running--;
    }
  }

  private async commit(members: Member[]): Promise<void> {
    let outcomes: Outcome[] | undefined;
    // Whether the group's statements all ran, so that the next one the store sends is COMMIT.
    let committing = false;
    try {
      // Re-run from the start on a serialization failure or deadlock: each attempt starts fresh.
      await this.ctx.store.transaction(async (tx) => {
        committing = false;
        outcomes = await this.run(preparing(tx), members);
        committing = true;
      });
    } catch (e) {
      if (committing && !rolledBack(e)) {
        // The COMMIT was sent and no definite refusal came back (the connection was lost, say):
        // the group may have committed. Running its members again could store their documents a
        // second time, so each is answered as a single store whose commit failed: its error
        // logged, a 500. A member refused inside the group keeps its own answer.
        for (const o of outcomes ?? []) {
          void failed(this.ctx, o.member.request, ACTION, o.note, o.failure ?? e).then(
            o.member.reject,
            o.member.reject,
          );
        }
        return;
      }
      // A database failure of the group: each member alone, so one bad store fails no other.
      this.stats.fallbacks++;
      const cause = e instanceof Error ? e : undefined;
      members[0]?.request.log.warn(
        { code: sqlState(e), error: cause?.message, members: members.length },
        'store group failed; its members run alone',
      );
      for (const m of members) {
        try {
          m.resolve(await m.alone());
        } catch (e) {
          m.reject(e);
        }
      }
      return;
    }
    this.stats.groups++;
    this.stats.stores += members.length;
    this.stats.largest = Math.max(this.stats.largest, members.length);
    if (!outcomes) return; // The transaction returned, so run() did: never taken.
    // Committed: every answer may leave now; a refused member's entry is written as act writes it.
    for (const o of outcomes) {
      if (o.answer) o.member.resolve(o.answer);
      else
        void failed(this.ctx, o.member.request, ACTION, o.note, o.failure).then(
          o.member.reject,
          o.member.reject,
        );
    }
  }

  private async run(tx: Parameters<CheckStore>[1], members: readonly Member[]): Promise<Outcome[]> {
    // The facts of every member in one round trip.
    const reads = new StoreReads();
    await this.steps.prefetch(this.ctx, tx, reads, members);
    // Every key of the group locked at once in one order: two groups cannot deadlock on keys.
    await lockIdempotencyKeys(
      tx,
      members.flatMap((m) => (m.key !== undefined ? [{ actorId: m.actor.professionalId, key: m.key }] : [])),
    );
    const outcomes: Outcome[] = [];
    // The member of the group that is storing under each (actor, key): a retry of the same key in
    // the same group has no saved answer to find yet and would collide with it on saving; it
    // waits for that member's answer instead, as it would have behind the key's lock alone.
    const storing = new Map<string, Outcome>();
    for (const m of members) {
      const o: Outcome = { member: m, note: { documents: [], access: m.access } };
      outcomes.push(o);
      try {
        const id = idOf(m);
        const first = id && storing.get(slotOf(id));
        if (first) {
          // Another request under a key in use is a conflict, as the single path answers it.
          if (first.member.requestHash !== m.requestHash) throw keyReused();
          o.retryOf = first;
          continue;
        }
        const prior = id && (await replayOf<View>(tx, m.request, ACTION, o.note, id));
        if (prior) o.answer = prior;
        else {
          o.version = await this.steps.check(this.ctx, tx, m.actor, o.note, m.registerId, m.input, reads);
          // Only once checked: a refused first saves nothing, so the next retry runs on its own.
          if (id) storing.set(slotOf(id), o);
        }
      } catch (e) {
        // Refused or invalid: this member's answer; the group goes on. Anything else fails the group.
        if (e instanceof Refusal || e instanceof ProblemError) o.failure = e;
        else throw e;
      }
    }
    const writing = outcomes.filter((o) => o.version !== undefined);
    const stored = await writeFirstVersions(
      tx,
      writing.map((o) => ({ note: o.note, version: o.version! })),
    );
    for (const [i, o] of writing.entries()) {
      o.answer = { status: 201, body: documentView(stored[i]!) };
      const id = idOf(o.member);
      if (id) await saveIdempotent(tx, { ...id, statusCode: 201, response: o.answer.body });
    }
    for (const o of outcomes) {
      if (o.retryOf?.answer) o.answer = replayed(o.member.request, ACTION, o.note, o.retryOf.answer);
    }
    // Each stored or replayed member its own entry, as act would write it; chains locked in order.
    await appendAuditBatch(
      tx,
      outcomes
        .filter((o) => o.answer)
        .flatMap((o) => [
          ...(o.note.also ?? []),
          entry(o.member.request, ACTION, o.note, 'allowed', o.note.rule),
        ]),
    );
    return outcomes;
  }
}

/**
 * Whether a failed COMMIT definitely rolled the group back: PostgreSQL answered it with an error
 * of class 23 (a deferred constraint) or 40 (a serialization failure or deadlock), which abort the
 * transaction. Anything else at COMMIT — no answer at all (a lost connection, whose error has no
 * SQLSTATE), a terminated backend (57P01 after a local commit), a resource error — leaves the
 * outcome unknown. Failures before COMMIT was sent always rolled back.
 */
function rolledBack(e: unknown): boolean {
  const code = sqlState(e);
  return code !== undefined && (code.startsWith('23') || code.startsWith('40'));
}

/** One (actor, key) as a map key. */
function slotOf(id: IdempotencyKey): string {
  return JSON.stringify([id.actorId, id.key]);
}

function idOf(m: Member): IdempotencyKey | undefined {
  return m.key !== undefined && m.requestHash !== undefined
    ? { actorId: m.actor.professionalId, key: m.key, requestHash: m.requestHash }
    : undefined;
}

const groups = new WeakMap<ServerContext, StoreGroups>();

/** The server's store groups, made on first use. */
export function storeGroups(ctx: ServerContext, steps: StoreSteps): StoreGroups {
  let g = groups.get(ctx);
  if (!g) {
    g = new StoreGroups(ctx, steps);
    groups.set(ctx, g);
  }
  return g;
}
