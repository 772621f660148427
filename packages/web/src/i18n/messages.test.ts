import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from './en.ts';
import { fi } from './fi.ts';
import { sv } from './sv.ts';

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

test('every language has exactly the Finnish keys', () => {
  const keys = [...all.fi.keys()].sort();
  assert.ok(keys.length > 100);
  assert.deepEqual([...all.sv.keys()].sort(), keys);
  assert.deepEqual([...all.en.keys()].sort(), keys);
});

test('no text is empty and every translation keeps the same placeholders', () => {
  for (const [lang, texts] of Object.entries(all)) {
    for (const [key, text] of texts) {
      assert.ok(text.trim().length > 0, `${lang} ${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(all.fi.get(key)!), `${lang} ${key} placeholders`);
    }
  }
});

test('Swedish and English are translations, not copies of the Finnish', () => {
  // Names of languages and the product, and texts made only of placeholders, are the same
  // everywhere; everything else should differ.
  const wordless = (s: string) => s.replace(/\{\{\w+\}\}/g, '').trim() === '';
  const same = (lang: 'sv' | 'en') =>
    [...all[lang]]
      .filter(([k, v]) => v === all.fi.get(k) && !wordless(v) && !/^(language\.|app\.name)/.test(k))
      .map(([k]) => k);
  assert.deepEqual(same('sv'), []);
  assert.deepEqual(same('en'), []);
});
