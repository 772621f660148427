// The registry: organizations, service units, registers, professionals and their rights (the user
// register of asiakastietolaki 9 §). Reading reference data needs a login; changing it needs the
// admin role, and an admin grants rights only within their own organization. The user register
// itself (logins, right history) is the admin's; the staff list (GET /staff) shows any professional
// their own organization's colleagues with a right valid today, and nothing more.
import { randomUUID } from 'node:crypto';
import { Type } from '@fastify/type-provider-typebox';
import { administeringOrganization, decideAdministration, decideStaffList } from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import {
  ConflictError,
  createOrganization,
  createProfessional,
  createRegister,
  createServiceUnit,
  currentRight,
  getJoining,
  getOrganization,
  getProfessional,
  getRegister,
  grantRight,
  listHosted,
  listOrganizations,
  listProfessionalsAdministeredIn,
  listRegisters,
  listServiceUnits,
  listStaff,
  rightsHistory,
} from '@varanto/store';
import { type AuditNote, act, Refusal } from '../audit.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import { CODE_SYSTEM, checkCode, hide, unprocessable } from '../documents.ts';
import { createOnce } from '../idempotency.ts';
import { ProblemError, type ProblemFieldError, problem } from '../problem.ts';
import {
  COMMON_PROBLEMS,
  Oid,
  OrganizationSchema,
  ProfessionalInput,
  ProfessionalSchema,
  problemResponses,
  RegisterInput,
  RegisterSchema,
  RightGrant,
  RightSchema,
  ServiceUnitInput,
  ServiceUnitSchema,
  StaffMemberSchema,
  StaffQuery,
} from '../schemas.ts';
import type { TypedApp } from '../typed.ts';
import { requireAdminOf } from './joining.ts';

/**
 * Applies the domain's administration rule (access/administration.ts). The refusal is about the
 * actor, not about data, so it is explained (403).
 */
export function requireAdmin(actor: Actor, note: AuditNote, organizationOid?: string): void {
  const d = decideAdministration(actor, organizationOid);
  if (d.effect === 'deny')
    throw new Refusal(d.rule, d.reason, problem('forbidden', d.reason, { rule: d.rule }));
  note.rule = d.rule;
}

function conflict(e: unknown): never {
  if (e instanceof ConflictError)
    throw new ProblemError(problem('conflict', e.message, { rule: 'already_exists' }));
  throw e;
}

const OidParams = Type.Object({ oid: Oid });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ProfessionalParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function registryRoutes(app: TypedApp, ctx: ServerContext): void {
  // --- organizations ---
  app.get(
    '/organizations',
    {
      schema: {
        tags: ['registry'],
        summary: 'Organizations',
        response: { 200: Type.Array(OrganizationSchema), ...problemResponses(401) },
      },
    },
    async (request) => act(ctx, request, 'organization.list', (tx) => listOrganizations(tx)),
  );
  app.get(
    '/organizations/:oid',
    {
      schema: {
        tags: ['registry'],
        summary: 'An organization',
        params: OidParams,
        response: { 200: OrganizationSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'organization.read', async (tx) => {
        const o = await getOrganization(tx, request.params.oid);
        if (!o) throw hide('not_found', 'no such organization');
        return o;
      }),
  );
  app.post(
    '/organizations',
    {
      schema: {
        tags: ['registry'],
        summary: 'Add an organization (admin)',
        body: OrganizationSchema,
        response: { 201: OrganizationSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 409) },
      },
    },
    async (request, reply) => {
      const created = await createOnce(ctx, request, 'organization.create', async (tx, note, actor) => {
        requireAdmin(actor, note);
        const o = await createOrganization(tx, request.body).catch(conflict);
        return { status: 201, body: o };
      });
      return reply.code(created.status as 201).send(created.body);
    },
  );

  // --- service units ---
  app.get(
    '/organizations/:oid/service-units',
    {
      schema: {
        tags: ['registry'],
        summary: 'Service units of an organization',
        params: OidParams,
        response: { 200: Type.Array(ServiceUnitSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      act(ctx, request, 'service_unit.list', (tx) => listServiceUnits(tx, request.params.oid)),
  );
  app.post(
    '/organizations/:oid/service-units',
    {
      schema: {
        tags: ['registry'],
        summary: 'Add a service unit to the own organization (admin)',
        params: OidParams,
        body: ServiceUnitInput,
        response: { 201: ServiceUnitSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await createOnce(ctx, request, 'service_unit.create', async (tx, note, actor) => {
        requireAdmin(actor, note, request.params.oid);
        const u = await createServiceUnit(tx, { ...request.body, organizationOid: request.params.oid }).catch(
          conflict,
        );
        return { status: 201, body: u };
      });
      return reply.code(created.status as 201).send(created.body);
    },
  );

  // --- registers ---
  app.get(
    '/registers',
    {
      schema: {
        tags: ['registry'],
        summary: 'Registers (optionally of one registrar)',
        querystring: Type.Object({ registrarOid: Type.Optional(Oid) }, { additionalProperties: false }),
        response: { 200: Type.Array(RegisterSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      act(ctx, request, 'register.list', (tx) => listRegisters(tx, request.query.registrarOid)),
  );
  app.get(
    '/registers/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'A register',
        params: IdParams,
        response: { 200: RegisterSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'register.read', async (tx) => {
        const r = await getRegister(tx, request.params.id);
        if (!r) throw hide('not_found', 'no such register');
        return r;
      }),
  );
  app.post(
    '/registers',
    {
      schema: {
        tags: ['registry'],
        summary: 'Add a register of the own organization as registrar (admin)',
        body: RegisterInput,
        response: { 201: RegisterSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await createOnce(ctx, request, 'register.create', async (tx, note, actor) => {
        requireAdmin(actor, note, b.registrarOid);
        const registerType = b.registerType ?? '1';
        const errors: ProblemFieldError[] = [];
        checkCode(
          ctx.codes,
          '1.2.246.537.6.1264',
          registerType,
          '/registerType',
          ctx.now().toISOString(),
          errors,
        );
        if (errors.length > 0) throw unprocessable(errors);
        const r = await createRegister(tx, {
          id: b.id ?? randomUUID(),
          registrarOid: b.registrarOid,
          registerType,
          name: b.name,
        }).catch(conflict);
        return { status: 201, body: r };
      });
      return reply.code(created.status as 201).send(created.body);
    },
  );

  // --- the staff list ---
  // `/staff`, not `/organizations/{oid}/staff`: the organization is always the actor's own (that of
  // their right valid today), so a path parameter could only ever take one value — and any other
  // value would be a probe whose answer must give nothing away. `/professionals` stays the
  // administrator's user register (logins, right history).
  app.get(
    '/staff',
    {
      schema: {
        tags: ['registry'],
        summary: 'The staff of the own organization: colleagues whose right is valid today',
        description:
          'Any professional of the organization may list its staff, e.g. to name a personal worker ' +
          '(omatyöntekijä). Names, roles, service units and service tasks only; no logins, no right ' +
          "history, never another organization's staff. A weak login is enough.",
        querystring: StaffQuery,
        response: { 200: Type.Array(StaffMemberSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      act(ctx, request, 'staff.list', async (tx, note, actor) => {
        const d = decideStaffList(actor, actor.organizationOid);
        if (d.effect === 'deny')
          throw new Refusal(d.rule, d.reason, problem('forbidden', d.reason, { rule: d.rule }));
        note.rule = d.rule;
        const { serviceTask, serviceUnit } = request.query;
        const staff = await listStaff(tx, actor.organizationOid, finnishDate(ctx.now()), {
          ...(serviceTask !== undefined ? { serviceTask } : {}),
          ...(serviceUnit !== undefined ? { serviceUnitOid: serviceUnit } : {}),
        });
        return staff.map((m) => ({
          id: m.id,
          name: `${m.givenNames} ${m.familyName}`,
          role: m.role,
          serviceUnits: m.serviceUnits,
          serviceTasks: m.serviceTasks,
        }));
      }),
  );

  // --- professionals and rights ---
  app.get(
    '/professionals',
    {
      schema: {
        tags: ['registry'],
        summary: 'Professionals (admin)',
        response: { 200: Type.Array(ProfessionalSchema), ...problemResponses(401, 403) },
      },
    },
    async (request) =>
      act(ctx, request, 'professional.list', async (tx, note, actor) => {
        requireAdmin(actor, note);
        // Their own organization's professionals and those of the organizations it hosts.
        const hosted = (await listHosted(tx, actor.organizationOid))
          .filter((h) => h.model !== 'direct')
          .map((h) => h.organizationOid);
        return listProfessionalsAdministeredIn(
          tx,
          [actor.organizationOid, ...hosted],
          finnishDate(ctx.now()),
        );
      }),
  );
  app.get(
    '/professionals/:id',
    {
      schema: {
        tags: ['registry'],
        summary: 'A professional (admin)',
        params: ProfessionalParams,
        response: { 200: ProfessionalSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'professional.read', async (tx, note, actor) => {
        requireAdmin(actor, note);
        const p = await getProfessional(tx, request.params.id);
        if (!p) throw hide('not_found', 'no such professional');
        // Another organization's professional looks like no professional at all.
        const home = administeringOrganization(await rightsHistory(tx, p.id), finnishDate(ctx.now()));
        if (home !== undefined) {
          const d = decideAdministration(actor, home, await getJoining(tx, home));
          if (d.effect === 'deny') throw hide(d.rule, d.reason);
        }
        return p;
      }),
  );
  app.post(
    '/professionals',
    {
      schema: {
        tags: ['registry'],
        summary: 'Add a professional (admin)',
        body: ProfessionalInput,
        response: { 201: ProfessionalSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 409) },
      },
    },
    async (request, reply) => {
      const created = await createOnce(ctx, request, 'professional.create', async (tx, note, actor) => {
        requireAdmin(actor, note);
        const p = await createProfessional(tx, request.body).catch(conflict);
        return { status: 201, body: p };
      });
      return reply.code(created.status as 201).send(created.body);
    },
  );
  app.post(
    '/professionals/:id/rights',
    {
      schema: {
        tags: ['registry'],
        summary: "Grant (or with validTo end) a professional's rights in the own organization (admin)",
        description:
          'Each grant is a new version; history is kept. Ending a right takes effect on the next request.',
        params: ProfessionalParams,
        body: RightGrant,
        response: { 201: RightSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const right = await act(ctx, request, 'right.grant', async (tx, note, actor) => {
        const organizationOid = b.organizationOid ?? actor.organizationOid;
        // The host of a joint tenant or a parallel producer manages its users' rights too.
        await requireAdminOf(tx, actor, note, organizationOid);
        const p = await getProfessional(tx, request.params.id);
        if (!p) throw hide('not_found', 'no such professional');
        // Rights are versions per professional: granting one here replaces the one they hold today.
        // Someone who works for another organization is that organization's administrator's to
        // release, or any administrator could take another organization's staff.
        const held = await currentRight(tx, p.id, finnishDate(ctx.now()));
        if (held && held.organizationOid !== organizationOid) {
          await requireAdminOf(tx, actor, note, held.organizationOid);
        }
        const errors: ProblemFieldError[] = [];
        for (const [i, t] of b.serviceTasks.entries()) {
          checkCode(ctx.codes, CODE_SYSTEM.serviceTask, t, `/serviceTasks/${i}`, b.validFrom, errors);
        }
        const units = new Set((await listServiceUnits(tx, organizationOid)).map((u) => u.oid));
        b.serviceUnitOids.forEach((u, i) => {
          if (!units.has(u)) {
            errors.push({
              path: `/serviceUnitOids/${i}`,
              code: 'unknown_unit',
              message: 'Not a service unit of the organization.',
            });
          }
        });
        if (b.validTo !== undefined && b.validTo < b.validFrom) {
          errors.push({
            path: '/validTo',
            code: 'end_before_start',
            message: 'validTo is before validFrom.',
          });
        }
        if (errors.length > 0) throw unprocessable(errors);
        return grantRight(tx, {
          professionalId: p.id,
          organizationOid,
          serviceUnitOids: b.serviceUnitOids,
          role: b.role,
          serviceTasks: b.serviceTasks,
          validFrom: b.validFrom,
          ...(b.validTo !== undefined ? { validTo: b.validTo } : {}),
          grantedBy: actor.professionalId,
          ...(b.reason !== undefined ? { reason: b.reason } : {}),
        });
      });
      return reply.code(201).send(right);
    },
  );
  app.get(
    '/professionals/:id/rights',
    {
      schema: {
        tags: ['registry'],
        summary: "A professional's rights, every version (admin)",
        params: ProfessionalParams,
        response: { 200: Type.Array(RightSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      act(ctx, request, 'right.history', async (tx, note, actor) => {
        requireAdmin(actor, note);
        return rightsHistory(tx, request.params.id);
      }),
  );
}
