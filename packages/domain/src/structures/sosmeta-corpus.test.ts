// Runs the importer, validator and generators over THL's published structures when the shared
// Sosmeta folder is present (it is reference data outside the repository, never copied in).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  generateFullDocument,
  generateMinimalDocument,
  generateMutations,
  type MutationKind,
  seededRng,
} from './generate.ts';
import { importSosmeta } from './import-sosmeta.ts';
import type { StructureDefinition } from './model.ts';
import { validate } from './validate.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const sosmetaDir = join(process.env.VARANTO_SHARED_DIR ?? join(repoRoot, '..', 'shared'), 'sosmeta');
const present = existsSync(sosmetaDir);

function load(): { name: string; json: unknown }[] {
  return readdirSync(sosmetaDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(sosmetaDir, name), 'utf8')) as unknown }));
}

describe('Sosmeta corpus', { skip: present ? false : `no Sosmeta folder at ${sosmetaDir}` }, () => {
  const files = present ? load() : [];
  const definitions: StructureDefinition[] = [];

  it('imports every published structure', (t) => {
    const failures: string[] = [];
    for (const { name, json } of files) {
      const r = importSosmeta(json);
      if (r.ok) definitions.push(r.definition);
      else failures.push(`${name}: ${r.errors.map((e) => `${e.schemaPath} ${e.message}`).join('; ')}`);
    }
    t.diagnostic(`${definitions.length} of ${files.length} structures imported`);
    assert.deepEqual(failures, []);
    assert.ok(files.length >= 182, `expected the 182 published structures, found ${files.length}`);
    const oids = new Set(definitions.map((d) => d.oid));
    assert.equal(oids.size, definitions.length, 'definition OIDs are unique');
    for (const d of definitions)
      assert.ok(
        files.some((f) => f.name === `${d.oid}.json`),
        d.oid,
      );
  });

  it('generates a minimal document of each structure that validates', (t) => {
    let fields = 0;
    for (const d of definitions) {
      for (const seed of [1, 2, 3]) {
        const doc = generateMinimalDocument(d, seed);
        const r = validate(d, doc);
        assert.ok(r.ok, `${d.oid} seed ${seed}: ${JSON.stringify(!r.ok && r.errors.slice(0, 3))}`);
      }
      fields += JSON.stringify(generateMinimalDocument(d)).length;
    }
    t.diagnostic(`${definitions.length} minimal documents valid (${fields} bytes in all)`);
  });

  it('rejects every mutation of the minimal documents with the expected code at the exact place', (t) => {
    const counts = new Map<MutationKind, number>();
    for (const d of definitions) {
      for (const m of generateMutations(d, generateMinimalDocument(d))) {
        counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
        const r = validate(d, m.document);
        assert.equal(r.ok, false, `${d.oid} ${m.kind} ${m.path} was accepted`);
        if (r.ok) continue;
        assert.deepEqual(
          r.errors.map((e) => [e.code, e.pointer]),
          [[m.expectedErrorCode, m.path]],
          `${d.oid} ${m.kind} ${m.path}`,
        );
      }
    }
    t.diagnostic(`mutations rejected: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const kind of ['missing_required', 'wrong_type', 'unknown_field', 'wrong_code_system'] as const) {
      assert.ok((counts.get(kind) ?? 0) > 0, `no ${kind} mutations generated`);
    }
  });

  it('rejects mutations of full documents too', (t) => {
    let n = 0;
    // Every 10th structure keeps this fast; full documents are large and mutations many.
    for (const d of definitions.filter((_, i) => i % 10 === 0)) {
      const doc = generateFullDocument(d, seededRng(7));
      for (const m of generateMutations(d, doc)) {
        const r = validate(d, m.document);
        assert.ok(
          !r.ok && r.errors.some((e) => e.code === m.expectedErrorCode && e.pointer === m.path),
          `${d.oid} ${m.kind} ${m.path}`,
        );
        n++;
      }
    }
    t.diagnostic(`${n} full-document mutations rejected`);
  });

  it('property: a full document of any structure, from any rng, validates', () => {
    if (definitions.length === 0) return;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: definitions.length - 1 }), fc.integer(), (i, seed) => {
        const d = definitions[i]!;
        const doc = generateFullDocument(d, seededRng(seed));
        const r = validate(d, doc);
        if (!r.ok) throw new Error(`${d.oid}: ${JSON.stringify(r.errors.slice(0, 3))}`);
      }),
      { numRuns: 300 },
    );
  });
});
