// `varanto import-structures <dir>` and `varanto import-codes <file>`: users load THL's
// newer structures and official code sets into their deployment. The domain decides what is
// valid (importSosmeta, the structures check, parseCodeSystemExport); this file does the I/O,
// stores the result as reference data and audits the import in the same transaction.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  builtinCodeRegistry,
  type CodeRegistry,
  loadCodeSystem,
  parseCodeSystemExport,
} from '@varanto/domain/codes';
import {
  checkStructures,
  defaultRegistry,
  importSosmeta,
  loadDefinition,
  type StructureDefinition,
  type StructureRegistry,
} from '@varanto/domain/structures';
import {
  appendAudit,
  listImportedCodeSystems,
  listImportedStructures,
  type Store,
  saveImportedCodeSystem,
  saveImportedStructure,
} from '@varanto/store';
import { progressBar } from './progress.ts';

export interface StructureImportResult {
  imported: string[];
  failures: string[];
}

/**
 * Imports every Sosmeta JSON Schema in `dir` that passes the structures check (import, a
 * generated document validates, its mutations are rejected). All or nothing unless `partial`:
 * a half-loaded export would leave document types that cannot be validated.
 */
export async function importStructures(
  store: Store,
  dir: string,
  options: { importedBy: string; partial?: boolean },
): Promise<StructureImportResult> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const files = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, json: JSON.parse(await readFile(join(dir, name), 'utf8')) as unknown };
      } catch (e) {
        return {
          name,
          json: undefined,
          parseError: (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' '),
        };
      }
    }),
  );
  const bar = progressBar('import-structures |{bar}| {value}/{total} files checked');
  const report = checkStructures(files, (done, total) => bar.update(done, total));
  bar.stop();
  const failures = report.results.flatMap((r) =>
    r.problems.map((p) => `${r.name}: ${p.replace(/\s+/g, ' ')}`),
  );
  const passed = new Set(report.results.filter((r) => r.problems.length === 0).map((r) => r.name));
  if (failures.length > 0 && !options.partial) return { imported: [], failures };
  const definitions: { name: string; def: StructureDefinition }[] = [];
  for (const f of files) {
    if (!passed.has(f.name)) continue;
    const r = importSosmeta(f.json);
    if (r.ok) definitions.push({ name: f.name, def: r.definition });
  }
  await store.transaction(async (tx) => {
    for (const { name, def } of definitions) {
      await saveImportedStructure(tx, {
        oid: def.oid,
        typeCode: def.typeCode,
        version: def.version,
        definition: def,
        source: `sosmeta:${basename(name)}`,
        importedBy: options.importedBy,
      });
    }
    await appendAudit(tx, {
      actor: { kind: 'system', name: options.importedBy },
      action: 'structures.import',
      outcome: 'allowed',
      reason: `${definitions.length} structures from ${dir}`,
    });
  });
  return { imported: definitions.map((d) => d.def.oid), failures };
}

export async function importCodes(
  store: Store,
  file: string,
  options: { format: 'csv' | 'xml'; oid: string; version?: string; name?: string; importedBy: string },
): Promise<{ oid: string; codes: number } | { error: string }> {
  const text = await readFile(file, 'utf8');
  const parsed = parseCodeSystemExport(text, {
    format: options.format,
    oid: options.oid,
    ...(options.version ? { version: options.version } : {}),
    ...(options.name ? { name: options.name } : {}),
    exportLabel: basename(file),
  });
  if (!parsed.ok) return { error: parsed.error.message };
  const system = parsed.value;
  await store.transaction(async (tx) => {
    await saveImportedCodeSystem(tx, {
      oid: system.oid,
      ...(system.version ? { version: system.version } : {}),
      codeSystem: system,
      source: `koodistopalvelu:${basename(file)}`,
      importedBy: options.importedBy,
    });
    await appendAudit(tx, {
      actor: { kind: 'system', name: options.importedBy },
      action: 'codes.import',
      outcome: 'allowed',
      reason: `${system.codes.length} codes of ${system.oid} from ${basename(file)}`,
    });
  });
  return { oid: system.oid, codes: system.codes.length };
}

/** The registries a server runs with: built-ins, with every import in force on top. */
export async function referenceData(
  store: Store,
): Promise<{ structures: StructureRegistry; codes: CodeRegistry }> {
  return await store.transaction(
    async (tx) => {
      const structures = (await listImportedStructures(tx)).map((s) =>
        loadDefinition(s.definition, s.source),
      );
      let codes = builtinCodeRegistry();
      for (const c of await listImportedCodeSystems(tx)) {
        const loaded = loadCodeSystem(c.codeSystem);
        if (!loaded.ok)
          throw new Error(
            `imported code system ${c.oid} (${c.source}) no longer loads: ${loaded.error.message}`,
          );
        codes = codes.withSystem(loaded.value);
      }
      return { structures: defaultRegistry().withImported(structures), codes };
    },
    { readOnly: true },
  );
}
