import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageOn, parseBusinessId, parseHetu, parseTemporaryId } from '@varanto/domain/identity';
import { BLOCK, businessIdFrom, ClientFactory, countyCount, FAMILY_SIZE, planWorld } from './world.ts';

const TODAY = '2026-06-15';

function clients(n: number, seed = 1) {
  const world = planWorld({ clients: n, seed, today: TODAY });
  const f = new ClientFactory(world, 10);
  return { world, list: Array.from({ length: n }, (_, i) => f.client(i)) };
}

test('business ids of the generated organizations are valid', () => {
  for (let n = 3_100_000; n < 3_100_200; n += 13) assert.ok(parseBusinessId(businessIdFrom(n)).ok);
  const world = planWorld({ clients: 60_000, seed: 1, today: TODAY });
  assert.equal(world.counties.length, countyCount(60_000));
  const oids = world.counties.flatMap((c) => [c.oid, c.producer.oid]);
  assert.equal(new Set(oids).size, oids.length);
  assert.equal(new Set(world.professionals.map((p) => p.login)).size, world.professionals.length);
  assert.equal(new Set(world.professionals.map((p) => p.id)).size, world.professionals.length);
});

test('clients have unique keys and identifiers, valid codes and realistic shares', () => {
  const { list } = clients(5000);
  assert.equal(new Set(list.map((c) => c.clientKey)).size, list.length);
  const ids = list.map((c) => c.hetu ?? `${c.temporaryId!.system}|${c.temporaryId!.value}`);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of list) {
    if (c.hetu) {
      const h = parseHetu(c.hetu);
      assert.ok(h.ok, c.hetu);
      assert.equal(h.value.birthDate, c.birthDate);
    } else {
      assert.ok(parseTemporaryId(c.temporaryId!.value, c.temporaryId!.system).ok);
    }
    assert.ok(c.started < TODAY && c.started >= '2016-06-01', c.started);
    assert.ok(c.started > c.birthDate, `${c.started} after ${c.birthDate}`);
  }
  const share = (p: (c: (typeof list)[number]) => boolean) => list.filter(p).length / list.length;
  assert.ok(share((c) => c.temporaryId !== undefined) > 0.003);
  assert.ok(share((c) => c.turvakielto) > 0.005);
  assert.ok(share((c) => ageOn({ birthDate: c.birthDate }, TODAY) < 18) > 0.15);
  const mean = list.reduce((a, c) => a + c.documents, 0) / list.length;
  assert.ok(mean > 8 && mean < 12, `mean documents ${mean}`);
  assert.ok(Math.max(...list.map((c) => c.documents)) > 40, 'a heavy tail');
});

test('families: the first clients of a block share a name, an address and a start date', () => {
  const { list } = clients(BLOCK * 3);
  for (let b = 0; b < 3; b++) {
    const fam = list.slice(b * BLOCK, b * BLOCK + FAMILY_SIZE);
    assert.ok(fam.every((c) => c.family === b * BLOCK && c.task === 'families'));
    assert.equal(new Set(fam.map((c) => c.familyName)).size, 1);
    assert.equal(new Set(fam.map((c) => c.started)).size, 1);
    assert.equal(new Set(fam.map((c) => JSON.stringify(c.address))).size, 1);
    assert.ok(ageOn({ birthDate: fam[2]!.birthDate }, TODAY) < 18);
    assert.equal(list[b * BLOCK + FAMILY_SIZE]!.family, undefined);
  }
});

test('the same seed draws the same clients; another seed other ones', () => {
  assert.deepEqual(clients(300, 5).list, clients(300, 5).list);
  assert.notDeepEqual(
    clients(300, 5).list.map((c) => c.clientKey),
    clients(300, 6).list.map((c) => c.clientKey),
  );
});
