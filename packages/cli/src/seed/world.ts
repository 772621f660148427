// The demo world, as data: one wellbeing county with service units, one private producer, eleven
// professionals across service tasks (the county's data protection officer among them), fifty
// clients (one family with a shared case). Pure and deterministic from the seed, so every machine
// gets the same world.
import { makeHetu, organizationOid, parseBusinessId } from '@varanto/domain/identity';
import type { Role } from '@varanto/domain/records';
import { FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, MUNICIPALITIES, STREETS } from './names.ts';
import { intBetween, pick, type Rng } from './random.ts';

function orgOid(businessId: string): string {
  const parsed = parseBusinessId(businessId);
  if (!parsed.ok) throw new Error(`demo business id ${businessId} is invalid`);
  return organizationOid(parsed.value);
}

export const COUNTY_OID = orgOid('3012345-8');
export const PRODUCER_OID = orgOid('2987654-0');

/** Service task codes used by the demo (the verified ones of 1.2.246.537.6.1221). */
export const TASK = {
  childProtection: '10',
  substanceAbuse: '15',
  disability: '20',
  families: '24',
} as const;

export const UNITS = {
  families: `${COUNTY_OID}.10.1`,
  childProtection: `${COUNTY_OID}.10.2`,
  disability: `${COUNTY_OID}.10.3`,
  adults: `${COUNTY_OID}.10.4`,
  archive: `${COUNTY_OID}.10.9`,
  producerHome: `${PRODUCER_OID}.10.1`,
} as const;

export const COUNTY_REGISTER = `${COUNTY_OID}.1264.1`;
export const PRODUCER_REGISTER = `${PRODUCER_OID}.1264.1`;

export interface DemoProfessional {
  login: string;
  givenNames: string;
  familyName: string;
  registrationNumber?: string;
  organizationOid: string;
  serviceUnitOids: string[];
  role: Role;
  serviceTasks: string[];
  title: string;
}

export const PROFESSIONALS: readonly DemoProfessional[] = [
  {
    login: 'leena.laine',
    givenNames: 'Leena',
    familyName: 'Laine',
    registrationNumber: '10000001',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.families],
    role: 'social_worker',
    serviceTasks: [TASK.families, TASK.childProtection],
    title: 'sosiaalityöntekijä',
  },
  {
    login: 'mikko.heikkinen',
    givenNames: 'Mikko',
    familyName: 'Heikkinen',
    registrationNumber: '10000002',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.childProtection],
    role: 'social_worker',
    serviceTasks: [TASK.childProtection],
    title: 'sosiaalityöntekijä',
  },
  {
    login: 'sanna.koskinen',
    givenNames: 'Sanna',
    familyName: 'Koskinen',
    registrationNumber: '10000003',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.families],
    role: 'social_instructor',
    serviceTasks: [TASK.families],
    title: 'sosiaaliohjaaja',
  },
  {
    login: 'pekka.salo',
    givenNames: 'Pekka',
    familyName: 'Salo',
    registrationNumber: '10000004',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.disability],
    role: 'practical_nurse',
    serviceTasks: [TASK.disability],
    title: 'lähihoitaja',
  },
  {
    login: 'riikka.ahonen',
    givenNames: 'Riikka',
    familyName: 'Ahonen',
    registrationNumber: '10000005',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.adults, UNITS.disability],
    role: 'social_worker',
    serviceTasks: [TASK.disability, TASK.substanceAbuse],
    title: 'sosiaalityöntekijä',
  },
  {
    login: 'tuula.niemi',
    givenNames: 'Tuula',
    familyName: 'Niemi',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.archive],
    role: 'archivist',
    serviceTasks: [],
    title: 'arkistonhoitaja',
  },
  {
    login: 'admin',
    givenNames: 'Antti',
    familyName: 'Ylläpitäjä',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.archive],
    role: 'admin',
    serviceTasks: [],
    title: 'pääkäyttäjä',
  },
  {
    login: 'sanna.suojanen',
    givenNames: 'Sanna',
    familyName: 'Suojanen',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.archive],
    role: 'data_protection_officer',
    serviceTasks: [],
    title: 'tietosuojavastaava',
  },
  {
    login: 'ville.jokinen',
    givenNames: 'Ville',
    familyName: 'Jokinen',
    organizationOid: COUNTY_OID,
    serviceUnitOids: [UNITS.families],
    role: 'office_worker',
    serviceTasks: [TASK.families],
    title: 'toimistosihteeri',
  },
  {
    login: 'elina.mattila',
    givenNames: 'Elina',
    familyName: 'Mattila',
    registrationNumber: '10000009',
    organizationOid: PRODUCER_OID,
    serviceUnitOids: [UNITS.producerHome],
    role: 'social_instructor',
    serviceTasks: [TASK.families],
    title: 'sosiaaliohjaaja',
  },
  {
    login: 'jari.lindholm',
    givenNames: 'Jari',
    familyName: 'Lindholm',
    registrationNumber: '10000010',
    organizationOid: PRODUCER_OID,
    serviceUnitOids: [UNITS.producerHome],
    role: 'social_worker',
    serviceTasks: [TASK.families, TASK.childProtection],
    title: 'sosiaalityöntekijä',
  },
];

export interface DemoClient {
  hetu: string;
  givenNames: string;
  familyName: string;
  birthDate: string;
  sex: 'male' | 'female';
  homeMunicipality: string;
  turvakielto: boolean;
  address: { street: string; postalCode: string; postOffice: string };
  /** The service task the client's clienthood opens with, and who works with the client. */
  serviceTask: string;
  worker: string;
  /** Index of the family the client belongs to (shared case), if any. */
  family?: number;
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Demo identity codes use individual numbers 900–999: never a real person's code. */
function demoHetu(birthDate: string, n: number): string {
  const made = makeHetu({ birthDate, individualNumber: 900 + (n % 100) });
  if (!made.ok) throw new Error(`no demo identity code for ${birthDate}`);
  return made.value.value;
}

export function demoClients(rng: Rng, count = 50): DemoClient[] {
  const clients: DemoClient[] = [];
  const muni = MUNICIPALITIES[0];
  // The family of the shared case: two parents and two children, one address.
  const familyName = 'Virtanen';
  const address = { street: 'Koivukuja 3 B 12', postalCode: '00920', postOffice: 'Helsinki' };
  const family: [string, 'male' | 'female', string][] = [
    ['Johanna', 'female', isoDate(1986, 4, 12)],
    ['Markku', 'male', isoDate(1984, 9, 30)],
    ['Aino', 'female', isoDate(2014, 2, 7)],
    ['Onni', 'male', isoDate(2017, 11, 21)],
  ];
  for (const [given, sex, birthDate] of family) {
    clients.push({
      hetu: demoHetu(birthDate, clients.length),
      givenNames: given,
      familyName,
      birthDate,
      sex,
      homeMunicipality: muni.code,
      turvakielto: false,
      address,
      serviceTask: TASK.families,
      worker: 'leena.laine',
      family: 0,
    });
  }
  const plans: [string, string][] = [
    [TASK.families, 'leena.laine'],
    [TASK.families, 'sanna.koskinen'],
    [TASK.childProtection, 'mikko.heikkinen'],
    [TASK.disability, 'riikka.ahonen'],
    [TASK.substanceAbuse, 'riikka.ahonen'],
  ];
  while (clients.length < count) {
    const sex = rng() < 0.5 ? 'female' : 'male';
    const [serviceTask, worker] = plans[clients.length % plans.length]!;
    const child = serviceTask === TASK.childProtection || (serviceTask === TASK.families && rng() < 0.5);
    const year = child ? intBetween(rng, 2009, 2022) : intBetween(rng, 1940, 2003);
    const birthDate = isoDate(year, intBetween(rng, 1, 12), intBetween(rng, 1, 28));
    const m = pick(rng, MUNICIPALITIES);
    clients.push({
      hetu: demoHetu(birthDate, clients.length),
      givenNames: pick(rng, sex === 'female' ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE),
      familyName: pick(rng, FAMILY_NAMES),
      birthDate,
      sex,
      homeMunicipality: m.code,
      // A few persons with non-disclosure for personal safety: their address must never leak.
      turvakielto: clients.length % 17 === 0,
      address: {
        street: `${pick(rng, STREETS)} ${intBetween(rng, 1, 40)}`,
        postalCode: String(intBetween(rng, 100, 990) * 100).padStart(5, '0'),
        postOffice: m.name,
      },
      serviceTask,
      worker,
    });
  }
  return clients;
}

/** Realistic Finnish narrative snippets for generated text fields. */
export const SENTENCES = [
  'Asiakas kertoi arjen sujuneen viime viikkoina aiempaa paremmin.',
  'Keskusteltiin perheen tilanteesta ja sovittiin seuraavasta tapaamisesta.',
  'Asiakas toivoo tukea asumiseen ja raha-asioiden hoitamiseen.',
  'Huoltaja osallistui tapaamiseen ja kertoi lapsen koulunkäynnin sujuvan.',
  'Palvelutarpeen arviointia jatketaan kotikäynnillä.',
  'Asiakkaan kanssa laadittiin tavoitteet seuraavalle kolmelle kuukaudelle.',
  'Asiakas ohjattiin talous- ja velkaneuvontaan.',
  'Perhetyöntekijä käy perheessä kerran viikossa.',
] as const;
