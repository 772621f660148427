// The visibility matrix over HTTP: the domain's fixtures (document kinds × visibility settings ×
// viewers × dates, visibility/test-fixtures.ts) become real persons, relations, documents and log
// entries, and every citizen path — list, counts, read, render and the access log — is asked what
// each viewer sees on each date (the server's clock is the test's). Every answer is compared with
// `decideVisibility`, itself checked against a hand-written oracle in the domain's matrix test.
// A wrongful show is any document a path identifies that the decision hides.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  decideVisibility,
  type VisibilityContext,
  type VisibilityDocument,
} from '@varanto/domain/visibility';
import {
  type AuditEntryInput,
  appendAuditBatch,
  createPerson,
  insertDocumentVersion,
  listAudit,
  recordPersonRelation,
} from '@varanto/store';
import { metadata, newDocument, professionalActor } from '@varanto/store/test-fixtures';
import { testEngines } from '@varanto/store/testing';
import {
  DATES,
  documentFor,
  KINDS,
  P,
  RELATIONS,
  settingsGrid,
  VIEWERS,
} from '../../domain/src/visibility/test-fixtures.ts';
import { hetu, type RunningTestServer, startTestServer } from './testing.ts';

type FixtureKey = (typeof P)[keyof typeof P];

interface Doc {
  setId: string;
  /** The document as the fixtures describe it (fixture person keys): what decideVisibility judges. */
  fixture: VisibilityDocument;
  subject: FixtureKey;
}

interface LogPage {
  total: number;
  items: {
    at: string;
    actor?: unknown;
    documents: { setId: string }[];
    withheldDocuments: number;
    withheld?: { rule: string };
  }[];
}

/** Reads of single documents: each document by one viewer-date in READ_SPREAD (all over the matrix). */
const READ_SPREAD = 12;
/** Documents read per viewer-date without a basis (each is refused whatever the document). */
const REFUSED_SAMPLE = 20;

async function pool<T>(items: readonly T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

for (const engine of await testEngines()) {
  describe(`visibility matrix over the citizen paths (${engine.name})`, () => {
    let server: RunningTestServer;
    let now = new Date(`${DATES[0]}T09:00:00Z`);
    const real = new Map<string, string>();
    const tokens = new Map<string, string>();
    const docs: Doc[] = [];
    let logUntil = '';

    before(async () => {
      server = await startTestServer(engine, { sessionTtlSeconds: 3 * 365 * 86_400 }, { now: () => now });
      const db = server.db.store;
      const births = new Map(RELATIONS.persons.map((p) => [p.key, p.birthDate!]));
      await db.transaction(async (tx) => {
        let n = 900;
        for (const [name, key] of Object.entries(P)) {
          const birthDate = births.get(key)!;
          const person = await createPerson(tx, {
            hetu: hetu(birthDate, n++),
            familyName: 'Matriisi',
            givenNames: name,
            birthDate,
            turvakielto: false,
          });
          real.set(key, person.clientKey);
        }
        const k = (x: string) => real.get(x)!;
        for (const g of RELATIONS.guardianships) {
          await recordPersonRelation(tx, {
            clientKey: k(g.child),
            kind: 'guardianship',
            holderKey: k(g.guardian),
            start: g.start,
            ...(g.end ? { end: g.end } : {}),
            source: 'test',
            recordedBy: 'test',
          });
        }
        for (const b of RELATIONS.guardianBars) {
          await recordPersonRelation(tx, {
            clientKey: k(b.child),
            kind: 'guardian_bar',
            holderKey: k(b.guardian),
            start: b.start,
            ...(b.end ? { end: b.end } : {}),
            basis: b.basis,
            source: 'test',
            recordedBy: 'test',
          });
        }
        for (const m of RELATIONS.mandates) {
          await recordPersonRelation(tx, {
            clientKey: k(m.principal),
            kind: 'mandate',
            holderKey: k(m.agent),
            start: m.start,
            ...(m.end ? { end: m.end } : {}),
            ...(m.revokedOn ? { revokedOn: m.revokedOn } : {}),
            scopes: m.scopes,
            source: 'test',
            recordedBy: 'test',
          });
        }
      });
      const subjects = [...new Set(VIEWERS.map((v) => v.viewer.subject as FixtureKey))];
      const settings = [...settingsGrid()];
      for (const subject of subjects) {
        await db.transaction(async (tx) => {
          const entries: AuditEntryInput[] = [];
          const actor = professionalActor();
          let group: { setId: string; version: number }[] = [];
          for (const kind of KINDS) {
            for (const s of settings) {
              const fixture = documentFor(kind, subject, s);
              const d = newDocument({
                metadata: metadata({
                  clients: fixture.clients.map((c) => real.get(c)!),
                  documentType: fixture.documentType,
                  documentGroup: fixture.documentGroup as '5',
                  omakanta: fixture.omakanta,
                }),
                status: fixture.status,
              });
              await insertDocumentVersion(tx, d);
              docs.push({ setId: d.setId, fixture, subject });
              // A professional's read of each document, and searches naming five at a time.
              entries.push({
                actor,
                action: 'document.read',
                clientKey: real.get(subject)!,
                documents: [{ setId: d.setId, version: 1 }],
                outcome: 'allowed',
                purpose: `read ${kind.name}`,
              });
              group.push({ setId: d.setId, version: 1 });
              if (group.length === 5) {
                entries.push({
                  actor,
                  action: 'document.search',
                  clientKey: real.get(subject)!,
                  documents: group,
                  outcome: 'allowed',
                });
                group = [];
              }
            }
          }
          await appendAuditBatch(tx, entries);
        });
      }
      // Entries after this instant are the matrix's own reads: the log is checked up to it, so that
      // pages stay stable while the test itself adds entries.
      logUntil = (
        await db.pool.query<{ t: string }>(
          `SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
        )
      ).rows[0]!.t;
      await new Promise((r) => setTimeout(r, 5));
      for (const key of new Set(VIEWERS.map((v) => v.viewer.person))) {
        const person = RELATIONS.persons.find((p) => p.key === key)!;
        const n = Object.values(P).indexOf(key as FixtureKey);
        const r = await server.api.post<{ token: string }>('/citizen/auth/login', undefined, {
          hetu: hetu(person.birthDate!, 900 + n),
        });
        assert.equal(r.status, 200, r.text);
        tokens.set(key, r.body.token);
      }
    });
    after(() => server.close());

    test('every citizen path agrees with decideVisibility: 0 wrongful shows', async () => {
      const inject = async (url: string, token: string) => {
        const r = await server.app.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${token}` },
        });
        return { status: r.statusCode, body: r.body, json: () => r.json() as unknown };
      };
      const count = { list: 0, counts: 0, read: 0, render: 0, log: 0 };
      let wrongfulShows = 0;
      let wrongfulHides = 0;
      const failures: string[] = [];
      const fail = (what: string) => {
        if (failures.length < 10) failures.push(what);
      };
      let shown = 0;
      const ms = { list: 0, read: 0, log: 0 };
      let t0 = Date.now();
      for (const [di, today] of DATES.entries()) {
        now = new Date(`${today}T09:00:00Z`);
        const ctx: VisibilityContext = { today, relations: RELATIONS };
        for (const [vi, v] of VIEWERS.entries()) {
          const token = tokens.get(v.viewer.person)!;
          const subjectKey = real.get(v.viewer.subject)!;
          const as = v.viewer.person === v.viewer.subject ? '' : `as=${subjectKey}`;
          const mine = docs.filter((d) => d.subject === v.viewer.subject);
          const expected = new Map(
            mine.map((d) => [d.setId, decideVisibility(v.viewer, d.fixture, ctx).visible]),
          );
          const visible = new Set([...expected].filter(([, x]) => x).map(([id]) => id));
          shown += visible.size;
          const name = `${today} ${v.name}`;

          // list, every page
          const listed = new Set<string>();
          let total = -1;
          for (let offset = 0; ; offset += 200) {
            const r = await inject(`/citizen/documents?limit=200&offset=${offset}&${as}`, token);
            if (r.status === 404) break;
            assert.equal(r.status, 200, `${name}: ${r.body}`);
            const page = r.json() as { items: { setId: string }[]; total: number };
            total = page.total;
            for (const d of page.items) listed.add(d.setId);
            if (page.items.length < 200) break;
          }
          for (const d of mine) {
            const got = listed.has(d.setId);
            const want = visible.has(d.setId);
            if (got && !want) {
              wrongfulShows++;
              fail(`list ${name}: ${d.setId} ${JSON.stringify(d.fixture)}`);
            }
            if (!got && want) wrongfulHides++;
            count.list++;
          }
          for (const id of listed) if (!expected.has(id)) wrongfulShows++;

          ms.list += Date.now() - t0;
          t0 = Date.now();
          // counts
          const c = await inject(`/citizen/documents/counts?${as}`, token);
          const counted = c.status === 404 ? 0 : (c.json() as { total: number }).total;
          if (counted > visible.size) {
            wrongfulShows++;
            fail(`counts ${name}: ${counted} > ${visible.size}`);
          }
          if (counted < visible.size) wrongfulHides++;
          if (total !== -1) assert.equal(total, counted, `${name}: list total = counts total`);
          count.counts++;

          // single reads and renderings: spread over viewers and dates, a sample without a basis
          const basis = v.basis[today as (typeof DATES)[number]];
          const hasBasis = basis === 'self' || basis === 'guardian' || basis === 'mandate';
          const toRead = hasBasis
            ? mine.filter((_d, i) => (i + vi + di) % READ_SPREAD === 0)
            : mine.filter((_d, i) => i % Math.ceil(mine.length / REFUSED_SAMPLE) === vi % 3);
          await pool(toRead, 32, async (d) => {
            for (const [path, kind] of [
              [`/citizen/documents/${d.setId}?${as}`, 'read'],
              [`/citizen/documents/${d.setId}/xhtml?${as}`, 'render'],
            ] as const) {
              const r = await inject(path, token);
              assert.ok(r.status === 200 || r.status === 404, `${name} ${path}: ${r.status} ${r.body}`);
              const want = visible.has(d.setId);
              if (r.status === 200 && !want) {
                wrongfulShows++;
                fail(`${kind} ${name}: ${d.setId} ${JSON.stringify(d.fixture)}`);
              }
              if (r.status === 404 && want) wrongfulHides++;
              count[kind]++;
            }
          });

          ms.read += Date.now() - t0;
          t0 = Date.now();
          // the access log up to the end of seeding, every page, entry by entry against the raw log
          const raw = (
            await server.db.store.transaction((tx) =>
              listAudit(tx, { clientKey: subjectKey, to: logUntil, limit: 10_000 }),
            )
          ).filter((e) => e.recordedAt < logUntil);
          const entries: LogPage['items'] = [];
          let logRefused = false;
          for (let offset = 0; ; offset += 500) {
            const r = await inject(
              `/citizen/access-log?limit=500&offset=${offset}&to=${encodeURIComponent(logUntil)}&${as}`,
              token,
            );
            if (r.status === 404) {
              logRefused = true;
              break;
            }
            assert.equal(r.status, 200, `${name}: ${r.body}`);
            const page = r.json() as LogPage;
            entries.push(...page.items);
            if (page.items.length < 500) break;
          }
          assert.equal(logRefused, !hasBasis, `${name}: the log is refused exactly without a basis`);
          if (!logRefused) {
            assert.equal(entries.length, raw.length, `${name}: every entry is listed`);
            for (const [i, e] of entries.entries()) {
              const r = raw[i]!;
              const named = r.documents.map((d) => d.setId);
              const wantShown = named.filter((id) => visible.has(id));
              const gotShown = e.documents.map((d) => d.setId);
              for (const id of gotShown) {
                if (!visible.has(id)) {
                  wrongfulShows++;
                  fail(`log ${name}: ${id}`);
                }
              }
              if (gotShown.length < wantShown.length) wrongfulHides++;
              assert.equal(e.withheldDocuments, named.length - wantShown.length, `${name}: withheld count`);
              if (basis !== 'self' && e.withheldDocuments > 0) {
                assert.equal(e.actor, undefined, `${name}: on behalf, hidden work does not name the actor`);
              }
              count.log += named.length;
            }
          } else {
            count.log += raw.reduce((n, e) => n + e.documents.length, 0);
          }
          ms.log += Date.now() - t0;
          t0 = Date.now();
        }
      }
      const cases = count.list + count.counts + count.read + count.render + count.log;
      console.log(
        `# citizen visibility matrix over HTTP: ${cases} cases (list ${count.list}, counts ${count.counts}, read ${count.read}, render ${count.render}, access log ${count.log}; ${shown} shown in lists), ${wrongfulShows} wrongful shows, ${wrongfulHides} wrongful hides (ms ${JSON.stringify(ms)})`,
      );
      assert.deepEqual(failures, []);
      assert.equal(wrongfulShows, 0);
      assert.equal(wrongfulHides, 0);
      assert.equal(count.list, DATES.length * VIEWERS.length * KINDS.length * [...settingsGrid()].length);
      assert.ok(shown > 1000 && count.read > 2000, `${shown} shown, ${count.read} reads`);
    });
  });
}
