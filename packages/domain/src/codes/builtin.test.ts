import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_CODE_SYSTEM_FILES, builtinCodeRegistry, builtinCodeSystems } from './builtin.ts';
import { loadCodeSystem } from './loader.ts';
import { CODE_SYSTEM_OIDS } from './model.ts';

const systems = builtinCodeSystems();
const registry = builtinCodeRegistry();

describe('shipped code systems', () => {
  for (const [file, json] of Object.entries(BUILTIN_CODE_SYSTEM_FILES)) {
    it(`${file} loads without problems`, () => {
      const loaded = loadCodeSystem(json);
      assert.equal(loaded.ok, true, loaded.ok ? '' : loaded.error.issues.join('\n'));
    });

    it(`${file} has unique codes`, () => {
      const codes = (json as { codes: { code: string }[] }).codes.map((c) => c.code);
      const duplicates = codes.filter((c, i) => codes.indexOf(c) !== i);
      assert.deepEqual(duplicates, []);
    });
  }

  it('covers every code system the repository reads, once each', () => {
    assert.deepEqual(systems.map((s) => s.oid).sort(), Object.values(CODE_SYSTEM_OIDS).sort());
  });

  it('gives every code and every system a provenance with a citation or a note', () => {
    for (const system of systems) {
      for (const subject of [system, ...system.codes]) {
        const p = subject.provenance;
        const text = p.status === 'verified' ? p.source : p.note;
        assert.ok(text.trim().length > 10, `${system.oid} ${'code' in subject ? subject.code : ''}: ${text}`);
      }
    }
  });

  it('marks the shipped lists partial: they are samples, not the official exports', () => {
    for (const system of systems) assert.equal(system.completeness, 'partial', system.oid);
  });

  it('has the verified service tasks of the specification', () => {
    const expected = {
      '10': 'Lastensuojelu',
      '15': 'Päihdehuolto',
      '20': 'Vammaispalvelut',
      '24': 'Lapsiperheiden palvelut',
    };
    for (const [code, name] of Object.entries(expected)) {
      const found = registry.lookup(CODE_SYSTEM_OIDS.serviceTask, code);
      assert.ok(found.ok, code);
      assert.equal(found.value.entry.names.fi, name);
      assert.equal(found.value.entry.provenance.status, 'verified');
    }
  });

  it('keeps placeholder service tasks provisional and named', () => {
    const provisional = registry
      .codes(CODE_SYSTEM_OIDS.serviceTask)
      .filter((c) => c.provenance.status === 'provisional')
      .map((c) => c.names.fi);
    for (const name of ['Työikäisten palvelut', 'Iäkkäiden palvelut', 'Perheoikeudelliset palvelut']) {
      assert.ok(provisional.includes(name), name);
    }
  });

  it('has the document groups used by the records module', () => {
    for (const code of ['1', '2', '5', '8', '9']) {
      assert.ok(registry.lookup(CODE_SYSTEM_OIDS.documentGroup, code).ok, code);
    }
  });

  it('places every specific document type under a general type', () => {
    const generalCodes = new Set(
      registry
        .codes(CODE_SYSTEM_OIDS.clientDocumentType)
        .filter((c) => c.parent === undefined)
        .map((c) => c.code),
    );
    assert.ok(generalCodes.has('11') && generalCodes.has('15') && generalCodes.has('19'));
    const specific = registry
      .codes(CODE_SYSTEM_OIDS.clientDocumentType)
      .filter((c) => c.parent !== undefined);
    assert.ok(specific.length >= 178, `only ${specific.length} specific types`);
    for (const c of specific) {
      assert.ok(generalCodes.has(c.parent ?? ''), `${c.code} → ${c.parent}`);
      assert.match(c.code, /^\d{4,5}$/);
    }
    assert.equal(
      registry.display(CODE_SYSTEM_OIDS.clientDocumentType, '15007', 'fi'),
      'Lapsiperheiden palvelujen asiakassuunnitelma',
    );
    assert.equal(registry.children(CODE_SYSTEM_OIDS.clientDocumentType, '19').length, 14);
  });

  it('returns frozen data, so a consumer cannot edit the shared lists', () => {
    const [first] = systems;
    assert.ok(first);
    assert.ok(Object.isFrozen(first));
    assert.ok(Object.isFrozen(first.codes));
    assert.ok(Object.isFrozen(first.codes[0]));
  });
});
