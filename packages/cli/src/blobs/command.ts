// The `blobs collect` command's I/O: progress bar on a terminal, the report, the exit code.
// Exit codes: 0 done (reported, or everything collected was removed); 1 some file could not be
// removed (listed; the rest was, and the audit entry says so); 2 a setup problem (the blob
// directory, an option) or a deleting run refused because the database names none of the blobs;
// 3 an import or collection held the blob lock longer than --wait-seconds: nothing deleted;
// 4 an unexpected error (a file system or database error, the lock lost): removals already made
// may stand without their audit entry.
import type { Store } from '@varanto/store';
import { progressBar } from '../progress.ts';
import {
  type BlobFile,
  CollectBusy,
  CollectLockLost,
  type CollectOptions,
  CollectRefused,
  CollectSetupError,
  collectBlobs,
} from './collect.ts';

export interface CollectCommand extends Omit<CollectOptions, 'onProgress'> {
  verbose: boolean;
  json: boolean;
  /** Where the lines go (tests); default the console. */
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Show a progress bar (default: when stderr is a terminal). */
  progress?: boolean;
}

const size = (bytes: number) =>
  bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${bytes} bytes`;
const total = (xs: readonly BlobFile[]) => xs.reduce((n, x) => n + x.bytes, 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function runCollectBlobs(store: Store, o: CollectCommand): Promise<number> {
  const out = o.out ?? ((l: string) => console.log(l));
  const err = o.err ?? ((l: string) => console.error(l));
  const { verbose, json, out: _o, err: _e, progress, ...options } = o;
  const bar = progressBar('blobs collect |{bar}| {value}/{total} {phase}', progress);
  let result: Awaited<ReturnType<typeof collectBlobs>>;
  try {
    result = await collectBlobs(store, {
      ...options,
      onProgress: (phase, done, all) =>
        bar.update(done, all, { phase: phase === 'scan' ? 'directories scanned' : 'files removed' }),
    });
  } catch (e) {
    bar.stop();
    if (e instanceof CollectSetupError) {
      err(`blobs collect: ${e.message}`);
      return 2;
    }
    if (e instanceof CollectRefused) {
      err(`blobs collect: ${e.message}`);
      return 2;
    }
    if (e instanceof CollectBusy) {
      err(`blobs collect: ${e.message}; nothing was deleted. Run it again when it has ended.`);
      return 3;
    }
    const why = e instanceof CollectLockLost ? e.message : `unexpected error: ${(e as Error)?.message ?? e}`;
    err(
      `blobs collect: ${why}.${
        o.delete
          ? ' Files removed before it may stand without their audit entry (the transaction was rolled back);' +
            ' run it again to finish and record the collection.'
          : ' Nothing was deleted.'
      }`,
    );
    return 4;
  }
  bar.stop();
  const r = result;
  if (r.warning) err(`blobs collect: warning: ${r.warning}`);
  if (json) {
    out(JSON.stringify(r));
    return r.failed.length > 0 ? 1 : 0;
  }
  const hours = r.minAgeMs / 3_600_000;
  out(
    `${r.root}: ${plural(r.blobs, 'blob')}, ${r.referenced} named by documents; ` +
      `${plural(r.unreferenced.length, 'unreferenced blob')} (${size(total(r.unreferenced))}) older than ${hours} h` +
      `, ${plural(r.temp.length, 'temp file')} of interrupted writes (${size(total(r.temp))}) older than ${hours} h`,
  );
  if (r.young.length + r.youngTemp.length > 0)
    out(
      `  kept, younger than ${hours} h: ${plural(r.young.length, 'unreferenced blob')}, ` +
        `${plural(r.youngTemp.length, 'temp file')}`,
    );
  if (verbose) {
    for (const f of r.unreferenced) out(`  unreferenced ${f.path} ${f.bytes} ${f.changed}`);
    for (const f of r.temp) out(`  temp ${f.path} ${f.bytes} ${f.changed}`);
    for (const f of r.young) out(`  young ${f.path} ${f.bytes} ${f.changed}`);
    for (const f of r.youngTemp) out(`  young-temp ${f.path} ${f.bytes} ${f.changed}`);
  }
  // Not a blob, never touched: always shown, someone put it there.
  for (const x of r.other) err(`  left alone: ${x.path}: ${x.why}`);
  if (!r.deleting) {
    const n = r.unreferenced.length + r.temp.length;
    out(
      n === 0
        ? 'nothing to collect'
        : `report only, nothing deleted: --delete removes these ${n} files${verbose ? '' : ' (--verbose lists them)'}`,
    );
    return 0;
  }
  for (const f of r.removed) out(`  removed ${f.path} ${f.bytes}`);
  for (const f of r.failed) err(`  could not remove ${f.path}: ${f.why}`);
  out(`removed ${plural(r.removed.length, 'file')} (${size(total(r.removed))}); audit entry ${r.runId}`);
  return r.failed.length > 0 ? 1 : 0;
}
