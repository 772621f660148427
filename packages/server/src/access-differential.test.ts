// The differential test of issue 4: for randomly generated worlds (organizations, units,
// professionals, clients, clienthoods with service tasks, cases with members, personal workers,
// recorded reasons, documents of one or two clients, invalidated versions) and every actor in
// them, the documents each HTTP read path returns equal the documents `decideAccess` allows one by
// one — no more, no less. Paths: the register-wide search with its paging totals, the per-client
// search, get, get version, list versions and the XHTML rendering.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type AccessAction,
  type ClientFacts,
  DEFAULT_REGULATION,
  decideAccess,
  type Target,
} from '@varanto/domain/access';
import type { Actor, DocumentGroup, Role } from '@varanto/domain/records';
import {
  createOrganization,
  createPerson,
  createProfessional,
  createServiceUnit,
  grantRight,
  insertDocumentVersion,
  loadClientFacts,
  recordCareReason,
  recordCase,
  recordClienthood,
  recordUsageRights,
  type UsageRightRow,
} from '@varanto/store';
import { metadata, newDocument, testOid } from '@varanto/store/test-fixtures';
import { testEngines } from '@varanto/store/testing';
import { type ApiClient, type RunningTestServer, startTestServer } from './testing.ts';

const TODAY = '2026-06-15';
const NOW = new Date(`${TODAY}T09:00:00Z`);
// Two counties and a private producer that works in both counties' registers through register
// usage rights (and keeps its own register for privately agreed services).
const ORGS = ['1.2.246.10.5555555', '1.2.246.10.6666666', '1.2.246.10.7777777'] as const;
const PRODUCER = ORGS[2];
const PRODUCER_UNITS = [`${PRODUCER}.10.1`, `${PRODUCER}.10.2`] as const;
const UNITS = [`${ORGS[0]}.10.1`, `${ORGS[0]}.10.2`, `${ORGS[1]}.10.1`, ...PRODUCER_UNITS] as const;
const TASKS = ['10', '24', '20'] as const;
const TYPES = ['19005', '19001', '11001', '15001', '4006'] as const;
const ROLES_IN_WORLD: Role[] = [
  'social_worker',
  'social_worker',
  'social_instructor',
  'practical_nurse',
  'office_worker',
  'archivist',
];
const PURPOSE = 'Arkistonmuodostus: säilytysaikojen tarkistus';

/** mulberry32: a small seeded generator, so a failing world can be rebuilt from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  const some = <T>(xs: readonly T[]): T[] => {
    const out = xs.filter(() => chance(0.5));
    return out.length > 0 ? out : [pick(xs)];
  };
  return { int, pick, chance, some };
}

function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface WorldDoc {
  setId: string;
  clients: string[];
  target: Target;
  versions: number;
}

interface World {
  actors: { actor: Actor; login: string }[];
  clients: string[];
  docs: WorldDoc[];
  facts: Map<string, ClientFacts>;
}

async function buildWorld(server: RunningTestServer, seed: number): Promise<World> {
  const r = rng(seed);
  const store = server.db.store;
  const actors: World['actors'] = [];
  const clients: string[] = [];
  const docs: WorldDoc[] = [];
  const rights: (UsageRightRow & { registrarOid: string })[] = [];
  await store.transaction(async (tx) => {
    for (const [i, oid] of ORGS.entries()) {
      await createOrganization(tx, {
        oid,
        name: `Organisaatio ${seed}-${i}`,
        kind: oid === PRODUCER ? 'private_provider' : 'wellbeing_county',
      });
    }
    for (const oid of UNITS) {
      await createServiceUnit(tx, {
        oid,
        organizationOid: oid.slice(0, oid.lastIndexOf('.10.')),
        nameFi: `Yksikkö ${oid}`,
      });
    }
    for (let i = 0; i < 18; i++) {
      const org = r.pick(ORGS);
      const login = `p${seed}-${i}`;
      const p = await createProfessional(tx, {
        login,
        givenNames: 'Testi',
        familyName: `Ammattilainen ${i}`,
      });
      const role = r.pick(ROLES_IN_WORLD);
      const units = r.some(UNITS.filter((u) => u.startsWith(`${org}.`)));
      const tasks = role === 'archivist' ? [] : r.some(TASKS);
      await grantRight(tx, {
        professionalId: p.id,
        organizationOid: org,
        serviceUnitOids: units,
        role,
        serviceTasks: tasks,
        validFrom: '2020-01-01',
        grantedBy: 'bootstrap',
      });
      actors.push({
        login,
        actor: {
          kind: 'professional',
          professionalId: p.id,
          login,
          name: `Testi Ammattilainen ${i}`,
          role,
          organizationOid: org,
          serviceUnitOids: units,
          serviceTasks: tasks,
          registrarOids: [org],
          strongAuth: true,
        },
      });
    }
    for (let i = 0; i < 24; i++) {
      clients.push(
        (await createPerson(tx, { familyName: `Asiakas${i}`, givenNames: 'Testi', turvakielto: false }))
          .clientKey,
      );
    }
    const staffOf = (org: string) => actors.filter((a) => a.actor.organizationOid === org);
    // Clienthoods: service tasks open, ended within the grace period, or ended long ago.
    const clienthoodOf = new Map<string, string>();
    for (const client of clients) {
      for (const org of ORGS) {
        if (!r.chance(0.6)) continue;
        const clienthoodOid = testOid();
        clienthoodOf.set(`${client} ${org}`, clienthoodOid);
        const started = shift(TODAY, -200 - r.int(400));
        const serviceTasks = r.some(TASKS).map((serviceTask) => {
          const end = r.pick([
            undefined,
            undefined,
            shift(TODAY, -10),
            shift(TODAY, -45),
            shift(TODAY, -300),
          ]);
          return { serviceTask, start: started, ...(end !== undefined && end > started ? { end } : {}) };
        });
        const worker = r.chance(0.5) ? r.pick(staffOf(org)) : undefined;
        await recordClienthood(
          tx,
          {
            clientKey: client,
            clienthoodOid,
            registrarOid: org,
            registerId: `${org}.reg`,
            setId: testOid(),
            version: 1,
            started,
            serviceTasks,
            ...(worker ? { personalWorkerId: worker.actor.professionalId } : {}),
          },
          { changedOn: started },
        );
      }
    }
    // Register usage rights of the producer's units on the counties' clienthoods: in force, opened
    // ahead, ending today, ended yesterday or long ago, in some service task.
    for (const [key, clienthoodOid] of clienthoodOf) {
      const [clientKey, registrarOid] = key.split(' ') as [string, string];
      if (registrarOid === PRODUCER || !r.chance(0.55)) continue;
      const rows = new Map<string, UsageRightRow>();
      for (let k = 0; k < 1 + r.int(2); k++) {
        const start = r.pick([shift(TODAY, -120), shift(TODAY, -5), TODAY, shift(TODAY, 3)]);
        const end = r.pick([
          undefined,
          undefined,
          TODAY,
          shift(TODAY, -1),
          shift(TODAY, 40),
          shift(TODAY, -60),
        ]);
        const row: UsageRightRow = {
          serviceTask: r.pick(TASKS),
          serviceUnitOid: r.pick(PRODUCER_UNITS),
          holderOrganizationOid: PRODUCER,
          socialServices: [],
          start,
          ...(end !== undefined && end >= start ? { end } : {}),
        };
        rows.set(`${row.serviceTask} ${row.serviceUnitOid} ${row.start}`, row);
      }
      rights.push(...[...rows.values()].map((x) => ({ ...x, registrarOid })));
      await recordUsageRights(tx, { clientKey, clienthoodOid, registrarOid }, [...rows.values()]);
    }
    // Cases held by a unit: members joined, some left, some cases ended.
    for (let i = 0; i < 18; i++) {
      const org = r.pick(ORGS);
      const members = [
        ...new Set([r.pick(clients), r.pick(clients), r.pick(clients)].slice(0, 1 + r.int(3))),
      ];
      const opened = shift(TODAY, -100 - r.int(300));
      const ended = r.pick([undefined, undefined, shift(TODAY, -20), shift(TODAY, -90)]);
      await recordCase(tx, {
        caseOid: testOid(),
        registrarOid: org,
        serviceTask: r.pick(TASKS),
        state: ended ? '3' : '1',
        opened,
        ...(ended ? { ended } : {}),
        shared: members.length > 1,
        members: members.map((clientKey) => {
          const left = r.chance(0.2) ? shift(TODAY, -r.int(80)) : undefined;
          return { clientKey, joinedAt: opened, ...(left ? { leftAt: left } : {}) };
        }),
        setId: testOid(),
        version: 1,
        serviceUnitOid: r.pick(UNITS.filter((u) => u.startsWith(`${org}.`))),
      });
    }
    // First-contact reasons: today, within the grace period, and long ago.
    for (let i = 0; i < 10; i++) {
      const a = r.pick(actors);
      await recordCareReason(tx, {
        clientKey: r.pick(clients),
        registrarOid: a.actor.organizationOid,
        professionalId: a.actor.professionalId,
        purpose: 'Ensikontakti',
        date: r.pick([TODAY, shift(TODAY, -12), shift(TODAY, -70)]),
      });
    }
    // Documents of one client, or of two (a shared matter).
    for (let i = 0; i < 220; i++) {
      const org = r.pick(ORGS);
      const first = r.pick(clients);
      const docClients = r.chance(0.2) ? [...new Set([first, r.pick(clients)])] : [first];
      const group = r.pick<DocumentGroup>(['5', '5', '5', '5', '1', '2']);
      const documentType = group === '1' ? '1505.1' : group === '2' ? '1505.2' : r.pick(TYPES);
      // A quarter of the counties' documents were written by the producer under a right.
      const author = org !== PRODUCER && r.chance(0.25) ? PRODUCER : org;
      const m = metadata({
        clients: docClients,
        registrarOid: org,
        registerId: `${org}.reg`,
        organizationOid: author,
        serviceUnitOid: r.pick(UNITS.filter((u) => u.startsWith(`${author}.`))),
        serviceTask: r.pick(TASKS),
        documentGroup: group,
        documentType,
        documentDate: shift(TODAY, -r.int(700)),
      });
      const doc = newDocument({
        metadata: m,
        xhtml: `<div xmlns="http://www.w3.org/1999/xhtml">Asiakirja ${i}</div>`,
      });
      await insertDocumentVersion(tx, doc);
      let versions = 1;
      let status: 'active' | 'invalidated' = 'active';
      if (r.chance(0.15)) {
        await insertDocumentVersion(tx, {
          ...doc,
          version: 2,
          versionOid: testOid(),
          status: 'invalidated',
          reason: 'Kirjattu väärälle asiakkaalle',
        });
        versions = 2;
        status = 'invalidated';
      }
      docs.push({
        setId: doc.setId,
        clients: docClients,
        versions,
        target: {
          registrarOid: m.registrarOid,
          serviceTask: m.serviceTask,
          documentType: m.documentType,
          documentGroup: m.documentGroup,
          organizationOid: m.organizationOid,
          serviceUnitOid: m.serviceUnitOid,
          status,
        },
      });
    }
  });
  // The registrar entitlement the server derives: the own register, and each organizer's register
  // in which the organization holds a right in force today (computed here from the rights drawn).
  for (const a of actors) {
    const org = a.actor.organizationOid;
    const entitled = new Set(
      rights
        .filter(
          (x) =>
            x.holderOrganizationOid === org && x.start <= TODAY && (x.end === undefined || x.end >= TODAY),
        )
        .map((x) => x.registrarOid),
    );
    a.actor = { ...a.actor, registrarOids: [org, ...[...entitled].sort()] };
  }
  const facts = new Map<string, ClientFacts>();
  await store.transaction(async (tx) => {
    for (const c of clients) facts.set(c, await loadClientFacts(tx, c));
  });
  return { actors, clients, docs, facts };
}

/** The one-by-one decision: allowed when the facts of any of the document's clients allow it. */
function allows(world: World, actor: Actor, action: AccessAction, d: WorldDoc): boolean {
  const ctx = {
    today: TODAY,
    regulation: DEFAULT_REGULATION,
    ...(actor.role === 'archivist' ? { purpose: PURPOSE } : {}),
  };
  return d.clients.some(
    (c) => decideAccess(actor, action, d.target, world.facts.get(c)!, ctx).effect === 'allow',
  );
}

interface Page {
  items: { setId: string }[];
  total: number;
}

const SEEDS = [11, 29];

for (const engine of await testEngines()) {
  describe(`access differential: HTTP read paths against decideAccess (${engine.name})`, () => {
    const runs: { server: RunningTestServer; world: World; seed: number }[] = [];

    before(async () => {
      for (const seed of SEEDS) {
        const server = await startTestServer(engine, {}, { now: () => NOW });
        servers.push(server);
        runs.push({ server, world: await buildWorld(server, seed), seed });
      }
    });
    // Closed even when building a world failed, or the run would hang on the open server.
    const servers: RunningTestServer[] = [];
    after(async () => {
      for (const s of servers) await s.close();
    });

    test('every actor, strong and weak login, every document: no more, no less', async (t) => {
      let checked = 0;
      let allowed = 0;
      const wrong: string[] = [];
      const expectSame = (what: string, got: boolean, want: boolean) => {
        checked++;
        if (want) allowed++;
        if (got !== want) wrong.push(`${what}: returned ${got}, decision ${want}`);
        if (got !== want && process.env.DIFF_DEBUG) {
          const [, , , , setId] = what.split(' ');
          const d = runs.flatMap((x) => x.world.docs).find((x) => what.includes(x.setId));
          console.error(
            what,
            setId,
            JSON.stringify(d),
            JSON.stringify(d?.clients.map((c) => runs[0]!.world.facts.get(c))),
          );
        }
      };
      for (const { server, world, seed } of runs) {
        const api: ApiClient = server.api;
        const r = rng(seed * 7);
        for (const { actor: strongActor, login } of world.actors) {
          for (const strong of [true, false]) {
            const actor: Actor = { ...strongActor, strongAuth: strong };
            const token = await api.login(login, strong ? 'certificate-card-demo' : 'password');
            const headers: Record<string, string> =
              actor.role === 'archivist' ? { 'x-purpose': PURPOSE } : {};
            const get = (path: string) => api.call<Page>('GET', path, { token, headers });
            const who = `seed ${seed} ${login} (${actor.role}, ${strong ? 'strong' : 'weak'})`;

            // Register-wide search, paged: the union of pages and every page's total.
            const expected = new Set(
              world.docs.filter((d) => allows(world, actor, 'document.search', d)).map((d) => d.setId),
            );
            const first = await get('/documents?includeInvalidated=true&limit=37&offset=0');
            if (first.status === 403) {
              // Refused as a whole (weak login, a role without reading): then nothing is allowed.
              for (const d of world.docs)
                expectSame(`${who} search ${d.setId}`, false, expected.has(d.setId));
            } else {
              assert.equal(first.status, 200, first.text);
              const seen = new Set<string>();
              let offset = 0;
              let page = first;
              for (;;) {
                if (page.body.total !== expected.size) {
                  wrong.push(
                    `${who}: total ${page.body.total} on the page at ${offset}, decisions allow ${expected.size}`,
                  );
                }
                for (const item of page.body.items) {
                  assert.ok(!seen.has(item.setId), `${who}: ${item.setId} on two pages`);
                  seen.add(item.setId);
                }
                offset += 37;
                if (offset >= page.body.total) break;
                page = await get(`/documents?includeInvalidated=true&limit=37&offset=${offset}`);
              }
              for (const d of world.docs)
                expectSame(`${who} search ${d.setId}`, seen.has(d.setId), expected.has(d.setId));
              // Per-client search: what concerns the client, judged the same way.
              for (const client of world.clients) {
                const res = await get(`/documents?client=${client}&includeInvalidated=true&limit=200`);
                assert.equal(res.status, 200, res.text);
                const got = new Set(res.body.items.map((i) => i.setId));
                const mine = world.docs.filter((d) => d.clients.includes(client));
                assert.equal(
                  res.body.total,
                  mine.filter((d) => expected.has(d.setId)).length,
                  `${who}: total for ${client}`,
                );
                for (const d of mine)
                  expectSame(
                    `${who} client search ${client} ${d.setId}`,
                    got.has(d.setId),
                    expected.has(d.setId),
                  );
                // The export: the same documents with content, decided as document.export.
                const exp = await api.call('GET', `/clients/${client}/export`, { token, headers });
                assert.equal(exp.status, 200, exp.text);
                const exported = new Set(
                  exp.text
                    .split('\n')
                    .filter((l) => l !== '')
                    .map((l) => (JSON.parse(l) as { setId: string }).setId),
                );
                for (const d of mine) {
                  expectSame(
                    `${who} export ${client} ${d.setId}`,
                    exported.has(d.setId),
                    allows(world, actor, 'document.export', d),
                  );
                }
              }
            }

            // Single-document paths on a sample: 200 exactly when allowed, else the one 404.
            for (let k = 0; k < 30; k++) {
              const d = r.pick(world.docs);
              const want = allows(world, actor, 'document.read', d);
              const paths: [string, AccessAction][] = [
                [`/documents/${d.setId}`, 'document.read'],
                [`/documents/${d.setId}/versions`, 'document.read'],
                [`/documents/${d.setId}/versions/${d.versions}`, 'document.read'],
                [`/documents/${d.setId}/xhtml`, 'document.render'],
              ];
              for (const [path, action] of paths) {
                const res = await get(path);
                assert.ok(
                  res.status === 200 || res.status === 404,
                  `${who} ${path}: ${res.status} ${res.text}`,
                );
                expectSame(`${who} ${path}`, res.status === 200, allows(world, actor, action, d) && want);
              }
            }
          }
        }
      }
      // The producer's staff must really reach counties' documents through rights, or the world
      // would test only their refusals.
      let producerAllowed = 0;
      for (const { world } of runs) {
        for (const { actor } of world.actors) {
          if (actor.organizationOid !== PRODUCER) continue;
          producerAllowed += world.docs.filter(
            (d) => d.target.registrarOid !== PRODUCER && allows(world, actor, 'document.read', d),
          ).length;
        }
      }
      t.diagnostic(
        `access differential: ${checked} path × actor × document cases checked (${allowed} allowed), ${wrong.length} disagreements; producer staff may read ${producerAllowed} counties' documents through register usage rights`,
      );
      assert.ok(producerAllowed > 5, `only ${producerAllowed} documents reached through rights`);
      assert.deepEqual(wrong.slice(0, 20), []);
      assert.ok(checked > 10_000, `only ${checked} cases`);
      assert.ok(allowed > 100, `only ${allowed} allowed cases: the world is too closed to test anything`);
    });
  });
}
