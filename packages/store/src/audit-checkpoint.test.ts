import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditEntry } from './api.ts';
import { appendAudit, chainOf, entryHash, verifyAudit } from './audit.ts';
import {
  CHECKPOINT_ACTOR,
  checkCheckpointSignature,
  checkpointFileName,
  createCheckpoint,
  listCheckpoints,
  loadOrCreateSigningKey,
  publicKeyId,
  publicKeyPath,
  readCheckpointFile,
  readPublicKey,
  readSigningKey,
  type SigningKey,
  saveCheckpointFile,
  signingKeyOf,
  verifyCheckpoint,
} from './audit-checkpoint.ts';
import { APPEND_ONLY_SQLSTATE, sqlState } from './errors.ts';
import { canonicalJson } from './sql.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'varanto-checkpoint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const newKey = (): SigningKey => signingKeyOf(generateKeyPairSync('ed25519').privateKey);

/** A client whose entries fall on a chain the checkpoint's own entry does not use. */
function clientOffCheckpointChain(): string {
  const avoid = chainOf({ actor: CHECKPOINT_ACTOR });
  for (;;) {
    const k = randomUUID();
    if (chainOf({ actor: { kind: 'anonymous' }, clientKey: k }) !== avoid) return k;
  }
}

async function appendFor(t: TestStore, client: string, n: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await t.store.transaction((tx) =>
        appendAudit(tx, {
          actor: { kind: 'system', name: 'test' },
          action: 'document.read',
          clientKey: client,
          outcome: 'allowed',
          reason: `entry ${i}`,
        }),
      ),
    );
  }
  return out;
}

/** Runs `fn` as the schema owner with the audit log's append-only trigger off, as an attacker would. */
async function tamper(
  t: TestStore,
  fn: (q: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>,
) {
  const owner = await t.owner.pool.connect();
  try {
    await owner.query('BEGIN');
    await owner.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    await fn((sql, params) => owner.query(sql, params));
    await owner.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    await owner.query('COMMIT');
  } catch (e) {
    await owner.query('ROLLBACK');
    throw e;
  } finally {
    owner.release();
  }
}

describe('checkpoint signing keys', () => {
  test('created on first use with mode 600 and the public key beside it, then reused', async () => {
    const path = join(dir, 'data', 'audit-signing-key.pem');
    const first = await loadOrCreateSigningKey(path);
    assert.equal(first.created, true);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'data')).mode & 0o777, 0o700);
    const again = await loadOrCreateSigningKey(path);
    assert.equal(again.created, false);
    assert.equal(again.keyId, first.keyId);
    const pub = await readPublicKey(publicKeyPath(path));
    assert.equal(publicKeyId(pub), first.keyId);
    // The private key file also serves as a verifying key.
    assert.equal(publicKeyId(await readPublicKey(path)), first.keyId);
    assert.match(await readFile(publicKeyPath(path), 'utf8'), /^-----BEGIN PUBLIC KEY-----/);
  });

  test('two processes starting at once end up with one key', async () => {
    const path = join(dir, 'race', 'k.pem');
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateSigningKey(path)));
    assert.equal(new Set(keys.map((k) => k.keyId)).size, 1);
    assert.equal(keys.filter((k) => k.created).length, 1);
  });

  test('a missing file, a non-key and a key of another kind are refused with the reason', async () => {
    await assert.rejects(readSigningKey(join(dir, 'nope.pem')), /ENOENT/);
    await writeFile(join(dir, 'junk.pem'), 'not a key');
    await assert.rejects(readSigningKey(join(dir, 'junk.pem')), /not a PEM private key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(join(dir, 'ec.pem'), ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await assert.rejects(readSigningKey(join(dir, 'ec.pem')), /must be an Ed25519 private key, not a ec/);
    await assert.rejects(readPublicKey(join(dir, 'ec.pem')), /signed with Ed25519/);
  });
});

for (const engine of await testEngines()) {
  describe(`audit checkpoints (${engine.name})`, async () => {
    let t: TestStore;
    const key = newKey();
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('a checkpoint pins every chain with entries, is signed, kept in the database and as a file', async () => {
      const first = clientOffCheckpointChain();
      let second = clientOffCheckpointChain();
      const chainOfClient = (k: string) => chainOf({ actor: { kind: 'anonymous' }, clientKey: k });
      while (chainOfClient(second) === chainOfClient(first)) second = clientOffCheckpointChain();
      const a = await appendFor(t, first, 3);
      const b = await appendFor(t, second, 2);
      const file = await createCheckpoint(t.store, key);
      const p = file.payload;
      assert.match(p.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.equal(p.keyId, key.keyId);
      assert.match(p.varanto.version, /^\d+\.\d+\.\d+/);
      // Its own entry is covered too.
      const own = chainOf({ actor: CHECKPOINT_ACTOR });
      const last = new Map<number, number>();
      for (const e of [...a, ...b]) last.set(e.chain, Math.max(last.get(e.chain) ?? 0, e.seq));
      last.set(own, (last.get(own) ?? 0) + 1);
      assert.deepEqual(
        p.chains.map((c) => [c.chain, c.seq]),
        [...last.entries()].sort((x, y) => x[0] - y[0]),
      );
      assert.equal(p.entries, 6);
      assert.equal(p.chains.find((c) => c.chain === a[2]!.chain && c.seq === a[2]!.seq)?.hash, a[2]!.hash);
      // The signature checks with plain node:crypto over the canonical payload.
      assert.ok(
        verify(null, Buffer.from(canonicalJson(p)), key.publicKey, Buffer.from(file.signature, 'base64')),
      );
      const audited = await t.owner.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'audit.checkpoint' AND request_id = $1`,
        [p.id],
      );
      assert.equal(audited.rows[0]?.n, 1);
      // The database keeps the same file; a saved file reads back whole and is never overwritten.
      const kept = (await listCheckpoints(t.store)).find((f) => f.payload.id === p.id);
      assert.deepEqual(kept, file);
      const path = join(dir, engine.name, checkpointFileName(file));
      assert.match(checkpointFileName(file), /^\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{8}\.json$/);
      await saveCheckpointFile(file, path);
      assert.deepEqual(await readCheckpointFile(path), file);
      await assert.rejects(saveCheckpointFile(file, path), /EEXIST/);
      const v = await verifyCheckpoint(t.store, await readCheckpointFile(path), key.publicKey);
      assert.equal(v.signature, 'valid');
      assert.deepEqual(v.breaks, []);
      assert.equal(v.holds, true);
      assert.equal(v.audit?.entries, 6);
    });

    test('entries written after a checkpoint leave it holding', async () => {
      const file = await createCheckpoint(t.store, key);
      await appendFor(t, randomUUID(), 4);
      const v = await verifyCheckpoint(t.store, file, key.publicKey);
      assert.equal(v.holds, true, JSON.stringify(v.breaks));
    });

    test('the checkpoint table is append-only: the application role and the owner are refused', async () => {
      const changes = [
        "UPDATE audit_checkpoint SET signature = 'AAAA'",
        'DELETE FROM audit_checkpoint',
        'TRUNCATE audit_checkpoint',
      ];
      for (const sql of changes) {
        await assert.rejects(
          t.store.transaction((tx) => tx.query(sql)),
          (e) => sqlState(e) === '42501',
          sql,
        );
        await assert.rejects(
          t.owner.transaction((tx) => tx.query(sql)),
          (e) => sqlState(e) === APPEND_ONLY_SQLSTATE,
          sql,
        );
      }
      assert.ok((await listCheckpoints(t.store)).length >= 2);
    });

    test('a forged file fails its signature; a wrong public key fails; a non-checkpoint is malformed', async () => {
      const file = await createCheckpoint(t.store, key);
      const forged = structuredClone(file);
      forged.payload.entries += 1;
      const r1 = await verifyCheckpoint(t.store, forged, key.publicKey);
      assert.equal(r1.signature, 'invalid');
      assert.equal(r1.holds, false);
      assert.equal(r1.audit, undefined, 'nothing is checked against an untrusted payload');
      const moved = structuredClone(file);
      moved.payload.chains[0]!.hash = 'f'.repeat(64);
      assert.equal(checkCheckpointSignature(moved, key.publicKey).signature, 'invalid');
      const stripped = structuredClone(file);
      (stripped.payload as { varanto: object }).varanto = {};
      assert.equal(checkCheckpointSignature(stripped, key.publicKey).signature, 'invalid');

      const other = newKey();
      const r2 = await verifyCheckpoint(t.store, file, other.publicKey);
      assert.equal(r2.signature, 'wrong_key');
      assert.equal(r2.holds, false);
      // A forger with their own key cannot pass it off under the real key either.
      const resigned = structuredClone(file);
      resigned.signature = sign(
        null,
        Buffer.from(canonicalJson(resigned.payload)),
        other.privateKey,
      ).toString('base64');
      assert.equal(checkCheckpointSignature(resigned, key.publicKey).signature, 'invalid');

      for (const bad of [
        null,
        [],
        { ...file, algorithm: 'RSA' },
        { ...file, signature: '' },
        { payload: {} },
      ]) {
        assert.equal(
          checkCheckpointSignature(bad, key.publicKey).signature,
          'malformed',
          JSON.stringify(bad),
        );
      }
      const badChain = structuredClone(file);
      (badChain.payload.chains[0] as { seq: unknown }).seq = '3';
      assert.match(checkCheckpointSignature(badChain, key.publicKey).detail ?? '', /chains\[0\]/);
    });
  });

  describe(`tampering after a checkpoint (${engine.name})`, async () => {
    const key = newKey();

    test('deleting the tail of a chain and resetting its head: only the checkpoint sees it', async () => {
      const t = await createTestStore(engine);
      try {
        const client = clientOffCheckpointChain();
        const entries = await appendFor(t, client, 5);
        const file = await createCheckpoint(t.store, key);
        await appendFor(t, client, 2);
        const keep = entries[2]!;
        await tamper(t, async (q) => {
          await q('DELETE FROM audit_entry WHERE chain = $1 AND seq > $2', [keep.chain, keep.seq]);
          await q('UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE chain = $1', [
            keep.chain,
            keep.seq,
            keep.hash,
          ]);
        });
        const plain = await verifyAudit(t.store);
        assert.deepEqual(plain.breaks, [], 'the chains alone look whole');
        const v = await verifyCheckpoint(t.store, file, key.publicKey);
        assert.equal(v.holds, false);
        assert.deepEqual(v.breaks, [v.firstBreak]);
        assert.equal(v.firstBreak?.chain, keep.chain);
        assert.equal(v.firstBreak?.problem, 'truncated');
        assert.equal(v.firstBreak?.seq, keep.seq + 1);
        assert.match(v.firstBreak?.detail ?? '', /entries 4\.\.5 are missing/);
      } finally {
        await t.close();
      }
    });

    test('rewriting a chain with recomputed hashes: only the checkpoint sees it', async () => {
      const t = await createTestStore(engine);
      try {
        const client = clientOffCheckpointChain();
        const entries = await appendFor(t, client, 4);
        const file = await createCheckpoint(t.store, key);
        // Change the second entry and re-link everything after it, head included.
        let prevHash = entries[0]!.hash;
        const rewritten: AuditEntry[] = [];
        for (const e of entries.slice(1)) {
          const { seq: _s, hash: _h, ...fields } = e;
          const changed = {
            ...fields,
            prevHash,
            ...(e.seq === entries[1]!.seq ? { action: 'document.search' } : {}),
          };
          const hash = entryHash(changed);
          rewritten.push({ ...changed, seq: e.seq, hash });
          prevHash = hash;
        }
        await tamper(t, async (q) => {
          for (const e of rewritten) {
            await q(
              'UPDATE audit_entry SET action = $3, prev_hash = $4, hash = $5 WHERE chain = $1 AND seq = $2',
              [e.chain, e.seq, e.action, e.prevHash, e.hash],
            );
          }
          await q('UPDATE audit_chain_head SET hash = $2 WHERE chain = $1', [entries[0]!.chain, prevHash]);
        });
        const plain = await verifyAudit(t.store);
        assert.deepEqual(plain.breaks, [], 'the chains alone verify');
        const v = await verifyCheckpoint(t.store, file, key.publicKey);
        assert.equal(v.holds, false);
        assert.equal(v.breaks.length, 1);
        assert.equal(v.firstBreak?.problem, 'rewritten');
        assert.equal(v.firstBreak?.chain, entries[3]!.chain);
        assert.equal(v.firstBreak?.seq, entries[3]!.seq);
      } finally {
        await t.close();
      }
    });

    test('an edit before the checkpoint is still reported by the chains, with the checkpoint too', async () => {
      const t = await createTestStore(engine);
      try {
        const client = clientOffCheckpointChain();
        const entries = await appendFor(t, client, 3);
        const file = await createCheckpoint(t.store, key);
        await tamper(t, (q) =>
          q("UPDATE audit_entry SET reason = 'nothing to see' WHERE chain = $1 AND seq = $2", [
            entries[1]!.chain,
            entries[1]!.seq,
          ]).then(() => {}),
        );
        const v = await verifyCheckpoint(t.store, file, key.publicKey);
        assert.equal(v.holds, false);
        assert.equal(v.firstBreak?.problem, 'edited');
        assert.equal(v.firstBreak?.seq, entries[1]!.seq);
      } finally {
        await t.close();
      }
    });
  });
}
