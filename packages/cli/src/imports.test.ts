import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { listAudit, migrate, openStore } from '@varanto/store';
import { createTestDatabase, testEngines } from '@varanto/store/testing';
import { importCodes, importStructures, referenceData } from './imports.ts';

/** A small structure in THL's Sosmeta JSON Schema form, with a type code no built-in has. */
function sosmetaFile(oid: string): unknown {
  const label = (fi: string) => [
    { lang: 'fi', value: fi },
    { lang: 'sv', value: fi },
  ];
  const meta = (fi: string, representation: string, required: boolean) => ({
    name: label(fi),
    representation: label(representation),
    repeatable: false,
    required,
    conditionalRequired: false,
    nationwideRecordedInformation: false,
    hiddenField: false,
    hiddenTitle: false,
    rowNumber: 1,
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Testimerkintä',
    type: 'object',
    additionalProperties: false,
    sosmeta: {
      title: 'Testimerkintä',
      status: 'Valmis',
      documentDefinitionVersion: '2030-01-01',
      oid,
      documentType: 'Asiakaskertomusmerkintä',
      documentSubject: 'Testi',
    },
    required: ['testimerkinta'],
    properties: {
      testimerkinta: {
        type: 'object',
        additionalProperties: false,
        sosmeta: { ...meta('Testimerkintä', 'Otsikko', true) },
        required: ['kuvaus'],
        properties: { kuvaus: { type: 'string', minLength: 1, sosmeta: meta('Kuvaus', 'Teksti', true) } },
      },
    },
  };
}

for (const engine of await testEngines()) {
  describe(`importing structures and code sets (${engine.name})`, async () => {
    const db = await createTestDatabase(engine);
    await migrate(db.url);
    const store = await openStore({ url: db.url });
    after(async () => {
      await store.close();
      await db.drop();
    });
    const dir = mkdtempSync(join(tmpdir(), 'varanto-import-'));

    test('a folder with a broken file imports nothing unless partial; the good structure then is in force', async () => {
      const good = join(dir, 'good');
      mkdirSync(good);
      writeFileSync(join(good, 'a.json'), JSON.stringify(sosmetaFile('1.2.246.537.6.1506.19099.2030.1.1')));
      writeFileSync(join(good, 'b.json'), '{ not json');
      const refused = await importStructures(store, good, { importedBy: 'test' });
      assert.deepEqual(refused.imported, []);
      assert.equal(refused.failures.length, 1);
      assert.match(refused.failures[0]!, /^b\.json: /);
      assert.equal(
        (await referenceData(store)).structures.get('1.2.246.537.6.1506.19099.2030.1.1'),
        undefined,
      );

      const partial = await importStructures(store, good, { importedBy: 'test', partial: true });
      assert.deepEqual(partial.imported, ['1.2.246.537.6.1506.19099.2030.1.1']);
      const { structures } = await referenceData(store);
      assert.equal(structures.latestForType('19099')?.name.fi, 'Testimerkintä');
      // Built-ins are still there.
      assert.ok(structures.latestForType('19005'));
      const audit = await store.transaction((tx) => listAudit(tx, { limit: 50 }));
      assert.ok(audit.some((e) => e.action === 'structures.import'));
    });

    test('an official code-set export replaces the shipped set; a bad export is refused with its reason', async () => {
      const csv = join(dir, 'palvelutehtava.csv');
      writeFileSync(
        csv,
        'CodeId;LongName;BeginDate\n10;Lastensuojelu;2016-01-01\n99;Testipalvelutehtävä;2016-01-01\n',
      );
      const r = await importCodes(store, csv, {
        format: 'csv',
        oid: '1.2.246.537.6.1221',
        importedBy: 'test',
      });
      assert.deepEqual(r, { oid: '1.2.246.537.6.1221', codes: 2 });
      const { codes } = await referenceData(store);
      assert.equal(codes.display('1.2.246.537.6.1221', '99', 'fi'), 'Testipalvelutehtävä');
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'Foo;Bar\n1;2\n');
      const refused = await importCodes(store, bad, {
        format: 'csv',
        oid: '1.2.246.537.6.1222',
        importedBy: 'test',
      });
      assert.ok('error' in refused);
    });
  });
}
