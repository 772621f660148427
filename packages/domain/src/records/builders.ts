// Builders of the two record documents whose content the system writes itself: the clienthood
// document (asiakkuusasiakirja, structure 1505.1) and the case document (asia-asiakirja, 1505.2).
//
// A professional does not type these documents; they follow from actions (open a clienthood, add
// a service task, a family member joins a case). So the API speaks in facts, and these functions
// turn facts into the national JSON and back. The stored content is the truth: the next version
// is `build(transition(parse(current)))`, and properties of the structure that the facts do not
// model travel unchanged from version to version instead of being silently dropped.
//
// Every transition is pure and returns a refusal with a rule name instead of throwing, so the
// HTTP layer can answer 409/422 and the audit log can name the rule.

/** A code with its display text, as the caller looked it up in the code registry. */
export interface Coding {
  readonly code: string;
  readonly display: string;
}

/** A service unit or organization of the SOTE organization register. */
export interface UnitRef {
  readonly oid: string;
  readonly name: string;
}

/** How the client is identified in the document: personal identity code or temporary identifier. */
export type PersonIdentifier =
  | { readonly kind: 'hetu'; readonly value: string }
  | { readonly kind: 'temporary'; readonly system: string; readonly value: string };

export interface ClientPerson {
  readonly familyName: string;
  readonly givenNames: string;
  readonly identifier: PersonIdentifier;
  /** ISO date; recorded for clients known by a temporary identifier. */
  readonly birthDate?: string;
  /**
   * Non-disclosure for personal safety; the clienthood document must always state it. The case
   * document does not carry it, so a person read back from a case document has it false.
   */
  readonly turvakielto: boolean;
}

export type BuildRefusal = { readonly ok: false; readonly rule: BuildRule; readonly reason: string };
export type BuildResult<T> = { readonly ok: true; readonly value: T } | BuildRefusal;

export type BuildRule =
  | 'clienthood_ended'
  | 'service_task_open'
  | 'service_task_not_open'
  | 'end_before_start'
  | 'end_before_member_joined'
  | 'case_closed'
  | 'already_member'
  | 'not_member'
  | 'last_member'
  | 'no_members'
  | 'not_a_record_document'
  | 'clienthood_not_started'
  | 'usage_right_open'
  | 'usage_right_not_found'
  | 'producer_not_found'
  | 'not_case_member_on_date';

const ok = <T>(value: T): BuildResult<T> => ({ ok: true, value });
const refuse = (rule: BuildRule, reason: string): BuildRefusal => ({ ok: false, rule, reason });

// --- Code systems the two structures use -------------------------------------------------------

export const CODE_SYSTEMS = {
  serviceTask: '1.2.246.537.6.1221',
  socialService: '1.2.246.537.6.1222',
  caseName: '1.2.246.537.6.1265',
  caseState: '1.2.246.537.6.1501',
  organizationRegister: '1.2.246.537.6.202',
  hetu: '1.2.246.21',
} as const;

export const CLIENTHOOD_ROOT_KEY = 'asiakkuusasiakirja';
export const CASE_ROOT_KEY = 'asia_asiakirja';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function coded(system: string, c: Coding): Obj {
  return { system: `urn:oid:${system}`, code: c.code, display: c.display };
}

function unitCode(u: UnitRef): Obj {
  return coded(CODE_SYSTEMS.organizationRegister, { code: u.oid, display: u.name });
}

function readCoding(v: unknown): Coding | undefined {
  if (!isObj(v)) return undefined;
  const code = str(v.code);
  if (code === undefined) return undefined;
  return { code, display: str(v.display) ?? '' };
}

function readUnit(v: unknown): UnitRef | undefined {
  const c = readCoding(v);
  return c ? { oid: c.code, name: c.display } : undefined;
}

/** Everything in `o` except `keys`: what the facts do not model and must carry over. */
function rest(o: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

function sameIdentifier(a: PersonIdentifier, b: PersonIdentifier): boolean {
  if (a.kind === 'hetu' && b.kind === 'hetu') return a.value === b.value;
  if (a.kind === 'temporary' && b.kind === 'temporary') return a.system === b.system && a.value === b.value;
  return false;
}

const PERSON_KEYS = [
  'sukunimi',
  'etunimet',
  'henkilotunnus',
  'tilapainen_yksilointitunnus',
  'syntymaaika',
  'turvakielto',
] as const;

function personFields(p: ClientPerson, withTurvakielto: boolean): Obj {
  const o: Obj = { sukunimi: p.familyName, etunimet: p.givenNames };
  if (p.identifier.kind === 'hetu') {
    o.henkilotunnus = { system: CODE_SYSTEMS.hetu, value: p.identifier.value };
  } else {
    o.tilapainen_yksilointitunnus = { system: p.identifier.system, value: p.identifier.value };
  }
  if (p.birthDate !== undefined) o.syntymaaika = p.birthDate;
  if (withTurvakielto) o.turvakielto = p.turvakielto;
  return o;
}

function readPerson(v: unknown): ClientPerson | undefined {
  if (!isObj(v)) return undefined;
  const familyName = str(v.sukunimi);
  const givenNames = str(v.etunimet);
  if (familyName === undefined || givenNames === undefined) return undefined;
  let identifier: PersonIdentifier | undefined;
  const hetu = isObj(v.henkilotunnus) ? str(v.henkilotunnus.value) : undefined;
  if (hetu !== undefined) identifier = { kind: 'hetu', value: hetu };
  else if (isObj(v.tilapainen_yksilointitunnus)) {
    const value = str(v.tilapainen_yksilointitunnus.value);
    const system = str(v.tilapainen_yksilointitunnus.system);
    if (value !== undefined && system !== undefined) identifier = { kind: 'temporary', system, value };
  }
  if (!identifier) return undefined;
  const birthDate = str(v.syntymaaika);
  return {
    familyName,
    givenNames,
    identifier,
    ...(birthDate !== undefined ? { birthDate } : {}),
    turvakielto: v.turvakielto === true,
  };
}

// --- Clienthood (asiakkuus) ---------------------------------------------------------------------

/** One period in which the organizer's service unit served the client in a service task. */
export interface ServiceTaskPeriod {
  readonly unit: UnitRef;
  readonly start: string;
  readonly end?: string;
}

/**
 * A producer's (palveluntuottaja) or the producer's subcontractor's (palveluntoteuttaja) service
 * unit recorded by the organizer for a service task: the service unit clienthood that *is* the
 * register usage right, from `start` to `end` (both inclusive).
 */
export interface ProducerUnitPeriod {
  readonly unit: UnitRef;
  /** Social services (1.2.246.537.6.1222) the unit gives the client. */
  readonly socialServices: readonly Coding[];
  readonly start: string;
  readonly end?: string;
  /** Properties of the entry these facts do not model (contacts, contact persons). */
  readonly other?: Readonly<Obj>;
}

export interface ProducerEntry extends ProducerUnitPeriod {
  /** Subcontractors' units that actually deliver the service (palveluntoteuttaja). */
  readonly implementers?: readonly ProducerUnitPeriod[];
}

export interface ClienthoodTask {
  readonly task: Coding;
  /** In order; only the last may be open (no end). A task ended and reopened has two periods. */
  readonly periods: readonly ServiceTaskPeriod[];
  /** Producers' units with register usage rights in this task, in the order recorded. */
  readonly producers?: readonly ProducerEntry[];
  /** Properties of the task entry these facts do not model. */
  readonly other?: Readonly<Obj>;
}

/** The personal worker (omatyöntekijä), "palveluista vastaava työntekijä" in the structure. */
export interface PersonalWorker {
  readonly familyName: string;
  readonly givenNames: string;
  readonly unit?: UnitRef;
  /** Professional registration number (rekisteröintinumero), when the worker has one. */
  readonly registrationNumber?: string;
}

export interface ClienthoodFacts {
  readonly clienthoodOid: string;
  readonly client: ClientPerson;
  readonly started: string;
  readonly ended?: string;
  readonly organizerUnit?: UnitRef;
  readonly serviceTasks: readonly ClienthoodTask[];
  readonly personalWorker?: PersonalWorker;
  /** Client properties of the structure these facts do not model (contact details, languages...). */
  readonly clientOther: Readonly<Obj>;
  /** Root properties of the structure these facts do not model (risks, related persons...). */
  readonly other: Readonly<Obj>;
}

export interface OpenClienthoodInput {
  readonly clienthoodOid: string;
  readonly client: ClientPerson;
  readonly started: string;
  readonly organizerUnit: UnitRef;
  readonly serviceTask?: { readonly task: Coding; readonly unit: UnitRef };
  readonly personalWorker?: PersonalWorker;
}

export function openClienthood(input: OpenClienthoodInput): ClienthoodFacts {
  return {
    clienthoodOid: input.clienthoodOid,
    client: input.client,
    started: input.started,
    organizerUnit: input.organizerUnit,
    serviceTasks: input.serviceTask
      ? [{ task: input.serviceTask.task, periods: [{ unit: input.serviceTask.unit, start: input.started }] }]
      : [],
    ...(input.personalWorker ? { personalWorker: input.personalWorker } : {}),
    clientOther: {},
    other: {},
  };
}

function isOpenTask(t: ClienthoodTask): boolean {
  const last = t.periods.at(-1);
  return last !== undefined && last.end === undefined;
}

/** Service task codes open on the clienthood: what the access policy reads as the client's tasks. */
export function openServiceTasks(f: ClienthoodFacts): string[] {
  return f.serviceTasks.filter(isOpenTask).map((t) => t.task.code);
}

export function addServiceTask(
  f: ClienthoodFacts,
  task: Coding,
  unit: UnitRef,
  start: string,
): BuildResult<ClienthoodFacts> {
  if (f.ended !== undefined) return refuse('clienthood_ended', 'the clienthood has ended');
  if (start < f.started) {
    return refuse('end_before_start', 'a service task cannot start before the clienthood started');
  }
  const existing = f.serviceTasks.find((t) => t.task.code === task.code);
  if (existing && isOpenTask(existing)) {
    return refuse('service_task_open', `service task ${task.code} is already open for the client`);
  }
  const last = existing?.periods.at(-1);
  if (last?.end !== undefined && start < last.end) {
    return refuse('end_before_start', 'a reopened service task cannot start before its previous end');
  }
  const serviceTasks = existing
    ? f.serviceTasks.map((t) => (t === existing ? { task, periods: [...t.periods, { unit, start }] } : t))
    : [...f.serviceTasks, { task, periods: [{ unit, start }] }];
  return ok({ ...f, serviceTasks });
}

export function endServiceTask(
  f: ClienthoodFacts,
  taskCode: string,
  end: string,
): BuildResult<ClienthoodFacts> {
  const existing = f.serviceTasks.find((t) => t.task.code === taskCode);
  if (!existing || !isOpenTask(existing)) {
    return refuse('service_task_not_open', `service task ${taskCode} is not open for the client`);
  }
  const last = existing.periods.at(-1)!;
  if (end < last.start) return refuse('end_before_start', 'a service task cannot end before it started');
  const periods = [...existing.periods.slice(0, -1), { ...last, end }];
  return ok({ ...f, serviceTasks: f.serviceTasks.map((t) => (t === existing ? { ...t, periods } : t)) });
}

/** Names (or, with undefined, removes) the personal worker. */
export function setPersonalWorker(
  f: ClienthoodFacts,
  worker: PersonalWorker | undefined,
): BuildResult<ClienthoodFacts> {
  if (f.ended !== undefined) return refuse('clienthood_ended', 'the clienthood has ended');
  const { personalWorker: _old, ...restOf } = f;
  return ok(worker ? { ...restOf, personalWorker: worker } : restOf);
}

/**
 * Ends the clienthood (asiakkuuden päättyminen): every open service task period ends with it, and
 * so does every register usage right the organizer left without an end date. A right the organizer
 * already gave a later end keeps it: that time was left for the producer to finish its documents.
 */
export function endClienthood(
  f: ClienthoodFacts,
  ended: string,
  reason?: string,
): BuildResult<ClienthoodFacts> {
  if (f.ended !== undefined) return refuse('clienthood_ended', 'the clienthood has already ended');
  if (ended < f.started) return refuse('end_before_start', 'a clienthood cannot end before it started');
  for (const t of f.serviceTasks) {
    const last = t.periods.at(-1);
    if (last && last.end === undefined && ended < last.start) {
      return refuse('end_before_start', `service task ${t.task.code} started after the given end`);
    }
  }
  const endOpen = <P extends { start: string; end?: string }>(p: P): P =>
    p.end === undefined ? { ...p, end: ended < p.start ? p.start : ended } : p;
  const serviceTasks = f.serviceTasks.map((t) => ({
    ...t,
    periods: t.periods.map(endOpen),
    ...(t.producers
      ? {
          producers: t.producers.map((p) => ({
            ...endOpen(p),
            ...(p.implementers ? { implementers: p.implementers.map(endOpen) } : {}),
          })),
        }
      : {}),
  }));
  const other = { ...f.other };
  const ch = isObj(other.sosiaalihuollon_asiakkuus) ? { ...other.sosiaalihuollon_asiakkuus } : {};
  if (reason !== undefined && reason.trim() !== '') ch.asiakkuuden_paattymisen_perustelu = reason.trim();
  if (Object.keys(ch).length > 0) other.sosiaalihuollon_asiakkuus = ch;
  return ok({ ...f, ended, serviceTasks, other });
}

export interface UsageRightInput {
  /** The producer's (or, with `underProducerUnitOid`, the subcontractor's) service unit. */
  readonly unit: UnitRef;
  readonly socialServices: readonly Coding[];
  readonly start: string;
  readonly end?: string;
  /** Records the unit as a subcontractor (palveluntoteuttaja) under this producer unit. */
  readonly underProducerUnitOid?: string;
}

function overlaps(a: { start: string; end?: string }, b: { start: string; end?: string }): boolean {
  return (a.end === undefined || a.end >= b.start) && (b.end === undefined || b.end >= a.start);
}

/** Every unit period of a task's producers, subcontractors included. */
function unitPeriods(t: ClienthoodTask): ProducerUnitPeriod[] {
  return (t.producers ?? []).flatMap((p) => [p, ...(p.implementers ?? [])]);
}

/**
 * Opens a register usage right: the organizer records the producer's (or its subcontractor's)
 * service unit with a start date, and perhaps an end date, for a service task open on the
 * clienthood. The start may lie ahead of the service so that the producer can prepare.
 */
export function openUsageRight(
  f: ClienthoodFacts,
  taskCode: string,
  input: UsageRightInput,
): BuildResult<ClienthoodFacts> {
  if (f.ended !== undefined) return refuse('clienthood_ended', 'the clienthood has ended');
  const task = f.serviceTasks.find((t) => t.task.code === taskCode);
  if (!task || !isOpenTask(task)) {
    return refuse('service_task_not_open', `service task ${taskCode} is not open for the client`);
  }
  if (input.start < f.started) {
    return refuse('clienthood_not_started', 'a register usage right cannot start before the clienthood');
  }
  if (input.end !== undefined && input.end < input.start) {
    return refuse('end_before_start', 'a register usage right cannot end before it starts');
  }
  const period: ProducerUnitPeriod = {
    unit: input.unit,
    socialServices: input.socialServices,
    start: input.start,
    ...(input.end !== undefined ? { end: input.end } : {}),
  };
  if (unitPeriods(task).some((p) => p.unit.oid === input.unit.oid && overlaps(p, period))) {
    return refuse(
      'usage_right_open',
      `the unit already has a register usage right in service task ${taskCode} for that time`,
    );
  }
  const producers = [...(task.producers ?? [])];
  if (input.underProducerUnitOid === undefined) {
    producers.push(period);
  } else {
    const i = producers.findLastIndex((p) => p.unit.oid === input.underProducerUnitOid);
    const producer = producers[i];
    if (!producer || (producer.end !== undefined && producer.end < input.start)) {
      return refuse(
        'producer_not_found',
        `no producer unit ${input.underProducerUnitOid} in service task ${taskCode} to subcontract under`,
      );
    }
    producers[i] = { ...producer, implementers: [...(producer.implementers ?? []), period] };
  }
  return ok({
    ...f,
    serviceTasks: f.serviceTasks.map((t) => (t === task ? { ...t, producers } : t)),
  });
}

/**
 * Ends (or moves the end of) the latest register usage right of a unit in a service task. Ending
 * a producer's right ends its subcontractors' rights no later: theirs derive from the producer's.
 */
export function endUsageRight(
  f: ClienthoodFacts,
  taskCode: string,
  unitOid: string,
  end: string,
): BuildResult<ClienthoodFacts> {
  const task = f.serviceTasks.find((t) => t.task.code === taskCode);
  const notFound = refuse(
    'usage_right_not_found',
    `the unit has no register usage right in service task ${taskCode}`,
  );
  if (!task) return notFound;
  const producers = [...(task.producers ?? [])];
  const clamp = (p: ProducerUnitPeriod): ProducerUnitPeriod =>
    p.end === undefined || p.end > end ? { ...p, end: end < p.start ? p.start : end } : p;
  let found = false;
  for (let i = producers.length - 1; i >= 0 && !found; i--) {
    const p = producers[i]!;
    if (p.unit.oid === unitOid) {
      if (end < p.start)
        return refuse('end_before_start', 'a register usage right cannot end before it starts');
      producers[i] = {
        ...p,
        end,
        ...(p.implementers ? { implementers: p.implementers.map(clamp) } : {}),
      };
      found = true;
      break;
    }
    const implementers = [...(p.implementers ?? [])];
    const k = implementers.findLastIndex((x) => x.unit.oid === unitOid);
    if (k >= 0) {
      if (end < implementers[k]!.start) {
        return refuse('end_before_start', 'a register usage right cannot end before it starts');
      }
      implementers[k] = { ...implementers[k]!, end };
      producers[i] = { ...p, implementers };
      found = true;
    }
  }
  if (!found) return notFound;
  return ok({
    ...f,
    serviceTasks: f.serviceTasks.map((t) => (t === task ? { ...t, producers } : t)),
  });
}

/** One register usage right as the access policy and the producer see it. */
export interface UsageRight {
  readonly serviceTask: string;
  readonly unit: UnitRef;
  /** For a subcontractor's right, the producer unit it works under. */
  readonly producerUnitOid?: string;
  readonly socialServices: readonly Coding[];
  readonly start: string;
  readonly end?: string;
}

/** Every register usage right recorded on the clienthood, subcontractors' included. */
export function usageRightsOf(f: ClienthoodFacts): UsageRight[] {
  const out: UsageRight[] = [];
  const one = (serviceTask: string, p: ProducerUnitPeriod, producerUnitOid?: string): UsageRight => ({
    serviceTask,
    unit: p.unit,
    ...(producerUnitOid !== undefined ? { producerUnitOid } : {}),
    socialServices: p.socialServices,
    start: p.start,
    ...(p.end !== undefined ? { end: p.end } : {}),
  });
  for (const t of f.serviceTasks) {
    for (const p of t.producers ?? []) {
      out.push(one(t.task.code, p));
      for (const x of p.implementers ?? []) out.push(one(t.task.code, x, p.unit.oid));
    }
  }
  return out;
}

const CLIENTHOOD_KEYS = [
  'asiakkuuden_yksilointitunnus',
  'asiakas',
  'sosiaalihuollon_asiakkuus',
  'palvelunjarjestajan_toimintayksikko',
  'palveluista_vastaava_tyontekija',
  'sosiaalihuollon_palvelutehtava',
] as const;

const PRODUCER_KEYS = [
  'sosiaalipalvelu',
  'palveluyksikon_nimi',
  'asiakkuuden_alkamispvm',
  'asiakkuuden_paattymispvm',
  'palveluntoteuttaja',
] as const;
const TASK_KEYS = ['palvelutehtava', 'palvelunjarjestajan_palveluyksikko', 'palveluntuottaja'] as const;

function producerPeriodContent(p: ProducerUnitPeriod): Obj {
  return {
    ...p.other,
    ...(p.socialServices.length > 0
      ? { sosiaalipalvelu: p.socialServices.map((c) => coded(CODE_SYSTEMS.socialService, c)) }
      : {}),
    palveluyksikon_nimi: unitCode(p.unit),
    asiakkuuden_alkamispvm: p.start,
    ...(p.end !== undefined ? { asiakkuuden_paattymispvm: p.end } : {}),
  };
}

function readProducerPeriod(v: unknown): ProducerUnitPeriod | undefined {
  if (!isObj(v)) return undefined;
  const unit = readUnit(v.palveluyksikon_nimi);
  const start = str(v.asiakkuuden_alkamispvm);
  if (!unit || start === undefined) return undefined;
  const socialServices: Coding[] = [];
  for (const c of arr(v.sosiaalipalvelu)) {
    const coding = readCoding(c);
    if (!coding) return undefined;
    socialServices.push(coding);
  }
  const end = str(v.asiakkuuden_paattymispvm);
  const other = rest(v, PRODUCER_KEYS);
  return {
    unit,
    socialServices,
    start,
    ...(end !== undefined ? { end } : {}),
    ...(Object.keys(other).length > 0 ? { other } : {}),
  };
}

/** The 1505.1 JSON content of a clienthood document version. */
export function clienthoodContent(f: ClienthoodFacts): { asiakkuusasiakirja: Obj } {
  const clienthood: Obj = { asiakkuuden_alkamispvm: f.started };
  if (f.ended !== undefined) clienthood.asiakkuuden_paattymispvm = f.ended;
  const body: Obj = {
    asiakkuuden_yksilointitunnus: { value: f.clienthoodOid },
    ...f.other,
    asiakas: { ...f.clientOther, ...personFields(f.client, true) },
    sosiaalihuollon_asiakkuus: {
      ...(isObj(f.other.sosiaalihuollon_asiakkuus) ? f.other.sosiaalihuollon_asiakkuus : {}),
      ...clienthood,
    },
  };
  if (f.organizerUnit) body.palvelunjarjestajan_toimintayksikko = unitCode(f.organizerUnit);
  if (f.personalWorker) {
    const w = f.personalWorker;
    const o: Obj = { sukunimi: w.familyName, etunimet: w.givenNames };
    if (w.unit) o.palveluyksikko = unitCode(w.unit);
    if (w.registrationNumber !== undefined) o.rekisterointitunnus = { value: w.registrationNumber };
    body.palveluista_vastaava_tyontekija = [o];
  }
  if (f.serviceTasks.length > 0) {
    body.sosiaalihuollon_palvelutehtava = f.serviceTasks.map((t) => ({
      ...t.other,
      palvelutehtava: coded(CODE_SYSTEMS.serviceTask, t.task),
      palvelunjarjestajan_palveluyksikko: t.periods.map((p) => ({
        palveluyksikon_nimi: unitCode(p.unit),
        asiakkuuden_alkamispvm: p.start,
        ...(p.end !== undefined ? { asiakkuuden_paattymispvm: p.end } : {}),
      })),
      ...(t.producers && t.producers.length > 0
        ? {
            palveluntuottaja: t.producers.map((p) => ({
              ...producerPeriodContent(p),
              ...(p.implementers && p.implementers.length > 0
                ? { palveluntoteuttaja: p.implementers.map(producerPeriodContent) }
                : {}),
            })),
          }
        : {}),
    }));
  }
  return { asiakkuusasiakirja: body };
}

/** Reads a clienthood document's content back into facts; refuses content that is not 1505.1-shaped. */
export function parseClienthoodContent(content: unknown): BuildResult<ClienthoodFacts> {
  const bad = refuse('not_a_record_document', 'the content is not a clienthood document');
  if (!isObj(content) || !isObj(content[CLIENTHOOD_ROOT_KEY])) return bad;
  const body = content[CLIENTHOOD_ROOT_KEY];
  const oid = isObj(body.asiakkuuden_yksilointitunnus)
    ? str(body.asiakkuuden_yksilointitunnus.value)
    : undefined;
  const client = readPerson(body.asiakas);
  const ch = isObj(body.sosiaalihuollon_asiakkuus) ? body.sosiaalihuollon_asiakkuus : undefined;
  const started = ch ? str(ch.asiakkuuden_alkamispvm) : undefined;
  if (oid === undefined || !client || started === undefined || !ch) return bad;
  const ended = str(ch.asiakkuuden_paattymispvm);
  const serviceTasks: ClienthoodTask[] = [];
  for (const t of arr(body.sosiaalihuollon_palvelutehtava)) {
    if (!isObj(t)) return bad;
    const task = readCoding(t.palvelutehtava);
    if (!task) return bad;
    const periods: ServiceTaskPeriod[] = [];
    for (const p of arr(t.palvelunjarjestajan_palveluyksikko)) {
      const unit = isObj(p) ? readUnit(p.palveluyksikon_nimi) : undefined;
      const start = isObj(p) ? str(p.asiakkuuden_alkamispvm) : undefined;
      if (!isObj(p) || !unit || start === undefined) return bad;
      const end = str(p.asiakkuuden_paattymispvm);
      periods.push({ unit, start, ...(end !== undefined ? { end } : {}) });
    }
    const producers: ProducerEntry[] = [];
    for (const p of arr(t.palveluntuottaja)) {
      const period = readProducerPeriod(p);
      if (!period || !isObj(p)) return bad;
      const implementers: ProducerUnitPeriod[] = [];
      for (const x of arr(p.palveluntoteuttaja)) {
        const y = readProducerPeriod(x);
        if (!y) return bad;
        implementers.push(y);
      }
      producers.push({ ...period, ...(implementers.length > 0 ? { implementers } : {}) });
    }
    const taskOther = rest(t, TASK_KEYS);
    serviceTasks.push({
      task,
      periods,
      ...(producers.length > 0 ? { producers } : {}),
      ...(Object.keys(taskOther).length > 0 ? { other: taskOther } : {}),
    });
  }
  const w = arr(body.palveluista_vastaava_tyontekija)[0];
  let personalWorker: PersonalWorker | undefined;
  if (isObj(w) && str(w.sukunimi) !== undefined && str(w.etunimet) !== undefined) {
    const unit = readUnit(w.palveluyksikko);
    const reg = isObj(w.rekisterointitunnus) ? str(w.rekisterointitunnus.value) : undefined;
    personalWorker = {
      familyName: str(w.sukunimi)!,
      givenNames: str(w.etunimet)!,
      ...(unit ? { unit } : {}),
      ...(reg !== undefined ? { registrationNumber: reg } : {}),
    };
  }
  const organizerUnit = readUnit(body.palvelunjarjestajan_toimintayksikko);
  const chOther = rest(ch, ['asiakkuuden_alkamispvm', 'asiakkuuden_paattymispvm']);
  const other = rest(body, CLIENTHOOD_KEYS);
  if (Object.keys(chOther).length > 0) other.sosiaalihuollon_asiakkuus = chOther;
  return ok({
    clienthoodOid: oid,
    client,
    started,
    ...(ended !== undefined ? { ended } : {}),
    ...(organizerUnit ? { organizerUnit } : {}),
    serviceTasks,
    ...(personalWorker ? { personalWorker } : {}),
    clientOther: rest(body.asiakas as Obj, PERSON_KEYS),
    other,
  });
}

// --- Case (asia) --------------------------------------------------------------------------------

export interface CaseMembership {
  readonly person: ClientPerson;
  /** Instant the client joined the case (asiaan liittymishetki). */
  readonly joined: string;
  readonly left?: string;
}

export interface CaseFacts {
  readonly caseOid: string;
  readonly organizerUnit: UnitRef;
  /** The kind of case, 1.2.246.537.6.1265 (Sosiaalihuollon asia). */
  readonly subject: Coding;
  /** 1.2.246.537.6.1501 (Asian tila). */
  readonly state: Coding;
  readonly opened: string;
  readonly ended?: string;
  readonly serviceTask: Coding;
  /** Every client who ever belonged to the case, in joining order; those who left keep their entry. */
  readonly members: readonly CaseMembership[];
  readonly other: Readonly<Obj>;
}

export interface OpenCaseInput {
  readonly caseOid: string;
  readonly organizerUnit: UnitRef;
  readonly subject: Coding;
  readonly state: Coding;
  readonly opened: string;
  readonly serviceTask: Coding;
  readonly members: readonly { readonly person: ClientPerson; readonly joined: string }[];
}

export function openCase(input: OpenCaseInput): BuildResult<CaseFacts> {
  if (input.members.length === 0) return refuse('no_members', 'a case concerns at least one client');
  for (let i = 0; i < input.members.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sameIdentifier(input.members[i]!.person.identifier, input.members[j]!.person.identifier)) {
        return refuse('already_member', 'the same client is named twice');
      }
    }
  }
  return ok({
    caseOid: input.caseOid,
    organizerUnit: input.organizerUnit,
    subject: input.subject,
    state: input.state,
    opened: input.opened,
    serviceTask: input.serviceTask,
    members: input.members.map((m) => ({ person: m.person, joined: m.joined })),
    other: {},
  });
}

/** The calendar date of an instant or date (`2026-03-01T10:00:00Z` → `2026-03-01`). */
const dayOf = (instantOrDate: string) => instantOrDate.slice(0, 10);

/** A case shared by several people (yhteinen asia), e.g. a family, once a second client has joined. */
export function isSharedCase(f: CaseFacts): boolean {
  return f.members.length > 1;
}

export function activeMembers(f: CaseFacts): CaseMembership[] {
  return f.members.filter((m) => m.left === undefined);
}

export function addCaseMember(f: CaseFacts, person: ClientPerson, joined: string): BuildResult<CaseFacts> {
  if (f.ended !== undefined) return refuse('case_closed', 'the case is closed');
  if (activeMembers(f).some((m) => sameIdentifier(m.person.identifier, person.identifier))) {
    return refuse('already_member', 'the client already belongs to the case');
  }
  return ok({ ...f, members: [...f.members, { person, joined }] });
}

export function leaveCase(f: CaseFacts, identifier: PersonIdentifier, left: string): BuildResult<CaseFacts> {
  if (f.ended !== undefined) return refuse('case_closed', 'the case is closed');
  const active = activeMembers(f);
  const member = active.find((m) => sameIdentifier(m.person.identifier, identifier));
  if (!member) return refuse('not_member', 'the client does not belong to the case');
  // A case is always someone's: the last client does not leave, the case is closed instead.
  if (active.length === 1) return refuse('last_member', 'the last client cannot leave; close the case');
  if (left < member.joined) return refuse('end_before_start', 'a client cannot leave before joining');
  return ok({ ...f, members: f.members.map((m) => (m === member ? { ...m, left } : m)) });
}

export function closeCase(f: CaseFacts, ended: string, state: Coding): BuildResult<CaseFacts> {
  if (f.ended !== undefined) return refuse('case_closed', 'the case is already closed');
  if (ended < f.opened) return refuse('end_before_start', 'a case cannot close before it opened');
  // A member still in the case joined on some day; the case cannot have ended before that day.
  if (f.members.some((m) => m.left === undefined && ended < dayOf(m.joined))) {
    return refuse('end_before_member_joined', 'a case cannot close before a current member joined it');
  }
  return ok({ ...f, ended, state });
}

/**
 * Whether a member belonged to the case on `date`: joined by then and not left before it. A client
 * who left the case does not belong to its later documents.
 */
export function presentOn(m: { readonly joined: string; readonly left?: string }, date: string): boolean {
  return dayOf(m.joined) <= date && (m.left === undefined || dayOf(m.left) >= date);
}

/**
 * The clients a document of a case belongs to: each member present at the document's date
 * (yhteinen asia). `memberKeys[i]` is the client key of `members[i]`; the clients the writer named
 * come first (the first owns the stored rows), and naming a client who was not a member on that
 * date is refused with the index of the name.
 */
export function caseDocumentClients(
  members: readonly { readonly joined: string; readonly left?: string }[],
  memberKeys: readonly string[],
  named: readonly string[],
  documentDate: string,
): BuildResult<string[]> | (BuildRefusal & { readonly index: number }) {
  const present = new Set<string>();
  members.forEach((m, i) => {
    if (presentOn(m, documentDate)) present.add(memberKeys[i]!);
  });
  for (const [index, key] of named.entries()) {
    if (!present.has(key)) {
      return {
        ...refuse('not_case_member_on_date', 'the client was not a member of the case on the document date'),
        index,
      };
    }
  }
  return ok([...new Set([...named, ...present])]);
}

const CASE_KEYS = ['palvelunjarjestajan_toimintayksikko', 'asiakas', 'asian_tiedot'] as const;
const CASE_INFO_KEYS = [
  'asiatunnus',
  'nimi',
  'tila',
  'avauspaiva',
  'paattymispaiva',
  'yhteinen_asia',
  'palvelutehtava',
] as const;

/** The 1505.2 JSON content of a case document version. */
export function caseContent(f: CaseFacts): { asia_asiakirja: Obj } {
  const infoOther = isObj(f.other.asian_tiedot) ? f.other.asian_tiedot : {};
  const { asian_tiedot: _drop, ...other } = f.other;
  const info: Obj = {
    ...infoOther,
    asiatunnus: { value: f.caseOid },
    nimi: coded(CODE_SYSTEMS.caseName, f.subject),
    tila: coded(CODE_SYSTEMS.caseState, f.state),
    avauspaiva: f.opened,
    ...(f.ended !== undefined ? { paattymispaiva: f.ended } : {}),
    yhteinen_asia: isSharedCase(f),
    palvelutehtava: coded(CODE_SYSTEMS.serviceTask, f.serviceTask),
  };
  return {
    asia_asiakirja: {
      palvelunjarjestajan_toimintayksikko: unitCode(f.organizerUnit),
      asiakas: f.members.map((m) => ({
        ...personFields(m.person, false),
        asiaan_liittymishetki: m.joined,
        ...(m.left !== undefined ? { asiasta_poistumishetki: m.left } : {}),
      })),
      asian_tiedot: info,
      ...other,
    },
  };
}

export function parseCaseContent(content: unknown): BuildResult<CaseFacts> {
  const bad = refuse('not_a_record_document', 'the content is not a case document');
  if (!isObj(content) || !isObj(content[CASE_ROOT_KEY])) return bad;
  const body = content[CASE_ROOT_KEY];
  const info = body.asian_tiedot;
  const organizerUnit = readUnit(body.palvelunjarjestajan_toimintayksikko);
  if (!isObj(info) || !organizerUnit) return bad;
  const caseOid = isObj(info.asiatunnus) ? str(info.asiatunnus.value) : undefined;
  const subject = readCoding(info.nimi);
  const state = readCoding(info.tila);
  const opened = str(info.avauspaiva);
  const serviceTask = readCoding(info.palvelutehtava);
  if (caseOid === undefined || !subject || !state || opened === undefined || !serviceTask) return bad;
  const members: CaseMembership[] = [];
  for (const m of arr(body.asiakas)) {
    const person = readPerson(m);
    const joined = isObj(m) ? str(m.asiaan_liittymishetki) : undefined;
    if (!isObj(m) || !person || joined === undefined) return bad;
    const left = str(m.asiasta_poistumishetki);
    members.push({ person, joined, ...(left !== undefined ? { left } : {}) });
  }
  const ended = str(info.paattymispaiva);
  const other = rest(body, CASE_KEYS);
  const infoOther = rest(info, CASE_INFO_KEYS);
  if (Object.keys(infoOther).length > 0) other.asian_tiedot = infoOther;
  return ok({
    caseOid,
    organizerUnit,
    subject,
    state,
    opened,
    ...(ended !== undefined ? { ended } : {}),
    serviceTask,
    members,
    other,
  });
}
