// A professional decides what the client (and a minor's guardian) sees of a document in OmaKanta:
// delay, special content, the guardian marking and its confirmation, lifting the automatic hiding
// of adoption counselling. The rules are the domain's `decideVisibilityChange`; the access policy
// first decides whether the professional may change the document at all (as for a correction).
//
// A change is stored as the document's next version, with the content and rendering unchanged and
// new OmaKanta settings. In the national repository the visibility is metadata of the document
// version, and every other path (the citizen's lists, counts, reads and the compiled filter over
// `document_current`) already reads the settings from the version: a separate record would have to
// be joined into every one of them, and a path that forgot the join would show what was hidden.
// As a version nothing is overwritten: the earlier settings stay in the earlier version, with who
// changed them, when and why.
import { Type } from '@fastify/type-provider-typebox';
import type { ClientFacts } from '@varanto/domain/access';
import { CODE_SYSTEM_OIDS } from '@varanto/domain/codes';
import type { Actor } from '@varanto/domain/records';
import {
  decideVisibilityChange,
  explainVisibility,
  hiddenKindOf,
  isAutomaticallyHidden,
  needsVisibilityDecision,
  type Relations,
  type VisibilityChange,
  type VisibilityChangeDecision,
  type VisibilityDocument,
} from '@varanto/domain/visibility';
import {
  type CurrentState,
  caseDocumentTypes,
  getDocumentVersion,
  listPersons,
  loadClientFacts,
  type Tx,
} from '@varanto/store';
import { act, Refusal } from '../audit.ts';
import { finnishDate, type ServerContext } from '../context.ts';
import { checkCode, loadForAction, unprocessable, writeVersion } from '../documents.ts';
import { ProblemError, type ProblemFieldError, problem } from '../problem.ts';
import { IsoDate, Oid, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';
import { visibilityDocumentOf } from './citizen.ts';
import { refuseLegacyChange } from './legacy.ts';

const Reason = Type.String({
  maxLength: 4000,
  description: 'Why (logged with the version; never shown to the client)',
});
const ReasonCode = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9._-]+$',
  description: 'Coded reason, 1.2.246.537.6.1288',
});

const Change = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('delay'),
      until: IsoDate,
      reasonCode: Type.Optional(ReasonCode),
      reasonText: Reason,
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('end_delay'), reasonText: Reason }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('mark_special_content'), reasonCode: Type.Optional(ReasonCode), reasonText: Reason },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('remove_special_content'), reasonText: Reason },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('guardian'), shown: Type.Boolean(), reasonText: Type.Optional(Reason) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('confirm_guardian_hiding') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('lift_automatic_hiding'), reasonText: Reason },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('keep_shown') }, { additionalProperties: false }),
]);

const ChangeRequest = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version the change is decided on' }),
    change: Change,
  },
  { additionalProperties: false },
);

const Settings = Type.Object({
  delayUntil: Type.Optional(Type.String()),
  specialContent: Type.Optional(Type.Boolean()),
  restrictionReason: Type.Optional(Type.String()),
  restrictionText: Type.Optional(Type.String()),
  shownToGuardian: Type.Optional(Type.Boolean()),
  automaticHidingLifted: Type.Optional(Type.Boolean()),
  guardianHidingConfirmedBy: Type.Optional(Type.String()),
  visibilityDecidedBy: Type.Optional(Type.String()),
});

const Explained = Type.Array(
  Type.Object({ rule: Type.String(), reason: Type.String(), reasonFi: Type.String() }),
);

const VisibilityView = Type.Object({
  setId: Type.String(),
  version: Type.Integer(),
  omakanta: Settings,
  hiddenKind: Type.Optional(
    Type.Object({ name: Type.String(), rule: Type.String(), liftable: Type.Boolean() }),
  ),
  automaticallyHidden: Type.Boolean(),
  needs: Type.Array(Type.Object({ need: Type.String(), reason: Type.String(), reasonFi: Type.String() })),
  /** Why the client themself does not see it today (empty: shown). */
  client: Explained,
  /** Why a (not barred) guardian of a minor client does not see it today (empty: shown). */
  guardian: Explained,
});

const ChangeAnswer = Type.Object({
  ...VisibilityView.properties,
  needsConfirmation: Type.Boolean({
    description: "Hidden from the guardian until the organizer's responsible worker confirms",
  }),
});

const SetIdParams = Type.Object({ setId: Oid });

// --- helpers ------------------------------------------------------------------------------------

/** The care relations and tasks of every client of the document (to find the responsible worker). */
async function factsOf(tx: Tx, clients: readonly string[]): Promise<ClientFacts> {
  // One after another: a transaction is one connection, which runs one query at a time anyway.
  const all: ClientFacts[] = [];
  for (const c of clients) all.push(await loadClientFacts(tx, c));
  return {
    serviceTasks: all.flatMap((f) => f.serviceTasks),
    careRelations: all.flatMap((f) => f.careRelations),
  };
}

async function birthRelations(tx: Tx, clients: readonly string[]): Promise<Relations> {
  const persons = await listPersons(tx, clients);
  return {
    persons: persons.map((p) => ({ key: p.clientKey, ...(p.birthDate ? { birthDate: p.birthDate } : {}) })),
    guardianships: [],
    guardianBars: [],
    mandates: [],
  };
}

/**
 * Why a document is not shown, as each kind of viewer would be told: the client reading their own
 * records as an adult, and a guardian of a child (rules about the viewer's basis left out).
 */
function explainFor(doc: VisibilityDocument, today: string) {
  const client = doc.clients[0]!;
  const guardian = '00000000-0000-4000-8000-00000000ffff';
  const self = explainVisibility({ person: client, subject: client }, doc, {
    today,
    relations: {
      persons: [{ key: client, birthDate: '1900-01-01' }],
      guardianships: [],
      guardianBars: [],
      mandates: [],
    },
  });
  const child = explainVisibility({ person: guardian, subject: client }, doc, {
    today,
    relations: {
      persons: [
        { key: client, birthDate: `${Number(today.slice(0, 4)) - 5}${today.slice(4)}` },
        { key: guardian, birthDate: '1900-01-01' },
      ],
      guardianships: [{ guardian, child: client, start: '1900-01-01' }],
      guardianBars: [],
      mandates: [],
    },
  });
  return { client: self, guardian: child };
}

async function viewOf(tx: Tx, s: CurrentState, today: string) {
  const doc = visibilityDocumentOf(s);
  const kind = hiddenKindOf(doc);
  const caseTypes = s.metadata.caseOid ? await caseDocumentTypes(tx, s.metadata.caseOid, s.setId) : [];
  return {
    setId: s.setId,
    version: s.version,
    omakanta: { ...s.metadata.omakanta },
    ...(kind ? { hiddenKind: { name: kind.name, rule: kind.rule, liftable: kind.liftable } } : {}),
    automaticallyHidden: isAutomaticallyHidden(doc),
    needs: needsVisibilityDecision(doc, {
      today,
      relations: await birthRelations(tx, s.metadata.clients),
      caseDocumentTypes: caseTypes,
    }),
    ...explainFor(doc, today),
  };
}

const INVALID: Record<string, string> = {
  reason_required: '/change/reasonText',
  reason_too_long: '/change/reasonText',
  delay_date_invalid: '/change/until',
  delay_not_future: '/change/until',
};
const FORBIDDEN = ['change_role', 'change_registrar', 'responsible_worker_required'];

/** A refused change, explained: the professional may read the document, so the rule reveals nothing. */
function refusal(d: Extract<VisibilityChangeDecision, { allowed: false }>): Refusal {
  const path = INVALID[d.rule];
  if (path) {
    return new Refusal(
      d.rule,
      d.reason,
      problem('unprocessable', d.reason, {
        rule: d.rule,
        errors: [{ path, code: d.rule, message: d.reason }],
      }),
    );
  }
  return new Refusal(
    d.rule,
    d.reason,
    problem(FORBIDDEN.includes(d.rule) ? 'forbidden' : 'conflict', d.reason, { rule: d.rule }),
  );
}

function changeReason(c: VisibilityChange): string {
  const text = 'reasonText' in c && c.reasonText ? `: ${c.reasonText.trim()}` : '';
  return `OmaKanta visibility ${c.kind}${c.kind === 'guardian' ? (c.shown ? ' shown' : ' hidden') : ''}${text}`;
}

// --- routes -------------------------------------------------------------------------------------

export function visibilityRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/documents/:setId/visibility',
    {
      schema: {
        tags: ['documents'],
        summary:
          'What the client and a guardian see of the document in OmaKanta, why, and what is still to decide',
        params: SetIdParams,
        response: { 200: VisibilityView, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      act(ctx, request, 'document.visibility.read', async (tx, note, actor) => {
        const current = await loadForAction(tx, actor, 'document.read', request.params.setId, note);
        return viewOf(tx, current, finnishDate(ctx.now()));
      }),
  );

  app.put(
    '/documents/:setId/visibility',
    {
      schema: {
        tags: ['documents'],
        summary: 'Change what the client sees of the document in OmaKanta (stored as its next version)',
        description:
          "Delay until a date, mark or remove special content (erityissisältö), mark a minor's document shown " +
          "to or hidden from the guardian (a producer's hiding waits for the organizer's responsible worker to " +
          'confirm), lift the automatic hiding of adoption counselling, or keep a flagged document shown. The ' +
          'content and rendering stay; the settings, who decided and why are the new version. Refusals name ' +
          'their rule (403 who may not, 409 the state does not allow, 422 invalid values); a document the ' +
          'professional may not change at all is the one 404.',
        params: SetIdParams,
        body: ChangeRequest,
        response: { 200: ChangeAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { version, change } = request.body;
      return act(ctx, request, 'document.visibility_change', async (tx, note, actor: Actor) => {
        const current = await loadForAction(tx, actor, 'document.correct', request.params.setId, note, true);
        refuseLegacyChange(current.metadata, 'visibility');
        if (current.version !== version) {
          throw new ProblemError(
            problem(
              'version-conflict',
              `Version ${current.version} is now current; decide on that version.`,
              {
                currentVersion: current.version,
                rule: 'version_conflict',
              },
            ),
          );
        }
        const today = finnishDate(ctx.now());
        if ('reasonCode' in change && change.reasonCode !== undefined) {
          const errors: ProblemFieldError[] = [];
          checkCode(
            ctx.codes,
            CODE_SYSTEM_OIDS.omaKantaRestrictionReason,
            change.reasonCode,
            '/change/reasonCode',
            today,
            errors,
          );
          if (errors.length > 0) throw unprocessable(errors);
        }
        const decision = decideVisibilityChange(actor, change, visibilityDocumentOf(current), {
          today,
          facts: await factsOf(tx, current.metadata.clients),
        });
        if (!decision.allowed) throw refusal(decision);
        note.rule = `${note.rule ?? ''}${note.rule ? ',' : ''}visibility_${change.kind}`;
        const previous = await getDocumentVersion(tx, current.setId, current.version);
        const definition = ctx.structures.get(current.metadata.structureOid);
        if (!previous || !definition) throw new Error(`document ${current.setId} cannot be read back`);
        const stored = await writeVersion(
          ctx,
          tx,
          actor,
          note,
          {
            setId: current.setId,
            version: current.version + 1,
            status: current.status,
            metadata: { ...current.metadata, omakanta: decision.settings },
            content: previous.content,
            definition,
            reason: changeReason(change),
          },
          previous.xhtml,
        );
        const next: CurrentState = {
          ...current,
          version: stored.version,
          versionOid: stored.versionOid,
          metadata: stored.metadata,
          recordedAt: stored.recordedAt,
        };
        return { ...(await viewOf(tx, next, today)), needsConfirmation: decision.needsConfirmation };
      });
    },
  );
}
