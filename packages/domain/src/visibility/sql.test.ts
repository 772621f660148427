// The compiled filter on a real PostgreSQL returns exactly the documents the evaluated filter (and
// so the decision) shows: the matrix documents plus random ones with the odd values a jsonb column
// can hold (null, numbers, impossible dates). The store's own tables are not needed: a scratch
// table with the same column types stands in, so this stays a test of the domain's SQL alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase, testEngines } from '@varanto/store/testing';
import fc from 'fast-check';
import pg from 'pg';
import { HIDDEN_KINDS } from './kinds.ts';
import {
  evaluateVisibility,
  type VisibilityColumns,
  type VisibilityDocument,
  visibilityToSql,
} from './predicate.ts';
import {
  DEFAULT_VISIBILITY_POLICY,
  type VisibilityContext,
  type VisibilityPolicy,
  visibilityFilter,
} from './rules.ts';
import { DATES, documentFor, KINDS, P, RELATIONS, settingsGrid, VIEWERS } from './test-fixtures.ts';

const COLUMNS: VisibilityColumns = {
  documentType: 'd.document_type',
  documentGroup: 'd.document_group',
  socialService: 'd.social_service',
  status: 'd.status',
  clients: 'd.clients',
  omakanta: 'd.omakanta',
};

// Social services are unknown in the shipped policy; a configured one exercises that leaf too.
const WITH_SERVICES: VisibilityPolicy = {
  ...DEFAULT_VISIBILITY_POLICY,
  hiddenKinds: HIDDEN_KINDS.map((k) =>
    k.name === 'shelter_home'
      ? { ...k, socialServices: ['T1'] }
      : k.name === 'adoption_counselling'
        ? { ...k, socialServices: ['A1'] }
        : k,
  ),
};

function documents(): VisibilityDocument[] {
  const out: VisibilityDocument[] = [];
  const subjects = [...new Set(VIEWERS.map((v) => v.viewer.subject))];
  const settings = [...settingsGrid()];
  for (const subject of subjects)
    for (const kind of KINDS) for (const s of settings) out.push(documentFor(kind, subject, s));
  const people = Object.values(P);
  const odd = fc.constantFrom<unknown>(
    null,
    12,
    true,
    '',
    '2026-02-30',
    '2026-06-15T00:00:00Z',
    ' 2026-01-01',
    '2026-01-01\n',
  );
  const random = fc.record({
    status: fc.constantFrom('active', 'invalidated'),
    registrarOid: fc.constant('1.2.246.10.1'),
    organizationOid: fc.constant('1.2.246.10.1'),
    clients: fc.subarray(people, { minLength: 1, maxLength: 3 }),
    documentGroup: fc.constantFrom('1', '2', '3', '5', '7', '8', '9', ''),
    documentType: fc.constantFrom(
      '9',
      '9002',
      '19005',
      '11003',
      '7000',
      '1011',
      '99001',
      '9002 ',
      'x19005',
      '15019',
    ),
    socialService: fc.option(fc.constantFrom('T1', 'A1', '46', ''), { nil: undefined }),
    omakanta: fc.record(
      {
        delayUntil: fc.oneof(fc.constantFrom(...DATES, '2026-01-01', '2027-12-31'), odd),
        specialContent: fc.oneof(fc.boolean(), odd),
        shownToGuardian: fc.oneof(fc.boolean(), odd),
        automaticHidingLifted: fc.oneof(fc.boolean(), odd),
      },
      { requiredKeys: [] },
    ),
  });
  // A fixed seed: the same rows every run, so a failure can be reproduced.
  out.push(...(fc.sample(random, { numRuns: 3000, seed: 20260601 }) as unknown as VisibilityDocument[]));
  return out;
}

for (const engine of await testEngines()) {
  describe(`visibility filter in SQL (${engine.name})`, () => {
    let db: TestDatabase;
    let client: pg.Client;
    const docs = documents();

    before(async () => {
      db = await createTestDatabase(engine);
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`CREATE TABLE visibility_probe (
        id integer PRIMARY KEY, document_type text NOT NULL, document_group text NOT NULL,
        social_service text, status text NOT NULL, clients uuid[] NOT NULL, omakanta jsonb NOT NULL)`);
      const rows = docs.map((d, id) => ({
        id,
        document_type: d.documentType,
        document_group: d.documentGroup,
        social_service: d.socialService ?? null,
        status: d.status,
        clients: d.clients,
        omakanta: d.omakanta,
      }));
      await client.query(
        `INSERT INTO visibility_probe
         SELECT x.id, x.document_type, x.document_group, x.social_service, x.status, x.clients::uuid[], x.omakanta
         FROM jsonb_to_recordset($1::jsonb) AS x(id integer, document_type text, document_group text,
           social_service text, status text, clients text[], omakanta jsonb)`,
        [JSON.stringify(rows)],
      );
    });
    after(async () => {
      await client?.end();
      await db?.drop();
    });

    test('every viewer × date × policy: SQL returns exactly the documents the evaluated filter shows', async (t) => {
      // JSON round trip first, so the evaluated side sees what the database stores.
      const stored = docs.map((d) => JSON.parse(JSON.stringify(d)) as VisibilityDocument);
      let queries = 0;
      let compared = 0;
      let shown = 0;
      for (const policy of [DEFAULT_VISIBILITY_POLICY, WITH_SERVICES]) {
        for (const today of [...DATES, '2026-12-31']) {
          const ctx: VisibilityContext = { today, relations: RELATIONS, policy };
          for (const v of VIEWERS) {
            const filter = visibilityFilter(v.viewer, ctx);
            const params: unknown[] = [];
            const where = visibilityToSql(filter, COLUMNS, params);
            const r = await client.query<{ id: number }>(
              `SELECT d.id FROM visibility_probe d WHERE ${where} ORDER BY d.id`,
              params,
            );
            const fromSql = r.rows.map((x) => x.id);
            const evaluated = stored.flatMap((d, id) => (evaluateVisibility(filter, d) ? [id] : []));
            assert.deepEqual(fromSql, evaluated, `${today} ${v.name}`);
            queries++;
            compared += stored.length;
            shown += evaluated.length;
          }
        }
      }
      t.diagnostic(
        `visibility SQL: ${queries} queries over ${stored.length} rows, ${compared} row decisions compared, ${shown} shown`,
      );
      assert.ok(shown > 1000);
    });
  });
}
