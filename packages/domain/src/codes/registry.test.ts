import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCodeSystem } from './loader.ts';
import type { CodeSystem } from './model.ts';
import { resolveSystemReference, stripOidUrn } from './oid.ts';
import { CodeRegistry, isValidOn } from './registry.ts';

function load(json: unknown): CodeSystem {
  const r = loadCodeSystem(json);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const provisionalTasks = load({
  oid: '1.2.246.537.6.1221',
  version: '201601',
  names: { fi: 'Palvelutehtävä' },
  provenance: { status: 'verified', source: 'test' },
  completeness: 'partial',
  codes: [
    {
      code: '10',
      names: { fi: 'Lastensuojelu', sv: 'Barnskydd' },
      provenance: { status: 'verified', source: 'kanta-spec §4' },
    },
    {
      code: '91',
      names: { fi: 'Työikäisten palvelut' },
      provenance: { status: 'provisional', note: 'placeholder' },
    },
    {
      code: '30',
      names: { fi: 'Vanhuspalvelut', en: 'Services for the elderly' },
      validFrom: '2016-01-01',
      validTo: '2019-12-31',
      provenance: { status: 'verified', source: 'test' },
    },
  ],
});

const processPhases = load({
  oid: '1.2.246.537.6.1277',
  names: { fi: 'Palveluprosessi' },
  provenance: { status: 'verified', source: 'test' },
  completeness: 'partial',
  codes: [
    { code: '3', names: { fi: 'Asiakkuuden suunnittelu' }, provenance: { status: 'verified', source: 't' } },
  ],
});

const registry = new CodeRegistry([provisionalTasks, processPhases]);

describe('system references', () => {
  it('strips urn:oid: in any case and rejects what is not an OID', () => {
    assert.equal(stripOidUrn(' urn:oid:1.2.246.537.6.1221 '), '1.2.246.537.6.1221');
    assert.equal(stripOidUrn('URN:OID:1.2.3'), '1.2.3');
    assert.equal(stripOidUrn('urn:uuid:1234'), undefined);
    assert.equal(stripOidUrn('1.2.03'), undefined);
  });

  it('resolves bare, versioned and URN forms to the classification', () => {
    const known = ['1.2.246.537.6.1221', '1.2.246.537.6.1222'];
    assert.deepEqual(resolveSystemReference('1.2.246.537.6.1221', known), { oid: '1.2.246.537.6.1221' });
    assert.deepEqual(resolveSystemReference('urn:oid:1.2.246.537.6.1221.201601', known), {
      oid: '1.2.246.537.6.1221',
      versionSuffix: '201601',
    });
    assert.deepEqual(resolveSystemReference('1.2.246.537.6.1222.2016.1', known), {
      oid: '1.2.246.537.6.1222',
      versionSuffix: '2016.1',
    });
  });

  it('matches whole arcs only', () => {
    assert.equal(resolveSystemReference('1.2.246.537.6.12210', ['1.2.246.537.6.1221']), undefined);
    assert.equal(resolveSystemReference('1.2.246.537.6', ['1.2.246.537.6.1221']), undefined);
  });

  it('prefers the longest known OID when one classification is nested in another', () => {
    assert.deepEqual(resolveSystemReference('1.2.3.4.5', ['1.2.3', '1.2.3.4']), {
      oid: '1.2.3.4',
      versionSuffix: '5',
    });
  });

  it('finds the same code whatever version arcs and prefix the reference carries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('10', '91', '30', '99'),
        fc.array(fc.integer({ min: 0, max: 300000 }), { maxLength: 3 }),
        fc.boolean(),
        (code, arcs, urn) => {
          const reference = `${urn ? 'urn:oid:' : ''}1.2.246.537.6.1221${arcs.map((a) => `.${a}`).join('')}`;
          assert.deepEqual(registry.lookup(reference, code), registry.lookup('1.2.246.537.6.1221', code));
        },
      ),
    );
  });
});

describe('CodeRegistry.lookup', () => {
  it('finds a code with its system', () => {
    const r = registry.lookup('urn:oid:1.2.246.537.6.1221.201601', '10');
    assert.ok(r.ok);
    assert.equal(r.value.entry.names.sv, 'Barnskydd');
    assert.equal(r.value.system.oid, '1.2.246.537.6.1221');
  });

  it('says unknown_system for a system it does not hold', () => {
    const r = registry.lookup('urn:oid:1.2.246.537.6.1222.201601', '46');
    assert.ok(!r.ok);
    assert.equal(r.error.reason, 'unknown_system');
    assert.match(r.error.message, /1\.2\.246\.537\.6\.1222/);
    assert.equal(registry.lookup('not an oid', '10').ok, false);
  });

  it('says unknown_code for a code missing from a known system', () => {
    const r = registry.lookup('1.2.246.537.6.1221', '11');
    assert.ok(!r.ok);
    assert.equal(r.error.reason, 'unknown_code');
    assert.match(r.error.message, /"11" is not in Palvelutehtävä/);
  });

  it('checks validity with inclusive bounds', () => {
    assert.ok(registry.lookup('1.2.246.537.6.1221', '30', '2016-01-01').ok);
    assert.ok(registry.lookup('1.2.246.537.6.1221', '30', '2019-12-31').ok);
    for (const day of ['2015-12-31', '2020-01-01']) {
      const r = registry.lookup('1.2.246.537.6.1221', '30', day);
      assert.ok(!r.ok, day);
      assert.equal(r.error.reason, 'not_valid_on_date');
      assert.match(r.error.message, /valid 2016-01-01 – 2019-12-31/);
    }
    // Codes without bounds are valid on any day; without a date validity is not checked.
    assert.ok(registry.lookup('1.2.246.537.6.1221', '10', '1900-01-01').ok);
    assert.ok(registry.lookup('1.2.246.537.6.1221', '30').ok);
  });

  it('reads a date-time as the calendar date it was written in', () => {
    assert.ok(registry.lookup('1.2.246.537.6.1221', '30', '2019-12-31T23:59:59+02:00').ok);
    assert.equal(registry.lookup('1.2.246.537.6.1221', '30', '2020-01-01T00:30:00+02:00').ok, false);
  });

  it('throws on a malformed date, which is a programming error', () => {
    assert.throws(() => registry.lookup('1.2.246.537.6.1221', '30', '31.12.2019'), RangeError);
    assert.throws(() => isValidOn(provisionalTasks.codes[0]!, '2019'), RangeError);
  });
});

describe('CodeRegistry.display', () => {
  it('shows the requested language and falls back to Finnish', () => {
    assert.equal(registry.display('1.2.246.537.6.1221', '10', 'sv'), 'Barnskydd');
    assert.equal(registry.display('1.2.246.537.6.1221', '10', 'en'), 'Lastensuojelu');
    assert.equal(registry.display('1.2.246.537.6.1221.201601', '30', 'en'), 'Services for the elderly');
    assert.equal(registry.display('1.2.246.537.6.1221', '12', 'fi'), undefined);
  });
});

describe('CodeRegistry as a value', () => {
  it('lists the codes valid on a day, for pick lists', () => {
    assert.deepEqual(
      registry.codes('1.2.246.537.6.1221', '2024-05-01').map((c) => c.code),
      ['10', '91'],
    );
    assert.equal(registry.codes('1.2.246.537.6.1221').length, 3);
    assert.deepEqual(registry.codes('1.2.3'), []);
  });

  it('withSystem replaces a provisional list by an official one and leaves the old registry alone', () => {
    const official = load({
      oid: '1.2.246.537.6.1221',
      version: '201601',
      names: { fi: 'Sosiaalihuolto - Palvelutehtävä' },
      provenance: { status: 'verified', source: 'THL koodistopalvelu export test' },
      completeness: 'complete',
      codes: [
        {
          code: '10',
          names: { fi: 'Lastensuojelu' },
          provenance: { status: 'verified', source: 'THL koodistopalvelu export test' },
        },
        {
          code: '12',
          names: { fi: 'Työikäisten palvelut' },
          provenance: { status: 'verified', source: 'THL koodistopalvelu export test' },
        },
      ],
    });
    const next = registry.withSystem(official);
    assert.notEqual(next, registry);
    assert.equal(next.lookup('1.2.246.537.6.1221', '91').ok, false);
    assert.equal(next.display('1.2.246.537.6.1221', '12', 'fi'), 'Työikäisten palvelut');
    assert.equal(next.system('1.2.246.537.6.1221')?.completeness, 'complete');
    assert.equal(next.systems().length, 2);
    // The original is unchanged.
    assert.ok(registry.lookup('1.2.246.537.6.1221', '91').ok);
    assert.equal(registry.lookup('1.2.246.537.6.1221', '12').ok, false);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(registry));
    assert.throws(() => {
      (registry as unknown as { extra: number }).extra = 1;
    }, TypeError);
  });
});
