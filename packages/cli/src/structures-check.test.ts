import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runStructuresCheck } from './structures-check.ts';

describe('runStructuresCheck', () => {
  it('prints one line per failure and a summary, and exits non-zero on failures', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'varanto-structures-'));
    try {
      await writeFile(join(dir, 'bad.json'), '{ not json');
      await writeFile(join(dir, 'empty.json'), '{}');
      await writeFile(join(dir, 'notes.txt'), 'ignored');
      const lines: string[] = [];
      const code = await runStructuresCheck(dir, (l) => lines.push(l));
      assert.equal(code, 1);
      assert.match(lines[0]!, /^bad\.json: not JSON: /);
      assert.ok(lines.some((l) => l.startsWith('empty.json: missing at /sosmeta')));
      assert.equal(lines.at(-1), '0 passed, 2 failed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('returns 2 when the folder cannot be read', async () => {
    const lines: string[] = [];
    assert.equal(await runStructuresCheck('/nonexistent/varanto', (l) => lines.push(l)), 2);
    assert.match(lines[0]!, /^cannot read/);
  });
});
