// Sessions revoked before they expire, on a real server over both engines: a logout ends its own
// session on the server; an administrator of the professional's organization (or the professional
// themself) revokes every session issued so far; nobody else can, and a refusal tells nothing.
// Each case runs without the auth-facts cache and with a long one: a revocation made through the
// API applies on the very next request either way, while one written behind the server's back is
// not seen through the cache (proving the cache was in use).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { APPEND_ONLY_SQLSTATE, revokeSession, revokeSessionsBefore, sqlState } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import { SESSION_COOKIE, sessionKey, signSession, verifySession } from './session.ts';
import { seedWorld } from './test-world.ts';
import { hetu, type RunningTestServer, startTestServer, TEST_SECRET } from './testing.ts';

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
        citizenHetu = hetu('1985-03-03', 931);
        const world = await seedWorld(server.db.store, {
          organizations: [
            { oid: ORG, name: 'Istuntojen hyvinvointialue', admin: { login: 'sess-admin', unitOid: UNIT } },
            {
              oid: OTHER,
              name: 'Toinen hyvinvointialue',
              admin: { login: 'sess-other-admin', unitOid: `${OTHER}.10.1` },
            },
          ],
          rightDefaults: {
            organizationOid: ORG,
            serviceUnitOids: [UNIT],
            role: 'social_worker',
            serviceTasks: [FAMILY],
            validFrom: '2020-01-01',
            grantedBy: 'test',
          },
          professionals: ['sess-sari', 'sess-ville', 'sess-timo', 'sess-nora'].map((login) => ({
            login,
            familyName: 'T',
          })),
          persons: [
            {
              name: 'citizen',
              hetu: citizenHetu,
              familyName: 'Kansalainen',
              givenNames: 'Kaisa',
              birthDate: '1985-03-03',
            },
          ],
        });
        Object.assign(ids, world.ids);
        citizenKey = world.clientKeys.citizen!;
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

      test("from a browser (session cookie), revoking one's own sessions ends the others and renews this one", async () => {
        const cookie = (token: string) => ({ headers: { cookie: `${SESSION_COOKIE}=${token}` } });
        const browser = await server.api.login('sess-ville');
        const other = await server.api.login('sess-ville', 'password');
        const r = await server.api.call('POST', `/professionals/${ids['sess-ville']}/sessions/revoke`, {
          ...cookie(browser),
          body: { reason: 'muut istunnot' },
        });
        assert.equal(r.status, 201, r.text);
        const set = r.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
        assert.ok(set, 'a new session cookie');
        const renewed = set.slice(SESSION_COOKIE.length + 1).split(';')[0]!;
        assert.notEqual(renewed, browser);
        assert.equal((await server.api.call('GET', '/auth/me', cookie(browser))).status, 401);
        assert.equal((await me(other)).status, 401);
        const again = await server.api.call<{ strongAuth: boolean; login: string }>(
          'GET',
          '/auth/me',
          cookie(renewed),
        );
        assert.equal(again.status, 200, again.text);
        assert.deepEqual([again.body.login, again.body.strongAuth], ['sess-ville', true]);
        // A Bearer token revoking its own sessions gets no cookie: a script has no browser to keep.
        const script = await server.api.login('sess-ville');
        const viaBearer = await revoke(script, ids['sess-ville']!);
        assert.equal(viaBearer.status, 201);
        assert.equal(viaBearer.headers.getSetCookie().length, 0);
        assert.equal((await server.api.call('GET', '/auth/me', cookie(renewed))).status, 401);
      });

      test('the renewed session ends when the old one would have and keeps its login moment', async () => {
        const cookie = (token: string) => ({ headers: { cookie: `${SESSION_COOKIE}=${token}` } });
        const key = sessionKey(TEST_SECRET);
        // A browser that logged in with the card an hour ago (signed as a login signs it).
        const loggedIn = new Date(Date.now() - 3_600_000);
        const browser = await signSession(
          key,
          {
            professionalId: ids['sess-nora']!,
            login: 'sess-nora',
            strongAuth: true,
            method: 'certificate-card-demo',
          },
          loggedIn,
          8 * 3600,
        );
        const renew = async (token: string) => {
          const r = await server.api.call('POST', `/professionals/${ids['sess-nora']}/sessions/revoke`, {
            ...cookie(token),
            body: { reason: 'muut istunnot' },
          });
          assert.equal(r.status, 201, r.text);
          const set = r.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
          assert.ok(set, 'a new session cookie');
          const expires = /;\s*Expires=([^;]+)/i.exec(set)?.[1];
          assert.ok(expires, set);
          const t = set.slice(SESSION_COOKIE.length + 1).split(';')[0]!;
          return {
            token: t,
            cookieExpires: new Date(expires),
            session: await verifySession(key, t, new Date()),
          };
        };
        const first = await renew(browser.token);
        assert.ok(first.session, 'a valid token');
        assert.equal(first.session.expiresAt.getTime(), browser.expiresAt.getTime(), 'no new lifetime');
        assert.equal(first.cookieExpires.getTime(), browser.expiresAt.getTime(), "the cookie's expiry too");
        assert.equal(first.session.authenticatedAt.getTime(), loggedIn.getTime(), 'the login moment kept');
        assert.ok(first.session.issuedAt.getTime() > loggedIn.getTime(), 'issued anew, after the revocation');
        assert.deepEqual([first.session.strongAuth, first.session.method], [true, 'certificate-card-demo']);
        const me = await server.api.call<{ strongAuth: boolean }>('GET', '/auth/me', cookie(first.token));
        assert.equal(me.status, 200, me.text);
        // Renewing again and again never lengthens it: it still ends when the first login's would.
        const second = await renew(first.token);
        assert.equal(second.session?.expiresAt.getTime(), browser.expiresAt.getTime());
        assert.equal(second.session?.authenticatedAt.getTime(), loggedIn.getTime());
        assert.equal((await server.api.call('GET', '/auth/me', cookie(first.token))).status, 401);
        assert.equal((await server.api.call('GET', '/auth/me', cookie(second.token))).status, 200);
      });

      test('a session revoked elsewhere cannot renew itself by revoking its own sessions', async () => {
        const cookie = (token: string) => ({ headers: { cookie: `${SESSION_COOKIE}=${token}` } });
        for (const [login, revokedBehind] of [
          // Another node, the CLI or SQL revokes every session of the professional ...
          [
            'sess-timo',
            (id: string) =>
              server.db.store.transaction((tx) =>
                revokeSessionsBefore(tx, {
                  subjectKind: 'professional',
                  subjectId: id,
                  issuedBefore: new Date(),
                  revokedBy: ids['sess-admin']!,
                  reason: 'varastettu kortti',
                }),
              ),
          ],
          // ... or the browser's one session was logged out on another node.
          [
            'sess-sari',
            (id: string, token: string) =>
              server.db.store.transaction(async (tx) => {
                const s = (await verifySession(sessionKey(TEST_SECRET), token, new Date()))!;
                await revokeSession(tx, {
                  subjectKind: 'professional',
                  subjectId: id,
                  sessionId: s.sessionId,
                  expiresAt: s.expiresAt,
                  revokedBy: id,
                  reason: 'logout',
                });
              }),
          ],
        ] as const) {
          const id = ids[login]!;
          const browser = await server.api.login(login);
          assert.equal((await me(browser)).status, 200, 'cached now, when the cache is on');
          await revokedBehind(id, browser);
          await new Promise((r) => setTimeout(r, 5));
          const r = await server.api.call<Problem>('POST', `/professionals/${id}/sessions/revoke`, {
            ...cookie(browser),
            body: { reason: 'muut istunnot' },
          });
          assert.equal(r.status, 401, `${login}: ${r.text}`);
          assert.deepEqual(
            { ...r.body, instance: undefined },
            { ...(await expiredAnswer(id)), instance: undefined },
            'as if unauthenticated',
          );
          assert.deepEqual(r.headers.getSetCookie(), [], 'no new cookie');
          const mine = await server.db.owner.pool.query(
            "SELECT 1 FROM session_revocation WHERE subject_id = $1 AND scope = 'all' AND revoked_by = $2",
            [id, id],
          );
          assert.equal(mine.rowCount, 0, 'nothing revoked by the refused request');
          // The process caught up: the stale cookie is refused from now on even with the cache.
          assert.equal((await me(browser)).status, 401);
          if (cacheMs > 0) {
            // Authentication passed it on cached facts; the route refused it and logged why.
            const rule = login === 'sess-timo' ? 'sessions_revoked' : 'session_logged_out';
            assert.deepEqual(await audit('professional.sessions.revoke', id), [
              { outcome: 'denied', rule, actor_id: id },
            ]);
          }
        }
      });

      test('a revocation being committed when a browser renews itself is waited for and refuses it', async () => {
        const cookie = (token: string) => ({ headers: { cookie: `${SESSION_COOKIE}=${token}` } });
        const id = ids['sess-ville']!;
        const browser = await server.api.login('sess-ville');
        assert.equal((await me(browser)).status, 200);
        const client = await server.db.store.pool.connect();
        let answered = false;
        let committed = false;
        try {
          await client.query('BEGIN');
          await revokeSessionsBefore(client, {
            subjectKind: 'professional',
            subjectId: id,
            issuedBefore: new Date(),
            revokedBy: ids['sess-admin']!,
            reason: 'varastettu kortti',
          });
          const pending = server.api
            .call('POST', `/professionals/${id}/sessions/revoke`, {
              ...cookie(browser),
              body: { reason: 'muut' },
            })
            .finally(() => {
              answered = true;
            });
          await new Promise((r) => setTimeout(r, 300));
          assert.equal(answered, false, 'the renewal waits for the revocation under way');
          await client.query('COMMIT');
          committed = true;
          const r = await pending;
          assert.equal(r.status, 401, r.text);
          assert.deepEqual(r.headers.getSetCookie(), []);
        } finally {
          if (!committed) await client.query('ROLLBACK').catch(() => {});
          client.release();
        }
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
