// Imported reference data: document structures (from a Sosmeta export) and code systems (from
// THL's code server). Stored as data, append-only; the newest import of an OID is in force.
import type { Tx } from './api.ts';

export interface ImportedStructureRow {
  oid: string;
  typeCode: string;
  version: string;
  definition: unknown;
  source: string;
  importedBy: string;
  importedAt: string;
}

export async function saveImportedStructure(
  tx: Tx,
  s: {
    oid: string;
    typeCode: string;
    version: string;
    definition: unknown;
    source: string;
    importedBy: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO imported_structure (oid, type_code, version, definition, source, imported_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.oid, s.typeCode, s.version, JSON.stringify(s.definition), s.source, s.importedBy],
  );
}

/** The definition in force for every imported OID (the newest import of each). */
export async function listImportedStructures(tx: Tx): Promise<ImportedStructureRow[]> {
  const r = await tx.query<{
    oid: string;
    type_code: string;
    version: string;
    definition: unknown;
    source: string;
    imported_by: string;
    imported_at: string;
  }>(
    `SELECT DISTINCT ON (oid) oid, type_code, version, definition, source, imported_by, imported_at
       FROM imported_structure ORDER BY oid, imported_at DESC`,
  );
  return r.rows.map((x) => ({
    oid: x.oid,
    typeCode: x.type_code,
    version: x.version,
    definition: x.definition,
    source: x.source,
    importedBy: x.imported_by,
    importedAt: x.imported_at,
  }));
}

export async function saveImportedCodeSystem(
  tx: Tx,
  c: { oid: string; version?: string; codeSystem: unknown; source: string; importedBy: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO imported_code_system (oid, version, code_system, source, imported_by) VALUES ($1, $2, $3, $4, $5)`,
    [c.oid, c.version ?? null, JSON.stringify(c.codeSystem), c.source, c.importedBy],
  );
}

/** The code system in force for every imported OID (the newest import of each). */
export async function listImportedCodeSystems(
  tx: Tx,
): Promise<{ oid: string; codeSystem: unknown; source: string }[]> {
  const r = await tx.query<{ oid: string; code_system: unknown; source: string }>(
    `SELECT DISTINCT ON (oid) oid, code_system, source FROM imported_code_system ORDER BY oid, imported_at DESC`,
  );
  return r.rows.map((x) => ({ oid: x.oid, codeSystem: x.code_system, source: x.source }));
}
