// Authentication: who is asking, rebuilt on every request from the session token and the
// professional's right valid today. A session whose professional has no current right is no
// session at all, so ending a right locks the professional out on their next request. A session
// that was revoked (logged out, or issued before an administrator revoked all of the
// professional's sessions) is refused the same way as an expired one.
import { timingSafeEqual } from 'node:crypto';
import { Type } from '@fastify/type-provider-typebox';
import {
  type AccessRightsRegulation,
  type ActorDecision,
  decideSessionStanding,
  NO_REVOCATIONS,
  type SessionRevocations,
} from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import {
  appendAudit,
  currentRegulation,
  currentRight,
  getProfessional,
  getProfessionalByLogin,
  loadSessionRevocations,
  lockSessionRevocations,
  revokeSession,
  type Tx,
} from '@varanto/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { act, auditAlone } from './audit.ts';
import { finnishDate, type ServerContext } from './context.ts';
import { preparing } from './prepared.ts';
import { fail, ProblemError, problem } from './problem.ts';
import { ActorView, LoginRequest, LoginResponse, problemResponses } from './schemas.ts';
import { renewSession, SESSION_COOKIE, type Session, signSession, verifySession } from './session.ts';
import type { TypedApp } from './typed.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** The actor's organization's access regulation, when authentication read it (cached). */
    regulation?: AccessRightsRegulation;
    session?: Session;
  }
  interface FastifyContextConfig {
    /** Served without a session (health, OpenAPI, login, reference data). */
    public?: boolean;
  }
}

export async function buildActor(
  ctx: ServerContext,
  tx: Tx,
  professionalId: string,
  strongAuth: boolean,
): Promise<Actor | undefined> {
  const professional = await getProfessional(tx, professionalId);
  if (!professional) return undefined;
  const onDate = finnishDate(ctx.now());
  const right = await currentRight(tx, professional.id, onDate);
  if (!right) return undefined;
  const registrars = new Set<string>();
  for (const source of ctx.registrarSources) {
    for (const oid of await source.registrars(tx, {
      professionalId: professional.id,
      organizationOid: right.organizationOid,
      onDate,
    })) {
      registrars.add(oid);
    }
  }
  return {
    kind: 'professional',
    professionalId: professional.id,
    login: professional.login,
    name: `${professional.givenNames} ${professional.familyName}`,
    role: right.role,
    organizationOid: right.organizationOid,
    serviceUnitOids: right.serviceUnitOids,
    serviceTasks: right.serviceTasks,
    registrarOids: [...registrars],
    strongAuth,
  };
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m?.[1];
  }
  return request.cookies[SESSION_COOKIE];
}

/** The answer to a request without a standing session: the same for a missing, expired or revoked one. */
export const unauthenticated = () =>
  problem('unauthenticated', 'Log in first: send the session token as a Bearer token.');

const UNAUTHENTICATED = () => new ProblemError(unauthenticated());

interface SessionFacts {
  readonly actor?: Actor;
  /** Read only when the cache keeps it; otherwise each action reads it in its own transaction. */
  readonly regulation?: AccessRightsRegulation;
  readonly revocations: SessionRevocations;
}

/**
 * What the session's professional is today and what of their sessions is revoked: from the cache,
 * or read on one plain connection (the actor's reads and one more for the revocations).
 */
async function sessionFacts(ctx: ServerContext, session: Session): Promise<SessionFacts> {
  const onDate = finnishDate(ctx.now());
  const cached = ctx.authFacts.get(session.professionalId, session.strongAuth, onDate);
  if (cached) return cached;
  // Taken before reading: facts read while a revocation commits are not kept (actor-cache.ts).
  const generation = ctx.authFacts.generation;
  // Single-row reads on a plain connection, without BEGIN/COMMIT around them: a snapshot across
  // them would protect nothing (a right granted between them is simply seen next time) and cost
  // two more round trips on every request.
  const client = await ctx.store.pool.connect();
  try {
    const tx = preparing(client);
    const actor = await buildActor(ctx, tx, session.professionalId, session.strongAuth);
    if (!actor) return { revocations: NO_REVOCATIONS };
    const revocations = await loadSessionRevocations(tx, 'professional', actor.professionalId, ctx.now());
    if (!ctx.authFacts.enabled) return { actor, revocations };
    const facts = {
      actor,
      regulation: (await currentRegulation(tx, actor.organizationOid)).regulation,
      revocations,
    };
    ctx.authFacts.set(session.professionalId, session.strongAuth, onDate, facts, generation);
    return facts;
  } finally {
    client.release();
  }
}

/** Whether the session still stands against the revocations read for its person. */
export function stands(session: Session, revocations: SessionRevocations): boolean {
  return standing(session, revocations).effect === 'allow';
}

function standing(session: Session, revocations: SessionRevocations): ActorDecision {
  return decideSessionStanding(
    { sessionId: session.sessionId, issuedAt: session.issuedAt.getTime() },
    revocations,
  );
}

/**
 * The session's standing as the database has it in `tx`, not as authentication saw it: facts
 * cached by this process (`authCacheMs`) miss a revocation made elsewhere meanwhile. For an action
 * that vouches for the session itself, as renewing it does. Takes the lock on the person's
 * revocations first, so one committing meanwhile is waited for and seen, and none is written
 * before `tx` ends.
 */
export async function standingInDatabase(
  ctx: ServerContext,
  tx: Tx,
  session: Session,
): Promise<ActorDecision> {
  await lockSessionRevocations(tx, 'professional', session.professionalId);
  return standing(
    session,
    await loadSessionRevocations(tx, 'professional', session.professionalId, ctx.now()),
  );
}

/** onRequest hook: every route that is not marked public needs a valid session and a current right. */
export function installAuthentication(app: FastifyInstance, ctx: ServerContext): void {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public || request.is404) return;
    const token = bearer(request);
    if (!token) throw UNAUTHENTICATED();
    const session = await verifySession(ctx.sessionKey, token, ctx.now());
    if (!session) throw UNAUTHENTICATED();
    const facts = await sessionFacts(ctx, session);
    // A revoked session gets the same answer as an expired one.
    if (!facts.actor || !stands(session, facts.revocations)) throw UNAUTHENTICATED();
    request.actor = facts.actor;
    if (facts.regulation) request.regulation = facts.regulation;
    request.session = session;
  });
}

/**
 * Ends the request's session on the server (logout), when it still stands: recorded with its
 * audit entry in one transaction, and this process's cached facts of the professional forgotten
 * at once, so the token is refused on the very next request.
 */
async function endSession(ctx: ServerContext, request: FastifyRequest, session: Session): Promise<void> {
  const facts = await sessionFacts(ctx, session);
  if (!stands(session, facts.revocations)) return;
  const revocation = {
    subjectKind: 'professional' as const,
    subjectId: session.professionalId,
    sessionId: session.sessionId,
    expiresAt: session.expiresAt,
    revokedBy: session.professionalId,
    reason: 'logout',
  };
  if (facts.actor) {
    request.actor = facts.actor;
    if (facts.regulation) request.regulation = facts.regulation;
    request.session = session;
    await act(ctx, request, 'auth.logout', async (tx, note) => {
      note.rule = (await revokeSession(tx, revocation)) ? 'own_session' : 'already_ended';
    });
  } else {
    // The professional has no right today, so no actor to log as; the session is still ended, or
    // a right granted again before it expires would bring it back.
    await ctx.store.transaction(async (tx) => {
      await revokeSession(tx, revocation);
      await appendAudit(tx, {
        actor: { kind: 'anonymous' },
        action: 'auth.logout',
        outcome: 'allowed',
        rule: 'no_current_right',
        reason: `session of professional ${session.professionalId} without a right valid today`,
        requestId: request.id,
      });
    });
  }
  ctx.authFacts.forget(session.professionalId, finnishDate(ctx.now()));
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A new session for the browser that asked, in place of its own (`renewSession`: same professional,
 * strength and method, its login moment and expiry kept): after a professional revokes all of their
 * own sessions from the browser they sit at, that browser stays logged in ("end my other sessions")
 * while every earlier token is refused. Issued after the revocation's moment, so the revocation
 * does not cover it. The caller decides first that `session` still stands (`standingInDatabase`).
 */
export function renewedSession(
  ctx: ServerContext,
  session: Session,
): Promise<{ token: string; expiresAt: Date }> {
  return renewSession(ctx.sessionKey, session, ctx.now());
}

/** Sets the session cookie of the browser that asked. */
export function setSessionCookie(
  ctx: ServerContext,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies ?? !ctx.config.demoLogins,
    path: '/',
    expires: expiresAt,
  });
}

export function actorView(a: Actor) {
  return {
    professionalId: a.professionalId,
    login: a.login,
    name: a.name,
    role: a.role,
    organizationOid: a.organizationOid,
    serviceUnitOids: [...a.serviceUnitOids],
    serviceTasks: [...a.serviceTasks],
    registrarOids: [...a.registrarOids],
    strongAuth: a.strongAuth,
  };
}

export function authRoutes(app: TypedApp, ctx: ServerContext): void {
  const rate = ctx.config.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 };
  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: rate.max, timeWindow: rate.timeWindowMs } },
      schema: {
        tags: ['auth'],
        summary: 'Log in and receive a session token (also set as an httpOnly cookie)',
        description:
          '`password` checks the configured demo password and gives a weak login (may record, may not ' +
          'retrieve). `certificate-card-demo` is a clearly labelled stand-in for the X.509 certificate ' +
          'card: it gives a strong login without a card and exists only when demo logins are enabled.',
        body: LoginRequest,
        response: { 200: LoginResponse, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { login, password, method } = request.body;
      const refuse = async (why: string): Promise<never> => {
        await auditAlone(ctx, request, { kind: 'anonymous' }, 'auth.login', 'denied', 'authentication', why);
        fail('unauthenticated', 'Login failed.');
      };
      if (method === 'certificate-card-demo' && !ctx.config.demoLogins) {
        await refuse('certificate-card-demo login is not enabled');
      }
      if (method === 'password') {
        const expected = ctx.config.demoPassword;
        if (!expected || password === undefined || !samePassword(password, expected)) {
          await refuse('wrong password or password login not configured');
        }
      }
      const strongAuth = method === 'certificate-card-demo';
      const actor = await ctx.store.transaction(
        async (tx) => {
          const p = await getProfessionalByLogin(tx, login);
          return p ? buildActor(ctx, tx, p.id, strongAuth) : undefined;
        },
        { readOnly: true },
      );
      if (!actor) return refuse('unknown login or no right valid today');
      const session = await signSession(
        ctx.sessionKey,
        { professionalId: actor.professionalId, login: actor.login, strongAuth, method },
        ctx.now(),
        ctx.config.sessionTtlSeconds ?? 8 * 3600,
      );
      await auditAlone(ctx, request, actor, 'auth.login', 'allowed', method);
      setSessionCookie(ctx, reply, session.token, session.expiresAt);
      return {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        method,
        strongAuth,
        demo: method === 'certificate-card-demo',
        actor: actorView(actor),
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'End the session: revoke it on the server and forget the cookie',
        description:
          'With a valid session (Bearer token or cookie) the session is revoked at once: its token is ' +
          'refused from the next request on, as an expired one. Without one it only clears the cookie.',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = bearer(request);
      const session = token ? await verifySession(ctx.sessionKey, token, ctx.now()) : undefined;
      if (session) await endSession(ctx, request, session);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The actor this session acts as, with the right valid today',
        security: [{ bearer: [] }, { cookie: [] }],
        response: { 200: ActorView, ...problemResponses(401) },
      },
    },
    async (request) => actorView(request.actor!),
  );
}
