// `varanto generate`: a national-scale world written straight into the tables, row for row as the
// store writes them (document versions with their projections, persons, clienthoods, cases and a
// verifiable audit trail), deterministic from the seed. Reference data goes through the store's
// own functions; the bulk goes in batches of unnest INSERTs over a few connections, while this
// process builds the next batch. Content comes from pre-rendered templates (templates.ts).
import { builtinCodeRegistry, type CodeRegistry } from '@varanto/domain/codes';
import { mintCaseOid, mintClienthoodOid, mintDocumentOid, type Oid } from '@varanto/domain/identity';
import { DOCUMENT_GROUP } from '@varanto/domain/records';
import { builtinStructures, markInvalidated, type StructureDefinition } from '@varanto/domain/structures';
import {
  type AuditEntry,
  chainOf,
  createOrganization,
  createProfessional,
  createRegister,
  createServiceUnit,
  entryHash,
  grantRight,
  HETU_SYSTEM,
  openStore,
} from '@varanto/store';
import pg from 'pg';
import { seededRng } from '../seed/random.ts';
import { TASK } from '../seed/world.ts';
import { arrayLiteral, TableBatch } from './sql.ts';
import { caseTemplate, clienthoodTemplate, type Slot, type Template, TemplatePool } from './templates.ts';
import {
  BLOCK,
  ClientFactory,
  daysBetween,
  type GenClient,
  type GenCounty,
  type GenProfessional,
  type GenWorld,
  mix,
  planWorld,
  shiftDays,
  type TaskKey,
} from './world.ts';

export interface GenerateOptions {
  /** Connection string of the schema owner (a superuser in development); the database must be empty. */
  url: string;
  clients: number;
  /** Mean client documents per client; the count per client has a heavy tail. */
  docsPerClient: number;
  seed?: number;
  /** The date the world is "today" (ISO); documents fall in the ten years before it. Default: today. */
  today?: string;
  /** Write the audit entries of every step (hash-chained, verifiable). Default true. */
  audit?: boolean;
  /** Connections inserting in parallel. Default 2. */
  connections?: number;
  /** Templates per structure and service task. Default 8. */
  variants?: number;
  onProgress?: (p: GenerateProgress) => void;
}

export interface GenerateProgress {
  clients: number;
  totalClients: number;
  documents: number;
}

export interface GenerateResult {
  world: GenWorld;
  clients: number;
  /** Client documents (document group 5), each counted once however many versions it has. */
  documents: number;
  /** Clienthood and case documents. */
  recordDocuments: number;
  /** Rows of document_version: every version of every document. */
  versions: number;
  auditEntries: number;
  templates: number;
  seconds: number;
  /** Time this process spent building rows, and the database spent on each table's inserts (summed over connections). */
  timings: { buildSeconds: number; insertSeconds: Record<string, number> };
}

/** Document types by service task with their weights: narrative entries dominate, as in practice. */
const TYPE_MIX: Readonly<Record<TaskKey, readonly [string, number][]>> = {
  families: [
    ['19005', 40],
    ['19003', 12],
    ['19007', 10],
    ['19004', 8],
    ['19002', 3],
    ['1005', 6],
    ['11001', 5],
    ['15007', 4],
    ['15008', 4],
    ['16009', 3],
    ['19009', 3],
    ['19012', 2],
  ],
  childProtection: [
    ['19005', 40],
    ['19004', 14],
    ['19009', 8],
    ['4009', 8],
    ['1005', 6],
    ['19007', 10],
    ['16009', 4],
    ['19010', 4],
    ['19008', 2],
  ],
  disability: [
    ['19005', 38],
    ['19003', 14],
    ['19007', 14],
    ['1019', 10],
    ['16009', 6],
    ['19013', 10],
    ['19002', 4],
    ['19015', 4],
  ],
  substanceAbuse: [
    ['19005', 40],
    ['19003', 12],
    ['19014', 12],
    ['1019', 8],
    ['4006', 6],
    ['16009', 6],
    ['19006', 6],
    ['19001', 6],
    ['19013', 4],
  ],
};

const STORE_RULE = 'role_action+registrar_boundary+service_task';
const PRODUCER_SHARE = 5;

interface Templates {
  pool: TemplatePool;
  clienthood: Map<string, Template>;
  cases: Map<string, Template>;
}

/** Timestamp text as the audit log hashes it: UTC with microseconds. */
function stamp(day: string, secondsIntoDay: number, micros: number): string {
  const h = Math.floor(secondsIntoDay / 3600);
  const m = Math.floor((secondsIntoDay % 3600) / 60);
  const s = secondsIntoDay % 60;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${day}T${p(h)}:${p(m)}:${p(s)}.${p(micros, 6)}Z`;
}

function pickWeighted(u: number, items: readonly [string, number][]): string {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = u * total;
  for (const [v, w] of items) {
    if (x < w) return v;
    x -= w;
  }
  return items[items.length - 1]![0];
}

const clientCols = [
  { name: 'client_key', type: 'uuid' },
  { name: 'set_id', type: 'text' },
] as const;

const META = [
  { name: 'registrar_oid', type: 'text' },
  { name: 'register_id', type: 'text' },
  { name: 'organization_oid', type: 'text' },
  { name: 'service_unit_oid', type: 'text' },
  { name: 'author_id', type: 'text' },
  { name: 'author_name', type: 'text' },
  { name: 'case_oid', type: 'text' },
  { name: 'clienthood_oid', type: 'text' },
  { name: 'service_task', type: 'text' },
  { name: 'social_service', type: 'text' },
  { name: 'process_phase', type: 'text' },
  { name: 'document_group', type: 'text' },
  { name: 'document_type', type: 'text' },
  { name: 'structure_oid', type: 'text' },
  { name: 'document_date', type: 'date' },
  { name: 'retention_class', type: 'text' },
  { name: 'language', type: 'text' },
  { name: 'omakanta', type: 'text', cast: 'jsonb' },
  { name: 'clients', type: 'text', cast: 'uuid[]' },
] as const;

/** One batch of rows for every table, built for a run of consecutive clients. */
class Batch {
  person = new TableBatch('person', [
    { name: 'client_key', type: 'uuid' },
    { name: 'version', type: 'int' },
    { name: 'hetu', type: 'text' },
    { name: 'temporary_id_system', type: 'text' },
    { name: 'temporary_id_value', type: 'text' },
    { name: 'family_name', type: 'text' },
    { name: 'given_names', type: 'text' },
    { name: 'birth_date', type: 'date' },
    { name: 'sex', type: 'text' },
    { name: 'home_municipality', type: 'text' },
    { name: 'turvakielto', type: 'bool' },
    { name: 'address', type: 'text', cast: 'jsonb' },
    { name: 'recorded_at', type: 'timestamptz' },
    { name: 'recorded_by', type: 'text' },
  ]);
  personCurrent = new TableBatch('person_current', [
    { name: 'client_key', type: 'uuid' },
    { name: 'version', type: 'int' },
    { name: 'search_name', type: 'text' },
  ]);
  identifier = new TableBatch('client_identifier', [
    { name: 'system', type: 'text' },
    { name: 'value', type: 'text' },
    { name: 'client_key', type: 'uuid' },
  ]);
  version = new TableBatch('document_version', [
    ...clientCols,
    { name: 'version', type: 'int' },
    { name: 'version_oid', type: 'text' },
    { name: 'status', type: 'text' },
    { name: 'reason', type: 'text' },
    { name: 'content', type: 'text', cast: 'jsonb', via: 'json' },
    { name: 'xhtml', type: 'text', via: 'text' },
    { name: 'content_sha256', type: 'text' },
    ...META,
    { name: 'recorded_at', type: 'timestamptz' },
    { name: 'recorded_by', type: 'text' },
  ]);
  current = new TableBatch('document_current', [
    ...clientCols,
    { name: 'version', type: 'int' },
    { name: 'version_oid', type: 'text' },
    { name: 'status', type: 'text' },
    ...META,
    { name: 'first_recorded_at', type: 'timestamptz' },
    { name: 'recorded_at', type: 'timestamptz' },
    { name: 'recorded_by', type: 'text' },
  ]);
  locator = new TableBatch('document_locator', [
    { name: 'set_id', type: 'text' },
    { name: 'owner_client_key', type: 'uuid' },
  ]);
  docClient = new TableBatch('document_client', [
    { name: 'client_key', type: 'uuid' },
    { name: 'set_id', type: 'text' },
    { name: 'owner_client_key', type: 'uuid' },
  ]);
  clienthood = new TableBatch('clienthood', [
    { name: 'client_key', type: 'uuid' },
    { name: 'clienthood_oid', type: 'text' },
    { name: 'registrar_oid', type: 'text' },
    { name: 'register_id', type: 'text' },
    { name: 'set_id', type: 'text' },
    { name: 'version', type: 'int' },
    { name: 'started', type: 'date' },
    { name: 'ended', type: 'date' },
    { name: 'personal_worker_id', type: 'text' },
  ]);
  clienthoodTask = new TableBatch('clienthood_service_task', [
    { name: 'client_key', type: 'uuid' },
    { name: 'clienthood_oid', type: 'text' },
    { name: 'service_task', type: 'text' },
    { name: 'start_date', type: 'date' },
    { name: 'end_date', type: 'date' },
  ]);
  caseLocator = new TableBatch('case_locator', [
    { name: 'case_oid', type: 'text' },
    { name: 'owner_client_key', type: 'uuid' },
  ]);
  careCase = new TableBatch('care_case', [
    { name: 'client_key', type: 'uuid' },
    { name: 'case_oid', type: 'text' },
    { name: 'registrar_oid', type: 'text' },
    { name: 'service_task', type: 'text' },
    { name: 'state', type: 'text' },
    { name: 'opened', type: 'date' },
    { name: 'ended', type: 'date' },
    { name: 'shared', type: 'bool' },
    { name: 'set_id', type: 'text' },
    { name: 'version', type: 'int' },
    { name: 'service_unit_oid', type: 'text' },
  ]);
  // The care relations the store projects from clienthoods and cases (store/care-relations.ts);
  // the access filter reads them, so a generated world is readable only with them.
  careRelation = new TableBatch('care_relation', [
    { name: 'client_key', type: 'uuid' },
    { name: 'registrar_oid', type: 'text' },
    { name: 'kind', type: 'text' },
    { name: 'professional_id', type: 'text' },
    { name: 'service_unit_oid', type: 'text' },
    { name: 'service_task', type: 'text' },
    { name: 'start_date', type: 'date' },
    { name: 'source', type: 'text' },
  ]);
  caseMember = new TableBatch('case_member', [
    { name: 'client_key', type: 'uuid' },
    { name: 'case_oid', type: 'text' },
    { name: 'owner_client_key', type: 'uuid' },
    { name: 'joined_at', type: 'date' },
    { name: 'left_at', type: 'date' },
  ]);
  audit = new TableBatch('audit_entry', [
    { name: 'chain', type: 'smallint' },
    { name: 'seq', type: 'bigint' },
    { name: 'recorded_at', type: 'timestamptz' },
    { name: 'actor_kind', type: 'text' },
    { name: 'actor_id', type: 'text' },
    { name: 'actor_login', type: 'text' },
    { name: 'actor_name', type: 'text' },
    { name: 'organization_oid', type: 'text' },
    { name: 'service_unit_oids', type: 'text', cast: 'text[]' },
    { name: 'role', type: 'text' },
    { name: 'strong_auth', type: 'bool' },
    { name: 'client_key', type: 'uuid' },
    { name: 'action', type: 'text' },
    { name: 'documents', type: 'text', cast: 'jsonb' },
    { name: 'outcome', type: 'text' },
    { name: 'rule', type: 'text' },
    { name: 'reason', type: 'text' },
    { name: 'purpose', type: 'text' },
    { name: 'request_id', type: 'text' },
    { name: 'prev_hash', type: 'text' },
    { name: 'hash', type: 'text' },
  ]);
  clients = 0;
  documents = 0;
  recordDocuments = 0;

  tables(): TableBatch[] {
    return [
      this.person,
      this.personCurrent,
      this.identifier,
      this.locator,
      this.version,
      this.current,
      this.docClient,
      this.clienthood,
      this.clienthoodTask,
      this.caseLocator,
      this.careCase,
      this.careRelation,
      this.caseMember,
      this.audit,
    ];
  }
}

interface DocumentRow {
  owner: string;
  clients: readonly string[];
  setId: string;
  versionOid: string;
  status: 'active' | 'invalidated';
  reason: string | null;
  filled: { json: string; xhtml: string; sha256: string };
  registrarOid: string;
  registerId: string;
  organizationOid: string;
  unitOid: string;
  author: GenProfessional;
  caseOid: string | null;
  clienthoodOid: string | null;
  serviceTask: string;
  group: string;
  type: string;
  structureOid: string;
  date: string;
  language: 'fi' | 'sv';
  omakanta: string;
  recordedAt: string;
}

/** Builds the rows of one batch; holds the audit chain heads between batches. */
class Builder {
  private readonly structures: Map<string, StructureDefinition>;
  private readonly taskDisplay = new Map<string, string>();
  private readonly heads: { seq: number; hash: string }[];
  auditEntries = 0;
  versions = 0;

  constructor(
    private readonly world: GenWorld,
    private readonly codes: CodeRegistry,
    private readonly templates: Templates,
    private readonly withAudit: boolean,
    heads: { seq: number; hash: string }[],
  ) {
    this.structures = new Map(builtinStructures().map((d) => [d.typeCode, d]));
    this.heads = heads;
    for (const code of Object.values(TASK)) {
      this.taskDisplay.set(code, codes.display('1.2.246.537.6.1221', code, 'fi') ?? code);
    }
  }

  get chainHeads(): readonly { seq: number; hash: string }[] {
    return this.heads;
  }

  structure(type: string): StructureDefinition {
    const d = this.structures.get(type);
    if (!d) throw new Error(`generate: no built-in structure ${type}`);
    return d;
  }

  private clienthoodTemplate(task: string, temporary: boolean, turvakielto: boolean): Template {
    const key = `${task}|${temporary}|${turvakielto}`;
    let t = this.templates.clienthood.get(key);
    if (!t) {
      t = clienthoodTemplate(
        this.structure('1505.1'),
        { code: task, display: this.taskDisplay.get(task)! },
        temporary,
        turvakielto,
      );
      this.templates.clienthood.set(key, t);
    }
    return t;
  }

  private caseTemplate(task: string, members: number, temporary: boolean): Template {
    const key = `${task}|${members}|${temporary}`;
    let t = this.templates.cases.get(key);
    if (!t) {
      const c = this.codes;
      t = caseTemplate(
        this.structure('1505.2'),
        { code: task, display: this.taskDisplay.get(task)! },
        { code: '1', display: c.display('1.2.246.537.6.1265', '1', 'fi') ?? '1' },
        { code: '1', display: c.display('1.2.246.537.6.1501', '1', 'fi') ?? '1' },
        members,
        temporary,
      );
      this.templates.cases.set(key, t);
    }
    return t;
  }

  private audit(
    b: Batch,
    actor: GenProfessional,
    action: string,
    clientKey: string,
    at: string,
    documents: { setId: string; version: number }[],
    rule: string | undefined,
    requestId: string,
  ): void {
    if (!this.withAudit) return;
    const act = {
      kind: 'professional' as const,
      professionalId: actor.id,
      login: actor.login,
      name: `${actor.givenNames} ${actor.familyName}`,
      organizationOid: actor.organizationOid,
      serviceUnitOids: actor.serviceUnitOids,
      role: actor.role,
      serviceTasks: actor.serviceTasks,
      registrarOids: [actor.organizationOid],
      strongAuth: true,
    };
    const chain = chainOf({ actor: act, clientKey });
    const head = this.heads[chain]!;
    const partial: Omit<AuditEntry, 'seq' | 'hash'> = {
      chain,
      recordedAt: at,
      actorKind: 'professional',
      actorId: actor.id,
      actorLogin: actor.login,
      actorName: act.name,
      organizationOid: actor.organizationOid,
      serviceUnitOids: [...actor.serviceUnitOids],
      role: actor.role,
      strongAuth: true,
      clientKey,
      action,
      documents,
      outcome: 'allowed',
      ...(rule !== undefined ? { rule } : {}),
      requestId,
      prevHash: head.hash,
    };
    const hash = entryHash(partial);
    head.seq += 1;
    head.hash = hash;
    b.audit.push(
      chain,
      head.seq,
      at,
      'professional',
      actor.id,
      actor.login,
      act.name,
      actor.organizationOid,
      arrayLiteral(actor.serviceUnitOids),
      actor.role,
      true,
      clientKey,
      action,
      JSON.stringify(documents),
      'allowed',
      rule ?? null,
      null,
      null,
      requestId,
      partial.prevHash,
      hash,
    );
    this.auditEntries++;
  }

  private document(
    b: Batch,
    d: DocumentRow,
    version: number,
    firstRecordedAt: string,
    current: boolean,
  ): void {
    const meta = [
      d.registrarOid,
      d.registerId,
      d.organizationOid,
      d.unitOid,
      d.author.id,
      `${d.author.givenNames} ${d.author.familyName}`,
      d.caseOid,
      d.clienthoodOid,
      d.serviceTask,
      null,
      null,
      d.group,
      d.type,
      d.structureOid,
      d.date,
      null,
      d.language,
      d.omakanta,
      arrayLiteral(d.clients),
    ];
    b.version.push(
      d.owner,
      d.setId,
      version,
      d.versionOid,
      d.status,
      d.reason,
      d.filled.json,
      d.filled.xhtml,
      d.filled.sha256,
      ...meta,
      d.recordedAt,
      d.author.id,
    );
    this.versions++;
    if (version === 1) {
      b.locator.push(d.setId, d.owner);
      for (const k of d.clients) b.docClient.push(k, d.setId, d.owner);
    }
    if (current) {
      b.current.push(
        d.owner,
        d.setId,
        version,
        d.versionOid,
        d.status,
        ...meta,
        firstRecordedAt,
        d.recordedAt,
        d.author.id,
      );
    }
  }

  /** The rows of clients [from, from + count): persons, clienthoods, cases, documents, audit. */
  build(factory: ClientFactory, from: number, count: number): Batch {
    const b = new Batch();
    const clients: GenClient[] = [];
    for (let i = from; i < from + count; i++) clients.push(factory.client(i));
    const byIndex = new Map(clients.map((c) => [c.index, c]));
    const familyCase = new Map<number, string>();
    for (const c of clients) this.client(b, c, byIndex, familyCase);
    return b;
  }

  private client(
    b: Batch,
    c: GenClient,
    byIndex: Map<number, GenClient>,
    familyCase: Map<number, string>,
  ): void {
    const world = this.world;
    const county = world.counties[c.county]!;
    const rng = seededRng(mix(world.seed, c.index, 4));
    let minted = 0;
    const mint = (kind: 'document' | 'case' | 'clienthood', root: string, day: string): string => {
      const serial = BigInt(c.index) * 4096n + BigInt(minted++);
      const f = kind === 'document' ? mintDocumentOid : kind === 'case' ? mintCaseOid : mintClienthoodOid;
      const r = f(root as Oid, Number(day.slice(0, 4)), serial);
      if (!r.ok) throw new Error(`generate: minting failed: ${r.error.message}`);
      return r.value;
    };
    const worker = c.worker;
    const workerName = `${worker.givenNames} ${worker.familyName}`;
    const task = TASK[c.task];
    const temporary = c.temporaryId !== undefined;
    const identity = c.hetu ?? c.temporaryId!.value;
    const personal: Partial<Record<Slot, string>> = {
      family: c.familyName,
      given: c.givenNames,
      hetu: identity,
      birthDate: c.birthDate,
      ...(c.temporaryId ? { tempSystem: c.temporaryId.system } : {}),
    };
    const at = (day: string) =>
      stamp(day, 8 * 3600 + Math.floor(rng() * 8 * 3600), Math.floor(rng() * 1_000_000));
    const req = () => `gen-${c.index}-${minted}`;

    // The person, registered the day before the clienthood opens.
    const personAt = stamp(shiftDays(c.started, -1), 9 * 3600 + (c.index % 3600), c.index % 1_000_000);
    b.person.push(
      c.clientKey,
      1,
      c.hetu ?? null,
      c.temporaryId?.system ?? null,
      c.temporaryId?.value ?? null,
      c.familyName,
      c.givenNames,
      c.birthDate,
      c.sex,
      c.homeMunicipality,
      c.turvakielto,
      JSON.stringify(c.address),
      personAt,
      worker.id,
    );
    b.personCurrent.push(
      c.clientKey,
      1,
      `${c.familyName} ${c.givenNames}`.toLowerCase().replace(/\s+/g, ' ').trim(),
    );
    if (c.hetu) b.identifier.push(HETU_SYSTEM, c.hetu.toUpperCase(), c.clientKey);
    if (c.temporaryId) b.identifier.push(c.temporaryId.system, c.temporaryId.value, c.clientKey);
    this.audit(b, worker, 'person.create', c.clientKey, personAt, [], undefined, req());
    b.clients++;

    // Clienthoods: with the county, and for some clients also with the county's producer.
    const clienthoodWith = (
      org: { oid: string; name: string; registerId: string },
      author: GenProfessional,
      started: string,
    ): string => {
      const clienthoodOid = mint('clienthood', org.oid, started);
      const setId = mint('document', org.oid, started);
      const unitOid = author.serviceUnitOids[0]!;
      const unitName = unitNameOf(world, unitOid);
      const filled = this.clienthoodTemplate(task, temporary, c.turvakielto).fill({
        ...personal,
        date: started,
        author: `${author.givenNames} ${author.familyName}`,
        organization: org.name,
        recordOid: clienthoodOid,
        unitOid,
        unitName,
        workerFamily: worker.familyName,
        workerGiven: worker.givenNames,
        workerRegistration: worker.registrationNumber ?? '',
      });
      const recordedAt = at(started);
      this.document(
        b,
        {
          owner: c.clientKey,
          clients: [c.clientKey],
          setId,
          versionOid: setId,
          status: 'active',
          reason: null,
          filled,
          registrarOid: org.oid,
          registerId: org.registerId,
          organizationOid: author.organizationOid,
          unitOid,
          author,
          caseOid: null,
          clienthoodOid,
          serviceTask: task,
          group: DOCUMENT_GROUP.clienthood,
          type: '1505.1',
          structureOid: this.structure('1505.1').oid,
          date: started,
          language: 'fi',
          omakanta: '{}',
          recordedAt,
        },
        1,
        recordedAt,
        true,
      );
      b.recordDocuments++;
      b.clienthood.push(
        c.clientKey,
        clienthoodOid,
        org.oid,
        org.registerId,
        setId,
        1,
        started,
        null,
        worker.id,
      );
      b.careRelation.push(
        c.clientKey,
        org.oid,
        'personal_worker',
        worker.id,
        null,
        null,
        started,
        clienthoodOid,
      );
      b.clienthoodTask.push(c.clientKey, clienthoodOid, task, started, null);
      this.audit(
        b,
        author,
        'clienthood.open',
        c.clientKey,
        recordedAt,
        [{ setId, version: 1 }],
        STORE_RULE,
        req(),
      );
      return clienthoodOid;
    };
    const countyClienthood = clienthoodWith(county, worker, c.started);
    const producer = county.producer;
    const producerWorker = producer.workers[c.index % producer.workers.length]!;
    const producerStart = shiftDays(c.started, 30);
    const producerClienthood =
      c.withProducer && producerStart < world.today
        ? clienthoodWith(producer, producerWorker, producerStart)
        : undefined;

    // The case: a family shares one (opened by the first member), everyone else has their own.
    let caseOid: string;
    let members: GenClient[] = [c];
    if (c.family !== undefined && c.family !== c.index) {
      caseOid = familyCase.get(c.family)!;
      members = [...byIndex.values()].filter((x) => x.family === c.family);
    } else {
      if (c.family !== undefined) members = [...byIndex.values()].filter((x) => x.family === c.family);
      caseOid = mint('case', county.oid, c.started);
      if (c.family !== undefined) familyCase.set(c.family, caseOid);
      const setId = mint('document', county.oid, c.started);
      const unitOid = worker.serviceUnitOids[0]!;
      const values: Partial<Record<Slot, string>> = {
        date: c.started,
        author: workerName,
        organization: county.name,
        recordOid: caseOid,
        unitOid,
        unitName: unitNameOf(world, unitOid),
        ...(temporary ? { tempSystem: c.temporaryId!.system } : {}),
      };
      members.forEach((m, k) => {
        values[`member${k}Family`] = m.familyName;
        values[`member${k}Given`] = m.givenNames;
        values[`member${k}Hetu`] = m.hetu ?? m.temporaryId!.value;
        values[`member${k}Birth`] = m.birthDate;
      });
      const filled = this.caseTemplate(task, members.length, temporary).fill(values);
      const recordedAt = at(c.started);
      const keys = members.map((m) => m.clientKey);
      this.document(
        b,
        {
          owner: c.clientKey,
          clients: keys,
          setId,
          versionOid: setId,
          status: 'active',
          reason: null,
          filled,
          registrarOid: county.oid,
          registerId: county.registerId,
          organizationOid: county.oid,
          unitOid,
          author: worker,
          caseOid,
          clienthoodOid: null,
          serviceTask: task,
          group: DOCUMENT_GROUP.case,
          type: '1505.2',
          structureOid: this.structure('1505.2').oid,
          date: c.started,
          language: 'fi',
          omakanta: '{}',
          recordedAt,
        },
        1,
        recordedAt,
        true,
      );
      b.recordDocuments++;
      b.caseLocator.push(caseOid, c.clientKey);
      b.careCase.push(
        c.clientKey,
        caseOid,
        county.oid,
        task,
        '1',
        c.started,
        null,
        members.length > 1,
        setId,
        1,
        unitOid,
      );
      for (const m of members) {
        b.caseMember.push(m.clientKey, caseOid, c.clientKey, c.started, null);
        b.careRelation.push(m.clientKey, county.oid, 'case', null, unitOid, task, c.started, caseOid);
      }
      this.audit(b, worker, 'case.open', c.clientKey, recordedAt, [{ setId, version: 1 }], STORE_RULE, req());
    }

    // Client documents, spread from the clienthood's start to today.
    const span = Math.max(1, daysBetween(c.started, world.today));
    const mixOf = TYPE_MIX[c.task];
    for (let k = 0; k < c.documents; k++) {
      const type = pickWeighted(rng(), mixOf);
      const def = this.structure(type);
      const date = shiftDays(c.started, Math.min(span - 1, Math.floor(((k + rng()) * span) / c.documents)));
      const byProducer =
        producerClienthood !== undefined && k % PRODUCER_SHARE === 0 && date >= producerStart;
      const org = byProducer ? producer : county;
      const author = byProducer ? producerWorker : worker;
      const lang: 'fi' | 'sv' = c.index % 20 === 11 ? 'sv' : 'fi';
      const shared = c.family !== undefined && type.startsWith('19') && !byProducer;
      const variant = Math.floor(rng() * 1_000_000);
      const template = this.templates.pool.get(def, task, lang, temporary, variant);
      const authorName = `${author.givenNames} ${author.familyName}`;
      const values: Partial<Record<Slot, string>> = {
        ...personal,
        date,
        authorFamily: author.familyName,
        authorGiven: author.givenNames,
        author: authorName,
        organization: org.name,
      };
      const setId = mint('document', org.oid, date);
      const recordedAt = at(date);
      const u = rng();
      const omakanta =
        u < 0.01 ? '{"specialContent":true}' : u < 0.03 ? `{"delayUntil":"${shiftDays(date, 30)}"}` : '{}';
      const row: DocumentRow = {
        owner: c.clientKey,
        // The owner first: the first client of a document owns its rows.
        clients: shared
          ? [c.clientKey, ...members.filter((m) => m !== c).map((m) => m.clientKey)]
          : [c.clientKey],
        setId,
        versionOid: setId,
        status: 'active',
        reason: null,
        filled: template.fill(values),
        registrarOid: org.oid,
        registerId: org.registerId,
        organizationOid: author.organizationOid,
        unitOid: author.serviceUnitOids[0]!,
        author,
        caseOid: byProducer ? null : caseOid,
        clienthoodOid: byProducer ? producerClienthood! : countyClienthood,
        serviceTask: task,
        group: DOCUMENT_GROUP.clientDocument,
        type,
        structureOid: def.oid,
        date,
        language: lang,
        omakanta,
        recordedAt,
      };
      // A few documents were corrected (a new version) or invalidated (a marked new version).
      const fate = rng();
      const revised = fate < 0.035;
      this.document(b, row, 1, recordedAt, !revised);
      this.audit(
        b,
        author,
        'document.store',
        c.clientKey,
        recordedAt,
        [{ setId, version: 1 }],
        STORE_RULE,
        req(),
      );
      if (revised) {
        const invalidated = fate < 0.005;
        const day = shiftDays(date, 1 + Math.floor(rng() * 20));
        const v2Day = earlier(day, world.today);
        const v2At = at(v2Day);
        const versionOid = mint('document', org.oid, v2Day);
        const reason = invalidated ? 'Kirjattu väärälle asiakkaalle.' : 'Korjattu kirjoitusvirhe.';
        const v2: DocumentRow = {
          ...row,
          versionOid,
          status: invalidated ? 'invalidated' : 'active',
          reason,
          // An invalidation keeps the content (and so its hash); its rendering gets the notice.
          filled: invalidated
            ? { ...row.filled, xhtml: markInvalidated(row.filled.xhtml, { lang, date: v2Day, reason }) }
            : this.templates.pool.get(def, task, lang, temporary, variant + 1).fill(values),
          recordedAt: later(v2At, recordedAt),
        };
        this.document(b, v2, 2, recordedAt, true);
        this.audit(
          b,
          author,
          invalidated ? 'document.invalidate' : 'document.correct',
          c.clientKey,
          v2.recordedAt,
          [{ setId, version: 2 }],
          STORE_RULE,
          req(),
        );
      }
      b.documents++;
    }
  }
}

/** ISO dates and timestamps compare as text. */
function earlier(a: string, b: string): string {
  return a.localeCompare(b) <= 0 ? a : b;
}

function later(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}

function unitNameOf(world: GenWorld, oid: string): string {
  for (const c of world.counties) {
    for (const u of [...c.units, ...c.producer.units]) if (u.oid === oid) return u.nameFi;
  }
  return oid;
}

async function seedReference(url: string, world: GenWorld): Promise<void> {
  const store = await openStore({ url, applicationRole: false, max: 2 });
  try {
    await store.transaction(async (tx) => {
      const orgs: (GenCounty | GenCounty['producer'])[] = world.counties.flatMap((c) => [c, c.producer]);
      for (const o of orgs) {
        await createOrganization(tx, { oid: o.oid, name: o.name, kind: o.kind, businessId: o.businessId });
        for (const u of o.units) await createServiceUnit(tx, u);
        await createRegister(tx, {
          id: o.registerId,
          registrarOid: o.oid,
          registerType: '1',
          name: o.registerName,
        });
      }
      const validFrom = shiftDays(world.today, -11 * 366);
      for (const p of world.professionals) {
        await createProfessional(tx, {
          id: p.id,
          login: p.login,
          givenNames: p.givenNames,
          familyName: p.familyName,
          ...(p.registrationNumber ? { registrationNumber: p.registrationNumber } : {}),
        });
        await grantRight(tx, {
          professionalId: p.id,
          organizationOid: p.organizationOid,
          serviceUnitOids: p.serviceUnitOids,
          role: p.role,
          serviceTasks: p.serviceTasks,
          validFrom,
          grantedBy: 'generate',
          reason: `generated world: ${p.title}`,
        });
      }
    });
  } finally {
    await store.close();
  }
}

/** Clients per batch: whole blocks (a family never straddles two batches), ~2,000 documents. */
function batchClients(docsPerClient: number): number {
  const perBlock = BLOCK * (docsPerClient + 2.2);
  return BLOCK * Math.max(1, Math.round(2000 / perBlock));
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  if (!Number.isInteger(options.clients) || options.clients < 1)
    throw new Error('generate: clients must be ≥ 1');
  if (!Number.isInteger(options.docsPerClient) || options.docsPerClient < 0)
    throw new Error('generate: docs per client must be ≥ 0');
  const seed = options.seed ?? 1;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const withAudit = options.audit ?? true;
  const world = planWorld({ clients: options.clients, seed, today });
  const codes = builtinCodeRegistry();
  const templates: Templates = {
    pool: new TemplatePool(codes, seed, options.variants ?? 8),
    clienthood: new Map(),
    cases: new Map(),
  };

  const pool = new pg.Pool({
    connectionString: options.url,
    max: (options.connections ?? 2) + 1,
    options: '-c TimeZone=UTC -c DateStyle=ISO',
  });
  pool.on('error', () => {});
  const lock = await pool.connect();
  let locked = false;
  try {
    const used = await lock.query<{ used: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM organization) OR EXISTS (SELECT 1 FROM document_locator) AS used',
    );
    if (used.rows[0]?.used) {
      throw new Error('generate: the database is not empty; generate into a fresh, migrated database');
    }
    await seedReference(options.url, world);
    // The audit chain heads stay locked for the whole run, so no other writer can interleave
    // entries into the chains this run continues; they are advanced in one update at the end.
    await lock.query('BEGIN');
    locked = true;
    const heads = (
      await lock.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM audit_chain_head ORDER BY chain FOR UPDATE',
      )
    ).rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
    const builder = new Builder(world, codes, templates, withAudit, heads);
    const factory = new ClientFactory(world, options.docsPerClient);
    const per = batchClients(options.docsPerClient);
    const connections = options.connections ?? 2;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let doneClients = 0;
    let documents = 0;
    let recordDocuments = 0;
    const timings = { buildSeconds: 0, insertSeconds: {} as Record<string, number> };
    for (let from = 0; from < options.clients; from += per) {
      if (failure) break;
      const tb = performance.now();
      const batch = builder.build(factory, from, Math.min(per, options.clients - from));
      timings.buildSeconds += (performance.now() - tb) / 1000;
      while (inFlight.size >= connections) await Promise.race(inFlight);
      const job = (async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          // Losing the last batches of a crashed generation is harmless; each commit need not wait for the disk.
          await client.query('SET LOCAL synchronous_commit = off');
          for (const t of batch.tables()) {
            const ti = performance.now();
            await t.insert(client);
            timings.insertSeconds[t.table] =
              (timings.insertSeconds[t.table] ?? 0) + (performance.now() - ti) / 1000;
          }
          await client.query('COMMIT');
          doneClients += batch.clients;
          documents += batch.documents;
          recordDocuments += batch.recordDocuments;
          options.onProgress?.({ clients: doneClients, totalClients: options.clients, documents });
        } catch (e) {
          await client.query('ROLLBACK').catch(() => {});
          failure ??= e;
        } finally {
          client.release();
        }
      })();
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    const finalHeads = builder.chainHeads;
    await lock.query(
      `UPDATE audit_chain_head h SET seq = t.seq, hash = t.hash
         FROM unnest($1::int[], $2::bigint[], $3::text[]) AS t(chain, seq, hash) WHERE h.chain = t.chain`,
      [finalHeads.map((_, i) => i), finalHeads.map((h) => h.seq), finalHeads.map((h) => h.hash)],
    );
    await lock.query('COMMIT');
    locked = false;
    // Fresh statistics, so the planner sees the generated volume at once.
    await lock.query('ANALYZE');
    return {
      world,
      clients: doneClients,
      documents,
      recordDocuments,
      versions: builder.versions,
      auditEntries: builder.auditEntries,
      templates: templates.pool.size + templates.clienthood.size + templates.cases.size,
      seconds: (performance.now() - t0) / 1000,
      timings,
    };
  } finally {
    if (locked) await lock.query('ROLLBACK').catch(() => {});
    lock.release();
    await pool.end();
  }
}
