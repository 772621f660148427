// buildServer through fastify.inject (no port): the cross-cutting behaviour that does not need a
// seeded world — health, login rate limit, body limit, session tokens, the error mapping.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Type } from '@fastify/type-provider-typebox';
import { createTestDatabase, createTestStore, testEngines } from '@varanto/store/testing';
import { startServer } from './index.ts';
import { findUnstorable, MAX_JSON_DEPTH } from './input.ts';
import { toProblem } from './problem.ts';
import { buildServer, checkedSerializer, ResponseSchemaError } from './server.ts';
import { sessionKey, signSession, verifySession } from './session.ts';
import { TEST_SECRET } from './testing.ts';

describe('session tokens', () => {
  const key = sessionKey(TEST_SECRET);
  const now = new Date('2025-05-01T08:00:00Z');
  const base = {
    professionalId: '6f1c1f4e-3f57-4c57-9a59-6c1b0e1a1a11',
    login: 'sari',
    strongAuth: true,
  } as const;

  test('a token names the professional and the strength of the login, and expires', async () => {
    const { token } = await signSession(key, { ...base, method: 'certificate-card-demo' }, now, 60);
    const s = await verifySession(key, token, new Date(now.getTime() + 30_000));
    assert.deepEqual(s && [s.professionalId, s.login, s.strongAuth, s.method], [
      base.professionalId,
      'sari',
      true,
      'certificate-card-demo',
    ]);
    assert.equal(await verifySession(key, token, new Date(now.getTime() + 61_000)), undefined);
  });

  test('a token signed with another key or altered is refused', async () => {
    const { token } = await signSession(key, { ...base, strongAuth: false, method: 'password' }, now, 60);
    assert.ok(await verifySession(key, token, now));
    const other = sessionKey('another-secret-that-is-long-enough-to-use');
    assert.equal(await verifySession(other, token, now), undefined);
    const [h, p, sig] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.strong = true;
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    assert.equal(await verifySession(key, forged, now), undefined);
    assert.equal(await verifySession(key, 'not a token', now), undefined);
  });

  test('a short secret is a configuration error', () => {
    assert.throws(() => sessionKey('short'), RangeError);
  });
});

describe('response check', () => {
  test('a response that breaks its schema is refused, a conforming one serialized', () => {
    const serialize = checkedSerializer({
      schema: Type.Object({ setId: Type.String(), version: Type.Integer() }),
      method: 'GET',
      url: '/x',
      httpStatus: '200',
    });
    assert.equal(serialize({ setId: '1.2', version: 1 }), '{"setId":"1.2","version":1}');
    assert.throws(() => serialize({ setId: '1.2', version: '1' }), ResponseSchemaError);
    assert.throws(() => serialize({ version: 1 }), ResponseSchemaError);
  });
});

describe('input guard', () => {
  test('finds NUL characters, lone surrogates and excessive nesting, with their pointers', () => {
    assert.equal(findUnstorable({ a: ['ok', { 'b/c': 'ä😀' }] }), undefined);
    assert.deepEqual(findUnstorable({ a: ['ok', { 'b/c': 'x\u0000' }] })?.path, '/a/1/b~1c');
    assert.deepEqual(findUnstorable({ a: 'x\ud800y' })?.code, 'nul_or_surrogate');
    assert.deepEqual(findUnstorable({ a: '\udc00' })?.code, 'nul_or_surrogate');
    assert.deepEqual(findUnstorable({ 'k\u0000': 1 })?.path, '/k\u0000');
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.deepEqual(findUnstorable({ content: deep })?.code, 'too_deep');
    let fine: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) fine = [fine];
    assert.equal(findUnstorable(fine), undefined);
  });
});

describe('error mapping', () => {
  test('an unexpected error becomes a 500 that hides its message', () => {
    const { problem, internal } = toProblem(new Error('password=hunter2 at db.internal:5432'));
    assert.equal(internal, true);
    assert.equal(problem.status, 500);
    assert.doesNotMatch(JSON.stringify(problem), /hunter2|5432/);
  });
});

for (const engine of await testEngines()) {
  describe(`buildServer with inject (${engine.name})`, async () => {
    const db = await createTestStore(engine);
    after(() => db.close());

    test('login attempts are rate limited with a problem answer', async () => {
      const app = await buildServer({
        store: db.store,
        config: { sessionSecret: TEST_SECRET, loginRateLimit: { max: 2, timeWindowMs: 60_000 } },
      });
      try {
        const attempt = () =>
          app.inject({
            method: 'POST',
            url: '/auth/login',
            payload: { login: 'x', method: 'password', password: 'y' },
          });
        assert.equal((await attempt()).statusCode, 401);
        assert.equal((await attempt()).statusCode, 401);
        const limited = await attempt();
        assert.equal(limited.statusCode, 429);
        assert.match(limited.headers['content-type'] as string, /^application\/problem\+json/);
        assert.equal(limited.json().status, 429);
      } finally {
        await app.close();
      }
    });

    test('the demo certificate card is refused unless demo logins are on', async () => {
      const app = await buildServer({ store: db.store, config: { sessionSecret: TEST_SECRET } });
      try {
        const r = await app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { login: 'anyone', method: 'certificate-card-demo' },
        });
        assert.equal(r.statusCode, 401);
      } finally {
        await app.close();
      }
    });

    test('the body limit is configurable and answers 413', async () => {
      const app = await buildServer({
        store: db.store,
        config: { sessionSecret: TEST_SECRET, bodyLimit: 1024 },
      });
      try {
        const r = await app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { login: 'x'.repeat(2000), method: 'password' },
        });
        assert.equal(r.statusCode, 413);
        assert.equal(r.json().type, 'https://varanto.fi/problems/payload-too-large');
      } finally {
        await app.close();
      }
    });

    test('startServer migrates, listens on a real port and closes', async () => {
      const fresh = await createTestDatabase(engine);
      try {
        const running = await startServer({ databaseUrl: fresh.url, port: 0, sessionSecret: TEST_SECRET });
        try {
          const r = await fetch(`${running.url}/health`);
          assert.equal(r.status, 200);
          assert.equal(running.store.role, 'varanto_app', 'the server acts as the application role');
        } finally {
          await running.close();
        }
      } finally {
        await fresh.drop();
      }
    });

    test('startServer refuses to start without a session secret', async () => {
      const saved = process.env.VARANTO_SESSION_SECRET;
      delete process.env.VARANTO_SESSION_SECRET;
      try {
        await assert.rejects(startServer({ databaseUrl: 'postgres://unused', port: 0 }), /session secret/);
      } finally {
        if (saved !== undefined) process.env.VARANTO_SESSION_SECRET = saved;
      }
    });

    test('health answers 503 when the database is unreachable', async () => {
      const other = await createTestStore(engine);
      const app = await buildServer({ store: other.store, config: { sessionSecret: TEST_SECRET } });
      try {
        assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
        await other.store.close();
        const r = await app.inject({ method: 'GET', url: '/health' });
        assert.equal(r.statusCode, 503);
        assert.deepEqual(r.json(), { status: 'unavailable', database: 'unreachable' });
      } finally {
        await app.close();
        await other.owner.close();
        await other.db.drop();
      }
    });
  });
}
