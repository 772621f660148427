import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, validate } from '@varanto/domain/structures';
import { buildServer } from '@varanto/server';
import { contentHash, projectCaseRelations, verifyAudit } from '@varanto/store';
import { createTestStore, type TestEngine, type TestStore, testEngines } from '@varanto/store/testing';
import { type GenerateResult, generate } from './generate.ts';

const TODAY = '2026-06-15';

interface Running {
  db: TestStore;
  base: string;
  close(): Promise<void>;
}

/** A real server over a fresh migrated database, as `varanto start` runs it (demo logins on). */
async function startServer(engine: TestEngine): Promise<Running> {
  const db = await createTestStore(engine);
  const app = await buildServer({
    store: db.store,
    config: {
      sessionSecret: 'g'.repeat(40),
      demoLogins: true,
      loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
    },
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    db,
    base,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

async function login(s: Running, who: string): Promise<string> {
  const r = await fetch(`${s.base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: who, method: 'certificate-card-demo' }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return ((await r.json()) as { token: string }).token;
}

async function get<T>(
  s: Running,
  path: string,
  token: string,
): Promise<{ status: number; body: T; text: string }> {
  const r = await fetch(`${s.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T, text };
}

for (const engine of await testEngines()) {
  describe(`generate on ${engine.name} PostgreSQL`, () => {
    let server: Running;
    let result: GenerateResult;
    before(async () => {
      server = await startServer(engine);
      result = await generate({
        url: server.db.db.url,
        clients: 20,
        docsPerClient: 5,
        seed: 42,
        today: TODAY,
      });
    });
    after(async () => {
      await server?.close();
    });

    test('writes the world it reports, with every projection in step', async () => {
      assert.equal(result.clients, 20);
      const q = async (sql: string) => Number((await server.db.owner.pool.query(sql)).rows[0].n);
      assert.equal(await q('SELECT count(*) AS n FROM person'), 20);
      assert.equal(await q('SELECT count(*) AS n FROM client_identifier'), 20);
      assert.equal(await q('SELECT count(*) AS n FROM document_version'), result.versions);
      assert.equal(
        await q('SELECT count(*) AS n FROM document_current'),
        result.documents + result.recordDocuments,
      );
      assert.equal(
        await q('SELECT count(*) AS n FROM document_locator'),
        result.documents + result.recordDocuments,
      );
      assert.equal(
        await q("SELECT count(*) AS n FROM document_current WHERE document_group = '5'"),
        result.documents,
      );
      // Every current row is the newest version, with the same metadata.
      assert.equal(
        await q(`SELECT count(*) AS n FROM document_current c JOIN document_version v
                   ON v.client_key = c.client_key AND v.set_id = c.set_id AND v.version = c.version
                  WHERE v.document_date = c.document_date AND v.clients = c.clients AND v.status = c.status
                    AND NOT EXISTS (SELECT 1 FROM document_version w WHERE w.set_id = c.set_id AND w.version > c.version)`),
        result.documents + result.recordDocuments,
      );
      // Every client of every document finds it through the client index.
      assert.equal(
        await q(
          'SELECT count(*) AS n FROM document_current c, unnest(c.clients) k WHERE NOT EXISTS (SELECT 1 FROM document_client dc WHERE dc.client_key = k AND dc.set_id = c.set_id)',
        ),
        0,
      );
      assert.equal(
        await q('SELECT count(*) AS n FROM clienthood'),
        await q(
          "SELECT count(DISTINCT clienthood_oid) AS n FROM document_current WHERE document_group = '1'",
        ),
      );
      assert.ok((await q('SELECT count(*) AS n FROM care_case WHERE shared')) >= 1, 'a family shares a case');
      assert.ok(
        (await q('SELECT count(*) AS n FROM case_member')) > (await q('SELECT count(*) AS n FROM care_case')),
      );
      // Care relations equal what the store's own projection derives from the same cases and
      // clienthoods: recomputed in a transaction that is rolled back, compared row for row.
      const relationRows = `SELECT client_key, registrar_oid, kind, professional_id, service_unit_oid, service_task,
                                   start_date::text, end_date::text, source
                              FROM care_relation ORDER BY source, kind, client_key`;
      const pool = server.db.owner.pool;
      const written = (await pool.query(relationRows)).rows;
      assert.ok(written.length > 0);
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const cases = (await conn.query<{ case_oid: string }>('SELECT case_oid FROM care_case')).rows;
        for (const c of cases) await projectCaseRelations(conn, c.case_oid);
        assert.equal(
          await q(`SELECT count(*) AS n FROM clienthood h WHERE h.personal_worker_id IS NOT NULL AND NOT EXISTS (
                     SELECT 1 FROM care_relation r WHERE r.client_key = h.client_key AND r.kind = 'personal_worker'
                        AND r.source = h.clienthood_oid AND r.professional_id = h.personal_worker_id
                        AND r.start_date = h.started AND r.end_date IS NULL)`),
          0,
        );
        assert.deepEqual((await conn.query(relationRows)).rows, written);
      } finally {
        await conn.query('ROLLBACK');
        conn.release();
      }
      const dates = (
        await server.db.owner.pool.query(
          'SELECT min(document_date)::text AS lo, max(document_date)::text AS hi FROM document_current',
        )
      ).rows[0];
      assert.ok(dates.hi <= TODAY && dates.lo >= '2016-06-01', JSON.stringify(dates));
    });

    test('stored hashes match the content, and the content follows its structure', async () => {
      const defs = new Map(builtinStructures().map((d) => [d.oid, d]));
      const rows = (
        await server.db.owner.pool.query(
          'SELECT content, content_sha256, structure_oid, xhtml, status FROM document_version',
        )
      ).rows as {
        content: unknown;
        content_sha256: string;
        structure_oid: string;
        xhtml: string;
        status: string;
      }[];
      // Seed 42 invalidates one version, so the rule below is tested both ways.
      assert.ok(rows.some((r) => r.status === 'invalidated'));
      for (const r of rows) {
        // An invalidated version's rendering carries the notice, and only such a version's does.
        assert.equal(r.xhtml.includes('class="soc-invalidated"'), r.status === 'invalidated', r.status);
        assert.equal(contentHash(r.content), r.content_sha256);
        const v = validate(defs.get(r.structure_oid)!, r.content);
        assert.ok(v.ok, `${r.structure_oid}: ${JSON.stringify(v.ok ? [] : v.errors.slice(0, 2))}`);
        assert.ok(!r.xhtml.includes('Qz'), 'no template hole is left');
      }
    });

    test('the audit chains verify', async () => {
      const v = await verifyAudit(server.db.store);
      assert.deepEqual(v.breaks, []);
      assert.equal(v.entries, result.auditEntries);
      assert.ok(v.entries > result.versions);
    });

    test("the API lists a generated client's documents and reads one", async () => {
      const county = result.world.counties[0]!;
      const worker = county.workers.disability[0]!;
      const token = await login(server, worker.login);
      const owner = (
        await server.db.owner.pool.query<{ client_key: string; n: string }>(
          `SELECT client_key, count(*) AS n FROM document_current WHERE service_task = '20' AND document_group = '5' AND status = 'active'
            GROUP BY client_key ORDER BY count(*) DESC LIMIT 1`,
        )
      ).rows[0]!;
      const list = await get<{ items: { setId: string; metadata: { clients: string[] } }[]; total: number }>(
        server,
        `/documents?client=${owner.client_key}&limit=100`,
        token,
      );
      assert.equal(list.status, 200, list.text);
      // The client's active documents of the service task, plus their clienthood and case documents.
      assert.equal(list.body.total, Number(owner.n) + 2);
      const doc = list.body.items.find((d) => d.setId)!;
      const read = await get<{
        setId: string;
        content: unknown;
        xhtml: string;
        metadata: { clients: string[] };
      }>(server, `/documents/${doc.setId}`, token);
      assert.equal(read.status, 200, read.text);
      assert.equal(read.body.setId, doc.setId);
      assert.ok(read.body.xhtml.startsWith('<div xmlns="http://www.w3.org/1999/xhtml"'));
      assert.deepEqual(read.body.metadata.clients, [owner.client_key]);
      const person = await get<{ familyName: string }>(server, `/persons/${owner.client_key}`, token);
      assert.equal(person.status, 200, person.text);
    });

    test('the same seed gives the same world', async () => {
      const again = await startServer(engine);
      try {
        const r2 = await generate({
          url: again.db.db.url,
          clients: 20,
          docsPerClient: 5,
          seed: 42,
          today: TODAY,
        });
        assert.equal(r2.versions, result.versions);
        const digest = async (s: Running) =>
          (
            await s.db.owner.pool.query(
              "SELECT md5(string_agg(set_id || client_key || content_sha256 || document_date, ',' ORDER BY set_id, version)) AS d FROM document_version",
            )
          ).rows[0].d;
        assert.equal(await digest(again), await digest(server));
      } finally {
        await again.close();
      }
    });
  });
}
