// The pure core of `varanto structures check <dir>`: imports each structure file and proves the
// result usable by generating a minimal document that must validate and mutations that must not.

import { generateMinimalDocument, generateMutations } from './generate.ts';
import { importSosmeta } from './import-sosmeta.ts';
import { walkFields } from './model.ts';
import { validate } from './validate.ts';

export interface StructureFile {
  readonly name: string;
  /** Parsed JSON; a file that did not parse should be passed as its error via `parseError`. */
  readonly json: unknown;
  readonly parseError?: string;
}

export interface StructureCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly oid?: string;
  readonly typeCode?: string;
  readonly fieldCount?: number;
  /** Why the file failed, one line each. */
  readonly problems: readonly string[];
  /** Things worth knowing that do not fail the file. */
  readonly warnings: readonly string[];
}

export interface StructuresReport {
  readonly results: readonly StructureCheck[];
  readonly passed: number;
  readonly failed: number;
}

const MAX_PROBLEMS_PER_FILE = 20;

function checkOne(file: StructureFile): StructureCheck {
  if (file.parseError !== undefined) {
    return { name: file.name, ok: false, problems: [`not JSON: ${file.parseError}`], warnings: [] };
  }
  const imported = importSosmeta(file.json);
  if (!imported.ok) {
    const problems = imported.errors
      .slice(0, MAX_PROBLEMS_PER_FILE)
      .map((e) => `${e.code} at ${e.schemaPath || '/'}: ${e.message}`);
    if (imported.errors.length > MAX_PROBLEMS_PER_FILE) {
      problems.push(`… and ${imported.errors.length - MAX_PROBLEMS_PER_FILE} more import errors`);
    }
    return { name: file.name, ok: false, problems, warnings: [] };
  }
  const d = imported.definition;
  const problems: string[] = [];
  const warnings: string[] = [];
  if (file.name.endsWith('.json') && file.name !== `${d.oid}.json`) {
    warnings.push(`file name does not match the definition OID ${d.oid}`);
  }
  const minimal = generateMinimalDocument(d);
  const r = validate(d, minimal);
  if (!r.ok) {
    for (const e of r.errors.slice(0, MAX_PROBLEMS_PER_FILE)) {
      problems.push(`minimal document rejected: ${e.code} at ${e.pointer}: ${e.message}`);
    }
  }
  for (const m of generateMutations(d, minimal)) {
    if (problems.length >= MAX_PROBLEMS_PER_FILE) break;
    const mr = validate(d, m.document);
    if (mr.ok || !mr.errors.some((e) => e.code === m.expectedErrorCode && e.pointer === m.path)) {
      problems.push(`mutation ${m.kind} at ${m.path} not reported as ${m.expectedErrorCode}`);
    }
  }
  let fieldCount = 0;
  for (const _ of walkFields(d.fields)) fieldCount++;
  return {
    name: file.name,
    ok: problems.length === 0,
    oid: d.oid,
    typeCode: d.typeCode,
    fieldCount,
    problems,
    warnings,
  };
}

/** Checks each structure file; also flags two files defining the same OID. */
export function checkStructures(
  files: readonly StructureFile[],
  onChecked?: (done: number, total: number) => void,
): StructuresReport {
  const results = files.map((f, i) => {
    const r = checkOne(f);
    onChecked?.(i + 1, files.length);
    return r;
  });
  const firstByOid = new Map<string, string>();
  const withDuplicates = results.map((r) => {
    if (r.oid === undefined) return r;
    const first = firstByOid.get(r.oid);
    if (first === undefined) {
      firstByOid.set(r.oid, r.name);
      return r;
    }
    return { ...r, ok: false, problems: [...r.problems, `defines ${r.oid} again (first in ${first})`] };
  });
  const passed = withDuplicates.filter((r) => r.ok).length;
  return { results: withDuplicates, passed, failed: withDuplicates.length - passed };
}
