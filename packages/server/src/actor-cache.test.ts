// The auth-facts cache (actor-cache.ts) on a real server: a right or a regulation changed through
// the API takes effect on the next request even while the cache holds the old one; a right ended
// behind the server's back (SQL, another process) takes effect within the configured time, and not
// before — the window is what the configuration promises, no more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_REGULATION, NO_REVOCATIONS } from '@varanto/domain/access';
import type { Actor } from '@varanto/domain/records';
import { grantRight } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import { AuthFactsCache, changesAuthFacts } from './actor-cache.ts';
import { professional, seedWorld } from './test-world.ts';
import { type RunningTestServer, startTestServer } from './testing.ts';

const ORG = '1.2.246.10.77001';
const UNIT = `${ORG}.10.1`;
const FAMILY = '24';

describe('auth-facts cache: forgetting one professional', () => {
  const actor = (professionalId: string): Actor => ({
    kind: 'professional',
    professionalId,
    login: professionalId,
    name: professionalId,
    role: 'social_worker',
    organizationOid: ORG,
    serviceUnitOids: [UNIT],
    serviceTasks: [FAMILY],
    registrarOids: [ORG],
    strongAuth: true,
  });
  const facts = (id: string) => ({
    actor: actor(id),
    regulation: DEFAULT_REGULATION,
    revocations: NO_REVOCATIONS,
  });
  const DAY = '2026-11-23';

  test('forget drops both login strengths of that professional only', () => {
    const cache = new AuthFactsCache(60_000);
    cache.set('a', true, DAY, facts('a'));
    cache.set('a', false, DAY, facts('a'));
    cache.set('b', true, DAY, facts('b'));
    cache.forget('a', DAY);
    assert.equal(cache.get('a', true, DAY), undefined);
    assert.equal(cache.get('a', false, DAY), undefined);
    assert.ok(cache.get('b', true, DAY));
  });

  test('facts whose reading overlapped a revocation are not kept', () => {
    const cache = new AuthFactsCache(60_000);
    const generation = cache.generation;
    // Read started; meanwhile a revocation committed and forgot the professional.
    cache.forget('a', DAY);
    cache.set('a', true, DAY, facts('a'), generation);
    assert.equal(cache.get('a', true, DAY), undefined, 'possibly older than the revocation');
    cache.set('a', true, DAY, facts('a'), cache.generation);
    assert.ok(cache.get('a', true, DAY));
    const before = cache.generation;
    cache.clear();
    cache.set('a', true, DAY, facts('a'), before);
    assert.equal(cache.get('a', true, DAY), undefined);
  });
});

for (const engine of await testEngines()) {
  describe(`auth-facts cache (${engine.name})`, () => {
    let server: RunningTestServer;
    let adminToken: string;
    let sariId: string;
    const TTL_MS = 1500;

    before(async () => {
      server = await startTestServer(engine, { authCacheMs: TTL_MS });
      const world = await seedWorld(server.db.store, {
        organizations: [
          { oid: ORG, name: 'Välimuistin hyvinvointialue', admin: { login: 'cache-admin', unitOid: UNIT } },
        ],
        professionals: [
          professional('cache-sari', 'Sari S', {
            organizationOid: ORG,
            serviceUnitOids: [UNIT],
            role: 'social_worker',
            serviceTasks: [FAMILY],
            validFrom: '2020-01-01',
            grantedBy: 'test',
          }),
        ],
      });
      sariId = world.ids['cache-sari']!;
      adminToken = await server.api.login('cache-admin');
    });
    after(() => server.close());

    const me = async (token: string) => (await server.api.get<{ role: string }>('/auth/me', token)).status;

    test('a right ended through the API locks the professional out on the next request', async () => {
      const token = await server.api.login('cache-sari');
      assert.equal(await me(token), 200, 'cached now');
      const ended = await server.api.post(`/professionals/${sariId}/rights`, adminToken, {
        organizationOid: ORG,
        serviceUnitOids: [UNIT],
        role: 'social_worker',
        serviceTasks: [FAMILY],
        validFrom: '2020-01-01',
        validTo: '2020-12-31',
        reason: 'siirtyi muualle',
      });
      assert.equal(ended.status, 201, ended.text);
      assert.equal(await me(token), 401);
      // Granted again through the API: back at once as well.
      const again = await server.api.post(`/professionals/${sariId}/rights`, adminToken, {
        organizationOid: ORG,
        serviceUnitOids: [UNIT],
        role: 'social_worker',
        serviceTasks: [FAMILY],
        validFrom: '2020-01-01',
      });
      assert.equal(again.status, 201, again.text);
      assert.equal(await me(token), 200);
    });

    test('a right ended behind the server stays usable at most the configured time', async () => {
      const token = await server.api.login('cache-sari');
      // Let any entry of an earlier test expire, so the next request loads the facts afresh: the
      // window is then known to start no earlier than `cachedAt`.
      await new Promise((r) => setTimeout(r, TTL_MS + 50));
      const cachedAt = Date.now();
      assert.equal(await me(token), 200);
      const endedAt = Date.now();
      await server.db.store.transaction((tx) =>
        grantRight(tx, {
          professionalId: sariId,
          organizationOid: ORG,
          serviceUnitOids: [UNIT],
          role: 'social_worker',
          serviceTasks: [FAMILY],
          validFrom: '2020-01-01',
          validTo: '2020-12-31',
          grantedBy: 'sql-behind-the-server',
        }),
      );
      // Within the window the cached right still answers: this is the documented trade-off.
      if (Date.now() - endedAt < TTL_MS / 2) assert.equal(await me(token), 200);
      let status = 200;
      while (status === 200 && Date.now() - endedAt < TTL_MS * 4) {
        await new Promise((r) => setTimeout(r, 100));
        status = await me(token);
      }
      assert.equal(status, 401);
      assert.ok(Date.now() - cachedAt >= TTL_MS - 5, 'not refused before the window passed');
      assert.ok(Date.now() - endedAt <= TTL_MS + 1000, 'refused once the window passed');
    });

    test('the actions that clear the cache are exactly those that change what authentication reads', () => {
      for (const a of ['right.grant', 'access_regulation.change', 'usage_right.open', 'usage_right.end'])
        assert.equal(changesAuthFacts(a), true, a);
      for (const a of ['document.store', 'document.read', 'case.close', 'right.history'])
        assert.equal(changesAuthFacts(a), false, a);
    });
  });
}
