import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  builtinStructures,
  type Field,
  generateMinimalDocument,
  type StructureDefinition,
  validate,
} from '@varanto/domain/structures';
import fc from 'fast-check';
import {
  errorsByPointer,
  getAt,
  initialState,
  type Json,
  localized,
  pointer,
  removeItemAt,
  setAt,
  toContent,
} from './content.ts';

const leaf = (key: string, value: Field['value'], extra: Partial<Field> = {}): Field => ({
  key,
  name: { fi: key, sv: `${key}-sv` },
  repeatable: false,
  required: false,
  conditionallyRequired: false,
  value,
  ...extra,
});

const def: StructureDefinition = {
  oid: '1.2.3',
  typeCode: '99',
  version: '2024-01-01',
  name: { fi: 'Testi' },
  documentType: 'Testi',
  rootKey: 'doc',
  fields: [
    leaf('kuvaus', { kind: 'text' }, { required: true }),
    leaf('maara', { kind: 'number', numberKind: 'count' }),
    leaf('paiva', { kind: 'date' }),
    leaf('kytkin', { kind: 'boolean' }),
    leaf('tehtava', { kind: 'code', system: { kind: 'oid', oid: '1.2.246.537.6.1221' } }),
    leaf('hetu', { kind: 'identifier', system: '1.2.246.21', format: 'hetu' }),
    leaf('paino', { kind: 'quantity', quantityKind: 'measure', units: ['kg'] }),
    leaf(
      'asiakas',
      {
        kind: 'group',
        fields: [leaf('sukunimi', { kind: 'name' }, { required: true }), leaf('lisatieto', { kind: 'text' })],
      },
      { repeatable: true, required: true },
    ),
    leaf('huomiot', { kind: 'text' }, { repeatable: true }),
  ],
};

test('a new form has the root, an empty input per leaf and one item in each required repeatable', () => {
  const s = initialState(def);
  assert.equal(getAt(s, ['doc', 'kuvaus']), '');
  assert.equal(getAt(s, ['doc', 'kytkin']), null);
  assert.deepEqual(getAt(s, ['doc', 'asiakas']), [{ sukunimi: '', lisatieto: '' }]);
  assert.deepEqual(getAt(s, ['doc', 'huomiot']), []);
  // Untouched, nothing is content: the server then reports the required fields as missing.
  assert.deepEqual(toContent(def, s), { doc: {} });
});

test('toContent trims texts, parses numbers, fills fixed code and identifier systems, drops empties', () => {
  let s: Json = initialState(def);
  s = setAt(s, ['doc', 'kuvaus'], '  Tapaaminen  ');
  s = setAt(s, ['doc', 'maara'], '3');
  s = setAt(s, ['doc', 'kytkin'], false);
  s = setAt(s, ['doc', 'tehtava'], { code: '10', display: 'Lastensuojelu' });
  s = setAt(s, ['doc', 'hetu', 'value'], '131052-308T');
  s = setAt(s, ['doc', 'paino'], { value: '72,5', code: 'kg' });
  s = setAt(s, ['doc', 'asiakas', 0, 'sukunimi'], 'Virtanen');
  s = setAt(s, ['doc', 'asiakas', 1], { sukunimi: '', lisatieto: '' });
  s = setAt(s, ['doc', 'huomiot'], ['', 'eka']);
  assert.deepEqual(toContent(def, s), {
    doc: {
      kuvaus: 'Tapaaminen',
      maara: 3,
      kytkin: false,
      tehtava: { system: 'urn:oid:1.2.246.537.6.1221', code: '10', display: 'Lastensuojelu' },
      hetu: { value: '131052-308T', system: '1.2.246.21' },
      paino: { value: 72.5, code: 'kg' },
      asiakas: [{ sukunimi: 'Virtanen' }],
      huomiot: ['eka'],
    },
  });
});

test('a number that does not parse stays as text so that the server names the field', () => {
  const s = setAt(initialState(def), ['doc', 'maara'], 'kolme');
  assert.equal(getAt(toContent(def, s), ['doc', 'maara']), 'kolme');
});

test('setAt and removeItemAt never change their input', () => {
  const s = initialState(def);
  const frozen = JSON.stringify(s);
  const s2 = setAt(s, ['doc', 'asiakas', 0, 'sukunimi'], 'A');
  const s3 = removeItemAt(s2, ['doc', 'asiakas', 0]);
  assert.equal(JSON.stringify(s), frozen);
  assert.deepEqual(getAt(s3, ['doc', 'asiakas']), []);
  assert.equal(getAt(s2, ['doc', 'asiakas', 0, 'sukunimi']), 'A');
});

test('setAt then getAt returns the value at any path', () => {
  const seg = fc.oneof(
    fc.string({ maxLength: 5 }).filter((k) => k !== '__proto__'),
    fc.nat(3),
  );
  fc.assert(
    fc.property(fc.array(seg, { minLength: 1, maxLength: 5 }), fc.string(), (path, v) => {
      assert.equal(getAt(setAt({}, path, v), path), v);
    }),
  );
});

test('pointers escape ~ and / as RFC 6901 says', () => {
  assert.equal(pointer(['a/b', 'c~d', 0]), '/a~1b/c~0d/0');
  assert.equal(pointer([]), '');
});

test('server errors under /content are keyed by their pointer into the content', () => {
  const m = errorsByPointer([
    { path: '/content/doc/asiakas/0/sukunimi', message: 'puuttuu' },
    { path: '/content/doc/asiakas/0/sukunimi', message: 'toinen' },
    { path: '/content', message: 'koko' },
    { path: '/metadata/serviceTask', message: 'tuntematon' },
  ]);
  assert.deepEqual(m.get('/doc/asiakas/0/sukunimi'), ['puuttuu', 'toinen']);
  assert.deepEqual(m.get(''), ['koko']);
  assert.deepEqual(m.get('/metadata/serviceTask'), ['tuntematon']);
});

test('labels fall back to Finnish when the structure has no text in the UI language', () => {
  assert.equal(localized({ fi: 'Asiakas', sv: 'Klient' }, 'sv'), 'Klient');
  assert.equal(localized({ fi: 'Asiakas', sv: 'Klient' }, 'en'), 'Asiakas');
  assert.equal(localized({ fi: 'Asiakas', sv: '' }, 'sv'), 'Asiakas');
});

test('for every shipped structure, a valid document loaded into the form comes back unchanged and valid', () => {
  const defs = builtinStructures();
  assert.ok(defs.length >= 20);
  for (const d of defs) {
    const doc = generateMinimalDocument(d) as Json;
    assert.ok(validate(d, doc).ok, `${d.typeCode} generator`);
    const back = toContent(d, doc);
    assert.deepEqual(back, doc, d.typeCode);
  }
});

test('for every shipped structure, an untouched form yields content whose errors all point at fields', () => {
  for (const d of builtinStructures()) {
    const content = toContent(d, initialState(d));
    const r = validate(d, content);
    if (r.ok) continue;
    for (const e of r.errors) {
      // Each error names a place the form renders (root, field or item), never an index it lacks.
      assert.ok(e.pointer.startsWith(`/${d.rootKey}`), `${d.typeCode} ${e.pointer}`);
      assert.equal(e.code, 'required', `${d.typeCode} ${e.pointer} ${e.code}`);
    }
  }
});
