// Revoking a professional's sessions before they expire: a lost certificate card, an ended
// employment, a session suspected stolen. Every session of the professional issued so far is
// refused from the next request on (auth.ts); a login after the revocation works. Who may do it is
// the domain's rule (access/administration.ts `decideSessionRevocation`); the route applies it.
import { Type } from '@fastify/type-provider-typebox';
import { administeringOrganization, decideSessionRevocation } from '@varanto/domain/access';
import {
  getJoining,
  getProfessional,
  revokeSessionsBefore,
  rightsHistory,
  type SessionRevocation,
} from '@varanto/store';
import { Refusal } from '../audit.ts';
import { renewedSession, setSessionCookie, standingInDatabase, unauthenticated } from '../auth.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import { hide } from '../documents.ts';
import { createOnce } from '../idempotency.ts';
import { problem } from '../problem.ts';
import { COMMON_PROBLEMS, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

export const RevokeSessionsRequest = Type.Object(
  {
    reason: Type.String({
      minLength: 3,
      maxLength: 500,
      pattern: '\\S',
      description: 'Why (kept with the revocation): a lost card, employment ended, a suspected misuse',
    }),
  },
  { additionalProperties: false },
);

export const SessionRevocationSchema = Type.Object(
  {
    professionalId: Type.String(),
    issuedBefore: Type.String({ description: 'Every session issued before this moment is refused' }),
    revokedAt: Type.String(),
    revokedBy: Type.String({ description: 'The professional who revoked them' }),
    reason: Type.String(),
  },
  { $id: 'SessionRevocation', additionalProperties: false },
);

function view(r: SessionRevocation) {
  return {
    professionalId: r.subjectId,
    issuedBefore: r.issuedBefore ?? r.revokedAt,
    revokedAt: r.revokedAt,
    revokedBy: r.revokedBy,
    reason: r.reason,
  };
}

export function sessionRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/professionals/:id/sessions/revoke',
    {
      schema: {
        tags: ['registry'],
        summary:
          'Revoke every session of a professional issued so far (admin of their organization, or oneself)',
        description:
          'Each session issued before now is refused from the next request on, as an expired one; the ' +
          'professional can log in again. Recorded with the reason and audited. A professional revoking ' +
          'their own sessions from a browser (session cookie) keeps that browser logged in with a new ' +
          'session cookie (ending when the old one would have): their other sessions end. A session ' +
          'revoked meanwhile (elsewhere, not yet seen by this server) is refused as unauthenticated. ' +
          'An administrator of ' +
          'another organization gets the same 404 as for a professional that does not exist.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: RevokeSessionsRequest,
        response: {
          201: SessionRevocationSchema,
          ...problemResponses(...COMMON_PROBLEMS, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const id = request.params.id.toLowerCase();
      // The caller's own session, when they revoke their own sessions; from a browser (its cookie,
      // not a Bearer token) it is renewed: a script has no browser to keep logged in.
      const own = request.session?.professionalId === id ? request.session : undefined;
      const fromBrowser = own !== undefined && !request.headers.authorization;
      let renewal: { token: string; expiresAt: Date } | undefined;
      const created = await createOnce(
        ctx,
        request,
        'professional.sessions.revoke',
        async (tx, note, actor) => {
          renewal = undefined;
          const professional = await getProfessional(tx, id);
          const organizationOid = professional
            ? administeringOrganization(await rightsHistory(tx, professional.id), finnishDate(ctx.now()))
            : undefined;
          const joining = organizationOid ? await getJoining(tx, organizationOid) : undefined;
          const d = decideSessionRevocation(
            actor,
            { professionalId: id, ...(organizationOid !== undefined ? { organizationOid } : {}) },
            joining,
          );
          if (d.effect === 'deny') {
            // Not an administrator: about the asker's own standing, the same answer for any id.
            if (d.rule === 'admin_only') {
              throw new Refusal(d.rule, d.reason, problem('forbidden', d.reason, { rule: d.rule }));
            }
            // Another organization's user is none of the asker's business: as if missing.
            throw hide(d.rule, d.reason);
          }
          if (!professional) throw hide('not_found', 'no such professional');
          note.rule = `revoke_sessions_${d.rule}`;
          if (own) {
            // Authentication may have passed the session on facts this process cached before a
            // revocation made elsewhere: renewing it then would mint a session the revocation does
            // not cover. So its standing is read here, locked until this commits, as the database
            // has it before this revocation.
            const standing = await standingInDatabase(ctx, tx, own);
            if (standing.effect === 'deny') {
              // The cache is behind the database: forgotten, so the next request reads it too.
              ctx.authFacts.forget(id, finnishDate(ctx.now()));
              throw new Refusal(standing.rule, standing.reason, unauthenticated());
            }
          }
          const r = await revokeSessionsBefore(tx, {
            subjectKind: 'professional',
            subjectId: professional.id,
            issuedBefore: ctx.now(),
            revokedBy: actor.professionalId,
            reason: request.body.reason.trim(),
          });
          // Issued after the revocation's moment, so not covered by it.
          if (fromBrowser) renewal = await renewedSession(ctx, own);
          return { status: 201, body: view(r) };
        },
      );
      // Committed: this process forgets what it cached of the professional, so the very next
      // request with an old token is checked against the new revocation.
      ctx.authFacts.forget(id, finnishDate(ctx.now()));
      // The other sessions end; this browser continues with its renewed session. A replay of an
      // earlier answer (Idempotency-Key) renews nothing.
      if (renewal) setSessionCookie(ctx, reply, renewal.token, renewal.expiresAt);
      return reply.code(created.status as 201).send(created.body);
    },
  );
}
