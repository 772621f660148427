// How an organization joined the repository (direct, joint as a tenant of a main joiner, parallel
// in the organizer's own system) and its host: what decides who administers its users.
import type { Joining, JoiningModel } from '@varanto/domain/access';
import type { Tx } from './api.ts';

export async function getJoining(tx: Tx, organizationOid: string): Promise<Joining | undefined> {
  const r = await tx.query<{ joining_model: JoiningModel; host_organization_oid: string | null }>(
    'SELECT joining_model, host_organization_oid FROM organization WHERE oid = $1',
    [organizationOid],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    model: row.joining_model,
    ...(row.host_organization_oid !== null ? { hostOrganizationOid: row.host_organization_oid } : {}),
  };
}

/** The organizations hosted by `hostOid` (its tenants and parallel producers). */
export async function listHosted(
  tx: Tx,
  hostOid: string,
): Promise<{ organizationOid: string; model: JoiningModel }[]> {
  const r = await tx.query<{ oid: string; joining_model: JoiningModel }>(
    'SELECT oid, joining_model FROM organization WHERE host_organization_oid = $1 ORDER BY oid',
    [hostOid],
  );
  return r.rows.map((x) => ({ organizationOid: x.oid, model: x.joining_model }));
}

export async function setJoining(tx: Tx, organizationOid: string, joining: Joining): Promise<boolean> {
  const r = await tx.query(
    'UPDATE organization SET joining_model = $2, host_organization_oid = $3 WHERE oid = $1',
    [organizationOid, joining.model, joining.hostOrganizationOid ?? null],
  );
  return r.rowCount === 1;
}
