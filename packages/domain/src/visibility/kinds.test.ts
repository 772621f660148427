// The hidden kinds' codes against the shipped code system and, when the shared Sosmeta folder is
// present, against THL's own subject areas: a new structure of a hidden subject must be added here.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtinCodeRegistry } from '../codes/builtin.ts';
import { HIDDEN_KINDS, type HiddenKindName } from './kinds.ts';

const DOCUMENT_TYPE = '1.2.246.537.6.1506';

describe('hidden kinds: codes', () => {
  test('every document type named is a known client document type; kinds do not overlap', () => {
    const registry = builtinCodeRegistry();
    const seen = new Map<string, string>();
    let n = 0;
    for (const kind of HIDDEN_KINDS) {
      assert.ok(kind.documentTypes.length > 0, kind.name);
      for (const code of kind.documentTypes) {
        const found = registry.lookup(DOCUMENT_TYPE, code);
        assert.ok(found.ok, `${kind.name}: ${code} is not in ${DOCUMENT_TYPE}`);
        assert.equal(seen.get(code), undefined, `${code} is in two kinds`);
        seen.set(code, kind.name);
        n++;
      }
      assert.match(kind.rule, /^hidden_[a-z_]+$/);
      assert.ok(kind.reason.length > 0 && kind.reasonFi.length > 0);
    }
    assert.equal(n, 34);
    assert.deepEqual(
      HIDDEN_KINDS.filter((k) => k.liftable).map((k) => k.name),
      ['adoption_counselling'],
    );
  });
});

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const sosmetaDir = join(process.env.VARANTO_SHARED_DIR ?? join(repoRoot, '..', 'shared'), 'sosmeta');

/** Sosmeta subject area → the kind that hides all of its documents. */
const SUBJECTS: Partial<Record<HiddenKindName, string>> = {
  parenthood: 'Vanhemmuuden selvittämisen asiakasasiakirjat',
  shelter_home: 'Turvakotipalvelun asiakasasiakirjat',
  violence_prevention: 'Väkivaltatyön asiakasasiakirjat',
  adoption_counselling: 'Adoptioneuvonnan asiakasasiakirjat',
};

describe('hidden kinds: Sosmeta subjects', {
  skip: existsSync(sosmetaDir) ? false : `no Sosmeta folder at ${sosmetaDir}`,
}, () => {
  test("each kind's types are exactly the structures of its Sosmeta subject", () => {
    const bySubject = new Map<string, Set<string>>();
    for (const f of readdirSync(sosmetaDir).filter((x) => x.endsWith('.json'))) {
      const json = JSON.parse(readFileSync(join(sosmetaDir, f), 'utf8')) as {
        sosmeta?: { oid?: string; documentSubject?: string };
      };
      const m = /^1\.2\.246\.537\.6\.1506\.(\d+)\./.exec(json.sosmeta?.oid ?? '');
      const subject = json.sosmeta?.documentSubject?.trim();
      if (!m?.[1] || !subject) continue;
      const set = bySubject.get(subject) ?? new Set();
      set.add(m[1]);
      bySubject.set(subject, set);
    }
    for (const [name, subject] of Object.entries(SUBJECTS)) {
      const kind = HIDDEN_KINDS.find((k) => k.name === name)!;
      assert.deepEqual(
        [...kind.documentTypes].sort(),
        [...(bySubject.get(subject) ?? [])].sort(),
        `${name} ↔ ${subject}`,
      );
    }
    // The custody investigation itself belongs to the custody subject, whose other documents stay shown.
    assert.ok(bySubject.get('Lapsen huollon ja tapaamisoikeuden turvaamisen asiakasasiakirjat')?.has('7005'));
    // Payment commitments: every structure whose code starts with 9 (four digits) is one.
    const nines = [...bySubject.values()].flatMap((s) => [...s]).filter((c) => /^9\d{3}$/.test(c));
    assert.deepEqual(nines, ['9002']);
  });
});
