// Reference data: organizations, service units, registers, professionals and the user register
// (asiakastietolaki 9 §) of professionals' rights, whose versions are append-only.
import { randomUUID } from 'node:crypto';
import { administeringOrganizationSql, rightInForce, rightsInForceSql } from '@varanto/domain/access';
import type { Role } from '@varanto/domain/records';
import type { QueryResult, QueryResultRow } from 'pg';
import type { Organization, Professional, ProfessionalRight, Register, ServiceUnit, Tx } from './api.ts';
import { ConflictError } from './errors.ts';
import { isUuid, opt } from './sql.ts';

interface OrganizationRow {
  oid: string;
  name: string;
  kind: Organization['kind'];
  business_id: string | null;
}

function organizationOf(r: OrganizationRow): Organization {
  return { oid: r.oid, name: r.name, kind: r.kind, ...opt('businessId', r.business_id) };
}

export async function createOrganization(tx: Tx, o: Organization): Promise<Organization> {
  inserted(
    'organization',
    await tx.query(
      'INSERT INTO organization (oid, name, kind, business_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [o.oid, o.name, o.kind, o.businessId ?? null],
    ),
  );
  return { ...o };
}

export async function getOrganization(tx: Tx, oid: string): Promise<Organization | undefined> {
  const r = await tx.query<OrganizationRow>('SELECT * FROM organization WHERE oid = $1', [oid]);
  return r.rows[0] && organizationOf(r.rows[0]);
}

export async function listOrganizations(tx: Tx): Promise<Organization[]> {
  const r = await tx.query<OrganizationRow>('SELECT * FROM organization ORDER BY name, oid');
  return r.rows.map(organizationOf);
}

interface ServiceUnitRow {
  oid: string;
  organization_oid: string;
  name_fi: string;
  name_sv: string | null;
  municipality: string | null;
}

function serviceUnitOf(r: ServiceUnitRow): ServiceUnit {
  return {
    oid: r.oid,
    organizationOid: r.organization_oid,
    nameFi: r.name_fi,
    ...opt('nameSv', r.name_sv),
    ...opt('municipality', r.municipality),
  };
}

export async function createServiceUnit(tx: Tx, u: ServiceUnit): Promise<ServiceUnit> {
  inserted(
    'service unit',
    await tx.query(
      'INSERT INTO service_unit (oid, organization_oid, name_fi, name_sv, municipality) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [u.oid, u.organizationOid, u.nameFi, u.nameSv ?? null, u.municipality ?? null],
    ),
  );
  return { ...u };
}

export async function getServiceUnit(tx: Tx, oid: string): Promise<ServiceUnit | undefined> {
  const r = await tx.query<ServiceUnitRow>('SELECT * FROM service_unit WHERE oid = $1', [oid]);
  return r.rows[0] && serviceUnitOf(r.rows[0]);
}

export async function listServiceUnits(tx: Tx, organizationOid?: string): Promise<ServiceUnit[]> {
  const r = await tx.query<ServiceUnitRow>(
    'SELECT * FROM service_unit WHERE $1::text IS NULL OR organization_oid = $1 ORDER BY name_fi, oid',
    [organizationOid ?? null],
  );
  return r.rows.map(serviceUnitOf);
}

interface RegisterRow {
  id: string;
  registrar_oid: string;
  register_type: string;
  name: string;
}

function registerOf(r: RegisterRow): Register {
  return { id: r.id, registrarOid: r.registrar_oid, registerType: r.register_type, name: r.name };
}

export async function createRegister(tx: Tx, reg: Register): Promise<Register> {
  inserted(
    'register',
    await tx.query(
      'INSERT INTO register (id, registrar_oid, register_type, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [reg.id, reg.registrarOid, reg.registerType, reg.name],
    ),
  );
  return { ...reg };
}

export async function getRegister(tx: Tx, id: string): Promise<Register | undefined> {
  const r = await tx.query<RegisterRow>('SELECT * FROM register WHERE id = $1', [id]);
  return r.rows[0] && registerOf(r.rows[0]);
}

export async function listRegisters(tx: Tx, registrarOid?: string): Promise<Register[]> {
  const r = await tx.query<RegisterRow>(
    'SELECT * FROM register WHERE $1::text IS NULL OR registrar_oid = $1 ORDER BY name, id',
    [registrarOid ?? null],
  );
  return r.rows.map(registerOf);
}

interface ProfessionalRow {
  id: string;
  login: string;
  given_names: string;
  family_name: string;
  registration_number: string | null;
}

function professionalOf(r: ProfessionalRow): Professional {
  return {
    id: r.id,
    login: r.login,
    givenNames: r.given_names,
    familyName: r.family_name,
    ...opt('registrationNumber', r.registration_number),
  };
}

/** Stores a professional; `id` is minted (a UUID) when not given. A taken login is a ConflictError. */
export async function createProfessional(
  tx: Tx,
  p: Omit<Professional, 'id'> & { id?: string },
): Promise<Professional> {
  const id = p.id ?? randomUUID();
  const r = inserted(
    'professional',
    await tx.query<ProfessionalRow>(
      `INSERT INTO professional (id, login, given_names, family_name, registration_number)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING *`,
      [id, p.login, p.givenNames, p.familyName, p.registrationNumber ?? null],
    ),
  );
  return professionalOf(r.rows[0]!);
}

export async function getProfessional(tx: Tx, id: string): Promise<Professional | undefined> {
  if (!isUuid(id)) return undefined;
  const r = await tx.query<ProfessionalRow>('SELECT * FROM professional WHERE id = $1', [id]);
  return r.rows[0] && professionalOf(r.rows[0]);
}

export async function getProfessionalByLogin(tx: Tx, login: string): Promise<Professional | undefined> {
  const r = await tx.query<ProfessionalRow>('SELECT * FROM professional WHERE login = $1', [login]);
  return r.rows[0] && professionalOf(r.rows[0]);
}

/**
 * The professionals administered in `organizationOids` on `today`, as the domain's
 * `administeringOrganization` places them (the newest started right, else the newest), and those
 * not given any right yet.
 */
export async function listProfessionalsAdministeredIn(
  tx: Tx,
  organizationOids: readonly string[],
  today: string,
): Promise<Professional[]> {
  const params: unknown[] = [[...organizationOids]];
  const r = await tx.query<ProfessionalRow>(
    `SELECT p.* FROM professional p
       CROSS JOIN LATERAL (SELECT ${administeringOrganizationSql(params, 'p.id', today)} AS organization_oid) nr
      WHERE nr.organization_oid IS NULL OR nr.organization_oid = ANY($1::text[])
      ORDER BY p.family_name, p.given_names, p.id`,
    params,
  );
  return r.rows.map(professionalOf);
}

export async function listProfessionals(tx: Tx): Promise<Professional[]> {
  const r = await tx.query<ProfessionalRow>(
    'SELECT * FROM professional ORDER BY family_name, given_names, id',
  );
  return r.rows.map(professionalOf);
}

interface RightRow {
  professional_id: string;
  version: number;
  organization_oid: string;
  service_unit_oids: string[];
  role: Role;
  service_tasks: string[];
  valid_from: string;
  valid_to: string | null;
  granted_by: string;
  granted_at: string;
  reason: string | null;
}

function rightOf(r: RightRow): ProfessionalRight {
  return {
    professionalId: r.professional_id,
    version: r.version,
    organizationOid: r.organization_oid,
    serviceUnitOids: r.service_unit_oids,
    role: r.role,
    serviceTasks: r.service_tasks,
    validFrom: r.valid_from,
    ...opt('validTo', r.valid_to),
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
    ...opt('reason', r.reason),
  };
}

/**
 * Records a new version of a professional's rights. Ending a right is a version with `validTo`;
 * nothing earlier is changed. Concurrent grants for one professional are serialized on the
 * professional's row, so versions stay gap-free.
 */
export async function grantRight(
  tx: Tx,
  right: Omit<ProfessionalRight, 'version' | 'grantedAt'>,
): Promise<ProfessionalRight> {
  const locked = await tx.query('SELECT 1 FROM professional WHERE id = $1 FOR UPDATE', [
    right.professionalId,
  ]);
  if (locked.rowCount === 0) throw new Error(`no professional ${right.professionalId}`);
  const r = await tx.query<RightRow>(
    `INSERT INTO professional_right (professional_id, version, organization_oid, service_unit_oids, role,
                                     service_tasks, valid_from, valid_to, granted_by, reason)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9
       FROM professional_right WHERE professional_id = $1
     RETURNING *`,
    [
      right.professionalId,
      right.organizationOid,
      right.serviceUnitOids,
      right.role,
      right.serviceTasks,
      right.validFrom,
      right.validTo ?? null,
      right.grantedBy,
      right.reason ?? null,
    ],
  );
  return rightOf(r.rows[0]!);
}

/** The right in force on `onDate` (ISO date), as the domain's `rightInForce` decides it. */
export async function currentRight(
  tx: Tx,
  professionalId: string,
  onDate: string,
): Promise<ProfessionalRight | undefined> {
  return rightInForce(await rightsHistory(tx, professionalId), onDate);
}

export async function rightsHistory(tx: Tx, professionalId: string): Promise<ProfessionalRight[]> {
  if (!isUuid(professionalId)) return [];
  const r = await tx.query<RightRow>(
    'SELECT * FROM professional_right WHERE professional_id = $1 ORDER BY version',
    [professionalId],
  );
  return r.rows.map(rightOf);
}

const FINNISH = new Intl.Collator('fi');

/** A colleague as the staff list shows them: no login, no right history. */
export interface StaffMember {
  id: string;
  givenNames: string;
  familyName: string;
  role: Role;
  serviceUnits: { oid: string; nameFi: string; nameSv?: string }[];
  serviceTasks: string[];
}

export interface StaffFilter {
  /** A service task code the member's right must include. */
  serviceTask?: string;
  /** A service unit OID the member's right must include. */
  serviceUnitOid?: string;
}

/**
 * The professionals whose right in force on `onDate` (as the domain's `rightInForce` decides it,
 * and so `currentRight`) is in `organizationOid`, by family name. A professional who has moved to
 * another organization or whose right has ended is not listed.
 */
export async function listStaff(
  tx: Tx,
  organizationOid: string,
  onDate: string,
  filter: StaffFilter = {},
): Promise<StaffMember[]> {
  const params: unknown[] = [organizationOid];
  // Only those who have ever had a right here can have one in force here: their whole histories
  // are read (the rule must see every version of each), no one else's.
  const inForce = rightsInForceSql(
    params,
    onDate,
    `(SELECT * FROM professional_right
       WHERE professional_id IN (SELECT professional_id FROM professional_right WHERE organization_oid = $1))`,
  );
  params.push(filter.serviceTask ?? null, filter.serviceUnitOid ?? null);
  const task = `$${params.length - 1}::text`;
  const unit = `$${params.length}::text`;
  const r = await tx.query<{
    id: string;
    given_names: string;
    family_name: string;
    role: Role;
    service_unit_oids: string[];
    service_tasks: string[];
  }>(
    `SELECT p.id, p.given_names, p.family_name, r.role, r.service_unit_oids, r.service_tasks
       FROM ${inForce} r
       JOIN professional p ON p.id = r.professional_id
      WHERE r.organization_oid = $1
        AND (${task} IS NULL OR ${task} = ANY (r.service_tasks))
        AND (${unit} IS NULL OR ${unit} = ANY (r.service_unit_oids))
      ORDER BY p.id`,
    params,
  );
  if (r.rows.length === 0) return [];
  const units = new Map((await listServiceUnits(tx, organizationOid)).map((u) => [u.oid, u]));
  // Finnish alphabetical order (å, ä, ö after z), the same whatever collation the database has.
  const byName = (a: (typeof r.rows)[number], b: (typeof r.rows)[number]) =>
    FINNISH.compare(a.family_name, b.family_name) ||
    FINNISH.compare(a.given_names, b.given_names) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...r.rows].sort(byName).map((row) => ({
    id: row.id,
    givenNames: row.given_names,
    familyName: row.family_name,
    role: row.role,
    serviceUnits: row.service_unit_oids.map((oid) => {
      const u = units.get(oid);
      return { oid, nameFi: u?.nameFi ?? oid, ...opt('nameSv', u?.nameSv ?? null) };
    }),
    serviceTasks: row.service_tasks,
  }));
}

/** Checks an `INSERT ... ON CONFLICT DO NOTHING`: no row inserted means the key was taken. */
function inserted<R extends QueryResultRow>(what: string, r: QueryResult<R>): QueryResult<R> {
  if (r.rowCount === 0) throw new ConflictError(`${what} already exists`, what);
  return r;
}
