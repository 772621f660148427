import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { generateFullDocument, generateMinimalDocument, seededRng } from '../generate.ts';
import { type Field, type StructureDefinition, walkFields } from '../model.ts';
import { escapeXml, renderXhtml } from '../render-xhtml.ts';
import { validate } from '../validate.ts';
import { BUILTIN_TYPE_CODES, serializeDefinition } from './generate.ts';
import { builtinStructures, DefinitionShapeError, loadDefinition } from './index.ts';

const builtins = builtinStructures();

const REQUIRED_TYPES = [
  '1505.1',
  '1505.2',
  '1505.8',
  '1505.9',
  '1005',
  '1011',
  '1019',
  '4006',
  '4009',
  '11001',
  '15007',
  '15008',
  '15019',
  '16009',
  '19001',
  '19002',
  '19003',
  '19004',
  '19005',
  '19006',
  '19007',
  '19008',
  '19009',
  '19010',
  '19012',
  '19013',
  '19014',
  '19015',
];

/** Leaf fields a reader sees labelled: not hidden, not title-less, and not inside a hidden leaf. */
function labelledLeaves(def: StructureDefinition): Field[] {
  return [...walkFields(def.fields)]
    .map(({ field }) => field)
    .filter((f) => f.value.kind !== 'group' && f.hidden !== true && f.hiddenTitle !== true);
}

describe('builtin structures', () => {
  it('ship exactly the required type codes, one definition each', () => {
    assert.deepEqual([...builtins.map((d) => d.typeCode)].sort(), [...REQUIRED_TYPES].sort());
    assert.deepEqual([...BUILTIN_TYPE_CODES].sort(), [...REQUIRED_TYPES].sort());
    assert.equal(new Set(builtins.map((d) => d.oid)).size, builtins.length);
  });

  it('are marked builtin and carry THL definition OIDs of their type', () => {
    for (const d of builtins) {
      assert.equal(d.source, 'builtin', d.oid);
      const arc = d.typeCode.startsWith('1505.') ? d.typeCode : `1506.${d.typeCode}`;
      assert.ok(d.oid.startsWith(`1.2.246.537.6.${arc}.`), d.oid);
      assert.match(d.version, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(d.fields.length > 0, d.oid);
      assert.ok(d.name.sv !== undefined && d.name.sv !== '', `${d.oid} has a Swedish name`);
    }
  });

  it('name the documents as THL does', () => {
    const byType = new Map(builtins.map((d) => [d.typeCode, d]));
    assert.equal(byType.get('1505.1')?.name.fi, 'Asiakkuusasiakirja');
    assert.equal(byType.get('1505.1')?.rootKey, 'asiakkuusasiakirja');
    assert.equal(byType.get('1505.2')?.name.fi, 'Asia-asiakirja');
    assert.equal(byType.get('19005')?.name.fi, 'Merkintä tapaamisesta tai yhteydenotosta');
    assert.equal(byType.get('19005')?.rootKey, 'merkinta_tapaamisesta_tai_yhteydenotosta');
    assert.equal(byType.get('4009')?.name.fi, 'Lastensuojeluilmoitus');
    assert.equal(byType.get('15007')?.documentType, 'Suunnitelma');
  });

  it('use THL code systems: palvelutehtävä is 1.2.246.537.6.1221 and hetu is 1.2.246.21', () => {
    const byType = new Map(builtins.map((d) => [d.typeCode, d]));
    const entry = byType.get('19005')!;
    const task = [...walkFields(entry.fields)].find(
      (f) => f.path === 'asiakaskertomusmerkinta.palvelutehtava',
    );
    assert.deepEqual(task?.field.value.kind === 'code' ? task.field.value.system : undefined, {
      kind: 'oid',
      oid: '1.2.246.537.6.1221',
    });
    const hetu = [...walkFields(entry.fields)].find((f) => f.path === 'asiakas.henkilotunnus');
    assert.equal(hetu?.field.value.kind === 'identifier' ? hetu.field.value.system : undefined, '1.2.246.21');
  });

  it('are deep-frozen and loaded once', () => {
    assert.equal(builtinStructures(), builtins);
    assert.ok(Object.isFrozen(builtins));
    const d = builtins[0]!;
    assert.ok(Object.isFrozen(d) && Object.isFrozen(d.fields) && Object.isFrozen(d.fields[0]!.value));
    assert.throws(() => {
      (d as { oid: string }).oid = 'x';
    }, TypeError);
  });

  it('are stored in the canonical serialization (regenerating changes nothing but layout)', () => {
    for (const d of builtins) {
      const reparsed = JSON.parse(serializeDefinition(d)) as unknown;
      assert.deepEqual(reparsed, d);
      assert.deepEqual(Object.keys(reparsed as object), [...Object.keys(reparsed as object)].sort());
    }
  });

  for (const def of builtins) {
    it(`${def.typeCode} ${def.name.fi}: minimal document validates and renders in fi and sv`, () => {
      const doc = generateMinimalDocument(def, 7);
      assert.deepEqual(validate(def, doc), { ok: true });
      const fi = renderXhtml(def, doc, { lang: 'fi' });
      assert.equal(XMLValidator.validate(fi), true);
      assert.ok(fi.includes(`<h1>${escapeXml(def.name.fi)}</h1>`), 'fi root name');
      const sv = renderXhtml(def, doc, { lang: 'sv' });
      assert.equal(XMLValidator.validate(sv), true);
      assert.ok(sv.includes(`<h1>${escapeXml(def.name.sv!)}</h1>`), 'sv root name');
    });

    it(`${def.typeCode}: a full document shows every visible field label, in Swedish when asked`, () => {
      const doc = generateFullDocument(def, seededRng(11));
      const fi = renderXhtml(def, doc, { lang: 'fi' });
      const sv = renderXhtml(def, doc, { lang: 'sv' });
      assert.equal(XMLValidator.validate(fi), true);
      assert.equal(XMLValidator.validate(sv), true);
      for (const f of labelledLeaves(def)) {
        const fiLabel = f.title?.fi ?? f.name.fi;
        assert.ok(fi.includes(`<dt>${escapeXml(fiLabel)}</dt>`), `fi label ${f.key}`);
        const svLabel = [f.title?.sv, f.name.sv].find((t) => t !== undefined && t.trim() !== '') ?? fiLabel;
        assert.ok(sv.includes(`<dt>${escapeXml(svLabel)}</dt>`), `sv label ${f.key}`);
      }
    });
  }
});

describe('loadDefinition', () => {
  const good = JSON.parse(JSON.stringify(builtins.find((d) => d.typeCode === '19005'))) as Record<
    string,
    unknown
  >;

  it('accepts a well-shaped definition and freezes it', () => {
    const d = loadDefinition(structuredClone(good), 'test');
    assert.equal(d.typeCode, '19005');
    assert.ok(Object.isFrozen(d.fields));
  });

  const broken: Array<[string, (d: Record<string, unknown>) => void, RegExp]> = [
    ['not an object', () => {}, /expected a structure definition/],
    ['missing oid', (d) => delete d.oid, /test\.oid/],
    ['bad version', (d) => (d.version = '2022-1-10'), /YYYY-MM-DD/],
    ['name without fi', (d) => (d.name = { sv: 'x' }), /test\.name\.fi/],
    ['fields not an array', (d) => (d.fields = {}), /array of fields/],
    ['unknown source', (d) => (d.source = 'web'), /source/],
  ];
  for (const [label, breakIt, message] of broken) {
    it(`rejects ${label}`, () => {
      const d = structuredClone(good);
      breakIt(d);
      const input = label === 'not an object' ? [d] : d;
      assert.throws(
        () => loadDefinition(input, 'test'),
        (e: unknown) => {
          assert.ok(e instanceof DefinitionShapeError);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }

  it('rejects broken fields deep in the tree, naming where', () => {
    const d = structuredClone(good) as { fields: Array<Record<string, unknown>> };
    const group = d.fields[0]!.value as { fields: Array<Record<string, unknown>> };
    group.fields[0]!.value = { kind: 'colour' };
    assert.throws(
      () => loadDefinition(d, 'x'),
      /x\.fields\[0\]\.value\.fields\[0\]\.value\.kind: unknown kind colour/,
    );
    group.fields[0]!.value = { kind: 'code', system: { kind: 'oid' } };
    assert.throws(() => loadDefinition(d, 'x'), /system\.oid/);
    group.fields[0]!.value = { kind: 'text' };
    group.fields[0]!.required = 'yes';
    assert.throws(() => loadDefinition(d, 'x'), /required: expected a boolean/);
    group.fields[0]!.required = true;
    group.fields[1]!.key = group.fields[0]!.key;
    assert.throws(() => loadDefinition(d, 'x'), /duplicate key/);
  });

  it('rejects absurd nesting without overflowing the stack', () => {
    let fields: unknown[] = [];
    for (let i = 0; i < 10_000; i++) {
      fields = [
        {
          key: 'g',
          name: { fi: 'g' },
          repeatable: false,
          required: false,
          conditionallyRequired: false,
          value: { kind: 'group', fields },
        },
      ];
    }
    assert.throws(() => loadDefinition({ ...good, fields }, 'deep'), /nested too deeply/);
  });
});
