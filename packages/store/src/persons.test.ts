import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PersonInput } from './api.ts';
import { ConflictError } from './errors.ts';
import {
  createPerson,
  findClientKey,
  getPerson,
  HETU_SYSTEM,
  listPersons,
  personHistory,
  recordPersonVersion,
  searchPersons,
} from './persons.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

const TEMP_SYSTEM = '1.2.246.10.1111111.99.1';

for (const engine of await testEngines()) {
  describe(`persons (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    const liisa: PersonInput = {
      hetu: '010106a9988',
      familyName: 'Mäkinen',
      givenNames: 'Liisa Maria',
      birthDate: '2006-01-01',
      sex: 'female',
      homeMunicipality: '091',
      turvakielto: false,
      address: { street: 'Katu 1', postalCode: '00100', postOffice: 'Helsinki' },
    };

    test('a person is created with a new client key and read back as given', async () => {
      const p = await t.store.transaction((tx) => createPerson(tx, liisa, 'admin'));
      assert.equal(p.version, 1);
      assert.equal(p.hetu, '010106A9988');
      const got = await t.store.transaction((tx) => getPerson(tx, p.clientKey));
      assert.deepEqual(got, p);
      assert.deepEqual(
        { ...got, clientKey: undefined, version: undefined, recordedAt: undefined },
        { ...liisa, hetu: '010106A9988', clientKey: undefined, version: undefined, recordedAt: undefined },
      );
      assert.equal(
        await t.store.transaction((tx) => findClientKey(tx, HETU_SYSTEM, '010106a9988')),
        p.clientKey,
      );
      assert.equal(await t.store.transaction((tx) => getPerson(tx, 'nope')), undefined);
    });

    test('a henkilötunnus already known is a conflict', async () => {
      await assert.rejects(
        t.store.transaction((tx) => createPerson(tx, { ...liisa, familyName: 'Toinen' })),
        (e) => e instanceof ConflictError && e.what === 'person.identifier',
      );
    });

    test('a temporary id later replaced by a henkilötunnus: one person, both ids, every version kept', async () => {
      const temp = await t.store.transaction((tx) =>
        createPerson(tx, {
          temporaryId: { system: TEMP_SYSTEM, value: 'T-1' },
          familyName: 'Tuntematon',
          givenNames: 'Poika',
          turvakielto: true,
        }),
      );
      const v2 = await t.store.transaction((tx) =>
        recordPersonVersion(tx, temp.clientKey, {
          hetu: '020202A1236',
          familyName: 'Korhonen',
          givenNames: 'Pekka',
          turvakielto: true,
        }),
      );
      assert.equal(v2.version, 2);
      assert.equal(await t.store.transaction((tx) => findClientKey(tx, TEMP_SYSTEM, 'T-1')), temp.clientKey);
      assert.equal(
        await t.store.transaction((tx) => findClientKey(tx, HETU_SYSTEM, '020202A1236')),
        temp.clientKey,
      );
      assert.equal(
        (await t.store.transaction((tx) => getPerson(tx, temp.clientKey)))?.familyName,
        'Korhonen',
      );
      assert.deepEqual(
        (await t.store.transaction((tx) => personHistory(tx, temp.clientKey))).map((p) => p.familyName),
        ['Tuntematon', 'Korhonen'],
      );
      // Taking another person's henkilötunnus is refused.
      await assert.rejects(
        t.store.transaction((tx) => recordPersonVersion(tx, temp.clientKey, { ...liisa })),
        ConflictError,
      );
    });

    test('search by name prefixes or an identifier; listing keeps the order asked', async () => {
      const a = await t.store.transaction((tx) =>
        createPerson(tx, { familyName: 'Virtanen', givenNames: 'Ville Veikko', turvakielto: false }),
      );
      const b = await t.store.transaction((tx) =>
        createPerson(tx, {
          familyName: 'Virta',
          givenNames: 'Anna',
          turvakielto: false,
          hetu: '030303A123R',
        }),
      );
      const names = async (text: string) =>
        (await t.store.transaction((tx) => searchPersons(tx, { text, limit: 10 }))).map((p) => p.familyName);
      assert.deepEqual(await names('virt'), ['Virta', 'Virtanen']);
      assert.deepEqual(await names('virt veik'), ['Virtanen']);
      assert.deepEqual(await names('ANNA'), ['Virta']);
      assert.deepEqual(await names('030303a123r'), ['Virta']);
      assert.deepEqual(await names('irta'), []);
      assert.deepEqual(await names('%'), []);
      assert.equal((await t.store.transaction((tx) => searchPersons(tx, { limit: 2 }))).length, 2);
      const listed = await t.store.transaction((tx) => listPersons(tx, [b.clientKey, 'bogus', a.clientKey]));
      assert.deepEqual(
        listed.map((p) => p.clientKey),
        [b.clientKey, a.clientKey],
      );
    });

    test('two concurrent creations with one henkilötunnus: one person', async () => {
      const input: PersonInput = {
        hetu: '040404A123U',
        familyName: 'Kaksi',
        givenNames: 'K',
        turvakielto: false,
      };
      const results = await Promise.allSettled([
        t.store.transaction((tx) => createPerson(tx, input)),
        t.store.transaction((tx) => createPerson(tx, input)),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof ConflictError));
    });
  });
}
