// Checks the shipped client document type list against THL's Sosmeta structures when the shared
// folder is present (reference data outside the repository, never copied in). The shipped JSON
// itself is committed, so everything else works without the folder.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILTIN_CODE_SYSTEM_FILES, builtinCodeRegistry } from './builtin.ts';
import { buildDocumentTypeSystem, renderDocumentTypeFile, type SosmetaFile } from './document-types.ts';
import { CODE_SYSTEM_OIDS } from './model.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const sosmetaDir = join(process.env.VARANTO_SHARED_DIR ?? join(repoRoot, '..', 'shared'), 'sosmeta');
const present = existsSync(sosmetaDir);

function load(): SosmetaFile[] {
  return readdirSync(sosmetaDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((fileName) => ({
      fileName,
      schema: JSON.parse(readFileSync(join(sosmetaDir, fileName), 'utf8')) as unknown,
    }));
}

describe('client document types against Sosmeta', {
  skip: present ? false : `no Sosmeta folder at ${sosmetaDir}`,
}, () => {
  const files = present ? load() : [];
  const registry = builtinCodeRegistry();

  it('contains every specific type of the folder, with its Finnish and Swedish name', () => {
    let checked = 0;
    for (const { fileName, schema } of files) {
      const meta = (schema as { sosmeta: { oid: string } }).sosmeta;
      const m = /^1\.2\.246\.537\.6\.1506\.(\d+)\./.exec(meta.oid);
      if (!m?.[1]) continue;
      const found = registry.lookup(`urn:oid:${CODE_SYSTEM_OIDS.clientDocumentType}.201701`, m[1]);
      assert.ok(found.ok, `${fileName}: type ${m[1]} is missing`);
      const root = Object.values(
        (schema as { properties: Record<string, { sosmeta: { name: { lang: string; value: string }[] } }> })
          .properties,
      )[0];
      const fi = root?.sosmeta.name
        .find((n) => n.lang === 'fi')
        ?.value.replace(/\s+/g, ' ')
        .trim();
      const sv = root?.sosmeta.name
        .find((n) => n.lang === 'sv')
        ?.value.replace(/\s+/g, ' ')
        .trim();
      assert.equal(found.value.entry.names.fi, fi, fileName);
      assert.equal(found.value.entry.names.sv, sv, fileName);
      assert.equal(found.value.entry.provenance.status, 'verified', fileName);
      checked++;
    }
    assert.ok(checked >= 170, `only ${checked} client document structures in ${sosmetaDir}`);
  });

  it('is up to date: regenerating from the folder gives the committed file', () => {
    const committed = readFileSync(
      join(repoRoot, 'packages/domain/data/codes/client-document-type.json'),
      'utf8',
    );
    assert.equal(
      renderDocumentTypeFile(files),
      committed,
      'run: node --import tsx packages/domain/src/codes/generate-document-types.ts',
    );
    assert.deepEqual(buildDocumentTypeSystem(files), BUILTIN_CODE_SYSTEM_FILES['client-document-type.json']);
  });
});

describe('buildDocumentTypeSystem', () => {
  const structure = (
    code: string,
    date: string,
    fi: string,
    documentType: string,
    sv?: string,
  ): SosmetaFile => ({
    fileName: `1.2.246.537.6.1506.${code}.${date}.json`,
    schema: {
      title: `'${fi}' JSON schema`,
      sosmeta: { oid: `1.2.246.537.6.1506.${code}.${date}`, documentType },
      properties: {
        root: { sosmeta: { name: [{ lang: 'fi', value: fi }, ...(sv ? [{ lang: 'sv', value: sv }] : [])] } },
      },
    },
  });

  it('takes the newest structure of a type and the parent from its documentType', () => {
    const built = buildDocumentTypeSystem([
      structure('11001', '2022.1.10', 'Vanha nimi', 'Päätös'),
      structure('11001', '2023.9.8', 'Lapsiperheiden  palvelupäätös', 'Päätös', 'Beslut'),
      structure('1001', '2022.6.28', 'Yhteenveto X', 'Yhteenveto'),
      {
        fileName: 'group.json',
        schema: { sosmeta: { oid: '1.2.246.537.6.1505.1.2023.6.1', documentType: 'X' } },
      },
    ]) as { codes: { code: string; names: { fi: string; sv?: string }; parent?: string; note?: string }[] };
    const specific = built.codes.filter((c) => c.parent !== undefined);
    assert.deepEqual(
      specific.map((c) => [c.code, c.names.fi, c.parent]),
      [
        ['1001', 'Yhteenveto X', '16'],
        ['11001', 'Lapsiperheiden palvelupäätös', '11'],
      ],
    );
    assert.match(specific[0]?.note ?? '', /leading digits \(1\)/);
    assert.match(specific[0]?.note ?? '', /no Swedish name/);
  });

  it('fails on a documentType it does not know, so new general types are noticed', () => {
    assert.throws(
      () => buildDocumentTypeSystem([structure('20001', '2025.1.1', 'Uusi', 'Tiedote')]),
      /unknown sosmeta documentType "Tiedote"/,
    );
  });
});
