// Seeds the demo world. Reference data (organizations, units, registers, professionals and their
// rights, persons) goes straight to the store in one audited transaction: it is the bootstrap the
// admin API would otherwise need an admin for. Everything that is client work (clienthoods, cases,
// documents) goes through the public HTTP API as the professionals themselves, so the demo data is
// validated, rendered, access-checked and audited exactly like real work.
import { ACCESS_RULES, evaluate } from '@varanto/domain/access';
import type { CodeRegistry } from '@varanto/domain/codes';
import { builtinCodeRegistry } from '@varanto/domain/codes';
import {
  builtinStructures,
  generateFullDocument,
  type StructureDefinition,
} from '@varanto/domain/structures';
import {
  appendAudit,
  createOrganization,
  createPerson,
  createProfessional,
  createRegister,
  createServiceUnit,
  grantRight,
  listOrganizations,
  type Store,
} from '@varanto/store';
import type { FastifyInstance } from 'fastify';
import { seedFamily } from './family.ts';
import { pick, type Rng, seededRng } from './random.ts';
import {
  COUNTY_OID,
  COUNTY_REGISTER,
  type DemoClient,
  type DemoProfessional,
  demoClients,
  PRODUCER_OID,
  PRODUCER_REGISTER,
  PROFESSIONALS,
  SENTENCES,
  TASK,
  UNITS,
} from './world.ts';

/** The one password of the demo world's professionals (demo logins only). */
export const DEMO_PASSWORD = 'varanto-demo';

export async function isEmpty(store: Store): Promise<boolean> {
  return (await store.transaction((tx) => listOrganizations(tx), { readOnly: true })).length === 0;
}

export interface SeedOptions {
  seed?: number;
  clients?: number;
  documentsPerClient?: number;
  log?: (line: string) => void;
  /** Called after each client's records are written (a progress bar); else a log line per 10. */
  progress?: (clientsDone: number, clientsTotal: number, documents: number) => void;
  /** The date the demo world is "today" (ISO); documents fall in the two years before it. */
  today?: string;
}

export interface SeedResult {
  clients: number;
  documents: number;
  professionals: number;
}

/** Document types of the demo, by the service task they are written in. */
const TYPES_BY_TASK: Readonly<Record<string, readonly string[]>> = {
  [TASK.families]: ['19005', '19003', '19007', '19004', '19002', '1005', '11001', '15007', '15008', '16009'],
  [TASK.childProtection]: ['19005', '19004', '19009', '4009', '1005', '19007', '16009'],
  [TASK.disability]: ['19005', '19003', '19007', '1019', '16009', '19013'],
  [TASK.substanceAbuse]: ['19005', '19003', '19014', '1019', '4006', '16009'],
};

const ROLE_RULE = ACCESS_RULES.find((r) => r.name === 'role_regulation')!;

/**
 * Whether the shipped regulation lets the role store a client document of this type, decided by
 * the policy's own rule: a social instructor does not write decisions, so her clients' decisions
 * are left out of the demo instead of failing the seed.
 */
function mayStore(worker: DemoProfessional, type: string): boolean {
  const actor = {
    ...worker,
    kind: 'professional',
    professionalId: '',
    name: '',
    registrarOids: [],
    strongAuth: false,
  } as const;
  return evaluate(ROLE_RULE.predicate(actor, 'document.store', { today: '2000-01-01' }), {
    registrarOid: worker.organizationOid,
    serviceTask: worker.serviceTasks[0] ?? '',
    documentType: type,
    documentGroup: '5',
    organizationOid: worker.organizationOid,
    serviceUnitOid: worker.serviceUnitOids[0] ?? '',
    status: 'active',
  });
}

function shift(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function seedReferenceData(store: Store, today: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await store.transaction(async (tx) => {
    await createOrganization(tx, {
      oid: COUNTY_OID,
      name: 'Järvi-Suomen hyvinvointialue',
      kind: 'wellbeing_county',
      businessId: '3012345-8',
    });
    await createOrganization(tx, {
      oid: PRODUCER_OID,
      name: 'Hoivapolku Oy',
      kind: 'private_provider',
      businessId: '2987654-0',
    });
    const units: [string, string, string, string][] = [
      [UNITS.families, COUNTY_OID, 'Lapsiperheiden sosiaalityö', 'Socialt arbete för barnfamiljer'],
      [UNITS.childProtection, COUNTY_OID, 'Lastensuojelun avohuolto', 'Barnskyddets öppenvård'],
      [UNITS.disability, COUNTY_OID, 'Vammaispalvelut', 'Handikappservice'],
      [UNITS.adults, COUNTY_OID, 'Aikuissosiaalityö', 'Socialt arbete för vuxna'],
      [UNITS.archive, COUNTY_OID, 'Asiakirjahallinto', 'Dokumentförvaltning'],
      [UNITS.producerHome, PRODUCER_OID, 'Perhekoti Kuusela', 'Familjehemmet Kuusela'],
    ];
    for (const [oid, organizationOid, nameFi, nameSv] of units) {
      await createServiceUnit(tx, { oid, organizationOid, nameFi, nameSv, municipality: '091' });
    }
    await createRegister(tx, {
      id: COUNTY_REGISTER,
      registrarOid: COUNTY_OID,
      registerType: '1',
      name: 'Sosiaalihuollon asiakasrekisteri',
    });
    await createRegister(tx, {
      id: PRODUCER_REGISTER,
      registrarOid: PRODUCER_OID,
      registerType: '1',
      name: 'Hoivapolku Oy:n sosiaalihuollon asiakasrekisteri',
    });
    for (const p of PROFESSIONALS) {
      const created = await createProfessional(tx, {
        login: p.login,
        givenNames: p.givenNames,
        familyName: p.familyName,
        ...(p.registrationNumber ? { registrationNumber: p.registrationNumber } : {}),
      });
      ids.set(p.login, created.id);
      await grantRight(tx, {
        professionalId: created.id,
        organizationOid: p.organizationOid,
        serviceUnitOids: p.serviceUnitOids,
        role: p.role,
        serviceTasks: p.serviceTasks,
        validFrom: shift(today, -3 * 365),
        grantedBy: 'seed',
        reason: `demo world: ${p.title}`,
      });
    }
    await appendAudit(tx, {
      actor: { kind: 'system', name: 'seed' },
      action: 'seed.reference_data',
      outcome: 'allowed',
    });
  });
  return ids;
}

export async function seedPersons(store: Store, clients: readonly DemoClient[]): Promise<string[]> {
  return await store.transaction(async (tx) => {
    const keys: string[] = [];
    for (const c of clients) {
      const person = await createPerson(
        tx,
        {
          hetu: c.hetu,
          familyName: c.familyName,
          givenNames: c.givenNames,
          birthDate: c.birthDate,
          sex: c.sex,
          homeMunicipality: c.homeMunicipality,
          turvakielto: c.turvakielto,
          address: c.address,
        },
        'seed',
      );
      keys.push(person.clientKey);
      await appendAudit(tx, {
        actor: { kind: 'system', name: 'seed' },
        action: 'person.create',
        clientKey: person.clientKey,
        outcome: 'allowed',
      });
    }
    return keys;
  });
}

class Api {
  private readonly tokens = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  async as(login: string): Promise<string> {
    const known = this.tokens.get(login);
    if (known) return known;
    const r = await this.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { login, password: DEMO_PASSWORD, method: 'password' },
    });
    if (r.statusCode !== 200) throw new Error(`seed: login of ${login} failed: ${r.statusCode} ${r.body}`);
    const token = (r.json() as { token: string }).token;
    this.tokens.set(login, token);
    return token;
  }

  async post<T>(login: string, url: string, payload: unknown): Promise<T> {
    const r = await this.app.inject({
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      headers: { authorization: `Bearer ${await this.as(login)}` },
    });
    if (r.statusCode >= 300)
      throw new Error(`seed: POST ${url} as ${login} failed: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  }

  async get<T>(login: string, url: string): Promise<T> {
    const r = await this.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${await this.as(login)}` },
    });
    if (r.statusCode !== 200)
      throw new Error(`seed: GET ${url} as ${login} failed: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  }
}

/** Who looks into the demo log: the workers themselves, and two patterns the misuse reports show. */
export const LOG_PATTERNS = {
  /** A practical nurse who opens clients he has no work with (report: clients without relation). */
  browser: 'pekka.salo',
  browsedClients: 24,
  /** A colleague who looks up one child of the family again and again (report: repeated lookups). */
  curious: 'sanna.koskinen',
  curiousLookups: 6,
} as const;

/**
 * Reading, for the access log and the misuse reports: every worker looks their own clients up
 * twice (they also record for them), the browser opens clients whose worker is in none of his
 * units, and the curious colleague looks up the family's first child. Lookups of a person need no
 * strong login, so this runs with the seed's password logins.
 */
async function seedLogActivity(
  api: Api,
  clients: readonly DemoClient[],
  keys: readonly string[],
  byLogin: ReadonlyMap<string, (typeof PROFESSIONALS)[number]>,
): Promise<void> {
  for (const [i, c] of clients.entries()) {
    for (let n = 0; n < 2; n++) await api.get(c.worker, `/persons/${keys[i]}`);
  }
  const browser = byLogin.get(LOG_PATTERNS.browser)!;
  const unrelated = clients
    .flatMap((c, i) =>
      c.worker !== browser.login &&
      !browser.serviceUnitOids.includes(byLogin.get(c.worker)!.serviceUnitOids[0]!)
        ? [keys[i]!]
        : [],
    )
    .slice(0, LOG_PATTERNS.browsedClients);
  for (const key of unrelated) await api.get(browser.login, `/persons/${key}`);
  const child = clients.findIndex((c) => c.family === 0 && c.birthDate > '2010-01-01');
  if (child >= 0) {
    for (let n = 0; n < LOG_PATTERNS.curiousLookups; n++) {
      await api.get(LOG_PATTERNS.curious, `/persons/${keys[child]}`);
    }
  }
}

/** A document of a structure with the client's and author's own facts filled in. */
export function demoContent(
  def: StructureDefinition,
  rng: Rng,
  codes: CodeRegistry,
  facts: {
    client: DemoClient;
    author: { givenNames: string; familyName: string };
    serviceTask: string;
    date: string;
  },
): unknown {
  const doc = generateFullDocument(def, rng, {
    maxItems: 1,
    codeFor: (oid) => {
      if (oid === '1.2.246.537.6.1221')
        return {
          code: facts.serviceTask,
          display: codes.display(oid, facts.serviceTask, 'fi') ?? facts.serviceTask,
        };
      const first = codes.codes(oid)[0];
      return first ? { code: first.code, display: first.names.fi } : undefined;
    },
  });
  const person = (key: string, v: Record<string, unknown>): void => {
    if (key === 'asiakas' || key === 'lapsi') {
      if ('sukunimi' in v) v.sukunimi = facts.client.familyName;
      if ('etunimet' in v) v.etunimet = facts.client.givenNames;
      if ('henkilotunnus' in v) v.henkilotunnus = { system: 'urn:oid:1.2.246.21', value: facts.client.hetu };
      delete v.tilapainen_yksilointitunnus;
    } else if (key === 'laatija') {
      if ('sukunimi' in v) v.sukunimi = facts.author.familyName;
      if ('etunimet' in v) v.etunimet = facts.author.givenNames;
    }
  };
  const walk = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((x) => walk(x, key));
    if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      for (const [k, v] of Object.entries(obj)) obj[k] = walk(v, k);
      person(key, obj);
      return obj;
    }
    if (typeof node === 'string') {
      if (key === 'paivamaara' || key.endsWith('paivamaara')) return /^\d{4}/.test(node) ? facts.date : node;
      // Generated prose is replaced by real sentences; codes, dates, identifiers and phrases keep their form.
      if (/^[A-ZÅÄÖ].*[.!?]$/.test(node) && node.includes(' ') && !/^\d/.test(node))
        return pick(rng, SENTENCES);
    }
    return node;
  };
  return walk(doc, def.rootKey);
}

export async function seedDemoWorld(
  app: FastifyInstance,
  store: Store,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const rng = seededRng(options.seed ?? 20261122);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const log = options.log ?? (() => {});
  const codes = builtinCodeRegistry();
  const structures = new Map(builtinStructures().map((d) => [d.typeCode, d]));
  const ids = await seedReferenceData(store, today);
  const clients = demoClients(rng, options.clients ?? 50);
  const keys = await seedPersons(store, clients);
  const api = new Api(app);
  const perClient = options.documentsPerClient ?? 10;
  const byLogin = new Map(PROFESSIONALS.map((p) => [p.login, p]));

  // Clienthoods, each opened by the client's worker, who is also the personal worker.
  for (const [i, c] of clients.entries()) {
    const worker = byLogin.get(c.worker)!;
    await api.post(c.worker, `/registers/${encodeURIComponent(COUNTY_REGISTER)}/clienthoods`, {
      clientKey: keys[i]!,
      started: shift(today, -700 + i),
      serviceTask: c.serviceTask,
      serviceUnitOid: worker.serviceUnitOids[0]!,
      personalWorkerId: ids.get(c.worker)!,
    });
  }

  // Cases: the family shares one; everyone else has an own case in their service task.
  const caseOf = new Map<number, string>();
  const family = clients.map((c, i) => (c.family === 0 ? i : -1)).filter((i) => i >= 0);
  const familyCase = await api.post<{ caseOid: string }>(
    'leena.laine',
    `/registers/${encodeURIComponent(COUNTY_REGISTER)}/cases`,
    {
      serviceTask: TASK.families,
      subject: { code: '1' },
      members: family.map((i) => keys[i]!),
      opened: shift(today, -650),
    },
  );
  for (const i of family) caseOf.set(i, familyCase.caseOid);
  for (const [i, c] of clients.entries()) {
    if (c.family !== undefined) continue;
    const opened = await api.post<{ caseOid: string }>(
      c.worker,
      `/registers/${encodeURIComponent(COUNTY_REGISTER)}/cases`,
      {
        serviceTask: c.serviceTask,
        subject: { code: '1' },
        members: [keys[i]!],
        opened: shift(today, -690 + i),
      },
    );
    caseOf.set(i, opened.caseOid);
  }

  let documents = 0;
  for (const [i, c] of clients.entries()) {
    const worker = byLogin.get(c.worker)!;
    const types = (TYPES_BY_TASK[c.serviceTask] ?? ['19005']).filter((t) => mayStore(worker, t));
    for (let n = 0; n < perClient; n++) {
      const type = types[n % types.length]!;
      const def = structures.get(type);
      if (!def) throw new Error(`seed: no built-in structure ${type}`);
      const date = shift(today, -640 + i + Math.floor((n * 600) / perClient));
      const family = c.family !== undefined && type.startsWith('19');
      await api.post(c.worker, `/registers/${encodeURIComponent(COUNTY_REGISTER)}/documents`, {
        metadata: {
          // Narrative entries of the family's shared case concern every member.
          clients: family
            ? [
                ...new Set([
                  keys[i]!,
                  ...clients.flatMap((x, j) => (x.family === 0 && j !== i ? [keys[j]!] : [])),
                ]),
              ]
            : [keys[i]!],
          serviceTask: c.serviceTask,
          documentType: type,
          structureOid: def.oid,
          documentDate: date,
          caseOid: caseOf.get(i)!,
          serviceUnitOid: worker.serviceUnitOids[0]!,
        },
        content: demoContent(def, rng, codes, {
          client: c,
          author: worker,
          serviceTask: c.serviceTask,
          date,
        }),
      });
      documents++;
    }
    if (options.progress) options.progress(i + 1, clients.length, documents);
    else if ((i + 1) % 10 === 0) log(`  ${i + 1}/${clients.length} clients, ${documents} documents`);
  }
  documents += await seedUsageRights(api, clients, keys, caseOf, structures, codes, rng, today);
  documents += (await seedFamily(app, store, { today, tokenOf: (login) => api.as(login) })).documents;
  await seedLogActivity(api, clients, keys, byLogin);
  return { clients: clients.length, documents, professionals: PROFESSIONALS.length };
}

/**
 * Register usage rights: the county has bought family home care (ammatillinen perhehoito) from
 * Hoivapolku Oy for the family's younger child and one other child of the family services; the
 * right of a third client ended last month. The producer's social instructor has recorded the
 * service start and a meeting into the county's register; its notices wait unacknowledged, so the
 * producer's logins see both the clients (GET /usage-rights) and the organizer's information.
 */
async function seedUsageRights(
  api: Api,
  clients: readonly DemoClient[],
  keys: readonly string[],
  caseOf: ReadonlyMap<number, string>,
  structures: ReadonlyMap<string, StructureDefinition>,
  codes: CodeRegistry,
  rng: Rng,
  today: string,
): Promise<number> {
  const county = `/registers/${encodeURIComponent(COUNTY_REGISTER)}`;
  const inFamilies = clients.flatMap((c, i) => (c.serviceTask === TASK.families ? [i] : []));
  const youngest = clients.findIndex((c) => c.family === 0 && c.givenNames === 'Onni');
  const others = inFamilies.filter((i) => clients[i]!.family === undefined);
  const active = [youngest, others[0]].filter((i): i is number => i !== undefined && i >= 0);
  const ended = others[1];
  const rights: [number, string, string | undefined][] = [
    ...active.map((i): [number, string, string | undefined] => [i, shift(today, -60), undefined]),
    ...(ended !== undefined
      ? [[ended, shift(today, -200), shift(today, -30)] as [number, string, string]]
      : []),
  ];
  for (const [i, start, end] of rights) {
    await api.post(clients[i]!.worker, `${county}/clienthoods/${keys[i]}/usage-rights`, {
      serviceTask: TASK.families,
      serviceUnitOid: UNITS.producerHome,
      socialServices: ['2'],
      start,
      ...(end !== undefined ? { end } : {}),
      caseOid: caseOf.get(i)!,
    });
  }
  let stored = 0;
  const producer = PROFESSIONALS.find((p) => p.login === 'elina.mattila')!;
  for (const i of active) {
    for (const [type, days] of [
      ['19002', -55],
      ['19005', -20],
    ] as const) {
      const def = structures.get(type);
      if (!def) throw new Error(`seed: no built-in structure ${type}`);
      const date = shift(today, days);
      await api.post(producer.login, `${county}/documents`, {
        metadata: {
          clients: [keys[i]!],
          serviceTask: TASK.families,
          socialService: '2',
          documentType: type,
          structureOid: def.oid,
          documentDate: date,
          caseOid: caseOf.get(i)!,
          serviceUnitOid: UNITS.producerHome,
        },
        content: demoContent(def, rng, codes, {
          client: clients[i]!,
          author: producer,
          serviceTask: TASK.families,
          date,
        }),
      });
      stored++;
    }
  }
  return stored;
}

export function demoLogins(): { login: string; name: string; role: string; organization: string }[] {
  return PROFESSIONALS.map((p) => ({
    login: p.login,
    name: `${p.givenNames} ${p.familyName}`,
    role: p.title,
    organization: p.organizationOid === COUNTY_OID ? 'Järvi-Suomen hyvinvointialue' : 'Hoivapolku Oy',
  }));
}
