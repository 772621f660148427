// Session token verification per request: jose's jwtVerify (the WebCrypto path the server used
// before) against the node:crypto HMAC verifier in packages/server/src/session.ts, on the same
// tokens in one run, alternating passes. Each side first checks that it accepts the other's token.
//
//   node --import tsx bench/session-verify.ts [tokens-per-pass]
import { jwtVerify, SignJWT } from 'jose';
import { sessionKey, signSession, verifySession } from '../packages/server/src/session.ts';

const n = Number(process.argv[2] ?? 20_000);
const key = sessionKey('b'.repeat(48));
const now = new Date();
const iat = Math.floor(now.getTime() / 1000);
const joseToken = await new SignJWT({ login: 'bench', strong: true, amr: ['certificate-card-demo'] })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setSubject('00000000-0000-4000-8000-000000000001')
  .setIssuer('varanto')
  .setAudience('varanto-api')
  .setIssuedAt(iat)
  .setExpirationTime(iat + 3600)
  .sign(key);
const { token } = await signSession(
  key,
  {
    professionalId: '00000000-0000-4000-8000-000000000001',
    login: 'bench',
    strongAuth: true,
    method: 'certificate-card-demo',
  },
  now,
  3600,
);
if (!(await verifySession(key, joseToken, now))) throw new Error('node:crypto verifier refuses a jose token');
await jwtVerify(token, key, {
  algorithms: ['HS256'],
  issuer: 'varanto',
  audience: 'varanto-api',
  currentDate: now,
});

async function pass(name: string, verify: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await verify();
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(
    `${name.padEnd(34)} ${us.toFixed(1).padStart(7)} µs/token  ${(1e6 / us).toFixed(0).padStart(7)} tokens/s`,
  );
}
const jose = () =>
  jwtVerify(token, key, {
    algorithms: ['HS256'],
    issuer: 'varanto',
    audience: 'varanto-api',
    currentDate: now,
  });
const hmac = () => verifySession(key, token, now);
await pass('warm-up jose', jose);
await pass('warm-up node:crypto', hmac);
for (let i = 0; i < 2; i++) {
  await pass('jose jwtVerify (before)', jose);
  await pass('node:crypto HMAC (session.ts)', hmac);
}
