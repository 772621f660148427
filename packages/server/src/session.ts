// The session a login issues: a signed JWT (HS256) that names the professional, how strongly they
// logged in, and the session itself (`jti`, a random UUID) with the moment it was issued (`iat`, in
// milliseconds as a fractional NumericDate), nothing else. The id and the moment are what a
// revocation names: a logout ends the one session, an administrator every session issued before a
// moment (session_revocation, checked by auth.ts). Rights are deliberately not in the token: the actor is rebuilt from
// the professional's current right on every request, so ending a right takes effect at once.
//
// Signed and verified with node:crypto's HMAC rather than a JOSE library: every request verifies a
// token, and the WebCrypto path cost ~390 µs per token against ~20 µs here (bench/session-verify.ts).
// The tokens are ordinary compact JWS (RFC 7515/7519), so any JWT library can read them.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'varanto_session';
const ISSUER = 'varanto';
const AUDIENCE = 'varanto-api';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** Longest token accepted; ours are ~300 bytes, so anything far longer is not one of ours. */
const MAX_TOKEN_LENGTH = 4096;

export type LoginMethod = 'password' | 'certificate-card-demo';

export interface Session {
  professionalId: string;
  login: string;
  /** Certificate card (or the demo stand-in): required to retrieve documents. */
  strongAuth: boolean;
  method: LoginMethod;
  /** The token's `jti`: what a logout revokes. */
  sessionId: string;
  /** The token's `iat`, to the millisecond: a revocation of all sessions refuses those issued before it. */
  issuedAt: Date;
  /**
   * When the person logged in: the issue moment, or for a session renewed in place of an earlier
   * one (`renewSession`), that one's (the token's `auth_time`, OpenID Connect's claim).
   */
  authenticatedAt: Date;
  expiresAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** HS256 needs at least 256 bits of key; a shorter secret is a configuration error, not a weak key. */
export function sessionKey(secret: string | Uint8Array): Uint8Array {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (key.length < 32) throw new RangeError('the session secret must be at least 32 bytes');
  return key;
}

function mac(key: Uint8Array, signingInput: string): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

export async function signSession(
  key: Uint8Array,
  s: Omit<Session, 'expiresAt' | 'issuedAt' | 'sessionId' | 'authenticatedAt'> & { sessionId?: string },
  now: Date,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  // Expiry stays a whole second, counted from the second the session was issued in.
  return sign(key, s, now, Math.floor(now.getTime() / 1000) + ttlSeconds);
}

/**
 * A new session (new id, issued `now`) in place of `session`, for the same person, strength and
 * method, that ends when `session` would have ended and keeps its login moment: a renewal neither
 * lengthens a session nor makes its login look newer than it was, however often it is repeated.
 */
export async function renewSession(
  key: Uint8Array,
  session: Session,
  now: Date,
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  return sign(
    key,
    {
      professionalId: session.professionalId,
      login: session.login,
      strongAuth: session.strongAuth,
      method: session.method,
      authenticatedAt: session.authenticatedAt,
    },
    now,
    Math.floor(session.expiresAt.getTime() / 1000),
  );
}

async function sign(
  key: Uint8Array,
  s: Omit<Session, 'expiresAt' | 'issuedAt' | 'sessionId' | 'authenticatedAt'> & {
    sessionId?: string;
    authenticatedAt?: Date;
  },
  now: Date,
  exp: number,
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  // RFC 7519 NumericDate may be fractional: the issue moment keeps its milliseconds, so a session
  // issued right after a revocation of all is told apart from one issued just before it.
  const iat = now.getTime() / 1000;
  const sessionId = s.sessionId ?? randomUUID();
  // Written only when the login was before the issue (a renewed session); otherwise it is `iat`.
  const authTime =
    s.authenticatedAt !== undefined && s.authenticatedAt.getTime() !== now.getTime()
      ? s.authenticatedAt.getTime() / 1000
      : undefined;
  const payload = {
    login: s.login,
    strong: s.strongAuth,
    amr: [s.method],
    sub: s.professionalId,
    iss: ISSUER,
    aud: AUDIENCE,
    iat,
    exp,
    jti: sessionId,
    ...(authTime !== undefined ? { auth_time: authTime } : {}),
  };
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const token = `${signingInput}.${mac(key, signingInput).toString('base64url')}`;
  return { token, expiresAt: new Date(exp * 1000), sessionId };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parseJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The session a token carries, or undefined for a token that is forged, expired or malformed. */
export async function verifySession(key: Uint8Array, token: string, now: Date): Promise<Session | undefined> {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, sig] = parts as [string, string, string];
  if (!BASE64URL.test(h) || !BASE64URL.test(p) || !BASE64URL.test(sig)) return undefined;
  // The signature first: nothing of an unsigned token is even parsed.
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(key, `${h}.${p}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const header = parseJson(h);
  // Only HS256: a token may not choose a weaker algorithm (`none`) or another key type.
  if (header?.alg !== 'HS256' || header.crit !== undefined) return undefined;
  const payload = parseJson(p);
  if (!payload) return undefined;
  const t = Math.floor(now.getTime() / 1000);
  const aud = payload.aud;
  const method = Array.isArray(payload.amr) ? payload.amr[0] : undefined;
  if (
    payload.iss !== ISSUER ||
    !(aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE))) ||
    typeof payload.exp !== 'number' ||
    // Expired at `exp` itself, as RFC 7519 4.1.4 says ("on or after").
    payload.exp <= t ||
    (payload.nbf !== undefined && !(typeof payload.nbf === 'number' && payload.nbf <= t)) ||
    typeof payload.sub !== 'string' ||
    typeof payload.login !== 'string' ||
    // Every session has an id and an issue moment: without them it could not be revoked.
    typeof payload.jti !== 'string' ||
    !UUID.test(payload.jti) ||
    typeof payload.iat !== 'number' ||
    !Number.isFinite(payload.iat) ||
    typeof payload.strong !== 'boolean' ||
    // A login moment, when given, is a number no later than the issue.
    (payload.auth_time !== undefined &&
      !(
        typeof payload.auth_time === 'number' &&
        Number.isFinite(payload.auth_time) &&
        payload.auth_time <= payload.iat
      )) ||
    (method !== 'password' && method !== 'certificate-card-demo')
  ) {
    return undefined;
  }
  return {
    professionalId: payload.sub,
    login: payload.login,
    strongAuth: payload.strong,
    method,
    sessionId: payload.jti,
    issuedAt: new Date(Math.round(payload.iat * 1000)),
    authenticatedAt: new Date(
      Math.round((typeof payload.auth_time === 'number' ? payload.auth_time : payload.iat) * 1000),
    ),
    expiresAt: new Date(payload.exp * 1000),
  };
}
