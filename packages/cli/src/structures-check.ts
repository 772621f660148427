// `varanto structures check <dir>`: imports every structure JSON in a folder and reports what
// Varanto cannot use. The decisions live in @varanto/domain/structures; this file only does I/O.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkStructures, type StructureFile } from '@varanto/domain/structures';
import { progressBar } from './progress.ts';

/** Returns the process exit code: 0 all passed, 1 some failed, 2 the folder could not be read. */
export async function runStructuresCheck(
  dir: string,
  out: (line: string) => void = (l) => console.log(l),
): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    out(`cannot read ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const files: StructureFile[] = [];
  for (const name of names) {
    try {
      files.push({ name, json: JSON.parse(await readFile(join(dir, name), 'utf8')) as unknown });
    } catch (e) {
      files.push({ name, json: undefined, parseError: e instanceof Error ? e.message : String(e) });
    }
  }
  const bar = progressBar('structures check |{bar}| {value}/{total} files');
  const report = checkStructures(files, (done, total) => bar.update(done, total));
  bar.stop();
  for (const r of report.results) {
    // One line per failure, whatever the parser put into its message.
    for (const p of r.problems) out(`${r.name}: ${p.replace(/\s+/g, ' ')}`);
  }
  out(`${report.passed} passed, ${report.failed} failed`);
  return report.failed === 0 ? 0 : 1;
}
