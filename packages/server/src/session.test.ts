// Session tokens are standard HS256 JWTs checked with node:crypto: tokens of a JOSE library verify
// and ours verify there, and every field that makes a token valid is checked.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { jwtVerify, SignJWT } from 'jose';
import { renewSession, sessionKey, signSession, verifySession } from './session.ts';
import { TEST_SECRET } from './testing.ts';

const key = sessionKey(TEST_SECRET);
const now = new Date('2025-05-01T08:00:00Z');
const iat = Math.floor(now.getTime() / 1000);
const claims = {
  sub: '6f1c1f4e-3f57-4c57-9a59-6c1b0e1a1a11',
  login: 'sari',
  strong: true,
  amr: ['certificate-card-demo'],
  iss: 'varanto',
  aud: 'varanto-api',
  iat,
  exp: iat + 60,
  jti: '0b8f5a8e-5f0e-4d43-9d3a-2f7f1c3b9e21',
};

/** A token with any header and claims, signed with `key` by hand. */
function handMade(header: object, payload: object, k: Uint8Array = key): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', k).update(input).digest('base64url')}`;
}

describe('session tokens (node:crypto HS256)', () => {
  test('a JOSE library reads our tokens, and we read its tokens', async () => {
    const { token, expiresAt } = await signSession(
      key,
      {
        professionalId: claims.sub,
        login: 'sari',
        strongAuth: true,
        method: 'certificate-card-demo',
        sessionId: claims.jti,
      },
      now,
      60,
    );
    assert.equal(expiresAt.getTime(), (iat + 60) * 1000);
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: 'varanto',
      audience: 'varanto-api',
      currentDate: now,
    });
    assert.equal(protectedHeader.alg, 'HS256');
    assert.deepEqual(payload, claims);
    const theirs = await new SignJWT({ login: 'sari', strong: false, amr: ['password'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer('varanto')
      .setAudience('varanto-api')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti(claims.jti)
      .sign(key);
    assert.deepEqual(await verifySession(key, theirs, now), {
      professionalId: claims.sub,
      login: 'sari',
      strongAuth: false,
      method: 'password',
      sessionId: claims.jti,
      issuedAt: now,
      authenticatedAt: now,
      expiresAt: new Date((iat + 60) * 1000),
    });
  });

  test('a renewed session is a new one that keeps the login moment, strength and expiry', async () => {
    const login = new Date('2025-05-01T08:00:00.250Z');
    const first = await signSession(
      key,
      { professionalId: claims.sub, login: 'sari', strongAuth: true, method: 'certificate-card-demo' },
      login,
      8 * 3600,
    );
    const original = (await verifySession(key, first.token, login))!;
    assert.equal(original.authenticatedAt.getTime(), login.getTime(), 'a login is authenticated when issued');
    const later = new Date(login.getTime() + 3 * 3600_000 + 17);
    const renewed = await renewSession(key, original, later);
    assert.equal(renewed.expiresAt.getTime(), first.expiresAt.getTime());
    const s = (await verifySession(key, renewed.token, later))!;
    assert.deepEqual(s, {
      ...original,
      sessionId: renewed.sessionId,
      issuedAt: later,
      authenticatedAt: login,
    });
    assert.notEqual(renewed.sessionId, original.sessionId);
    // Standard claims a JOSE library reads: auth_time is the login, iat the renewal.
    const { payload } = await jwtVerify(renewed.token, key, { algorithms: ['HS256'], currentDate: later });
    assert.deepEqual(
      [payload.auth_time, payload.iat, payload.exp],
      [login.getTime() / 1000, later.getTime() / 1000, first.expiresAt.getTime() / 1000],
    );
    // It ends when the first would have, renewed or not.
    assert.equal(await verifySession(key, renewed.token, first.expiresAt), undefined);
    // A login moment after the issue, or not a number, is not ours.
    assert.equal(
      await verifySession(key, handMade({ alg: 'HS256' }, { ...claims, auth_time: iat + 1 }), now),
      undefined,
    );
    assert.equal(
      await verifySession(key, handMade({ alg: 'HS256' }, { ...claims, auth_time: 'x' }), now),
      undefined,
    );
  });

  test('each session has its own id and keeps its issue moment to the millisecond', async () => {
    const at = new Date('2025-05-01T08:00:00.123Z');
    const base = {
      professionalId: claims.sub,
      login: 'sari',
      strongAuth: false,
      method: 'password',
    } as const;
    const a = await signSession(key, base, at, 60);
    const b = await signSession(key, base, at, 60);
    assert.notEqual(a.sessionId, b.sessionId);
    const s = await verifySession(key, a.token, at);
    assert.equal(s?.sessionId, a.sessionId);
    assert.equal(s?.issuedAt.getTime(), at.getTime());
    // Expiry stays a whole second (exp counts from the second the session was issued in).
    assert.equal(a.expiresAt.getTime(), (iat + 60) * 1000);
  });

  test('the token expires at exp, and a not-before in the future is refused', async () => {
    const t = handMade({ alg: 'HS256', typ: 'JWT' }, claims);
    assert.ok(await verifySession(key, t, new Date((iat + 59) * 1000 + 999)));
    assert.equal(await verifySession(key, t, new Date((iat + 60) * 1000)), undefined);
    const later = handMade({ alg: 'HS256' }, { ...claims, nbf: iat + 10 });
    assert.equal(await verifySession(key, later, now), undefined);
    assert.ok(await verifySession(key, later, new Date((iat + 10) * 1000)));
  });

  test('another algorithm, issuer, audience, method or a missing claim is refused', async () => {
    assert.ok(await verifySession(key, handMade({ alg: 'HS256' }, claims), now));
    const refused = [
      handMade({ alg: 'none' }, claims),
      handMade({ alg: 'HS512' }, claims),
      handMade({ alg: 'HS256', crit: ['exp'] }, claims),
      handMade({ alg: 'HS256' }, { ...claims, iss: 'someone-else' }),
      handMade({ alg: 'HS256' }, { ...claims, aud: 'another-api' }),
      handMade({ alg: 'HS256' }, { ...claims, amr: ['sms'] }),
      handMade({ alg: 'HS256' }, { ...claims, strong: 'yes' }),
      handMade({ alg: 'HS256' }, { ...claims, exp: undefined }),
      handMade({ alg: 'HS256' }, { ...claims, sub: 7 }),
      // No session id, or one that is not ours (a UUID), or no issue moment: it could not be revoked.
      handMade({ alg: 'HS256' }, { ...claims, jti: undefined }),
      handMade({ alg: 'HS256' }, { ...claims, jti: 'x' }),
      handMade({ alg: 'HS256' }, { ...claims, iat: undefined }),
      handMade({ alg: 'HS256' }, { ...claims, iat: 'now' }),
      handMade({ alg: 'HS256' }, claims, sessionKey('another-secret-that-is-long-enough-to-use')),
      // An unsigned token with our claims.
      `${handMade({ alg: 'none' }, claims).split('.').slice(0, 2).join('.')}.`,
      `${handMade({ alg: 'HS256' }, claims)}.extra`,
      'x'.repeat(5000),
      '..',
      '',
    ];
    for (const t of refused) assert.equal(await verifySession(key, t, now), undefined, t.slice(0, 80));
    // An audience list that names us is accepted, as RFC 7519 allows.
    assert.ok(
      await verifySession(key, handMade({ alg: 'HS256' }, { ...claims, aud: ['x', 'varanto-api'] }), now),
    );
  });
});
