// The demo world's family for the citizen portal (OmaKanta): each visibility rule in one place.
//
//   Sari Mäkinen      mother; stayed with Eetu in the county's shelter home; acts for Eetu and Oona
//                     as guardian and for her mother Aune under a mandate
//   Janne Mäkinen     father, also Eetu's and Oona's guardian: the shelter home's documents must never
//                     reach him, in any list, count, reading or log
//   Eetu Mäkinen      10 years old: his guardians see only the documents marked shown to them
//   Oona Mäkinen      15 years old: reads her own records
//   Aune Rantanen     Sari's mother, a client of disability services
//
// The persons, the relations (population register, mandate register) and the shelter home's unit
// and worker are reference data, written straight to the store in one audited transaction; the client
// work goes through the HTTP API as the professionals themselves, like the rest of the seed.
import { builtinCodeRegistry, type CodeRegistry } from '@varanto/domain/codes';
import { makeHetu } from '@varanto/domain/identity';
import { builtinStructures, generateFullDocument } from '@varanto/domain/structures';
import { MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS } from '@varanto/domain/visibility';
import {
  appendAudit,
  createPerson,
  createProfessional,
  createServiceUnit,
  getProfessionalByLogin,
  grantRight,
  recordPersonRelation,
  recordProfessionalContact,
  type Store,
} from '@varanto/store';
import type { FastifyInstance } from 'fastify';
import { seededRng } from './random.ts';
import { COUNTY_OID, COUNTY_REGISTER, TASK, UNITS } from './world.ts';

export const SHELTER_UNIT = `${COUNTY_OID}.10.7`;
const SHELTER_WORKER = 'tuija.turva';

interface FamilyMember {
  key: 'sari' | 'janne' | 'eetu' | 'oona' | 'aune';
  givenNames: string;
  familyName: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** Demo identity codes use individual numbers 900–999: never a real person's code. */
  individualNumber: number;
  shows: string;
}

/** Fixed birth dates: the demo's ages hold from the end of 2026 to the beginning of 2027. */
export const FAMILY: readonly FamilyMember[] = [
  {
    key: 'sari',
    givenNames: 'Sari',
    familyName: 'Mäkinen',
    birthDate: '1987-03-14',
    sex: 'female',
    individualNumber: 972,
    shows: 'own records (one delayed a week), acts for Eetu and Oona (guardian) and Aune (mandate)',
  },
  {
    key: 'janne',
    givenNames: 'Janne',
    familyName: 'Mäkinen',
    birthDate: '1985-10-02',
    sex: 'male',
    individualNumber: 973,
    shows: "the other parent: Eetu's marked documents, never the shelter home's",
  },
  {
    key: 'eetu',
    givenNames: 'Eetu',
    familyName: 'Mäkinen',
    birthDate: '2016-03-09',
    sex: 'male',
    individualNumber: 974,
    shows: '10 years old: nothing himself, his guardians read for him',
  },
  {
    key: 'oona',
    givenNames: 'Oona',
    familyName: 'Mäkinen',
    birthDate: '2011-02-17',
    sex: 'female',
    individualNumber: 975,
    shows: '15 years old: reads her own records',
  },
  {
    key: 'aune',
    givenNames: 'Aune',
    familyName: 'Rantanen',
    birthDate: '1946-05-20',
    sex: 'female',
    individualNumber: 976,
    shows: "Sari's mother; has given Sari a mandate",
  },
];

export function familyHetu(m: FamilyMember): string {
  const made = makeHetu({ birthDate: m.birthDate, individualNumber: m.individualNumber });
  if (!made.ok) throw new Error(`no demo identity code for ${m.birthDate}`);
  return made.value.value;
}

/** The citizen demo logins, printed beside the professionals'. */
export function citizenDemoLogins(): { hetu: string; name: string; shows: string }[] {
  return FAMILY.map((m) => ({
    hetu: familyHetu(m),
    name: `${m.givenNames} ${m.familyName}`,
    shows: m.shows,
  }));
}

export const SHELTER_WORKER_LOGIN = {
  login: SHELTER_WORKER,
  name: 'Tuija Turva',
  role: 'sosiaalityöntekijä (turvakoti)',
  organization: 'Järvi-Suomen hyvinvointialue',
};

function shift(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The demo's professionals at work through the API, with the seed's own sessions (its password
 * logins: recording needs no strong login, and every extra login would count against the login
 * rate limit of a freshly started demo).
 */
class FamilyApi {
  constructor(
    private readonly app: FastifyInstance,
    private readonly tokenOf: (login: string) => Promise<string>,
  ) {}

  private as(login: string): Promise<string> {
    return this.tokenOf(login);
  }

  async call<T>(login: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<T> {
    const r = await this.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      headers: { authorization: `Bearer ${await this.as(login)}` },
    });
    if (r.statusCode >= 300)
      throw new Error(`seed family: ${method} ${url} as ${login}: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  }

  /** A citizen session, when demo logins are on. */
  async citizen(hetu: string): Promise<string | undefined> {
    const r = await this.app.inject({ method: 'POST', url: '/citizen/auth/login', payload: { hetu } });
    return r.statusCode === 200 ? (r.json() as { token: string }).token : undefined;
  }
}

/** Narrative entry content (19005) about the family, in the structure's own terms. */
function narrative(who: FamilyMember, author: string, text: string, task: string, codes: CodeRegistry) {
  const [given, family] = author.split(' ');
  return {
    merkinta_tapaamisesta_tai_yhteydenotosta: {
      asiakas: [
        {
          sukunimi: who.familyName,
          etunimet: who.givenNames,
          henkilotunnus: { system: 'urn:oid:1.2.246.21', value: familyHetu(who) },
        },
      ],
      asiakaskertomusmerkinta: {
        palvelutehtava: {
          system: 'urn:oid:1.2.246.537.6.1221',
          code: task,
          display: codes.display('1.2.246.537.6.1221', task, 'fi') ?? task,
        },
      },
      sovitut_asiat: text,
      laatija: { sukunimi: family, etunimet: given },
    },
  };
}

export interface FamilyResult {
  documents: number;
  keys: Record<FamilyMember['key'], string>;
  /** Set ids of the documents each rule is shown with. */
  docs: Record<
    | 'shelter'
    | 'eetuMarked'
    | 'eetuUnmarked'
    | 'eetuHidden'
    | 'sariDelayed'
    | 'sariShown'
    | 'oonaMarked'
    | 'oonaOwn'
    | 'auneShown',
    string
  >;
  delayedUntil: string;
}

export async function seedFamily(
  app: FastifyInstance,
  store: Store,
  options: { today: string; tokenOf: (login: string) => Promise<string> },
): Promise<FamilyResult> {
  const { today } = options;
  const codes = builtinCodeRegistry();
  const structures = new Map(builtinStructures().map((d) => [d.typeCode, d]));
  const rng = seededRng(19870314);
  const keys = {} as FamilyResult['keys'];
  const byKey = new Map(FAMILY.map((m) => [m.key, m]));

  await store.transaction(async (tx) => {
    await createServiceUnit(tx, {
      oid: SHELTER_UNIT,
      organizationOid: COUNTY_OID,
      nameFi: 'Turvakoti Majakka',
      nameSv: 'Skyddshemmet Fyren',
      municipality: '091',
    });
    const tuija = await createProfessional(tx, {
      login: SHELTER_WORKER,
      givenNames: 'Tuija',
      familyName: 'Turva',
      registrationNumber: '10000011',
    });
    await grantRight(tx, {
      professionalId: tuija.id,
      organizationOid: COUNTY_OID,
      serviceUnitOids: [SHELTER_UNIT],
      role: 'social_worker',
      serviceTasks: [TASK.families],
      validFrom: shift(today, -3 * 365),
      grantedBy: 'seed',
      reason: 'demo world: turvakodin sosiaalityöntekijä',
    });
    for (const [login, phone, email] of [
      ['leena.laine', '029 123 4501', 'leena.laine@jarvi-suomi.example'],
      ['riikka.ahonen', '029 123 4505', 'riikka.ahonen@jarvi-suomi.example'],
      [SHELTER_WORKER, '029 123 4511', 'turvakoti.majakka@jarvi-suomi.example'],
    ] as const) {
      const p = await getProfessionalByLogin(tx, login);
      if (!p) throw new Error(`seed family: no professional ${login}`);
      await recordProfessionalContact(tx, { professionalId: p.id, phone, email, recordedBy: 'seed' });
    }
    for (const m of FAMILY) {
      const person = await createPerson(
        tx,
        {
          hetu: familyHetu(m),
          familyName: m.familyName,
          givenNames: m.givenNames,
          birthDate: m.birthDate,
          sex: m.sex,
          homeMunicipality: '091',
          turvakielto: false,
          address: { street: 'Vaahterakuja 5', postalCode: '00940', postOffice: 'Helsinki' },
        },
        'seed',
      );
      keys[m.key] = person.clientKey;
      await appendAudit(tx, {
        actor: { kind: 'system', name: 'seed' },
        action: 'person.create',
        clientKey: person.clientKey,
        outcome: 'allowed',
      });
    }
    const relation = async (
      clientKey: string,
      holderKey: string,
      kind: 'guardianship' | 'mandate',
      start: string,
      source: string,
    ) => {
      await recordPersonRelation(tx, {
        clientKey,
        kind,
        holderKey,
        start,
        ...(kind === 'mandate' ? { scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS] } : {}),
        source,
        recordedBy: 'seed',
      });
      await appendAudit(tx, {
        actor: { kind: 'system', name: 'seed' },
        action: `person_relation.${kind}`,
        clientKey,
        outcome: 'allowed',
      });
    };
    for (const child of ['eetu', 'oona'] as const) {
      for (const parent of ['sari', 'janne'] as const) {
        await relation(
          keys[child],
          keys[parent],
          'guardianship',
          byKey.get(child)!.birthDate,
          'population_register',
        );
      }
    }
    await relation(keys.aune, keys.sari, 'mandate', shift(today, -200), 'mandate_register');
  });

  const api = new FamilyApi(app, options.tokenOf);
  const county = `/registers/${encodeURIComponent(COUNTY_REGISTER)}`;
  const ids = await store.transaction(
    async (tx) => {
      const out: Record<string, string> = {};
      for (const login of ['leena.laine', 'riikka.ahonen', SHELTER_WORKER]) {
        out[login] = (await getProfessionalByLogin(tx, login))!.id;
      }
      return out;
    },
    { readOnly: true },
  );

  // Clienthoods: the county's family services for the mother and the children, disability services
  // for the grandmother; the personal workers' contact details show in the portal.
  const clienthoods: Record<string, { setId: string; version: number }> = {};
  for (const [who, worker, task, unit] of [
    ['sari', 'leena.laine', TASK.families, UNITS.families],
    ['eetu', 'leena.laine', TASK.families, UNITS.families],
    ['oona', 'leena.laine', TASK.families, UNITS.families],
    ['aune', 'riikka.ahonen', TASK.disability, UNITS.disability],
  ] as const) {
    clienthoods[who] = await api.call(worker, 'POST', `${county}/clienthoods`, {
      clientKey: keys[who],
      started: shift(today, -240),
      serviceTask: task,
      serviceUnitOid: unit,
      personalWorkerId: ids[worker],
    });
  }
  const familyCase = await api.call<{ caseOid: string }>('leena.laine', 'POST', `${county}/cases`, {
    serviceTask: TASK.families,
    subject: { code: '1' },
    members: [keys.sari, keys.eetu, keys.oona],
    opened: shift(today, -230),
    serviceUnitOid: UNITS.families,
  });
  const shelterCase = await api.call<{ caseOid: string }>(SHELTER_WORKER, 'POST', `${county}/cases`, {
    serviceTask: TASK.families,
    subject: { code: '1' },
    members: [keys.sari, keys.eetu],
    opened: shift(today, -120),
    serviceUnitOid: SHELTER_UNIT,
  });

  let documents = 0;
  const store19005 = async (
    worker: string,
    who: FamilyMember['key'],
    clients: FamilyMember['key'][],
    text: string,
    date: string,
    omakanta: object,
    caseOid: string | undefined,
    task: string = TASK.families,
    unit: string = UNITS.families,
  ) => {
    const doc = await api.call<{ setId: string; version: number }>(worker, 'POST', `${county}/documents`, {
      metadata: {
        clients: clients.map((c) => keys[c]),
        serviceTask: task,
        documentType: '19005',
        documentDate: date,
        ...(caseOid ? { caseOid } : {}),
        serviceUnitOid: unit,
        omakanta,
      },
      content: narrative(
        byKey.get(who)!,
        worker === 'riikka.ahonen' ? 'Riikka Ahonen' : 'Leena Laine',
        text,
        task,
        codes,
      ),
    });
    documents++;
    return doc;
  };

  // The shelter home's initial assessment of the mother and Eetu. Marked shown to the guardian all
  // the same: its type alone keeps it out of OmaKanta for everyone, the other parent above all.
  const def1011 = structures.get('1011');
  if (!def1011) throw new Error('seed family: the shelter home structure 1011 is not built in');
  const shelterDate = shift(today, -118);
  const shelter = await api.call<{ setId: string }>(SHELTER_WORKER, 'POST', `${county}/documents`, {
    metadata: {
      clients: [keys.sari, keys.eetu],
      serviceTask: TASK.families,
      documentType: '1011',
      documentDate: shelterDate,
      caseOid: shelterCase.caseOid,
      serviceUnitOid: SHELTER_UNIT,
      omakanta: { shownToGuardian: true },
    },
    content: generateFullDocument(def1011, rng, {
      maxItems: 1,
      codeFor: (oid) => {
        const first = codes.codes(oid)[0];
        return first ? { code: first.code, display: first.names.fi } : undefined;
      },
    }),
  });
  documents++;

  const eetuMarked = await store19005(
    'leena.laine',
    'eetu',
    ['eetu'],
    'Eetu kertoi koulun alkaneen hyvin ja harrastavansa jalkapalloa.',
    shift(today, -60),
    { shownToGuardian: true },
    familyCase.caseOid,
  );
  const eetuUnmarked = await store19005(
    'leena.laine',
    'eetu',
    ['eetu'],
    'Eetun kanssa keskusteltiin kahden kesken.',
    shift(today, -40),
    {},
    familyCase.caseOid,
  );
  const eetuHidden = await store19005(
    'leena.laine',
    'eetu',
    ['eetu'],
    'Eetu toivoi, ettei keskustelusta kerrota vanhemmille.',
    shift(today, -30),
    {},
    familyCase.caseOid,
  );
  // Hidden from the guardians by the child's responsible worker: confirmed at once.
  await api.call('leena.laine', 'PUT', `/documents/${eetuHidden.setId}/visibility`, {
    version: eetuHidden.version,
    change: { kind: 'guardian', shown: false, reasonText: 'Lapsen oma toive; lapsen etu.' },
  });
  const sariShown = await store19005(
    'leena.laine',
    'sari',
    ['sari'],
    'Sarin kanssa sovittiin asumisen tuesta ja seuraavasta tapaamisesta.',
    shift(today, -20),
    {},
    familyCase.caseOid,
  );
  const delayedUntil = shift(today, 7);
  const sariDelayed = await store19005(
    'leena.laine',
    'sari',
    ['sari'],
    'Asiakkaalle kerrotaan selvityksen tuloksista tapaamisessa ennen kuin merkintä näkyy.',
    shift(today, -2),
    { delayUntil: delayedUntil, restrictionText: 'Kerrotaan ensin tapaamisessa.' },
    familyCase.caseOid,
  );
  const oonaMarked = await store19005(
    'leena.laine',
    'oona',
    ['oona'],
    'Oonan koulunkäynnin tuesta sovittiin yhdessä huoltajan kanssa.',
    shift(today, -50),
    { shownToGuardian: true },
    familyCase.caseOid,
  );
  const oonaOwn = await store19005(
    'leena.laine',
    'oona',
    ['oona'],
    'Oona kertoi omista toiveistaan.',
    shift(today, -15),
    {},
    familyCase.caseOid,
  );
  const auneShown = await store19005(
    'riikka.ahonen',
    'aune',
    ['aune'],
    'Kotihoidon käynneistä sovittiin tyttären läsnä ollessa.',
    shift(today, -25),
    {},
    undefined,
    TASK.disability,
    UNITS.disability,
  );
  // The children's clienthoods are shown to the guardians, so the portal names their worker.
  for (const child of ['eetu', 'oona'] as const) {
    await api.call('leena.laine', 'PUT', `/documents/${clienthoods[child]!.setId}/visibility`, {
      version: clienthoods[child]!.version,
      change: { kind: 'guardian', shown: true },
    });
  }

  // The mother reads as Eetu's guardian and flags an error in her own entry (demo logins only).
  const sari = await api.citizen(familyHetu(byKey.get('sari')!));
  if (sari) {
    const citizen = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
        headers: { authorization: `Bearer ${sari}` },
      });
    await citizen('GET', `/citizen/documents?as=${keys.eetu}`);
    const flag = await citizen('POST', `/citizen/documents/${sariShown.setId}/error-flags`, {
      description: 'Tapaamisen päivämäärä on väärä: tapasimme viikkoa myöhemmin.',
    });
    if (flag.statusCode !== 201)
      throw new Error(`seed family: error report failed: ${flag.statusCode} ${flag.body}`);
  }

  return {
    documents,
    keys,
    docs: {
      shelter: shelter.setId,
      eetuMarked: eetuMarked.setId,
      eetuUnmarked: eetuUnmarked.setId,
      eetuHidden: eetuHidden.setId,
      sariDelayed: sariDelayed.setId,
      sariShown: sariShown.setId,
      oonaMarked: oonaMarked.setId,
      oonaOwn: oonaOwn.setId,
      auneShown: auneShown.setId,
    },
    delayedUntil,
  };
}
