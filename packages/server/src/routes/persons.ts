// Persons (clients): create with a henkilötunnus or a temporary identifier, get, search.
import { Type } from '@fastify/type-provider-typebox';
import {
  decideClientLink,
  decideClientUnlink,
  decideProtectedDetails,
  type ProtectedDetailsDecision,
} from '@varanto/domain/access';
import { parseHetu, parseTemporaryId } from '@varanto/domain/identity';
import type { Actor } from '@varanto/domain/records';
import {
  type ClientLink,
  ConflictError,
  createPerson,
  currentLinks,
  findClientKey,
  getPerson,
  HETU_SYSTEM,
  linkedClientKeys,
  linkHistory,
  listClienthoods,
  listPersons,
  loadClientFacts,
  lockClientLinking,
  lockLink,
  type Person,
  type PersonInput,
  recordLink,
  recordUnlink,
  searchPersons,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act, Refusal } from '../audit.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import { explainRefusal, hide, unprocessable } from '../documents.ts';
import { createOnce } from '../idempotency.ts';
import { ProblemError, type ProblemFieldError, problem } from '../problem.ts';
import {
  ClientKey,
  ClientLinkSchema,
  COMMON_PROBLEMS,
  LinkRequest,
  PersonInput as PersonInputSchema,
  PersonSchema,
  problemResponses,
} from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

/**
 * A person as the API shows them. Under turvakielto (non-disclosure for personal safety) the
 * address and home municipality locate the person: they are shown only when the domain rule
 * (access/protected-details.ts) allows, and otherwise withheld with a marker naming the rule.
 */
export function personView(p: Person, decision: ProtectedDetailsDecision) {
  const hidden = !decision.show;
  return {
    clientKey: p.clientKey,
    version: p.version,
    recordedAt: p.recordedAt,
    ...(p.hetu !== undefined ? { hetu: p.hetu } : {}),
    ...(p.temporaryId ? { temporaryId: { ...p.temporaryId } } : {}),
    familyName: p.familyName,
    givenNames: p.givenNames,
    ...(p.birthDate !== undefined ? { birthDate: p.birthDate } : {}),
    ...(p.sex !== undefined ? { sex: p.sex } : {}),
    ...(!hidden && p.homeMunicipality !== undefined ? { homeMunicipality: p.homeMunicipality } : {}),
    turvakielto: p.turvakielto,
    ...(!hidden && p.address ? { address: { ...p.address } } : {}),
    ...(decision.show
      ? {}
      : { withheld: { fields: [...decision.fields], rule: decision.rule, reason: decision.reason } }),
  };
}

type PersonView = ReturnType<typeof personView> & {
  linked?: { clientKey: string; hetu?: string; temporaryId?: { system: string; value: string } }[];
};

/** Who a person is linked to (temporary identifier ↔ identity code), by the links in force. */
async function linkedOf(tx: Tx, clientKey: string): Promise<Pick<PersonView, 'linked'>> {
  const keys = await linkedClientKeys(tx, clientKey);
  if (keys.length === 0) return {};
  return {
    linked: (await listPersons(tx, keys)).map((l) => ({
      clientKey: l.clientKey,
      ...(l.hetu !== undefined ? { hetu: l.hetu } : {}),
      ...(l.temporaryId ? { temporaryId: { ...l.temporaryId } } : {}),
    })),
  };
}

function linkView(l: ClientLink) {
  return { ...l };
}

/** The person as `actor` may see them; a shown protected address is noted in the audit entry. */
export async function personFor(
  ctx: ServerContext,
  tx: Tx,
  actor: Actor,
  p: Person,
  note?: AuditNote,
): Promise<PersonView> {
  const facts = p.turvakielto
    ? await loadClientFacts(tx, p.clientKey)
    : { serviceTasks: [], careRelations: [] };
  const decision = decideProtectedDetails(actor, p, facts, finnishDate(ctx.now()));
  if (note && p.turvakielto && decision.show) note.rule = decision.rule;
  return { ...personView(p, decision), ...(await linkedOf(tx, p.clientKey)) };
}

const PersonQuery = Type.Object(
  {
    hetu: Type.Optional(Type.String({ maxLength: 20 })),
    text: Type.Optional(Type.String({ maxLength: 200, description: 'Name words or an identifier' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

export function personRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/persons',
    {
      schema: {
        tags: ['persons'],
        summary: 'Create a person (client) with a henkilötunnus or a temporary identifier',
        body: PersonInputSchema,
        response: { 201: PersonSchema, ...problemResponses(...COMMON_PROBLEMS, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await createOnce(ctx, request, 'person.create', async (tx, note, actor) => {
        const errors: ProblemFieldError[] = [];
        let hetu: string | undefined;
        let birthDate = b.birthDate;
        let sex = b.sex;
        if (b.hetu !== undefined) {
          const r = parseHetu(b.hetu);
          if (!r.ok) errors.push({ path: '/hetu', code: `hetu_${r.error.code}`, message: r.error.message });
          else {
            hetu = r.value.value;
            birthDate ??= r.value.birthDate;
            sex ??= r.value.sex;
            if (birthDate !== r.value.birthDate) {
              errors.push({
                path: '/birthDate',
                code: 'hetu_mismatch',
                message: 'The birth date differs from the henkilötunnus.',
              });
            }
          }
        }
        let temporaryId: PersonInput['temporaryId'];
        if (b.temporaryId !== undefined) {
          const r = parseTemporaryId(b.temporaryId.value, b.temporaryId.system);
          if (!r.ok) {
            const path = r.error.code === 'system' ? '/temporaryId/system' : '/temporaryId/value';
            errors.push({ path, code: `temporary_id_${r.error.code}`, message: r.error.message });
          } else temporaryId = { system: r.value.system, value: r.value.value };
        }
        if (b.hetu === undefined && b.temporaryId === undefined) {
          errors.push({
            path: '/hetu',
            code: 'identifier_required',
            message: 'A client is identified by a henkilötunnus or a temporary identifier.',
          });
        }
        if (errors.length > 0) throw unprocessable(errors);
        try {
          const person = await createPerson(
            tx,
            {
              ...(hetu !== undefined ? { hetu } : {}),
              ...(temporaryId ? { temporaryId } : {}),
              familyName: b.familyName,
              givenNames: b.givenNames,
              ...(birthDate !== undefined ? { birthDate } : {}),
              ...(sex !== undefined ? { sex } : {}),
              ...(b.homeMunicipality !== undefined ? { homeMunicipality: b.homeMunicipality } : {}),
              turvakielto: b.turvakielto ?? false,
              ...(b.address ? { address: b.address } : {}),
            },
            actor.professionalId,
          );
          note.clientKey = person.clientKey;
          return { status: 201, body: await personFor(ctx, tx, actor, person) };
        } catch (e) {
          if (e instanceof ConflictError) {
            throw new ProblemError(problem('conflict', e.message, { rule: 'person_exists' }));
          }
          throw e;
        }
      });
      return reply
        .code(created.status as 201)
        .header('location', `/persons/${created.body.clientKey}`)
        .send(created.body);
    },
  );

  app.get(
    '/persons/:clientKey',
    {
      schema: {
        tags: ['persons'],
        summary: 'A person by client key',
        params: Type.Object({ clientKey: ClientKey }),
        response: { 200: PersonSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'person.read', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        const p = await getPerson(tx, request.params.clientKey);
        if (!p) throw hide('not_found', 'no such person');
        return personFor(ctx, tx, actor, p, note);
      }),
  );

  app.get(
    '/persons',
    {
      schema: {
        tags: ['persons'],
        summary: 'Find persons by henkilötunnus or by name',
        querystring: PersonQuery,
        response: { 200: Type.Array(PersonSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) =>
      act(ctx, request, 'person.search', async (tx, note, actor) => {
        const q = request.query;
        note.purpose = q.hetu !== undefined ? 'search by henkilötunnus' : 'search by name';
        let found: Person[];
        if (q.hetu !== undefined) {
          const r = parseHetu(q.hetu);
          const key = r.ok ? await findClientKey(tx, HETU_SYSTEM, r.value.value) : undefined;
          const p = key ? await getPerson(tx, key) : undefined;
          found = p ? [p] : [];
        } else {
          // No listing of everyone: a search names whom it looks for.
          if ((q.text ?? '').trim() === '') {
            throw new ProblemError(
              problem('bad-request', 'Give hetu or text.', {
                errors: [
                  { path: '/text', code: 'required', message: 'hetu or text is required', in: 'query' },
                ],
              }),
            );
          }
          found = await searchPersons(tx, { text: q.text ?? '', limit: q.limit ?? 20 });
        }
        // One client per entry; a search that returned one person is logged as concerning them.
        // A search by either identifier of linked persons finds both.
        const linked = new Set<string>();
        for (const p of found) for (const k of await linkedClientKeys(tx, p.clientKey)) linked.add(k);
        for (const p of found) linked.delete(p.clientKey);
        if (linked.size > 0) found = [...found, ...(await listPersons(tx, [...linked]))];
        if (found.length === 1) note.clientKey = found[0]!.clientKey;
        const views = [];
        for (const p of found)
          views.push(await personFor(ctx, tx, actor, p, found.length === 1 ? note : undefined));
        return views;
      }),
  );

  /** The organizer that knows the temporary client: it has a clienthood with them. */
  async function organizerOf(tx: Tx, actor: Actor, clientKey: string): Promise<boolean> {
    return (await listClienthoods(tx, clientKey)).some((c) => c.registrarOid === actor.organizationOid);
  }

  app.post(
    '/persons/:clientKey/links',
    {
      schema: {
        tags: ['persons'],
        summary: 'Link a client known by a temporary identifier to the person with the identity code',
        description:
          'When the henkilötunnus of a client known only by a temporary identifier becomes known, a social ' +
          'worker or archivist of the organizer that has a clienthood with the client links the two ' +
          '(strong login). Nothing is moved: each person keeps their documents, and while the link is in ' +
          'force a search by either finds both persons and their documents. A wrong link is undone by a ' +
          'new version (POST …/links/{linkId}/undo) without losing any document. Refusals name the rule ' +
          '(403 link_role, link_not_organizer, strong_authentication; 409 link_exists; 422 link_not_temporary, ' +
          'link_not_identified, link_same_person).',
        params: Type.Object({ clientKey: ClientKey }),
        body: LinkRequest,
        response: { 201: ClientLinkSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const link = await act(ctx, request, 'person.link', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        const temporary = await getPerson(tx, request.params.clientKey);
        if (!temporary) throw hide('not_found', 'no such person');
        const identified = await getPerson(tx, request.body.identifiedClientKey);
        if (!identified) {
          throw unprocessable([
            { path: '/identifiedClientKey', code: 'unknown_client', message: 'No such client.' },
          ]);
        }
        await lockClientLinking(tx, temporary.clientKey);
        const d = decideClientLink(actor, {
          temporary,
          identified,
          organizerOfTemporary: await organizerOf(tx, actor, temporary.clientKey),
          temporaryLinked: (await currentLinks(tx, temporary.clientKey)).some(
            (l) => l.status === 'linked' && l.temporaryClientKey === temporary.clientKey,
          ),
        });
        if (d.effect === 'deny') {
          if (d.rule === 'link_exists') {
            throw new Refusal(d.rule, d.reason, problem('conflict', d.reason, { rule: d.rule }));
          }
          if (
            d.rule === 'link_not_temporary' ||
            d.rule === 'link_not_identified' ||
            d.rule === 'link_same_person'
          ) {
            throw new Refusal(
              d.rule,
              d.reason,
              problem('unprocessable', d.reason, {
                rule: d.rule,
                errors: [{ path: '/identifiedClientKey', code: d.rule, message: d.reason }],
              }),
            );
          }
          throw explainRefusal(d.rule, d.reason);
        }
        note.rule = d.rule;
        return recordLink(tx, {
          temporaryClientKey: temporary.clientKey,
          identifiedClientKey: identified.clientKey,
          reason: request.body.reason.trim(),
          recordedBy: actor.professionalId,
        });
      });
      return reply.code(201).send(linkView(link));
    },
  );

  app.post(
    '/persons/:clientKey/links/:linkId/undo',
    {
      schema: {
        tags: ['persons'],
        summary: 'Undo a wrong link (a new version of the link, unlinked): no document is lost',
        params: Type.Object({ clientKey: ClientKey, linkId: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 201: ClientLinkSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const link = await act(ctx, request, 'person.unlink', async (tx, note, actor) => {
        note.clientKey = request.params.clientKey;
        const current = await lockLink(tx, request.params.linkId);
        if (
          !current ||
          (current.temporaryClientKey !== request.params.clientKey &&
            current.identifiedClientKey !== request.params.clientKey)
        ) {
          throw hide('not_found', 'no such link of the client');
        }
        note.clientKey = current.temporaryClientKey;
        const d = decideClientUnlink(actor, {
          organizerOfTemporary: await organizerOf(tx, actor, current.temporaryClientKey),
          linked: current.status === 'linked',
        });
        if (d.effect === 'deny') {
          if (d.rule === 'link_not_in_force') {
            throw new Refusal(d.rule, d.reason, problem('conflict', d.reason, { rule: d.rule }));
          }
          throw explainRefusal(d.rule, d.reason);
        }
        note.rule = d.rule;
        return recordUnlink(tx, current, {
          reason: request.body.reason.trim(),
          recordedBy: actor.professionalId,
        });
      });
      return reply.code(201).send(linkView(link));
    },
  );

  app.get(
    '/persons/:clientKey/links',
    {
      schema: {
        tags: ['persons'],
        summary: "Every version of the client's links (temporary identifier ↔ identity code), oldest first",
        params: Type.Object({ clientKey: ClientKey }),
        response: { 200: Type.Array(ClientLinkSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'person.links.history', async (tx, note) => {
        note.clientKey = request.params.clientKey;
        if (!(await getPerson(tx, request.params.clientKey))) throw hide('not_found', 'no such person');
        return (await linkHistory(tx, request.params.clientKey)).map(linkView);
      }),
  );
}
