// The access-log queries on real PostgreSQL. Entries are planted with chosen times (the log's own
// writer stamps the clock), and the misuse aggregations are checked against a reference computed
// in TypeScript with the domain's `openingBasis` over the same random entries and relations.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  type CareRelationKind,
  CLIENT_LOOKUP_ACTIONS,
  CLIENT_READ_ACTIONS,
  CLIENT_WRITE_ACTIONS,
  daysBefore,
  type LoggedUsageRight,
  type LookupsRow,
  type OpeningsRow,
  openingBasis,
} from '@varanto/domain/access';
import {
  clientAccessLog,
  clientInRegistrarScope,
  openingsWithoutWorkRelation,
  repeatedClientLookups,
} from './audit-queries.ts';
import { insertDocumentVersion } from './documents.ts';
import { createPerson } from './persons.ts';
import { createOrganization, createServiceUnit } from './registry.ts';
import { metadata, newDocument } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

const ORG_A = '1.2.246.10.1111111';
const ORG_B = '1.2.246.10.2222222';
const UNIT_A = `${ORG_A}.10.1`;
const UNIT_A2 = `${ORG_A}.10.2`;
const UNIT_B = `${ORG_B}.10.1`;
const TEMP_SYSTEM = '1.2.246.10.1111111.99.1';

const HELSINKI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

interface Planted {
  at: string;
  actorId: string | null;
  login?: string;
  role?: string;
  organizationOid?: string;
  units?: string[];
  clientKey: string | null;
  action: string;
  outcome?: 'allowed' | 'denied' | 'error';
  purpose?: string;
  rule?: string;
  documents?: { setId: string; version: number }[];
  kind?: 'professional' | 'system';
}

interface Relation {
  clientKey: string;
  registrarOid: string;
  kind: CareRelationKind;
  professionalId?: string;
  serviceUnitOid?: string;
  start: string;
  end?: string;
  purpose?: string;
}

/** A register usage right of a service unit for a client (the organizer's clienthood, projected). */
interface Right extends LoggedUsageRight {
  registrarOid: string;
  holderOid: string;
  serviceTask?: string;
}

/** A tiny deterministic generator (mulberry32), so a failing case can be rerun. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const engine of await testEngines()) {
  describe(`access-log queries (${engine.name})`, () => {
    let t: TestStore;
    let seq = 1_000_000_000;

    /** Writes entries straight into the table, at chosen times (outside the hash chains). */
    async function plant(...entries: Planted[]): Promise<void> {
      const params: unknown[] = [];
      const rows = entries.map((e) => {
        seq++;
        const values = [
          seq,
          e.at,
          e.kind ?? 'professional',
          e.actorId,
          e.login ?? null,
          e.login ? `${e.login} Testinen` : null,
          e.organizationOid ?? null,
          e.units ?? null,
          e.role ?? null,
          e.clientKey,
          e.action,
          JSON.stringify(e.documents ?? []),
          e.outcome ?? 'allowed',
          e.rule ?? null,
          e.purpose ?? null,
        ];
        const first = params.length;
        params.push(...values);
        const $ = (i: number) => `$${first + i}`;
        return `(31, ${$(1)}::bigint, ${$(2)}::timestamptz, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}, ${$(7)}, ${$(8)}::text[],
                 ${$(9)}, true, ${$(10)}::uuid, ${$(11)}, ${$(12)}::jsonb, ${$(13)}, ${$(14)}, ${$(15)}, 'x', 'x')`;
      });
      await t.owner.pool.query(
        `INSERT INTO audit_entry (chain, seq, recorded_at, actor_kind, actor_id, actor_login, actor_name,
                                  organization_oid, service_unit_oids, role, strong_auth, client_key, action,
                                  documents, outcome, rule, purpose, prev_hash, hash)
         VALUES ${rows.join(', ')}`,
        params,
      );
    }

    async function relate(r: Relation): Promise<void> {
      await t.owner.pool.query(
        `INSERT INTO care_relation (client_key, registrar_oid, kind, professional_id, service_unit_oid, start_date,
                                    end_date, purpose)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          r.clientKey,
          r.registrarOid,
          r.kind,
          r.professionalId ?? null,
          r.serviceUnitOid ?? null,
          r.start,
          r.end ?? null,
          r.purpose ?? null,
        ],
      );
    }

    async function grant(u: Right): Promise<void> {
      await t.owner.pool.query(
        `INSERT INTO register_usage_right (client_key, clienthood_oid, registrar_oid, service_task, service_unit_oid,
                                           holder_organization_oid, social_services, start_date, end_date)
         VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $8)`,
        [
          u.clientKey,
          `${u.registrarOid}.99.${randomUUID()}`,
          u.registrarOid,
          u.serviceTask ?? '24',
          u.serviceUnitOid,
          u.holderOid,
          u.start,
          u.end ?? null,
        ],
      );
    }

    async function person(): Promise<string> {
      const p = await t.store.transaction((tx) =>
        createPerson(tx, {
          temporaryId: { system: TEMP_SYSTEM, value: randomUUID() },
          familyName: 'Testinen',
          givenNames: 'Testi',
          turvakielto: false,
        }),
      );
      return p.clientKey;
    }

    before(async () => {
      t = await createTestStore(engine);
      await t.store.transaction(async (tx) => {
        await createOrganization(tx, { oid: ORG_A, name: 'Hyvinvointialue A', kind: 'wellbeing_county' });
        await createOrganization(tx, { oid: ORG_B, name: 'Tuottaja B', kind: 'private_provider' });
        await createServiceUnit(tx, { oid: UNIT_A, organizationOid: ORG_A, nameFi: 'Perhekeskus' });
        await createServiceUnit(tx, { oid: UNIT_B, organizationOid: ORG_B, nameFi: 'Perhekoti' });
      });
    });
    after(() => t.close());

    describe('a client access log', () => {
      let client = '';
      let setId = '';
      const worker = randomUUID();
      const producer = randomUUID();
      const curious = randomUUID();

      before(async () => {
        client = await person();
        const doc = newDocument({
          metadata: metadata({
            clients: [client],
            registrarOid: ORG_A,
            registerId: `${ORG_A}.1`,
            organizationOid: ORG_A,
          }),
        });
        setId = doc.setId;
        await t.store.transaction((tx) => insertDocumentVersion(tx, doc));
        await relate({
          clientKey: client,
          registrarOid: ORG_A,
          kind: 'personal_worker',
          professionalId: worker,
          start: '2025-01-01',
        });
        await relate({
          clientKey: client,
          registrarOid: ORG_A,
          kind: 'recorded_reason',
          professionalId: curious,
          start: '2025-06-03',
          end: '2025-06-03',
          purpose: 'päivystyksen ensikontakti',
        });
        // The producer's unit holds a register usage right for the client from 5 June, and its
        // worker also recorded a first-contact reason that day: the log names the right.
        await grant({
          clientKey: client,
          registrarOid: ORG_A,
          holderOid: ORG_B,
          serviceUnitOid: UNIT_B,
          start: '2025-06-05',
        });
        await relate({
          clientKey: client,
          registrarOid: ORG_A,
          kind: 'recorded_reason',
          professionalId: producer,
          start: '2025-06-05',
          end: '2025-06-05',
          purpose: 'sijoituksen valmistelu',
        });
        const a = { organizationOid: ORG_A, units: [UNIT_A, UNIT_A2], role: 'social_worker' };
        await plant({
          ...a,
          at: '2025-06-01T08:00:00Z',
          actorId: worker,
          login: 'worker',
          clientKey: client,
          action: 'document.store',
          documents: [{ setId, version: 1 }],
        });
        await plant({
          ...a,
          at: '2025-06-02T08:00:00Z',
          actorId: worker,
          login: 'worker',
          clientKey: client,
          action: 'document.read',
          documents: [{ setId, version: 1 }],
          rule: 'role_regulation,care_relation',
        });
        await plant({
          ...a,
          at: '2025-06-03T09:00:00Z',
          actorId: curious,
          login: 'curious',
          clientKey: client,
          action: 'person.read',
        });
        // The producer's worker reads the organizer's document (a usage right): the organizer's log.
        await plant({
          organizationOid: ORG_B,
          units: [UNIT_B],
          role: 'social_worker',
          at: '2025-06-04T10:00:00Z',
          actorId: producer,
          login: 'producer',
          clientKey: client,
          action: 'document.read',
          documents: [{ setId, version: 1 }],
        });
        // …but a producer's read of nothing of the organizer's is the producer's own business.
        await plant({
          organizationOid: ORG_B,
          units: [UNIT_B],
          role: 'social_worker',
          at: '2025-06-05T10:00:00Z',
          actorId: producer,
          login: 'producer',
          clientKey: client,
          action: 'person.read',
        });
        await plant({
          kind: 'system',
          at: '2025-06-05T11:00:00Z',
          actorId: null,
          clientKey: client,
          action: 'person.create',
        });
        await plant({
          ...a,
          at: '2025-06-06T08:00:00Z',
          actorId: worker,
          login: 'worker',
          clientKey: client,
          action: 'document.search',
          outcome: 'denied',
          rule: 'strong_authentication',
        });
      });

      test('names who, where, when, what and why, newest first, within the registrar only', async () => {
        const page = await t.store.transaction((tx) =>
          clientAccessLog(tx, {
            clientKey: client,
            registrarOid: ORG_A,
            limit: 50,
            offset: 0,
            graceDays: 30,
          }),
        );
        assert.equal(page.total, 5);
        assert.deepEqual(
          page.items.map((e) => [e.at.slice(0, 10), e.actor.login, e.action, e.outcome]),
          [
            ['2025-06-06', 'worker', 'document.search', 'denied'],
            ['2025-06-04', 'producer', 'document.read', 'allowed'],
            ['2025-06-03', 'curious', 'person.read', 'allowed'],
            ['2025-06-02', 'worker', 'document.read', 'allowed'],
            ['2025-06-01', 'worker', 'document.store', 'allowed'],
          ],
        );
        const read = page.items[3]!;
        assert.deepEqual(read.organization, { oid: ORG_A, name: 'Hyvinvointialue A' });
        assert.deepEqual(read.serviceUnits, [{ oid: UNIT_A, name: 'Perhekeskus' }, { oid: UNIT_A2 }]);
        assert.deepEqual(read.documents, [{ setId, version: 1 }]);
        assert.equal(read.rule, 'role_regulation,care_relation');
        assert.deepEqual(read.careRelation, { kind: 'personal_worker' });
        assert.equal(read.actor.role, 'social_worker');
        assert.match(read.at, /^2025-06-02T08:00:00\.000000Z$/);
        assert.deepEqual(page.items[2]!.careRelation, {
          kind: 'recorded_reason',
          purpose: 'päivystyksen ensikontakti',
        });
        assert.equal(page.items[1]!.careRelation, undefined, 'the right had not started on 4 June');
        assert.equal(page.items[0]!.rule, 'strong_authentication');

        const b = await t.store.transaction((tx) =>
          clientAccessLog(tx, {
            clientKey: client,
            registrarOid: ORG_B,
            limit: 50,
            offset: 0,
            graceDays: 30,
          }),
        );
        assert.deepEqual(
          b.items.map((e) => [e.at.slice(0, 10), e.careRelation]),
          [
            ['2025-06-05', { kind: 'usage_right' }],
            ['2025-06-04', undefined],
          ],
          "the producer's own staff, including the read in the organizer's register; the usage right is " +
            'named before the recorded reason held the same day',
        );
      });

      test('pages, time ranges and actions filter the same count they page', async () => {
        const q = { clientKey: client, registrarOid: ORG_A, graceDays: 30 };
        const second = await t.store.transaction((tx) => clientAccessLog(tx, { ...q, limit: 2, offset: 2 }));
        assert.equal(second.total, 5);
        assert.deepEqual(
          second.items.map((e) => e.at.slice(0, 10)),
          ['2025-06-03', '2025-06-02'],
        );
        const ranged = await t.store.transaction((tx) =>
          clientAccessLog(tx, {
            ...q,
            from: '2025-06-02T00:00:00Z',
            to: '2025-06-04T10:00:00Z',
            limit: 50,
            offset: 0,
          }),
        );
        assert.equal(ranged.total, 2, 'from inclusive, to exclusive');
        const reads = await t.store.transaction((tx) =>
          clientAccessLog(tx, { ...q, actions: ['document.read'], limit: 50, offset: 0 }),
        );
        assert.deepEqual(
          reads.items.map((e) => e.actor.login),
          ['producer', 'worker'],
        );
        const none = await t.store.transaction((tx) =>
          clientAccessLog(tx, { ...q, clientKey: 'not-a-key', limit: 50, offset: 0 }),
        );
        assert.deepEqual(none, { items: [], total: 0 });
      });

      test("a client is the registrar's by a clienthood, a document or its staff's work; log reading does not count", async () => {
        const scope = (key: string, registrar: string) =>
          t.store.transaction((tx) => clientInRegistrarScope(tx, key, registrar));
        assert.equal(await scope(client, ORG_A), true);
        assert.equal(await scope(client, ORG_B), true, 'the producer staff read the person');
        const stranger = await person();
        assert.equal(await scope(stranger, ORG_A), false);
        await plant({
          organizationOid: ORG_A,
          units: [UNIT_A],
          role: 'data_protection_officer',
          at: '2025-06-07T08:00:00Z',
          actorId: randomUUID(),
          clientKey: stranger,
          action: 'audit_log.client',
          outcome: 'denied',
        });
        assert.equal(await scope(stranger, ORG_A), false, 'asking about the log brings no client into scope');
        await plant({
          organizationOid: ORG_A,
          units: [UNIT_A],
          role: 'social_worker',
          at: '2025-06-07T09:00:00Z',
          actorId: randomUUID(),
          clientKey: stranger,
          action: 'person.read',
        });
        assert.equal(await scope(stranger, ORG_A), true);
        // Recording a first-contact reason is the staff's work on the client too.
        const contacted = await person();
        await plant({
          organizationOid: ORG_A,
          units: [UNIT_A],
          role: 'social_worker',
          at: '2025-06-07T10:00:00Z',
          actorId: randomUUID(),
          clientKey: contacted,
          action: 'care_relation.record',
          purpose: 'ensikontakti',
        });
        assert.equal(await scope(contacted, ORG_A), true, 'a recorded first-contact reason');
        assert.equal(await scope(contacted, ORG_B), false);
        assert.equal(await scope(randomUUID(), ORG_A), false, 'no such person');
        assert.equal(await scope('x', ORG_A), false);
      });
    });

    describe("a producer's worker under a register usage right", () => {
      test('opening a client through a right of their unit in force that day is work; without one (or after its end: no grace) it is reported', async () => {
        const producerOrg = '1.2.246.10.4000001';
        const home = `${producerOrg}.10.1`;
        const worker = randomUUID();
        const clients: Record<
          'held' | 'lastDay' | 'dayBefore' | 'graced' | 'lapsed' | 'otherUnit' | 'none',
          string
        > = {
          held: await person(),
          lastDay: await person(),
          dayBefore: await person(),
          graced: await person(),
          lapsed: await person(),
          otherUnit: await person(),
          none: await person(),
        };
        const right = {
          registrarOid: ORG_A,
          holderOid: producerOrg,
          serviceUnitOid: home,
          start: '2025-05-01',
        };
        await grant({ ...right, clientKey: clients.held });
        // Opened on 2025-06-02 with a grace period of 10 days: a care relation ended on 2025-05-23
        // would still count, but the policy gives a right none, so only its own dates do.
        await grant({ ...right, clientKey: clients.lastDay, end: '2025-06-02' });
        await grant({ ...right, clientKey: clients.dayBefore, end: '2025-06-01' });
        await grant({ ...right, clientKey: clients.graced, end: '2025-05-23' });
        await grant({ ...right, clientKey: clients.lapsed, end: '2025-05-22' });
        await grant({ ...right, clientKey: clients.otherUnit, serviceUnitOid: `${producerOrg}.10.2` });
        for (const [name, clientKey] of Object.entries(clients)) {
          await plant({
            organizationOid: producerOrg,
            units: [home],
            role: 'social_instructor',
            at: '2025-06-02T09:00:00Z',
            actorId: worker,
            login: 'elina',
            clientKey,
            action: 'person.read',
          });
          await plant({
            organizationOid: producerOrg,
            units: [home],
            role: 'social_instructor',
            at: '2025-06-02T09:01:00Z',
            actorId: worker,
            login: 'elina',
            clientKey,
            action: 'document.search',
            ...(name === 'held' || name === 'lastDay'
              ? {}
              : { outcome: 'denied' as const, rule: 'care_relation' }),
          });
        }
        const rows = await t.store.transaction((tx) =>
          openingsWithoutWorkRelation(tx, {
            organizationOid: producerOrg,
            from: '2025-06-01T00:00:00Z',
            to: '2025-06-08T00:00:00Z',
            windowDays: 7,
            graceDays: 10,
          }),
        );
        assert.deepEqual(
          rows.map((x) => [
            x.user.login,
            x.clients,
            x.clientsWithoutWorkRelation,
            x.deniedOpenings,
            [...x.clientKeys].sort(),
          ]),
          [
            [
              'elina',
              7,
              5,
              5,
              [clients.dayBefore, clients.graced, clients.lapsed, clients.otherUnit, clients.none].sort(),
            ],
          ],
          "the right in force and one on its last day are work; one ended the day before or within what would be a care relation's grace period, one ended before the cutoff, another unit's and none are not",
        );
        const log = await t.store.transaction((tx) =>
          clientAccessLog(tx, {
            clientKey: clients.held,
            registrarOid: producerOrg,
            limit: 10,
            offset: 0,
            graceDays: 10,
          }),
        );
        assert.deepEqual(
          log.items.map((e) => [e.action, e.careRelation]),
          [
            ['document.search', { kind: 'usage_right' }],
            ['person.read', { kind: 'usage_right' }],
          ],
        );
        const none = await t.store.transaction((tx) =>
          clientAccessLog(tx, {
            clientKey: clients.none,
            registrarOid: producerOrg,
            limit: 10,
            offset: 0,
            graceDays: 10,
          }),
        );
        assert.deepEqual(
          none.items.map((e) => e.careRelation),
          [undefined, undefined],
        );
        for (const ended of [clients.dayBefore, clients.graced]) {
          const after = await t.store.transaction((tx) =>
            clientAccessLog(tx, {
              clientKey: ended,
              registrarOid: producerOrg,
              limit: 10,
              offset: 0,
              graceDays: 10,
            }),
          );
          assert.deepEqual(
            after.items.map((e) => e.careRelation),
            [undefined, undefined],
            'a right that ended before the day is not named, grace period or not',
          );
        }
        const last = await t.store.transaction((tx) =>
          clientAccessLog(tx, {
            clientKey: clients.lastDay,
            registrarOid: producerOrg,
            limit: 10,
            offset: 0,
            graceDays: 10,
          }),
        );
        assert.deepEqual(
          last.items.map((e) => e.careRelation),
          [{ kind: 'usage_right' }, { kind: 'usage_right' }],
          'its end date is its last day',
        );
      });
    });

    describe('misuse aggregations agree with the domain reference', () => {
      const GRACE = 10;
      const WINDOW = 7;

      /** A random organization's month: its staff, clients, relations and entries. */
      async function randomWorld(seed: number) {
        const r = rng(seed);
        const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
        const org = `1.2.246.10.${3_000_000 + seed}`;
        const units = [`${org}.10.1`, `${org}.10.2`];
        const staff = Array.from({ length: 5 }, (_, i) => ({
          id: randomUUID(),
          login: `u${seed}-${i}`,
          role: i === 4 ? 'archivist' : 'social_worker',
          units: i === 0 ? units : [pick(units)],
        }));
        const clients = Array.from({ length: 12 }, () => randomUUID());
        const relations: Relation[] = [];
        const day0 = Date.parse('2025-03-20T00:00:00Z');
        const dayOf = (n: number) => new Date(day0 + n * 86_400_000).toISOString().slice(0, 10);
        for (const c of clients) {
          for (let k = 0; k < 3; k++) {
            const kind = pick<CareRelationKind>(['case', 'personal_worker', 'recorded_reason']);
            const start = Math.floor(r() * 30);
            const ended =
              kind === 'recorded_reason' ? start : r() < 0.4 ? start + Math.floor(r() * 10) : undefined;
            relations.push({
              clientKey: c,
              registrarOid: org,
              kind,
              ...(kind === 'case' ? { serviceUnitOid: pick(units) } : { professionalId: pick(staff).id }),
              start: dayOf(start),
              ...(ended !== undefined ? { end: dayOf(ended) } : {}),
              ...(kind === 'recorded_reason' ? { purpose: 'ensikontakti' } : {}),
            });
          }
        }
        for (const rel of relations) await relate(rel);
        // Register usage rights of the organization's units (and of another organization's unit) for
        // clients of another organizer: the organization here is a producer too.
        const rights: Right[] = [];
        for (const c of clients) {
          if (r() < 0.4) continue;
          const start = Math.floor(r() * 30);
          const ended = r() < 0.5 ? start + Math.floor(r() * 15) : undefined;
          rights.push({
            clientKey: c,
            registrarOid: ORG_A,
            holderOid: org,
            serviceUnitOid: r() < 0.2 ? UNIT_B : pick(units),
            start: dayOf(start),
            ...(ended !== undefined ? { end: dayOf(ended) } : {}),
          });
        }
        for (const u of rights) await grant(u);
        const actions = [
          ...CLIENT_READ_ACTIONS,
          ...CLIENT_WRITE_ACTIONS,
          'audit_log.client',
          'organization.read',
        ];
        const from = '2025-04-01T00:00:00.000Z';
        const to = '2025-04-21T12:00:00.000Z';
        const span = Date.parse(to) - Date.parse(from);
        const entries: Planted[] = [];
        for (let n = 0; n < 400; n++) {
          const who = pick(staff);
          // A few entries just outside the period, and bursts of lookups seconds apart.
          const base = Date.parse(from) - 86_400_000 + Math.floor(r() * (span + 2 * 86_400_000));
          const burst = r() < 0.3 ? 3 : 1;
          const action = pick(actions);
          const clientKey = pick(clients);
          const outcome = pick(['allowed', 'allowed', 'allowed', 'denied', 'error'] as const);
          const purpose = who.role === 'archivist' && r() < 0.5 ? 'arkistointi' : undefined;
          for (let b = 0; b < burst; b++) {
            entries.push({
              at: new Date(base + b * (r() < 0.5 ? 20_000 : 40 * 60_000)).toISOString(),
              actorId: who.id,
              login: who.login,
              role: who.role,
              organizationOid: org,
              units: who.units,
              clientKey,
              action,
              outcome,
              ...(purpose !== undefined ? { purpose } : {}),
            });
          }
        }
        // Another organization's staff in the same period never enter this report.
        entries.push({ ...entries[0]!, organizationOid: ORG_B, actorId: randomUUID() });
        await plant(...entries);
        return { org, from, to, entries, relations, rights };
      }

      const inPeriod = (e: Planted, org: string, from: string, to: string) =>
        e.organizationOid === org &&
        e.at >= from &&
        e.at < to &&
        e.clientKey !== null &&
        e.outcome !== 'error';
      const windowOf = (at: string, from: string) =>
        Math.floor((Date.parse(at) - Date.parse(from)) / (WINDOW * 86_400_000));

      function referenceOpenings(w: Awaited<ReturnType<typeof randomWorld>>): OpeningsRow[] {
        const pairs = new Map<
          string,
          {
            actor: string;
            win: number;
            client: string;
            justified: boolean;
            declared: boolean;
            denied: number;
          }
        >();
        for (const e of w.entries) {
          if (
            !inPeriod(e, w.org, w.from, w.to) ||
            !(CLIENT_READ_ACTIONS as readonly string[]).includes(e.action)
          )
            continue;
          const day = HELSINKI.format(new Date(e.at));
          const basis = openingBasis(
            {
              clientKey: e.clientKey!,
              professionalId: e.actorId!,
              serviceUnitOids: e.units!,
              role: e.role!,
              ...(e.purpose ? { purpose: e.purpose } : {}),
              day,
            },
            w.relations,
            daysBefore(day, GRACE),
            w.rights,
          );
          const declared = openingBasis(
            {
              clientKey: e.clientKey!,
              professionalId: e.actorId!,
              serviceUnitOids: e.units!,
              role: 'social_worker',
              day,
            },
            w.relations.filter((r) => r.kind === 'recorded_reason'),
            daysBefore(day, GRACE),
          );
          const win = windowOf(e.at, w.from);
          const key = `${e.actorId}|${win}|${e.clientKey}`;
          const p = pairs.get(key) ?? {
            actor: e.actorId!,
            win,
            client: e.clientKey!,
            justified: false,
            declared: false,
            denied: 0,
          };
          p.justified ||= basis === 'work_relation' || basis === 'stated_purpose';
          p.declared ||= declared === 'recorded_reason';
          if (e.outcome === 'denied') p.denied++;
          pairs.set(key, p);
        }
        const rows = new Map<string, OpeningsRow & { keys: string[] }>();
        for (const p of pairs.values()) {
          const key = `${p.actor}|${p.win}`;
          const row = rows.get(key) ?? {
            user: { professionalId: p.actor },
            window: p.win,
            clients: 0,
            clientsWithoutWorkRelation: 0,
            clientsWithRecordedReasonOnly: 0,
            deniedOpenings: 0,
            clientKeys: [],
            keys: [],
          };
          rows.set(key, {
            ...row,
            clients: row.clients + 1,
            clientsWithoutWorkRelation: row.clientsWithoutWorkRelation + (p.justified ? 0 : 1),
            clientsWithRecordedReasonOnly:
              row.clientsWithRecordedReasonOnly + (!p.justified && p.declared ? 1 : 0),
            deniedOpenings: row.deniedOpenings + (p.justified ? 0 : p.denied),
            keys: p.justified ? row.keys : [...row.keys, p.client],
          });
        }
        return [...rows.values()]
          .filter((x) => x.clientsWithoutWorkRelation > 0)
          .map(({ keys, ...x }) => ({ ...x, clientKeys: keys.sort() }));
      }

      /** Openings in the period that only a usage right made work (so the worlds test the rights). */
      function openedThroughRightOnly(w: Awaited<ReturnType<typeof randomWorld>>): number {
        return w.entries.filter((e) => {
          if (
            !inPeriod(e, w.org, w.from, w.to) ||
            !(CLIENT_READ_ACTIONS as readonly string[]).includes(e.action)
          )
            return false;
          const day = HELSINKI.format(new Date(e.at));
          const o = {
            clientKey: e.clientKey!,
            professionalId: e.actorId!,
            serviceUnitOids: e.units!,
            role: e.role!,
            day,
          };
          return (
            openingBasis(o, w.relations, daysBefore(day, GRACE), w.rights) === 'work_relation' &&
            openingBasis(o, w.relations, daysBefore(day, GRACE)) !== 'work_relation'
          );
        }).length;
      }

      /**
       * Openings in the period after a right of the user's unit for the client ended but within what
       * would be a care relation's grace period, with no other work relation: the report must count
       * them as without one (a right has no grace), so the worlds test that boundary too.
       */
      function openedInRightsGraceOnly(w: Awaited<ReturnType<typeof randomWorld>>): number {
        return w.entries.filter((e) => {
          if (
            !inPeriod(e, w.org, w.from, w.to) ||
            !(CLIENT_READ_ACTIONS as readonly string[]).includes(e.action)
          )
            return false;
          const day = HELSINKI.format(new Date(e.at));
          const cutoff = daysBefore(day, GRACE);
          const o = {
            clientKey: e.clientKey!,
            professionalId: e.actorId!,
            serviceUnitOids: e.units!,
            role: e.role!,
            day,
          };
          const graced = w.rights.filter(
            (u) =>
              u.clientKey === o.clientKey &&
              o.serviceUnitOids.includes(u.serviceUnitOid) &&
              u.start <= day &&
              u.end !== undefined &&
              u.end < day &&
              u.end >= cutoff,
          );
          return graced.length > 0 && openingBasis(o, w.relations, cutoff, w.rights) !== 'work_relation';
        }).length;
      }

      function referenceLookups(
        w: Awaited<ReturnType<typeof randomWorld>>,
        gapMinutes: number,
        minLookups: number,
      ) {
        const groups = new Map<string, Planted[]>();
        for (const e of w.entries) {
          if (!inPeriod(e, w.org, w.from, w.to)) continue;
          if (![...CLIENT_READ_ACTIONS, ...CLIENT_WRITE_ACTIONS].includes(e.action as never)) continue;
          const key = `${e.actorId}|${windowOf(e.at, w.from)}|${e.clientKey}`;
          groups.set(key, [...(groups.get(key) ?? []), e]);
        }
        const rows: Omit<LookupsRow, 'firstAt' | 'lastAt'>[] = [];
        for (const [key, es] of groups) {
          const [actor, win, clientKey] = key.split('|');
          const isRead = (e: Planted) => (CLIENT_READ_ACTIONS as readonly string[]).includes(e.action);
          const times = es
            .filter((e) => (CLIENT_LOOKUP_ACTIONS as readonly string[]).includes(e.action))
            .map((e) => Date.parse(e.at))
            .sort((a, b) => a - b);
          const lookups = times.filter((x, i) => i === 0 || x - times[i - 1]! >= gapMinutes * 60_000).length;
          if (lookups < minLookups) continue;
          rows.push({
            user: { professionalId: actor! },
            window: Number(win),
            clientKey: clientKey!,
            lookups,
            reads: es.filter(isRead).length,
            writes: es.filter((e) => !isRead(e) && e.outcome === 'allowed').length,
            denied: es.filter((e) => isRead(e) && e.outcome === 'denied').length,
          });
        }
        return rows;
      }

      const sortKey = (x: { window: number; clientKey?: string; user: { professionalId: string } }) =>
        `${x.user.professionalId}|${x.window}|${x.clientKey ?? ''}`;

      test('(a) clients opened without a work relation, per user and window, for random worlds', async (t2) => {
        let compared = 0;
        let byRight = 0;
        let inRightsGrace = 0;
        for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
          const w = await randomWorld(seed);
          const got = await t.store.transaction((tx) =>
            openingsWithoutWorkRelation(tx, {
              organizationOid: w.org,
              from: w.from,
              to: w.to,
              windowDays: WINDOW,
              graceDays: GRACE,
            }),
          );
          const want = referenceOpenings(w);
          assert.ok(want.length >= 5, 'the world has something to find');
          assert.deepEqual(
            got
              .map(({ user, ...x }) => ({ ...x, user: { professionalId: user.professionalId } }))
              .sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
            want.sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
            `seed ${seed}`,
          );
          assert.ok(got.every((x) => x.user.login?.startsWith(`u${seed}-`)));
          compared += want.length;
          byRight += openedThroughRightOnly(w);
          inRightsGrace += openedInRightsGraceOnly(w);
        }
        assert.ok(compared > 40);
        assert.ok(byRight > 10, 'the worlds have openings only a usage right justifies');
        assert.ok(
          inRightsGrace > 3,
          "the worlds have openings after a right ended, within a care relation's grace",
        );
        t2.diagnostic(
          `openings: ${compared} user-windows compared over 8 random worlds; ${byRight} openings justified by a usage right only; ${inRightsGrace} after a right ended (no grace)`,
        );
      });

      test('(b) lookups of one client, merged by the gap, with reads and writes, for random worlds', async () => {
        for (const seed of [11, 12, 13, 14, 15, 16]) {
          const w = await randomWorld(seed);
          for (const [gap, min] of [
            [0, 2],
            [30, 2],
            [0, 4],
          ] as const) {
            const got = await t.store.transaction((tx) =>
              repeatedClientLookups(tx, {
                organizationOid: w.org,
                from: w.from,
                to: w.to,
                windowDays: WINDOW,
                graceDays: GRACE,
                gapMinutes: gap,
                minLookups: min,
              }),
            );
            const want = referenceLookups(w, gap, min);
            if (min === 2) assert.ok(want.length > 0, 'the world has something to find');
            assert.deepEqual(
              got
                .map(({ user, firstAt, lastAt, ...x }) => {
                  assert.ok(firstAt <= lastAt);
                  return { ...x, user: { professionalId: user.professionalId } };
                })
                .sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
              want.sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
              `seed ${seed}, gap ${gap}, min ${min}`,
            );
          }
        }
      });
    });
  });
}
