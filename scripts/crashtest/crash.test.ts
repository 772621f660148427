// The small crash test of `npm test`: five SIGKILLs of `varanto start` with its embedded
// PostgreSQL while documents are being stored, and the refusal of non-durable commit settings.
// The long run is `node --import tsx scripts/crashtest/run.ts --cycles 100`.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { checkRefusal, syncCommitOffDatabase } from './durability.ts';
import { canonicalJson, runCrashTest } from './harness.ts';

const work = mkdtempSync(join(tmpdir(), 'varanto-crash-test-'));
// The embedded PostgreSQL runs as the `postgres` user when tests run as root.
chmodSync(work, 0o711);
after(() => rmSync(work, { recursive: true, force: true }));

// The refusal checks run beside the crash cycles: both mostly wait on process starts.
describe('crash consistency', { concurrency: true }, () => {
  test('canonical JSON ignores key order and keeps everything else', () => {
    assert.equal(
      canonicalJson({ b: [1, { d: 'x', c: null }], a: 'ä' }),
      '{"a":"ä","b":[1,{"c":null,"d":"x"}]}',
    );
    assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: '1' }));
  });

  test('no acknowledged write is lost over 5 SIGKILLs of the server and its PostgreSQL', async () => {
    const lines: string[] = [];
    const r = await runCrashTest({
      cycles: 5,
      concurrency: 8,
      killAfterMs: [200, 1200],
      dataDir: join(work, 'data'),
      seed: 1 + Math.floor(Math.random() * 1_000_000),
      log: (l) => lines.push(l),
    });
    const report = `${lines.join('\n')}\nproblems:\n${r.problems.join('\n')}`;
    assert.equal(r.cycles, 5);
    assert.ok(r.acknowledged > 0, `no write was acknowledged:\n${report}`);
    assert.deepEqual(
      r.lost.map((l) => `${l.write.setId}: ${l.problem}`),
      [],
      report,
    );
    assert.deepEqual(r.problems, [], report);
  });

  test('the server refuses synchronous_commit=off unless VARANTO_ALLOW_UNSAFE_DURABILITY=1', async () => {
    for (const engine of await testEngines()) {
      const db = await syncCommitOffDatabase(engine.adminUrl);
      try {
        assert.deepEqual(await checkRefusal(db, join(work, 'refusal')), [], engine.name);
      } finally {
        await db.drop();
      }
    }
  });
});
