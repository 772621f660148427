// The SQL forms of the rights rules on a real PostgreSQL answer as the functions do, on random
// histories: the right in force on a date (also over a source narrowed to some professionals'
// whole histories, as the staff list narrows it) and the administering organization. A scratch
// table with the store's columns and types stands in, so this stays a test of the domain's SQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase, testEngines } from '@varanto/store/testing';
import fc from 'fast-check';
import pg from 'pg';
import {
  administeringOrganization,
  administeringOrganizationSql,
  rightInForce,
  rightsInForceSql,
} from './rights.ts';
import { type ArbitraryRight, ASKED_DATES, RIGHT_ORGANIZATIONS, rightsHistory } from './rights-fixtures.ts';

// A fixed seed: the same histories every run, so a failure can be reproduced.
const HISTORIES = new Map(
  fc
    .sample(rightsHistory, { numRuns: 600, seed: 20261123 })
    .map((h, i): [string, ArbitraryRight[]] => [`p${String(i).padStart(4, '0')}`, h]),
);
const DATES = [...ASKED_DATES, '2026-02-28T23:59:59+02:00'];

for (const engine of await testEngines()) {
  describe(`rights rules in SQL (${engine.name})`, () => {
    let db: TestDatabase;
    let client: pg.Client;

    before(async () => {
      db = await createTestDatabase(engine);
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(`CREATE TABLE professional (id text PRIMARY KEY)`);
      await client.query(`CREATE TABLE professional_right (
        professional_id text NOT NULL REFERENCES professional (id), version integer NOT NULL,
        organization_oid text NOT NULL, valid_from date NOT NULL,
        valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
        PRIMARY KEY (professional_id, version))`);
      await client.query('INSERT INTO professional SELECT unnest($1::text[])', [[...HISTORIES.keys()]]);
      const rows = [...HISTORIES].flatMap(([id, h]) =>
        h.map((r) => ({
          professional_id: id,
          version: r.version,
          organization_oid: r.organizationOid,
          valid_from: r.validFrom,
          valid_to: r.validTo ?? null,
        })),
      );
      await client.query(
        `INSERT INTO professional_right
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(professional_id text, version integer,
           organization_oid text, valid_from date, valid_to date)`,
        [JSON.stringify(rows)],
      );
    });
    after(async () => {
      await client?.end();
      await db?.drop();
    });

    /** professional id → version in force, by SQL over `source` and by the function. */
    async function inForce(day: string, params: unknown[] = [], source?: string) {
      const r = await client.query<{ professional_id: string; version: number }>(
        `SELECT professional_id, version FROM ${rightsInForceSql(params, day, source)} r`,
        params,
      );
      return new Map(r.rows.map((x) => [x.professional_id, x.version]));
    }
    const evaluated = (day: string, keep: (h: readonly ArbitraryRight[]) => boolean = () => true) =>
      new Map(
        [...HISTORIES].flatMap(([id, h]) => {
          const r = keep(h) ? rightInForce(h, day) : undefined;
          return r ? [[id, r.version] as const] : [];
        }),
      );

    test('the right in force: SQL picks the version the function picks, for every professional and date', async (t) => {
      let inForceCount = 0;
      for (const day of DATES) {
        const expected = evaluated(day);
        assert.deepEqual(await inForce(day), expected, day);
        inForceCount += expected.size;
      }
      t.diagnostic(`${HISTORIES.size} histories × ${DATES.length} dates, ${inForceCount} rights in force`);
      // The sample must exercise both answers, or the agreement says little.
      assert.ok(inForceCount > DATES.length * 50);
      assert.ok(inForceCount < HISTORIES.size * DATES.length - DATES.length * 50);
    });

    test('narrowed to the whole histories of those who ever had a right in an organization', async () => {
      for (const org of RIGHT_ORGANIZATIONS) {
        for (const day of DATES) {
          const params: unknown[] = [org];
          const source = `(SELECT * FROM professional_right
                            WHERE professional_id IN (SELECT professional_id FROM professional_right
                                                       WHERE organization_oid = $1))`;
          const ever = (h: readonly ArbitraryRight[]) => h.some((r) => r.organizationOid === org);
          assert.deepEqual(await inForce(day, params, source), evaluated(day, ever), `${org} ${day}`);
        }
      }
    });

    test('the administering organization: SQL names the one the function names, or none', async () => {
      let placed = 0;
      for (const day of DATES) {
        const params: unknown[] = [];
        const r = await client.query<{ id: string; organization_oid: string | null }>(
          `SELECT p.id, ${administeringOrganizationSql(params, 'p.id', day)} AS organization_oid
             FROM professional p`,
          params,
        );
        assert.equal(r.rows.length, HISTORIES.size);
        for (const row of r.rows) {
          const expected = administeringOrganization(HISTORIES.get(row.id) ?? [], day);
          assert.equal(row.organization_oid ?? undefined, expected, `${row.id} on ${day}`);
          if (expected !== undefined) placed++;
        }
      }
      assert.ok(placed > 0 && placed < HISTORIES.size * DATES.length);
    });
  });
}
