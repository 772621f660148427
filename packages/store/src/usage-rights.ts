// Register usage rights: the projection of the producer and subcontractor units on a client's
// clienthood document (what the access filter's `usage_right` leaf reads), the registers an
// organization may use through them, and the notices that inform the producer.
import type { ClientKey } from '@varanto/domain/records';
import type { Tx } from './api.ts';
import { isUuid, opt } from './sql.ts';

/** One right as projected: a unit's period in a service task of one clienthood. */
export interface UsageRightRow {
  readonly serviceTask: string;
  readonly serviceUnitOid: string;
  /** The organization of the unit holding the right (the producer or subcontractor). */
  readonly holderOrganizationOid: string;
  /** For a subcontractor's right: the producer unit it works under. */
  readonly producerUnitOid?: string;
  readonly socialServices: readonly string[];
  readonly start: string;
  readonly end?: string;
}

export interface ProjectedUsageRight extends UsageRightRow {
  readonly clientKey: ClientKey;
  readonly clienthoodOid: string;
  readonly registrarOid: string;
  /** The organizer's register the right opens (from the clienthood projection). */
  readonly registerId?: string;
  /** The organizer does not handle cases itself: the right is broad. */
  readonly broad: boolean;
}

/**
 * Replaces the rights of one clienthood with those of its newest version. Called in the same
 * transaction as the clienthood version and its projection, so the filter never sees a half.
 */
export async function recordUsageRights(
  tx: Tx,
  c: { readonly clientKey: ClientKey; readonly clienthoodOid: string; readonly registrarOid: string },
  rights: readonly UsageRightRow[],
): Promise<void> {
  await tx.query('DELETE FROM register_usage_right WHERE client_key = $1 AND clienthood_oid = $2', [
    c.clientKey,
    c.clienthoodOid,
  ]);
  if (rights.length === 0) return;
  await tx.query(
    `INSERT INTO register_usage_right (client_key, clienthood_oid, registrar_oid, service_task, service_unit_oid,
                                       holder_organization_oid, producer_unit_oid, social_services, start_date,
                                       end_date)
     SELECT $1, $2, $3, r.task, r.unit, r.org, r.producer, string_to_array(r.services, ' '), r.start_date, r.end_date
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[])
            AS r(task, unit, org, producer, services, start_date, end_date)`,
    [
      c.clientKey,
      c.clienthoodOid,
      c.registrarOid,
      rights.map((r) => r.serviceTask),
      rights.map((r) => r.serviceUnitOid),
      rights.map((r) => r.holderOrganizationOid),
      rights.map((r) => r.producerUnitOid ?? null),
      // Codes never hold spaces (Code pattern), so one text per right carries the list through unnest.
      rights.map((r) => r.socialServices.join(' ')),
      rights.map((r) => r.start),
      rights.map((r) => r.end ?? null),
    ],
  );
}

interface RightRow {
  client_key: string;
  clienthood_oid: string;
  registrar_oid: string;
  register_id: string | null;
  service_task: string;
  service_unit_oid: string;
  holder_organization_oid: string;
  producer_unit_oid: string | null;
  social_services: string[];
  start_date: string;
  end_date: string | null;
  broad: boolean;
}

function rightOf(r: RightRow): ProjectedUsageRight {
  return {
    clientKey: r.client_key,
    clienthoodOid: r.clienthood_oid,
    registrarOid: r.registrar_oid,
    ...opt('registerId', r.register_id),
    serviceTask: r.service_task,
    serviceUnitOid: r.service_unit_oid,
    holderOrganizationOid: r.holder_organization_oid,
    ...opt('producerUnitOid', r.producer_unit_oid),
    socialServices: r.social_services.filter((s) => s !== ''),
    start: r.start_date,
    ...opt('end', r.end_date),
    broad: r.broad,
  };
}

const RIGHT_SELECT = `
  SELECT ur.*, ch.register_id, COALESCE(o.broad_usage_rights, false) AS broad
    FROM register_usage_right ur
    LEFT JOIN clienthood ch ON ch.client_key = ur.client_key AND ch.clienthood_oid = ur.clienthood_oid
    LEFT JOIN organization o ON o.oid = ur.registrar_oid`;

/** The rights on one client's clienthoods (every registrar), oldest start first. */
export async function listClientUsageRights(tx: Tx, clientKey: ClientKey): Promise<ProjectedUsageRight[]> {
  if (!isUuid(clientKey)) return [];
  const r = await tx.query<RightRow>(
    `${RIGHT_SELECT} WHERE ur.client_key = $1
      ORDER BY ur.start_date, ur.service_task, ur.service_unit_oid`,
    [clientKey],
  );
  return r.rows.map(rightOf);
}

/**
 * The rights held by any of `serviceUnitOids` (a producer's list of the clients it serves), in
 * force on `onDate` unless `includeEnded`. Every organizer's rights: each opens its own register.
 */
export async function listHeldUsageRights(
  tx: Tx,
  q: {
    readonly serviceUnitOids: readonly string[];
    readonly onDate: string;
    readonly includeEnded?: boolean;
  },
): Promise<ProjectedUsageRight[]> {
  if (q.serviceUnitOids.length === 0) return [];
  const r = await tx.query<RightRow>(
    `${RIGHT_SELECT}
      WHERE ur.service_unit_oid = ANY($1::text[])
        AND ($3 OR ur.end_date IS NULL OR ur.end_date >= $2::date)
      ORDER BY ur.start_date, ur.registrar_oid, ur.client_key`,
    [q.serviceUnitOids, q.onDate, q.includeEnded ?? false],
  );
  return r.rows.map(rightOf);
}

/**
 * The registrars whose registers the organization may use on `onDate` through a register usage
 * right of one of its units (for any client): the registrar entitlement the access policy's
 * `registrar_boundary` reads. Which client, service task and period each right covers is the
 * `register_usage_right` rule's business.
 */
export async function usageRightRegistrars(
  tx: Tx,
  organizationOid: string,
  onDate: string,
): Promise<string[]> {
  const r = await tx.query<{ registrar_oid: string }>(
    `SELECT DISTINCT registrar_oid FROM register_usage_right
      WHERE holder_organization_oid = $1 AND start_date <= $2::date
        AND (end_date IS NULL OR end_date >= $2::date) AND registrar_oid <> $1
      ORDER BY registrar_oid`,
    [organizationOid, onDate],
  );
  return r.rows.map((x) => x.registrar_oid);
}

/** Marks an organizer as one that does not handle its clients' cases itself (broad rights). */
export async function setBroadUsageRights(tx: Tx, organizationOid: string, broad: boolean): Promise<boolean> {
  const r = await tx.query('UPDATE organization SET broad_usage_rights = $2 WHERE oid = $1', [
    organizationOid,
    broad,
  ]);
  return r.rowCount === 1;
}

export async function broadUsageRights(tx: Tx, organizationOid: string): Promise<boolean> {
  const r = await tx.query<{ broad_usage_rights: boolean }>(
    'SELECT broad_usage_rights FROM organization WHERE oid = $1',
    [organizationOid],
  );
  return r.rows[0]?.broad_usage_rights ?? false;
}

// --- notices --------------------------------------------------------------------------------------

export type UsageRightNoticeKind = 'opened' | 'changed' | 'ended';

export interface UsageRightNoticeInput {
  readonly clientKey: ClientKey;
  readonly kind: UsageRightNoticeKind;
  readonly registrarOid: string;
  readonly registerId: string;
  readonly clienthoodOid: string;
  readonly clienthoodSetId: string;
  readonly clienthoodVersion: number;
  readonly caseOid?: string;
  readonly serviceTask: string;
  readonly serviceUnitOid: string;
  readonly holderOrganizationOid: string;
  readonly producerUnitOid?: string;
  readonly start: string;
  readonly end?: string;
  readonly recordedBy: string;
}

export interface UsageRightNotice extends UsageRightNoticeInput {
  readonly noticeId: string;
  readonly recordedAt: string;
  readonly acknowledgedAt?: string;
}

interface NoticeRow {
  client_key: string;
  notice_id: string;
  kind: UsageRightNoticeKind;
  registrar_oid: string;
  register_id: string;
  clienthood_oid: string;
  clienthood_set_id: string;
  clienthood_version: number;
  case_oid: string | null;
  service_task: string;
  service_unit_oid: string;
  holder_organization_oid: string;
  producer_unit_oid: string | null;
  start_date: string;
  end_date: string | null;
  recorded_at: string;
  recorded_by: string;
  acknowledged_at: string | null;
}

function noticeOf(r: NoticeRow): UsageRightNotice {
  return {
    noticeId: r.notice_id,
    clientKey: r.client_key,
    kind: r.kind,
    registrarOid: r.registrar_oid,
    registerId: r.register_id,
    clienthoodOid: r.clienthood_oid,
    clienthoodSetId: r.clienthood_set_id,
    clienthoodVersion: r.clienthood_version,
    ...opt('caseOid', r.case_oid),
    serviceTask: r.service_task,
    serviceUnitOid: r.service_unit_oid,
    holderOrganizationOid: r.holder_organization_oid,
    ...opt('producerUnitOid', r.producer_unit_oid),
    start: r.start_date,
    ...opt('end', r.end_date),
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    ...opt('acknowledgedAt', r.acknowledged_at),
  };
}

export async function appendUsageRightNotice(tx: Tx, n: UsageRightNoticeInput): Promise<UsageRightNotice> {
  const r = await tx.query<NoticeRow>(
    `INSERT INTO usage_right_notice (client_key, kind, registrar_oid, register_id, clienthood_oid, clienthood_set_id,
                                     clienthood_version, case_oid, service_task, service_unit_oid,
                                     holder_organization_oid, producer_unit_oid, start_date, end_date, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     RETURNING *, NULL::timestamptz AS acknowledged_at`,
    [
      n.clientKey,
      n.kind,
      n.registrarOid,
      n.registerId,
      n.clienthoodOid,
      n.clienthoodSetId,
      n.clienthoodVersion,
      n.caseOid ?? null,
      n.serviceTask,
      n.serviceUnitOid,
      n.holderOrganizationOid,
      n.producerUnitOid ?? null,
      n.start,
      n.end ?? null,
      n.recordedBy,
    ],
  );
  return noticeOf(r.rows[0]!);
}

/**
 * Notices about rights of `serviceUnitOids`, oldest first: the unacknowledged ones (what a
 * producer's system has not yet taken in), or with `includeAcknowledged` every one.
 */
export async function listUsageRightNotices(
  tx: Tx,
  q: {
    readonly serviceUnitOids: readonly string[];
    readonly includeAcknowledged?: boolean;
    readonly limit: number;
  },
): Promise<UsageRightNotice[]> {
  if (q.serviceUnitOids.length === 0) return [];
  const r = await tx.query<NoticeRow>(
    `SELECT n.*, a.acknowledged_at FROM usage_right_notice n
       LEFT JOIN usage_right_notice_ack a ON a.notice_id = n.notice_id
      WHERE n.service_unit_oid = ANY($1::text[]) AND ($2 OR a.notice_id IS NULL)
      ORDER BY n.recorded_at, n.notice_id
      LIMIT $3`,
    [q.serviceUnitOids, q.includeAcknowledged ?? false, q.limit],
  );
  return r.rows.map(noticeOf);
}

export async function getUsageRightNotice(tx: Tx, noticeId: string): Promise<UsageRightNotice | undefined> {
  if (!isUuid(noticeId)) return undefined;
  const r = await tx.query<NoticeRow>(
    `SELECT n.*, a.acknowledged_at FROM usage_right_notice n
       LEFT JOIN usage_right_notice_ack a ON a.notice_id = n.notice_id
      WHERE n.notice_id = $1`,
    [noticeId],
  );
  return r.rows[0] && noticeOf(r.rows[0]);
}

/** Acknowledges a notice; a second acknowledgement keeps the first one's time and author. */
export async function acknowledgeUsageRightNotice(
  tx: Tx,
  notice: Pick<UsageRightNotice, 'noticeId' | 'holderOrganizationOid'>,
  by: string,
): Promise<string> {
  await tx.query(
    `INSERT INTO usage_right_notice_ack (notice_id, holder_organization_oid, acknowledged_by)
     VALUES ($1, $2, $3) ON CONFLICT (notice_id) DO NOTHING`,
    [notice.noticeId, notice.holderOrganizationOid, by],
  );
  const r = await tx.query<{ acknowledged_at: string }>(
    'SELECT acknowledged_at FROM usage_right_notice_ack WHERE notice_id = $1',
    [notice.noticeId],
  );
  return r.rows[0]!.acknowledged_at;
}
