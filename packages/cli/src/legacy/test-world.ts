// The world the CLI suites (legacy import, blob collector) start from: a test server with its blob
// directory and a fixed clock, closed with the suite's files removed; and what stands in it, built
// through the server's routes the way an organization builds its own: its administrator creates a
// family-work unit and a client register and hires a social worker; the worker creates a person,
// makes them a client and becomes their personal worker. Every step must succeed. The suites keep
// their own names (organizations, registers, logins, persons); only the steps are said here, once.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { TestEngine } from '@varanto/store/testing';
import { hireThroughApi } from '../../../server/src/test-world.ts';
import {
  type ApiClient,
  bootstrapOrganization,
  type RunningTestServer,
  startTestServer,
} from '../../../server/src/testing.ts';

/** A server on a fresh database of `engine`, its blobs in `blobDir`, its clock at 09:00 UTC on `today`. */
export const startCliServer = (
  engine: TestEngine,
  blobDir: string,
  today: string,
): Promise<RunningTestServer> =>
  startTestServer(engine, { blobDir }, { now: () => new Date(`${today}T09:00:00Z`) });

/** The suite's end: its server closed and its temporary directory `tmp` (blobs, manifests) removed. */
export async function closeCliServer(server: RunningTestServer, tmp: string): Promise<void> {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}

export interface FamilyWorkOrganization {
  readonly oid: string;
  readonly name: string;
  /** Bootstrapped with an administration unit `${oid}.10.9` of its own. */
  readonly adminLogin: string;
  /** The family-work unit ("Perhetyö") the worker serves in. */
  readonly unitOid: string;
  /** Its social welfare client register ("Asiakasrekisteri"). */
  readonly registerId: string;
  readonly serviceTask: string;
  /** A social worker (family name "Testinen") in `unitOid` for `serviceTask` from 2024-01-01. */
  readonly worker: { readonly login: string; readonly givenNames: string };
}

/** The organization bootstrapped, its unit and register created, its worker hired; the worker's id. */
export async function openFamilyWorkOrganization(
  server: RunningTestServer,
  o: FamilyWorkOrganization,
): Promise<string> {
  const { api } = server;
  await bootstrapOrganization(server.db.store, {
    organizationOid: o.oid,
    name: o.name,
    unitOid: `${o.oid}.10.9`,
    adminLogin: o.adminLogin,
  });
  const t = await api.login(o.adminLogin);
  const unit = await api.post(`/organizations/${o.oid}/service-units`, t, {
    oid: o.unitOid,
    nameFi: 'Perhetyö',
  });
  assert.equal(unit.status, 201, unit.text);
  const reg = await api.post('/registers', t, {
    id: o.registerId,
    registrarOid: o.oid,
    name: 'Asiakasrekisteri',
  });
  assert.equal(reg.status, 201, reg.text);
  return hireThroughApi(
    api,
    t,
    { login: o.worker.login, givenNames: o.worker.givenNames, familyName: 'Testinen' },
    {
      organizationOid: o.oid,
      serviceUnitOids: [o.unitOid],
      role: 'social_worker',
      serviceTasks: [o.serviceTask],
      validFrom: '2024-01-01',
    },
  );
}

/**
 * A person created by the worker logged in as `token`, made a client in `o`'s register for its
 * service task from 2025-01-01, with `personalWorker` (a professional id) as personal worker.
 * The client key.
 */
export async function openClient(
  api: ApiClient,
  token: string,
  o: Pick<FamilyWorkOrganization, 'registerId' | 'serviceTask'>,
  personalWorker: string,
  person: { readonly hetu: string; readonly givenNames: string; readonly familyName: string },
): Promise<string> {
  const created = await api.post<{ clientKey: string }>('/persons', token, {
    hetu: person.hetu,
    familyName: person.familyName,
    givenNames: person.givenNames,
  });
  assert.equal(created.status, 201, created.text);
  const clientKey = created.body.clientKey;
  const ch = await api.post(`/registers/${o.registerId}/clienthoods`, token, {
    clientKey,
    started: '2025-01-01',
    serviceTask: o.serviceTask,
  });
  assert.equal(ch.status, 201, ch.text);
  const pw = await api.call('PUT', `/registers/${o.registerId}/clienthoods/${clientKey}/personal-worker`, {
    token,
    body: { professionalId: personalWorker },
  });
  assert.equal(pw.status, 200, pw.text);
  return clientKey;
}
