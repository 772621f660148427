// The `import-legacy` command's I/O: progress bar on a terminal, the line errors, the summary and
// the exit code (0 imported, 1 the manifest was refused — a bad line, or imported before without
// --force — and nothing written, 2 a setup problem).
import { resolve } from 'node:path';
import { BlobStore, type Store } from '@varanto/store';
import { progressBar } from '../progress.ts';
import { type ImportLegacyOptions, importLegacy, MANIFEST } from './import.ts';

export interface ImportLegacyCommand extends Omit<ImportLegacyOptions, 'blobs' | 'onProgress'> {
  blobDir: string;
  json: boolean;
}

const mb = (bytes: number) => bytes / 1_000_000;

export async function runImportLegacy(store: Store, o: ImportLegacyCommand): Promise<number> {
  const { blobDir, json, ...options } = o;
  const bar = progressBar('import-legacy |{bar}| {value}/{total} documents | {eta_formatted} left');
  const r = await importLegacy(store, {
    ...options,
    blobs: new BlobStore(resolve(blobDir)),
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.stop();
  if (!r.ok) {
    if (r.kind === 'repeat') {
      console.error(`import-legacy: ${r.message}`);
      return 1;
    }
    if (r.kind === 'setup') {
      console.error(`import-legacy: ${r.message}`);
      return 2;
    }
    for (const e of r.errors) console.error(`${MANIFEST}:${e.line} ${e.path || '/'}: ${e.message}`);
    if (r.errorCount > r.errors.length) console.error(`… and ${r.errorCount - r.errors.length} more`);
    console.error(
      `import-legacy: ${r.errorCount} problem${r.errorCount === 1 ? '' : 's'} in the manifest; nothing was imported`,
    );
    return 1;
  }
  if (json) {
    console.log(JSON.stringify({ ...r, docsPerSecond: r.documents / r.seconds }));
    return 0;
  }
  const verb = r.dryRun ? 'checked (dry run, nothing written)' : 'imported';
  console.log(
    `${verb} ${r.documents} legacy documents for ${o.registrarOid} in ${r.seconds.toFixed(2)} s ` +
      `(${(r.documents / r.seconds).toFixed(0)} docs/s, ${(mb(r.bytes) / r.seconds).toFixed(1)} MB/s)`,
  );
  if (!r.dryRun) {
    console.log(
      `  blobs: ${r.blobsCreated} stored, ${r.blobsReused} identical files already stored; ` +
        `${mb(r.bytes).toFixed(1)} MB in ${resolve(blobDir)}`,
    );
    console.log(
      `  time: checking ${r.checkSeconds.toFixed(2)} s, reading files ${r.readSeconds.toFixed(2)} s, rows and audit ${r.rowSeconds.toFixed(2)} s, waiting for blobs ${r.blobWaitSeconds.toFixed(2)} s`,
    );
    console.log(`  audit: ${r.auditEntries} entries, run ${r.runId}`);
  }
  return 0;
}
