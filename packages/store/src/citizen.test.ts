// The citizen side of the store on real PostgreSQL: relations as versions, the visibility filter run
// against the real document tables (shared documents found through the client index), the client's
// access log with the facts its disclosure needs, error reports and contact details as versions.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { daysBefore, FALSE, TRUE } from '@varanto/domain/access';
import { neverShownPredicate } from '@varanto/domain/citizen';
import {
  DEFAULT_VISIBILITY_POLICY,
  decideActingOnBehalf,
  evaluateVisibility,
  MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS,
  type VisibilityContext,
  visibilityFilter,
} from '@varanto/domain/visibility';
import {
  DATES,
  documentFor,
  KINDS,
  P,
  RELATIONS,
  settingsGrid,
  VIEWERS,
} from '../../domain/src/visibility/test-fixtures.ts';
import { appendAudit } from './audit.ts';
import {
  countCitizenDocuments,
  getProfessionalContact,
  listCitizenDocuments,
  listPersonRelations,
  loadRelations,
  recordPersonRelation,
  recordProfessionalContact,
  relationSubjects,
} from './citizen.ts';
import { citizenAccessLog } from './citizen-log.ts';
import { insertDocumentVersion } from './documents.ts';
import {
  errorFlagHistory,
  fileErrorFlag,
  getErrorFlag,
  listCitizenErrorFlags,
  listUnitErrorFlags,
  recordErrorFlagStatus,
} from './error-flags.ts';
import { ConflictError } from './errors.ts';
import { createPerson } from './persons.ts';
import { createProfessional } from './registry.ts';
import { metadata, newDocument } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines, waitUntilBlocked } from './testing.ts';

const UNIT = '1.2.246.10.1111111.11.1';
const SHELTER_UNIT = '1.2.246.10.1111111.11.7';

for (const engine of await testEngines()) {
  describe(`citizen store (${engine.name})`, () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('relations are versions: an end, a revocation and a withdrawal each add one, the newest decides', async () => {
      const [mother, child, agent] = await t.store.transaction(async (tx) =>
        Promise.all(
          [
            ['Äiti', '1985-01-01'],
            ['Lapsi', '2016-04-01'],
            ['Asiamies', '1970-01-01'],
          ].map(
            async ([givenNames, birthDate]) =>
              (
                await createPerson(tx, {
                  givenNames: givenNames!,
                  familyName: 'Testi',
                  birthDate,
                  turvakielto: false,
                })
              ).clientKey,
          ),
        ),
      );
      const g = await t.store.transaction((tx) =>
        recordPersonRelation(tx, {
          clientKey: child!,
          kind: 'guardianship',
          holderKey: mother!,
          start: '2016-04-01',
          source: 'population_register',
          recordedBy: 'test',
        }),
      );
      assert.equal(g.version, 1);
      const bar = await t.store.transaction((tx) =>
        recordPersonRelation(tx, {
          clientKey: child!,
          kind: 'guardian_bar',
          holderKey: mother!,
          start: '2026-01-01',
          basis: 'child_welfare_restriction',
          source: 'child_welfare',
          recordedBy: 'test',
        }),
      );
      const today = '2026-03-01';
      const decide = async () =>
        decideActingOnBehalf(
          mother!,
          child!,
          await t.store.transaction((tx) => loadRelations(tx, mother!, [child!])),
          today,
        );
      assert.deepEqual(await decide(), {
        allowed: false,
        rule: 'guardian_barred',
        reason: "the guardian's access to the child's data is barred (e.g. a child welfare restriction)",
        reasonFi: 'Huoltajan pääsy lapsen tietoihin on estetty (esim. lastensuojelun rajoitus)',
      });
      // The bar ends: a new version, the first kept.
      const ended = await t.store.transaction((tx) =>
        recordPersonRelation(
          tx,
          { ...bar, end: '2026-02-28', reason: 'rajoitus päättyi', recordedBy: 'test' },
          bar.relationId,
        ),
      );
      assert.equal(ended.version, 2);
      assert.equal((await decide()).allowed, true);
      // A guardianship recorded in error is withdrawn: it no longer opens anything.
      await t.store.transaction((tx) =>
        recordPersonRelation(tx, { ...g, cancelled: true, recordedBy: 'test' }, g.relationId),
      );
      assert.deepEqual(
        [(await decide()).allowed, ((await decide()) as { rule?: string }).rule],
        [false, 'not_guardian'],
      );
      const mandate = await t.store.transaction((tx) =>
        recordPersonRelation(tx, {
          clientKey: mother!,
          kind: 'mandate',
          holderKey: agent!,
          start: '2026-01-01',
          scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
          source: 'mandate_register',
          recordedBy: 'test',
        }),
      );
      const rel = await t.store.transaction((tx) => loadRelations(tx, agent!, [mother!]));
      assert.deepEqual(rel.mandates, [
        { principal: mother, agent, scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS], start: '2026-01-01' },
      ]);
      assert.equal(decideActingOnBehalf(agent!, mother!, rel, today).allowed, true);
      assert.deepEqual(await t.store.transaction((tx) => relationSubjects(tx, agent!)), [mother]);
      // The withdrawn guardianship is no candidate; the bar still names the child.
      assert.deepEqual(await t.store.transaction((tx) => relationSubjects(tx, mother!)), [child]);
      const listed = await t.store.transaction((tx) => listPersonRelations(tx, { clientKey: child! }));
      assert.deepEqual(
        listed.map((r) => [r.kind, r.version, r.cancelled ?? false]),
        [
          ['guardian_bar', 2, false],
          ['guardianship', 2, true],
        ],
      );
      // Two writers of the same next version: the second waits for the first and then loses.
      const c1 = await t.store.pool.connect();
      const c2 = await t.store.pool.connect();
      try {
        await c1.query('BEGIN');
        await c2.query('BEGIN');
        const revoke = { ...mandate, revokedOn: '2026-02-01', recordedBy: 'test' };
        assert.equal((await recordPersonRelation(c1, revoke, mandate.relationId)).version, 2);
        const pid2 = (await c2.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        // The expectation is attached at once: the rejection can arrive while COMMIT is awaited.
        const secondLoses = assert.rejects(
          recordPersonRelation(c2, revoke, mandate.relationId),
          ConflictError,
        );
        // Commit the first only once the second is waiting on its row: a timer raced under load
        // (the second's statement could start after the commit and see version 2).
        await waitUntilBlocked(t.owner.pool, pid2);
        await c1.query('COMMIT');
        await secondLoses;
        await c2.query('ROLLBACK');
      } finally {
        c1.release();
        c2.release();
      }
      await assert.rejects(
        t.owner.transaction((tx) => tx.query('UPDATE person_relation SET source = $1', ['edited'])),
        /append-only/,
      );
    });

    test('contact details are versions; the newest is shown', async () => {
      const p = await t.store.transaction((tx) =>
        createProfessional(tx, { login: `c${randomUUID()}`, givenNames: 'Leena', familyName: 'Laine' }),
      );
      await t.store.transaction((tx) =>
        recordProfessionalContact(tx, { professionalId: p.id, phone: '029 123 4567', recordedBy: 'admin' }),
      );
      const v2 = await t.store.transaction((tx) =>
        recordProfessionalContact(tx, {
          professionalId: p.id,
          phone: '029 123 4568',
          email: 'leena.laine@example.fi',
          recordedBy: 'admin',
        }),
      );
      assert.equal(v2.version, 2);
      const got = await t.store.transaction((tx) => getProfessionalContact(tx, p.id));
      assert.deepEqual([got?.version, got?.phone, got?.email], [2, '029 123 4568', 'leena.laine@example.fi']);
      assert.equal(await t.store.transaction((tx) => getProfessionalContact(tx, randomUUID())), undefined);
    });

    test('lists and counts return exactly what the decision shows, over the real tables (matrix documents)', async () => {
      const subjects = [P.child10, P.adult];
      const settings = [...settingsGrid()];
      const docs = new Map<string, ReturnType<typeof documentFor>>();
      await t.store.transaction(async (tx) => {
        for (const subject of subjects)
          for (const kind of KINDS)
            for (const s of settings) {
              const vd = documentFor(kind, subject, s);
              const d = newDocument({
                metadata: metadata({
                  clients: [...vd.clients],
                  documentType: vd.documentType,
                  documentGroup: vd.documentGroup as '5',
                  omakanta: vd.omakanta,
                  serviceTask: kind.type.startsWith('9') ? '24' : '2',
                }),
                status: vd.status,
              });
              await insertDocumentVersion(tx, d);
              docs.set(d.setId, vd);
            }
      });
      let cases = 0;
      let wrongfulShows = 0;
      let wrongfulHides = 0;
      for (const today of DATES) {
        const ctx: VisibilityContext = { today, relations: RELATIONS };
        for (const v of VIEWERS.filter((x) => subjects.includes(x.viewer.subject as never))) {
          const filter = visibilityFilter(v.viewer, ctx);
          const expected = new Set(
            [...docs].filter(([, d]) => evaluateVisibility(filter, d)).map(([setId]) => setId),
          );
          const page = await t.store.transaction((tx) =>
            listCitizenDocuments(tx, { subject: v.viewer.subject, filter, limit: 1000, offset: 0 }),
          );
          const rest = await t.store.transaction((tx) =>
            listCitizenDocuments(tx, { subject: v.viewer.subject, filter, limit: 1000, offset: 1000 }),
          );
          const got = new Set([...page.items, ...rest.items].map((d) => d.setId));
          for (const setId of docs.keys()) {
            const shouldShow = expected.has(setId) && docs.get(setId)!.clients.includes(v.viewer.subject);
            if (got.has(setId) && !shouldShow) wrongfulShows++;
            if (!got.has(setId) && shouldShow) wrongfulHides++;
            cases++;
          }
          assert.equal(page.total, got.size, `${v.name} ${today} total`);
          assert.equal(rest.total, got.size, `${v.name} ${today} total past the end`);
          const counts = await t.store.transaction((tx) =>
            countCitizenDocuments(tx, v.viewer.subject, filter),
          );
          assert.equal(counts.total, got.size);
          assert.equal(
            counts.byServiceTask.reduce((n, x) => n + x.count, 0),
            got.size,
          );
        }
      }
      console.log(
        `# citizen store lists: ${cases} cases, ${wrongfulShows} wrongful shows, ${wrongfulHides} wrongful hides`,
      );
      assert.equal(wrongfulShows, 0);
      assert.equal(wrongfulHides, 0);
      assert.ok(cases > 50_000);
    });

    test('the log names only documents the viewer may see, and knows whose unit did never-shown work', async () => {
      const subject = randomUUID();
      const other = randomUUID();
      const shown = newDocument({ metadata: metadata({ clients: [subject], documentType: '11003' }) });
      const shelter = newDocument({
        metadata: metadata({ clients: [subject, other], documentType: '1011', serviceUnitOid: SHELTER_UNIT }),
      });
      const notForGuardian = newDocument({
        metadata: metadata({
          clients: [subject],
          documentType: '11003',
          omakanta: { shownToGuardian: false },
        }),
      });
      await t.store.transaction(async (tx) => {
        for (const d of [shown, shelter, notForGuardian]) await insertDocumentVersion(tx, d);
        const worker = (unit: string) => ({
          kind: 'professional' as const,
          professionalId: randomUUID(),
          login: 'w',
          name: 'Työntekijä',
          role: 'social_worker' as const,
          organizationOid: '1.2.246.10.1111111',
          serviceUnitOids: [unit],
          serviceTasks: [],
          registrarOids: [],
          strongAuth: true,
        });
        await appendAudit(tx, {
          actor: worker(UNIT),
          action: 'document.read',
          clientKey: subject,
          documents: [
            { setId: shown.setId, version: 1 },
            { setId: notForGuardian.setId, version: 1 },
          ],
          outcome: 'allowed',
          purpose: 'asiakastyö',
        });
        await appendAudit(tx, {
          actor: worker(SHELTER_UNIT),
          action: 'person.read',
          clientKey: subject,
          outcome: 'allowed',
        });
        await appendAudit(tx, {
          actor: { kind: 'citizen', personKey: other, name: 'Toinen', strongAuth: true },
          action: 'citizen.document.read',
          clientKey: subject,
          documents: [{ setId: 'no-such-document', version: 1 }],
          outcome: 'denied',
          rule: 'not_found',
        });
      });
      const today = '2026-03-01';
      const rel = {
        persons: [
          { key: subject, birthDate: '2016-04-01' },
          { key: other, birthDate: '1980-01-01' },
        ],
        guardianships: [{ guardian: other, child: subject, start: '2016-04-01' }],
        guardianBars: [],
        mandates: [],
      };
      const guardianView = visibilityFilter({ person: other, subject }, { today, relations: rel });
      const log = await t.store.transaction((tx) =>
        citizenAccessLog(tx, {
          subject,
          visible: guardianView,
          neverShown: neverShownPredicate(DEFAULT_VISIBILITY_POLICY),
          limit: 10,
          offset: 0,
          graceDays: 30,
        }),
      );
      assert.equal(log.total, 3);
      const [citizenRead, shelterRead, read] = log.items;
      assert.deepEqual(
        [citizenRead!.actorKind, citizenRead!.actorId, citizenRead!.hiddenDocuments],
        ['citizen', other, 1],
      );
      assert.deepEqual([shelterRead!.actorDidNeverShownWork, shelterRead!.hiddenDocuments], [true, 0]);
      // The guardian sees no document at all (none is marked shown to the guardian).
      assert.deepEqual(
        [read!.shownDocuments, read!.hiddenDocuments, read!.actorDidNeverShownWork],
        [[], 2, false],
      );
      const asChild = visibilityFilter(
        { person: subject, subject },
        { today: '2032-01-01', relations: { ...rel, persons: [{ key: subject, birthDate: '2016-04-01' }] } },
      );
      const selfLog = await t.store.transaction((tx) =>
        citizenAccessLog(tx, {
          subject,
          visible: asChild,
          neverShown: neverShownPredicate(),
          actorKinds: ['professional'],
          limit: 1,
          offset: 1,
          graceDays: 30,
        }),
      );
      assert.equal(selfLog.total, 2);
      assert.deepEqual(
        selfLog.items[0]!.shownDocuments.map((d) => [d.setId, d.documentType]),
        [
          [shown.setId, '11003'],
          [notForGuardian.setId, '11003'],
        ],
      );
      assert.equal(selfLog.items[0]!.purpose, 'asiakastyö');
    });

    test("the log names the relation held that day: a producer's register usage right within its dates (no grace), a care relation within the grace period", async () => {
      const subject = randomUUID();
      const COUNTY = '1.2.246.10.1111111';
      const PRODUCER = '1.2.246.10.8888881';
      // One producer's worker per unit, each unit with its own right for the subject; a county
      // worker with a case ended yesterday (within the grace period) for contrast.
      const units = {
        held: `${PRODUCER}.10.1`,
        lastDay: `${PRODUCER}.10.2`,
        endedYesterday: `${PRODUCER}.10.3`,
        notYet: `${PRODUCER}.10.4`,
        none: `${PRODUCER}.10.5`,
        withCase: `${PRODUCER}.10.6`,
        county: `${COUNTY}.10.1`,
      } as const;
      const actors = Object.fromEntries(Object.keys(units).map((k) => [k, randomUUID()])) as Record<
        keyof typeof units,
        string
      >;
      await t.store.transaction(async (tx) => {
        for (const [name, unit] of Object.entries(units) as [keyof typeof units, string][]) {
          await appendAudit(tx, {
            actor: {
              kind: 'professional',
              professionalId: actors[name],
              login: name,
              name,
              role: 'social_instructor',
              organizationOid: name === 'county' ? COUNTY : PRODUCER,
              serviceUnitOids: [unit],
              serviceTasks: ['24'],
              registrarOids: [COUNTY],
              strongAuth: true,
            },
            action: 'person.read',
            clientKey: subject,
            outcome: 'allowed',
          });
        }
      });
      const read = () =>
        t.store.transaction((tx) =>
          citizenAccessLog(tx, {
            subject,
            visible: { op: 'const', value: true },
            neverShown: { op: 'const', value: false },
            limit: 20,
            offset: 0,
            graceDays: 30,
          }),
        );
      const before = await read();
      assert.equal(before.total, 7);
      // The relations are dated from the Finnish day the entries were recorded on.
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(
        new Date(before.items[0]!.at),
      );
      const yesterday = daysBefore(today, 1);
      const right = (unit: string, start: string, end: string | null) =>
        t.owner.pool.query(
          `INSERT INTO register_usage_right (client_key, clienthood_oid, registrar_oid, service_task, service_unit_oid,
                                             holder_organization_oid, social_services, start_date, end_date)
           VALUES ($1, $2, $3, '24', $4, $5, '{}', $6, $7)`,
          [subject, `${COUNTY}.99.${randomUUID()}`, COUNTY, unit, PRODUCER, start, end],
        );
      await right(units.held, '2020-01-01', null);
      await right(units.lastDay, '2020-01-01', today);
      await right(units.endedYesterday, '2020-01-01', yesterday);
      await right(units.notYet, daysBefore(today, -1), null);
      await right(units.withCase, '2020-01-01', null);
      const relate = (unit: string, end: string | null, purpose: string | null) =>
        t.owner.pool.query(
          `INSERT INTO care_relation (client_key, registrar_oid, kind, service_unit_oid, start_date, end_date, purpose)
           VALUES ($1, $2, 'case', $3, '2020-01-01', $4, $5)`,
          [subject, COUNTY, unit, end, purpose],
        );
      await relate(units.withCase, null, null);
      await relate(units.county, yesterday, null);
      const log = await read();
      const byActor = new Map(log.items.map((e) => [e.actorId, e.careRelation]));
      assert.deepEqual(
        Object.fromEntries(Object.entries(actors).map(([name, id]) => [name, byActor.get(id)])),
        {
          held: { kind: 'usage_right' },
          lastDay: { kind: 'usage_right' },
          endedYesterday: undefined,
          notYet: undefined,
          none: undefined,
          withCase: { kind: 'case' },
          county: { kind: 'case' },
        },
        "a right counts on its own days only (the policy's register_usage_right has no grace); a case is named before a right; a care relation keeps its grace period",
      );
    });

    test('error reports: versions per step, routed by unit, filtered by access and by visibility', async () => {
      const subject = randomUUID();
      const doc = newDocument({ metadata: metadata({ clients: [subject], documentType: '11003' }) });
      const hidden = newDocument({
        metadata: metadata({ clients: [subject], documentType: '11003', omakanta: { specialContent: true } }),
      });
      await t.store.transaction(async (tx) => {
        await insertDocumentVersion(tx, doc);
        await insertDocumentVersion(tx, hidden);
      });
      const flag = await t.store.transaction((tx) =>
        fileErrorFlag(tx, {
          clientKey: subject,
          setId: doc.setId,
          documentVersion: 1,
          registrarOid: doc.metadata.registrarOid,
          serviceUnitOid: doc.metadata.serviceUnitOid,
          description: 'Osoitteeni on väärin.',
          flaggedBy: subject,
          flaggedBasis: 'self',
          recordedBy: `citizen:${subject}`,
        }),
      );
      await t.store.transaction((tx) =>
        fileErrorFlag(tx, {
          clientKey: subject,
          setId: hidden.setId,
          documentVersion: 1,
          registrarOid: hidden.metadata.registrarOid,
          serviceUnitOid: hidden.metadata.serviceUnitOid,
          description: 'Tämä ei näy minulle enää.',
          flaggedBy: subject,
          flaggedBasis: 'self',
          recordedBy: `citizen:${subject}`,
        }),
      );
      assert.equal(flag.status, 'open');
      const step = await t.store.transaction((tx) =>
        recordErrorFlagStatus(tx, flag, { status: 'in_progress', recordedBy: 'worker' }),
      );
      const done = await t.store.transaction((tx) =>
        recordErrorFlagStatus(tx, step, {
          status: 'rejected',
          response: 'Osoite on väestötietojärjestelmän mukainen.',
          recordedBy: 'worker',
        }),
      );
      assert.deepEqual([done.version, done.status, done.flaggedAt], [3, 'rejected', flag.flaggedAt]);
      // A change decided on an old version loses.
      await assert.rejects(
        t.store.transaction((tx) =>
          recordErrorFlagStatus(tx, step, { status: 'open', recordedBy: 'worker' }),
        ),
        ConflictError,
      );
      assert.deepEqual((await t.store.transaction((tx) => getErrorFlag(tx, flag.flagId)))?.version, 3);
      assert.deepEqual(
        (await t.store.transaction((tx) => errorFlagHistory(tx, flag.flagId))).map((f) => f.status),
        ['open', 'in_progress', 'rejected'],
      );
      const self = visibilityFilter(
        { person: subject, subject },
        {
          today: '2026-01-01',
          relations: {
            persons: [{ key: subject, birthDate: '1980-01-01' }],
            guardianships: [],
            guardianBars: [],
            mandates: [],
          },
        },
      );
      const mine = await t.store.transaction((tx) => listCitizenErrorFlags(tx, subject, self));
      assert.deepEqual(
        mine.map((f) => f.flagId),
        [flag.flagId],
        'the report on a document now marked special content is not shown',
      );
      const unit = (access: typeof TRUE, statuses?: ('open' | 'rejected')[]) =>
        t.store.transaction((tx) =>
          listUnitErrorFlags(tx, {
            unitOids: [doc.metadata.serviceUnitOid],
            access,
            ...(statuses ? { statuses } : {}),
            limit: 100,
          }),
        );
      assert.equal((await unit(TRUE)).filter((f) => f.clientKey === subject).length, 2);
      assert.equal(
        (await unit(FALSE)).length,
        0,
        'a worker who may not read the document does not see the report',
      );
      assert.deepEqual(
        (await unit(TRUE, ['rejected'])).filter((f) => f.clientKey === subject).map((f) => f.flagId),
        [flag.flagId],
      );
    });
  });
}
