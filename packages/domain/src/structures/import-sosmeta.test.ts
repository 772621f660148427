import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importSosmeta, SOSMETA_DATE_PATTERN, typeCodeOfOid } from './import-sosmeta.ts';
import { fieldAt } from './model.ts';

type Schema = Record<string, unknown>;

const sm = (fi: string, representation?: string, extra: Schema = {}): Schema => ({
  name: [
    { lang: 'fi', value: fi },
    { lang: 'sv', value: `${fi} (sv)` },
  ],
  description: [{ lang: 'fi', value: '-' }],
  ...(representation === undefined ? {} : { representation: [{ lang: 'fi', value: representation }] }),
  repeatable: false,
  required: false,
  conditionalRequired: false,
  hiddenField: false,
  ...extra,
});

const code = (oid: string, extra: Schema = {}, codeEnum?: string[]): Schema => ({
  type: 'object',
  additionalProperties: false,
  sosmeta: sm('Koodi', 'Koodi', { classificationOid: [{ lang: '', value: oid }], ...extra }),
  required: ['system', 'code', 'display'],
  properties: {
    system: { type: 'string', pattern: `^urn:oid:${oid.replaceAll('.', '\\.')}(\\.\\d+)*$` },
    code: codeEnum === undefined ? { type: 'string' } : { type: 'string', enum: codeEnum },
    display: { type: 'string' },
  },
});

function schema(body: Schema, required: string[] = []): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: "'Testi' JSON schema",
    type: 'object',
    additionalProperties: false,
    sosmeta: {
      oid: '1.2.246.537.6.1506.19005.2022.1.10',
      documentDefinitionVersion: '2022-01-10',
      documentType: 'Asiakaskertomusmerkintä',
      documentSubject: 'Yhteiset  asiakirjat',
      status: 'Valmis',
    },
    required: ['testi'],
    properties: {
      testi: {
        type: 'object',
        additionalProperties: false,
        sosmeta: sm('Testi'),
        required,
        properties: body,
      },
    },
  };
}

describe('importSosmeta', () => {
  it('maps representations, cardinality and annotations', () => {
    const r = importSosmeta(
      schema(
        {
          asiakas: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              sosmeta: sm('Asiakas', undefined, { repeatable: true, required: true }),
              required: ['sukunimi'],
              properties: {
                sukunimi: {
                  type: 'string',
                  minLength: 1,
                  sosmeta: sm('Sukunimi', 'Nimi', { required: true }),
                },
                henkilotunnus: {
                  type: 'object',
                  additionalProperties: false,
                  sosmeta: sm('Henkilötunnus', 'Tunnus', {
                    systemUri: [{ lang: '', value: 'urn:oid:1.2.246.21' }],
                    conditionalRequired: true,
                    implementationNote: [{ lang: 'fi', value: 'Ehdollisesti pakollinen' }],
                  }),
                  required: ['value'],
                  properties: { system: { type: 'string' }, value: { type: 'string' } },
                },
              },
            },
          },
          palvelutehtava: code('1.2.246.537.6.1221', { hiddenField: true }),
          rooli: code('1.2.246.537.6.1284', { acceptedValues: [{ lang: '', value: '31' }] }, ['31']),
          yksikko: code('1.2.246.537.6.202'),
          pvm: { type: 'string', pattern: SOSMETA_DATE_PATTERN, sosmeta: sm('Päivämäärä', 'Pvm') },
          lkm: { type: 'number', sosmeta: sm('Lukumäärä', 'Lkm') },
          info: {
            type: 'string',
            enum: ['Vakioteksti'],
            sosmeta: sm('Info', 'Fraasi', { phrase: [{ lang: 'fi', value: 'Vakioteksti' }] }),
          },
          laki: {
            type: 'object',
            additionalProperties: false,
            sosmeta: sm('Laki 1 §', 'Otsikko'),
            required: [],
            properties: {},
          },
        },
        ['asiakas', 'palvelutehtava'],
      ),
    );
    assert.equal(r.ok, true, JSON.stringify(r));
    if (!r.ok) return;
    const d = r.definition;
    assert.equal(d.typeCode, '19005');
    assert.equal(d.version, '2022-01-10');
    assert.equal(d.rootKey, 'testi');
    assert.equal(d.subject, 'Yhteiset asiakirjat');
    assert.deepEqual(d.name, { fi: 'Testi', sv: 'Testi (sv)' });
    const asiakas = fieldAt(d, 'asiakas')!;
    assert.equal(asiakas.repeatable, true);
    assert.equal(asiakas.required, true);
    assert.equal(asiakas.value.kind, 'group');
    assert.deepEqual(fieldAt(d, 'asiakas.sukunimi')!.value, { kind: 'name', minLength: 1 });
    assert.equal(
      fieldAt(d, 'asiakas.sukunimi')!.description,
      undefined,
      'the "-" placeholder is no description',
    );
    const hetu = fieldAt(d, 'asiakas.henkilotunnus')!;
    assert.deepEqual(hetu.value, { kind: 'identifier', system: '1.2.246.21', format: 'hetu' });
    assert.equal(hetu.conditionallyRequired, true);
    assert.equal(hetu.implementationNote?.fi, 'Ehdollisesti pakollinen');
    const pt = fieldAt(d, 'palvelutehtava')!;
    assert.equal(pt.hidden, true);
    assert.deepEqual(pt.value.kind === 'code' && pt.value.system, { kind: 'oid', oid: '1.2.246.537.6.1221' });
    const rooli = fieldAt(d, 'rooli')!.value;
    assert.deepEqual(rooli.kind === 'code' && rooli.allowedCodes, ['31']);
    assert.equal(fieldAt(d, 'yksikko')!.value.kind, 'organization');
    assert.deepEqual(fieldAt(d, 'pvm')!.value, { kind: 'date' });
    assert.deepEqual(fieldAt(d, 'lkm')!.value, { kind: 'number', numberKind: 'count' });
    assert.deepEqual(fieldAt(d, 'info')!.value, {
      kind: 'phrase',
      text: { fi: 'Vakioteksti' },
      allowed: ['Vakioteksti'],
    });
    assert.deepEqual(fieldAt(d, 'laki')!.value, { kind: 'group', heading: true, fields: [] });
  });

  it('reports what it cannot map, with schema paths, instead of dropping it', () => {
    const r = importSosmeta(
      schema({
        a: { type: 'string', format: 'email', sosmeta: sm('A', 'Teksti') },
        b: { type: 'string', sosmeta: sm('B', 'Kuva') },
        c: { type: 'string', pattern: '^x$', sosmeta: sm('C', 'Pvm') },
        d: { type: 'object', sosmeta: sm('D'), properties: {} },
        e: { type: 'string' },
        f: { type: 'array', items: { type: 'array', items: {} } },
        g: { type: 'number', sosmeta: sm('G', 'Teksti') },
      }),
    );
    assert.equal(r.ok, false);
    if (r.ok) return;
    const got = r.errors.map((e) => [e.code, e.schemaPath]);
    assert.deepEqual(got, [
      ['unsupported_keyword', '/properties/testi/properties/a/format'],
      ['unsupported_representation', '/properties/testi/properties/b/sosmeta/representation'],
      ['unsupported_keyword', '/properties/testi/properties/c/pattern'],
      ['unsupported_shape', '/properties/testi/properties/d/additionalProperties'],
      ['missing', '/properties/testi/properties/e/sosmeta'],
      ['unsupported_shape', '/properties/testi/properties/f/items'],
      ['unsupported_shape', '/properties/testi/properties/g/type'],
    ]);
  });

  it('reads local classifications and rejects systems that disagree with classificationOid', () => {
    const local: Schema = {
      type: 'object',
      additionalProperties: false,
      sosmeta: sm('L', 'Koodi', { classificationOid: [{ lang: '', value: 'Testi/Paikallinen' }] }),
      required: ['system', 'code', 'display'],
      properties: {
        system: { type: 'string', enum: ['testi/paikallinen'] },
        code: { type: 'string', enum: ['1', '2'] },
        display: { type: 'string' },
      },
    };
    const r = importSosmeta(schema({ l: local }));
    assert.equal(r.ok, true);
    if (r.ok) {
      const v = r.definition.fields[0]!.value;
      assert.deepEqual(v.kind === 'code' && v.system, {
        kind: 'local',
        system: 'testi/paikallinen',
        name: { fi: 'Testi/Paikallinen' },
      });
    }
    const bad = code('1.2.246.537.6.1221');
    (bad.sosmeta as Schema).classificationOid = [{ lang: '', value: '1.2.246.537.6.1222' }];
    const r2 = importSosmeta(schema({ x: bad }));
    assert.equal(r2.ok, false);
    assert.equal(
      !r2.ok && r2.errors[0]!.schemaPath,
      '/properties/testi/properties/x/sosmeta/classificationOid',
    );
  });

  it('fails cleanly on hostile input', () => {
    for (const h of [
      null,
      1,
      'x',
      [],
      {},
      { sosmeta: {} },
      { sosmeta: { oid: '1.2.3' }, properties: { a: 1, b: 2 } },
    ]) {
      const r = importSosmeta(h);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.errors.length > 0);
    }
    let deep: Schema = { type: 'object', additionalProperties: false, sosmeta: sm('X'), properties: {} };
    for (let i = 0; i < 200; i++) {
      deep = { type: 'object', additionalProperties: false, sosmeta: sm('X'), properties: { x: deep } };
    }
    const r = importSosmeta(schema({ x: deep }));
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.errors.some((e) => e.code === 'too_deep'));
  });

  it('derives type codes from definition OIDs', () => {
    assert.equal(typeCodeOfOid('1.2.246.537.6.1506.19005.2022.1.10'), '19005');
    assert.equal(typeCodeOfOid('1.2.246.537.6.1505.2.2022.6.28'), '1505.2');
    assert.equal(typeCodeOfOid('1.2.246.537.6.1507.1.2022.6.28'), undefined);
  });
});
