// The session a login issues: a signed JWT (HS256) that names the professional and how strongly
// they logged in, nothing else. Rights are deliberately not in the token: the actor is rebuilt from
// the professional's current right on every request, so ending a right takes effect at once.
import { errors, jwtVerify, SignJWT } from 'jose';

export const SESSION_COOKIE = 'varanto_session';
const ISSUER = 'varanto';
const AUDIENCE = 'varanto-api';

export type LoginMethod = 'password' | 'certificate-card-demo';

export interface Session {
  professionalId: string;
  login: string;
  /** Certificate card (or the demo stand-in): required to retrieve documents. */
  strongAuth: boolean;
  method: LoginMethod;
  expiresAt: Date;
}

/** HS256 needs at least 256 bits of key; a shorter secret is a configuration error, not a weak key. */
export function sessionKey(secret: string | Uint8Array): Uint8Array {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (key.length < 32) throw new RangeError('the session secret must be at least 32 bytes');
  return key;
}

export async function signSession(
  key: Uint8Array,
  s: Omit<Session, 'expiresAt'>,
  now: Date,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({ login: s.login, strong: s.strongAuth, amr: [s.method] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(s.professionalId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The session a token carries, or undefined for a token that is forged, expired or malformed. */
export async function verifySession(key: Uint8Array, token: string, now: Date): Promise<Session | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
    });
    const method = Array.isArray(payload.amr) ? payload.amr[0] : undefined;
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.login !== 'string' ||
      typeof payload.strong !== 'boolean' ||
      typeof payload.exp !== 'number' ||
      (method !== 'password' && method !== 'certificate-card-demo')
    ) {
      return undefined;
    }
    return {
      professionalId: payload.sub,
      login: payload.login,
      strongAuth: payload.strong,
      method,
      expiresAt: new Date(payload.exp * 1000),
    };
  } catch (e) {
    if (e instanceof errors.JOSEError) return undefined;
    throw e;
  }
}
