// The national-scale world of the data generator, as data: wellbeing counties with their service
// units and registers, one private producer per county, professionals sized to the client count,
// and clients drawn one by one. Everything follows from the seed and the client's index, so the
// same options give the same rows on every machine, whatever order batches are written in.
import { makeHetu, makeTemporaryId, organizationOid, parseBusinessId } from '@varanto/domain/identity';
import type { Role } from '@varanto/domain/records';
import {
  FAMILY_NAMES,
  GIVEN_NAMES_FEMALE,
  GIVEN_NAMES_MALE,
  MUNICIPALITIES,
  STREETS,
} from '../seed/names.ts';
import { intBetween, pick, type Rng, seededRng } from '../seed/random.ts';
import { TASK } from '../seed/world.ts';

export type TaskKey = keyof typeof TASK;
export const TASK_KEYS = Object.keys(TASK) as TaskKey[];

/** Share of clients whose clienthood opens in each service task. */
const TASK_WEIGHTS: readonly [TaskKey, number][] = [
  ['families', 0.35],
  ['childProtection', 0.15],
  ['disability', 0.25],
  ['substanceAbuse', 0.25],
];

/** Fictional wellbeing counties (hyvinvointialue); Finland has 21 and the city of Helsinki. */
const COUNTY_NAMES = [
  'Järvi-Suomen',
  'Pohjois-Rannikon',
  'Itä-Metsän',
  'Länsi-Saariston',
  'Keski-Harjun',
  'Etelä-Lahden',
  'Ylä-Joen',
  'Ala-Virran',
  'Koillis-Vaaran',
  'Lounais-Niemen',
  'Sisä-Kankaan',
  'Pohjois-Suon',
  'Etelä-Selän',
  'Itä-Rajan',
  'Länsi-Tasangon',
  'Keski-Kosken',
  'Ylä-Tunturin',
  'Ala-Laakson',
  'Rannikko-Pohjanmaan',
  'Sydän-Hämeen',
  'Kaakkois-Kallion',
] as const;

const UNIT_NAMES: Readonly<Record<TaskKey | 'archive', [string, string]>> = {
  families: ['Lapsiperheiden sosiaalityö', 'Socialt arbete för barnfamiljer'],
  childProtection: ['Lastensuojelun avohuolto', 'Barnskyddets öppenvård'],
  disability: ['Vammaispalvelut', 'Handikappservice'],
  substanceAbuse: ['Aikuissosiaalityö ja päihdepalvelut', 'Socialt arbete för vuxna och missbrukarvård'],
  archive: ['Asiakirjahallinto', 'Dokumentförvaltning'],
};

const UNIT_ARC: Readonly<Record<TaskKey | 'archive', number>> = {
  families: 1,
  childProtection: 2,
  disability: 3,
  substanceAbuse: 4,
  archive: 9,
};

export interface GenUnit {
  oid: string;
  organizationOid: string;
  nameFi: string;
  nameSv: string;
  municipality: string;
}

export interface GenOrganization {
  oid: string;
  businessId: string;
  name: string;
  kind: 'wellbeing_county' | 'private_provider';
  registerId: string;
  registerName: string;
  units: GenUnit[];
}

export interface GenCounty extends GenOrganization {
  index: number;
  /** The unit of each service task. */
  unitOf: Readonly<Record<TaskKey, string>>;
  /** Professionals who write documents, by service task. */
  workers: Readonly<Record<TaskKey, GenProfessional[]>>;
  producer: GenOrganization & { workers: GenProfessional[] };
}

export interface GenProfessional {
  id: string;
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

export interface GenWorld {
  seed: number;
  today: string;
  counties: GenCounty[];
  professionals: GenProfessional[];
}

/** Clients per county before another county is added (the largest real ones have ~700,000 inhabitants). */
const CLIENTS_PER_COUNTY = 25_000;
/** Clients one document-writing professional serves. */
const CLIENTS_PER_WORKER = 250;
/** Consecutive clients share a county, so a family (the first four of a block) lives in one. */
export const BLOCK = 40;
export const FAMILY_SIZE = 4;

/** A valid business ID (Y-tunnus) from seven digits: the check digit computed, remainder 1 skipped. */
export function businessIdFrom(n: number): string {
  for (let k = n; ; k++) {
    const digits = String(k).padStart(7, '0');
    const id = `${digits}-${checkDigitOf(digits)}`;
    if (parseBusinessId(id).ok) return id;
  }
}

function checkDigitOf(digits: string): number {
  const weights = [7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(digits[i]) * weights[i]!;
  const r = sum % 11;
  return r === 0 ? 0 : 11 - r;
}

function orgOidOf(businessId: string): string {
  const parsed = parseBusinessId(businessId);
  if (!parsed.ok) throw new Error(`business id ${businessId} is invalid`);
  return organizationOid(parsed.value);
}

/** A UUID whose last 48 bits carry `n` (unique by construction) and the rest comes from `rng`. */
export function uuidFrom(rng: Rng, n: number, mask: number): string {
  const hex = (v: number, len: number) => (v >>> 0).toString(16).padStart(8, '0').slice(-len);
  const a = Math.floor(rng() * 2 ** 32);
  const b = Math.floor(rng() * 2 ** 32);
  const c = Math.floor(rng() * 2 ** 32);
  const tail = (n ^ mask) % 2 ** 48;
  const tailHex = Math.abs(tail).toString(16).padStart(12, '0');
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-${(8 + (c & 3)).toString(16)}${hex(c >>> 4, 3)}-${tailHex}`;
}

/** Mixes the seed and an index into one 32-bit seed (murmur3's finalizer), for per-item streams. */
export function mix(seed: number, n: number, salt = 0): number {
  let h = (seed ^ Math.imul(n + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function professional(
  rng: Rng,
  id: number,
  seed: number,
  login: string,
  org: string,
  units: string[],
  role: Role,
  tasks: string[],
  title: string,
): GenProfessional {
  const female = rng() < 0.8;
  return {
    id: uuidFrom(rng, id, mix(seed, 7)),
    login,
    givenNames: pick(rng, female ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE),
    familyName: pick(rng, FAMILY_NAMES),
    ...(role !== 'office_worker' && role !== 'archivist'
      ? { registrationNumber: String(20_000_000 + id) }
      : {}),
    organizationOid: org,
    serviceUnitOids: units,
    role,
    serviceTasks: tasks,
    title,
  };
}

export function countyCount(clients: number): number {
  return Math.max(1, Math.min(COUNTY_NAMES.length, Math.ceil(clients / CLIENTS_PER_COUNTY)));
}

/** The county of client `i`: blocks of consecutive clients go round the counties. */
export function countyOfClient(i: number, counties: number): number {
  return Math.floor(i / BLOCK) % counties;
}

export function planWorld(opts: { clients: number; seed: number; today: string }): GenWorld {
  const rng = seededRng(mix(opts.seed, 0, 1));
  const n = countyCount(opts.clients);
  const counties: GenCounty[] = [];
  const professionals: GenProfessional[] = [];
  let pid = 1;
  for (let c = 0; c < n; c++) {
    const businessId = businessIdFrom(3_100_000 + c * 13);
    const oid = orgOidOf(businessId);
    const muni = MUNICIPALITIES[c % MUNICIPALITIES.length]!.code;
    const unit = (key: TaskKey | 'archive'): GenUnit => ({
      oid: `${oid}.10.${UNIT_ARC[key]}`,
      organizationOid: oid,
      nameFi: UNIT_NAMES[key][0],
      nameSv: UNIT_NAMES[key][1],
      municipality: muni,
    });
    const units = [...TASK_KEYS, 'archive' as const].map(unit);
    const unitOf = Object.fromEntries(TASK_KEYS.map((k) => [k, unit(k).oid])) as Record<TaskKey, string>;
    const clientsHere = Math.ceil(opts.clients / n);
    const workers = {} as Record<TaskKey, GenProfessional[]>;
    const cc = String(c + 1).padStart(2, '0');
    for (const [key, share] of TASK_WEIGHTS) {
      const count = Math.max(2, Math.ceil((clientsHere * share) / CLIENTS_PER_WORKER));
      workers[key] = [];
      for (let w = 0; w < count; w++) {
        // Most entries are written by social workers; instructors and nurses write the rest.
        const role: Role =
          w % 4 === 3 ? (key === 'disability' ? 'practical_nurse' : 'social_instructor') : 'social_worker';
        const title =
          role === 'social_worker'
            ? 'sosiaalityöntekijä'
            : role === 'practical_nurse'
              ? 'lähihoitaja'
              : 'sosiaaliohjaaja';
        const p = professional(
          rng,
          pid++,
          opts.seed,
          `k${cc}.${TASK[key]}.${w + 1}`,
          oid,
          [unitOf[key]],
          role,
          key === 'families' ? [TASK.families, TASK.childProtection] : [TASK[key]],
          title,
        );
        workers[key].push(p);
        professionals.push(p);
      }
    }
    professionals.push(
      professional(
        rng,
        pid++,
        opts.seed,
        `k${cc}.archive`,
        oid,
        [`${oid}.10.9`],
        'archivist',
        [],
        'arkistonhoitaja',
      ),
    );
    const pBusinessId = businessIdFrom(2_900_000 + c * 17);
    const pOid = orgOidOf(pBusinessId);
    const pUnit: GenUnit = {
      oid: `${pOid}.10.1`,
      organizationOid: pOid,
      nameFi: `Perhekoti ${pick(rng, FAMILY_NAMES)}`,
      nameSv: 'Familjehem',
      municipality: muni,
    };
    const pWorkers = [1, 2].map((w) =>
      professional(
        rng,
        pid++,
        opts.seed,
        `p${cc}.${w}`,
        pOid,
        [pUnit.oid],
        'social_worker',
        [TASK.families, TASK.childProtection],
        'sosiaalityöntekijä',
      ),
    );
    professionals.push(...pWorkers);
    const name = `${COUNTY_NAMES[c]} hyvinvointialue`;
    counties.push({
      index: c,
      oid,
      businessId,
      name,
      kind: 'wellbeing_county',
      registerId: `${oid}.1264.1`,
      registerName: 'Sosiaalihuollon asiakasrekisteri',
      units,
      unitOf,
      workers,
      producer: {
        oid: pOid,
        businessId: pBusinessId,
        name: `Hoivapolku ${c + 1} Oy`,
        kind: 'private_provider',
        registerId: `${pOid}.1264.1`,
        registerName: `Hoivapolku ${c + 1} Oy:n sosiaalihuollon asiakasrekisteri`,
        units: [pUnit],
        workers: pWorkers,
      },
    });
  }
  return { seed: opts.seed, today: opts.today, counties, professionals };
}

export function shiftDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface GenClient {
  index: number;
  clientKey: string;
  county: number;
  /** Henkilötunnus, or absent for a client known only by a temporary identifier. */
  hetu?: string;
  temporaryId?: { system: string; value: string };
  familyName: string;
  givenNames: string;
  birthDate: string;
  sex: 'male' | 'female';
  homeMunicipality: string;
  turvakielto: boolean;
  address: { street: string; postalCode: string; postOffice: string };
  task: TaskKey;
  worker: GenProfessional;
  started: string;
  /** Index of the first member of the client's family (a shared family case), if any. */
  family?: number;
  /** A second clienthood with the county's private producer, which writes some of the documents. */
  withProducer: boolean;
  documents: number;
}

/**
 * Draws clients in index order. Identity codes use individual numbers 900–999 (never a real
 * person's), unique per birth date, so the factory keeps per-date counters: clients must be
 * drawn in order (each batch after the previous one) for the codes to be the same every run.
 */
export class ClientFactory {
  private readonly used = new Map<string, number>();
  private familyName = '';
  private familyAddress: GenClient['address'] | undefined;
  private familyMunicipality = '';

  constructor(
    private readonly world: GenWorld,
    private readonly docsPerClient: number,
  ) {}

  /** The next free code slot on or after the birth date (another day when the date is full). */
  private slot(key: string, birthDate: string): { birthDate: string; n: number } {
    let date = birthDate;
    for (let tries = 0; tries < 3650; tries++) {
      const k = `${key}:${date}`;
      const n = this.used.get(k) ?? 0;
      if (n < 100) {
        this.used.set(k, n + 1);
        return { birthDate: date, n };
      }
      date = shiftDays(date, 1);
    }
    throw new Error('generate: the identity code space of the generator is exhausted');
  }

  client(i: number): GenClient {
    const { world } = this;
    const rng = seededRng(mix(world.seed, i, 2));
    const county = world.counties[countyOfClient(i, world.counties.length)]!;
    const inBlock = i % BLOCK;
    const family = inBlock < FAMILY_SIZE ? i - inBlock : undefined;
    let task: TaskKey;
    if (family !== undefined) task = 'families';
    else {
      let u = rng();
      task = 'substanceAbuse';
      for (const [k, w] of TASK_WEIGHTS) {
        if (u < w) {
          task = k;
          break;
        }
        u -= w;
      }
    }
    const sex: 'male' | 'female' =
      inBlock === 0 ? 'female' : inBlock === 1 ? 'male' : rng() < 0.5 ? 'female' : 'male';
    const todayYear = Number(world.today.slice(0, 4));
    // Ages: parents 28–50, children and child protection clients under 18, others adults.
    const age =
      family !== undefined
        ? inBlock < 2
          ? intBetween(rng, 28, 50)
          : intBetween(rng, 2, 16)
        : task === 'childProtection' || (task === 'families' && rng() < 0.5)
          ? intBetween(rng, 0, 17)
          : task === 'disability'
            ? intBetween(rng, 5, 90)
            : intBetween(rng, 18, 75);
    const drawn = `${todayYear - age}-${String(intBetween(rng, 1, 12)).padStart(2, '0')}-${String(intBetween(rng, 1, 28)).padStart(2, '0')}`;
    // Nobody is born after today: a date later this year is last year's.
    const wanted = drawn < world.today ? drawn : shiftDays(drawn, -365);
    // About one client in a hundred is known only by a temporary identifier (no henkilötunnus yet).
    const temporary = family === undefined && rng() < 0.01;
    const given = pick(rng, sex === 'female' ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE);
    if (inBlock === 0) {
      this.familyName = pick(rng, FAMILY_NAMES);
      const m = pick(rng, MUNICIPALITIES);
      this.familyMunicipality = m.code;
      this.familyAddress = {
        street: `${pick(rng, STREETS)} ${intBetween(rng, 1, 40)}`,
        postalCode: String(intBetween(rng, 100, 990) * 100).padStart(5, '0'),
        postOffice: m.name,
      };
    }
    const m = pick(rng, MUNICIPALITIES);
    const own = {
      familyName: pick(rng, FAMILY_NAMES),
      homeMunicipality: m.code,
      address: {
        street: `${pick(rng, STREETS)} ${intBetween(rng, 1, 40)}`,
        postalCode: String(intBetween(rng, 100, 990) * 100).padStart(5, '0'),
        postOffice: m.name,
      },
    };
    const startDays = intBetween(rng, 30, 3650);
    let started = shiftDays(world.today, -startDays);
    let hetu: string | undefined;
    let temporaryId: GenClient['temporaryId'];
    let birthDate: string;
    if (temporary) {
      const year = Number(started.slice(0, 4));
      const s = this.slot(`t${county.index}:${year}`, wanted);
      birthDate = s.birthDate;
      const t = makeTemporaryId(county.oid as Parameters<typeof makeTemporaryId>[0], year, birthDate, s.n);
      if (!t.ok) throw new Error(`generate: temporary id for ${birthDate}: ${t.error.message}`);
      temporaryId = { system: t.value.system, value: t.value.value };
    } else {
      const s = this.slot('h', wanted);
      birthDate = s.birthDate;
      const h = makeHetu({ birthDate, individualNumber: 900 + s.n });
      if (!h.ok) throw new Error(`generate: identity code for ${birthDate}: ${h.error.message}`);
      hetu = h.value.value;
    }
    // A clienthood cannot begin before the client was born (a child's may begin at birth).
    if (started <= birthDate) {
      started = shiftDays(birthDate, Math.max(1, Math.min(30, daysBetween(birthDate, world.today) - 1)));
    }
    // Heavy tail: most clients have a few documents, some have many (mean docsPerClient).
    const documents = Math.max(
      1,
      Math.min(50 * this.docsPerClient, Math.round(-Math.log(1 - rng()) * this.docsPerClient)),
    );
    const workers = county.workers[task];
    return {
      index: i,
      clientKey: uuidFrom(rng, i, mix(world.seed, 3)),
      county: county.index,
      ...(hetu !== undefined ? { hetu } : {}),
      ...(temporaryId !== undefined ? { temporaryId } : {}),
      familyName: family !== undefined ? this.familyName : own.familyName,
      givenNames: given,
      birthDate,
      sex,
      homeMunicipality: family !== undefined ? this.familyMunicipality : own.homeMunicipality,
      // Non-disclosure for personal safety (turvakielto) is rare but must never leak.
      turvakielto: family === undefined && i % 97 === 13,
      address: family !== undefined && this.familyAddress ? this.familyAddress : own.address,
      task,
      worker: family !== undefined ? workers[family % workers.length]! : workers[i % workers.length]!,
      // The family case opened within the last year or so; the children were born before it.
      started: family !== undefined ? shiftDays(world.today, -(100 + (family % 300))) : started,
      ...(family !== undefined ? { family } : {}),
      withProducer: family === undefined && task === 'families' && i % 30 === 7,
      documents: this.docsPerClient === 0 ? 0 : documents,
    };
  }
}
