// The API server of a benchmark, in a process of its own (as in production), so the load
// generator does not share its event loop and its memory can be measured. Prints one JSON line
// `{"url": ..., "pid": ...}` when listening; stops on SIGTERM.
//
//   node --import tsx [--cpu-prof --cpu-prof-dir=DIR] bench/server.ts <database-url> [pool-size]
import { buildServer } from '@varanto/server';
import { openStore } from '@varanto/store';
import { DEFAULT_AUTH_CACHE_MS } from '../packages/cli/src/config.ts';
import { DEMO_PASSWORD } from '../packages/cli/src/seed/seed.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: bench/server.ts <database-url> [pool-size]');
const store = await openStore({ url, max: Number(process.argv[3] ?? 20) });
const app = await buildServer({
  store,
  config: {
    sessionSecret: 'b'.repeat(48),
    demoLogins: true,
    demoPassword: DEMO_PASSWORD,
    // The benchmark logs in many professionals from one address.
    loginRateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    // As `varanto start` runs it (VARANTO_AUTH_CACHE_MS, default 2 s; 0 reads on every request).
    authCacheMs: Number(process.env.VARANTO_AUTH_CACHE_MS ?? DEFAULT_AUTH_CACHE_MS),
    // VARANTO_GROUP_COMMIT=1: concurrent stores share a transaction (the write section sets it per pass).
    groupCommit: ['1', 'true', 'on', 'yes'].includes((process.env.VARANTO_GROUP_COMMIT ?? '').toLowerCase()),
  },
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url: address, pid: process.pid }));
const stop = async () => {
  await app.close();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
