// Idempotency-Key on creating POSTs: a client that lost the answer to a store can send the same
// request again and get the first answer back, never a second document. The saved answer is
// written in the action's own transaction, so it exists exactly when the action committed.
import type { Actor } from '@varanto/domain/records';
import {
  getIdempotent,
  type IdempotencyKey,
  IdempotencyKeyReuseError,
  requestHash,
  saveIdempotent,
  type Tx,
} from '@varanto/store';
import type { FastifyRequest } from 'fastify';
import { type AuditNote, act, entry } from './audit.ts';
import type { ServerContext } from './context.ts';
import { fail, ProblemError, problem } from './problem.ts';

export interface Created<T> {
  status: number;
  body: T;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function keyOf(request: FastifyRequest): string | undefined {
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
  const hash = requestHashOf(request);
  return act(ctx, request, action, async (tx, note, actor) => {
    const id = { actorId: actor.professionalId, key, requestHash: hash };
    const prior = await replayOf<T>(tx, request, action, note, id);
    if (prior) return prior;
    const created = await fn(tx, note, actor);
    await saveIdempotent(tx, { ...id, statusCode: created.status, response: created.body });
    return created;
  });
}

/** The request a key was first used for: method, path and body, so a reused key is caught. */
export function requestHashOf(request: FastifyRequest): string {
  return requestHash({ method: request.method, url: request.url, body: request.body ?? null });
}

/**
 * The first answer to this key, noted as an audited replay, or undefined when the key is new (and
 * now locked until the transaction ends). A key used for another request is a 409.
 */
export async function replayOf<T>(
  tx: Tx,
  request: FastifyRequest,
  action: string,
  note: AuditNote,
  id: IdempotencyKey,
): Promise<Created<T> | undefined> {
  let prior: Awaited<ReturnType<typeof getIdempotent>>;
  try {
    prior = await getIdempotent(tx, id);
  } catch (e) {
    if (e instanceof IdempotencyKeyReuseError) throw keyReused();
    throw e;
  }
  if (!prior) return undefined;
  return replayed<T>(request, action, note, { status: prior.statusCode, body: prior.response as T });
}

/** The answer to a key used before for another request: a 409. */
export function keyReused(): ProblemError {
  return new ProblemError(
    problem('conflict', 'This Idempotency-Key was already used for a different request.', {
      rule: 'idempotency_key_reuse',
    }),
  );
}

/** `first` given again as the answer to a retry, noted in `note` as an audited replay. */
export function replayed<T>(
  request: FastifyRequest,
  action: string,
  note: AuditNote,
  first: Created<T>,
): Created<T> {
  note.purpose = 'idempotent replay';
  noteReplay(request, action, note, first.body);
  return { status: first.status, body: first.body };
}

interface ReplayedDocument {
  setId: string;
  version: number;
  clientKey?: string;
}

/** The documents an answer returns: one document, or the `documents` of a batch. */
function replayedDocuments(body: unknown): ReplayedDocument[] {
  if (typeof body !== 'object' || body === null) return [];
  const one = (d: unknown): ReplayedDocument[] => {
    if (typeof d !== 'object' || d === null) return [];
    const b = d as { setId?: unknown; version?: unknown; metadata?: { clients?: unknown } };
    if (typeof b.setId !== 'string' || typeof b.version !== 'number') return [];
    const first = Array.isArray(b.metadata?.clients) ? b.metadata.clients[0] : undefined;
    return [
      { setId: b.setId, version: b.version, ...(typeof first === 'string' ? { clientKey: first } : {}) },
    ];
  };
  const list = (body as { documents?: unknown }).documents;
  return Array.isArray(list) ? list.flatMap(one) : one(body);
}

/**
 * A replayed answer names the documents it returns in the audit log, as the original did: the
 * replay's entry under the first document's client with that client's documents, and an entry
 * under each further client of a batch with theirs (a client's log never lists another's).
 */
function noteReplay(request: FastifyRequest, action: string, note: AuditNote, body: unknown): void {
  const docs = replayedDocuments(body);
  const first = docs[0];
  if (!first) return;
  const byClient = new Map<string | undefined, { setId: string; version: number }[]>();
  for (const d of docs) {
    const list = byClient.get(d.clientKey) ?? [];
    list.push({ setId: d.setId, version: d.version });
    byClient.set(d.clientKey, list);
  }
  if (first.clientKey !== undefined) note.clientKey = first.clientKey;
  note.documents.push(...(byClient.get(first.clientKey) ?? []));
  const others = [...byClient].filter(([k]) => k !== first.clientKey);
  if (others.length > 0) {
    note.also = others.map(([clientKey, documents]) =>
      entry(
        request,
        action,
        { ...note, ...(clientKey !== undefined ? { clientKey } : {}), documents },
        'allowed',
      ),
    );
  }
}
