// Joining models (seed guide 3.2): one deployment serves producers that call the API with their own
// organization's users (direct), small producers as tenants in a main joiner's system (joint: the
// main joiner's administrator manages their users) and producers working in the organizer's own
// system (parallel: the organizer manages their users). The model decides who administers, never
// what a user may do: the access rules are the same in all three, and each organization's data
// stays its own.
import { Type } from '@fastify/type-provider-typebox';
import { decideAdministration, decideJoiningChange, type Joining } from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import { getJoining, getOrganization, listHosted, setJoining, type Tx } from '@varanto/store';
import { type AuditNote, act, Refusal } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import { hide } from '../documents.ts';
import { problem } from '../problem.ts';
import { COMMON_PROBLEMS, Oid, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

const JoiningModelSchema = Type.Union(
  [Type.Literal('direct'), Type.Literal('joint'), Type.Literal('parallel')],
  {
    description:
      'direct: own system, own users; joint: a tenant in the main joiner’s system, whose administrator ' +
      'manages its users; parallel: in the organizer’s own system, which manages its users',
  },
);

export const JoiningSchema = Type.Object({
  organizationOid: Type.String(),
  model: JoiningModelSchema,
  hostOrganizationOid: Type.Optional(
    Type.String({ description: 'The main joiner (joint) or the organizer (parallel)' }),
  ),
  hosted: Type.Array(Type.Object({ organizationOid: Type.String(), model: JoiningModelSchema }), {
    description: 'Organizations this one hosts (its tenants and parallel producers)',
  }),
});

const refuse = (d: { rule: string; reason: string }) =>
  new Refusal(d.rule, d.reason, problem('forbidden', d.reason, { rule: d.rule }));

/**
 * Administration of `organizationOid`'s registry by `actor`: its own administrator, or the
 * administrator of the organization hosting it (joint or parallel joining). Explained when refused.
 */
export async function requireAdminOf(
  tx: Tx,
  actor: Actor,
  note: AuditNote,
  organizationOid: string,
): Promise<void> {
  const d = decideAdministration(actor, organizationOid, await getJoining(tx, organizationOid));
  if (d.effect === 'deny') throw refuse(d);
  note.rule = d.rule;
}

async function view(tx: Tx, oid: string, joining: Joining) {
  return {
    organizationOid: oid,
    model: joining.model,
    ...(joining.hostOrganizationOid !== undefined
      ? { hostOrganizationOid: joining.hostOrganizationOid }
      : {}),
    hosted: await listHosted(tx, oid),
  };
}

export function joiningRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/organizations/:oid/joining',
    {
      schema: {
        tags: ['registry'],
        summary: 'How the organization joined (direct, joint, parallel), its host and whom it hosts',
        params: Type.Object({ oid: Oid }),
        response: { 200: JoiningSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'organization.joining.read', async (tx) => {
        const joining = await getJoining(tx, request.params.oid);
        if (!joining) throw hide('not_found', 'no such organization');
        return view(tx, request.params.oid, joining);
      }),
  );

  app.put(
    '/organizations/:oid/joining',
    {
      schema: {
        tags: ['registry'],
        summary: 'Declare how the organization joined (its own administrator)',
        description:
          'A producer hands the administration of its users to the host it names: the main joiner ' +
          '(joint) or the organizer (parallel). Its data stays its own: the host’s staff get no access to ' +
          'its register. Refusals: 403 admin_only, own_organization, joining_host.',
        params: Type.Object({ oid: Oid }),
        body: Type.Object(
          { model: JoiningModelSchema, hostOrganizationOid: Type.Optional(Oid) },
          { additionalProperties: false },
        ),
        response: { 200: JoiningSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'organization.joining.set', async (tx, note, actor) => {
        const oid = request.params.oid;
        if (!(await getOrganization(tx, oid))) throw hide('not_found', 'no such organization');
        const b = request.body;
        const joining: Joining = {
          model: b.model,
          ...(b.hostOrganizationOid !== undefined ? { hostOrganizationOid: b.hostOrganizationOid } : {}),
        };
        const hostExists =
          b.hostOrganizationOid !== undefined &&
          (await getOrganization(tx, b.hostOrganizationOid)) !== undefined;
        const d = decideJoiningChange(actor, oid, joining, hostExists);
        if (d.effect === 'deny') throw refuse(d);
        note.rule = d.rule;
        await setJoining(tx, oid, joining);
        return view(tx, oid, joining);
      }),
  );
}
