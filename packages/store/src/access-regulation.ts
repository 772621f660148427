// Organizations' access-rights regulations as versions. The store keeps and returns them; what a
// regulation may contain is checked by the domain (access/regulation.ts `checkRegulation`).
import { type AccessRightsRegulation, DEFAULT_REGULATION, type Grant } from '@varanto/domain/access';
import type { Tx } from './api.ts';
import { ConflictError } from './errors.ts';

export interface StoredRegulation {
  readonly organizationOid: string;
  /** 0 for the shipped default an organization has not replaced. */
  readonly version: number;
  readonly regulation: AccessRightsRegulation;
  readonly recordedAt?: string;
  readonly recordedBy?: string;
  readonly reason?: string;
}

interface Row {
  organization_oid: string;
  version: number;
  name: string;
  grants: Grant[];
  recorded_at: string;
  recorded_by: string;
  reason: string;
}

function stored(r: Row): StoredRegulation {
  return {
    organizationOid: r.organization_oid,
    version: r.version,
    regulation: { name: r.name, version: String(r.version), provisional: false, grants: r.grants },
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    reason: r.reason,
  };
}

/** The regulation an organization's staff work under now: its newest version, or the default. */
export async function currentRegulation(tx: Tx, organizationOid: string): Promise<StoredRegulation> {
  const r = await tx.query<Row>(
    'SELECT * FROM access_regulation WHERE organization_oid = $1 ORDER BY version DESC LIMIT 1',
    [organizationOid],
  );
  return r.rows[0] ? stored(r.rows[0]) : { organizationOid, version: 0, regulation: DEFAULT_REGULATION };
}

export async function regulationHistory(tx: Tx, organizationOid: string): Promise<StoredRegulation[]> {
  const r = await tx.query<Row>(
    'SELECT * FROM access_regulation WHERE organization_oid = $1 ORDER BY version',
    [organizationOid],
  );
  return r.rows.map(stored);
}

/**
 * Stores the next version. `expectedVersion` is the version the editor started from (0 = the
 * default); a concurrent edit makes the second writer fail instead of silently overwriting.
 */
export async function recordRegulation(
  tx: Tx,
  input: {
    organizationOid: string;
    expectedVersion: number;
    name: string;
    grants: readonly Grant[];
    recordedBy: string;
    reason: string;
  },
): Promise<StoredRegulation> {
  await tx.query('SELECT oid FROM organization WHERE oid = $1 FOR UPDATE', [input.organizationOid]);
  const current = await currentRegulation(tx, input.organizationOid);
  if (current.version !== input.expectedVersion) {
    throw new ConflictError(
      `the regulation is at version ${current.version}, not ${input.expectedVersion}; reload and edit again`,
      'access_regulation.version',
    );
  }
  const r = await tx.query<Row>(
    `INSERT INTO access_regulation (organization_oid, version, name, grants, recorded_by, reason)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [
      input.organizationOid,
      current.version + 1,
      input.name,
      JSON.stringify(input.grants),
      input.recordedBy,
      input.reason,
    ],
  );
  return stored(r.rows[0]!);
}
