import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionKey, en, fi, fill, sv } from './texts.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const all = { fi: leaves(fi), sv: leaves(sv), en: leaves(en) };

test('the portal speaks Finnish, Swedish and English with the same keys and placeholders', () => {
  const keys = [...all.fi.keys()].sort();
  assert.ok(keys.length > 100);
  for (const lang of ['sv', 'en'] as const) {
    assert.deepEqual([...all[lang].keys()].sort(), keys, lang);
    for (const [key, text] of all[lang]) {
      assert.ok(text.trim() !== '', `${lang} ${key}`);
      assert.deepEqual(placeholders(text), placeholders(all.fi.get(key)!), `${lang} ${key}`);
      assert.notEqual(text, all.fi.get(key), `${lang} ${key} is a translation, not a copy`);
    }
  }
});

test('placeholders are filled; every logged action has words', () => {
  assert.equal(fill('{{a}} ja {{b}}', { a: 1, b: 'x' }), '1 ja x');
  assert.equal(fill('{{missing}}', {}), '{{missing}}');
  for (const [action, key] of [
    ['document.read', 'read'],
    ['document.render', 'read'],
    ['document.store', 'store'],
    ['citizen.document.read', 'citizen'],
    ['citizen.error_flag.file', 'flag'],
    ['person.read', 'person'],
    ['person.create', 'personRecord'],
    ['person_relation.guardianship', 'relation'],
    ['clienthood.open', 'clienthood'],
    ['document.visibility_change', 'visibility'],
    ['seed.reference_data', 'other'],
  ] as const) {
    assert.equal(actionKey(action), key, action);
  }
});
