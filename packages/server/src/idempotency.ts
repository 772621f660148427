// Idempotency-Key on creating POSTs: a client that lost the answer to a store can send the same
// request again and get the first answer back, never a second document. The saved answer is
// written in the action's own transaction, so it exists exactly when the action committed.
import type { Actor } from '@varanto/domain/records';
import {
  getIdempotent,
  IdempotencyKeyReuseError,
  requestHash,
  saveIdempotent,
  type Tx,
} from '@varanto/store';
import type { FastifyRequest } from 'fastify';
import { type AuditNote, act } from './audit.ts';
import type { ServerContext } from './context.ts';
import { fail, ProblemError, problem } from './problem.ts';

export interface Created<T> {
  status: number;
  body: T;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';

function keyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    fail('bad-request', 'The Idempotency-Key header must be 1–200 visible ASCII characters.', {
      errors: [{ path: '/idempotency-key', message: 'invalid key', code: 'idempotency_key', in: 'header' }],
    });
  }
  return key;
}

/**
 * Runs a creating action once per Idempotency-Key (per actor). Without the header it simply runs.
 * The replay is itself an audited action: the log shows the retry and what it returned.
 */
export async function createOnce<T>(
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
  fn: (tx: Tx, note: AuditNote, actor: Actor) => Promise<Created<T>>,
): Promise<Created<T>> {
  const key = keyOf(request);
  if (key === undefined) return act(ctx, request, action, fn);
  // The request a key was first used for: method, path and body, so a reused key is caught.
  const hash = requestHash({ method: request.method, url: request.url, body: request.body ?? null });
  return act(ctx, request, action, async (tx, note, actor) => {
    const id = { actorId: actor.professionalId, key, requestHash: hash };
    let prior: Awaited<ReturnType<typeof getIdempotent>>;
    try {
      prior = await getIdempotent(tx, id);
    } catch (e) {
      if (e instanceof IdempotencyKeyReuseError) {
        throw new ProblemError(
          problem('conflict', 'This Idempotency-Key was already used for a different request.', {
            rule: 'idempotency_key_reuse',
          }),
        );
      }
      throw e;
    }
    if (prior) {
      note.purpose = 'idempotent replay';
      const body = prior.response as T;
      noteReplay(note, body);
      return { status: prior.statusCode, body };
    }
    const created = await fn(tx, note, actor);
    await saveIdempotent(tx, { ...id, statusCode: created.status, response: created.body });
    return created;
  });
}

/** A replayed document answer names its document in the audit entry, as the original did. */
function noteReplay(note: AuditNote, body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const b = body as { setId?: unknown; version?: unknown; metadata?: { clients?: unknown } };
  if (typeof b.setId === 'string' && typeof b.version === 'number') {
    note.documents.push({ setId: b.setId, version: b.version });
  }
  const first = Array.isArray(b.metadata?.clients) ? b.metadata.clients[0] : undefined;
  if (typeof first === 'string') note.clientKey = first;
}
