import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkStructures } from './check.ts';

const schema = (oid: string, body: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  sosmeta: { oid, documentDefinitionVersion: '2024-01-01', documentType: 'Päätös', status: 'Valmis' },
  required: ['paatos'],
  properties: {
    paatos: {
      type: 'object',
      additionalProperties: false,
      sosmeta: { name: [{ lang: 'fi', value: 'Päätös' }] },
      required: ['paivamaara'],
      properties: body,
    },
  },
});

const date = {
  type: 'string',
  pattern: '^-?[0-9]{4}(-(0[1-9]|1[0-2])(-(0[0-9]|[1-2][0-9]|3[0-1]))?)?$',
  sosmeta: {
    name: [{ lang: 'fi', value: 'Päivämäärä' }],
    representation: [{ lang: 'fi', value: 'Pvm' }],
    required: true,
  },
};

describe('checkStructures', () => {
  it('passes good files and explains each failure', () => {
    const oid = '1.2.246.537.6.1506.11001.2024.1.1';
    const report = checkStructures([
      { name: `${oid}.json`, json: schema(oid, { paivamaara: date }) },
      { name: 'renamed.json', json: schema(oid, { paivamaara: date }) },
      { name: 'broken.json', json: undefined, parseError: 'Unexpected token' },
      {
        name: 'odd.json',
        json: schema('1.2.246.537.6.1506.11002.2024.1.1', { paivamaara: { ...date, format: 'date' } }),
      },
    ]);
    assert.equal(report.passed, 1);
    assert.equal(report.failed, 3);
    const [good, dup, broken, odd] = report.results;
    assert.deepEqual(good, {
      name: `${oid}.json`,
      ok: true,
      oid,
      typeCode: '11001',
      fieldCount: 1,
      problems: [],
      warnings: [],
    });
    assert.deepEqual(dup!.problems, [`defines ${oid} again (first in ${oid}.json)`]);
    assert.deepEqual(dup!.warnings, [`file name does not match the definition OID ${oid}`]);
    assert.deepEqual(broken!.problems, ['not JSON: Unexpected token']);
    assert.equal(odd!.ok, false);
    assert.match(
      odd!.problems[0]!,
      /^unsupported_keyword at \/properties\/paatos\/properties\/paivamaara\/format/,
    );
  });
});
