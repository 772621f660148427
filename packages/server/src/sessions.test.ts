// Sessions revoked before they expire, on a real server over both engines: a logout ends its own
// session on the server; an administrator of the professional's organization (or the professional
// themself) revokes every session issued so far; nobody else can, and a refusal tells nothing.
// Each case runs without the auth-facts cache and with a long one: a revocation made through the
// API applies on the very next request either way, while one written behind the server's back is
// not seen through the cache (proving the cache was in use).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  APPEND_ONLY_SQLSTATE,
  createPerson,
  createProfessional,
  grantRight,
  revokeSessionsBefore,
  sqlState,
} from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import { SESSION_COOKIE, sessionKey, signSession } from './session.ts';
import {
  bootstrapOrganization,
  hetu,
  type RunningTestServer,
  startTestServer,
  TEST_SECRET,
} from './testing.ts';

const ORG = '1.2.246.10.78001';
const UNIT = `${ORG}.10.1`;
const OTHER = '1.2.246.10.78002';
const FAMILY = '24';

interface Problem {
  type: string;
  status: number;
  rule?: string;
}

for (const engine of await testEngines()) {
  for (const cacheMs of [0, 60_000]) {
    describe(`session revocation (${engine.name}, auth cache ${cacheMs} ms)`, () => {
      let server: RunningTestServer;
      const ids: Record<string, string> = {};
      let citizenHetu: string;
      let citizenKey: string;

      before(async () => {
        server = await startTestServer(engine, { authCacheMs: cacheMs });
        await bootstrapOrganization(server.db.store, {
          organizationOid: ORG,
          name: 'Istuntojen hyvinvointialue',
          unitOid: UNIT,
          adminLogin: 'sess-admin',
        });
        await bootstrapOrganization(server.db.store, {
          organizationOid: OTHER,
          name: 'Toinen hyvinvointialue',
          unitOid: `${OTHER}.10.1`,
          adminLogin: 'sess-other-admin',
        });
        citizenHetu = hetu('1985-03-03', 931);
        await server.db.store.transaction(async (tx) => {
          for (const login of ['sess-sari', 'sess-ville', 'sess-timo', 'sess-nora']) {
            const p = await createProfessional(tx, { login, givenNames: login, familyName: 'T' });
            ids[login] = p.id;
            await grantRight(tx, {
              professionalId: p.id,
              organizationOid: ORG,
              serviceUnitOids: [UNIT],
              role: 'social_worker',
              serviceTasks: [FAMILY],
              validFrom: '2020-01-01',
              grantedBy: 'test',
            });
          }
          citizenKey = (
            await createPerson(tx, {
              hetu: citizenHetu,
              familyName: 'Kansalainen',
              givenNames: 'Kaisa',
              birthDate: '1985-03-03',
              turvakielto: false,
            })
          ).clientKey;
        });
        const r = await server.db.owner.pool.query<{ id: string }>(
          "SELECT id FROM professional WHERE login IN ('sess-admin', 'sess-other-admin') ORDER BY login",
        );
        ids['sess-admin'] = r.rows[0]!.id;
        ids['sess-other-admin'] = r.rows[1]!.id;
      });
      after(() => server.close());

      const me = async (token: string) => server.api.get<Problem>('/auth/me', token);
      const revoke = (token: string, professionalId: string, reason = 'kadonnut varmennekortti') =>
        server.api.post<Problem & { issuedBefore: string; revokedBy: string; reason: string }>(
          `/professionals/${professionalId}/sessions/revoke`,
          token,
          { reason },
        );
      const audit = async (action: string, actorId?: string) =>
        (
          await server.db.owner.pool.query<{ outcome: string; rule: string | null; actor_id: string | null }>(
            `SELECT outcome, rule, actor_id FROM audit_entry
              WHERE action = $1 AND ($2::text IS NULL OR actor_id = $2) ORDER BY seq`,
            [action, actorId ?? null],
          )
        ).rows;
      /** The answer to a token that expired a moment ago: what a revoked one must look like. */
      const expiredAnswer = async (professionalId: string) => {
        const old = await signSession(
          sessionKey(TEST_SECRET),
          { professionalId, login: 'x', strongAuth: true, method: 'certificate-card-demo' },
          new Date(Date.now() - 120_000),
          60,
        );
        const r = await me(old.token);
        assert.equal(r.status, 401);
        return r.body;
      };

      test('logout ends that session on the server; other sessions and a new login work', async () => {
        const first = await server.api.login('sess-sari');
        const second = await server.api.login('sess-sari', 'password');
        assert.equal((await me(first)).status, 200, 'cached now, when the cache is on');
        assert.equal((await me(second)).status, 200);
        const out = await server.api.call('POST', '/auth/logout', { token: first });
        assert.equal(out.status, 204);
        assert.match(out.headers.get('set-cookie') ?? '', new RegExp(`${SESSION_COOKIE}=;`));
        const refused = await me(first);
        assert.equal(refused.status, 401);
        assert.deepEqual(refused.body, await expiredAnswer(ids['sess-sari']!), 'as if expired');
        assert.equal((await me(second)).status, 200, 'only the session that logged out ended');
        const again = await server.api.login('sess-sari');
        assert.equal((await me(again)).status, 200);
        // A second logout with the ended token is a no-op: no second revocation, no entry.
        assert.equal((await server.api.call('POST', '/auth/logout', { token: first })).status, 204);
        assert.deepEqual(await audit('auth.logout', ids['sess-sari']), [
          { outcome: 'allowed', rule: 'own_session', actor_id: ids['sess-sari'] },
        ]);
        const rows = await server.db.owner.pool.query(
          "SELECT scope, revoked_by, reason FROM session_revocation WHERE subject_id = $1 AND scope = 'session'",
          [ids['sess-sari']],
        );
        assert.deepEqual(rows.rows, [{ scope: 'session', revoked_by: ids['sess-sari'], reason: 'logout' }]);
        // Without a token (or with a forged one) logout only clears the cookie.
        assert.equal((await server.api.call('POST', '/auth/logout')).status, 204);
        assert.equal((await server.api.call('POST', '/auth/logout', { token: 'x.y.z' })).status, 204);
      });

      test('logout through the session cookie, as the web UI does', async () => {
        const token = await server.api.login('sess-nora');
        assert.equal((await me(token)).status, 200);
        const out = await server.api.call('POST', '/auth/logout', {
          headers: { cookie: `${SESSION_COOKIE}=${token}` },
        });
        assert.equal(out.status, 204);
        assert.equal((await me(token)).status, 401);
      });

      test("the organization's administrator revokes every earlier session, not later ones", async () => {
        const admin = await server.api.login('sess-admin');
        const card = await server.api.login('sess-timo');
        const password = await server.api.login('sess-timo', 'password');
        assert.equal((await me(card)).status, 200);
        assert.equal((await me(password)).status, 200);
        const r = await revoke(admin, ids['sess-timo']!);
        assert.equal(r.status, 201, r.text);
        assert.equal(r.body.revokedBy, ids['sess-admin']);
        assert.equal(r.body.reason, 'kadonnut varmennekortti');
        assert.ok(Date.parse(r.body.issuedBefore) <= Date.now());
        assert.equal((await me(card)).status, 401, 'the very next request is refused');
        assert.equal((await me(password)).status, 401);
        assert.deepEqual((await me(card)).body, await expiredAnswer(ids['sess-timo']!));
        const later = await server.api.login('sess-timo');
        assert.equal((await me(later)).status, 200, 'a session issued after the revocation stands');
        assert.equal((await me(admin)).status, 200, "the administrator's own session is untouched");
        assert.deepEqual(await audit('professional.sessions.revoke', ids['sess-admin']), [
          { outcome: 'allowed', rule: 'revoke_sessions_admin', actor_id: ids['sess-admin'] },
        ]);
        const rows = await server.db.owner.pool.query(
          "SELECT revoked_by, reason FROM session_revocation WHERE subject_id = $1 AND scope = 'all'",
          [ids['sess-timo']],
        );
        assert.deepEqual(rows.rows, [{ revoked_by: ids['sess-admin'], reason: 'kadonnut varmennekortti' }]);
      });

      test('a colleague or another organization’s administrator cannot, and learns nothing', async () => {
        const sari = await server.api.login('sess-sari');
        const ville = await server.api.login('sess-ville');
        const foreign = await server.api.login('sess-other-admin');
        const missing = randomUUID();
        const colleague = await revoke(ville, ids['sess-sari']!);
        assert.equal(colleague.status, 403);
        assert.equal(colleague.body.rule, 'admin_only');
        const colleagueMissing = await revoke(ville, missing);
        assert.deepEqual(
          { ...colleagueMissing.body, instance: undefined },
          { ...colleague.body, instance: undefined },
          'the same answer whether the professional exists or not',
        );
        const other = await revoke(foreign, ids['sess-sari']!);
        assert.equal(other.status, 404);
        const otherMissing = await revoke(foreign, missing);
        assert.equal(otherMissing.status, 404);
        assert.deepEqual(
          { ...other.body, instance: undefined },
          { ...otherMissing.body, instance: undefined },
          "another organization's user looks like no user at all",
        );
        // Logging in somewhere does not end anyone else's sessions.
        assert.equal((await me(sari)).status, 200);
        const denied = await audit('professional.sessions.revoke');
        assert.ok(
          denied.some(
            (e) => e.outcome === 'denied' && e.rule === 'admin_only' && e.actor_id === ids['sess-ville'],
          ),
        );
        assert.ok(
          denied.some(
            (e) =>
              e.outcome === 'denied' &&
              e.rule === 'own_organization' &&
              e.actor_id === ids['sess-other-admin'],
          ),
        );
        // A reason is required.
        const admin = await server.api.login('sess-admin');
        assert.equal((await revoke(admin, ids['sess-sari']!, '   ')).status, 400);
        assert.equal((await me(sari)).status, 200);
      });

      test('a professional revokes their own sessions ("log out everywhere")', async () => {
        const one = await server.api.login('sess-ville');
        const two = await server.api.login('sess-ville', 'password');
        assert.equal((await me(two)).status, 200);
        const r = await revoke(one, ids['sess-ville']!, 'puhelin kadonnut');
        assert.equal(r.status, 201, r.text);
        assert.equal((await me(one)).status, 401);
        assert.equal((await me(two)).status, 401);
        assert.equal((await me(await server.api.login('sess-ville'))).status, 200);
      });

      test('a revocation written behind the server applies at once without the cache, within its time with it', async () => {
        const token = await server.api.login('sess-nora');
        assert.equal((await me(token)).status, 200);
        await server.db.store.transaction((tx) =>
          revokeSessionsBefore(tx, {
            subjectKind: 'professional',
            subjectId: ids['sess-nora']!,
            issuedBefore: new Date(),
            revokedBy: 'sql-behind-the-server',
            reason: 'test',
          }),
        );
        // With a minute-long cache, the cached facts still answer: the API's own revocations above
        // took effect at once because they forget the cached facts, not because nothing was cached.
        assert.equal((await me(token)).status, cacheMs > 0 ? 200 : 401);
      });

      test('a citizen’s logout ends the citizen session on the server', async () => {
        const login = async () => {
          const r = await server.api.post<{ token: string }>('/citizen/auth/login', undefined, {
            hetu: citizenHetu,
          });
          assert.equal(r.status, 200, r.text);
          return r.body.token;
        };
        const token = await login();
        const other = await login();
        assert.equal((await server.api.get('/citizen/me', token)).status, 200);
        const out = await server.api.call('POST', '/citizen/auth/logout', { token });
        assert.equal(out.status, 204);
        const refused = await server.api.get<Problem>('/citizen/me', token);
        assert.equal(refused.status, 401);
        assert.equal(refused.body.type.endsWith('unauthenticated'), true);
        assert.equal((await server.api.get('/citizen/me', other)).status, 200);
        assert.equal((await server.api.get('/citizen/me', await login())).status, 200);
        const entries = await server.db.owner.pool.query(
          "SELECT outcome, rule, client_key FROM audit_entry WHERE action = 'citizen.auth.logout'",
        );
        assert.deepEqual(entries.rows, [{ outcome: 'allowed', rule: 'own_session', client_key: citizenKey }]);
      });

      test('the server role cannot UPDATE or DELETE a revocation; the trigger refuses even the owner', async () => {
        const n = async () =>
          (
            await server.db.owner.pool.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM session_revocation',
            )
          ).rows[0]!.n;
        const before = await n();
        assert.ok(before > 0);
        assert.equal(server.db.store.role, 'varanto_app');
        for (const sql of [
          "UPDATE session_revocation SET reason = 'x'",
          'DELETE FROM session_revocation',
          'TRUNCATE session_revocation',
        ]) {
          await assert.rejects(
            server.db.store.transaction((tx) => tx.query(sql)),
            (e) => sqlState(e) === '42501',
            sql,
          );
          await assert.rejects(
            server.db.owner.transaction((tx) => tx.query(sql)),
            (e) => sqlState(e) === APPEND_ONLY_SQLSTATE,
            sql,
          );
        }
        assert.equal(await n(), before);
      });
    });
  }
}
