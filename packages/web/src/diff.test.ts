import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  builtinStructures,
  generateFullDocument,
  generateMinimalDocument,
  seededRng,
} from '@varanto/domain/structures';
import fc from 'fast-check';
import { diffJson, fieldAt, pathLabel, structureAtomic, valueText } from './diff.ts';
import { getAt, type Json, setAt } from './forms/content.ts';

const json: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Json>(null, true, false, '', 'a', 'b', 1, 2),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

test('a tree has no changes against itself, and any other tree has some', () => {
  fc.assert(
    fc.property(json, json, (a, b) => {
      assert.deepEqual(diffJson(a, a), []);
      assert.equal(diffJson(a, b).length === 0, JSON.stringify(a) === JSON.stringify(b) || deepEq(a, b));
    }),
  );
});

function deepEq(a: Json, b: Json): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

test('every change names what its path holds on each side', () => {
  fc.assert(
    fc.property(json, json, (a, b) => {
      for (const c of diffJson({ r: a }, { r: b })) {
        const before = getAt({ r: a }, c.path);
        const after = getAt({ r: b }, c.path);
        if (c.kind === 'added') assert.equal(before, undefined);
        if (c.kind === 'removed') assert.equal(after, undefined);
        if (c.kind !== 'added') assert.deepEqual(c.before, before);
        if (c.kind !== 'removed') assert.deepEqual(c.after, after);
        if (c.kind === 'changed') assert.ok(!deepEq(before!, after!));
      }
    }),
  );
});

test('a changed leaf, an added item and a removed field are each one change', () => {
  const before: Json = { doc: { a: 'x', list: [{ k: 1 }], gone: 'g' } };
  const after: Json = { doc: { a: 'y', list: [{ k: 1 }, { k: 2, m: 3 }] } };
  assert.deepEqual(diffJson(before, after), [
    { path: ['doc', 'a'], kind: 'changed', before: 'x', after: 'y' },
    { path: ['doc', 'list', 1, 'k'], kind: 'added', after: 2 },
    { path: ['doc', 'list', 1, 'm'], kind: 'added', after: 3 },
    { path: ['doc', 'gone'], kind: 'removed', before: 'g' },
  ]);
});

const definitions = builtinStructures().filter((d) => d.fields.length > 0);

test('for every shipped structure, one changed field of a full document is one labelled change', () => {
  for (const def of definitions) {
    const doc = generateFullDocument(def, seededRng(7)) as Json;
    const atomic = structureAtomic(def.rootKey, def.fields);
    assert.deepEqual(diffJson(doc, doc, atomic), [], def.typeCode);
    // Change the first text-like leaf found in document order.
    const paths: (string | number)[][] = [];
    const walk = (v: Json, p: (string | number)[]) => {
      if (typeof v === 'string' && !atomic(p)) paths.push(p);
      else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...p, i]);
      else if (v && typeof v === 'object' && !atomic(p))
        for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    };
    walk(doc, []);
    const target = paths[0];
    if (!target) continue;
    const changed = setAt(doc, target, 'muutettu');
    const changes = diffJson(doc, changed, atomic);
    assert.equal(changes.length, 1, def.typeCode);
    assert.deepEqual(changes[0]!.path, target);
    assert.equal(changes[0]!.after, 'muutettu');
    const label = pathLabel(def.rootKey, def.fields, target, 'fi');
    assert.ok(label.length > 0 && !label.includes('undefined'), `${def.typeCode}: ${label}`);
  }
});

test('coded values are compared and shown as one value', () => {
  const def = definitions.find((d) => d.typeCode === '1019')!;
  const minimal = generateMinimalDocument(def) as Json;
  const task = (code: string, display: string): Json => ({
    system: 'urn:oid:1.2.246.537.6.1221',
    code,
    display,
  });
  const before = setAt(minimal, [def.rootKey, 'palvelutehtava'], task('24', 'Lapsiperheiden palvelut'));
  const after = setAt(minimal, [def.rootKey, 'palvelutehtava'], task('10', 'Lastensuojelu'));
  const changes = diffJson(before, after, structureAtomic(def.rootKey, def.fields));
  assert.equal(changes.length, 1);
  assert.equal(valueText(changes[0]!.before, yesNo), 'Lapsiperheiden palvelut (24)');
  assert.equal(valueText(changes[0]!.after, yesNo), 'Lastensuojelu (10)');
  assert.equal(pathLabel(def.rootKey, def.fields, changes[0]!.path, 'fi'), 'Palvelutehtävä');
  // An added life-situation item, labelled with its number.
  const item = {
    kuvattava_osa_alue: { system: 'urn:oid:1.2.246.537.6.1282', code: '3', display: 'Asuminen' },
  };
  const withItem = setAt(after, [def.rootKey, 'asiakkaan_elamantilanne', 0], item);
  const added = diffJson(after, withItem, structureAtomic(def.rootKey, def.fields));
  assert.equal(added.length, 1);
  assert.equal(added[0]!.kind, 'added');
  assert.equal(
    pathLabel(def.rootKey, def.fields, added[0]!.path, 'fi'),
    'Asiakkaan elämäntilanne 1 › Kuvattava osa-alue',
  );
  assert.equal(fieldAt(def.fields, ['asiakkaan_elamantilanne', 0, 'kuvaus'])?.value.kind, 'text');
});

test('values read as people read them', () => {
  assert.equal(valueText(true, yesNo), 'yes');
  assert.equal(valueText({ value: '010101-123N', system: 'x' }, yesNo), '010101-123N');
  assert.equal(valueText({ value: 3, code: 'h' }, yesNo), '3 h');
  assert.equal(valueText({ code: '3', display: '' }, yesNo), '3');
  assert.equal(valueText(undefined, yesNo), '');
});
