import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  generateFullDocument,
  generateMinimalDocument,
  generateMutations,
  seededRng,
  UNKNOWN_FIELD_KEY,
} from './generate.ts';
import type { Field, StructureDefinition, ValueType } from './model.ts';
import { validate } from './validate.ts';
import { isValidHetu } from './values.ts';

function f(key: string, value: ValueType, opts: Partial<Field> = {}): Field {
  return {
    key,
    name: { fi: key },
    repeatable: false,
    required: false,
    conditionallyRequired: false,
    value,
    ...opts,
  };
}

const def: StructureDefinition = {
  oid: '1.2.246.537.6.1506.99999.2024.1.1',
  typeCode: '99999',
  version: '2024-01-01',
  name: { fi: 'Testi' },
  documentType: 'Päätös',
  rootKey: 'testi',
  fields: [
    f(
      'asiakas',
      {
        kind: 'group',
        fields: [
          f('sukunimi', { kind: 'name', minLength: 1 }, { required: true }),
          f(
            'henkilotunnus',
            { kind: 'identifier', system: '1.2.246.21', format: 'hetu' },
            { required: true },
          ),
          f('puhelin', { kind: 'text' }),
        ],
      },
      { repeatable: true, required: true },
    ),
    f(
      'rooli',
      { kind: 'code', system: { kind: 'oid', oid: '1.2.246.537.6.1284' }, allowedCodes: ['31', '32'] },
      { required: true },
    ),
    f('tila', { kind: 'code', system: { kind: 'oid', oid: '1.2.246.537.6.1501' } }, { required: true }),
    f('hetki', { kind: 'instant', allowPartialDate: false }),
    f('pvm', { kind: 'date' }, { repeatable: true }),
    f('summa', { kind: 'quantity', quantityKind: 'amount' }),
    f('huom', { kind: 'text' }),
  ],
};

describe('generators', () => {
  it('minimal documents hold only required fields and validate', () => {
    const doc = generateMinimalDocument(def, 5) as { testi: Record<string, unknown> };
    assert.deepEqual(Object.keys(doc.testi).sort(), ['asiakas', 'rooli', 'tila']);
    const asiakas = doc.testi.asiakas as Record<string, unknown>[];
    assert.equal(asiakas.length, 1);
    assert.deepEqual(Object.keys(asiakas[0]!).sort(), ['henkilotunnus', 'sukunimi']);
    const hetu = asiakas[0]!.henkilotunnus as { system: string; value: string };
    assert.equal(hetu.system, 'urn:oid:1.2.246.21');
    assert.ok(isValidHetu(hetu.value), hetu.value);
    assert.ok(['31', '32'].includes((doc.testi.rooli as { code: string }).code));
    assert.deepEqual(validate(def, doc), { ok: true });
  });

  it('is deterministic for a seed and fills organizer-required fields', () => {
    assert.deepEqual(generateMinimalDocument(def, 9), generateMinimalDocument(def, 9));
    const doc = generateMinimalDocument(def, { seed: 9, extraRequired: ['asiakas.puhelin', 'huom'] });
    const body = (doc as { testi: Record<string, unknown> }).testi;
    assert.equal(typeof body.huom, 'string');
    assert.equal(typeof (body.asiakas as Record<string, unknown>[])[0]!.puhelin, 'string');
    assert.equal(validate(def, doc, { extraRequired: ['asiakas.puhelin', 'huom'] }).ok, true);
  });

  it('uses a supplied code lookup for classifications without a fixed subset', () => {
    const doc = generateMinimalDocument(def, {
      codeFor: (oid) => (oid === '1.2.246.537.6.1501' ? { code: '3', display: 'Päättynyt' } : undefined),
    });
    assert.deepEqual((doc as { testi: Record<string, unknown> }).testi.tila, {
      system: 'urn:oid:1.2.246.537.6.1501',
      code: '3',
      display: 'Päättynyt',
    });
  });

  it('full documents fill optional fields too and validate for any seed', () => {
    const doc = generateFullDocument(def, seededRng(3)) as { testi: Record<string, unknown> };
    assert.deepEqual(Object.keys(doc.testi).sort(), [
      'asiakas',
      'hetki',
      'huom',
      'pvm',
      'rooli',
      'summa',
      'tila',
    ]);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const r = validate(def, generateFullDocument(def, seededRng(seed), { maxItems: 4 }));
        assert.deepEqual(r, { ok: true });
      }),
    );
  });

  it('mutations are deep copies and each names the error the validator reports', () => {
    const doc = generateMinimalDocument(def);
    const before = JSON.stringify(doc);
    const ms = generateMutations(def, doc);
    assert.equal(JSON.stringify(doc), before, 'the input is not modified');
    const byKind = (k: string) => ms.filter((m) => m.kind === k).map((m) => m.path);
    assert.deepEqual(byKind('missing_required'), [
      '/testi/asiakas',
      '/testi/asiakas/0/sukunimi',
      '/testi/asiakas/0/henkilotunnus',
      '/testi/rooli',
      '/testi/tila',
    ]);
    assert.deepEqual(byKind('wrong_code_system'), ['/testi/rooli/system', '/testi/tila/system']);
    assert.deepEqual(byKind('unknown_field'), [
      `/${UNKNOWN_FIELD_KEY}`,
      `/testi/${UNKNOWN_FIELD_KEY}`,
      `/testi/asiakas/0/${UNKNOWN_FIELD_KEY}`,
    ]);
    for (const m of ms) {
      assert.notEqual(m.document, doc);
      const r = validate(def, m.document);
      assert.ok(!r.ok, `${m.kind} ${m.path}`);
      assert.deepEqual(
        r.errors.map((e) => [e.code, e.pointer]),
        [[m.expectedErrorCode, m.path]],
      );
    }
  });
});
