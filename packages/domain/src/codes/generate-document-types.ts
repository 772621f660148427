// Regenerates data/codes/client-document-type.json from a folder of THL Sosmeta JSON Schemas.
// Run by hand when the Sosmeta folder changes, then commit the JSON (the tests and the shipped
// registry never read the folder):
//
//   node --import tsx packages/domain/src/codes/generate-document-types.ts [../shared/sosmeta]
//
// The folder argument defaults to ../shared/sosmeta relative to the current directory. English
// names come from document-type-names-en.ts; add a line there for each new type.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDocumentTypeFile, type SosmetaFile } from './document-types.ts';

const folder = process.argv[2] ?? '../shared/sosmeta';
const target = new URL('../../data/codes/client-document-type.json', import.meta.url);

const files: SosmetaFile[] = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((fileName) => ({
    fileName,
    schema: JSON.parse(readFileSync(join(folder, fileName), 'utf8')) as unknown,
  }));

const text = renderDocumentTypeFile(files);
writeFileSync(target, text);
const count = (JSON.parse(text) as { codes: unknown[] }).codes.length;
console.log(`wrote ${count} codes from ${files.length} files to ${target.pathname}`);
