// loadStoreFacts answers for many keys in one query exactly what listPersons, getCase,
// getClienthood and loadClientFacts answer one key at a time.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { loadClientFacts } from './care-relations.ts';
import { createPerson, listPersons } from './persons.ts';
import { getCase, getClienthood, recordCase, recordClienthood } from './records.ts';
import { clienthoodKey, loadStoreFacts } from './store-facts.ts';
import { REGISTRAR_A, REGISTRAR_B, testOid } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

for (const engine of await testEngines()) {
  describe(`loadStoreFacts (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('the same answers as the single-key reads, for known, unknown and malformed keys', async () => {
      const person = (familyName: string) =>
        t.store.transaction((tx) =>
          createPerson(tx, { familyName, givenNames: 'Testi', turvakielto: false }, 'test'),
        );
      const a = (await person('Aalto')).clientKey;
      const b = (await person('Berg')).clientKey;
      const stranger = randomUUID();
      const unit = `${REGISTRAR_A}.10.1`;
      await t.store.transaction(async (tx) => {
        await recordClienthood(
          tx,
          {
            clientKey: a,
            clienthoodOid: testOid(),
            registrarOid: REGISTRAR_A,
            registerId: `${REGISTRAR_A}.r`,
            setId: testOid(),
            version: 1,
            started: '2025-01-01',
            serviceTasks: [
              { serviceTask: '2', start: '2025-01-01' },
              { serviceTask: '5', start: '2025-01-02', end: '2025-03-01' },
            ],
            personalWorkerId: 'w1',
          },
          { changedOn: '2025-01-10' },
        );
        // An ended clienthood with the other registrar: the open one wins where both exist.
        await recordClienthood(tx, {
          clientKey: a,
          clienthoodOid: testOid(),
          registrarOid: REGISTRAR_B,
          registerId: `${REGISTRAR_B}.r`,
          setId: testOid(),
          version: 1,
          started: '2024-01-01',
          ended: '2024-06-01',
          serviceTasks: [{ serviceTask: '2', start: '2024-01-01', end: '2024-06-01' }],
        });
      });
      const caseOid = testOid();
      await t.store.transaction((tx) =>
        recordCase(tx, {
          caseOid,
          registrarOid: REGISTRAR_A,
          serviceTask: '2',
          state: '1',
          opened: '2025-02-01',
          shared: true,
          members: [
            { clientKey: a, joinedAt: '2025-02-01' },
            { clientKey: b, joinedAt: '2025-02-03', leftAt: '2025-04-01' },
          ],
          setId: testOid(),
          version: 1,
          serviceUnitOid: unit,
        }),
      );
      const keys = [a, b, stranger, a.toUpperCase(), 'not-a-uuid'];
      const cases = [caseOid, testOid()];
      const hoods = [
        { clientKey: a, registrarOid: REGISTRAR_A },
        { clientKey: a, registrarOid: REGISTRAR_B },
        { clientKey: b, registrarOid: REGISTRAR_A },
        { clientKey: 'not-a-uuid', registrarOid: REGISTRAR_A },
      ];
      const [many, single] = await t.store.transaction(async (tx) => {
        const many = await loadStoreFacts(tx, { persons: keys, cases, clienthoods: hoods, facts: keys });
        // One transaction is one connection: the one-at-a-time reads run in sequence.
        const inTurn = async <T, R>(xs: T[], f: (x: T) => Promise<R>): Promise<R[]> => {
          const out: R[] = [];
          for (const x of xs) out.push(await f(x));
          return out;
        };
        const single = {
          persons: new Set((await listPersons(tx, keys)).map((p) => p.clientKey)),
          cases: await inTurn(cases, (c) => getCase(tx, c)),
          clienthoods: await inTurn(hoods, (h) => getClienthood(tx, h.clientKey, h.registrarOid)),
          facts: await inTurn(keys, (k) => loadClientFacts(tx, k)),
        };
        return [many, single];
      });
      assert.deepEqual(many.persons, single.persons);
      assert.deepEqual(
        cases.map((c) => many.cases.get(c)),
        single.cases,
      );
      assert.ok(single.cases[0] && single.cases[0].members.length === 2, 'the case is there to compare');
      assert.deepEqual(
        hoods.map((h) => many.clienthoods.get(clienthoodKey(h.clientKey, h.registrarOid))),
        single.clienthoods,
      );
      assert.ok(single.clienthoods[0] && single.clienthoods[1], 'both clienthoods are there to compare');
      assert.deepEqual(
        keys.map((k) => many.facts.get(k.toLowerCase())),
        single.facts,
      );
      assert.ok(single.facts[0]!.serviceTasks.length >= 2 && single.facts[0]!.careRelations.length >= 1);
    });
  });
}
