// Regenerates the built-in structure definitions from a folder of THL's Sosmeta exports:
//
//   node --import tsx packages/domain/src/structures/builtin/generate.ts /path/to/sosmeta
//
// Varanto ships these definitions in its own format so that it runs with no Sosmeta folder at hand;
// the runtime never reads Sosmeta. Output is byte-stable (keys sorted, then laid out by the
// project's Biome formatter, which `npm test` checks) so that regenerating from the same input
// leaves git clean and a THL update shows up as a readable diff. Run by hand; this is a development
// tool, not part of the domain.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importSosmeta, typeCodeOfOid } from '../import-sosmeta.ts';
import type { StructureDefinition } from '../model.ts';

/**
 * The structures every organizer needs from day one: clienthood and case documents, consent and
 * prohibition, the client narrative entries (asiakaskertomusmerkinnät) and the documents of the
 * common service process (notification, assessment, decision, plans, summary). And the shelter
 * home service's initial assessment and plan: OmaKanta hides them by type (visibility/kinds.ts), and
 * a producer or organizer of shelter homes must be able to store them without an import first.
 */
export const BUILTIN_TYPE_CODES: readonly string[] = [
  '1505.1',
  '1505.2',
  '1505.8',
  '1505.9',
  '1005',
  '1011',
  '1019',
  '4006',
  '4009',
  '11001',
  '15007',
  '15008',
  '15019',
  '16009',
  '19001',
  '19002',
  '19003',
  '19004',
  '19005',
  '19006',
  '19007',
  '19008',
  '19009',
  '19010',
  '19012',
  '19013',
  '19014',
  '19015',
];

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Canonical JSON text of a definition as stored in defs/. */
export function serializeDefinition(definition: StructureDefinition): string {
  return `${JSON.stringify(sortKeys(definition), null, 2)}\n`;
}

function versionOfFile(oid: string): string {
  // Definition OIDs end in .yyyy.m.d; zero-pad so that versions compare as strings.
  const parts = oid.split('.').slice(-3);
  return parts.map((p, i) => (i === 0 ? p : p.padStart(2, '0'))).join('-');
}

/** Newest file of each wanted type code in a Sosmeta folder (files are named by definition OID). */
function pickFiles(dir: string, wanted: ReadonlySet<string>): Map<string, string> {
  const picked = new Map<string, { file: string; version: string }>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const oid = file.slice(0, -'.json'.length);
    const typeCode = typeCodeOfOid(oid);
    if (typeCode === undefined || !wanted.has(typeCode)) continue;
    const version = versionOfFile(oid);
    const prev = picked.get(typeCode);
    if (prev === undefined || version > prev.version) picked.set(typeCode, { file, version });
  }
  return new Map([...picked].map(([code, { file }]) => [code, file]));
}

function main(argv: readonly string[]): number {
  const dir = argv[0];
  if (dir === undefined) {
    console.error('usage: generate.ts <sosmeta folder>');
    return 2;
  }
  const outDir = new URL('./defs/', import.meta.url).pathname;
  mkdirSync(outDir, { recursive: true });
  const files = pickFiles(dir, new Set(BUILTIN_TYPE_CODES));
  let failed = false;
  for (const typeCode of BUILTIN_TYPE_CODES) {
    const file = files.get(typeCode);
    if (file === undefined) {
      console.error(`${typeCode}: no structure of this type in ${dir}`);
      failed = true;
      continue;
    }
    const result = importSosmeta(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!result.ok) {
      console.error(`${typeCode}: ${file} does not import:`);
      for (const e of result.errors) console.error(`  ${e.code} ${e.schemaPath}: ${e.message}`);
      failed = true;
      continue;
    }
    if (result.definition.typeCode !== typeCode) {
      console.error(`${typeCode}: ${file} declares type ${result.definition.typeCode}`);
      failed = true;
      continue;
    }
    const definition: StructureDefinition = { ...result.definition, source: 'builtin' };
    writeFileSync(join(outDir, `${typeCode}.json`), serializeDefinition(definition));
    console.log(`${typeCode}: ${definition.oid} ${definition.name.fi}`);
  }
  const biome = new URL('../../../../../node_modules/.bin/biome', import.meta.url).pathname;
  const formatted = spawnSync(biome, ['format', '--write', outDir], { stdio: 'inherit' });
  if (formatted.status !== 0) {
    console.error('biome format failed');
    failed = true;
  }
  return failed ? 1 : 0;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = main(process.argv.slice(2));
}
