// The small fuzz run of `npm test`: about 2,000 bad requests against a real server, plus the fixed
// probes of the body-size and nesting limits. The long run is
// `node --import tsx scripts/fuzz/run.ts --cases 100000`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import fc from 'fast-check';
import { DEMO_PASSWORD } from '../../packages/cli/src/seed/seed.ts';
import {
  describe as describeRequest,
  discover,
  type Endpoint,
  endpointsOf,
  type Fixtures,
  groupFailures,
  requestArb,
  runFuzz,
  statusLine,
} from './fuzz.ts';
import { startTarget, type Target } from './target.ts';

// At the top level: run on its own, testEngines() stops the server it starts when the file's
// tests are done, which from inside a hook would be after the first test.
const [engine] = await testEngines();

describe('fuzzing the API with bad input', () => {
  let target: Target;
  let endpoints: Endpoint[];
  let fixtures: Fixtures;

  before(async () => {
    target = await startTarget({ adminUrl: engine!.adminUrl, clients: 6, documentsPerClient: 2 });
    endpoints = endpointsOf(await (await fetch(`${target.url}/openapi.json`)).json());
    fixtures = await discover(target.url, DEMO_PASSWORD);
  });
  after(() => target?.close());

  test('the generators reach every endpoint and every kind of damage', () => {
    assert.ok(endpoints.length >= 40, `only ${endpoints.length} endpoints in /openapi.json`);
    const sample = fc.sample(requestArb(endpoints, fixtures), { numRuns: 3000, seed: 7 });
    const routes = new Set(sample.map((r) => `${r.method} ${r.path.split('?')[0]}`));
    const kinds = new Set(sample.map((r) => r.kind));
    for (const k of ['valid-ish', 'body-mutation', 'raw-body', 'headers', 'path', 'query', 'route'])
      assert.ok(kinds.has(k), `no ${k} request generated`);
    for (const ep of endpoints) {
      const shape = new RegExp(`^${ep.method} ${ep.path.replace(/\{\w+\}/g, '[^/]+')}$`);
      assert.ok(
        [...routes].some((r) => shape.test(r)),
        `${ep.method} ${ep.path} never generated`,
      );
    }
  });

  test('2,000 bad requests: no 5xx, no reset connection, limits hold, server stays up', async () => {
    const lines: string[] = [];
    const seed = Math.floor(Math.random() * 1_000_000);
    const r = await runFuzz({
      base: target.url,
      fixtures,
      endpoints,
      bodyLimit: target.bodyLimit,
      cases: 2000,
      seed,
      concurrency: 8,
      takeErrors: target.takeErrors,
      log: (l) => lines.push(l),
      password: DEMO_PASSWORD,
    });
    const report = [
      `seed ${seed}; statuses ${statusLine(r.byStatus)}`,
      ...r.limitProblems,
      ...groupFailures(r.failures).map(
        (g) =>
          `×${g.count} ${g.key}\n  ${g.example.outcome}\n  ${g.example.serverErrors[0] ?? ''}\n  ${describeRequest(g.example.request, fixtures, target.url)}`,
      ),
    ].join('\n');
    assert.ok(r.cases >= 2000, report);
    assert.ok((r.byStatus.get(400) ?? 0) > 0 && (r.byStatus.get(200) ?? 0) > 0, report);
    assert.equal(r.crashes, 0, report);
    assert.deepEqual(r.limitProblems, [], report);
    assert.deepEqual(
      [...r.byStatus.keys()].filter((s) => s >= 500),
      [],
      report,
    );
    // Cases log out and revoke sessions; the identities must still be logged in at the end, or the
    // run after the first such case would have tested only the 401 of an ended session.
    for (const [name, token] of Object.entries(fixtures.tokens)) {
      if (token === '') continue;
      const me = await fetch(`${target.url}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(
        me.status,
        200,
        `${name} is no longer logged in after the run (${r.sessionsEnded} cases ended sessions)\n${report}`,
      );
    }
  });
});
