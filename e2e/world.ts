// A tiny world seeded through the public API (after the bootstrap of the first administrator,
// the one step no API can do): a county, its family centre and its social emergency unit; a
// social worker and a practical nurse of the family centre and a social worker of the emergency
// unit (who has no care relation to anyone yet); a client under turvakielto with a clienthood, a
// shared family case and three narrative entries; and a client with no records at all.
import assert from 'node:assert/strict';
import { createOrganization, createProfessional, createServiceUnit, grantRight } from '@varanto/store';
import {
  type ApiClient,
  bootstrapOrganization,
  hetu,
  type RunningTestServer,
} from '../packages/server/src/testing.ts';

export const ORG = '1.2.246.10.1234567';
const UNIT_ADMIN = '1.2.246.10.1234567.10.9';
export const UNIT = '1.2.246.10.1234567.10.1';
export const UNIT_EMERGENCY = '1.2.246.10.1234567.10.2';
export const PRODUCER = '1.2.246.10.7654321';
export const PRODUCER_HOME = '1.2.246.10.7654321.10.1';
export const FAMILY = '24'; // Lapsiperheiden palvelut
const CHILD_WELFARE = '10'; // Lastensuojelu
export const ANNA_HETU = hetu('1990-01-01', 902);
export const MIKKO_HETU = hetu('1985-05-05', 903);

function entry(text: string) {
  return {
    merkinta_tapaamisesta_tai_yhteydenotosta: {
      asiakas: [{ sukunimi: 'Virtanen', etunimet: 'Anna' }],
      asiakaskertomusmerkinta: {
        palvelutehtava: {
          system: 'urn:oid:1.2.246.537.6.1221',
          code: FAMILY,
          display: 'Lapsiperheiden palvelut',
        },
      },
      sovitut_asiat: text,
      laatija: { sukunimi: 'Sosiaali', etunimet: 'Sari' },
    },
  };
}

async function ok<T>(p: Promise<{ status: number; body: T; text: string }>, what: string): Promise<T> {
  const r = await p;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
  return r.body;
}

/**
 * A private producer with one family home and its social instructor. Another organization's staff
 * are that organization's to register; the test world writes them straight into the store, as the
 * bootstrap does for the county's administrator.
 */
async function seedProducer(server: RunningTestServer): Promise<void> {
  await server.db.store.transaction(async (tx) => {
    await createOrganization(tx, { oid: PRODUCER, name: 'Hoivapolku Oy', kind: 'private_provider' });
    await createServiceUnit(tx, {
      oid: PRODUCER_HOME,
      organizationOid: PRODUCER,
      nameFi: 'Perhekoti Kuusela',
    });
    const elina = await createProfessional(tx, {
      login: 'elina',
      givenNames: 'Elina',
      familyName: 'Ohjaaja',
    });
    await grantRight(tx, {
      professionalId: elina.id,
      organizationOid: PRODUCER,
      serviceUnitOids: [PRODUCER_HOME],
      role: 'social_instructor',
      serviceTasks: [FAMILY],
      validFrom: '2024-01-01',
      grantedBy: 'bootstrap',
    });
  });
}

/** The world: one county, its family centre, a social worker, a protected client in a shared case. */
export async function seed(server: RunningTestServer) {
  const api: ApiClient = server.api;
  await seedProducer(server);
  await bootstrapOrganization(server.db.store, {
    organizationOid: ORG,
    name: 'Itä-Uudenmaan hyvinvointialue',
    unitOid: UNIT_ADMIN,
    adminLogin: 'admin',
  });
  const admin = await api.login('admin', 'password');
  await ok(
    api.post(`/organizations/${ORG}/service-units`, admin, {
      oid: UNIT,
      nameFi: 'Perhekeskus',
      nameSv: 'Familjecentret',
    }),
    'unit',
  );
  await ok(
    api.post(`/organizations/${ORG}/service-units`, admin, {
      oid: UNIT_EMERGENCY,
      nameFi: 'Sosiaalipäivystys',
      nameSv: 'Socialjouren',
    }),
    'unit',
  );
  await ok(
    api.post('/registers', admin, { id: 'reg', registrarOid: ORG, name: 'Sosiaalihuollon asiakasrekisteri' }),
    'register',
  );
  const staff = async (
    login: string,
    givenNames: string,
    familyName: string,
    role: string,
    unit: string,
  ): Promise<string> => {
    const p = await ok(
      api.post<{ id: string }>('/professionals', admin, { login, givenNames, familyName }),
      `professional ${login}`,
    );
    await ok(
      api.post(`/professionals/${p.id}/rights`, admin, {
        organizationOid: ORG,
        serviceUnitOids: [unit],
        role,
        serviceTasks: [FAMILY, CHILD_WELFARE],
        validFrom: '2024-01-01',
      }),
      `right ${login}`,
    );
    return p.id;
  };
  const sari = { id: await staff('sari', 'Sari', 'Sosiaali', 'social_worker', UNIT) };
  await staff('pirjo', 'Pirjo', 'Perälä', 'practical_nurse', UNIT);
  await staff('pekka', 'Pekka', 'Päivystäjä', 'social_worker', UNIT_EMERGENCY);
  const token = await api.login('sari');
  const anna = await ok(
    api.post<{ clientKey: string }>('/persons', token, {
      hetu: ANNA_HETU,
      familyName: 'Virtanen',
      givenNames: 'Anna',
      turvakielto: true,
      address: { street: 'Salainen katu 1', postalCode: '00100', postOffice: 'Helsinki' },
    }),
    'anna',
  );
  const eero = await ok(
    api.post<{ clientKey: string }>('/persons', token, {
      temporaryId: { system: `${ORG}.22.2025`, value: hetu('2025-01-01', 901) },
      familyName: 'Virtanen',
      givenNames: 'Eero',
    }),
    'eero',
  );
  await ok(
    api.post('/registers/reg/clienthoods', token, {
      clientKey: anna.clientKey,
      started: '2024-02-01',
      serviceTask: FAMILY,
      serviceUnitOid: UNIT,
      personalWorkerId: sari.id,
    }),
    'clienthood',
  );
  const kase = await ok(
    api.post<{ caseOid: string }>('/registers/reg/cases', token, {
      serviceTask: FAMILY,
      subject: { code: '1', display: 'Perheen tuen tarve' },
      members: [anna.clientKey, eero.clientKey],
      opened: '2024-02-01',
      serviceUnitOid: UNIT,
    }),
    'case',
  );
  const mikko = await ok(
    api.post<{ clientKey: string }>('/persons', token, {
      hetu: MIKKO_HETU,
      familyName: 'Mäkinen',
      givenNames: 'Mikko',
      homeMunicipality: '638',
    }),
    'mikko',
  );
  const docs: [string, string, string | undefined][] = [
    ['2025-01-10', 'Ensitapaaminen perheen kanssa.', undefined],
    ['2025-02-01', 'Kotikäynti, sovittiin tukitoimista.', kase.caseOid],
    ['2025-03-01', 'Puhelu: tilanne on rauhoittunut.', kase.caseOid],
  ];
  for (const [documentDate, text, caseOid] of docs) {
    await ok(
      api.post('/registers/reg/documents', token, {
        metadata: {
          clients: [anna.clientKey],
          serviceTask: FAMILY,
          documentType: '19005',
          documentDate,
          ...(caseOid ? { caseOid } : {}),
        },
        content: entry(text),
      }),
      `document ${documentDate}`,
    );
  }
  return { anna: anna.clientKey, eero: eero.clientKey, mikko: mikko.clientKey, caseOid: kase.caseOid };
}

export type World = Awaited<ReturnType<typeof seed>>;
