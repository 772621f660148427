// Person relations and professionals' contact details: the facts the citizen view (OmaKanta) acts
// on, recorded through the API. A guardianship or a mandate opens a person's records to another
// person, a guardian bar closes a guardian's view; each change is a new version of the relation
// (an end date, a revocation, a withdrawal of one recorded in error), never an overwrite. Who may
// record and read them is the domain's rule (citizen/relations-administration.ts); this file only
// applies it. Forbidden looks like missing, except for refusals about the actor alone (the role, a
// weak login), which are explained.
import { Type } from '@fastify/type-provider-typebox';
import { administeringOrganization } from '@varanto/domain/access';
import {
  decidePersonRelationRecording,
  decidePersonRelationsReading,
  decideProfessionalContactChange,
  decideProfessionalContactReading,
  type PersonRelationKindName,
  type RelationDecision,
  type RelationSubjectFacts,
  relationInputErrors,
} from '@varanto/domain/citizen';
import type { Actor } from '@varanto/domain/records';
import {
  ConflictError,
  getCurrentState,
  getPerson,
  getPersonRelation,
  getProfessional,
  getProfessionalContact,
  listClienthoods,
  listPersonRelations,
  listPersonRelationVersions,
  listProfessionalContactVersions,
  loadClientFacts,
  type PersonRelation,
  type ProfessionalContact,
  recordPersonRelation,
  recordProfessionalContact,
  rightsHistory,
  type Tx,
} from '@varanto/store';
import { type AuditNote, act, type Refusal } from '../audit.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import { allowedFor, explainRefusal, hide, targetOf, unprocessable } from '../documents.ts';
import { ProblemError, problem } from '../problem.ts';
import { ClientKey, COMMON_PROBLEMS, IsoDate, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

const Kind = Type.Union(
  [Type.Literal('guardianship'), Type.Literal('guardian_bar'), Type.Literal('mandate')],
  {
    description:
      'guardianship (huoltajuus, population register), guardian_bar (a child welfare restriction of a ' +
      "guardian's access) or mandate (valtuutus, Suomi.fi mandates)",
  },
);

const Reason = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'Why the version is recorded (e.g. the register extract or the decision it follows)',
});

export const PersonRelationSchema = Type.Object(
  {
    clientKey: Type.String({
      description: 'The person whose records the relation opens (the child, the principal)',
    }),
    relationId: Type.String({ format: 'uuid' }),
    version: Type.Integer({ minimum: 1 }),
    kind: Kind,
    holderKey: Type.String({ description: "The guardian, or the mandate's agent" }),
    start: Type.String(),
    end: Type.Optional(Type.String()),
    revokedOn: Type.Optional(Type.String()),
    scopes: Type.Optional(Type.Array(Type.String())),
    basis: Type.Optional(
      Type.String({ description: 'Why a guardian is barred; never shown to the guardian' }),
    ),
    cancelled: Type.Optional(Type.Boolean({ description: 'Withdrawn: recorded in error, it never held' })),
    source: Type.String(),
    reason: Type.Optional(Type.String()),
    recordedAt: Type.String(),
    recordedBy: Type.String(),
  },
  { $id: 'PersonRelation' },
);

export const RecordRelationRequest = Type.Object(
  {
    kind: Kind,
    holderKey: Type.String({
      format: 'uuid',
      description: "The guardian, or the mandate's agent (a known person)",
    }),
    start: IsoDate,
    end: Type.Optional(Type.String({ ...IsoDate, description: 'Last day (inclusive)' })),
    revokedOn: Type.Optional(
      Type.String({ ...IsoDate, description: 'Mandates only: the day it was revoked' }),
    ),
    scopes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 20,
        description: 'Mandates only: what the mandate covers (e.g. social_welfare_records)',
      }),
    ),
    basis: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Guardian bars only (required): e.g. child_welfare_restriction',
      }),
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const RelationVersionRequest = Type.Object(
  {
    end: Type.Optional(Type.String({ ...IsoDate, description: 'The relation ends on this day (inclusive)' })),
    revokedOn: Type.Optional(Type.String({ ...IsoDate, description: 'Mandates only: revoked on this day' })),
    cancelled: Type.Optional(
      Type.Literal(true, { description: 'Withdraw a relation recorded in error: it never held' }),
    ),
    expectedVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'The version the change follows; another current one is a 409',
      }),
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const ProfessionalContactSchema = Type.Object(
  {
    professionalId: Type.String({ format: 'uuid' }),
    version: Type.Integer({ minimum: 0, description: '0: nothing recorded yet' }),
    phone: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    serviceAddress: Type.Optional(Type.String()),
    recordedAt: Type.Optional(Type.String()),
    recordedBy: Type.Optional(Type.String()),
  },
  { $id: 'ProfessionalContact' },
);

export const ProfessionalContactRequest = Type.Object(
  {
    phone: Type.Optional(
      Type.String({ pattern: '^\\+?[0-9][0-9 ()-]{3,28}[0-9]$', description: 'Work phone number' }),
    ),
    email: Type.Optional(
      Type.String({ maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', description: 'Work e-mail' }),
    ),
    serviceAddress: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description:
          "A public service address (the office's visiting or postal address, never a home address)",
      }),
    ),
  },
  { additionalProperties: false },
);

const RelationParams = Type.Object({ clientKey: ClientKey, relationId: Type.String({ format: 'uuid' }) });
const ProfessionalParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const SOURCE: Record<PersonRelationKindName, string> = {
  guardianship: 'population_register',
  mandate: 'mandate_register',
  guardian_bar: 'child_welfare',
};

function relationView(r: PersonRelation) {
  const { scopes, ...rest } = r;
  return { ...rest, ...(scopes !== undefined ? { scopes: [...scopes] } : {}) };
}

function contactView(c: ProfessionalContact | undefined, professionalId: string) {
  return c ? { ...c } : { professionalId, version: 0 };
}

/** Refusals about the actor alone (the role, a weak login) say nothing about the person: explained. */
const ACTOR_RULES = new Set(['relation_register_admin', 'relation_bar_role', 'strong_authentication']);

function refuse(d: Extract<RelationDecision, { effect: 'deny' }>): Refusal {
  return ACTOR_RULES.has(d.rule) ? explainRefusal(d.rule, d.reason) : hide(d.rule, d.reason);
}

async function subjectFacts(tx: Tx, clientKey: string): Promise<RelationSubjectFacts> {
  return {
    clienthoodRegistrars: [...new Set((await listClienthoods(tx, clientKey)).map((c) => c.registrarOid))],
    facts: await loadClientFacts(tx, clientKey),
  };
}

/** Whether the access policy lets the actor read one of the person's clienthood documents. */
async function readsRecords(tx: Tx, actor: Actor, clientKey: string, note: AuditNote): Promise<boolean> {
  for (const c of await listClienthoods(tx, clientKey)) {
    const state = await getCurrentState(tx, c.setId);
    if (!state) continue;
    if (await allowedFor(tx, actor, 'document.read', targetOf(state.metadata, state.status), clientKey, note))
      return true;
  }
  return false;
}

export function personRelationRoutes(app: TypedApp, ctx: ServerContext): void {
  const today = () => finnishDate(ctx.now());

  /** May the actor read the relations of `clientKey` (as their subject)? */
  async function readDecision(tx: Tx, actor: Actor, clientKey: string, note: AuditNote) {
    return decidePersonRelationsReading(
      actor,
      await subjectFacts(tx, clientKey),
      today(),
      await readsRecords(tx, actor, clientKey, note),
    );
  }

  /** The standing to record a relation of `kind` of the subject; the one 404 for an unknown subject. */
  async function requireRecording(
    tx: Tx,
    actor: Actor,
    note: AuditNote,
    clientKey: string,
    kind: PersonRelationKindName,
  ) {
    note.clientKey = clientKey;
    const person = await getPerson(tx, clientKey);
    const facts = person
      ? await subjectFacts(tx, clientKey)
      : { clienthoodRegistrars: [], facts: { serviceTasks: [], careRelations: [] } };
    const d = decidePersonRelationRecording(actor, kind, facts, today());
    if (d.effect === 'deny') throw refuse(d);
    if (!person) throw hide('not_found', 'no such person');
    note.rule = d.rule;
  }

  function conflict(e: unknown): never {
    if (e instanceof ConflictError) {
      throw new ProblemError(problem('conflict', e.message, { rule: 'version_conflict' }));
    }
    throw e;
  }

  app.get(
    '/persons/:clientKey/relations',
    {
      schema: {
        tags: ['person-relations'],
        summary: 'The current relations of a person, as the subject (child, principal) or as the holder',
        description:
          'The newest version of each guardianship, guardian bar and mandate that opens the person’s records to ' +
          'another person, or another person’s records to them; withdrawn ones included (cancelled). Read by ' +
          'those who may read the person’s records, and by those who may record their relations; a relation ' +
          'held over another person is shown only if the caller may read that person’s relations too. ' +
          'Anyone else gets 404.',
        params: Type.Object({ clientKey: ClientKey }),
        response: { 200: Type.Array(PersonRelationSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'person_relation.list', async (tx, note, actor) => {
        const key = request.params.clientKey;
        note.clientKey = key;
        if (!(await getPerson(tx, key))) throw hide('not_found', 'no such person');
        const d = await readDecision(tx, actor, key, note);
        if (d.effect === 'deny') throw hide(d.rule, d.reason);
        note.rule = d.rule;
        const own = await listPersonRelations(tx, { clientKey: key });
        const held = await listPersonRelations(tx, { holderKey: key });
        const readable = new Map<string, boolean>();
        const shown: PersonRelation[] = [...own];
        for (const r of held) {
          if (!readable.has(r.clientKey)) {
            readable.set(r.clientKey, (await readDecision(tx, actor, r.clientKey, note)).effect === 'allow');
          }
          if (readable.get(r.clientKey)) shown.push(r);
        }
        return shown.map(relationView);
      }),
  );

  app.get(
    '/persons/:clientKey/relations/:relationId/versions',
    {
      schema: {
        tags: ['person-relations'],
        summary: 'Every version of one relation of the person (its subject), oldest first',
        params: RelationParams,
        response: { 200: Type.Array(PersonRelationSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'person_relation.history', async (tx, note, actor) => {
        const { clientKey, relationId } = request.params;
        note.clientKey = clientKey;
        const versions = await listPersonRelationVersions(tx, clientKey, relationId);
        if (versions.length === 0) throw hide('not_found', 'no such relation of the person');
        const d = await readDecision(tx, actor, clientKey, note);
        if (d.effect === 'deny') throw hide(d.rule, d.reason);
        note.rule = d.rule;
        return versions.map(relationView);
      }),
  );

  app.post(
    '/persons/:clientKey/relations',
    {
      schema: {
        tags: ['person-relations'],
        summary: 'Record a guardianship, a guardian bar or a mandate of the person (the subject)',
        description:
          'Guardianships and mandates are facts of national registers (population register, Suomi.fi ' +
          'mandates): an administrator of an organization whose register holds the person records them. A ' +
          'guardian bar (a child welfare restriction of a guardian’s access) is recorded by a social worker ' +
          'with a care relation with the child in child welfare (service task 10) in the own register. Both ' +
          'need a strong login (403 `strong_authentication`; 403 `relation_register_admin`, ' +
          '`relation_bar_role` for the wrong role); anyone without standing over the person gets 404. ' +
          'Inconsistent values are 422 at their field (`holder_is_subject`, `end_before_start`, ' +
          '`unknown_person`, `basis_required`, `scopes_mandate_only`…).',
        params: Type.Object({ clientKey: ClientKey }),
        body: RecordRelationRequest,
        response: { 201: PersonRelationSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const stored = await act(ctx, request, 'person_relation.record', async (tx, note, actor) => {
        const clientKey = request.params.clientKey;
        await requireRecording(tx, actor, note, clientKey, b.kind);
        const errors = relationInputErrors({ ...b, subjectKey: clientKey });
        if (b.holderKey !== clientKey && !(await getPerson(tx, b.holderKey))) {
          errors.push({ path: '/holderKey', code: 'unknown_person', message: 'No such person.' });
        }
        if (errors.length > 0) throw unprocessable(errors);
        try {
          return await recordPersonRelation(tx, {
            clientKey,
            kind: b.kind,
            holderKey: b.holderKey,
            start: b.start,
            ...(b.end !== undefined ? { end: b.end } : {}),
            ...(b.revokedOn !== undefined ? { revokedOn: b.revokedOn } : {}),
            ...(b.scopes !== undefined ? { scopes: b.scopes } : {}),
            ...(b.basis !== undefined ? { basis: b.basis.trim() } : {}),
            source: SOURCE[b.kind],
            reason: b.reason.trim(),
            recordedBy: actor.professionalId,
          });
        } catch (e) {
          conflict(e);
        }
      });
      return reply
        .code(201)
        .header('location', `/persons/${stored.clientKey}/relations/${stored.relationId}/versions`)
        .send(relationView(stored));
    },
  );

  app.post(
    '/persons/:clientKey/relations/:relationId/versions',
    {
      schema: {
        tags: ['person-relations'],
        summary: 'The next version of a relation: an end date, a revocation of a mandate, or a withdrawal',
        description:
          'The same standing as recording the relation. `end` ends it (inclusive), `revokedOn` revokes a ' +
          'mandate, `cancelled` withdraws one recorded in error (it never held). A withdrawn relation takes no ' +
          'further version (409 `relation_cancelled`); a concurrent change, or another current version than ' +
          '`expectedVersion`, is 409 `version_conflict`.',
        params: RelationParams,
        body: RelationVersionRequest,
        response: { 201: PersonRelationSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const stored = await act(ctx, request, 'person_relation.change', async (tx, note, actor) => {
        const { clientKey, relationId } = request.params;
        note.clientKey = clientKey;
        const current = await getPersonRelation(tx, clientKey, relationId);
        // Without the relation there is no kind to decide on: guardianship's standing stands for it.
        await requireRecording(tx, actor, note, clientKey, current?.kind ?? 'guardianship');
        if (!current) throw hide('not_found', 'no such relation of the person');
        if (b.end === undefined && b.revokedOn === undefined && b.cancelled === undefined) {
          throw unprocessable([
            { path: '/end', code: 'no_change', message: 'Give an end date, a revocation or a withdrawal.' },
          ]);
        }
        if (current.cancelled) {
          throw new ProblemError(
            problem('conflict', 'The relation was withdrawn; it takes no further version.', {
              rule: 'relation_cancelled',
            }),
          );
        }
        if (b.expectedVersion !== undefined && b.expectedVersion !== current.version) {
          throw new ProblemError(
            problem('conflict', `The relation is at version ${current.version}.`, {
              rule: 'version_conflict',
            }),
          );
        }
        const end = b.end ?? current.end;
        const revokedOn = b.revokedOn ?? current.revokedOn;
        const errors = relationInputErrors({
          kind: current.kind,
          subjectKey: clientKey,
          holderKey: current.holderKey,
          start: current.start,
          ...(end !== undefined ? { end } : {}),
          ...(revokedOn !== undefined ? { revokedOn } : {}),
          ...(current.scopes !== undefined ? { scopes: current.scopes } : {}),
          ...(current.basis !== undefined ? { basis: current.basis } : {}),
        });
        if (errors.length > 0) throw unprocessable(errors);
        try {
          return await recordPersonRelation(
            tx,
            {
              clientKey,
              kind: current.kind,
              holderKey: current.holderKey,
              start: current.start,
              ...(end !== undefined ? { end } : {}),
              ...(revokedOn !== undefined ? { revokedOn } : {}),
              ...(current.scopes !== undefined ? { scopes: current.scopes } : {}),
              ...(current.basis !== undefined ? { basis: current.basis } : {}),
              ...(b.cancelled ? { cancelled: true } : {}),
              source: current.source,
              reason: b.reason.trim(),
              recordedBy: actor.professionalId,
            },
            relationId,
          );
        } catch (e) {
          conflict(e);
        }
      });
      return reply.code(201).send(relationView(stored));
    },
  );

  // --- professionals' contact details ---

  /** The professional and the organization they work in; the one 404 for an unknown id. */
  async function contactSubject(tx: Tx, id: string) {
    const professional = await getProfessional(tx, id);
    const organizationOid = professional
      ? administeringOrganization(await rightsHistory(tx, professional.id), today())
      : undefined;
    return {
      professional,
      subject: { professionalId: id, ...(organizationOid !== undefined ? { organizationOid } : {}) },
    };
  }

  app.put(
    '/professionals/:id/contact',
    {
      schema: {
        tags: ['registry'],
        summary: "Record a professional's work contact details (shown to the clients they work for)",
        description:
          'Phone, e-mail and a public service address, as the next version (the earlier ones are kept). The ' +
          'professional themself, or an administrator of their organization (403 `contact_admin_only` for a ' +
          'colleague); another organization’s professional is 404. A field left out is not shown.',
        params: ProfessionalParams,
        body: ProfessionalContactRequest,
        response: { 200: ProfessionalContactSchema, ...problemResponses(...COMMON_PROBLEMS, 403, 404, 409) },
      },
    },
    async (request) =>
      act(ctx, request, 'professional.contact.record', async (tx, note, actor) => {
        const id = request.params.id.toLowerCase();
        const { professional, subject } = await contactSubject(tx, id);
        if (!professional) throw hide('not_found', 'no such professional');
        const d = decideProfessionalContactChange(actor, subject);
        if (d.effect === 'deny') {
          throw d.rule === 'contact_admin_only' ? explainRefusal(d.rule, d.reason) : hide(d.rule, d.reason);
        }
        note.rule = d.rule;
        const b = request.body;
        const trimmed = (v: string | undefined) =>
          v !== undefined && v.trim() !== '' ? v.trim() : undefined;
        const phone = trimmed(b.phone);
        const email = trimmed(b.email);
        const serviceAddress = trimmed(b.serviceAddress);
        try {
          return contactView(
            await recordProfessionalContact(tx, {
              professionalId: professional.id,
              ...(phone !== undefined ? { phone } : {}),
              ...(email !== undefined ? { email } : {}),
              ...(serviceAddress !== undefined ? { serviceAddress } : {}),
              recordedBy: actor.professionalId,
            }),
            professional.id,
          );
        } catch (e) {
          conflict(e);
        }
      }),
  );

  app.get(
    '/professionals/:id/contact',
    {
      schema: {
        tags: ['registry'],
        summary: "A professional's current work contact details (version 0: none recorded)",
        description: 'For the professional and their colleagues in the organization; anyone else gets 404.',
        params: ProfessionalParams,
        response: { 200: ProfessionalContactSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'professional.contact.read', async (tx, note, actor) => {
        const id = request.params.id.toLowerCase();
        const { professional, subject } = await contactSubject(tx, id);
        if (!professional) throw hide('not_found', 'no such professional');
        const d = decideProfessionalContactReading(actor, subject);
        if (d.effect === 'deny') throw hide(d.rule, d.reason);
        note.rule = d.rule;
        return contactView(await getProfessionalContact(tx, professional.id), professional.id);
      }),
  );

  app.get(
    '/professionals/:id/contact/versions',
    {
      schema: {
        tags: ['registry'],
        summary: "Every version of a professional's contact details, oldest first",
        params: ProfessionalParams,
        response: { 200: Type.Array(ProfessionalContactSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'professional.contact.history', async (tx, note, actor) => {
        const id = request.params.id.toLowerCase();
        const { professional, subject } = await contactSubject(tx, id);
        if (!professional) throw hide('not_found', 'no such professional');
        const d = decideProfessionalContactReading(actor, subject);
        if (d.effect === 'deny') throw hide(d.rule, d.reason);
        note.rule = d.rule;
        return (await listProfessionalContactVersions(tx, professional.id)).map((c) => contactView(c, id));
      }),
  );
}
