import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinStructures } from './builtin/index.ts';
import type { StructureDefinition } from './model.ts';
import { defaultRegistry, foldForSearch, StructureRegistry, type StructureSummary } from './registry.ts';

function def(
  oid: string,
  typeCode: string,
  version: string,
  fi: string,
  extra: Partial<StructureDefinition> = {},
): StructureDefinition {
  return {
    oid,
    typeCode,
    version,
    name: { fi, sv: `${fi} (sv)` },
    documentType: 'Päätös',
    rootKey: 'paatos',
    fields: [],
    ...extra,
  };
}

const builtins = builtinStructures();
const builtin19005 = builtins.find((d) => d.typeCode === '19005')!;

describe('StructureRegistry', () => {
  it('the default registry holds exactly the built-ins', () => {
    const r = defaultRegistry();
    assert.equal(r.size, builtins.length);
    for (const d of builtins) assert.equal(r.get(d.oid), d);
    assert.equal(defaultRegistry(), r);
    assert.ok(r.list().every((s) => s.source === 'builtin'));
  });

  it('gets by OID and misses unknown OIDs', () => {
    const r = defaultRegistry();
    assert.equal(r.get('1.2.246.537.6.1506.19005.2022.1.10')?.typeCode, '19005');
    assert.equal(r.get('1.2.246.537.6.1506.19005.1999.1.1'), undefined);
    assert.equal(r.get('__proto__'), undefined);
    assert.equal(r.latestForType('toString'), undefined);
  });

  it('lists summaries by type code numerically, newest version first', () => {
    const r = StructureRegistry.of([
      def('1.2.246.537.6.1506.11001.2023.9.8', '11001', '2023-09-08', 'Lapsiperheiden palvelupäätös'),
      def('1.2.246.537.6.1505.10.2024.1.1', '1505.10', '2024-01-01', 'B'),
      def('1.2.246.537.6.1505.2.2022.6.28', '1505.2', '2022-06-28', 'Asia-asiakirja'),
      def('1.2.246.537.6.1506.4006.2021.1.1', '4006', '2021-01-01', 'Ilmoitus vanha'),
      def('1.2.246.537.6.1506.4006.2023.5.31', '4006', '2023-05-31', 'Ilmoitus uusi', { source: 'builtin' }),
    ]);
    assert.deepEqual(
      r.list().map((s) => s.oid),
      [
        '1.2.246.537.6.1505.2.2022.6.28',
        '1.2.246.537.6.1505.10.2024.1.1',
        '1.2.246.537.6.1506.4006.2023.5.31',
        '1.2.246.537.6.1506.4006.2021.1.1',
        '1.2.246.537.6.1506.11001.2023.9.8',
      ],
    );
    assert.deepEqual(r.list()[2], {
      oid: '1.2.246.537.6.1506.4006.2023.5.31',
      typeCode: '4006',
      name: { fi: 'Ilmoitus uusi', sv: 'Ilmoitus uusi (sv)' },
      documentType: 'Päätös',
      version: '2023-05-31',
      source: 'builtin',
    });
    assert.equal(r.list()[3]!.source, 'sosmeta', 'a definition without source counts as imported');
    assert.deepEqual(
      r.versionsOfType('4006').map((s) => s.version),
      ['2023-05-31', '2021-01-01'],
    );
  });

  it('withImported adds versions beside the built-in and latestForType picks the newest date', () => {
    const base = defaultRegistry();
    const newer = def('1.2.246.537.6.1506.19005.2025.3.1', '19005', '2025-03-01', 'Merkintä uusi', {
      source: 'sosmeta',
    });
    const older = def('1.2.246.537.6.1506.19005.2020.1.1', '19005', '2020-01-01', 'Merkintä vanha', {
      source: 'sosmeta',
    });
    const r = base.withImported([newer, older]);
    assert.equal(r.size, base.size + 2);
    assert.equal(r.latestForType('19005'), newer);
    assert.equal(r.get(builtin19005.oid), builtin19005, 'the built-in version stays reachable');
    assert.equal(r.get(older.oid), older);
    assert.equal(base.latestForType('19005'), builtin19005, 'the original registry is unchanged');
    assert.equal(base.size, builtins.length);
    assert.equal(
      base.withImported([older]).latestForType('19005'),
      builtin19005,
      'an older import does not win',
    );
  });

  it('an imported definition with a built-in OID replaces the built-in', () => {
    const thl = { ...builtin19005, source: 'sosmeta' as const, name: { fi: 'THL:n versio' } };
    const r = defaultRegistry().withImported([thl]);
    assert.equal(r.size, builtins.length);
    assert.equal(r.get(builtin19005.oid), thl);
    assert.equal(r.latestForType('19005'), thl);
    assert.equal(r.list().find((s) => s.oid === thl.oid)?.source, 'sosmeta');
  });

  it('a later definition with the same OID wins, within one call and across calls', () => {
    const a = def('1.2.3.4', '900', '2024-01-01', 'Eka');
    const b = def('1.2.3.4', '900', '2024-01-01', 'Toka');
    assert.equal(StructureRegistry.of([a, b]).get('1.2.3.4'), b);
    assert.equal(StructureRegistry.of([a]).withImported([b]).get('1.2.3.4'), b);
  });

  it('breaks version-date ties without depending on insertion order', () => {
    const builtin = def('1.2.246.537.6.1506.900.2024.1.1', '900', '2024-01-01', 'A', { source: 'builtin' });
    const imported = def('1.2.246.537.6.1506.900.2024.01.01', '900', '2024-01-01', 'B', {
      source: 'sosmeta',
    });
    assert.equal(StructureRegistry.of([builtin, imported]).latestForType('900'), imported);
    assert.equal(StructureRegistry.of([imported, builtin]).latestForType('900'), imported);
    const x = def('1.2.3.9', '901', '2024-01-01', 'X');
    const y = def('1.2.3.10', '901', '2024-01-01', 'Y');
    assert.equal(StructureRegistry.of([x, y]).latestForType('901'), y);
    assert.equal(StructureRegistry.of([y, x]).latestForType('901'), y);
  });

  it('is immutable', () => {
    const r = defaultRegistry();
    assert.ok(Object.isFrozen(r));
    assert.ok(Object.isFrozen(r.list()));
    assert.throws(() => (r.list() as StructureSummary[]).push(r.list()[0]!), TypeError);
    assert.throws(() => {
      (r.list()[0] as { oid: string }).oid = 'x';
    }, TypeError);
    const input = [def('1.2.3.4', '900', '2024-01-01', 'Eka')];
    const r2 = StructureRegistry.of(input);
    input.push(def('1.2.3.5', '900', '2025-01-01', 'Toka'));
    assert.equal(r2.size, 1, 'later changes to the input array do not leak in');
  });
});

describe('StructureRegistry.search', () => {
  const r = defaultRegistry();
  const codes = (text: string, lang: 'fi' | 'sv' = 'fi') => r.search(text, lang).map((s) => s.typeCode);

  it('folds case and Finnish diacritics', () => {
    assert.equal(foldForSearch('  PÄÄTÖS  Åland '), 'paatos aland');
    assert.deepEqual(codes('lapsiperheiden palvelupaatos'), ['11001']);
    assert.deepEqual(codes('LAPSIPERHEIDEN PALVELUPÄÄTÖS'), ['11001']);
    assert.deepEqual(codes('Lastensuojeluilmoitus'), ['4009']);
  });

  it('finds by type code, exact match first', () => {
    assert.equal(codes('19005')[0], '19005');
    assert.equal(codes('1505.1')[0], '1505.1');
    const entries = [
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
    ];
    const found = codes('190');
    assert.ok(
      [...entries, '19012', '19013', '19014', '19015'].every((c) => found.includes(c)),
      'a prefix of the entry codes finds all entries',
    );
  });

  it('requires every word, in any order', () => {
    const hits = codes('tapaamisesta merkintä');
    assert.ok(hits.includes('19005'));
    assert.deepEqual(codes('merkintä tapaamisesta'), hits);
    for (const c of hits) {
      const name = foldForSearch(r.latestForType(c)!.name.fi);
      assert.ok(name.includes('tapaamisesta') && name.includes('merkinta'), name);
    }
    assert.deepEqual(codes('tapaamisesta lastensuojelu'), []);
  });

  it('searches Swedish names for sv, and Finnish names for both', () => {
    assert.deepEqual(codes('barnskyddsanmälan', 'sv'), ['4009']);
    assert.deepEqual(codes('barnskyddsanmälan', 'fi'), []);
    assert.deepEqual(codes('lastensuojeluilmoitus', 'sv'), ['4009']);
  });

  it('ranks names starting with the text before other matches', () => {
    const hits = codes('merkintä');
    assert.ok(hits.length >= 13);
    const firstOther = hits.findIndex(
      (c) => !r.latestForType(c)!.name.fi.toLowerCase().startsWith('merkintä'),
    );
    const lastPrefixed = hits.findLastIndex((c) =>
      r.latestForType(c)!.name.fi.toLowerCase().startsWith('merkintä'),
    );
    assert.ok(firstOther === -1 || lastPrefixed < firstOther);
  });

  it('lists everything for blank text and nothing for nonsense', () => {
    assert.equal(r.search('   ', 'fi').length, r.size);
    assert.deepEqual(r.search('xyzzy-ei-ole', 'fi'), []);
    assert.deepEqual(r.search('<script>', 'fi'), []);
  });
});
