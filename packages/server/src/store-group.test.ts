// Group commit of concurrent single stores (store-group.ts) and the batch endpoint's statements,
// over a real port against real PostgreSQL (embedded, and external when TEST_DATABASE_URL is set):
// many clients stored at once each get their document and their own audit entry; one invalid or
// refused store in a group fails alone with its problem; an idempotent retry inside a group makes
// one document; a replayed batch names its documents in the log; the chains verify.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { listAudit, type TransactionOptions, type Tx, verifyAudit } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { seedWorld } from './test-world.ts';
import {
  type ApiClient,
  bootstrapOrganization,
  hetu,
  narrativeEntry,
  type RunningTestServer,
  startTestServer,
} from './testing.ts';

const ORG = '1.2.246.10.3333333';
const UNIT_ADMIN = '1.2.246.10.3333333.10.9';
const UNIT = '1.2.246.10.3333333.10.1';
const FAMILY = '24';
const DISABILITY = '20';
const CLIENTS = 24;

interface Doc {
  setId: string;
  version: number;
  recordedAt: string;
  metadata: { clients: string[] };
  content: unknown;
}

const content = (text: string) => narrativeEntry(text);

function storeBody(client: string, text: string, over: Record<string, unknown> = {}) {
  return {
    metadata: {
      clients: [client],
      serviceTask: FAMILY,
      documentType: '19005',
      documentDate: '2025-03-01',
      ...over,
    },
    content: content(text),
  };
}

for (const engine of await testEngines()) {
  describe(`group commit of concurrent stores (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const tokens: Record<string, string> = {};
    const clients: string[] = [];
    /** Serials handed out as they are instead of random ones: to make two stores mint one OID. */
    const fixedSerials: Uint8Array[] = [];

    async function count(table: string): Promise<number> {
      const r = await server.db.owner.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return r.rows[0]!.n;
    }
    const auditOf = (clientKey: string) =>
      server.db.owner.transaction((tx) => listAudit(tx, { clientKey, limit: 1000 }));
    const store = (token: string, body: unknown, headers?: Record<string, string>) =>
      api.post<Doc & Problem>('/registers/reg-g/documents', token, body, headers);

    before(async () => {
      server = await startTestServer(
        engine,
        { groupCommit: true },
        {
          randomBytes: (n) =>
            n === 8 && fixedSerials.length > 0 ? fixedSerials.shift()! : new Uint8Array(randomBytes(n)),
        },
      );
      api = server.api;
      await bootstrapOrganization(server.db.store, {
        organizationOid: ORG,
        name: 'Keski-Uudenmaan hyvinvointialue',
        unitOid: UNIT_ADMIN,
        adminLogin: 'admin.g',
      });
      tokens.admin = await api.login('admin.g', 'password');
      const ok = (r: { status: number; text: string }) => assert.ok(r.status < 300, r.text);
      ok(
        await api.post(`/organizations/${ORG}/service-units`, tokens.admin, {
          oid: UNIT,
          nameFi: 'Perhekeskus',
        }),
      );
      ok(
        await api.post('/registers', tokens.admin, {
          id: 'reg-g',
          registrarOid: ORG,
          name: 'Asiakasrekisteri',
        }),
      );
      const ids: Record<string, string> = {};
      for (const [login, tasks] of [
        ['sari', [FAMILY]],
        ['tomi', [DISABILITY]],
      ] as const) {
        const p = await api.post<{ id: string }>('/professionals', tokens.admin, {
          login,
          givenNames: login,
          familyName: 'Testinen',
        });
        ok(p);
        ids[login] = p.body.id;
        ok(
          await api.post(`/professionals/${p.body.id}/rights`, tokens.admin, {
            organizationOid: ORG,
            serviceUnitOids: [UNIT],
            role: 'social_worker',
            serviceTasks: [...tasks],
            validFrom: '2024-01-01',
          }),
        );
        tokens[login] = await api.login(login);
      }
      for (let i = 0; i < CLIENTS; i++) {
        const p = await api.post<{ clientKey: string }>('/persons', tokens.sari, {
          hetu: hetu('1980-01-01', 900 + i),
          familyName: 'Asiakas',
          givenNames: `Numero ${i}`,
        });
        ok(p);
        clients.push(p.body.clientKey);
        ok(
          await api.post('/registers/reg-g/clienthoods', tokens.sari!, {
            clientKey: p.body.clientKey,
            started: '2025-02-01',
            serviceTask: FAMILY,
            personalWorkerId: ids.sari,
          }),
        );
      }
    });
    after(() => server.close());

    test('concurrent stores of many clients: all stored, each with its own audit entry, in shared transactions', async () => {
      const before = await count('document_version');
      const bodies = clients.flatMap((c, i) => [storeBody(c, `A${i}`), storeBody(c, `B${i}`)]);
      const results = await Promise.all(bodies.map((b) => store(tokens.sari!, b)));
      assert.deepEqual(
        results.map((r) => r.status),
        bodies.map(() => 201),
        results.find((r) => r.status !== 201)?.text,
      );
      assert.equal(await count('document_version'), before + bodies.length);
      // Each answer is the stored document, readable afterwards with its own content.
      for (const [i, r] of results.entries()) {
        assert.equal(r.body.metadata.clients[0], bodies[i]!.metadata.clients[0]);
        const got = await api.get<Doc>(`/documents/${r.body.setId}`, tokens.sari);
        assert.equal(got.status, 200);
        assert.deepEqual(got.body.content, bodies[i]!.content);
      }
      // Stores shared transactions: version rows of one transaction share its start time.
      const times = new Set(results.map((r) => r.body.recordedAt));
      assert.ok(times.size < results.length, `${times.size} transactions for ${results.length} stores`);
      // Each store has its own allowed entry under its own client, naming exactly its document.
      for (const [i, c] of clients.entries()) {
        const mine = results.filter((_, j) => Math.floor(j / 2) === i).map((r) => r.body.setId);
        const logged = (await auditOf(c))
          .filter((e) => e.action === 'document.store' && e.outcome === 'allowed')
          .map((e) => {
            assert.equal(e.documents.length, 1, 'one document per entry');
            return e.documents[0]!.setId;
          });
        assert.deepEqual(logged.sort(), mine.sort());
      }
      const v = await verifyAudit(server.db.owner);
      assert.equal(v.firstBreak, undefined);
    });

    test('one invalid and one refused store inside a concurrent group fail alone with their problems', async () => {
      const before = await count('document_version');
      const valid = clients.slice(0, 12).map((c, i) => storeBody(c, `C${i}`));
      const requests = [
        ...valid.slice(0, 6).map((b) => store(tokens.sari!, b)),
        store(tokens.sari!, storeBody(clients[0]!, 'x', { documentType: '99999' })),
        store(tokens.tomi!, storeBody(clients[1]!, 'Ei minun')),
        store(tokens.sari!, {
          ...storeBody(clients[2]!, 'x'),
          content: { merkinta_tapaamisesta_tai_yhteydenotosta: { tuntematon: 1 } },
        }),
        ...valid.slice(6).map((b) => store(tokens.sari!, b)),
      ];
      const results = await Promise.all(requests);
      const [invalid, refused, badContent] = results.slice(6, 9);
      assert.deepEqual(
        [...results.slice(0, 6), ...results.slice(9)].map((r) => r.status),
        valid.map(() => 201),
      );
      // The valid stores were committed in shared transactions, not re-run alone after a failure.
      const stored = [...results.slice(0, 6), ...results.slice(9)];
      const times = new Set(stored.map((r) => r.body.recordedAt));
      assert.ok(times.size < stored.length, `${times.size} transactions for ${stored.length} stores`);
      assert.equal(invalid!.status, 422, invalid!.text);
      assert.ok(
        invalid!.body.errors?.some((e) => e.path === '/metadata/documentType'),
        invalid!.text,
      );
      assert.equal(refused!.status, 403, refused!.text);
      assert.equal(refused!.body.rule, 'service_task');
      assert.equal(badContent!.status, 422, badContent!.text);
      assert.ok(badContent!.body.errors?.[0]?.path.startsWith('/content'), badContent!.text);
      assert.equal(await count('document_version'), before + valid.length);
      // The failures are logged as denied under their clients, naming no document.
      const denied = async (c: string, rule: string) =>
        (await auditOf(c)).filter(
          (e) => e.action === 'document.store' && e.outcome === 'denied' && e.rule === rule,
        );
      const refusedEntries = await denied(clients[1]!, 'service_task');
      assert.equal(refusedEntries.length, 1);
      assert.deepEqual(refusedEntries[0]!.documents, []);
      assert.equal((await denied(clients[0]!, 'unprocessable')).length, 1);
    });

    test('an idempotent retry inside a group makes one document; a reused key is a conflict', async () => {
      const before = await count('document_version');
      const key = { 'idempotency-key': 'group-retry-1' };
      const body = storeBody(clients[3]!, 'Kerran vain');
      const others = clients.slice(4, 14).map((c, i) => storeBody(c, `D${i}`));
      // The first two stores take the two idle groups; the rest, the three retries of one key
      // among them, arrive while those commit and share the next group.
      const results = await Promise.all([
        store(tokens.sari!, others[0]),
        store(tokens.sari!, others[1]),
        ...others.slice(2, 6).map((b) => store(tokens.sari!, b)),
        store(tokens.sari!, body, key),
        store(tokens.sari!, body, key),
        store(tokens.sari!, body, key),
        ...others.slice(6).map((b) => store(tokens.sari!, b)),
      ]);
      assert.ok(
        results.every((r) => r.status === 201),
        results.map((r) => r.status).join(),
      );
      const keyed = [results[6]!, results[7]!, results[8]!];
      assert.equal(new Set(keyed.map((r) => r.body.setId)).size, 1, 'one document for the key');
      assert.deepEqual(keyed[1]!.body, keyed[0]!.body);
      assert.equal(await count('document_version'), before + others.length + 1);
      // The retries did not send their group down the one-by-one path: the group's other members
      // share its transaction's time (alone, each of the eight would have a time of its own).
      const rest = [...results.slice(2, 6), ...results.slice(9)];
      const times = new Set(rest.map((r) => r.body.recordedAt)).size;
      assert.ok(times <= 4, `${rest.length} stores in ${times} transactions: the group fell back`);
      // A later retry replays; another body under the same key is refused.
      const again = await store(tokens.sari!, body, key);
      assert.equal(again.status, 201);
      assert.equal(again.body.setId, keyed[0]!.body.setId);
      const reused = await Promise.all([
        store(tokens.sari!, storeBody(clients[3]!, 'Toinen'), key),
        store(tokens.sari!, storeBody(clients[4]!, 'Rinnalla')),
      ]);
      assert.equal(reused[0]!.status, 409, reused[0]!.text);
      assert.equal(reused[0]!.body.rule, 'idempotency_key_reuse');
      assert.equal(reused[1]!.status, 201);
      const replays = (await auditOf(clients[3]!)).filter(
        (e) => e.action === 'document.store' && e.purpose === 'idempotent replay',
      );
      assert.ok(replays.length >= 3, `${replays.length} replays audited`);
      assert.ok(replays.every((e) => e.documents[0]?.setId === keyed[0]!.body.setId));
    });

    test('a group that fails in the database (two stores mint one OID) stores its members one by one', async () => {
      const before = await count('document_version');
      const serial = new Uint8Array([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]);
      // The next two OIDs minted are the same: whichever stores second conflicts with the first.
      fixedSerials.push(serial, serial);
      const bodies = clients.slice(0, 10).map((c, i) => storeBody(c, `F${i}`));
      const results = await Promise.all(bodies.map((b) => store(tokens.sari!, b)));
      assert.equal(fixedSerials.length, 0, 'both fixed serials were used');
      assert.deepEqual(
        results.map((r) => r.status),
        bodies.map(() => 201),
        results.find((r) => r.status !== 201)?.text,
      );
      const setIds = results.map((r) => r.body.setId);
      assert.equal(new Set(setIds).size, bodies.length);
      const minted = setIds.filter((id) => id.endsWith(`.${BigInt('0x123456789abcdef0')}`));
      // Both stores minted it, yet both were stored under distinct ids: the failed group's members
      // ran again alone and minted anew (the first of a group of its own may have kept it).
      assert.ok(minted.length <= 1, 'the fixed OID was stored at most once');
      assert.equal(await count('document_version'), before + bodies.length);
      for (const [i, r] of results.entries()) {
        const logged = (await auditOf(clients[i]!)).filter(
          (e) =>
            e.action === 'document.store' &&
            e.outcome === 'allowed' &&
            e.documents[0]?.setId === r.body.setId,
        );
        assert.equal(logged.length, 1, `store ${i} has its entry`);
      }
    });

    test('a group whose COMMIT is lost on the way is not run again: each document stored once, its members a 500', async () => {
      const before = await count('document_version');
      // The connection is lost after the server committed the first group that stores documents:
      // the group really committed, the server cannot know it (as when the network drops the
      // answer to COMMIT). Only that transaction fails; every other one runs as it is.
      const db = server.db.store;
      const real = db.transaction;
      let armed = true;
      db.transaction = async <T>(fn: (tx: Tx) => Promise<T>, opts?: TransactionOptions) => {
        let lose = false;
        const result = await real(async (tx) => {
          const r = await fn(tx);
          if (armed) {
            const stored = await tx.query<{ yes: boolean }>(
              'SELECT EXISTS (SELECT 1 FROM document_version WHERE xmin = pg_current_xact_id()::xid) AS yes',
            );
            lose = stored.rows[0]!.yes;
          }
          return r;
        }, opts);
        if (lose) {
          armed = false;
          throw new Error('Connection terminated unexpectedly');
        }
        return result;
      };
      let results: { status: number; text: string; body: Doc & Problem }[];
      const bodies = clients.slice(0, 10).map((c, i) => storeBody(c, `L${i}`));
      try {
        results = await Promise.all(bodies.map((b) => store(tokens.sari!, b)));
      } finally {
        db.transaction = real;
      }
      assert.equal(armed, false, 'a group lost its COMMIT');
      const lost = results.filter((r) => r.status === 500);
      assert.ok(lost.length >= 1, results.map((r) => r.status).join());
      assert.ok(
        results.every((r) => r.status === 201 || r.status === 500),
        results.map((r) => r.status).join(),
      );
      assert.ok(lost[0]!.body.type.endsWith('/internal'), lost[0]!.text);
      // Every store's document exists exactly once: the lost group's committed, nothing again.
      assert.equal(await count('document_version'), before + bodies.length);
      // Each member of the lost group has its error logged, as a single store's failed commit.
      for (const [i, r] of results.entries()) {
        if (r.status !== 500) continue;
        const errors = (await auditOf(clients[i]!)).filter(
          (e) => e.action === 'document.store' && e.outcome === 'error',
        );
        assert.equal(errors.length, 1, `store ${i} has its error entry`);
      }
    });

    test('a group whose COMMIT the server refuses (a deferred constraint) stores its members one by one', async () => {
      const before = await count('document_version');
      // A constraint checked at COMMIT that fails for one marked document: PostgreSQL answers the
      // group's COMMIT with 23514 and rolls it back, so running the members again is safe.
      await server.db.owner.pool.query(`
        CREATE FUNCTION fail_marked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'marked document' USING ERRCODE = '23514'; END $$;
        CREATE CONSTRAINT TRIGGER fail_marked AFTER INSERT ON document_version
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
          WHEN (NEW.document_date = DATE '2025-03-17') EXECUTE FUNCTION fail_marked();`);
      let results: { status: number; text: string; body: Doc & Problem }[];
      const bodies = clients.slice(0, 10).map((c, i) => storeBody(c, `M${i}`));
      const marked = storeBody(clients[10]!, 'Merkitty', { documentDate: '2025-03-17' });
      try {
        results = await Promise.all([...bodies, marked].map((b) => store(tokens.sari!, b)));
      } finally {
        await server.db.owner.pool.query(
          'DROP TRIGGER fail_marked ON document_version; DROP FUNCTION fail_marked()',
        );
      }
      assert.deepEqual(
        results.slice(0, bodies.length).map((r) => r.status),
        bodies.map(() => 201),
      );
      // The marked store fails alone at its own COMMIT, as a single store would.
      assert.equal(results[bodies.length]!.status, 500, results[bodies.length]!.text);
      assert.equal(await count('document_version'), before + bodies.length);
    });

    test('a replayed batch names the documents it returns, each client its own', async () => {
      const key = { 'idempotency-key': 'batch-replay-1' };
      const [a, b] = [clients[20]!, clients[21]!];
      const body = { documents: [storeBody(a, 'E1'), storeBody(b, 'E2'), storeBody(a, 'E3')] };
      const first = await api.post<{ documents: Doc[] }>(
        '/registers/reg-g/documents/batch',
        tokens.sari,
        body,
        key,
      );
      assert.equal(first.status, 201, first.text);
      const replay = await api.post<{ documents: Doc[] }>(
        '/registers/reg-g/documents/batch',
        tokens.sari,
        body,
        key,
      );
      assert.equal(replay.status, 201);
      assert.deepEqual(replay.body, first.body);
      const [d1, d2, d3] = first.body.documents.map((d) => d.setId);
      const replayed = async (c: string) =>
        (await auditOf(c)).filter(
          (e) => e.action === 'document.store_batch' && e.purpose === 'idempotent replay',
        );
      const ofA = await replayed(a);
      assert.equal(ofA.length, 1);
      assert.deepEqual(ofA[0]!.documents.map((d) => d.setId).sort(), [d1, d3].sort());
      const ofB = await replayed(b);
      assert.equal(ofB.length, 1);
      assert.deepEqual(
        ofB[0]!.documents.map((d) => d.setId),
        [d2],
      );
      const v = await verifyAudit(server.db.owner);
      assert.equal(v.firstBreak, undefined);
    });
  });

  describe(`group commit with a full queue (${engine.name})`, () => {
    test('a store beyond the queue limit is refused at once: 503 with Retry-After, audited; the others stored', async () => {
      const server = await startTestServer(engine, { groupCommit: true, groupQueueLimit: 2 });
      try {
        const world = await seedWorld(server.db.store, {
          organizations: [{ oid: ORG, name: 'Keski-Uudenmaan hyvinvointialue' }],
          serviceUnits: [{ oid: UNIT, organizationOid: ORG, nameFi: 'Perhekeskus' }],
          registers: [{ id: 'reg-g', registrarOid: ORG }],
          rightDefaults: {
            organizationOid: ORG,
            serviceUnitOids: [UNIT],
            role: 'social_worker',
            serviceTasks: [FAMILY],
            validFrom: '2024-01-01',
            grantedBy: 'test',
          },
          professionals: [{ login: 'sari' }],
          persons: [{ name: 'a', hetu: hetu('1980-01-01', 900), familyName: 'Asiakas', givenNames: 'A' }],
        });
        const token = await server.api.login('sari');
        const client = world.clientKeys.a!;
        const hood = await server.api.post('/registers/reg-g/clienthoods', token, {
          clientKey: client,
          started: '2025-02-01',
          serviceTask: FAMILY,
          personalWorkerId: world.ids.sari,
        });
        assert.ok(hood.status < 300, hood.text);
        const documents = async () =>
          (await server.db.owner.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM document_version'))
            .rows[0]!.n;
        const before = await documents();
        // Two stores take the two idle groups, two more wait; the rest find the queue full.
        const results = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            server.api.post<Doc & Problem>('/registers/reg-g/documents', token, storeBody(client, `Q${i}`)),
          ),
        );
        const refused = results.filter((r) => r.status === 503);
        const stored = results.filter((r) => r.status === 201);
        assert.ok(refused.length >= 1, results.map((r) => r.status).join());
        assert.equal(refused.length + stored.length, results.length, results.map((r) => r.status).join());
        for (const r of refused) {
          assert.equal(r.headers.get('retry-after'), '1');
          assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
          assert.equal(r.body.rule, 'store_queue_full');
        }
        assert.equal(await documents(), before + stored.length);
        const logged = await server.db.owner.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_entry
            WHERE action = 'document.store' AND outcome = 'denied' AND rule = 'store_queue_full'`,
        );
        assert.equal(logged.rows[0]!.n, refused.length, 'each refusal has its entry');
      } finally {
        await server.close();
      }
    });
  });
}
