// Legacy import end to end, on a real server and database: manifest → blobs and rows → the
// client's document list → the file, byte for byte → an audit log that verifies. Then every kind
// of bad line (nothing written), dedup, and who may not see the documents.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { appendAudit, BlobStore, chainOf, type PutResult, verifyAudit } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import { type ApiClient, hetu, type RunningTestServer } from '../../../server/src/testing.ts';
import { type ImportLegacyOptions, importLegacy, LEGACY_IMPORT_ACTION } from './import.ts';
import { syntheticPdf as pdf } from './synthetic.ts';
import { closeCliServer, openClient, openFamilyWorkOrganization, startCliServer } from './test-world.ts';

const ORG_A = '1.2.246.10.7171711';
const ORG_B = '1.2.246.10.7272721';
const UNIT_A = `${ORG_A}.10.1`;
const UNIT_B = `${ORG_B}.10.1`;
const FAMILY = '24';
const TODAY = '2026-04-01';

interface Page {
  items: { setId: string; metadata: { documentGroup: string; documentType: string } }[];
  total: number;
}

const listFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  } catch {
    return [];
  }
};

for (const engine of await testEngines()) {
  describe(`legacy import (${engine.name})`, () => {
    const tmp = mkdtempSync(join(tmpdir(), 'varanto-legacy-'));
    const blobDir = join(tmp, 'blobs');
    let server: RunningTestServer;
    let api: ApiClient;
    let sari = '';
    let bob = '';
    let sariId = '';
    let anna = '';
    const annaHetu = hetu('1961-03-04', 921);
    const ottoHetu = hetu('1958-07-08', 922);
    let n = 0;

    /** A manifest directory with `files` and one line per entry (objects or raw text lines). */
    const manifest = (lines: (object | string)[], files: Record<string, Buffer | string>) => {
      const dir = join(tmp, `m${++n}`);
      for (const [name, bytes] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), bytes);
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'manifest.ndjson'),
        `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`,
      );
      return dir;
    };
    const line = (over: object = {}) => ({
      client: annaHetu,
      registrar: ORG_A,
      serviceTask: FAMILY,
      documentType: '11',
      title: 'Päätös perhetyöstä',
      date: '2011-05-17',
      author: 'Sosiaalityöntekijä Maija Vanha',
      originalId: 'EFFICA-1',
      file: 'scans/1.pdf',
      ...over,
    });
    const run = (dir: string, over: Partial<ImportLegacyOptions> = {}, blobs = blobDir) =>
      importLegacy(server.db.store, {
        dir,
        registrarOid: ORG_A,
        serviceUnitOid: UNIT_A,
        blobs: new BlobStore(blobs),
        importedBy: 'cli:test',
        today: TODAY,
        batchSize: 2,
        ...over,
      });
    const count = async (table: string) =>
      Number((await server.db.owner.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

    before(async () => {
      server = await startCliServer(engine, blobDir, TODAY);
      api = server.api;
      for (const [org, unit, admin, login] of [
        [ORG_A, UNIT_A, 'admin.a', 'sari'],
        [ORG_B, UNIT_B, 'admin.b', 'bob'],
      ] as const) {
        const id = await openFamilyWorkOrganization(server, {
          oid: org,
          name: `Alue ${admin}`,
          adminLogin: admin,
          unitOid: unit,
          registerId: `reg-${admin}`,
          serviceTask: FAMILY,
          worker: { login, givenNames: login },
        });
        if (login === 'sari') sariId = id;
      }
      sari = await api.login('sari');
      bob = await api.login('bob');
      anna = await openClient(api, sari, { registerId: 'reg-admin.a', serviceTask: FAMILY }, sariId, {
        hetu: annaHetu,
        givenNames: 'Anna',
        familyName: 'Aaltonen',
      });
    });
    after(() => closeCliServer(server, tmp));

    test('round trip: import → the client’s list → the file byte for byte → the audit chain verifies', async () => {
      const scan = pdf('Paatos perhetyosta 2011');
      const note = 'Muistio 14.2.2003: äiti soitti, kotikäynti sovittu.\n';
      const dir = manifest(
        [
          line(),
          line({
            file: 'notes/2.txt',
            documentType: '19005',
            title: 'Muistio',
            date: '2003-02-14',
            originalId: 'EFFICA-2',
          }),
          // The same scan filed twice (a copy in another folder): stored once.
          line({ file: 'scans/copy-of-1.pdf', originalId: 'EFFICA-3', language: 'sv', title: 'Beslut' }),
        ],
        { 'scans/1.pdf': scan, 'notes/2.txt': note, 'scans/copy-of-1.pdf': scan },
      );
      const r = await run(dir);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.documents, 3);
      assert.equal(r.blobsCreated, 2);
      assert.equal(r.blobsReused, 1);
      assert.equal(r.bytes, scan.length * 2 + Buffer.byteLength(note));
      assert.equal(listFiles(blobDir).length, 2, 'identical files stored once');
      // Two batches (batch size 2), one client: one audit entry per batch.
      assert.equal(r.auditEntries, 2);

      const list = await api.get<Page>(`/documents?client=${anna}&documentGroup=90`, sari);
      assert.equal(list.status, 200, list.text);
      assert.equal(list.body.total, 3);
      assert.deepEqual(list.body.items.map((d) => d.metadata.documentType).sort(), ['11', '11', '19005']);
      // In the client's ordinary list too.
      const all = await api.get<Page>(`/documents?client=${anna}`, sari);
      const allIds = all.body.items.map((d) => d.setId);
      assert.ok(list.body.items.every((d) => allIds.includes(d.setId)));

      const byType = async (type: string, title: string) => {
        for (const d of list.body.items.filter((x) => x.metadata.documentType === type)) {
          const doc = await api.get<{
            content: { vanha_asiakirja: { otsikko: string } };
            metadata: { structureOid: string };
          }>(`/documents/${d.setId}`, sari);
          if (doc.body.content.vanha_asiakirja.otsikko === title) return { setId: d.setId, doc: doc.body };
        }
        throw new Error(`no ${type} ${title}`);
      };
      const decision = await byType('11', 'Päätös perhetyöstä');
      assert.equal(decision.doc.metadata.structureOid, 'legacy:pdf');
      const f = await api.call('GET', `/documents/${decision.setId}/file`, { token: sari });
      assert.equal(f.status, 200, f.text);
      assert.equal(f.headers.get('content-type'), 'application/pdf');
      assert.ok(Buffer.from(f.text, 'latin1').equals(scan) || Buffer.from(f.text).equals(scan));
      const raw = await fetch(`${api.base}/documents/${decision.setId}/file`, {
        headers: { authorization: `Bearer ${sari}` },
      });
      assert.ok(Buffer.from(await raw.arrayBuffer()).equals(scan), 'the PDF comes back byte for byte');
      const memo = await byType('19005', 'Muistio');
      const t = await fetch(`${api.base}/documents/${memo.setId}/file`, {
        headers: { authorization: `Bearer ${sari}` },
      });
      assert.match(t.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
      assert.equal(await t.text(), note);

      const audit = await server.db.owner.pool.query(
        'SELECT actor_kind, actor_name, client_key, documents, action FROM audit_entry WHERE action = $1 ORDER BY recorded_at',
        [LEGACY_IMPORT_ACTION],
      );
      assert.equal(audit.rows.length, 2);
      assert.deepEqual(
        audit.rows.flatMap((e) => e.documents.map((d: { setId: string }) => d.setId)).sort(),
        list.body.items.map((d) => d.setId).sort(),
      );
      assert.ok(
        audit.rows.every(
          (e) => e.actor_kind === 'system' && e.actor_name === 'cli:test' && e.client_key === anna,
        ),
      );
      const reads = await server.db.owner.pool.query(
        "SELECT count(*) AS n FROM audit_entry WHERE action = 'document.file.read' AND outcome = 'allowed'",
      );
      assert.equal(Number(reads.rows[0].n), 3);
      const v = await verifyAudit(server.db.store);
      assert.equal(v.firstBreak, undefined, JSON.stringify(v.firstBreak));

      // A second run of the same scan stores no new blob.
      const again = await run(manifest([line({ originalId: 'EFFICA-4' })], { 'scans/1.pdf': scan }));
      assert.ok(again.ok);
      assert.equal(again.blobsCreated, 0);
      assert.equal(again.blobsReused, 1);
      assert.equal(listFiles(blobDir).length, 2);
    });

    test('while an import writes its rows, an audited action of another client on the same audit chain is not held up', async () => {
      // A blob store whose writes wait for the test: when the second batch's blobs are handed over,
      // the first batch's rows are written and the import is mid-run, its transaction open (it then
      // waits for the first batch's blobs: at most two batches ahead).
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let waiting!: () => void;
      const midRun = new Promise<void>((r) => (waiting = r));
      let calls = 0;
      class SlowBlobs extends BlobStore {
        override async putMany(...args: Parameters<BlobStore['putMany']>): Promise<PutResult[]> {
          if (++calls === 2) waiting();
          await gate;
          return super.putMany(...args);
        }
      }
      const dir = manifest(
        [1, 2, 3, 4, 5].map((i) => line({ originalId: `CHAIN-${i}`, file: `c/${i}.txt` })),
        Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`c/${i}.txt`, `Muistio ${i} (ketju).\n`])),
      );
      const importing = run(dir, { blobs: new SlowBlobs(blobDir) });
      await midRun;
      // Another client whose entries go to the same chain as the imported client's.
      const actor = { kind: 'system' as const, name: 'cli:other' };
      const chain = chainOf({ actor, clientKey: anna });
      let other = randomUUID();
      while (chainOf({ actor, clientKey: other }) !== chain) other = randomUUID();
      const outcome = await server.db.store
        .transaction(
          async (tx) => {
            await tx.query("SET LOCAL lock_timeout = '2s'");
            await appendAudit(tx, {
              actor,
              action: 'document.read',
              clientKey: other,
              documents: [],
              outcome: 'allowed',
            });
            return 'written';
          },
          { retries: 0 },
        )
        .catch((e: Error) => `blocked: ${e.message}`);
      release();
      const r = await importing;
      assert.equal(outcome, 'written');
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.auditEntries, 3, 'one entry per client and batch');
      const v = await verifyAudit(server.db.store);
      assert.equal(v.firstBreak, undefined, JSON.stringify(v.firstBreak));
    });

    test('another registrar’s professional gets the 404 of a missing document; the citizen never sees them', async () => {
      const list = await api.get<Page>(`/documents?client=${anna}&documentGroup=90`, sari);
      const setId = list.body.items[0]!.setId;
      const other = await api.call('GET', `/documents/${setId}/file`, { token: bob });
      const missing = await api.call('GET', `/documents/${ORG_A}.95.2026.1/file`, { token: bob });
      assert.equal(other.status, 404);
      assert.equal(missing.status, 404);
      const strip = (t: string) => {
        const { instance: _i, ...rest } = JSON.parse(t);
        return rest;
      };
      assert.deepEqual(strip(other.text), strip(missing.text));
      assert.equal((await api.get<Page>(`/documents?client=${anna}`, bob)).body.total, 0);
      // A document without a file answers the same 404.
      const plain = await api.post<{ setId: string }>('/registers/reg-admin.a/documents', sari, {
        metadata: { clients: [anna], serviceTask: FAMILY, documentType: '19005', documentDate: '2026-03-01' },
        content: {
          merkinta_tapaamisesta_tai_yhteydenotosta: {
            asiakas: [{ sukunimi: 'Aaltonen', etunimet: 'Anna' }],
            asiakaskertomusmerkinta: {
              palvelutehtava: {
                system: 'urn:oid:1.2.246.537.6.1221',
                code: FAMILY,
                display: 'Lapsiperheiden palvelut',
              },
            },
            sovitut_asiat: 'Tavattiin.',
            laatija: { sukunimi: 'Testinen', etunimet: 'Sari' },
          },
        },
      });
      assert.equal(plain.status, 201, plain.text);
      const noFile = await api.call('GET', `/documents/${plain.body.setId}/file`, { token: sari });
      assert.equal(noFile.status, 404);
      assert.deepEqual(strip(noFile.text), strip(missing.text));
      const denied = await server.db.owner.pool.query(
        "SELECT rule FROM audit_entry WHERE action = 'document.file.read' AND outcome = 'denied'",
      );
      assert.ok(denied.rows.length >= 3);
      assert.ok(denied.rows.some((r) => r.rule === 'not_found'));

      const citizen = await api.post<{ token: string }>('/citizen/auth/login', undefined, { hetu: annaHetu });
      assert.equal(citizen.status, 200, citizen.text);
      const own = await api.get<Page>('/citizen/documents', citizen.body.token);
      assert.equal(own.status, 200, own.text);
      assert.ok(own.body.items.every((d) => !list.body.items.some((l) => l.setId === d.setId)));
      // Her other documents are listed (the list works); the legacy ones are not.
      assert.ok(
        own.body.items.some((d) => d.setId === plain.body.setId),
        own.text,
      );
      // Her access log shows the import and the reads, but never names a document she may not see.
      const log = await api.get<{ items: { action: string; withheldDocuments: number }[] }>(
        '/citizen/access-log',
        citizen.body.token,
      );
      assert.equal(log.status, 200, log.text);
      const imports = log.body.items.filter((e) => e.action === LEGACY_IMPORT_ACTION);
      assert.ok(imports.length >= 2, log.text);
      assert.ok(imports.every((e) => e.withheldDocuments > 0));
      assert.ok(
        list.body.items.every((d) => !log.text.includes(d.setId)),
        log.text,
      );
      const direct = await api.get(`/citizen/documents/${setId}`, citizen.body.token);
      assert.equal(direct.status, 404);
      assert.equal(
        (await api.call('GET', `/documents/${setId}/file`, { token: citizen.body.token })).status,
        401,
      );
    });

    test('a legacy document is archived as received: correction and visibility change answer 409, invalidation with a reason keeps its file', async () => {
      // A file imported onto the wrong client: Anna's list shows another person's memo.
      const memo = 'Muistio 2.3.2004: toisen asiakkaan kotikäynti.\n';
      const r = await run(
        manifest([line({ file: 'wrong/memo.txt', documentType: '19005', originalId: 'EFFICA-WRONG' })], {
          'wrong/memo.txt': memo,
        }),
      );
      assert.ok(r.ok, JSON.stringify(r));
      const found = await server.db.owner.pool.query(
        `SELECT set_id FROM document_version
          WHERE content->'vanha_asiakirja'->>'alkuperainen_tunniste' = 'EFFICA-WRONG'`,
      );
      assert.equal(found.rows.length, 1);
      const setId: string = found.rows[0].set_id;
      type Doc = {
        version: number;
        status: string;
        reason?: string;
        content: unknown;
        xhtml: string;
        metadata: { structureOid: string; documentGroup: string };
      };
      const v1 = await api.get<Doc>(`/documents/${setId}`, sari);
      assert.equal(v1.status, 200, v1.text);
      const fileBytes = async (token: string) => {
        const f = await fetch(`${api.base}/documents/${setId}/file`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return { status: f.status, bytes: Buffer.from(await f.arrayBuffer()) };
      };
      assert.ok((await fileBytes(sari)).bytes.equals(Buffer.from(memo)));

      // Correction and visibility change: refused with the rule, nothing written.
      const refused = async () => [
        await api.post(`/documents/${setId}/versions`, sari, {
          correctsVersion: 1,
          reason: 'korjaus',
          content: {},
        }),
        await api.call('PUT', `/documents/${setId}/visibility`, {
          token: sari,
          body: { version: 1, change: { kind: 'keep_shown' } },
        }),
      ];
      for (const x of await refused()) {
        assert.equal(x.status, 409, x.text);
        assert.equal((x.body as { rule: string }).rule, 'legacy_archived');
        assert.ok((x.body as { detail: string }).detail.length > 0);
      }
      const before = await api.get<unknown[]>(`/documents/${setId}/versions`, sari);
      assert.equal(before.body.length, 1, 'no version was added');

      // Another registrar's professional learns nothing: the 404 of a missing document.
      const strip = (t: string) => {
        const { instance: _i, ...rest } = JSON.parse(t);
        return rest;
      };
      const bobTry = await api.post(`/documents/${setId}/invalidation`, bob, {
        invalidatesVersion: 1,
        reason: 'x',
      });
      const bobMissing = await api.post(`/documents/${ORG_A}.95.2026.1/invalidation`, bob, {
        invalidatesVersion: 1,
        reason: 'x',
      });
      assert.equal(bobTry.status, 404, bobTry.text);
      assert.equal(bobMissing.status, 404);
      assert.deepEqual(strip(bobTry.text), strip(bobMissing.text));

      // Invalidated with a reason: version 2, marked, the entry and its description as they were.
      const reason = 'Tuotu väärälle asiakkaalle (kuuluu toiselle henkilölle)';
      const inv = await api.post<Doc>(`/documents/${setId}/invalidation`, sari, {
        invalidatesVersion: 1,
        reason: `  ${reason} `,
      });
      assert.equal(inv.status, 201, inv.text);
      assert.equal(inv.body.version, 2);
      assert.equal(inv.body.status, 'invalidated');
      assert.equal(inv.body.reason, reason);
      assert.deepEqual(inv.body.content, v1.body.content, 'the legacy entry stays the content');
      // The description is kept, with the notice of any invalidation put first in it.
      const root = v1.body.xhtml.slice(0, v1.body.xhtml.indexOf('>') + 1);
      assert.equal(
        inv.body.xhtml,
        `${root}<div class="soc-invalidated"><p class="soc-invalidated-title">Mitätöity 1.4.2026</p><p>Syy: ${reason}</p></div>${v1.body.xhtml.slice(root.length)}`,
      );
      assert.deepEqual(inv.body.metadata, v1.body.metadata);
      const now = await api.get<Doc>(`/documents/${setId}`, sari);
      assert.equal(now.body.version, 2);
      assert.equal(now.body.status, 'invalidated');
      const versions = await api.get<Doc[]>(`/documents/${setId}/versions`, sari);
      assert.deepEqual(
        versions.body.map((v) => [v.version, v.status]),
        [
          [1, 'active'],
          [2, 'invalidated'],
        ],
      );

      // The archived file is still the document's, byte for byte, for who may read it, bound to
      // version 2 as well; bob still gets the 404.
      const after = await fileBytes(sari);
      assert.equal(after.status, 200);
      assert.ok(after.bytes.equals(Buffer.from(memo)), 'the file comes back byte for byte');
      assert.equal((await fileBytes(bob)).status, 404);
      const rows = await server.db.owner.pool.query(
        'SELECT version, sha256 FROM document_file WHERE set_id = $1 ORDER BY version',
        [setId],
      );
      assert.deepEqual(
        rows.rows.map((x) => x.version),
        [1, 2],
      );
      assert.equal(rows.rows[0].sha256, rows.rows[1].sha256);

      // Audited in the same transaction as the version, and the chain still verifies.
      const audit = await server.db.owner.pool.query(
        "SELECT outcome, documents FROM audit_entry WHERE action = 'document.invalidate' AND documents @> $1::jsonb",
        [JSON.stringify([{ setId, version: 2 }])],
      );
      assert.equal(audit.rows.length, 1);
      assert.equal(audit.rows[0].outcome, 'allowed');

      // A second invalidation is refused as for any invalidated document; correction and
      // visibility change still answer legacy_archived.
      const twice = await api.post<{ rule: string }>(`/documents/${setId}/invalidation`, sari, {
        invalidatesVersion: 2,
        reason: 'uudestaan',
      });
      assert.equal(twice.status, 409, twice.text);
      assert.equal(twice.body.rule, 'already_invalidated');
      for (const x of await refused()) {
        assert.equal(x.status, 409, x.text);
        assert.equal((x.body as { rule: string }).rule, 'legacy_archived');
      }
      assert.equal((await api.get<unknown[]>(`/documents/${setId}/versions`, sari)).body.length, 2);
      const v = await verifyAudit(server.db.store);
      assert.equal(v.firstBreak, undefined, JSON.stringify(v.firstBreak));
    });

    test('a client known by a temporary identifier is found by it (with its system)', async () => {
      const system = `${ORG_A}.22.2019`;
      const p = await api.post<{ clientKey: string }>('/persons', sari, {
        temporaryId: { system, value: '010119A900C' },
        familyName: 'Tuntematon',
        givenNames: 'Tiina',
      });
      assert.equal(p.status, 201, p.text);
      const dir = manifest([line({ client: '010119A900C', clientSystem: system, file: 't.txt' })], {
        't.txt': 'Muistio 1999.\n',
      });
      const r = await run(dir);
      assert.ok(r.ok, JSON.stringify(r));
      const rows = await server.db.owner.pool.query(
        "SELECT document_group FROM document_current WHERE client_key = $1 AND document_group = '90'",
        [p.body.clientKey],
      );
      assert.equal(rows.rows.length, 1);
      // Without its system the value is read as a henkilötunnus: not this person, refused.
      const without = await run(manifest([line({ client: '010119A900C', file: 't.txt' })], { 't.txt': 'x' }));
      assert.ok(!without.ok && without.kind === 'manifest' && without.errors[0]?.path === '/client');
    });

    test('every kind of bad line is reported with its line and path, and nothing is written', async () => {
      const fresh = join(tmp, 'blobs-bad');
      const before = {
        versions: await count('document_version'),
        files: await count('document_file'),
        audit: await count('audit_entry'),
      };
      const good = pdf('ok');
      const cases: [object | string, Record<string, Buffer | string>, string][] = [
        ['{"client": ', {}, ''],
        [{ ...line(), title: undefined }, { 'scans/1.pdf': good }, '/title'],
        [{ ...line(), color: 'blue' }, { 'scans/1.pdf': good }, '/color'],
        [line({ date: '17.5.2011' }), { 'scans/1.pdf': good }, '/date'],
        [line({ date: '2011-02-30' }), { 'scans/1.pdf': good }, '/date'],
        [line({ date: '2027-01-01' }), { 'scans/1.pdf': good }, '/date'],
        [line({ client: '010101A123M' }), { 'scans/1.pdf': good }, '/client'],
        [line({ client: ottoHetu }), { 'scans/1.pdf': good }, '/client'],
        [line({ registrar: ORG_B }), { 'scans/1.pdf': good }, '/registrar'],
        [line({ serviceTask: '999' }), { 'scans/1.pdf': good }, '/serviceTask'],
        [line({ documentType: '77777' }), { 'scans/1.pdf': good }, '/documentType'],
        [line({ language: 'en' }), { 'scans/1.pdf': good }, '/language'],
        [line({ file: '../outside.pdf' }), {}, '/file'],
        [line({ file: 'scan.tiff' }), { 'scan.tiff': good }, '/file'],
        [line({ file: 'scans/missing.pdf' }), {}, '/file'],
        [line({ file: 'scans/fake.pdf' }), { 'scans/fake.pdf': '<html>not a pdf</html>' }, '/file'],
        [line({ file: 'notes/bin.txt' }), { 'notes/bin.txt': Buffer.from([0x41, 0, 0x42]) }, '/file'],
      ];
      for (const [bad, files, path] of cases) {
        // The bad line third, after two good ones: the good ones are not written either.
        const dir = manifest([line(), line({ originalId: 'x' }), bad], { 'scans/1.pdf': good, ...files });
        const r = await run(dir, {}, fresh);
        assert.equal(r.ok, false, `${JSON.stringify(bad)} was accepted`);
        assert.ok(!r.ok && r.kind === 'manifest');
        assert.ok(
          !r.ok && r.kind === 'manifest' && r.errors.some((e) => e.line === 3 && e.path === path),
          JSON.stringify(r),
        );
        assert.ok(!r.ok && r.kind === 'manifest' && r.errors.every((e) => e.line === 3), JSON.stringify(r));
      }
      // Every problem of a line at once, the shape's and the code sets'.
      const many = await run(
        manifest([{ ...line({ serviceTask: '999', date: '2030-01-01' }), color: 'blue' }], {
          'scans/1.pdf': good,
        }),
        {},
        fresh,
      );
      assert.ok(!many.ok && many.kind === 'manifest');
      assert.deepEqual(
        !many.ok && many.kind === 'manifest' ? many.errors.map((e) => `${e.line}${e.path}`).sort() : [],
        ['1/color', '1/date', '1/serviceTask'],
      );
      assert.deepEqual(listFiles(fresh), [], 'no blob was written');
      assert.equal(await count('document_version'), before.versions);
      assert.equal(await count('document_file'), before.files);
      assert.equal(await count('audit_entry'), before.audit);
    });

    test('a symbolic link out of the manifest directory is refused: to /etc/passwd, a linked folder, a swap after the check', async () => {
      const fresh = join(tmp, 'blobs-links');
      const before = { versions: await count('document_version'), audit: await count('audit_entry') };
      const outside = join(tmp, 'outside');
      mkdirSync(outside, { recursive: true });
      writeFileSync(join(outside, '1.pdf'), pdf('not the archivist’s'));
      // A file that is a link to /etc/passwd (valid UTF-8 text: only the link gives it away).
      const passwd = manifest([line(), line({ file: 'notes/passwd.txt', originalId: 'p' })], {
        'scans/1.pdf': pdf('ok'),
      });
      mkdirSync(join(passwd, 'notes'));
      symlinkSync('/etc/passwd', join(passwd, 'notes/passwd.txt'));
      // A linked subdirectory.
      const folder = manifest([line(), line({ file: 'linked/1.pdf', originalId: 'l' })], {
        'scans/1.pdf': pdf('ok'),
      });
      symlinkSync(outside, join(folder, 'linked'));
      for (const dir of [passwd, folder]) {
        const r = await run(dir, {}, fresh);
        assert.ok(!r.ok && r.kind === 'manifest', JSON.stringify(r));
        assert.deepEqual(
          r.errors.map((e) => `${e.line}${e.path}`),
          ['2/file'],
        );
        assert.match(r.errors[0]!.message, /outside the manifest directory/);
      }
      assert.deepEqual(listFiles(fresh), [], 'no blob was written');
      assert.equal(await count('document_version'), before.versions);
      assert.equal(await count('audit_entry'), before.audit);
      // A link inside the directory to a file inside it is only another name: imported.
      const inside = manifest([line({ file: 'scans/alias.pdf', originalId: 'alias' })], {
        'scans/1.pdf': pdf('alias'),
      });
      symlinkSync('1.pdf', join(inside, 'scans/alias.pdf'));
      const ok = await run(inside, {}, fresh);
      assert.ok(ok.ok, JSON.stringify(ok));

      // Checked while a plain file, swapped for a link before it is read: the run fails, nothing
      // written. The swap happens when the first batch's blobs are written (line 3 is unread).
      const swap = manifest(
        [
          line({ originalId: 's1' }),
          line({ originalId: 's2' }),
          line({ file: 'scans/3.pdf', originalId: 's3' }),
        ],
        { 'scans/1.pdf': pdf('s'), 'scans/3.pdf': pdf('s3') },
      );
      class SwappingBlobs extends BlobStore {
        override async putMany(...args: Parameters<BlobStore['putMany']>): Promise<PutResult[]> {
          if (readFileSync(join(swap, 'scans/3.pdf')).length > 0 && !swapped) {
            swapped = true;
            unlinkSync(join(swap, 'scans/3.pdf'));
            symlinkSync(join(outside, '1.pdf'), join(swap, 'scans/3.pdf'));
          }
          return super.putMany(...args);
        }
      }
      let swapped = false;
      const versions = await count('document_version');
      await assert.rejects(
        run(swap, { blobs: new SwappingBlobs(fresh) }),
        /line 3: scans\/3\.pdf: .*symbolic link/,
      );
      assert.ok(swapped);
      assert.equal(await count('document_version'), versions);
    });

    test('a file over --max-file-mb is a bad line; the files in memory are bounded by bytes', async () => {
      const fresh = join(tmp, 'blobs-size');
      const big = manifest([line({ originalId: 'small' }), line({ file: 'big.txt', originalId: 'big' })], {
        'scans/1.pdf': pdf('small'),
        'big.txt': 'x'.repeat(3000),
      });
      const r = await run(big, { maxFileBytes: 2000 }, fresh);
      assert.ok(!r.ok && r.kind === 'manifest', JSON.stringify(r));
      assert.deepEqual(
        r.errors.map((e) => `${e.line}${e.path}`),
        ['2/file'],
      );
      assert.match(r.errors[0]!.message, /3000 bytes, over the limit of 2000 bytes \(--max-file-mb 0\.002\)/);
      assert.deepEqual(listFiles(fresh), [], 'no blob was written');

      // Eight files of 1,000 bytes, batches of up to 4 documents, 2,500 bytes in flight at most:
      // the bytes read but not yet stored never exceed the budget, whatever the batch count allows.
      let held = 0;
      let most = 0;
      class CountingBlobs extends BlobStore {
        override async putMany(...args: Parameters<BlobStore['putMany']>): Promise<PutResult[]> {
          const n = args[0].reduce((sum, f) => sum + f.bytes.byteLength, 0);
          held += n;
          most = Math.max(most, held);
          await new Promise((res) => setTimeout(res, 30));
          try {
            return await super.putMany(...args);
          } finally {
            held -= n;
          }
        }
      }
      const names = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `b/${i}.txt`);
      const bounded = manifest(
        names.map((file, i) => line({ file, originalId: `bounded-${i}` })),
        Object.fromEntries(names.map((f, i) => [f, `${i}`.repeat(1000)])),
      );
      const ok = await run(bounded, {
        batchSize: 4,
        maxInFlightBytes: 2500,
        blobs: new CountingBlobs(fresh),
      });
      assert.ok(ok.ok, JSON.stringify(ok));
      assert.equal(ok.documents, 8);
      assert.ok(most > 0 && most <= 2500, `${most} bytes in flight`);
    });

    test('a manifest imported before is refused unless forced: a rerun does not archive every document twice', async () => {
      const dir = manifest(
        [line({ originalId: 'R-1', file: 'r/1.txt' }), line({ originalId: 'R-2', file: 'r/2.txt' })],
        { 'r/1.txt': 'Muistio R1.\n', 'r/2.txt': 'Muistio R2.\n' },
      );
      const first = await run(dir);
      assert.ok(first.ok, JSON.stringify(first));
      const before = { versions: await count('document_version'), audit: await count('audit_entry') };
      // The same manifest again, even from another directory (a copy): refused, nothing written.
      const copy = manifest(
        [line({ originalId: 'R-1', file: 'r/1.txt' }), line({ originalId: 'R-2', file: 'r/2.txt' })],
        { 'r/1.txt': 'Muistio R1.\n', 'r/2.txt': 'Muistio R2.\n' },
      );
      for (const again of [await run(dir), await run(copy), await run(dir, { dryRun: true })]) {
        assert.ok(!again.ok && again.kind === 'repeat', JSON.stringify(again));
        assert.equal(again.previousRunId, first.runId);
        assert.match(again.message, /already imported .*--force/);
      }
      assert.equal(await count('document_version'), before.versions);
      assert.equal(await count('audit_entry'), before.audit);
      // Forced: imported again, recorded as a forced repeat.
      const forced = await run(dir, { force: true });
      assert.ok(forced.ok, JSON.stringify(forced));
      assert.equal(await count('document_version'), before.versions + 2);
      const runs = await server.db.owner.pool.query(
        'SELECT run_id, forced, documents FROM legacy_import_run WHERE run_id = ANY($1::uuid[]) ORDER BY recorded_at',
        [[first.runId, forced.runId]],
      );
      assert.deepEqual(
        runs.rows.map((r) => [r.run_id, r.forced, r.documents]),
        [
          [first.runId, false, 2],
          [forced.runId, true, 2],
        ],
      );
      // Another manifest (one line changed) is another import.
      const other = manifest([line({ originalId: 'R-3', file: 'r/1.txt' })], { 'r/1.txt': 'Muistio R1.\n' });
      assert.ok((await run(other)).ok);
    });

    test('setup problems: an unknown registrar, or a registrar of several units without --unit', async () => {
      const dir = manifest([line()], { 'scans/1.pdf': pdf('x') });
      const unknown = await run(dir, { registrarOid: '1.2.246.10.1' });
      assert.ok(!unknown.ok && unknown.kind === 'setup' && /no organization/.test(unknown.message));
      const units = await importLegacy(server.db.store, {
        dir,
        registrarOid: ORG_A,
        blobs: new BlobStore(blobDir),
        importedBy: 'cli:test',
        today: TODAY,
      });
      assert.ok(!units.ok && units.kind === 'setup' && /--unit/.test(units.message));
      const dry = await run(dir, { dryRun: true }, join(tmp, 'blobs-dry'));
      assert.ok(dry.ok && dry.documents === 1 && dry.blobsCreated === 0);
      assert.deepEqual(listFiles(join(tmp, 'blobs-dry')), []);
    });
  });
}
