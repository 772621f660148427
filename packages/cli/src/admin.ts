// `varanto admin …`: the organization's administrator manages organizations, service units,
// registers, professionals and their rights from the command line. Every command is a request to
// the public API, in process, as the named administrator — the same validation, the same
// permission checks and the same audit entries as any other client of the API.

import { buildServer, sessionKey, signSession } from '@varanto/server';
import { getProfessionalByLogin, type Store } from '@varanto/store';

export class AdminError extends Error {}

export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
}

/** Sends `call` to the API as the professional `login` (a weak login: the operator holds no card). */
export async function callApiAs(
  store: Store,
  secret: string,
  login: string,
  call: ApiCall,
): Promise<{ status: number; body: unknown }> {
  const professional = await store.transaction((tx) => getProfessionalByLogin(tx, login), { readOnly: true });
  if (!professional) throw new AdminError(`no professional with login "${login}"`);
  const app = await buildServer({ store, config: { sessionSecret: secret } });
  try {
    const session = await signSession(
      sessionKey(secret),
      { professionalId: professional.id, login, strongAuth: false, method: 'password' },
      new Date(),
      300,
    );
    const r = await app.inject({
      method: call.method,
      url: call.url,
      headers: { authorization: `Bearer ${session.token}` },
      ...(call.body !== undefined ? { payload: call.body as Record<string, unknown> } : {}),
    });
    return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as unknown) : undefined };
  } finally {
    await app.close();
  }
}

const list = (s: string | undefined): string[] =>
  s === undefined || s === ''
    ? []
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

/** The API call of each admin subcommand, from its command-line options. */
export const ADMIN_CALLS = {
  orgAdd: (o: { oid: string; name: string; kind: string; businessId?: string }): ApiCall => ({
    method: 'POST',
    url: '/organizations',
    body: { oid: o.oid, name: o.name, kind: o.kind, ...(o.businessId ? { businessId: o.businessId } : {}) },
  }),
  orgList: (): ApiCall => ({ method: 'GET', url: '/organizations' }),
  unitAdd: (o: {
    org: string;
    oid: string;
    name: string;
    nameSv?: string;
    municipality?: string;
  }): ApiCall => ({
    method: 'POST',
    url: `/organizations/${encodeURIComponent(o.org)}/service-units`,
    body: {
      oid: o.oid,
      nameFi: o.name,
      ...(o.nameSv ? { nameSv: o.nameSv } : {}),
      ...(o.municipality ? { municipality: o.municipality } : {}),
    },
  }),
  registerAdd: (o: { registrar: string; name: string; id?: string }): ApiCall => ({
    method: 'POST',
    url: '/registers',
    body: { registrarOid: o.registrar, name: o.name, ...(o.id ? { id: o.id } : {}) },
  }),
  userAdd: (o: { login: string; given: string; family: string; registrationNumber?: string }): ApiCall => ({
    method: 'POST',
    url: '/professionals',
    body: {
      login: o.login,
      givenNames: o.given,
      familyName: o.family,
      ...(o.registrationNumber ? { registrationNumber: o.registrationNumber } : {}),
    },
  }),
  userGrant: (
    id: string,
    o: {
      org: string;
      units?: string;
      role: string;
      tasks?: string;
      from: string;
      to?: string;
      reason?: string;
    },
  ): ApiCall => ({
    method: 'POST',
    url: `/professionals/${encodeURIComponent(id)}/rights`,
    body: {
      organizationOid: o.org,
      serviceUnitOids: list(o.units),
      role: o.role,
      serviceTasks: list(o.tasks),
      validFrom: o.from,
      ...(o.to ? { validTo: o.to } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
    },
  }),
  userRights: (id: string): ApiCall => ({
    method: 'GET',
    url: `/professionals/${encodeURIComponent(id)}/rights`,
  }),
  userList: (): ApiCall => ({ method: 'GET', url: '/professionals' }),
};
