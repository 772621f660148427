// The citizen's side of authentication and the audit: a person logs in to the portal with strong
// identification (Suomi.fi in production; a clearly labelled demo stand-in here), and every action
// they take is written to the log as theirs, in the same transaction as the action.
//
// Citizen sessions are the same compact HS256 JWTs as the professionals' (session.ts), signed with
// a key derived from the session secret for this one purpose. A citizen token therefore never
// verifies as a professional session (auth.ts uses the secret itself) and a professional token
// never as a citizen's: the two populations cannot be confused, and session.ts needs no change.
// The professional authentication lets `/citizen/*` through (`config.public`); each citizen route
// verifies its own session here, including that the person did not end it (logout revokes the
// session on the server, in the same session_revocation table as the professionals' sessions).
import { createHmac } from 'node:crypto';
import { NO_REVOCATIONS } from '@varanto/domain/access';
import {
  AGE_OF_MAJORITY,
  ageOf,
  decideActingOnBehalf,
  type OnBehalfBasis,
  type Relations,
} from '@varanto/domain/visibility';
import {
  type AuditEntryInput,
  appendAudit,
  type CitizenActor,
  getPerson,
  loadRelations,
  loadSessionRevocations,
  revokeSession,
  type Store,
  type Tx,
} from '@varanto/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditWriter, Refusal } from './audit.ts';
import { stands } from './auth.ts';
import { finnishDate, type ServerContext } from './context.ts';
import { hide } from './documents.ts';
import { ProblemError, problem } from './problem.ts';
import { type Session, signSession, verifySession } from './session.ts';

export const CITIZEN_COOKIE = 'varanto_citizen';
/** The `login` claim of every citizen token: no identifier of the person travels in the token. */
const CITIZEN_LOGIN = 'citizen';

const derived = new WeakMap<Uint8Array, Uint8Array>();

/** The signing key of citizen sessions: HMAC-SHA-256 of a fixed label under the session secret. */
export function citizenSessionKey(sessionKey: Uint8Array): Uint8Array {
  let k = derived.get(sessionKey);
  if (!k) {
    k = new Uint8Array(createHmac('sha256', sessionKey).update('varanto citizen session v1').digest());
    derived.set(sessionKey, k);
  }
  return k;
}

/** Signs a session for a person; the demo login is strong (it stands in for Suomi.fi identification). */
export function signCitizenSession(ctx: ServerContext, personKey: string) {
  return signSession(
    citizenSessionKey(ctx.sessionKey),
    // The method names the professionals' demo stand-in because session.ts accepts only its own
    // methods; for a citizen token it means "strong identification, demo stand-in".
    { professionalId: personKey, login: CITIZEN_LOGIN, strongAuth: true, method: 'certificate-card-demo' },
    ctx.now(),
    ctx.config.sessionTtlSeconds ?? 8 * 3600,
  );
}

export function setCitizenCookie(
  ctx: ServerContext,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(CITIZEN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies ?? !ctx.config.demoLogins,
    path: '/citizen',
    expires: expiresAt,
  });
}

function tokenOf(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (h) return /^Bearer\s+(\S+)$/i.exec(h)?.[1];
  return request.cookies[CITIZEN_COOKIE];
}

const CITIZEN_UNAUTHENTICATED = () =>
  new ProblemError(problem('unauthenticated', 'Log in to the citizen portal first.'));

/**
 * The logged-in person and their session, rebuilt from the token and the population data on every
 * request. A session the person ended (logout, session_revocation) is refused as an expired one.
 */
export async function citizenSessionOf(
  ctx: ServerContext,
  request: FastifyRequest,
): Promise<{ actor: CitizenActor; session: Session }> {
  const token = tokenOf(request);
  const session = token
    ? await verifySession(citizenSessionKey(ctx.sessionKey), token, ctx.now())
    : undefined;
  if (!session || session.login !== CITIZEN_LOGIN) throw CITIZEN_UNAUTHENTICATED();
  // Single-row reads on a plain connection, as the professionals' authentication does: a
  // transaction around them would protect nothing and cost two round trips on every request.
  const client = await ctx.store.pool.connect();
  let person: Awaited<ReturnType<typeof getPerson>>;
  let revocations: Awaited<ReturnType<typeof loadSessionRevocations>>;
  try {
    person = await getPerson(client, session.professionalId);
    revocations = person
      ? await loadSessionRevocations(client, 'citizen', person.clientKey, ctx.now())
      : NO_REVOCATIONS;
  } finally {
    client.release();
  }
  if (!person || !stands(session, revocations)) throw CITIZEN_UNAUTHENTICATED();
  return {
    actor: {
      kind: 'citizen',
      personKey: person.clientKey,
      name: `${person.givenNames} ${person.familyName}`,
      strongAuth: session.strongAuth,
    },
    session,
  };
}

/** The logged-in person (see {@link citizenSessionOf}). */
export async function citizenOf(ctx: ServerContext, request: FastifyRequest): Promise<CitizenActor> {
  return (await citizenSessionOf(ctx, request)).actor;
}

/**
 * Logout: ends the request's citizen session on the server, audited with the person as actor.
 * Without a valid session there is nothing to end (the route still clears the cookie).
 */
export async function endCitizenSession(ctx: ServerContext, request: FastifyRequest): Promise<void> {
  let current: { actor: CitizenActor; session: Session };
  try {
    current = await citizenSessionOf(ctx, request);
  } catch (e) {
    if (e instanceof ProblemError) return;
    throw e;
  }
  const { actor, session } = current;
  await citizenAct(ctx, request, actor, 'citizen.auth.logout', 'write', async (tx, note) => {
    note.clientKey = actor.personKey;
    const ended = await revokeSession(tx, {
      subjectKind: 'citizen',
      subjectId: actor.personKey,
      sessionId: session.sessionId,
      expiresAt: session.expiresAt,
      revokedBy: `citizen:${actor.personKey}`,
      reason: 'logout',
    });
    note.rule = ended ? 'own_session' : 'already_ended';
  });
}

// --- whose records ------------------------------------------------------------------------------

/** Whose records this request reads, and on what basis; decided by the domain's rule. */
export interface Viewing {
  readonly viewer: CitizenActor;
  readonly subject: string;
  readonly basis: OnBehalfBasis;
  readonly relations: Relations;
  readonly today: string;
}

/** What the audit entry says of the basis: every view of another's records is logged as on-behalf. */
export function basisNote(basis: OnBehalfBasis): { rule: string; purpose: string; reason: string } {
  switch (basis.kind) {
    case 'self':
      return { rule: 'self', purpose: 'own_records', reason: 'the person reads their own records' };
    case 'guardian':
      return {
        rule: 'guardian',
        purpose: 'on_behalf',
        reason: `guardian of a minor (guardianship from ${basis.guardianship.start})`,
      };
    case 'mandate':
      return {
        rule: 'mandate',
        purpose: 'on_behalf',
        reason: `mandate (${basis.mandate.scopes.join(', ')}) from ${basis.mandate.start}${
          basis.mandate.end ? ` to ${basis.mandate.end}` : ''
        }`,
      };
  }
}

/**
 * Decides whose records the person views: themself, or `as` when they may act for that person
 * today. A refusal is the one 404 (a person learns nothing of someone else's records or relations
 * by asking) and is logged on the subject's log with the rule that refused.
 */
export async function resolveViewing(
  ctx: ServerContext,
  tx: Tx,
  viewer: CitizenActor,
  as: string | undefined,
  note: CitizenNote,
): Promise<Viewing> {
  const subject = (as ?? viewer.personKey).toLowerCase();
  note.clientKey = subject;
  const today = finnishDate(ctx.now());
  const relations = await loadRelations(tx, viewer.personKey, [subject]);
  const d = decideActingOnBehalf(viewer.personKey, subject, relations, today);
  if (!d.allowed) throw hide(d.rule, d.reason);
  Object.assign(note, basisNote(d.basis));
  return { viewer, subject, basis: d.basis, relations, today };
}

/** Whether the person is a minor below the age of majority today (for labels only). */
export function isMinor(relations: Relations, person: string, today: string): boolean {
  const age = ageOf(relations, person, today);
  return age !== undefined && age < AGE_OF_MAJORITY;
}

// --- the audited action -------------------------------------------------------------------------

export interface CitizenNote {
  clientKey?: string;
  documents: { setId: string; version: number }[];
  rule?: string;
  purpose?: string;
  reason?: string;
}

function entry(
  request: FastifyRequest,
  actor: CitizenActor,
  action: string,
  note: CitizenNote,
  outcome: AuditEntryInput['outcome'],
  refusal?: { rule: string; reason: string },
): AuditEntryInput {
  const rule = refusal?.rule ?? note.rule;
  const reason = refusal?.reason ?? note.reason;
  return {
    actor,
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

async function writeOwn(store: Store, e: AuditEntryInput): Promise<void> {
  await auditWriter(store).append(e);
}

/**
 * Runs `fn` as the citizen's audited action: a read in a read-only transaction whose entry is
 * durable before the answer leaves; a write with its entry in the same transaction. A refusal or
 * invalid input commits nothing of the action and is logged on its own.
 */
export async function citizenAct<T>(
  ctx: ServerContext,
  request: FastifyRequest,
  actor: CitizenActor,
  action: string,
  kind: 'read' | 'write',
  fn: (tx: Tx, note: CitizenNote) => Promise<T>,
): Promise<T> {
  let note: CitizenNote = { documents: [] };
  try {
    if (kind === 'read') {
      const result = await ctx.store.transaction(
        async (tx) => {
          note = { documents: [] };
          return fn(tx, note);
        },
        { readOnly: true },
      );
      await writeOwn(ctx.store, entry(request, actor, action, note, 'allowed'));
      return result;
    }
    return await ctx.store.transaction(async (tx) => {
      note = { documents: [] };
      const result = await fn(tx, note);
      await appendAudit(tx, entry(request, actor, action, note, 'allowed'));
      return result;
    });
  } catch (e) {
    if (e instanceof Refusal) {
      await writeOwn(ctx.store, entry(request, actor, action, note, 'denied', e));
      throw new ProblemError(e.problem);
    }
    if (e instanceof ProblemError) {
      const rule = e.problem.rule ?? e.problem.type.slice(e.problem.type.lastIndexOf('/') + 1);
      await writeOwn(
        ctx.store,
        entry(request, actor, action, note, 'denied', { rule, reason: e.problem.detail ?? e.problem.title }),
      );
      throw e;
    }
    try {
      await writeOwn(
        ctx.store,
        entry(request, actor, action, note, 'error', { rule: 'error', reason: 'internal error' }),
      );
    } catch (logError) {
      request.log.error({ err: logError }, 'could not write the audit entry of a failed citizen action');
    }
    throw e;
  }
}
