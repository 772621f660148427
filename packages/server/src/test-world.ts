// Test worlds: the organizations, service units, registers, professionals with their rights and
// persons a server suite starts from, said once per suite as data. `seedWorld` writes them straight
// to the store in one transaction — the ground the tested routes stand on, not what they test;
// `hireThroughApi` goes through the administrator's routes instead, for suites whose world is
// built the way an organization builds its own.
import assert from 'node:assert/strict';
import {
  createOrganization,
  createPerson,
  createProfessional,
  createRegister,
  createServiceUnit,
  grantRight,
  type Organization,
  type PersonInput,
  type ServiceUnit,
  type Store,
} from '@varanto/store';
import type { ApiClient } from './testing.ts';

type Right = Parameters<typeof grantRight>[1];

/** A right as a suite writes it: what differs from the world's `rightDefaults`. */
export type RightSpec = Partial<Omit<Right, 'professionalId'>>;

export interface OrganizationSpec {
  readonly oid: string;
  readonly name: string;
  /** A wellbeing services county unless said. */
  readonly kind?: Organization['kind'];
  /**
   * Its first administrator, the one who can log in before anyone else: "Aapo Admin" with an admin
   * right from `validFrom` (2020-01-01 unless said) in an administration unit `unitOid` made for it.
   */
  readonly admin?: { readonly login: string; readonly unitOid: string; readonly validFrom?: string };
}

export interface ProfessionalSpec {
  readonly login: string;
  /** The login unless said. */
  readonly givenNames?: string;
  /** "Testinen" unless said. */
  readonly familyName?: string;
  /**
   * The right versions granted, in this order, each over the world's `rightDefaults`. One version
   * of the defaults alone when left out; none with `[]`.
   */
  readonly rights?: readonly RightSpec[];
}

/**
 * A professional in one line: `name` is "Given Names Family" (the family name after the last
 * space), then the right versions — one version of the defaults alone when none are given.
 */
export function professional(login: string, name: string, ...rights: RightSpec[]): ProfessionalSpec {
  const at = name.lastIndexOf(' ');
  return {
    login,
    givenNames: name.slice(0, at),
    familyName: name.slice(at + 1),
    ...(rights.length > 0 ? { rights } : {}),
  };
}

/** A person, under the suite's own name for them; no turvakielto unless said. */
export type PersonSpec = Omit<PersonInput, 'turvakielto'> & {
  readonly name: string;
  readonly turvakielto?: boolean;
};

export interface WorldSpec {
  readonly organizations?: readonly OrganizationSpec[];
  readonly serviceUnits?: readonly ServiceUnit[];
  /** A social welfare client register (type 1) named "Asiakasrekisteri" unless said. */
  readonly registers?: readonly {
    readonly id: string;
    readonly registrarOid: string;
    readonly name?: string;
    readonly registerType?: string;
  }[];
  /**
   * What every right of `professionals` is unless it says otherwise; granted by "bootstrap". The
   * organizations' administrators do not take these.
   */
  readonly rightDefaults?: RightSpec;
  readonly professionals?: readonly ProfessionalSpec[];
  readonly persons?: readonly PersonSpec[];
}

export interface World {
  /** Professional ids by login, the organizations' administrators included. */
  readonly ids: Record<string, string>;
  /** Client keys by the suite's name for each person. */
  readonly clientKeys: Record<string, string>;
}

/** Writes the world in one transaction, in the order the spec's parts are listed above. */
export async function seedWorld(store: Store, spec: WorldSpec): Promise<World> {
  const world: World = { ids: {}, clientKeys: {} };
  await store.transaction(async (tx) => {
    const professional = async (
      p: ProfessionalSpec,
      rights: readonly RightSpec[],
      defaults: RightSpec = {},
    ) => {
      const { id } = await createProfessional(tx, {
        login: p.login,
        givenNames: p.givenNames ?? p.login,
        familyName: p.familyName ?? 'Testinen',
      });
      world.ids[p.login] = id;
      for (const r of rights) {
        await grantRight(tx, completeRight({ grantedBy: 'bootstrap', ...defaults, ...r }, id));
      }
    };
    for (const o of spec.organizations ?? []) {
      await createOrganization(tx, { oid: o.oid, name: o.name, kind: o.kind ?? 'wellbeing_county' });
      if (!o.admin) continue;
      await createServiceUnit(tx, {
        oid: o.admin.unitOid,
        organizationOid: o.oid,
        nameFi: `${o.name}, hallinto`,
      });
      await professional({ login: o.admin.login, givenNames: 'Aapo', familyName: 'Admin' }, [
        {
          organizationOid: o.oid,
          serviceUnitOids: [o.admin.unitOid],
          role: 'admin',
          serviceTasks: [],
          validFrom: o.admin.validFrom ?? '2020-01-01',
        },
      ]);
    }
    for (const u of spec.serviceUnits ?? []) await createServiceUnit(tx, u);
    for (const r of spec.registers ?? []) {
      await createRegister(tx, {
        id: r.id,
        registrarOid: r.registrarOid,
        registerType: r.registerType ?? '1',
        name: r.name ?? 'Asiakasrekisteri',
      });
    }
    for (const p of spec.professionals ?? []) {
      await professional(p, p.rights ?? [{}], spec.rightDefaults);
    }
    for (const { name, turvakielto, ...person } of spec.persons ?? []) {
      world.clientKeys[name] = (
        await createPerson(tx, { ...person, turvakielto: turvakielto ?? false })
      ).clientKey;
    }
  });
  return world;
}

function completeRight(r: RightSpec, professionalId: string): Right {
  const { organizationOid, serviceUnitOids, role, serviceTasks, validFrom, grantedBy } = r;
  if (!organizationOid || !serviceUnitOids || !role || !serviceTasks || !validFrom || !grantedBy) {
    throw new Error(`an incomplete right in the test world: ${JSON.stringify(r)}`);
  }
  return { ...r, professionalId, organizationOid, serviceUnitOids, role, serviceTasks, validFrom, grantedBy };
}

/**
 * A professional created and given a first right through the administrator's routes, as an
 * organization hires someone; each step must answer 201. The professional's id.
 */
export async function hireThroughApi(
  api: ApiClient,
  adminToken: string,
  who: { readonly login: string; readonly givenNames: string; readonly familyName: string },
  right: {
    readonly organizationOid: string;
    readonly serviceUnitOids: readonly string[];
    readonly role: string;
    readonly serviceTasks: readonly string[];
    readonly validFrom: string;
  },
): Promise<string> {
  const p = await api.post<{ id: string }>('/professionals', adminToken, who);
  assert.equal(p.status, 201, p.text);
  const g = await api.post(`/professionals/${p.body.id}/rights`, adminToken, right);
  assert.equal(g.status, 201, g.text);
  return p.body.id;
}
