// A legacy document's archived file in a real browser against a real server: `importLegacy` (the
// importer of `varanto import-legacy`) files a small PDF for Anna of the tiny world into the blob
// directory the server serves from; her social worker opens the document from her list, follows
// "Avaa arkistoitu tiedosto" and gets the identical bytes as a download; then invalidates it (imported
// onto the wrong client) with a reason, sees it marked and downloads the file again. The page is
// checked with axe.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BlobStore } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import { importLegacy } from '../packages/cli/src/legacy/import.ts';
import { syntheticPdf } from '../packages/cli/src/legacy/synthetic.ts';
import { browserAvailable, screenshot } from './harness.ts';
import { expectNoSeriousAxe, loginAs, openClient, text, workspaceSuite } from './workspace-session.ts';
import { ANNA_HETU, ORG, UNIT } from './world.ts';

const run = browserAvailable('legacy document file');
const [engine] = run ? await testEngines() : [];

describe('a legacy document’s archived file in chromium', { skip: !run }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'varanto-e2e-legacy-'));
  const blobDir = join(tmp, 'blobs');
  const ws = workspaceSuite(engine!, { blobDir });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the worker opens the document, downloads the file byte for byte, invalidates it with a reason and still gets the file', async () => {
    const scan = syntheticPdf('Paatos perhetyosta 2011');
    const dir = join(tmp, 'manifest');
    mkdirSync(join(dir, 'scans'), { recursive: true });
    writeFileSync(join(dir, 'scans', 'paatos.pdf'), scan);
    const line = {
      client: ANNA_HETU,
      registrar: ORG,
      serviceTask: '24',
      documentType: '11',
      title: 'Päätös perhetyöstä',
      date: '2011-05-17',
      originalId: 'EFFICA-1',
      file: 'scans/paatos.pdf',
    };
    writeFileSync(join(dir, 'manifest.ndjson'), `${JSON.stringify(line)}\n`);
    const r = await importLegacy(ws.server.db.store, {
      dir,
      registrarOid: ORG,
      serviceUnitOid: UNIT,
      blobs: new BlobStore(blobDir),
      importedBy: 'cli:e2e',
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.documents, 1);

    const { page } = ws;
    await loginAs(ws, 'sari');
    await openClient(ws, ws.world.anna, /Virtanen/);
    const row = page.locator('[data-testid=document-row]', { hasText: '17.5.2011' });
    await row.getByRole('link').click();
    const link = page.getByRole('link', { name: 'Avaa arkistoitu tiedosto' });
    await link.waitFor();
    // The media type and size the document's content names (a small PDF: in bytes, "t" in Finnish).
    assert.ok(scan.length < 1000);
    assert.equal(
      (await text(page, '[data-testid=archived-file-details]')).replace(/\s/g, ' '),
      `(tiedostotyyppi application/pdf, koko ${scan.length} t)`,
    );
    // Archived as received: no correction or visibility change offered (the server refuses both);
    // invalidation is, for a document stored in error. Counted once the actions and the
    // visibility panel are drawn.
    await page.locator('.invalidate-button').waitFor();
    await page.locator('[data-testid=visibility]').waitFor();
    assert.equal(await page.locator('.correct-link').count(), 0);
    assert.equal(await page.locator('.change-visibility').count(), 0);
    assert.equal(await page.locator('.invalidate-button').count(), 1);
    await expectNoSeriousAxe(page, 'legacy document');
    await screenshot(page, 'legacy-01-document-with-file');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'paatos.pdf');
    const got = readFileSync(await download.path());
    assert.ok(got.equals(scan), 'the downloaded file is the archived bytes');

    // Imported onto the wrong client: the worker invalidates it with a reason in the dialog.
    const reason = 'Tuotu väärälle asiakkaalle';
    await page.locator('.invalidate-button').click();
    const dialog = page.getByRole('dialog', { name: 'Mitätöi asiakirja' });
    await dialog.waitFor();
    await dialog.getByLabel('Perustelu').fill(reason);
    await dialog.locator('.confirm-invalidate').click();
    const mark = page.locator('.invalidated-note');
    await mark.waitFor();
    const marked = await text(page, '.invalidated-note');
    assert.ok(marked.includes('Mitätöity') && marked.includes(reason), marked);
    // Version 2 in the history, newest first: invalidated, with the reason; then, once the
    // visibility panel is drawn again, still no correction or visibility change, and no second
    // invalidation.
    const rows = page.locator('[data-testid=version-row]');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const newest = (await rows.first().textContent()) ?? '';
    assert.ok(newest.includes('Mitätöity') && newest.includes(reason), newest);
    await page.locator('[data-testid=visibility]').waitFor();
    assert.equal(await page.locator('.correct-link').count(), 0);
    assert.equal(await page.locator('.invalidate-button').count(), 0);
    assert.equal(await page.locator('.change-visibility').count(), 0);
    await expectNoSeriousAxe(page, 'invalidated legacy document');
    await screenshot(page, 'legacy-02-invalidated');
    // The archived file is still the document's, byte for byte.
    const [again] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Avaa arkistoitu tiedosto' }).click(),
    ]);
    assert.ok(readFileSync(await again.path()).equals(scan), 'the file still downloads after invalidation');
  });

  test('an ordinary document has no file link', async () => {
    const { page } = ws;
    await openClient(ws, ws.world.anna, /Virtanen/);
    await page.locator('[data-testid=document-row]', { hasText: '1.3.2025' }).getByRole('link').click();
    await page.locator('iframe.document-frame').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Avaa arkistoitu tiedosto' }).count(), 0);
    await page.locator('.correct-link').waitFor();
    assert.equal(await page.locator('.invalidate-button').count(), 1);
  });
});
