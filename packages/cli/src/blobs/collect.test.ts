// `varanto blobs collect` on real files and a real database: what documents name is kept (also
// only through a version 2), an old unreferenced blob and an old temp file are reported and, with
// --delete, removed (one audit entry), a young one is kept, anything else is left alone and
// reported — and a blob an import has found and reuses, its transaction still open, is not deleted:
// the collector waits for the import's blob lock or refuses, then keeps the blob the import named.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  renameSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BlobStore, blobLockSessions, lockBlobsShared, type PutResult, verifyAudit } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import { type ApiClient, hetu, type RunningTestServer } from '../../../server/src/testing.ts';
import { type ImportLegacyOptions, importLegacy } from '../legacy/import.ts';
import {
  closeCliServer,
  type FamilyWorkOrganization,
  openClient,
  openFamilyWorkOrganization,
  startCliServer,
} from '../legacy/test-world.ts';
import {
  BLOBS_COLLECT_ACTION,
  CollectBusy,
  CollectLockLost,
  type CollectOptions,
  collectBlobs,
} from './collect.ts';
import { runCollectBlobs } from './command.ts';

const ORG = '1.2.246.10.7373731';
const UNIT = `${ORG}.10.1`;
const FAMILY = '24';
const TODAY = '2026-04-01';
const HOUR = 3_600_000;
/** The organization the suite's documents are imported into and collected from. */
const GC: FamilyWorkOrganization = {
  oid: ORG,
  name: 'Alue GC',
  adminLogin: 'admin.gc',
  unitOid: UNIT,
  registerId: 'reg-gc',
  serviceTask: FAMILY,
  worker: { login: 'sari.gc', givenNames: 'Sari' },
};

/** Every file under `dir`, relative paths, sorted. */
const tree = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();

for (const engine of await testEngines()) {
  describe(`blobs collect (${engine.name})`, () => {
    const tmp = mkdtempSync(join(tmpdir(), 'varanto-collect-'));
    const blobDir = join(tmp, 'blobs');
    let server: RunningTestServer;
    let api: ApiClient;
    let sari = '';
    let anna = '';
    const annaHetu = hetu('1962-05-06', 931);
    let n = 0;

    const manifest = (files: Record<string, Buffer | string>) => {
      const dir = join(tmp, `m${++n}`);
      mkdirSync(dir, { recursive: true });
      const lines = Object.keys(files).map((file, i) => ({
        client: annaHetu,
        registrar: ORG,
        serviceTask: FAMILY,
        documentType: '19005',
        title: `Muistio ${n}.${i}`,
        date: '2010-02-03',
        originalId: `GC-${n}-${i}`,
        file,
      }));
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      writeFileSync(join(dir, 'manifest.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      return dir;
    };
    const run = (dir: string, over: Partial<ImportLegacyOptions> = {}) =>
      importLegacy(server.db.store, {
        dir,
        registrarOid: ORG,
        serviceUnitOid: UNIT,
        blobs: new BlobStore(blobDir),
        importedBy: 'cli:test',
        today: TODAY,
        ...over,
      });
    /** The collector as the command runs it, on a clock `ahead` ms in the future (files look older). */
    const collect = (over: Partial<CollectOptions> = {}, ahead = 48 * HOUR) =>
      collectBlobs(server.db.store, {
        root: blobDir,
        minAgeMs: 24 * HOUR,
        delete: false,
        waitMs: 2000,
        operator: 'cli:admin',
        now: () => Date.now() + ahead,
        ...over,
      });
    const command = async (
      over: Partial<Omit<CollectOptions, 'onProgress'>> & { verbose?: boolean } = {},
    ) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCollectBlobs(server.db.store, {
        root: blobDir,
        minAgeMs: 24 * HOUR,
        delete: false,
        waitMs: 2000,
        operator: 'cli:admin',
        now: () => Date.now() + 48 * HOUR,
        verbose: false,
        json: false,
        progress: false,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        ...over,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const collections = async () =>
      (
        await server.db.owner.pool.query(
          'SELECT reason, outcome, actor_kind, actor_name FROM audit_entry WHERE action = $1',
          [BLOBS_COLLECT_ACTION],
        )
      ).rows as { reason: string; outcome: string; actor_kind: string; actor_name: string }[];
    const blobPath = (bytes: Buffer | string) =>
      new BlobStore(blobDir).pathOf(BlobStore.sha256(Buffer.from(bytes)));
    const setIdOf = async (originalId: string) =>
      (
        await server.db.owner.pool.query(
          `SELECT set_id FROM document_version WHERE content->'vanha_asiakirja'->>'alkuperainen_tunniste' = $1`,
          [originalId],
        )
      ).rows[0].set_id as string;
    const fileOf = async (setId: string) => {
      const f = await fetch(`${api.base}/documents/${setId}/file`, {
        headers: { authorization: `Bearer ${sari}` },
      });
      return { status: f.status, bytes: Buffer.from(await f.arrayBuffer()) };
    };

    before(async () => {
      server = await startCliServer(engine, blobDir, TODAY);
      api = server.api;
      const sariId = await openFamilyWorkOrganization(server, GC);
      sari = await api.login('sari.gc');
      anna = await openClient(api, sari, GC, sariId, {
        hetu: annaHetu,
        givenNames: 'Anna',
        familyName: 'Aaltonen',
      });
    });
    after(() => closeCliServer(server, tmp));

    test('referenced blobs are kept (also a version 2’s); old unreferenced ones and temp files are reported, then removed with --delete; young ones and strangers are left', async () => {
      // A legacy document, invalidated: versions 1 and 2 name its file.
      const kept = 'Muistio: säilytettävä asiakirja.\n';
      const r = await run(manifest({ 'kept.txt': kept }));
      assert.ok(r.ok, JSON.stringify(r));
      const keptId = await setIdOf(`GC-${n}-0`);
      const inv = await api.post(`/documents/${keptId}/invalidation`, sari, {
        invalidatesVersion: 1,
        reason: 'Väärä asiakas',
      });
      assert.equal(inv.status, 201, inv.text);
      // A blob that only a version 2 row names (no version 1 names it).
      const onlyV2 = Buffer.from('vain versio 2\n');
      await new BlobStore(blobDir).put(onlyV2);
      await server.db.owner.pool.query(
        `INSERT INTO document_file (client_key, set_id, version, sha256, media_type, byte_size, file_name)
         VALUES ($1, $2, 2, $3, 'text/plain', $4, 'v2.txt')`,
        [anna, `${ORG}.95.2026.${Date.now()}`, BlobStore.sha256(onlyV2), onlyV2.length],
      );
      // Left behind by failed runs: an old blob, a young blob, a temp file of an interrupted write.
      const orphan = Buffer.from('orpo: epäonnistuneen ajon tiedosto\n');
      const young = Buffer.from('nuori orpo\n');
      await new BlobStore(blobDir).put(orphan);
      await new BlobStore(blobDir).put(young);
      // Younger than the minimum age on the collector's clock (48 h ahead): changed 47 h ahead.
      const soon = new Date(Date.now() + 47 * HOUR);
      utimesSync(blobPath(young), soon, soon);
      const orphanHash = BlobStore.sha256(orphan);
      const fan = join(blobDir, 'sha256', orphanHash.slice(0, 2));
      const tempFile = join(fan, `.tmp-${orphanHash.slice(0, 16)}-${randomBytes(6).toString('hex')}`);
      writeFileSync(tempFile, 'puolikas');
      // Not blobs: a note beside them, a file at the top, a blob name in the wrong directory.
      writeFileSync(join(fan, 'LUE-MINUT.txt'), 'älä poista');
      writeFileSync(join(blobDir, 'README'), 'blob directory');
      const wrongFan = orphanHash.startsWith('00') ? '01' : '00';
      mkdirSync(join(blobDir, 'sha256', wrongFan), { recursive: true });
      writeFileSync(join(blobDir, 'sha256', wrongFan, orphanHash), orphan);

      // Report only: everything reported, nothing deleted, no audit entry.
      const before = tree(blobDir);
      const report = await command({ verbose: true });
      assert.equal(report.code, 0, report.err);
      assert.deepEqual(tree(blobDir), before, 'the report deletes nothing');
      assert.match(report.out, /1 unreferenced blob \(\d+ bytes\) older than 24 h/);
      assert.match(report.out, /1 temp file of interrupted writes/);
      assert.match(report.out, new RegExp(`unreferenced sha256/${orphanHash.slice(0, 2)}/${orphanHash}`));
      assert.match(report.out, /kept, younger than 24 h: 1 unreferenced blob/);
      assert.match(report.out, /report only, nothing deleted/);
      assert.match(report.err, /left alone: README/);
      assert.match(report.err, /left alone: sha256\/..\/LUE-MINUT\.txt: not a blob name/);
      assert.match(report.err, /a blob name in the wrong fan-out directory/);
      assert.deepEqual(await collections(), []);
      const seen = await collect();
      assert.equal(seen.blobs, 4);
      assert.equal(seen.referenced, 2, 'the invalidated document’s file and the version-2-only one');
      assert.deepEqual(
        seen.unreferenced.map((f) => f.path),
        [`sha256/${orphanHash.slice(0, 2)}/${orphanHash}`],
      );
      assert.equal(seen.young.length, 1);
      assert.equal(seen.temp.length, 1);
      assert.equal(seen.other.length, 3);

      // Nothing is old on the real clock: a deleting run removes nothing.
      const now = await collect({ delete: true }, 0);
      assert.equal(now.removed.length, 0);
      assert.equal(now.unreferenced.length, 0);
      assert.equal(now.young.length, 2);
      assert.ok(existsSync(blobPath(orphan)) && existsSync(tempFile));

      // --delete: the old orphan and the old temp file go; the rest stays; one audit entry.
      const del = await command({ delete: true });
      assert.equal(del.code, 0, del.err);
      assert.match(del.out, /removed 2 files/);
      assert.ok(!existsSync(blobPath(orphan)), 'the old unreferenced blob is removed');
      assert.ok(!existsSync(tempFile), 'the old temp file is removed');
      assert.ok(existsSync(blobPath(kept)), 'the document’s file is kept');
      assert.ok(existsSync(blobPath(onlyV2)), 'a file a version 2 names is kept');
      assert.ok(existsSync(blobPath(young)), 'the young unreferenced blob is kept');
      assert.ok(existsSync(join(fan, 'LUE-MINUT.txt')));
      assert.ok(existsSync(join(blobDir, 'README')));
      assert.ok(existsSync(join(blobDir, 'sha256', wrongFan, orphanHash)), 'a misplaced file is left alone');
      const served = await fileOf(keptId);
      assert.equal(served.status, 200);
      assert.ok(served.bytes.equals(Buffer.from(kept)), 'the invalidated document’s file is served');
      const audit = await collections();
      assert.equal(audit.length, 2, 'one entry per deleting run (the one above removed nothing)');
      const last = audit.find((a) => /removed 1 unreferenced blobs/.test(a.reason));
      assert.ok(last, JSON.stringify(audit));
      assert.equal(last.outcome, 'allowed');
      assert.match(last.reason, new RegExp(`\\(${orphan.length} bytes\\) and 1 temp files \\(8 bytes\\)`));
      assert.deepEqual([last.actor_kind, last.actor_name], ['system', 'cli:admin']);
      const v = await verifyAudit(server.db.store);
      assert.equal(v.firstBreak, undefined, JSON.stringify(v.firstBreak));
    });

    test('a blob an import found and reuses, its transaction open, is not deleted: the collector refuses or waits, then keeps it', async () => {
      const reused = Buffer.from('jo tallennettu, uudelleen käytetty\n');
      const other = Buffer.from('toinen orpo\n');
      await new BlobStore(blobDir).put(reused);
      await new BlobStore(blobDir).put(other);
      // The import finds the (old, unreferenced) blob already stored, then waits for the test
      // before its rows commit.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let found!: (r: PutResult[]) => void;
      const putDone = new Promise<PutResult[]>((r) => (found = r));
      class HeldBlobs extends BlobStore {
        override async putMany(...args: Parameters<BlobStore['putMany']>): Promise<PutResult[]> {
          const r = await super.putMany(...args);
          found(r);
          await gate;
          return r;
        }
      }
      const importing = run(manifest({ 'reused.txt': reused }), { blobs: new HeldBlobs(blobDir) });
      const put = await putDone;
      let waiting: Promise<unknown> = Promise.resolve();
      try {
        assert.equal(put[0]?.created, false, 'the import reuses the stored blob');

        // Refused after the wait: exit 3, nothing deleted, no audit entry.
        const auditBefore = (await collections()).length;
        const busy = await command({ delete: true, waitMs: 300 });
        assert.equal(busy.code, 3, busy.out);
        assert.match(busy.err, /another import or collection holds the blob lock; nothing was deleted/);
        await assert.rejects(collect({ delete: true, waitMs: 0 }), CollectBusy);
        assert.ok(existsSync(blobPath(reused)) && existsSync(blobPath(other)));
        assert.equal((await collections()).length, auditBefore);

        // Waiting: it goes on only after the import committed, and keeps what the import named.
        let settled = false;
        waiting = collect({ delete: true, waitMs: 30_000 }).finally(() => {
          settled = true;
        });
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(settled, false, 'the collector waits for the import');
        assert.ok(existsSync(blobPath(reused)));
      } finally {
        release();
      }
      const imported = await importing;
      assert.ok(imported.ok, JSON.stringify(imported));
      const res = (await waiting) as Awaited<ReturnType<typeof collect>>;
      assert.ok(existsSync(blobPath(reused)), 'the blob the import named is kept');
      assert.ok(!existsSync(blobPath(other)), 'an unreferenced old blob is removed once the import ended');
      assert.ok(res.removed.some((f) => f.path.endsWith(BlobStore.sha256(other))));
      assert.ok(!res.removed.some((f) => f.path.endsWith(BlobStore.sha256(reused))));
      const file = await fileOf(await setIdOf(`GC-${n}-0`));
      assert.equal(file.status, 200);
      assert.ok(file.bytes.equals(reused), 'the imported document’s file is served');
    });

    test('an import that fails after writing its blobs leaves them unreferenced; the collector removes them', async () => {
      const lost = Buffer.from('epäonnistuneen ajon tiedosto\n');
      class FailingBlobs extends BlobStore {
        override async putMany(...args: Parameters<BlobStore['putMany']>): Promise<PutResult[]> {
          await super.putMany(...args);
          throw new Error('disk full (test)');
        }
      }
      await assert.rejects(
        run(manifest({ 'lost.txt': lost }), { blobs: new FailingBlobs(blobDir) }),
        /disk full/,
      );
      assert.ok(existsSync(blobPath(lost)), 'the failed run left its blob');
      const res = await collect({ delete: true });
      assert.ok(res.removed.some((f) => f.path.endsWith(BlobStore.sha256(lost))));
      assert.ok(!existsSync(blobPath(lost)));
    });

    /** A writer's transaction holding the blob lock shared until `release()`; `writer` is its end. */
    const holdBlobLock = async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let held!: () => void;
      const holding = new Promise<void>((r) => (held = r));
      const writer = server.db.store.transaction(async (tx) => {
        await lockBlobsShared(tx);
        held();
        await gate;
      });
      await holding;
      return { release, writer };
    };

    test('a writer holding the blob lock keeps the collector out; a missing blob directory is a setup error', async () => {
      const { release, writer } = await holdBlobLock();
      await assert.rejects(collect({ waitMs: 200 }), CollectBusy, 'a report waits for writers as well');
      release();
      await writer;
      await collect({ waitMs: 200 });
      const missing = await command({ root: join(tmp, 'no-such-dir') });
      assert.equal(missing.code, 2);
      assert.match(missing.err, /cannot read the blob directory/);
    });
    /** A blob directory of `count` old blobs no row of this database names. */
    const foreignDir = async (name: string, count: number) => {
      const dir = join(tmp, name);
      const store = new BlobStore(dir);
      for (let i = 0; i < count; i++) await store.put(Buffer.from(`${name} ${i}\n`));
      return dir;
    };

    test('a directory none of whose blobs this database names: --delete refuses (exit 2, nothing deleted) unless --allow-no-references; the report warns', async () => {
      const dir = await foreignDir('foreign', 3);
      const before = tree(dir);
      const auditBefore = (await collections()).length;
      const report = await command({ root: dir });
      assert.equal(report.code, 0, report.err);
      assert.match(
        report.err,
        /warning: no blob in .*foreign is named by this database \(database "[^"]+" on /,
      );
      assert.match(report.out, /3 unreferenced blobs/);
      const refused = await command({ root: dir, delete: true });
      assert.equal(refused.code, 2, refused.out);
      assert.match(
        refused.err,
        /no blob in .*foreign is named by this database .*is it the database these files belong to\? Nothing was deleted\. Rerun with --allow-no-references/,
      );
      assert.deepEqual(tree(dir), before, 'nothing deleted');
      assert.equal((await collections()).length, auditBefore, 'no audit entry');
      const forced = await command({ root: dir, delete: true, allowNoReferences: true });
      assert.equal(forced.code, 0, forced.err);
      assert.match(forced.out, /removed 3 files/);
      assert.deepEqual(tree(dir), []);
      assert.equal((await collections()).length, auditBefore + 1);
    });

    test('a blob directory given as a symlink is followed (nothing below it is)', async () => {
      const link = join(tmp, 'blobs-link');
      symlinkSync(blobDir, link);
      const r = await collect({ root: link });
      assert.equal(r.root, realpathSync(blobDir));
      assert.ok(r.blobs > 0 && r.referenced > 0, JSON.stringify(r));
      const c = await command({ root: link });
      assert.equal(c.code, 0, c.err);
    });

    /** The pid of the session holding the blob lock exclusive. */
    const collectorPid = async () =>
      (await blobLockSessions(server.db.owner.pool)).find((l) => l.mode === 'ExclusiveLock' && l.granted)
        ?.pid;
    const terminate = async (pid: number) => {
      await server.db.owner.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      while (
        (await server.db.owner.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount
      )
        await new Promise((r) => setTimeout(r, 20));
    };

    test('a session (and its lock) lost while deleting stops the unlinks at the next check, as an error, not a crash', async () => {
      const dir = await foreignDir('lost-lock', 150);
      let killed = false;
      await assert.rejects(
        collect({
          root: dir,
          delete: true,
          allowNoReferences: true,
          onProgress: async (phase, done) => {
            if (phase !== 'delete' || done !== 1) return;
            const pid = await collectorPid();
            assert.ok(pid, 'the collector holds the lock');
            await terminate(pid);
            killed = true;
          },
        }),
        CollectLockLost,
      );
      assert.ok(killed);
      assert.equal(tree(dir).length, 50, 'the unlinks stopped at the first check after the lock was lost');
    });

    test('an unexpected error (the session ended while waiting for the lock) is exit 4 with a message', async () => {
      const { release, writer } = await holdBlobLock();
      try {
        const running = command({ delete: true, waitMs: 30_000 });
        let pid: number | undefined;
        for (let i = 0; i < 200 && !pid; i++) {
          await new Promise((r) => setTimeout(r, 25));
          pid = (await blobLockSessions(server.db.owner.pool)).find(
            (l) => l.mode === 'ExclusiveLock' && !l.granted,
          )?.pid;
        }
        assert.ok(pid, 'the collector waits for the lock');
        await terminate(pid);
        const r = await running;
        assert.equal(r.code, 4, r.out);
        assert.match(r.err, /blobs collect: unexpected error: .*may stand without their audit entry/);
      } finally {
        release();
        await writer;
      }
    });
    test('a fan-out directory replaced between the scan and the removal is not removed from', async () => {
      const dir = await foreignDir('swapped', 1);
      const [file] = tree(dir);
      assert.ok(file);
      const fan = join(dir, file.split('/').slice(0, 2).join('/'));
      const { release, writer } = await holdBlobLock();
      let collecting: ReturnType<typeof collect> | undefined;
      try {
        collecting = collect({ root: dir, delete: true, allowNoReferences: true, waitMs: 30_000 });
        collecting.catch(() => {});
        // Scanned, now waiting for the lock: the fan-out directory is replaced by another one
        // holding a file of the same name.
        for (let i = 0; i < 200; i++) {
          const waiting = await blobLockSessions(server.db.owner.pool);
          if (waiting.some((l) => l.mode === 'ExclusiveLock' && !l.granted)) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        renameSync(fan, `${fan}-old`);
        mkdirSync(fan);
        copyFileSync(
          join(dir, `${file.split('/').slice(0, 2).join('/')}-old`, file.split('/')[2]!),
          join(dir, file),
        );
      } finally {
        release();
        await writer;
      }
      const r = await collecting;
      assert.equal(r.removed.length, 0, JSON.stringify(r));
      assert.match(r.failed[0]?.why ?? '', /fan-out directory changed since the scan/);
      assert.ok(existsSync(join(dir, file)), 'the file in the new directory is kept');
    });

    test('an import whose blob write fails keeps the blob lock until its other write has settled', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let failed!: () => void;
      const failing = new Promise<void>((r) => (failed = r));
      let calls = 0;
      class SlowThenFailing extends BlobStore {
        override async putMany(...args: Parameters<BlobStore['putMany']>): Promise<PutResult[]> {
          if (++calls === 1) {
            await gate;
            return super.putMany(...args);
          }
          failed();
          throw new Error('disk full (test)');
        }
      }
      let settled = false;
      const importing = run(manifest({ 'a.txt': 'ensimmäinen\n', 'b.txt': 'toinen\n' }), {
        blobs: new SlowThenFailing(blobDir),
        batchSize: 1,
      }).finally(() => {
        settled = true;
      });
      importing.catch(() => {});
      try {
        await failing;
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(settled, false, 'the run waits for the write still under way');
        const shared = (await blobLockSessions(server.db.owner.pool)).filter(
          (l) => l.mode === 'ShareLock' && l.granted,
        );
        assert.equal(shared.length, 1, 'the import still holds the blob lock');
      } finally {
        release();
      }
      await assert.rejects(importing, /disk full/);
    });
  });
}
