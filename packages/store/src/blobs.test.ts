import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BlobStore } from './blobs.ts';

describe('content-addressed blobs on the filesystem', () => {
  const root = mkdtempSync(join(tmpdir(), 'varanto-blobs-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const all = () =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);

  test('a blob is stored under its SHA-256 and read back; the same bytes are stored once', async () => {
    const blobs = new BlobStore(root);
    const bytes = Buffer.from('%PDF-1.4 yksi');
    const a = await blobs.put(bytes);
    assert.equal(a.sha256, BlobStore.sha256(bytes));
    assert.equal(a.created, true);
    assert.ok(readFileSync(blobs.pathOf(a.sha256)).equals(bytes));
    assert.ok((await blobs.read(a.sha256))?.equals(bytes));
    const again = await new BlobStore(root).put(Buffer.from(bytes));
    assert.equal(again.created, false);
    assert.deepEqual(all(), [a.sha256], 'one file, no temp file left behind');
    assert.equal(await blobs.read('0'.repeat(64)), undefined);
    assert.equal(await blobs.has('0'.repeat(64)), false);
  });

  test('putMany writes each distinct content once, in order of the input', async () => {
    const blobs = new BlobStore(root);
    const items = ['x', 'y', 'x', 'z', 'y'].map((s) => {
      const bytes = Buffer.from(`blob ${s}`);
      return { bytes, sha256: BlobStore.sha256(bytes) };
    });
    const r = await blobs.putMany(items, { concurrency: 3, deferDirSync: true });
    await blobs.syncPending();
    assert.deepEqual(
      r.map((p) => p.created),
      [true, true, false, true, false],
    );
    assert.deepEqual(
      r.map((p) => p.sha256),
      items.map((i) => i.sha256),
    );
    assert.equal(all().length, 4);
  });

  test('a wrong hash or a name that is not one is refused, nothing written', async () => {
    const blobs = new BlobStore(root);
    const before = all().length;
    await assert.rejects(blobs.put(Buffer.from('a'), 'b'.repeat(64)), /do not hash/);
    assert.throws(() => blobs.pathOf('../../etc/passwd'), /not a SHA-256/);
    assert.equal(all().length, before);
  });
});
