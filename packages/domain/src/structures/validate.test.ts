import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Field, StructureDefinition, ValueType } from './model.ts';
import { type ValidationError, type ValidationResult, validate } from './validate.ts';
import { buildHetu, checkInstant, checkPartialDate, isValidHetu } from './values.ts';

function f(key: string, value: ValueType, opts: Partial<Field> = {}): Field {
  return {
    key,
    name: { fi: `Nimi ${key}`, sv: `Namn ${key}` },
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
  name: { fi: 'Testiasiakirja' },
  documentType: 'Päätös',
  rootKey: 'testi',
  fields: [
    f(
      'asiakas',
      {
        kind: 'group',
        fields: [
          f('sukunimi', { kind: 'name', minLength: 1 }, { required: true }),
          f('henkilotunnus', { kind: 'identifier', system: '1.2.246.21', format: 'hetu' }),
          f('syntymaaika', { kind: 'date' }),
          f('puhelin', { kind: 'text' }),
        ],
      },
      { repeatable: true, required: true },
    ),
    f(
      'palvelutehtava',
      { kind: 'code', system: { kind: 'oid', oid: '1.2.246.537.6.1221' }, allowedCodes: ['24', '25'] },
      { required: true },
    ),
    f('paikallinen', { kind: 'code', system: { kind: 'local', system: 'testi/paikallinen' } }),
    f('yksikko', { kind: 'organization' }),
    f('hetki', { kind: 'instant', allowPartialDate: false }),
    f('kytkin', { kind: 'boolean' }),
    f('lkm', { kind: 'number', numberKind: 'count' }),
    f('summa', { kind: 'quantity', quantityKind: 'amount' }),
    f('fraasi', { kind: 'phrase', text: { fi: 'Vakio' }, allowed: ['Vakio'] }),
    f('asiatunnus', { kind: 'identifier', format: 'oid' }),
    f('lisatieto', { kind: 'text' }),
  ],
};

const valid = () => ({
  testi: {
    asiakas: [
      { sukunimi: 'Virtanen', henkilotunnus: { system: 'urn:oid:1.2.246.21', value: '131052-308T' } },
    ],
    palvelutehtava: {
      system: 'urn:oid:1.2.246.537.6.1221.201601',
      code: '24',
      display: 'Lapsiperheiden palvelut',
    },
  },
});

function errors(r: ValidationResult): readonly ValidationError[] {
  return r.ok ? [] : r.errors;
}

function only(r: ValidationResult): ValidationError {
  const e = errors(r);
  assert.equal(e.length, 1, JSON.stringify(e, null, 1));
  return e[0]!;
}

function withBody(extra: Record<string, unknown>) {
  const doc = valid();
  return { testi: { ...doc.testi, ...extra } };
}

describe('partial dates and instants', () => {
  it('accepts year, year-month and real full dates, leap days only in leap years', () => {
    for (const d of ['2024', '2024-02', '2024-02-29', '2000-02-29', '1999-12-31'])
      assert.equal(checkPartialDate(d), 'ok', d);
    for (const d of [
      '2023-02-29',
      '1900-02-29',
      '2023-02-30',
      '2023-04-31',
      '2023-13',
      '2023-00',
      '2023-01-00',
      '0000',
    ])
      assert.equal(checkPartialDate(d), 'date', d);
    for (const d of ['23-01-01', '2023-1-1', '2023/01/01', '', ' 2023', '-2023', '2023-01-01T00:00:00Z'])
      assert.equal(checkPartialDate(d), 'pattern', d);
  });

  it('requires seconds and an offset on instants and checks the clock', () => {
    assert.equal(checkInstant('2024-03-01T12:30:00+02:00', false), 'ok');
    assert.equal(checkInstant('2024-03-01T12:30:00.123Z', false), 'ok');
    assert.equal(checkInstant('2024-03-01T12:30:00-14:00', false), 'ok');
    assert.equal(checkInstant('2024-03-01T12:30:00', false), 'missing_offset');
    assert.equal(checkInstant('2024-03-01T12:30', false), 'missing_offset');
    assert.equal(checkInstant('2024-03-01T24:00:00Z', false), 'date');
    assert.equal(checkInstant('2023-02-29T10:00:00Z', false), 'date');
    assert.equal(checkInstant('2024-03-01T10:00:00+14:30', false), 'date');
    assert.equal(checkInstant('2024-03-01', false), 'pattern');
    assert.equal(checkInstant('2024-03-01', true), 'ok');
    assert.equal(checkInstant('2024-02-30', true), 'date');
  });

  it('reports impossible dates at the field with code "date" and malformed ones with "pattern"', () => {
    const doc = valid();
    const asiakas = doc.testi.asiakas[0] as Record<string, unknown>;
    asiakas.syntymaaika = '2023-02-29';
    const e = only(validate(def, doc));
    assert.equal(e.code, 'date');
    assert.equal(e.pointer, '/testi/asiakas/0/syntymaaika');
    assert.equal(e.path, 'testi.asiakas[0].syntymaaika');
    assert.equal(e.fieldPath, 'asiakas.syntymaaika');
    assert.equal(e.fieldNameFi, 'Nimi syntymaaika');
    asiakas.syntymaaika = '29.2.2024';
    assert.equal(only(validate(def, doc)).code, 'pattern');
    asiakas.syntymaaika = '2024-02-29';
    assert.deepEqual(validate(def, doc), { ok: true });
  });

  it('rejects an instant without offset', () => {
    const e = only(validate(def, withBody({ hetki: '2024-03-01T12:00:00' })));
    assert.equal(e.code, 'pattern');
    assert.equal(e.pointer, '/testi/hetki');
    assert.match(e.message, /offset/);
  });
});

describe('validate', () => {
  it('accepts a valid document', () => {
    assert.deepEqual(validate(def, valid()), { ok: true });
  });

  it('reports missing required fields and empty required arrays', () => {
    const e = errors(validate(def, { testi: {} }));
    assert.deepEqual(
      e.map((x) => [x.code, x.pointer]),
      [
        ['required', '/testi/asiakas'],
        ['required', '/testi/palvelutehtava'],
      ],
    );
    assert.equal(e[0]!.messageFi, 'Pakollinen tieto "Nimi asiakas" puuttuu');
    const m = only(validate(def, withBody({ asiakas: [] })));
    assert.equal(m.code, 'min_items');
    assert.equal(m.pointer, '/testi/asiakas');
  });

  it('reports an empty required name', () => {
    const e = only(validate(def, withBody({ asiakas: [{ sukunimi: '' }] })));
    assert.equal(e.code, 'empty');
    assert.equal(e.pointer, '/testi/asiakas/0/sukunimi');
  });

  it('reports unknown fields at every level, including the root', () => {
    const doc = withBody({ ylimaarainen: 1, asiakas: [{ sukunimi: 'A', outo: true }] });
    (doc as Record<string, unknown>).toinen = {};
    const e = errors(validate(def, doc));
    assert.deepEqual(e.map((x) => [x.code, x.pointer]).sort(), [
      ['unknown_field', '/testi/asiakas/0/outo'],
      ['unknown_field', '/testi/ylimaarainen'],
      ['unknown_field', '/toinen'],
    ]);
  });

  it('escapes JSON pointer tokens', () => {
    const e = only(validate(def, withBody({ 'a/b~c': 1 })));
    assert.equal(e.pointer, '/testi/a~1b~0c');
    assert.equal(e.path, 'testi["a/b~c"]');
  });

  it('checks a code system against the classification OID, allowing version arcs only', () => {
    const code = (system: string, c = '24') =>
      withBody({ palvelutehtava: { system, code: c, display: 'x' } });
    assert.equal(validate(def, code('urn:oid:1.2.246.537.6.1221')).ok, true);
    assert.equal(validate(def, code('urn:oid:1.2.246.537.6.1221.201601')).ok, true);
    for (const wrong of [
      '1.2.246.537.6.1221',
      'urn:oid:1.2.246.537.6.12210',
      'urn:oid:1.2.246.537.6.1222',
      'urn:oid:1.2.246.537.6.1221.x',
    ]) {
      const e = only(validate(def, code(wrong)));
      assert.equal(e.code, 'code_system', wrong);
      assert.equal(e.pointer, '/testi/palvelutehtava/system');
    }
    const e = only(validate(def, code('urn:oid:1.2.246.537.6.1221', '99')));
    assert.equal(e.code, 'code_not_allowed');
    assert.equal(e.pointer, '/testi/palvelutehtava/code');
  });

  it('checks local classifications and organizations', () => {
    assert.equal(
      only(validate(def, withBody({ paikallinen: { system: 'muu', code: '1', display: 'x' } }))).code,
      'code_system',
    );
    assert.equal(
      validate(def, withBody({ paikallinen: { system: 'testi/paikallinen', code: '1', display: 'x' } })).ok,
      true,
    );
    const org = (system: string) =>
      withBody({ yksikko: { system, code: '1.2.246.10.1234567.10.1', display: 'Yksikkö' } });
    assert.equal(validate(def, org('urn:oid:1.2.246.537.6.202.2008')).ok, true);
    assert.equal(only(validate(def, org('urn:oid:1.2.246.537.6.1221'))).code, 'code_system');
  });

  it('asks the code lookup, and only reports codes it knows to be absent', () => {
    const seen: string[] = [];
    const lookup = (oid: string, code: string) => {
      seen.push(`${oid}#${code}`);
      return oid === '1.2.246.537.6.1221' ? code === '25' : undefined;
    };
    const e = only(validate(def, valid(), { codeExists: lookup }));
    assert.equal(e.code, 'code_unknown');
    assert.deepEqual(seen, ['1.2.246.537.6.1221#24']);
    const doc = withBody({
      palvelutehtava: { system: 'urn:oid:1.2.246.537.6.1221', code: '25', display: 'x' },
    });
    assert.equal(validate(def, doc, { codeExists: lookup }).ok, true);
  });

  it('checks code object members: missing, wrong type, unknown', () => {
    const e = errors(
      validate(
        def,
        withBody({ palvelutehtava: { system: 'urn:oid:1.2.246.537.6.1221', code: 24, extra: 1 } }),
      ),
    );
    assert.deepEqual(e.map((x) => [x.code, x.pointer]).sort(), [
      ['required', '/testi/palvelutehtava/display'],
      ['type', '/testi/palvelutehtava/code'],
      ['unknown_field', '/testi/palvelutehtava/extra'],
    ]);
  });

  it('checks identifiers: hetu checksum, system, OID format', () => {
    const hetu = (value: string, system = 'urn:oid:1.2.246.21') =>
      withBody({ asiakas: [{ sukunimi: 'A', henkilotunnus: { system, value } }] });
    assert.equal(only(validate(def, hetu('131052-308U'))).code, 'hetu');
    assert.equal(validate(def, hetu('131052-308T', '1.2.246.21')).ok, true);
    assert.equal(only(validate(def, hetu('131052-308T', 'urn:oid:1.2.3'))).code, 'identifier_system');
    assert.equal(validate(def, withBody({ asiatunnus: { value: '1.2.246.10.123.1' } })).ok, true);
    assert.equal(only(validate(def, withBody({ asiatunnus: { value: 'ABC-123' } }))).code, 'oid');
  });

  it('checks booleans, counts, quantities and phrases', () => {
    assert.equal(only(validate(def, withBody({ kytkin: 'true' }))).code, 'type');
    // Counts may be fractional (THL: hours per month), never negative.
    assert.equal(validate(def, withBody({ lkm: 7.5 })).ok, true);
    assert.equal(only(validate(def, withBody({ lkm: -1 }))).code, 'range');
    assert.equal(validate(def, withBody({ lkm: 0, summa: { value: 12.5, code: 'EUR' } })).ok, true);
    assert.equal(
      only(validate(def, withBody({ summa: { value: '12', code: 'EUR' } }))).pointer,
      '/testi/summa/value',
    );
    assert.equal(only(validate(def, withBody({ fraasi: 'Muu teksti' }))).code, 'enum');
  });

  it('applies extra required fields from the organizer only where the parent exists', () => {
    const opts = { extraRequired: ['asiakas.syntymaaika', 'lisatieto', 'asiakas.puhelin'] };
    const e = errors(validate(def, withBody({ lisatieto: '   ' }), opts));
    assert.deepEqual(
      e.map((x) => [x.code, x.pointer]),
      [
        ['required', '/testi/asiakas/0/syntymaaika'],
        ['required', '/testi/asiakas/0/puhelin'],
        ['empty', '/testi/lisatieto'],
      ],
    );
  });

  it('never throws on hostile input and reports it', () => {
    const hostile: unknown[] = [
      null,
      undefined,
      42,
      'x',
      [],
      [valid()],
      { testi: null },
      { testi: [] },
      { testi: { asiakas: {}, palvelutehtava: [] } },
      { testi: { asiakas: [null, 1, 'a', []], palvelutehtava: null } },
      JSON.parse('{"testi":{"__proto__":{"x":1},"asiakas":[{"sukunimi":"A","constructor":1}]}}'),
    ];
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { asiakas: [deep] };
    hostile.push({ testi: deep });
    const cyclic: Record<string, unknown> = { sukunimi: 'A' };
    cyclic.self = cyclic;
    hostile.push({ testi: { asiakas: [cyclic] } });
    const throwing = {
      get testi(): unknown {
        throw new Error('boom');
      },
    };
    hostile.push(throwing);
    hostile.push(
      new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('trap');
          },
        },
      ),
    );
    for (const h of hostile) {
      const r = validate(def, h);
      assert.equal(r.ok, false);
      assert.ok(errors(r).length > 0);
    }
    assert.equal(only(validate(def, throwing)).code, 'invalid_input');
  });

  it('caps the number of errors and says it truncated', () => {
    const many = Array.from({ length: 1000 }, () => ({ sukunimi: 1 }));
    const r = validate(def, withBody({ asiakas: many }));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.errors.length, 200);
      assert.equal(r.truncated, true);
    }
    const small = validate(def, withBody({ asiakas: many }), { maxErrors: 5 });
    assert.equal(errors(small).length, 5);
    const few = validate(def, withBody({ asiakas: many.slice(0, 3) }));
    assert.equal(errors(few).length, 3);
    assert.equal(few.ok === false && few.truncated, false);
  });
});

describe('hetu', () => {
  it('validates check characters, dates and century signs', () => {
    assert.equal(isValidHetu('131052-308T'), true);
    assert.equal(isValidHetu('290223A123X'), false);
    const built = buildHetu(2024, 2, 29, 902);
    assert.equal(isValidHetu(built), true);
    assert.equal(built.slice(0, 7), '290224A');
    assert.equal(isValidHetu(buildHetu(1899, 12, 31, 2)), true);
    assert.equal(isValidHetu('310299-0010'), false);
  });
});
